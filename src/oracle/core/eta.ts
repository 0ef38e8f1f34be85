/**
 * SPEC §4.9 — ETA of each pending request and the operator's numbers.
 *
 * Pending requests (PENDING, PARTIALLY_PAID) in FIFO order with cumulative remaining owed
 * C_i = Σ_{j<=i} (owed_j − paid_j):
 *  - LIQUID:       free >= C_i                                   → eta = now
 *  - UNBONDING:    the first chunk (in unlock-time order) at which free + unlocked >= C_i
 *                                                                 → eta = that chunk's unlock time
 *  - NEEDS_UNBOND: otherwise                                      → eta = now + 28 eras
 * pendingOwed = Σ remaining of every unpaid request, INVALID_RECIPIENT included (CHOICE: SPEC §4.5
 * says such a request counts as a liability; it gets no ETA because it is never matched).
 * `free` is the pool accounts' free balance less `refundable` (the unrefunded planck of BELOW_MINIMUM and
 * HELD deposits, which belong to their senders, §4.1).
 * toUnbond = max(0, pendingOwed − free − unbonding).
 * Chunks are ordered by unlock time, then stash, then Unbonded id (ties deterministic).
 * `free` is used as is (even if negative).
 */
import { add, max, Planck, sub, ZERO_PLANCK } from '../../domain/units'
import { DomainEvent, TimestampMs } from './events'
import { chunkUnlockTime, ERA_MS, Liquidity, LiquiditySettings, UNBONDING_ERAS } from './liquidity'
import { PoolFold, replayPool } from './pool-fold'
import { OutflowMatch, QueueResult, remainingOf, UnstakeRequest, Allocation } from './queue'
import { CoreSettings } from './settings'

export type EtaReason = 'LIQUID' | 'UNBONDING' | 'NEEDS_UNBOND'

export interface RequestEta {
    readonly requestId: string
    readonly cumulativeOwed: Planck
    readonly eta: TimestampMs
    readonly reason: EtaReason
}

export interface QueueRequest extends UnstakeRequest {
    readonly eta: TimestampMs | null
    readonly etaReason: EtaReason | null
}

/** The queue's figures at its watermark. */
export interface QueueFigures {
    readonly watermark: TimestampMs
    readonly pendingOwed: Planck
    /** part of pendingOwed owed to INVALID_RECIPIENT requests */
    readonly invalidRecipientOwed: Planck
    /** free balance of the pool accounts less `refundable` */
    readonly free: Planck
    /** planck of BELOW_MINIMUM and HELD deposits not refunded yet */
    readonly refundable: Planck
    readonly unbonding: Planck
    /** active bonded stake of the stashes */
    readonly bonded: Planck
    readonly toUnbond: Planck
    readonly overdueCount: number
}

export interface QueueReport extends QueueFigures {
    /** every request, FIFO order, with its ETA when pending */
    readonly requests: readonly QueueRequest[]
    readonly allocations: readonly Allocation[]
    readonly unmatchedOutflows: readonly OutflowMatch[]
    readonly liquidity: Liquidity
}

/** The figures of a queue report that a closed period stores (table queue_report). */
export interface QueueReportTotals extends QueueFigures {
    readonly requestCount: number
}

/** ETAs of the pending requests of `requests` (given in FIFO order); `liquidity.free` is the free liquidity for requests. */
export function computeEtas(requests: readonly UnstakeRequest[], liquidity: Pick<Liquidity, 'free' | 'chunks' | 'eraClock'>, now: TimestampMs): RequestEta[] {
    const chunks = liquidity.chunks
        .map(c => ({ c, t: chunkUnlockTime(c, liquidity.eraClock, now) }))
        .sort((a, b) => (a.t !== b.t ? a.t - b.t : a.c.stash !== b.c.stash ? (a.c.stash < b.c.stash ? -1 : 1) : a.c.unbondedId < b.c.unbondedId ? -1 : a.c.unbondedId > b.c.unbondedId ? 1 : 0))
    const out: RequestEta[] = []
    let C = ZERO_PLANCK
    let k = 0 // chunks[0..k) counted in `unlocked`
    let unlocked = ZERO_PLANCK
    for (const r of requests) {
        if (r.status !== 'PENDING' && r.status !== 'PARTIALLY_PAID') continue
        C = add(C, remainingOf(r))
        if (liquidity.free >= C) {
            out.push({ requestId: r.id, cumulativeOwed: C, eta: etaAt(null, 'LIQUID', now), reason: 'LIQUID' })
            continue
        }
        while (k < chunks.length && add(liquidity.free, unlocked) < C) {
            unlocked = add(unlocked, chunks[k].c.amount)
            k++
        }
        if (add(liquidity.free, unlocked) >= C && k > 0) {
            out.push({ requestId: r.id, cumulativeOwed: C, eta: chunks[k - 1].t, reason: 'UNBONDING' })
        } else {
            out.push({ requestId: r.id, cumulativeOwed: C, eta: etaAt(null, 'NEEDS_UNBOND', now), reason: 'NEEDS_UNBOND' })
        }
    }
    return out
}

