/**
 * Every period's report from scratch, as the worker closes them one by one (SPEC §4.6): the events
 * folded up to each period's end, and the reserves section attached where that period's readings
 * are given (§4.14), and MIGRATION_CONTINUITY on the period of the migration snapshot (§4.13). `verify` compares the stored reports with these, byte for byte.
 */
import { DomainEvent, sortEvents, TimestampMs } from './events'
import { queueTotalsAt, QueueReportTotals } from './eta'
import { LiquiditySettings } from './liquidity'
import { firstDepositTimestamp, periodEnd, periodStart, periodsOf, reportablePeriods } from './periods'
import { PoolFold } from './pool-fold'
import { computeReport, creditBasis, genesisState, PeriodResult } from './report'
import { attachReserves, ReservesReadings } from './reserves'
import { CoreSettings } from './settings'
import { checkMigrationContinuity, MigrationSnapshotFact, withMigrationContinuity } from './migration'
import { RatioCheck } from './checks'
import { RatioReport } from './report'
import { periodOf } from './periods'

export interface ClosedPeriod extends PeriodResult {
    readonly queue: QueueReportTotals
}

/**
 * Folds `pool` over events[from..to). MIGRATION_CONTINUITY compares the snapshot with the relay's state at the
 * snapshot's block time (events up to and including it): taken once, just before the fold applies the first
 * event past that time, whichever pass that is. A running worker's live fold passes it before the period
 * closes, so the check travels with the fold (`captured`) instead of being taken at the close.
 */
export function foldCapturing(pool: PoolFold, events: readonly DomainEvent[], from: number, to: number,
    migration: MigrationSnapshotFact | undefined, captured: RatioCheck | undefined): { folded: number; continuity?: RatioCheck } {
    let continuity = captured
    let k = from
    for (; k < to; k++) {
        if (migration && continuity == null && events[k].timestamp > migration.timestamp) {
            continuity = checkMigrationContinuity(migration, pool.liquidity.snapshot())
        }
        pool.apply(events[k])
    }
    return { folded: k, continuity }
}

/** the check of a period holding the migration, once its events are folded: captured on the way, else at its end (no event came after the snapshot) */
export function continuityAtClose(pool: PoolFold, migration: MigrationSnapshotFact | undefined, captured: RatioCheck | undefined): RatioCheck | undefined {
    if (migration == null) return undefined
    return captured ?? checkMigrationContinuity(migration, pool.liquidity.snapshot())
}

/** Folds `pool` over events[folded..] up to the period's end, with MIGRATION_CONTINUITY when the snapshot lies in this period. */
export function foldPeriod(pool: PoolFold, events: readonly DomainEvent[], folded: number, end: TimestampMs,
    migration?: MigrationSnapshotFact): { folded: number; continuity?: RatioCheck } {
    let to = folded
    while (to < events.length && events[to].timestamp < end) to++
    const f = foldCapturing(pool, events, folded, to, migration, undefined)
    return { folded: f.folded, continuity: continuityAtClose(pool, migration, f.continuity) }
}

/** the migration snapshot when it lies in period D */
export function migrationIn(D: number, periodSeconds: number, migration?: MigrationSnapshotFact): MigrationSnapshotFact | undefined {
    return migration && periodOf(migration.timestamp, periodSeconds) === D ? migration : undefined
}

/** A closed period's report with what the chains' storage says: the reserves section, and the migration's continuity. */
export function closedReport(report: RatioReport, pool: PoolFold, queue: QueueReportTotals, readings: ReservesReadings | undefined,
    migration: MigrationSnapshotFact | undefined, continuity: RatioCheck | undefined): RatioReport {
    const withReserves = attachReserves(report, pool, queue, readings)
    return migration && continuity ? withMigrationContinuity(withReserves, continuity, migration.digest) : withReserves
}

export function replayReports(events: readonly DomainEvent[], settings: CoreSettings, liquidity: LiquiditySettings, watermark: TimestampMs | null,
    readingsOf: (period: number) => ReservesReadings | undefined = () => undefined, migration?: MigrationSnapshotFact): ClosedPeriod[] {
    const ps = settings.periodSeconds
    const range = reportablePeriods(firstDepositTimestamp(events), watermark, ps)
    if (range == null) return []
    const sorted = sortEvents(events)
    let state = genesisState(range.first, ps, sorted)
    const pool = new PoolFold(settings, liquidity)
    pool.addBasis(creditBasis(state))
    let folded = 0
    let i = 0
    while (i < sorted.length && sorted[i].timestamp < periodStart(range.first, ps)) i++
    const out: ClosedPeriod[] = []
    for (const D of periodsOf(range)) {
        const end = periodEnd(D, ps)
        const j0 = i
        while (i < sorted.length && sorted[i].timestamp < end) i++
        const result = computeReport(state, sorted.slice(j0, i), settings)
        pool.addBasis(creditBasis(result.next))
        const mig = migrationIn(D, ps, migration)
        const f = foldPeriod(pool, sorted, folded, end, mig)
        folded = f.folded
        const queue = queueTotalsAt(pool, end)
        out.push({ ...result, report: closedReport(result.report, pool, queue, readingsOf(D), mig, f.continuity), queue })
        state = result.next
    }
    return out
}
