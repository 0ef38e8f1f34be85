/**
 * SPEC §4.8 — the unstake queue: every Burn is a request; Outflows pay requests FIFO.
 *
 * An Outflow of x planck to address A at time t is allocated, in FIFO order (requestedAt, then
 * id by code units), to A's VALID requests with requestedAt <= t and owed − paid > 0. Outflows are
 * applied in canonical event order (timestamp, id). What is left of an outflow is an
 * UNMATCHED_OUTFLOW. Matching is a pure function of the events at the watermark (never done in a
 * processor handler), so re-running it always gives the same allocation.
 *
 * CHOICES (SPEC silent):
 *  - The caller passes the finalized events known at `now` (the watermark); all given Burns and
 *    OUTFLOW PoolTransfers are used. Other event types are ignored.
 *  - A VALID request whose owedPlanck is 0 (dust burn) is PAID at its requestedAt.
 *  - OVERDUE: deadline = requestedAt + releasePeriodSeconds; a request is overdue when it was not
 *    PAID by the deadline: PAID with paidAt > deadline, or not PAID and now > deadline (paying at
 *    exactly the deadline is on time). INVALID_RECIPIENT requests are never PAID, so they become
 *    overdue too (they are also flagged for review by their status).
 */
import { add, min, Planck, Shares, sub, ZERO_PLANCK } from '../../domain/units'
import { assertTimestamp, BurnEvent, DomainEvent, PoolTransferEvent, RecipientStatus, sortEvents, TimestampMs } from './events'
import { CoreSettings } from './settings'

export type RequestStatus = 'PENDING' | 'PARTIALLY_PAID' | 'PAID' | 'INVALID_RECIPIENT'

export interface UnstakeRequest {
    readonly id: string
    readonly ethAccount: string
    readonly recipient: string | null
    readonly recipientStatus: RecipientStatus
    readonly shares: Shares
    readonly owedPlanck: Planck
    readonly paidPlanck: Planck
    readonly status: RequestStatus
    readonly requestedAt: TimestampMs
    readonly paidAt: TimestampMs | null
    readonly deadline: TimestampMs
    readonly overdue: boolean
}

export interface Allocation {
    readonly outflowId: string
    readonly requestId: string
    readonly amount: Planck
    readonly timestamp: TimestampMs
}

export interface OutflowMatch {
    readonly id: string
    readonly to: string
    readonly amountPlanck: Planck
    readonly unmatchedPlanck: Planck
    readonly timestamp: TimestampMs
}

export interface QueueResult {
    /** all requests in FIFO order */
    readonly requests: readonly UnstakeRequest[]
    /** allocations in the order they were made */
    readonly allocations: readonly Allocation[]
    /** every outflow with its unmatched remainder, in canonical order */
    readonly outflows: readonly OutflowMatch[]
    /** the outflows with unmatchedPlanck > 0 (UNMATCHED_OUTFLOW, for review) */
    readonly unmatchedOutflows: readonly OutflowMatch[]
}

