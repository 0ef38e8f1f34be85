import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, DateTimeColumn as DateTimeColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * The unstake queue at a period's end (id = period label) or at the live watermark (id = live).
 */
@Entity_()
export class QueueReport {
    constructor(props?: Partial<QueueReport>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @DateTimeColumn_({nullable: false})
    watermark!: Date

    @BigIntColumn_({nullable: false})
    pendingOwedPlanck!: bigint

    @BigIntColumn_({nullable: false})
    invalidRecipientOwedPlanck!: bigint

    /**
     * free balance of the pool accounts less refundablePlanck
     */
    @BigIntColumn_({nullable: false})
    freePlanck!: bigint

    /**
     * unrefunded planck of BELOW_MINIMUM and HELD deposits (owed back to their senders)
     */
    @BigIntColumn_({nullable: false})
    refundablePlanck!: bigint

    @BigIntColumn_({nullable: false})
    unbondingPlanck!: bigint

    /**
     * active bonded stake of the stashes (SPEC §4.9)
     */
    @BigIntColumn_({nullable: false})
    bondedPlanck!: bigint

    @BigIntColumn_({nullable: false})
    toUnbondPlanck!: bigint

    @IntColumn_({nullable: false})
    overdueCount!: number

    @IntColumn_({nullable: false})
    requestCount!: number
}
