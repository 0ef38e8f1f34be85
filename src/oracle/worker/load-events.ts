import { ClientBase } from 'pg'
import { planck, ratio, shares } from '../../domain/units'
import { DomainEvent } from '../core'
import { Finality } from './finality'

/**
 * Reads the finalized domain events of both chains with timestamps in [from, to) and maps the
 * rows to the core's event types. Finalized = at or below each chain's processor status height:
 * rows of hot blocks may be rolled back and never feed the oracle (SPEC §3).
 */
type Row = any[]
const ms = (t: Date | string) => new Date(t).getTime()
// the time as epoch milliseconds from SQL: parsing a million timestamps into Dates dominated loading
const TS = `(extract(epoch FROM "timestamp") * 1000)::int8`
const int = (x: string | null) => (x == null ? null : Number(x))

interface Source {
    table: string
    chain: 'kusama' | 'ethereum'
    /** selected in this order; rows come back as arrays (no object per row: a million rows are read at a restart) */
    columns: string
    map: (r: Row) => DomainEvent
}

const SOURCES: Source[] = [
    {
        table: 'pool_deposit', chain: 'kusama', columns: `id, ${TS}, "from", "to", amount, status`,
        map: r => ({ type: 'Deposit', id: r[0], timestamp: Number(r[1]), from: r[2], to: r[3], amount: planck(BigInt(r[4])), status: r[5] }),
    },
    {
        table: 'staking_reward', chain: 'kusama', columns: `id, ${TS}, stash, amount, dest, validator, era`,
        map: r => ({ type: 'Reward', id: r[0], timestamp: Number(r[1]), stash: r[2], amount: planck(BigInt(r[3])), dest: r[4], validator: r[5], era: int(r[6]) }),
    },
    {
        table: 'slash', chain: 'kusama', columns: `id, ${TS}, stash, amount`,
        map: r => ({ type: 'Slash', id: r[0], timestamp: Number(r[1]), stash: r[2], amount: planck(BigInt(r[3])) }),
    },
    {
        table: 'pool_transfer', chain: 'kusama', columns: `id, ${TS}, kind, "from", "to", amount`,
        map: r => ({ type: 'PoolTransfer', id: r[0], timestamp: Number(r[1]), kind: r[2], from: r[3], to: r[4], amount: planck(BigInt(r[5])) }),
    },
    {
        table: 'staking_change', chain: 'kusama', columns: `id, ${TS}, action, stash, amount, active_era`,
        map: r => ({ type: 'StakingChange', id: r[0], timestamp: Number(r[1]), action: r[2], stash: r[3], amount: planck(BigInt(r[4])), activeEra: int(r[5]) }),
    },
    {
        table: 'era_paid', chain: 'kusama', columns: `id, ${TS}, era`,
        map: r => ({ type: 'EraPaid', id: r[0], timestamp: Number(r[1]), era: Number(r[2]) }),
    },
    {
        table: 'pool_fee', chain: 'kusama', columns: `id, ${TS}, account, amount`,
        map: r => ({ type: 'PoolFee', id: r[0], timestamp: Number(r[1]), account: r[2], amount: planck(BigInt(r[3])) }),
    },
    {
        table: 'burn', chain: 'ethereum', columns: `id, ${TS}, account, recipient, recipient_status, shares, owed_planck`,
        map: r => ({
            type: 'Burn', id: r[0], timestamp: Number(r[1]), ethAccount: r[2], recipient: r[3],
            recipientStatus: r[4], shares: shares(BigInt(r[5])), owedPlanck: planck(BigInt(r[6])),
        }),
    },
    {
        table: 'ratio_update', chain: 'ethereum', columns: `id, ${TS}, ratio`,
        map: r => ({ type: 'RatioUpdate', id: r[0], timestamp: Number(r[1]), ratio: ratio(BigInt(r[2])) }),
    },
]


export async function loadEvents(db: ClientBase, finality: Finality, from: number | null, to: number): Promise<DomainEvent[]> {
    const out: DomainEvent[] = []
    for (const s of SOURCES) {
        const height = finality[s.chain].height
        const res = await db.query<Row>({
            text: `SELECT ${s.columns} FROM ${s.table} WHERE block_height <= $1 AND "timestamp" < $2 ${from == null ? '' : 'AND "timestamp" >= $3'}`,
            values: from == null ? [height, new Date(to)] : [height, new Date(to), new Date(from)],
            rowMode: 'array',
        })
        for (const r of res.rows) out.push(s.map(r))
    }
    return out
}

/** Time of the first Deposit of any status that is final, or null. */
export async function firstDepositTime(db: ClientBase, finality: Finality): Promise<number | null> {
    const res = await db.query('SELECT min("timestamp") AS t FROM pool_deposit WHERE block_height <= $1', [finality.kusama.height])
    return res.rows[0]?.t == null ? null : ms(res.rows[0].t)
}
