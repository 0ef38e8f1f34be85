/**
 * The live queue (SPEC §4.8, §4.9) as a running worker reads it pass after pass: not the whole
 * queue again, but what can differ from the previous read of the same pool fold. Each pass moves
 * the watermark, and most of a long history cannot change any more: a PAID request, an allocation,
 * a matched outflow, a credited deposit. What can:
 *  - requests created or paid since the last read, and unpaid ones whose deadline the watermark
 *    has passed since (overdue);
 *  - the ETA of every pending request (it moves with the watermark: LIQUID is `now`);
 *  - allocations and matched outflows made since (appended, then fixed);
 *  - deposits decided since in the open periods, and refunds made since;
 *  - the queue's totals.
 * Applying these to the previous read gives exactly queueReportOf(pool, now) and liveDeposits
 * (test/oracle/properties.test.ts checks it against the whole read at random watermarks).
 */
import { computeEtas, QueueReport, queueReportOf, QueueReportTotals, queueTotalsAt, RequestEta } from './eta'
import { TimestampMs } from './events'
import { PoolFold, DepositState } from './pool-fold'
import { Allocation, OutflowMatch, PositionedRequest } from './queue'

/** Where a read of the live queue stopped: the next read reports what changed after it. */
export interface LiveCursor {
    readonly watermark: TimestampMs
    readonly requestChanges: number
    readonly allocations: number
    readonly outflows: number
    readonly outcomes: number
    readonly refunds: number
}

export interface LiveQueueChanges {
    readonly totals: QueueReportTotals
    /** requests whose view changed since the cursor, FIFO order, each with its ETA when pending */
    readonly requests: readonly (PositionedRequest & { readonly eta: RequestEta | null })[]
    /** the ETA of every pending request, FIFO order */
    readonly etas: readonly RequestEta[]
    readonly allocations: readonly Allocation[]
    /** outflows matched since the cursor with something left over */
    readonly unmatchedOutflows: readonly OutflowMatch[]
    /** the deposits of liveDeposits(fromPeriod) that changed or are new since the cursor */
    readonly deposits: readonly DepositState[]
    /** where this read stopped */
    readonly cursor: LiveCursor
}

/** The cursor of a whole read of `pool` at `now` (queueReportOf): the next read starts there. */
export function liveCursorOf(pool: PoolFold, now: TimestampMs): LiveCursor {
    const requestChanges = pool.queue.changeCount()
    return {
        watermark: now,
        requestChanges,
        allocations: pool.queue.allocationCount(),
        outflows: pool.queue.outflowCount(),
        outcomes: pool.outcomeCount(),
        refunds: pool.refunds.count(),
    }
}

/** What changed in the live queue of `pool` between the read at `cursor` and `now` (pool given every event up to `now`). */
export function liveChangesSince(pool: PoolFold, cursor: LiveCursor, now: TimestampMs, fromPeriod: number): LiveQueueChanges {
    if (now < cursor.watermark) throw new RangeError(`live read at ${now}, before the previous one at ${cursor.watermark}`)
    const totals = queueTotalsAt(pool, now)
    const etas = pendingEtas(pool, now)
    const etaOf = new Map(etas.map(e => [e.requestId, e]))
    const requests = pool.queue.changedSince(cursor.requestChanges, cursor.watermark, now).map(p => ({ ...p, eta: etaOf.get(p.request.id) ?? null }))
    const allocations = pool.queue.allocationsSince(cursor.allocations)
    const outflows = pool.queue.outflowsSince(cursor.outflows)
    const deposits = pool.depositsChangedSince(cursor, fromPeriod)
    return {
        totals,
        requests,
        etas,
        allocations,
        unmatchedOutflows: outflows.filter(o => o.unmatchedPlanck > 0n),
        deposits,
        cursor: {
            watermark: now,
            requestChanges: pool.queue.changeCount(),
            allocations: cursor.allocations + allocations.length,
            outflows: cursor.outflows + outflows.length,
            outcomes: pool.outcomeCount(),
            refunds: pool.refunds.count(),
        },
    }
}

/** computeEtas over the requests not paid: the same ETAs queueReportOf gives, from the open requests alone. */
function pendingEtas(pool: PoolFold, now: TimestampMs): RequestEta[] {
    const liquidity = pool.liquidity.snapshot()
    const { free } = pool.freeAndRefundable()
    return computeEtas(pool.queue.unpaid(now), { ...liquidity, free }, now)
}

/**
 * queueReportOf(pool, now) computed on first use: a running worker's pass needs only the totals,
 * and building every request again is what it avoids. The lists must be read before `pool` is
 * given more events (refused otherwise: they would show a later state).
 */
export function deferredQueueReport(pool: PoolFold, totals: QueueReportTotals): QueueReport {
    const applied = pool.appliedCount()
    let report: QueueReport | undefined
    const whole = (): QueueReport => {
        if (report) return report
        if (pool.appliedCount() !== applied) throw new Error('the live queue of a previous pass was read after the pool fold moved on')
        return (report = queueReportOf(pool, totals.watermark))
    }
    const { requestCount: _count, ...figures } = totals
    return {
        ...figures,
        get requests() { return whole().requests },
        get allocations() { return whole().allocations },
        get unmatchedOutflows() { return whole().unmatchedOutflows },
        get liquidity() { return whole().liquidity },
    }
}