/**
 * The stored form of an ETA at watermark `now`: null where the ETA is the one the reason gives
 * relative to the watermark (LIQUID and an unlocked chunk: `now`; NEEDS_UNBOND: now + 28 eras),
 * otherwise the ETA itself (a chunk's unlock time). Such ETAs move with every pass while the form
 * stays put, so the live tables hold forms and readers compute etaAt with the live watermark.
 * etaAt(storedEta(eta, reason, now), reason, now) === eta by construction.
 */
export function storedEta(eta: TimestampMs, reason: EtaReason, now: TimestampMs): TimestampMs | null {
    return eta === etaAt(null, reason, now) ? null : eta
}

/** The ETA a stored form means at watermark `now` (see storedEta). */
export function etaAt(stored: TimestampMs | null, reason: EtaReason, now: TimestampMs): TimestampMs {
    if (stored != null) return stored
    return reason === 'NEEDS_UNBOND' ? now + UNBONDING_ERAS * ERA_MS : now
}

/** The whole queue view at watermark `now` from the finalized events known at `now` (the batch definition). */
export function buildQueueReport(events: readonly DomainEvent[], now: TimestampMs, settings: CoreSettings, liquiditySettings: LiquiditySettings): QueueReport {
    return queueReportOf(replayPool(events, settings, liquiditySettings, now), now)
}

/** The queue view at `now` from a pool fold that has been given exactly the events up to `now`. */
export function queueReportOf(pool: PoolFold, now: TimestampMs): QueueReport {
    const q: QueueResult = pool.queue.result(now)
    const liquidity = pool.liquidity.snapshot()
    const { free, refundable } = pool.freeAndRefundable()
    const etas = new Map(computeEtas(q.requests, { ...liquidity, free }, now).map(e => [e.requestId, e]))
    let pendingOwed = ZERO_PLANCK
    let invalidRecipientOwed = ZERO_PLANCK
    for (const r of q.requests) {
        if (r.status === 'PAID') continue
        pendingOwed = add(pendingOwed, remainingOf(r))
        if (r.status === 'INVALID_RECIPIENT') invalidRecipientOwed = add(invalidRecipientOwed, remainingOf(r))
    }
    const requests: QueueRequest[] = q.requests.map(r => {
        const e = etas.get(r.id)
        return { ...r, eta: e?.eta ?? null, etaReason: e?.reason ?? null }
    })
    return {
        watermark: now,
        requests,
        allocations: q.allocations,
        unmatchedOutflows: q.unmatchedOutflows,
        pendingOwed,
        invalidRecipientOwed,
        free,
        refundable,
        unbonding: liquidity.unbonding,
        bonded: liquidity.bonded,
        toUnbond: toUnbondOf(pendingOwed, free, liquidity.unbonding),
        overdueCount: requests.filter(r => r.overdue && r.status !== 'PAID').length,
        liquidity,
    }
}

/** toUnbond = max(0, pendingOwed − free − unbonding) (§4.9). */
export function toUnbondOf(pendingOwed: Planck, free: Planck, unbonding: Planck): Planck {
    return max(ZERO_PLANCK, sub(sub(pendingOwed, free), unbonding))
}

export function totalsOfReport(q: QueueReport): QueueReportTotals {
    return {
        watermark: q.watermark, pendingOwed: q.pendingOwed, invalidRecipientOwed: q.invalidRecipientOwed, free: q.free,
        refundable: q.refundable, unbonding: q.unbonding, bonded: q.bonded, toUnbond: q.toUnbond, overdueCount: q.overdueCount, requestCount: q.requests.length,
    }
}

/**
 * totalsOfReport(buildQueueReport(events, now)) from a pool fold that has been given exactly
 * `events` (in canonical order): the per-period figures without rebuilding the queue from the whole history.
 */
export function queueTotalsAt(pool: PoolFold, now: TimestampMs): QueueReportTotals {
    const q = pool.queue.totals(now)
    const { free, refundable } = pool.freeAndRefundable()
    const { unbonding, bonded } = pool.liquidity.totals()
    return {
        watermark: now, pendingOwed: q.pendingOwed, invalidRecipientOwed: q.invalidRecipientOwed, free, refundable, unbonding, bonded,
        toUnbond: toUnbondOf(q.pendingOwed, free, unbonding), overdueCount: q.overdueCount, requestCount: q.requestCount,
    }
}
