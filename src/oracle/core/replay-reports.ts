/**
 * Every period's report from scratch, as the worker closes them one by one (SPEC §4.6): the events
 * folded up to each period's end, and the reserves section attached where that period's readings
 * are given (§4.14). `verify` compares the stored reports with these, byte for byte.
 */
import { DomainEvent, sortEvents, TimestampMs } from './events'
import { queueTotalsAt, QueueReportTotals } from './eta'
import { LiquiditySettings } from './liquidity'
import { firstDepositTimestamp, periodEnd, periodStart, periodsOf, reportablePeriods } from './periods'
import { PoolFold } from './pool-fold'
import { computeReport, creditBasis, genesisState, PeriodResult } from './report'
import { attachReserves, ReservesReadings } from './reserves'
import { CoreSettings } from './settings'

export interface ClosedPeriod extends PeriodResult {
    readonly queue: QueueReportTotals
}

export function replayReports(events: readonly DomainEvent[], settings: CoreSettings, liquidity: LiquiditySettings, watermark: TimestampMs | null,
    readingsOf: (period: number) => ReservesReadings | undefined = () => undefined): ClosedPeriod[] {
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
        for (; folded < i; folded++) pool.apply(sorted[folded])
        const queue = queueTotalsAt(pool, end)
        out.push({ ...result, report: attachReserves(result.report, pool, queue, readingsOf(D)), queue })
        state = result.next
    }
    return out
}
