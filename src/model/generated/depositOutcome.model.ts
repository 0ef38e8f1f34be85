import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {DepositStatus} from "./_depositStatus"

/**
 * The oracle's decision on a final deposit (SPEC §4.1, §4.3), written as soon as report D-1 exists (D = the deposit's period). id = the deposit id.
 */
@Entity_()
export class DepositOutcome {
    constructor(props?: Partial<DepositOutcome>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    account!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @Index_()
    @Column_("varchar", {length: 13, nullable: false})
    status!: DepositStatus

    /**
     * shares credited at R_{D-1}; 0 unless CREDITED
     */
    @BigIntColumn_({nullable: false})
    shares!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    period!: number

    /**
     * R_{D-1} the deposit was decided at
     */
    @BigIntColumn_({nullable: false})
    ratio!: bigint

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    /**
     * the outflow that refunded a BELOW_MINIMUM or HELD deposit (indexed: an account's history joins each payout to the deposit it refunded)
     */
    @Index_()
    @StringColumn_({nullable: true})
    refundOutflowId!: string | undefined | null

    @DateTimeColumn_({nullable: true})
    refundedAt!: Date | undefined | null
}
