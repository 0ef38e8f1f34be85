import { Arg, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql'
import { page } from './paging'
import { Tx } from './rows'

/**
 * How well the unstake queue's ETAs held (SPEC §4.9): for each PAID request, the error between the ETA it
 * was first shown with (`first_eta`, recorded by the worker when the request first got an ETA) and when it
 * was paid. error = paidAt − firstEta in seconds: positive = paid later than first promised.
 */
@ObjectType()
export class EtaAccuracyRequest {
    @Field() id!: string
    @Field() requestedAt!: Date
    @Field() firstEta!: Date
    @Field() paidAt!: Date
    @Field(() => Float, { description: 'paidAt − firstEta, seconds (positive: late)' }) errorSeconds!: number
}

@ObjectType()
export class EtaAccuracyView {
    @Field(() => Int, { description: 'requests PAID' }) paidCount!: number
    @Field(() => Int, { description: 'PAID requests that were shown an ETA before being paid (the ones measured)' }) measuredCount!: number
    @Field(() => Float, { nullable: true, description: 'median of errorSeconds over the measured requests' }) medianErrorSeconds?: number
    @Field(() => Float, { nullable: true, description: 'the error of largest magnitude, with its sign' }) worstErrorSeconds?: number
    @Field(() => Int, { description: 'measured requests paid after their first ETA' }) lateCount!: number
    @Field(() => [EtaAccuracyRequest], { description: 'the measured requests, most recently paid first (paged)' }) requests!: EtaAccuracyRequest[]
}

const ERROR = `extract(epoch FROM paid_at - first_eta)::float8`
const MEASURED = `status = 'PAID' AND paid_at IS NOT NULL AND first_eta IS NOT NULL`

@Resolver()
export class DashboardEtaAccuracyResolver {
    constructor(private tx: Tx) {}

    @Query(() => EtaAccuracyView, { description: 'the ETA first shown vs when paid, over every PAID unstake request' })
    async etaAccuracy(
        @Arg('limit', () => Int, { nullable: true }) limit?: number,
        @Arg('offset', () => Int, { nullable: true }) offset?: number,
    ): Promise<EtaAccuracyView> {
        const p = page(limit, offset)
        const em = await this.tx()
        const [s] = await em.query(
            `SELECT count(*) FILTER (WHERE status = 'PAID')::int AS paid,
                    count(*) FILTER (WHERE ${MEASURED})::int AS measured,
                    count(*) FILTER (WHERE ${MEASURED} AND paid_at > first_eta)::int AS late,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ERROR}) FILTER (WHERE ${MEASURED}) AS median,
                    (SELECT ${ERROR} FROM unstake_request WHERE ${MEASURED} ORDER BY abs(${ERROR}) DESC, id LIMIT 1) AS worst
             FROM unstake_request`)
        const rows = await em.query(
            `SELECT id, requested_at, first_eta, paid_at, ${ERROR} AS error FROM unstake_request WHERE ${MEASURED}
             ORDER BY paid_at DESC, id LIMIT $1 OFFSET $2`, [p.limit, p.offset])
        return {
            paidCount: s.paid, measuredCount: s.measured, lateCount: s.late,
            medianErrorSeconds: s.median ?? undefined, worstErrorSeconds: s.worst ?? undefined,
            requests: rows.map((r: any) => ({
                id: r.id, requestedAt: new Date(r.requested_at), firstEta: new Date(r.first_eta), paidAt: new Date(r.paid_at), errorSeconds: r.error,
            })),
        }
    }
}
