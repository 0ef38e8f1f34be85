import { ClientBase } from 'pg'
import { planck, ratio, shares } from '../../domain/units'
import { DomainEvent } from '../core'
import { Finality } from './finality'

/**
 * Reads the finalized domain events of both chains with timestamps in [from, to) and maps the
 * rows to the core's event types. Finalized = at or below each chain's processor status height:
 * rows of hot blocks may be rolled back and never feed the oracle (SPEC §3).
 */
type Row = Record<string, any>
const ms = (t: Date | string) => new Date(t).getTime()
// the time as epoch milliseconds from SQL: parsing a million timestamps into Dates dominated loading
const TS = `(extract(epoch FROM "timestamp") * 1000)::int8 AS ts`
const int = (x: string | null) => (x == null ? null : Number(x))

interface Source {
    table: string
    chain: 'kusama' | 'ethereum'
    columns: string
    map: (r: Row) => DomainEvent
}

const SOURCES: Source[] = [
    {
        table: 'pool_deposit', chain: 'kusama', columns: `id, ${TS}, "from", "to", amount, status`,
        map: r => ({ type: 'Deposit', id: r.id, timestamp: Number(r.ts), from: r.from, to: r.to, amount: planck(BigInt(r.amount)), status: r.status }),
    },
    {
        table: 'staking_reward', chain: 'kusama', columns: `id, ${TS}, stash, amount, dest, validator, era`,
        map: r => ({ type: 'Reward', id: r.id, timestamp: Number(r.ts), stash: r.stash, amount: planck(BigInt(r.amount)), dest: r.dest, validator: r.validator, era: int(r.era) }),
    },
    {
        table: 'slash', chain: 'kusama', columns: `id, ${TS}, stash, amount`,
        map: r => ({ type: 'Slash', id: r.id, timestamp: Number(r.ts), stash: r.stash, amount: planck(BigInt(r.amount)) }),
    },
    {
        table: 'pool_transfer', chain: 'kusama', columns: `id, ${TS}, kind, "from", "to", amount`,
        map: r => ({ type: 'PoolTransfer', id: r.id, timestamp: Number(r.ts), kind: r.kind, from: r.from, to: r.to, amount: planck(BigInt(r.amount)) }),
    },
    {
        table: 'staking_change', chain: 'kusama', columns: `id, ${TS}, action, stash, amount, active_era`,
        map: r => ({ type: 'StakingChange', id: r.id, timestamp: Number(r.ts), action: r.action, stash: r.stash, amount: planck(BigInt(r.amount)), activeEra: int(r.active_era) }),
    },
    {
        table: 'era_paid', chain: 'kusama', columns: `id, ${TS}, era`,
        map: r => ({ type: 'EraPaid', id: r.id, timestamp: Number(r.ts), era: Number(r.era) }),
    },
    {
        table: 'pool_fee', chain: 'kusama', columns: `id, ${TS}, account, amount`,
        map: r => ({ type: 'PoolFee', id: r.id, timestamp: Number(r.ts), account: r.account, amount: planck(BigInt(r.amount)) }),
    },
    {
        table: 'burn', chain: 'ethereum', columns: `id, ${TS}, account, recipient, recipient_status, shares, owed_planck`,
        map: r => ({
            type: 'Burn', id: r.id, timestamp: Number(r.ts), ethAccount: r.account, recipient: r.recipient,
            recipientStatus: r.recipient_status, shares: shares(BigInt(r.shares)), owedPlanck: planck(BigInt(r.owed_planck)),
        }),
    },
    {
        table: 'ratio_update', chain: 'ethereum', columns: `id, ${TS}, ratio`,
        map: r => ({ type: 'RatioUpdate', id: r.id, timestamp: Number(r.ts), ratio: ratio(BigInt(r.ratio)) }),
    },
]


export async function loadEvents(db: ClientBase, finality: Finality, from: number | null, to: number): Promise<DomainEvent[]> {
    const out: DomainEvent[] = []
    for (const s of SOURCES) {
        const height = finality[s.chain].height
        const res = await db.query(
            `SELECT ${s.columns} FROM ${s.table} WHERE block_height <= $1 AND "timestamp" < $2 ${from == null ? '' : 'AND "timestamp" >= $3'}`,
            from == null ? [height, new Date(to)] : [height, new Date(to), new Date(from)])
        for (const r of res.rows) out.push(s.map(r))
    }
    return out
}

/** Time of the first Deposit of any status that is final, or null. */
export async function firstDepositTime(db: ClientBase, finality: Finality): Promise<number | null> {
    const res = await db.query('SELECT min("timestamp") AS t FROM pool_deposit WHERE block_height <= $1', [finality.kusama.height])
    return res.rows[0]?.t == null ? null : ms(res.rows[0].t)
}
