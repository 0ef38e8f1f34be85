import { ClientBase } from 'pg'
import {
    computeReport, CoreSettings, creditBasis, decideDeposit, DepositEvent, DepositState, DomainEvent, genesisState, LiquiditySettings,
    periodEnd, periodOf, PeriodState, periodStart, PoolFold, QueueReport, queueReportOf, queueTotalsAt, RatioReport, lastClosedPeriod,
    replayPool, replayReports, serializeReport, sortEvents, closedReport, foldCapturing, continuityAtClose, migrationIn, LiveCursor, liveChangesSince, liveCursorOf,
    deferredQueueReport,
} from '../core'
import { loadMigrationSnapshot } from './migration-snapshot'
import { CarriedHistory, canContinue } from './carried'
import { Finality, readFinality } from './finality'
import { firstDepositTime, loadEvents, loadFinalDeposits } from './load-events'
import { lastStoredState, LiveQueueWriter, storedBases, storePeriod } from './store'
import { inTransaction } from './sql'
import { readingsForPeriod, ReservesReaders, storedReadingsByPeriod, storeReadings } from './reserves-readings'

/**
 * The oracle worker: closes every period whose end both chains' finalized heads have passed,
 * one transaction per period (report and queue report), then refreshes the live tables: the queue
 * at the watermark and every deposit's outcome (credited as soon as its block is final and the
 * previous period's report exists, SPEC §4.3). Inputs are finalized rows only, so a restart at any point continues
 * from the last committed period and produces the same reports.
 */
export interface WorkerConfig {
    settings: CoreSettings
    liquidity: LiquiditySettings
    /** the chains' storage readers for proof of reserves (SPEC §4.14); absent: reports carry no reserves section */
    reserves?: ReservesReaders
    /** a two-part Kusama profile's last relay block (SPEC §4.13, finality.ts) */
    relayEndBlock?: number
}

export interface Progress {
    finality: Finality
    closed: RatioReport[]
    live: QueueReport | null
    /** domain events read from the database by this pass (a running worker reads only the new ones) */
    loaded: number
}

/** What a long-running worker remembers between passes (a fresh one is always correct, only slower). */
export interface WorkerMemory {
    /** the finality of the last pass: when neither chain has moved, nothing can have changed */
    previous?: Finality
    live: LiveQueueWriter
    /** the folds and unclosed events of the last completed pass (absent after a failed one) */
    carried?: CarriedHistory
}

export async function closePeriods(db: ClientBase, cfg: WorkerConfig, onClosed?: (r: RatioReport) => void,
    memory: WorkerMemory = { live: new LiveQueueWriter() }): Promise<Progress> {
    const finality = await readFinality(db, { relayEndBlock: cfg.relayEndBlock })
    if (memory.previous && sameFinality(memory.previous, finality)) return { finality, closed: [], live: null, loaded: 0 }
    // only a pass that completes leaves a carry behind: a failed one may have advanced the folds
    // past what it committed
    const carried = memory.carried
    memory.carried = undefined
    const result = await closeUpTo(db, cfg, finality, memory.live, onClosed, carried)
    memory.previous = finality
    memory.carried = result.carried
    return result.progress
}

