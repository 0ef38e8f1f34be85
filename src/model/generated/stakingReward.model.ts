import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"

/**
 * Staking.Reward / Rewarded of a pool stash, attributed to the payout it belongs to.
 */
@Entity_()
export class StakingReward {
    constructor(props?: Partial<StakingReward>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    @Index_()
    @StringColumn_({nullable: false})
    stash!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    /**
     * Staked | Stash | Controller | Account:<address> | None; null for runtimes before `dest` existed
     */
    @StringColumn_({nullable: true})
    dest!: string | undefined | null

    /**
     * validator stash of the payout (PayoutStarted of the same extrinsic, else the payout_stakers call)
     */
    @Index_()
    @StringColumn_({nullable: true})
    validator!: string | undefined | null

    /**
     * era of the payout
     */
    @Index_()
    @IntColumn_({nullable: true})
    era!: number | undefined | null

    /**
     * page of a paged payout (PayoutStarted.page, else payout_stakers_by_page's page); null where the runtime had no pages
     */
    @IntColumn_({nullable: true})
    payoutPage!: number | undefined | null

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
