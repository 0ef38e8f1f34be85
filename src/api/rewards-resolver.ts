import { Arg, Query, Resolver } from 'type-graphql'
import { loadProfile } from '../config/profile'
import { BadRequest } from './paging'
import { finalizedHeights, Tx } from './rows'
import { RewardGroup } from './views'

const KEYS: Record<string, string> = {
    DAY: `to_char(r."timestamp" AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    ERA: `coalesce(r.era::text, 'unknown')`,
    VALIDATOR: `coalesce(r.validator, 'unknown')`,
    STASH: 'r.stash',
}

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
        const key = KEYS[groupBy]
        if (!key) throw new BadRequest(`groupBy must be one of ${Object.keys(KEYS).join(', ')}, got ${groupBy}`)
        const em = await this.tx()
        const { kusama } = await finalizedHeights(em)
        const rows = await em.query(
            `SELECT ${key} AS key, sum(r.amount) AS gross, sum(floor(r.amount * $1 / 10000)) AS fee, count(*)::int AS count
             FROM staking_reward r WHERE r.block_height <= $2 AND ($3::timestamptz IS NULL OR r."timestamp" >= $3)
             AND ($4::timestamptz IS NULL OR r."timestamp" < $4) GROUP BY 1 ORDER BY 1 LIMIT 10000`,
            [this.feeBps, kusama, from ?? null, to ?? null])
        return rows.map((r: any) => {
            const gross = BigInt(r.gross)
            const fee = BigInt(r.fee)
            return { key: r.key, grossPlanck: gross.toString(), feePlanck: fee.toString(), netPlanck: (gross - fee).toString(), count: r.count }
        })
    }
}