async function closeUpTo(db: ClientBase, cfg: WorkerConfig, finality: Finality, liveWriter: LiveQueueWriter,
    onClosed: ((r: RatioReport) => void) | undefined, carried: CarriedHistory | undefined): Promise<{ progress: Progress; carried?: CarriedHistory }> {
    const ps = cfg.settings.periodSeconds
    const closed: RatioReport[] = []
    const watermark = finality.watermark
    if (watermark == null) return { progress: { finality, closed, live: null, loaded: 0 } }
    const last = lastClosedPeriod(watermark, ps)

    // the finalized history up to the watermark, in canonical order: every period's events, its
    // queue report (history up to its end) and the live queue are slices of it. A running worker
    // reads only what finalized since its last pass and continues the folds it carried.
    const stored = await lastStoredState(db)
    let history: DomainEvent[]
    let state: PeriodState
    let pool: PoolFold
    let folded: number
    let loaded: number
    const continued = carried != null && canContinue(carried, finality, stored)
    if (carried && continued) {
        const since = sortEvents(await loadEvents(db, finality, carried.finality.watermark + 1, watermark + 1))
        loaded = since.length
        history = carried.tail.concat(since)
        folded = carried.tail.length
        ;({ state, pool } = carried)
    } else {
        history = sortEvents(await loadEvents(db, finality, null, watermark + 1))
        loaded = history.length
        folded = 0
        // the queue and liquidity at each period end are folds over the history carried from period
        // to period: each period costs its own events, not the whole history again
        pool = new PoolFold(cfg.settings, cfg.liquidity)
        if (stored != null) {
            state = stored
            // the history is folded from its start: every stored report is the basis of the next period's deposits
            for (const b of await storedBases(db)) pool.addBasis(b)
        } else {
            const first = await firstDepositTime(db, finality)
            if (first == null) return { progress: { finality, closed, live: null, loaded } }
            state = genesisState(periodOf(first, ps), ps, history)
        }
    }
    let i = upperIndex(history, periodStart(state.period + 1, ps))
    // deposits of period D are decided against report D−1: `state` while D is folded
    pool.addBasis(creditBasis(state))
    // read until a fold has passed the snapshot's time (a live fold may, before its period closes: the check is
    // taken there); from then on it is final and carried, and the idle pass is spared the read
    let continuity = continued ? carried!.continuity : undefined
    const migration = (continuity ? carried!.migration : undefined) ?? await loadMigrationSnapshot(db)
    const foldUpTo = (k: number) => {
        ;({ folded, continuity } = foldCapturing(pool, history, folded, k, migration, continuity))
    }
    for (let D = state.period + 1; D <= last; D++) {
        const end = periodEnd(D, ps)
        const j = upperIndex(history, end)
        const result = computeReport(state, history.slice(i, j), cfg.settings)
        pool.addBasis(creditBasis(result.next))
        const mig = migrationIn(D, ps, migration)
        foldUpTo(j)
        const totals = queueTotalsAt(pool, end)
        const readings = cfg.reserves
            ? await readingsForPeriod(db, cfg.reserves, D, ps, finality)
            : null
        const report = closedReport(result.report, pool, totals, readings?.core, mig, continuityAtClose(pool, mig, continuity))
        await inTransaction(db, async () => {
            await storeReadings(db, readings?.rows ?? [])
            await storePeriod(db, { ...result, report }, totals, pool.statesOf(result.deposits))
        })
        closed.push(report)
        onClosed?.(report)
        state = result.next
        i = j
    }
    // the live queue (every request with its ETA) sees the events up to and including the watermark:
    // the same folds, carried on
    foldUpTo(upperIndex(history, watermark + 1))
    const early = await earlyDeposits(db, cfg, finality, state, watermark)
    const since = continued ? carried?.cursor : undefined
    const { live, cursor } = await writeLive(db, liveWriter, pool, watermark, state.period + 1, early, since)
    const progress = { finality, closed, live, loaded }
    // a genesis state is not stored until its first period closes, and only a stored state can be continued
    if (stored == null && closed.length === 0) return { progress }
    const tail = history.slice(upperIndex(history, periodStart(state.period + 1, ps)))
    return { progress, carried: { finality: { ...finality, watermark }, state, pool, tail, cursor, continuity, migration: continuity ? migration : undefined } }
}

/**
 * Brings the live tables to the pool's state at the watermark: when they show the carried pass's
 * read (`since`), only what changed after it (a running worker's pass); otherwise the whole queue.
 */
async function writeLive(db: ClientBase, writer: LiveQueueWriter, pool: PoolFold, watermark: number, openPeriod: number,
    early: DepositState[], since: LiveCursor | undefined): Promise<{ live: QueueReport; cursor: LiveCursor }> {
    try {
        if (since && writer.shows(since)) {
            const changes = liveChangesSince(pool, since, watermark, openPeriod)
            await inTransaction(db, () => writer.writeChanges(db, changes, early))
            writer.committed()
            return { live: deferredQueueReport(pool, changes.totals), cursor: changes.cursor }
        }
        const live = queueReportOf(pool, watermark)
        const cursor = liveCursorOf(pool, watermark)
        await inTransaction(db, () => writer.write(db, { queue: live, deposits: [...pool.liveDeposits(openPeriod), ...early] }, cursor))
        writer.committed()
        return { live, cursor }
    } catch (e) {
        writer.reset()
        throw e
    }
}

/**
 * Final deposits after the watermark in the period after the last report: decided already
 * (SPEC §4.3: shown and claimable once final and report D−1 exists). Refunds are seen when the
 * watermark reaches them; the decision itself is the one the fold will take then.
 */
