import { ClientBase } from 'pg'
import { bond, planck, ratio, shares } from '../../domain/units'
import { burnEvent, DomainEvent } from '../core'
import { Finality } from './finality'

/**
 * Reads the finalized domain events of both chains with timestamps in [from, to) and maps the
 * rows to the core's event types. Finalized = at or below each chain's processor status height:
 * rows of hot blocks may be rolled back and never feed the oracle (SPEC §3). Rows are facts; the
 * core decides what they mean (a burn's terms through `burnEvent`, a deposit's status in the report).
 * Every event carries its chain position (block height, event or log index) for the canonical order.
 */
type Row = any[]
const ms = (t: Date | string) => new Date(t).getTime()
// the time as epoch milliseconds from SQL: parsing a million timestamps into Dates dominated loading
const TS = `(extract(epoch FROM "timestamp") * 1000)::int8`
const int = (x: string | null) => (x == null ? null : Number(x))
/** the first three columns of every source: id, time, then the chain position */
const KUSAMA_POS = `id, ${TS}, block_height, event_index`
const ETH_POS = `id, ${TS}, block_height, log_index`
// rows map to events without spreads: a million objects are built at a restart
const at = (chain: 'kusama' | 'ethereum', r: Row) => ({ id: r[0] as string, timestamp: Number(r[1]), chain, height: r[2] as number, index: r[3] as number })

interface Source {
    table: string
    chain: 'kusama' | 'ethereum'
    /** selected in this order; rows come back as arrays (no object per row: a million rows are read at a restart) */
    columns: string
    map: (r: Row) => DomainEvent
}

const SOURCES: Source[] = [
    {
        table: 'pool_deposit', chain: 'kusama', columns: `${KUSAMA_POS}, "from", "to", amount`,
        map: r => ({ type: 'Deposit', id: r[0], timestamp: Number(r[1]), chain: 'kusama', height: r[2], index: r[3], from: r[4], to: r[5], amount: planck(BigInt(r[6])) }),
    },
    {
        table: 'staking_reward', chain: 'kusama', columns: `${KUSAMA_POS}, stash, amount, dest, validator, era`,
        map: r => ({ type: 'Reward', id: r[0], timestamp: Number(r[1]), chain: 'kusama', height: r[2], index: r[3], stash: r[4], amount: planck(BigInt(r[5])), dest: r[6], validator: r[7], era: int(r[8]) }),
    },
    {
        table: 'slash', chain: 'kusama', columns: `${KUSAMA_POS}, stash, amount`,
        map: r => ({ type: 'Slash', id: r[0], timestamp: Number(r[1]), chain: 'kusama', height: r[2], index: r[3], stash: r[4], amount: planck(BigInt(r[5])) }),
    },
    {
        table: 'pool_transfer', chain: 'kusama', columns: `${KUSAMA_POS}, kind, "from", "to", amount`,
        map: r => ({ type: 'PoolTransfer', id: r[0], timestamp: Number(r[1]), chain: 'kusama', height: r[2], index: r[3], kind: r[4], from: r[5], to: r[6], amount: planck(BigInt(r[7])) }),
    },
    {
        table: 'staking_change', chain: 'kusama', columns: `${KUSAMA_POS}, action, stash, amount, active_era`,
        map: r => ({ type: 'StakingChange', id: r[0], timestamp: Number(r[1]), chain: 'kusama', height: r[2], index: r[3], action: r[4], stash: r[5], amount: planck(BigInt(r[6])), activeEra: int(r[7]) }),
    },
    {
        table: 'era_paid', chain: 'kusama', columns: `${KUSAMA_POS}, era`,
        map: r => ({ type: 'EraPaid', id: r[0], timestamp: Number(r[1]), chain: 'kusama', height: r[2], index: r[3], era: Number(r[4]) }),
    },
    {
        table: 'pool_fee', chain: 'kusama', columns: `${KUSAMA_POS}, account, amount`,
        map: r => ({ type: 'PoolFee', id: r[0], timestamp: Number(r[1]), chain: 'kusama', height: r[2], index: r[3], account: r[4], amount: planck(BigInt(r[5])) }),
    },
    {
        table: 'burn', chain: 'ethereum', columns: `${ETH_POS}, account, revision, shares, amount, ratio, recipient_raw`,
        map: r => burnEvent({
            ...at('ethereum', r), ethAccount: r[4], revision: r[5], shares: shares(BigInt(r[6])),
            amount: r[7] == null ? null : bond(BigInt(r[7])), chainRatio: ratio(BigInt(r[8])), recipientRaw: r[9],
        }),
    },
    {
        table: 'claim', chain: 'ethereum', columns: `${ETH_POS}, account, shares`,
        map: r => ({ type: 'Claim', id: r[0], timestamp: Number(r[1]), chain: 'ethereum', height: r[2], index: r[3], account: r[4], shares: shares(BigInt(r[5])) }),
    },
    {
        table: 'ratio_update', chain: 'ethereum', columns: `${ETH_POS}, ratio`,
        map: r => ({ type: 'RatioUpdate', id: r[0], timestamp: Number(r[1]), chain: 'ethereum', height: r[2], index: r[3], ratio: ratio(BigInt(r[4])) }),
    },
]


