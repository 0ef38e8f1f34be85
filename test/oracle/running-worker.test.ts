import { Client } from 'pg'
import { DEFAULT_CORE_SETTINGS } from '../../src/oracle/core'
import { LiveQueueWriter } from '../../src/oracle/worker/store'
import { closePeriods, verifyStoredReports, WorkerConfig, WorkerMemory } from '../../src/oracle/worker/worker'
import {
    DAY_MS, dayClockRows, flushTables, GenOptions, generateDay, newLedger, newTables, plan, poolAccounts, setFinality,
} from '../../bench/support/oracle-events'
import { startTestDatabase, TestDatabase } from '../support/database'

/**
 * A running worker reads only what finalized since its last pass and continues the folds it
 * carries; a fresh worker reads everything. Both must leave the same bytes. The chain data is the
 * bench's synthetic pool (bench/support/oracle-events.ts), small: every row is written up front and
 * the finalized heads then advance in 7-hour steps, so each pass also has rows above finality to ignore.
 */
let testDb: TestDatabase
let db: Client
const opts: GenOptions = { total: 40_000, days: 10, start: Date.UTC(2025, 0, 1), seed: 11 }
const STEP_MS = 7 * 3600_000
let tables: ReturnType<typeof newTables>
let cfg: WorkerConfig

beforeAll(async () => {
    testDb = await startTestDatabase('running-worker')
    db = testDb.client
    const pl = plan(opts)
    const ledger = newLedger(opts.seed)
    tables = newTables()
    for (let d = 0; d < opts.days; d++) {
        generateDay(pl, d, ledger, tables)
        dayClockRows(opts, d, tables)
    }
    await flushTables(db, tables)
    cfg = { settings: DEFAULT_CORE_SETTINGS, liquidity: { poolAccounts: poolAccounts(pl.accounts) } }
})

afterAll(async () => {
    await testDb?.stop()
})

const ORACLE_TABLES = ['period_report', 'deposit_outcome', 'queue_report', 'unstake_request', 'outflow_allocation', 'unmatched_outflow']

async function dump(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {}
    for (const t of ORACLE_TABLES) out[t] = (await db.query(`SELECT * FROM "${t}" ORDER BY id`)).rows
    return out
}

async function finalizedEventCount(): Promise<number> {
    const r = await db.query(`SELECT
        (SELECT count(*) FROM pool_deposit WHERE block_height <= k) + (SELECT count(*) FROM staking_reward WHERE block_height <= k)
      + (SELECT count(*) FROM slash WHERE block_height <= k) + (SELECT count(*) FROM pool_transfer WHERE block_height <= k)
      + (SELECT count(*) FROM staking_change WHERE block_height <= k) + (SELECT count(*) FROM era_paid WHERE block_height <= k)
      + (SELECT count(*) FROM pool_fee WHERE block_height <= k) + (SELECT count(*) FROM burn WHERE block_height <= e)
      + (SELECT count(*) FROM ratio_update WHERE block_height <= e) AS n
      FROM (SELECT (SELECT height FROM kusama_processor.status) AS k, (SELECT height FROM eth_processor.status) AS e) h`)
    return Number(r.rows[0].n)
}

test('pass by pass with a carry, a running worker writes what a fresh worker writes, reading only the new events', async () => {
    const memory: WorkerMemory = { live: new LiveQueueWriter() }
    const closed: string[] = []
    let carriedPasses = 0
    let loadedTotal = 0
    let changesWritten = 0
    for (let t = opts.start + STEP_MS; t <= opts.start + opts.days * DAY_MS; t += STEP_MS) {
        await setFinality(db, opts, t, tables)
        const carriedBefore = memory.carried != null
        const p = await closePeriods(db, cfg, r => closed.push(r.label), memory)
        if (memory.live.stats?.mode === 'changes') changesWritten++
        // a pass without a carry reads everything again
        loadedTotal = carriedBefore ? loadedTotal + p.loaded : p.loaded
        if (carriedBefore) {
            carriedPasses++
            // the whole finalized history was read once, in slices
            expect(loadedTotal).toBe(await finalizedEventCount())
        }
        expect(p.live?.watermark).toBe(t)
    }
    // the first pass has no carry, and none until the first period is stored; every later pass continues,
    // and writes only what changed in the live queue
    expect(carriedPasses).toBeGreaterThan(25)
    expect(changesWritten).toBe(carriedPasses)
    expect(closed.length).toBe(opts.days - 1)
    const running = await dump()
    expect(running.period_report.length).toBe(opts.days - 1)
    expect(running.unstake_request.length).toBeGreaterThan(50)

    // every stored report recomputes byte for byte from scratch
    const v = await verifyStoredReports(db, cfg)
    // and every deposit outcome up to the live watermark: one per deposit indexed by then
    const { rows: [{ n }] } = await db.query(
        `SELECT count(*)::int AS n FROM pool_deposit WHERE "timestamp" <= (SELECT watermark FROM queue_report WHERE id = 'live')`)
    expect(v).toEqual({ periods: opts.days - 1, mismatches: [], deposits: n })

    // a fresh worker (no carry, a fresh live-queue writer that rewrites the live queue whole) leaves the same rows
    const fresh = await closePeriods(db, cfg, undefined, { live: new LiveQueueWriter() })
    expect(fresh.closed).toEqual([])
    expect(fresh.loaded).toBe(await finalizedEventCount())
    expect(await dump()).toEqual(running)
})

