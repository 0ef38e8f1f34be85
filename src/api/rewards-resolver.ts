import { Arg, Query, Resolver } from 'type-graphql'
import { loadProfile } from '../config/profile'
import { BadRequest } from './paging'
import { planck } from '../domain/units'
import { rewardFee } from '../oracle/shared-rules'
import { finalizedHeights, Tx } from './rows'
import { kusamaFinalSql } from '../db/processor-status'
import { RewardGroup } from './views'

export const REWARD_GROUP_KEYS: Record<string, string> = {
    DAY: `to_char(r."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    ERA: `coalesce(r.era::text, 'unknown')`,
    VALIDATOR: `coalesce(r.validator, 'unknown')`,
    STASH: 'r.stash',
}

const MAX_GROUPS = 10_000

@Resolver()
export class RewardsResolver {
    private feeBps = loadProfile().oracle.feeBps

    constructor(private tx: Tx) {}

    @Query(() => [RewardGroup], { description: 'finalized rewards of the pool stashes grouped by DAY | ERA | VALIDATOR | STASH, in [from, to); fee per reward floor(g·feeBps/10000)' })
    async rewards(
        @Arg('groupBy') groupBy: string,
        @Arg('from', { nullable: true }) from?: Date,
        @Arg('to', { nullable: true }) to?: Date,
    ): Promise<RewardGroup[]> {
        const key = REWARD_GROUP_KEYS[groupBy]
        if (!key) throw new BadRequest(`groupBy must be one of ${Object.keys(REWARD_GROUP_KEYS).join(', ')}, got ${groupBy}`)
        const em = await this.tx()
        const { kusama, kusamaAssetHub } = await finalizedHeights(em)
        // grouped by (key, amount): every reward of a group has the same fee, so the fee rule
        // (shared-rules: one home, per reward) is applied once per distinct amount, exactly
        const rows = await em.query(
            `SELECT ${key} AS key, r.amount::text AS amount, count(*)::int AS count
             FROM staking_reward r WHERE ${kusamaFinalSql('r', 1)} AND ($3::timestamptz IS NULL OR r."timestamp" >= $3)
             AND ($4::timestamptz IS NULL OR r."timestamp" < $4) GROUP BY 1, 2 ORDER BY 1`,
            [kusama, kusamaAssetHub, from ?? null, to ?? null])
        const groups = new Map<string, { gross: bigint; fee: bigint; count: number }>()
        for (const r of rows) {
            const g = groups.get(r.key) ?? { gross: 0n, fee: 0n, count: 0 }
            const amount = planck(BigInt(r.amount))
            g.gross += amount * BigInt(r.count)
            g.fee += rewardFee(amount, this.feeBps) * BigInt(r.count)
            g.count += r.count
            groups.set(r.key, g)
        }
        if (groups.size > MAX_GROUPS) throw new BadRequest(`${groups.size} groups: narrow the range (at most ${MAX_GROUPS})`)
        return [...groups.entries()].map(([key, g]) => ({
            key, grossPlanck: g.gross.toString(), feePlanck: g.fee.toString(), netPlanck: (g.gross - g.fee).toString(), count: g.count,
        }))
    }
}