export async function loadEvents(db: ClientBase, finality: Finality, from: number | null, to: number): Promise<DomainEvent[]> {
    const out: DomainEvent[] = []
    for (const s of SOURCES) {
        const { where, values } = finalRows(s.chain, finality, [new Date(to), ...(from == null ? [] : [new Date(from)])])
        const res = await db.query<Row>({
            text: `SELECT ${s.columns} FROM ${s.table} WHERE ${where} AND "timestamp" < $1 ${from == null ? '' : 'AND "timestamp" >= $2'}`,
            values,
            rowMode: 'array',
        })
        for (const r of res.rows) out.push(s.map(r))
    }
    return out
}

/**
 * The rows final in their own part: Kusama rows by their `chain` column (the relay's or Asset Hub's
 * processor height, SPEC §4.13), Ethereum rows by its processor's height. `values` are the caller's
 * parameters ($1…) followed by the heights.
 */
export function finalRows(chain: 'kusama' | 'ethereum', finality: Finality, values: unknown[]): { where: string; values: unknown[] } {
    const n = values.length
    if (chain === 'ethereum') return { where: `block_height <= $${n + 1}`, values: [...values, finality.ethereum.height] }
    if (finality.assetHub == null) return { where: `block_height <= $${n + 1}`, values: [...values, finality.kusama.height] }
    return {
        where: `((chain = 'KUSAMA' AND block_height <= $${n + 1}) OR (chain = 'KUSAMA_ASSET_HUB' AND block_height <= $${n + 2}))`,
        values: [...values, finality.kusama.height, finality.assetHub.height],
    }
}

/**
 * Final Kusama deposits with timestamps in [from, to), whatever the Ethereum head: a deposit is
 * decided as soon as its block is final and report D−1 exists (SPEC §4.3), before D's watermark.
 */
export async function loadFinalDeposits(db: ClientBase, finality: Finality, from: number, to: number): Promise<DomainEvent[]> {
    const s = SOURCES[0]
    const { where, values } = finalRows('kusama', finality, [new Date(from), new Date(to)])
    const res = await db.query<Row>({
        text: `SELECT ${s.columns} FROM ${s.table} WHERE ${where} AND "timestamp" >= $1 AND "timestamp" < $2`,
        values,
        rowMode: 'array',
    })
    return res.rows.map(s.map)
}

/** Time of the first final Deposit (whatever the oracle decides about it), or null. */
export async function firstDepositTime(db: ClientBase, finality: Finality): Promise<number | null> {
    const { where, values } = finalRows('kusama', finality, [])
    const res = await db.query(`SELECT min("timestamp") AS t FROM pool_deposit WHERE ${where}`, values)
    return res.rows[0]?.t == null ? null : ms(res.rows[0].t)
}
