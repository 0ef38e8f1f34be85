/**
 * The product's final state after a scenario run, read from Postgres and normalized so that two runs of
 * the same history on different block trees compare equal (the reorg fuzz, test/scenario/reorg-fuzz.test.ts, and `npm run chaos`, src/cli/chaos.ts).
 *
 * What legitimately differs between a run with reorgs and the run of the same scenario without the lost
 * steps is only where things sit in the block tree: a reorg leaves depth + 1 empty blocks, so every later
 * block has another height and hash, and a domain event's id (`<height>-<hash>-<index>`) changes with it.
 * So:
 *  - every domain event id (also inside composite ids and check details) is replaced by a key both runs
 *    share: its table, its block's timestamp (each step mines its own block at its own time, in both runs)
 *    and its index in the block;
 *  - block heights and hashes, and what derives from them (a claim's claimBeforeBlock, a Kusama extrinsic id
 *    `<height>-<index>`, the proof-of-reserves readings' digest and the block they were read at), are dropped,
 *    or masked where a text quotes them;
 *  - so are the notary's random claim ids and nonces (and the claim tx's hash, which carries them), wall-clock
 *    times (created, read, decided at) and the worker's observations of when its passes ran (a request's first
 *    ETA: a reorg's extra blocks move the finalized heads sooner);
 *  - inputsHash is checked per run against the period's event ids and readings (as test/oracle-e2e does), then
 *    replaced by the same hash over the events' normalized keys: "the same events", independent of the ids.
 * Everything else — ratios, S, P, every sum and count, APR, checks, publishable, statuses, shares, owed and
 * paid amounts, ETAs, event timestamps, extrinsic hashes, burn ids (`<txHash>-<logIndex>`: the same signed tx
 * in both runs), storage readings — must be equal, byte for byte.
 */
import { createHash } from 'crypto'
import { Client } from 'pg'
import { inputsHashOf } from './inputs-hash'

/** Domain event tables (written by the processors): their ids are normalized, their rows compared. */
const EVENT_TABLES = ['pool_deposit', 'pool_transfer', 'staking_change', 'staking_reward', 'slash', 'era_paid', 'nomination',
    'claim_remark', 'pool_fee', 'claim', 'burn', 'ratio_update', 'bond_transfer']
/** The ledger events a report consumes (SPEC §4.6; the same list as inputsHashOf). */
const LEDGER_TABLES = ['pool_deposit', 'staking_reward', 'slash', 'burn']
/** Derived state: the Ethereum ledger, the oracle's tables, the notary's claims, proof-of-reserves readings. */
const DERIVED_TABLES = ['bond_holder', 'bond_supply', 'period_report', 'deposit_outcome', 'queue_report', 'unstake_request',
    'outflow_allocation', 'unmatched_outflow', 'notary_claim', 'claim_remark_outcome', 'foreign_claim', 'reserves_reading', 'oracle_policy']

/** columns and JSON keys that depend on the block tree, the notary's randomness or the wall clock */
const DROPPED = new Set([
    'block_height', 'block_hash', 'height', 'hash', 'blockHeight', 'blockHash', 'extrinsic_id', 'updated_at_block', 'issued_at_eth_block',
    'claimed_block', 'expired_at_eth_block', 'claim_id', 'claim_before_block', 'nonce', 'signature', 'request_signature',
    'created_at', 'expires_at', 'read_at', 'readAt', 'decided_at', 'detected_at', 'applied_at', 'round_trips', 'roundTrips',
    // proof of reserves (SPEC §4.14): the digest of the storage readings covers the blocks' heights and hashes
    'digest', 'readingsDigest',
])
/** block heights quoted in texts (check details: "… at Kusama block 20") */
const BLOCK_IN_TEXT = /\b(Kusama|Asset Hub|Ethereum) block \d+/g
const DROPPED_IN: Record<string, string[]> = {
    claim: ['tx_hash'],                      // claimBonds carries the random claimId
    bond_transfer: ['tx_hash'],              // a MINT's tx is a claimBonds
    notary_claim: ['id', 'claimed_tx_hash'], // id = the random claimId
    claim_remark_outcome: ['notary_claim_id'],
    foreign_claim: ['tx_hash'],
    period_report: ['canonical', 'inputs_hash', 'reserves'],   // compared normalized in RunState.reports
    // the ETA a request was first shown with, at the watermark of the worker's first pass that saw it: an
    // observation of when passes ran (src/oracle/worker/first-etas.ts), which depends on how fast each chain's
    // finalized head moved — and a reorg's extra blocks move it sooner
    unstake_request: ['first_eta', 'first_eta_watermark'],
}

export interface RunState {
    /** per period label: the canonical JSON, normalized */
    reports: Record<string, string>
    /** per table: its rows, normalized, in the order of their JSON */
    tables: Record<string, Record<string, unknown>[]>
}