test('passes at irregular times (seconds to most of a day apart) leave the rows a fresh worker writes', async () => {
    for (const t of ORACLE_TABLES) await db.query(`DELETE FROM "${t}"`)
    const memory: WorkerMemory = { live: new LiveQueueWriter() }
    let seed = 7
    const next = () => (seed = (seed * 48271) % 2147483647)
    let changesWritten = 0
    let passes = 0
    for (let t = opts.start + 3600_000; t <= opts.start + opts.days * DAY_MS; ) {
        await setFinality(db, opts, t, tables)
        await closePeriods(db, cfg, undefined, memory)
        if (memory.live.stats?.mode === 'changes') changesWritten++
        passes++
        // 12 s (a new Ethereum block), up to 20 h, or exactly to the next period boundary; heads on whole 12 s blocks
        const c = next() % 4
        t = c === 0 ? t + 12_000 : c === 1 ? (Math.floor(t / DAY_MS) + 1) * DAY_MS : t + 12_000 * (5 + (next() % 6000))
    }
    await setFinality(db, opts, opts.start + opts.days * DAY_MS, tables)
    await closePeriods(db, cfg, undefined, memory)
    // every pass after the first stored period continues from the carry
    expect(passes).toBeGreaterThan(15)
    expect(changesWritten).toBeGreaterThan(passes / 2)
    const running = await dump()
    const fresh = await closePeriods(db, cfg, undefined, { live: new LiveQueueWriter() })
    expect(fresh.closed).toEqual([])
    expect(await dump()).toEqual(running)
})

test('a carry that no longer matches the stored state is dropped: the pass starts from scratch', async () => {
    const memory: WorkerMemory = { live: new LiveQueueWriter() }
    const end = opts.start + opts.days * DAY_MS
    await setFinality(db, opts, end, tables)
    await closePeriods(db, cfg, undefined, memory)
    const before = await dump()
    expect(memory.carried).toBeDefined()

    // someone repairs the database under the running worker: the last period is deleted
    const last = before.period_report[before.period_report.length - 1] as { id: string; period: number }
    await db.query('DELETE FROM period_report WHERE period = $1', [last.period])
    await db.query('DELETE FROM queue_report WHERE id = $1', [last.id])
    await setFinality(db, opts, end + 12_000, tables)
    const p = await closePeriods(db, cfg, undefined, memory)
    expect(p.closed.map(r => r.label)).toEqual([last.id])
    expect(p.loaded).toBe(await finalizedEventCount())
    const after = await dump()
    expect(after.period_report).toEqual(before.period_report)
    expect(after.deposit_outcome).toEqual(before.deposit_outcome)

    // a chain going backwards (a restored database) drops the carry too; the live queue is then the one at the earlier watermark
    expect(memory.carried).toBeDefined()
    await setFinality(db, opts, end - STEP_MS, tables)
    const back = await closePeriods(db, cfg, undefined, memory)
    expect(back.loaded).toBe(await finalizedEventCount())
    expect(back.live?.watermark).toBe(end - STEP_MS)
    const fresh = await closePeriods(db, cfg, undefined, { live: new LiveQueueWriter() })
    expect(fresh.live).toEqual(back.live)
})
