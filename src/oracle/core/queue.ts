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
import { assertTimestamp, BurnEvent, compareEvents, DomainEvent, PoolTransferEvent, RecipientStatus, sortEvents, TimestampMs } from './events'
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
    /** index in FIFO order among every request */
    position: number
}

/** A request as result() shows it, with its index in FIFO order (the live table's queue position). */
export interface PositionedRequest {
    readonly request: UnstakeRequest
    readonly position: number
}

export function matchQueue(events: readonly DomainEvent[], now: TimestampMs, settings: Pick<CoreSettings, 'releasePeriodSeconds'>): QueueResult {
    assertTimestamp(now, 'matchQueue now')
    const fold = new QueueFold(settings)
    for (const e of sortEvents(events)) fold.apply(e)
    return fold.result(now)
}

/** What a period's queue report stores: the queue's totals at a time, without the request list. */
export interface QueueTotals {
    readonly pendingOwed: Planck
    readonly invalidRecipientOwed: Planck
    readonly overdueCount: number
    readonly requestCount: number
}

/**
 * matchQueue as a left fold over events in canonical order, readable at any point; the oracle
 * worker carries one across the periods it closes, so each period costs its own events plus the
 * open requests, not the whole history. Equivalence with the batch definition above rests on:
 *  - canonical (chain) order sorts Burns by requestedAt, so a request joins its recipient's list
 *    after every earlier one; among Burns of the same time (one block: log order, not id order) it
 *    is inserted by id, which is FIFO order (§4.8: requestedAt, then id). No outflow of that time
 *    has been matched yet (see below), so the cursor never passes the requests it moves among;
 *  - an Outflow at time t may pay every request with requestedAt <= t, including Burns at t that
 *    sort after it: Outflows wait until every event of their timestamp has arrived (the next
 *    timestamp, or a read) and are then matched in canonical order;
 *  - a read settles the last timestamp: an event at or before it afterwards is refused.
 */
export class QueueFold {
    private readonly releaseMs: number
    /** every request, FIFO order */
    private readonly burns: MutableRequest[] = []
    private readonly ids = new Set<string>()
    // Per recipient: VALID requests in FIFO order and a cursor. Eligibility (requestedAt <= t) is
    // a FIFO prefix that only grows as t grows, and allocation fills it front to back, so the
    // requests before the cursor are exactly the fully paid ones.
    private readonly byRecipient = new Map<string, { list: MutableRequest[]; cursor: number }>()
    /** requests not PAID: VALID ones still owed something, and every non-VALID one; in canonical order, so by requestedAt */
    private readonly open = new Set<MutableRequest>()
    /** Σ owed − paid over `open`, and its part owed to non-VALID requests: totals() without a pass over them per period */
    private openOwed: Planck = ZERO_PLANCK
    private invalidOwed: Planck = ZERO_PLANCK
    private readonly allocations: Allocation[] = []
    private readonly outflows: OutflowMatch[] = []
    /** every request as it was created or paid (partly or fully), in that order: what a running worker rewrites */
    private readonly changes: MutableRequest[] = []
    /** Outflows of the latest timestamp, not matched yet */
    private waiting: PoolTransferEvent[] = []
    private last: DomainEvent | null = null
    private settledAt = Number.NEGATIVE_INFINITY

    constructor(settings: Pick<CoreSettings, 'releasePeriodSeconds'>) {
        this.releaseMs = settings.releasePeriodSeconds * 1000
        if (!Number.isSafeInteger(this.releaseMs) || this.releaseMs < 0) throw new RangeError(`bad releasePeriodSeconds ${settings.releasePeriodSeconds}`)
    }

    apply(e: DomainEvent): void {
        if (this.last != null && compareEvents(this.last, e) > 0) throw new RangeError(`event ${e.id} out of canonical order (after ${this.last.id})`)
        if (e.timestamp <= this.settledAt) throw new RangeError(`event ${e.id} at ${e.timestamp}, at or before a time already read (${this.settledAt})`)
        this.last = e
        if (this.waiting.length > 0 && e.timestamp > this.waiting[0].timestamp) this.matchWaiting()
        if (e.type === 'Burn') {
            if (this.ids.has(e.id)) throw new RangeError(`duplicate Burn id ${e.id}`)
            this.ids.add(e.id)
            if (e.owedPlanck < 0n) throw new RangeError(`Burn ${e.id}: negative owedPlanck`)
            if (e.recipientStatus === 'VALID' && e.recipient == null) throw new RangeError(`Burn ${e.id}: VALID without a recipient`)
            const r: MutableRequest = { burn: e, requestedAt: e.timestamp, id: e.id, paid: ZERO_PLANCK, paidAt: null, position: 0 }
            // only requests of this same time (not read yet) can move one place down
            for (let k = insertFifo(this.burns, r); k < this.burns.length; k++) this.burns[k].position = k
            this.changes.push(r)
            if (e.recipientStatus !== 'VALID') {
                this.open.add(r)
                this.openOwed = add(this.openOwed, e.owedPlanck)
                this.invalidOwed = add(this.invalidOwed, e.owedPlanck)
            } else if (e.owedPlanck === 0n) {
                r.paidAt = r.requestedAt
            } else {
                const key = e.recipient as string
                let q = this.byRecipient.get(key)
                if (q == null) this.byRecipient.set(key, (q = { list: [], cursor: 0 }))
                insertFifo(q.list, r)
                this.open.add(r)
                this.openOwed = add(this.openOwed, e.owedPlanck)
            }
        } else if (e.type === 'PoolTransfer' && e.kind === 'OUTFLOW') {
            if (e.amount < 0n) throw new RangeError(`Outflow ${e.id}: negative amount`)
            this.waiting.push(e)
        }
    }