/** FIFO order of requests: requestedAt, then id (code units). */
export function compareFifo(a: { requestedAt: number; id: string }, b: { requestedAt: number; id: string }): number {
    if (a.requestedAt !== b.requestedAt) return a.requestedAt < b.requestedAt ? -1 : 1
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

interface MutableRequest {
    burn: BurnEvent
    requestedAt: number
    id: string
    paid: Planck
    paidAt: number | null
}

export function matchQueue(events: readonly DomainEvent[], now: TimestampMs, settings: Pick<CoreSettings, 'releasePeriodSeconds'>): QueueResult {
    assertTimestamp(now, 'matchQueue now')
    const releaseMs = settings.releasePeriodSeconds * 1000
    if (!Number.isSafeInteger(releaseMs) || releaseMs < 0) throw new RangeError(`bad releasePeriodSeconds ${settings.releasePeriodSeconds}`)

    const burns: MutableRequest[] = []
    const outflowEvents: PoolTransferEvent[] = []
    const ids = new Set<string>()
    for (const e of events) {
        if (e.type === 'Burn') {
            if (ids.has(e.id)) throw new RangeError(`duplicate Burn id ${e.id}`)
            ids.add(e.id)
            if (e.owedPlanck < 0n) throw new RangeError(`Burn ${e.id}: negative owedPlanck`)
            if (e.recipientStatus === 'VALID' && e.recipient == null) throw new RangeError(`Burn ${e.id}: VALID without a recipient`)
            burns.push({ burn: e, requestedAt: e.timestamp, id: e.id, paid: ZERO_PLANCK, paidAt: null })
        } else if (e.type === 'PoolTransfer' && e.kind === 'OUTFLOW') {
            if (e.amount < 0n) throw new RangeError(`Outflow ${e.id}: negative amount`)
            outflowEvents.push(e)
        }
    }
    burns.sort(compareFifo)

    // Per recipient: VALID requests in FIFO order and a cursor. Eligibility (requestedAt <= t) is
    // a FIFO prefix that only grows as t grows, and allocation fills it front to back, so the
    // requests before the cursor are exactly the fully paid ones.
    const byRecipient = new Map<string, { list: MutableRequest[]; cursor: number }>()
    for (const r of burns) {
        if (r.burn.recipientStatus !== 'VALID') continue
        if (r.burn.owedPlanck === 0n) {
            r.paidAt = r.requestedAt
            continue
        }
        const key = r.burn.recipient as string
        let q = byRecipient.get(key)
        if (q == null) byRecipient.set(key, (q = { list: [], cursor: 0 }))
        q.list.push(r)
    }

    const allocations: Allocation[] = []
    const outflows: OutflowMatch[] = []
    for (const o of sortEvents(outflowEvents)) {
        let left: Planck = o.amount
        const q = byRecipient.get(o.to)
        if (q != null) {
            while (left > 0n && q.cursor < q.list.length) {
                const r = q.list[q.cursor]
                if (r.requestedAt > o.timestamp) break
                const due = sub(r.burn.owedPlanck, r.paid)
                const x = min(due, left)
                r.paid = add(r.paid, x)
                left = sub(left, x)
                allocations.push({ outflowId: o.id, requestId: r.id, amount: x, timestamp: o.timestamp })
                if (r.paid === r.burn.owedPlanck) {
                    r.paidAt = o.timestamp
                    q.cursor++
                }
            }
        }
        outflows.push({ id: o.id, to: o.to, amountPlanck: o.amount, unmatchedPlanck: left, timestamp: o.timestamp })
    }

    const requests: UnstakeRequest[] = burns.map(r => {
        const b = r.burn
        const deadline = r.requestedAt + releaseMs
        let status: RequestStatus
        if (b.recipientStatus !== 'VALID') status = 'INVALID_RECIPIENT'
        else if (r.paid === b.owedPlanck) status = 'PAID'
        else if (r.paid > 0n) status = 'PARTIALLY_PAID'
        else status = 'PENDING'
        const paidAt = status === 'PAID' ? r.paidAt : null
        const overdue = paidAt != null ? paidAt > deadline : now > deadline
        return {
            id: b.id,
            ethAccount: b.ethAccount,
            recipient: b.recipient,
            recipientStatus: b.recipientStatus,
            shares: b.shares,
            owedPlanck: b.owedPlanck,
            paidPlanck: r.paid,
            status,
            requestedAt: r.requestedAt,
            paidAt,
            deadline,
            overdue,
        }
    })
    return { requests, allocations, outflows, unmatchedOutflows: outflows.filter(o => o.unmatchedPlanck > 0n) }
}

/** owed − paid of a request (0 for PAID). */
export function remainingOf(r: UnstakeRequest): Planck {
    return sub(r.owedPlanck, r.paidPlanck)
}
