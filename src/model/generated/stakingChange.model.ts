import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"
import {StakingAction} from "./_stakingAction"

/**
 * Bonded, Unbonded and Withdrawn of a pool stash.
 */
@Entity_()
export class StakingChange {
    constructor(props?: Partial<StakingChange>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    @Index_()
    @Column_("varchar", {length: 9, nullable: false})
    action!: StakingAction

    @Index_()
    @StringColumn_({nullable: false})
    stash!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    /**
     * the active era when it happened (era_index + 1 of the last EraPaid; unlocking chunks of an Unbonded unlock at era + 28); null before the first EraPaid seen
     */
    @IntColumn_({nullable: true})
    activeEra!: number | undefined | null

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