    private matchWaiting(): void {
        for (const o of this.waiting) {
            let left: Planck = o.amount
            const q = this.byRecipient.get(o.to)
            if (q != null) {
                while (left > 0n && q.cursor < q.list.length) {
                    const r = q.list[q.cursor]
                    if (r.requestedAt > o.timestamp) break
                    const due = sub(r.burn.owedPlanck, r.paid)
                    const x = min(due, left)
                    r.paid = add(r.paid, x)
                    left = sub(left, x)
                    this.openOwed = sub(this.openOwed, x)
                    this.changes.push(r)
                    this.allocations.push({ outflowId: o.id, requestId: r.id, amount: x, timestamp: o.timestamp })
                    if (r.paid === r.burn.owedPlanck) {
                        r.paidAt = o.timestamp
                        q.cursor++
                        this.open.delete(r)
                    }
                }
            }
            this.outflows.push({ id: o.id, to: o.to, amountPlanck: o.amount, unmatchedPlanck: left, timestamp: o.timestamp })
        }
        this.waiting = []
    }

    private settle(): void {
        this.matchWaiting()
        if (this.last != null) this.settledAt = this.last.timestamp
    }

    /** The whole queue at `now`: every request with its status and overdue flag, every allocation. */
    result(now: TimestampMs): QueueResult {
        assertTimestamp(now, 'queue now')
        this.settle()
        const requests = this.burns.map(r => this.viewOf(r, now))
        const outflows = this.outflows.slice()
        return { requests, allocations: this.allocations.slice(), outflows, unmatchedOutflows: outflows.filter(o => o.unmatchedPlanck > 0n) }
    }

    /** A request as result(now) shows it. */
    private viewOf(r: MutableRequest, now: TimestampMs): UnstakeRequest {
        const b = r.burn
        const deadline = r.requestedAt + this.releaseMs
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
    }

    /** How many changes (requests created or paid) the fold has made: a mark for changedSince. Settles like a read. */
    changeCount(): number {
        this.settle()
        return this.changes.length
    }

    /**
     * The requests of result(now) whose view can differ from what a read at `since` (with change mark `mark`)
     * showed: created or paid since the mark, or not PAID and overdue since `since` (deadline in [since, now)).
     * FIFO order. Costs the changes and the requests not paid, not the whole queue.
     */
    changedSince(mark: number, since: TimestampMs, now: TimestampMs): PositionedRequest[] {
        assertTimestamp(now, 'queue now')
        this.settle()
        const changed = new Set(this.changes.slice(mark))
        for (const r of this.open) {
            const deadline = r.requestedAt + this.releaseMs
            if (deadline >= since && deadline < now) changed.add(r)
        }
        return [...changed].sort((a, b) => a.position - b.position).map(r => ({ request: this.viewOf(r, now), position: r.position }))
    }

    /** The requests not PAID (pending and INVALID_RECIPIENT) as result(now) shows them, FIFO order. */
    unpaid(now: TimestampMs): UnstakeRequest[] {
        assertTimestamp(now, 'queue now')
        this.settle()
        return [...this.open].sort((a, b) => a.position - b.position).map(r => this.viewOf(r, now))
    }

    allocationCount(): number {
        this.settle()
        return this.allocations.length
    }

    outflowCount(): number {
        this.settle()
        return this.outflows.length
    }

    /** result(now).allocations from index `from` on (allocations are only ever appended). */
    allocationsSince(from: number): Allocation[] {
        this.settle()
        return this.allocations.slice(from)
    }

    /** result(now).outflows from index `from` on (each is final once matched, and only ever appended). */
    outflowsSince(from: number): OutflowMatch[] {
        this.settle()
        return this.outflows.slice(from)
    }

    /** The totals of result(now) (pending and invalid-recipient owed, overdue count, requests), from the open requests alone. */
    totals(now: TimestampMs): QueueTotals {
        assertTimestamp(now, 'queue now')
        this.settle()
        let overdueCount = 0
        // a request that is not PAID is overdue once now passes its deadline; `open` is in requestedAt
        // order, so the overdue ones come first
        for (const r of this.open) {
            if (!(now > r.requestedAt + this.releaseMs)) break
            overdueCount++
        }
        return { pendingOwed: this.openOwed, invalidRecipientOwed: this.invalidOwed, overdueCount, requestCount: this.burns.length }
    }
}

/** Appends `r` to a FIFO-ordered list (before the end only when a request of the same time sorts after it by id); its index. */
function insertFifo(list: MutableRequest[], r: MutableRequest): number {
    let k = list.length
    while (k > 0 && compareFifo(list[k - 1], r) > 0) k--
    list.splice(k, 0, r)
    return k
}

/** owed − paid of a request (0 for PAID). */
export function remainingOf(r: UnstakeRequest): Planck {
    return sub(r.owedPlanck, r.paidPlanck)
}
