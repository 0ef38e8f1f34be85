import { Arg, Int, Query, Resolver } from 'type-graphql'
import { page } from './paging'
import { Tx, UNSTAKE_COLUMNS, unstakeView } from './rows'
import { UnstakeQueueView } from './views'

@Resolver()
export class QueueResolver {
    constructor(private tx: Tx) {}

    @Query(() => UnstakeQueueView, { description: 'every unstake request at the live watermark, oldest first, with status and ETA' })
    async unstakeQueue(
        @Arg('limit', () => Int, { nullable: true }) limit?: number,
        @Arg('offset', () => Int, { nullable: true }) offset?: number,
    ): Promise<UnstakeQueueView> {
        const p = page(limit, offset)
        const em = await this.tx()
        const [live] = await em.query(`SELECT * FROM queue_report WHERE id = 'live'`)
        const requests = await em.query(`SELECT ${UNSTAKE_COLUMNS} FROM unstake_request ORDER BY queue_position LIMIT $1 OFFSET $2`, [p.limit, p.offset])
        // paged like the requests
        const unmatched = await em.query(`SELECT id, "to", amount, unmatched, "timestamp" FROM unmatched_outflow ORDER BY "timestamp", id LIMIT $1 OFFSET $2`, [p.limit, p.offset])
        return {
            watermark: live ? new Date(live.watermark) : undefined,
            requests: requests.map(unstakeView),
            unmatchedOutflows: unmatched.map((o: any) => ({
                id: o.id, to: o.to, amountPlanck: String(o.amount), unmatchedPlanck: String(o.unmatched), timestamp: new Date(o.timestamp),
            })),
            pendingOwedPlanck: String(live?.pending_owed_planck ?? 0),
            freePlanck: String(live?.free_planck ?? 0),
            refundablePlanck: String(live?.refundable_planck ?? 0),
            unbondingPlanck: String(live?.unbonding_planck ?? 0),
            toUnbondPlanck: String(live?.to_unbond_planck ?? 0),
            overdueCount: live?.overdue_count ?? 0,
            requestCount: live?.request_count ?? 0,
        }
    }
}