/** `opts.inputsHashOf`: the expected inputsHash of a period (default ./inputs-hash.ts; a migrated run adds its snapshot) */
export async function readRunState(db: Client, opts: { inputsHashOf?: typeof inputsHashOf } = {}): Promise<RunState> {
    const present = new Set((await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).rows
        .map(r => r.table_name as string))
    const ids = await eventKeys(db, EVENT_TABLES.filter(t => present.has(t)))
    const norm = new Normalizer(ids)
    const tables: RunState['tables'] = {}
    for (const t of [...EVENT_TABLES, ...DERIVED_TABLES].filter(x => present.has(x))) {
        const rows = (await db.query(`SELECT * FROM ${t}`)).rows.map(r => norm.row(t === 'reserves_reading' ? readingOf(r) : r, DROPPED_IN[t] ?? []))
        tables[t] = rows.map(r => [JSON.stringify(r), r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r)
    }
    return { reports: await normalizedReports(db, norm, ids, opts.inputsHashOf ?? inputsHashOf), tables }
}

/**
 * id → `<table>@<block time>#<rank>` for every domain event, the rank counting the table's rows of that time in
 * chain order. Not the event's index in its block: that counts every event of the block, and the same pool
 * event stands at another index on another chain (Asset Hub's blocks also carry SessionRotated, SPEC §4.13).
 */
async function eventKeys(db: Client, tables: string[]): Promise<Map<string, string>> {
    const keys = new Map<string, string>()
    for (const t of tables) {
        const rows = (await db.query(`SELECT * FROM ${t}`)).rows
            .map(r => ({ id: r.id as string, time: new Date(r.timestamp).toISOString(), height: Number(r.block_height), index: Number(r.event_index ?? r.log_index ?? 0) }))
            .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.height - b.height || a.index - b.index || (a.id < b.id ? -1 : 1)))
        let rank = 0
        rows.forEach((r, k) => {
            rank = k > 0 && rows[k - 1].time === r.time ? rank + 1 : 0
            keys.set(r.id, `${t}@${r.time}#${rank}`)
        })
    }
    return keys
}

class Normalizer {
    private readonly pattern: RegExp | undefined

    constructor(private readonly ids: Map<string, string>) {
        const alternatives = [...ids.keys()].sort((a, b) => b.length - a.length).map(s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        this.pattern = alternatives.length ? new RegExp(alternatives.join('|'), 'g') : undefined
    }

    /** a string with every event id in it replaced by its key (ids also sit inside composite ids, e.g. allocations) */
    text(s: string): string {
        if (/^[[{]/.test(s)) {
            try {
                return JSON.stringify(this.value(JSON.parse(s)))
            } catch { /* not JSON */ }
        }
        const t = s.replace(BLOCK_IN_TEXT, '$1 block <height>')
        return this.pattern ? t.replace(this.pattern, id => this.ids.get(id)!) : t
    }

    value(v: unknown): unknown {
        if (typeof v === 'string') return this.text(v)
        if (v instanceof Date) return v.toISOString()
        if (Array.isArray(v)) return v.map(x => this.value(x))
        if (v && typeof v === 'object') return this.row(v as Record<string, unknown>, [])
        return v
    }

    /** an object without the dropped keys, its values normalized, keys in their own order */
    row(r: Record<string, unknown>, alsoDropped: string[]): Record<string, unknown> {
        const out: Record<string, unknown> = {}
        for (const [k, v] of Object.entries(r)) if (!DROPPED.has(k) && !alsoDropped.includes(k)) out[k] = this.value(v)
        return out
    }
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

/**
 * Each report's canonical JSON with its ids normalized; its inputsHash first checked against the period's
 * event ids and proof-of-reserves readings (./inputs-hash.ts), then replaced by the hash of
 * the events' keys (the readings, without their blocks, are compared in the report's reserves section).
 */
async function normalizedReports(db: Client, norm: Normalizer, ids: Map<string, string>, hashOf: typeof inputsHashOf): Promise<Record<string, string>> {
    const out: Record<string, string> = {}
    const rows = (await db.query(`SELECT id, period_start, period_end, canonical FROM period_report ORDER BY period`)).rows
    for (const r of rows) {
        const report = JSON.parse(r.canonical)
        const [from, to] = [new Date(r.period_start).getTime(), new Date(r.period_end).getTime()]
        const expected = await hashOf(db, from, to)
        if (report.inputsHash !== expected) throw new Error(`report ${r.id}: inputsHash ${report.inputsHash} is not the hash of its inputs (${expected})`)
        forgetReadingBlocks(report.reserves)
        const keys = (await periodInputIds(db, from, to)).map(id => ids.get(id) ?? `unknown:${id}`).sort()
        report.inputsHash = 'keys:' + sha256(keys.join('\n'))
        out[r.id] = JSON.stringify(norm.value(report))
    }
    return out
}

/**
 * Proof of reserves (SPEC §4.14) reads each chain at its last finalized block before end(D): which block that
 * is (height, hash, and its timestamp) depends on the block tree — a reorg's empty blocks can be the last ones
 * before the end in one run and not exist in the other. What storage held there is compared.
 */
function forgetReadingBlocks(reserves: Record<string, unknown> | null | undefined): void {
    for (const chain of Object.values(reserves ?? {})) {
        if (chain && typeof chain === 'object') delete (chain as Record<string, unknown>).timestamp
    }
}

/** a proof-of-reserves reading (one chain, one period) without the block it was read at (its timestamp too) */
function readingOf(r: Record<string, unknown>): Record<string, unknown> {
    const values = JSON.parse(String(r.values))
    forgetReadingBlocks({ values })
    const { timestamp: _t, ...rest } = r
    return { ...rest, values }
}

/** the ids inputsHashOf (./inputs-hash.ts) hashes: the period's ledger events and the RatioUpdate in force at its end */
async function periodInputIds(db: Client, from: number, to: number): Promise<string[]> {
    const ids: string[] = []
    for (const t of LEDGER_TABLES) {
        const r = await db.query(`SELECT id FROM ${t} WHERE "timestamp" >= $1 AND "timestamp" < $2`, [new Date(from), new Date(to)])
        ids.push(...r.rows.map(x => x.id))
    }
    const ru = await db.query(`SELECT id FROM ratio_update WHERE "timestamp" < $1 ORDER BY "timestamp" DESC, block_height DESC, log_index DESC LIMIT 1`, [new Date(to)])
    ids.push(...ru.rows.map(x => x.id))
    return ids
}
