import { createHash } from 'crypto'
import { Client } from 'pg'

const DAY = 86400

/**
 * SPEC §4.6 inputsHash, recomputed from the domain event tables: sha256 of the sorted ids of the
 * ledger events of [from, to) and of the RatioUpdate in force at `to` (it feeds ONCHAIN_DRIFT),
 * joined by '\n' (the product's documented encoding of "sorted ids").
 */
export async function inputsHashOf(db: Client, from: number, to: number): Promise<string> {
    const ids: string[] = []
    for (const t of ['pool_deposit', 'staking_reward', 'slash', 'burn']) {
        const r = await db.query(`SELECT id FROM ${t} WHERE "timestamp" >= $1 AND "timestamp" < $2`, [new Date(from), new Date(to)])
        ids.push(...r.rows.map(x => x.id))
    }
    const ru = await db.query(`SELECT id FROM ratio_update WHERE "timestamp" < $1 ORDER BY "timestamp" DESC, block_height DESC, log_index DESC LIMIT 1`, [new Date(to)])
    if (ru.rows.length) ids.push(ru.rows[0].id)
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const events = createHash('sha256').update(ids.join('\n'), 'utf8').digest('hex')
    // §4.14: the readings stored for the period (Kusama's, then Ethereum's) are hashed in too
    const rd = await db.query(`SELECT chain, "values" FROM reserves_reading WHERE period = $1 ORDER BY chain DESC`, [Math.floor(from / (DAY * 1000))])
    if (rd.rows.length === 0) return events
    const digest = createHash('sha256').update(rd.rows.map(r => r.values).join('\n'), 'utf8').digest('hex')
    return createHash('sha256').update(`${events}\n${digest}`, 'utf8').digest('hex')
}
