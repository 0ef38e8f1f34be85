import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * Shares credited to a CREDITED deposit at the previous period's ratio (SPEC §4.3). id = the deposit id.
 */
@Entity_()
export class DepositCredit {
    constructor(props?: Partial<DepositCredit>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    account!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @BigIntColumn_({nullable: false})
    shares!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    period!: number

    /**
     * R_{D-1} used for the credit
     */
    @BigIntColumn_({nullable: false})
    ratio!: bigint
}
