import { Arg, Field, Int, ObjectType, Query, Resolver } from 'type-graphql'
import { loadProfile } from '../config/profile'
import { planck } from '../domain/units'
import { rewardFee } from '../oracle/shared-rules'
import { BadRequest } from './paging'
import { REWARD_GROUP_KEYS } from './rewards-resolver'
import { finalizedHeights, Tx } from './rows'
import { kusamaFinalSql } from '../db/processor-status'

/**
 * The dashboard's Rewards page as series over UTC days: rewards per (day, era | validator | stash), so
 * a chart can stack validators day by day, and the pool's slashes per day to mark them. `rewards`
 * (rewards-resolver.ts) gives the totals per key; these give the same numbers spread over days.
 * Finalized Kusama rows only, like `rewards`.
 */
@ObjectType()
export class RewardSeriesPoint {
    @Field({ description: 'UTC day of the reward, e.g. 2026-01-06' }) day!: string
    @Field({ description: 'the era, validator or stash ("unknown" when the payout did not name it)' }) key!: string
    @Field() grossPlanck!: string
    @Field() feePlanck!: string
    @Field() netPlanck!: string
    @Field(() => Int) count!: number
}

@ObjectType()
export class SlashDay {
    @Field({ description: 'UTC day of the slashes' }) day!: string
    @Field() amountPlanck!: string
    @Field(() => Int) count!: number
}

const SERIES_KEYS = ['ERA', 'VALIDATOR', 'STASH']
const DAY = `to_char(r."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`
const MAX_POINTS = 10_000

@Resolver()
export class DashboardRewardSeriesResolver {
    private feeBps = loadProfile().oracle.feeBps

    constructor(private tx: Tx) {}

    @Query(() => [RewardSeriesPoint], { description: 'finalized rewards per UTC day and ERA | VALIDATOR | STASH in [from, to), day then key ascending; fee per reward floor(g·feeBps/10000)' })
    async rewardSeries(
        @Arg('groupBy') groupBy: string,
        @Arg('from', { nullable: true }) from?: Date,
        @Arg('to', { nullable: true }) to?: Date,
    ): Promise<RewardSeriesPoint[]> {
        if (!SERIES_KEYS.includes(groupBy)) throw new BadRequest(`groupBy must be one of ${SERIES_KEYS.join(', ')}, got ${groupBy}`)
        const em = await this.tx()
        const { kusama, kusamaAssetHub } = await finalizedHeights(em)
        // grouped by amount too: the fee rule (one home, per reward) is applied once per distinct amount, exactly
        const rows = await em.query(
            `SELECT ${DAY} AS day, ${REWARD_GROUP_KEYS[groupBy]} AS key, r.amount::text AS amount, count(*)::int AS count
             FROM staking_reward r WHERE ${kusamaFinalSql('r', 1)} AND ($3::timestamptz IS NULL OR r."timestamp" >= $3)
             AND ($4::timestamptz IS NULL OR r."timestamp" < $4) GROUP BY 1, 2, 3`,
            [kusama, kusamaAssetHub, from ?? null, to ?? null])
        const points = this.sumPerDayAndKey(rows)
        if (points.length > MAX_POINTS) throw new BadRequest(`${points.length} points: narrow the range (at most ${MAX_POINTS})`)
        return points
    }

    @Query(() => [SlashDay], { description: 'finalized slashes of the pool stashes per UTC day in [from, to), oldest first' })
    async slashSeries(
        @Arg('from', { nullable: true }) from?: Date,
        @Arg('to', { nullable: true }) to?: Date,
    ): Promise<SlashDay[]> {
        const em = await this.tx()
        const { kusama, kusamaAssetHub } = await finalizedHeights(em)
        const rows = await em.query(
            `SELECT ${DAY} AS day, sum(r.amount)::text AS amount, count(*)::int AS count
             FROM slash r WHERE ${kusamaFinalSql('r', 1)} AND ($3::timestamptz IS NULL OR r."timestamp" >= $3)
             AND ($4::timestamptz IS NULL OR r."timestamp" < $4) GROUP BY 1 ORDER BY 1 LIMIT ${MAX_POINTS}`,
            [kusama, kusamaAssetHub, from ?? null, to ?? null])
        return rows.map((r: any) => ({ day: r.day, amountPlanck: r.amount, count: r.count }))
    }

    private sumPerDayAndKey(rows: { day: string; key: string; amount: string; count: number }[]): RewardSeriesPoint[] {
        const groups = new Map<string, { day: string; key: string; gross: bigint; fee: bigint; count: number }>()
        for (const r of rows) {
            const id = `${r.day}\u0000${r.key}`
            const g = groups.get(id) ?? { day: r.day, key: r.key, gross: 0n, fee: 0n, count: 0 }
            const amount = planck(BigInt(r.amount))
            g.gross += amount * BigInt(r.count)
            g.fee += rewardFee(amount, this.feeBps) * BigInt(r.count)
            g.count += r.count
            groups.set(id, g)
        }
        return [...groups.values()]
            .sort((a, b) => a.day.localeCompare(b.day) || compareKeys(a.key, b.key))
            .map(g => ({ day: g.day, key: g.key, grossPlanck: g.gross.toString(), feePlanck: g.fee.toString(), netPlanck: (g.gross - g.fee).toString(), count: g.count }))
    }
}

/** eras sort as numbers, names as text */
function compareKeys(a: string, b: string): number {
    const [x, y] = [Number(a), Number(b)]
    return Number.isInteger(x) && Number.isInteger(y) ? x - y : a.localeCompare(b)
}