async function earlyDeposits(db: ClientBase, cfg: WorkerConfig, finality: Finality, state: PeriodState, watermark: number): Promise<DepositState[]> {
    const next = state.period + 1
    const from = Math.max(watermark + 1, periodStart(next, cfg.settings.periodSeconds))
    const events = sortEvents(await loadFinalDeposits(db, finality, from, periodEnd(next, cfg.settings.periodSeconds)))
    return events.map(e => {
        const d = decideDeposit(e as DepositEvent, creditBasis(state), cfg.settings)
        return { ...d, finalStatus: d.status, refund: null }
    })
}

/** The index of the first event at or after time t (events sorted by time). */
function upperIndex(events: readonly DomainEvent[], t: number): number {
    let lo = 0
    let hi = events.length
    while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (events[mid].timestamp < t) lo = mid + 1
        else hi = mid
    }
    return lo
}

function sameFinality(a: Finality, b: Finality): boolean {
    return a.kusama.height === b.kusama.height && a.kusama.time === b.kusama.time
        && a.assetHub?.height === b.assetHub?.height && a.assetHub?.time === b.assetHub?.time
        && a.ethereum.height === b.ethereum.height && a.ethereum.time === b.ethereum.time
}

export interface Verification {
    periods: number
    mismatches: { period: string; stored: string; recomputed: string }[]
    /** deposit outcomes up to the live watermark, recomputed and compared (status, shares, ratio, refund) */
    deposits: number
}

/**
 * Recomputes every stored period from scratch and compares the canonical bytes (SPEC §4.6), then
 * every deposit outcome up to the live watermark (§4.1, §4.3): a stored decision no rule explains
 * is a mismatch too.
 */
export async function verifyStoredReports(db: ClientBase, cfg: WorkerConfig): Promise<Verification> {
    const stored = await db.query('SELECT id, period, canonical FROM period_report ORDER BY period')
    if (stored.rows.length === 0) return { periods: 0, mismatches: [], deposits: 0 }
    const { rows: [live] } = await db.query(`SELECT watermark FROM queue_report WHERE id = 'live'`)
    const lastPeriod = stored.rows[stored.rows.length - 1].period as number
    const end = Math.max(periodEnd(lastPeriod, cfg.settings.periodSeconds), live ? new Date(live.watermark).getTime() + 1 : 0)
    const finality = await readFinality(db, { relayEndBlock: cfg.relayEndBlock })
    const events = sortEvents(await loadEvents(db, finality, null, end))
    const readings = await storedReadingsByPeriod(db)
    const replayed = replayReports(events, cfg.settings, cfg.liquidity, periodEnd(lastPeriod, cfg.settings.periodSeconds), D => readings.get(D),
        await loadMigrationSnapshot(db))
    const recomputed = new Map(replayed.map(r => [r.report.period, serializeReport(r.report)]))
    const mismatches: Verification['mismatches'] = []
    for (const row of stored.rows) {
        const again = recomputed.get(row.period) ?? '(not recomputed)'
        if (again !== row.canonical) mismatches.push({ period: row.id, stored: row.canonical, recomputed: again })
    }
    if (recomputed.size !== stored.rows.length) {
        mismatches.push({ period: '*', stored: `${stored.rows.length} periods`, recomputed: `${recomputed.size} periods` })
    }
    const deposits = live ? await verifyDeposits(db, cfg, events, new Date(live.watermark).getTime(), mismatches) : 0
    return { periods: stored.rows.length, mismatches, deposits }
}

async function verifyDeposits(db: ClientBase, cfg: WorkerConfig, events: DomainEvent[], watermark: number, mismatches: Verification['mismatches']): Promise<number> {
    const show = (d: { status: string; shares: unknown; ratio: unknown; refund: unknown }) => JSON.stringify([d.status, String(d.shares), String(d.ratio), d.refund ?? null])
    const again = new Map(replayPool(events, cfg.settings, cfg.liquidity, watermark).deposits()
        .map(d => [d.depositId, show({ status: d.finalStatus, shares: d.shares, ratio: d.ratio, refund: d.refund?.outflowId })]))
    const { rows } = await db.query(
        `SELECT id, status, shares::text, ratio::text, refund_outflow_id FROM deposit_outcome WHERE "timestamp" <= $1 ORDER BY id`, [new Date(watermark)])
    for (const r of rows) {
        const stored = show({ status: r.status, shares: r.shares, ratio: r.ratio, refund: r.refund_outflow_id })
        const recomputed = again.get(r.id) ?? '(not recomputed)'
        if (stored !== recomputed) mismatches.push({ period: `deposit ${r.id}`, stored, recomputed })
    }
    if (rows.length !== again.size) mismatches.push({ period: 'deposits', stored: `${rows.length} outcomes`, recomputed: `${again.size} outcomes` })
    return rows.length
}
