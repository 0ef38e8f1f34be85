import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"

/**
 * A transfer from a non-pool account to a deposit address (SPEC §4.1): a fact. Its status and shares are the oracle's decision (DepositOutcome).
 */
@Entity_()
export class PoolDeposit {
    constructor(props?: Partial<PoolDeposit>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    /**
     * `<blockHeight>-<extrinsicIndex>` of the extrinsic that carried it
     */
    @Index_()
    @StringColumn_({nullable: false})
    extrinsicId!: string

    @Index_()
    @StringColumn_({nullable: false})
    extrinsicHash!: string

    @Index_()
    @StringColumn_({nullable: false})
    from!: string

    @StringColumn_({nullable: false})
    to!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @StringColumn_({nullable: false})
    blockHash!: string

    @Index_()
    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @IntColumn_({nullable: false})
    eventIndex!: number
}
