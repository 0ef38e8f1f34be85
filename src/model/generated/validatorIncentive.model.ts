import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"

/**
 * Staking.ValidatorIncentivePaid (Asset Hub 2003000+) that touches the pool: the validator is a pool stash, or
 * the incentive is paid to a pool account (toPool). The KSM itself arrives by the Balances.Transfer from the
 * incentive pot beside it, which is indexed as any transfer into the pool is; this row records what it was.
 */
@Entity_()
export class ValidatorIncentive {
    constructor(props?: Partial<ValidatorIncentive>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    @Index_()
    @IntColumn_({nullable: false})
    era!: number

    @Index_()
    @StringColumn_({nullable: false})
    validator!: string

    /**
     * Staked | Stash | Controller | Account:<address> | None
     */
    @StringColumn_({nullable: false})
    dest!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    /**
     * paid to a pool account (the stash itself for Staked/Stash/Controller, else the Account destination)
     */
    @BooleanColumn_({nullable: false})
    toPool!: boolean

    @StringColumn_({nullable: true})
    extrinsicHash!: string | undefined | null

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
