/**
 * The pool's running state as one left fold over events in canonical order: deposit decisions
 * (deposits.ts), refunds (refunds.ts), the unstake queue (queue.ts) and liquidity (liquidity.ts).
 * The oracle worker carries one across the periods it closes; `replayPool` is the batch
 * definition the tests compare it with.
 *
 * Deposits of period D are decided against report D−1, so the caller gives the fold that report's
 * basis (`addBasis`) before applying D's deposits. An outflow that refunds a deposit (§4.1) moves
 * liquidity but never reaches the queue (it pays no unstake request).
 */
import { ONE_RATIO, Planck, sub } from '../../domain/units'
import { CreditBasis, decideDeposit, DepositOutcome, DepositStatus, isRefundable } from './deposits'
import { DomainEvent, sortEvents, TimestampMs } from './events'
import { LiquidityFold, LiquiditySettings } from './liquidity'
import { periodOf } from './periods'
import { QueueFold } from './queue'
import { Refund, RefundBook } from './refunds'
import { ReservesFold } from './reserves'
import { creditBasis, replayPeriods } from './report'
import { CoreSettings } from './settings'

export interface DepositState extends DepositOutcome {
    readonly finalStatus: DepositStatus
    readonly refund: Refund | null
}

export class PoolFold {
    readonly queue: QueueFold
    readonly liquidity: LiquidityFold
    readonly refunds = new RefundBook()
    /** claims, burns and fees so far: the events' side of proof of reserves (§4.14) */
    readonly reserves: ReservesFold
    /** every decided deposit, canonical order (so periods never decrease) */
    private readonly outcomes: DepositOutcome[] = []
    /** the BELOW_MINIMUM and HELD ones: the only decisions a later outflow can change (REFUNDED) */
    private readonly refundable: DepositOutcome[] = []
    private readonly refundableById = new Map<string, DepositOutcome>()
    /** by the period whose deposits they decide (basis.period + 1) */
    private readonly bases = new Map<number, CreditBasis>()
    private applied = 0

    constructor(private readonly settings: CoreSettings, liquidity: LiquiditySettings) {
        this.queue = new QueueFold(settings)
        this.liquidity = new LiquidityFold(liquidity)
        this.reserves = new ReservesFold(settings.feeBps)
    }

    /** The report deposits of period basis.period + 1 are decided against. */
    addBasis(basis: CreditBasis): void {
        this.bases.set(basis.period + 1, basis)
    }

    /** how many events the fold has been given */
    appliedCount(): number {
        return this.applied
    }

    apply(e: DomainEvent): void {
        this.applied++
        if (e.type === 'Deposit') {
            const period = periodOf(e.timestamp, this.settings.periodSeconds)
            const basis = this.bases.get(period)
            if (basis == null) throw new RangeError(`Deposit ${e.id} of period ${period} applied before report ${period - 1} was given`)
            const d = decideDeposit(e, basis, this.settings)
            this.outcomes.push(d)
            if (isRefundable(d.status)) {
                this.refundable.push(d)
                this.refundableById.set(d.depositId, d)
            }
            this.refunds.addDeposit(d)
        }
        const refund = e.type === 'PoolTransfer' ? this.refunds.applyOutflow(e) : null
        if (refund == null) this.queue.apply(e)
        this.liquidity.apply(e)
        this.reserves.apply(e)
    }

    /** Every deposit applied so far, with its refund if it was refunded, in canonical order. */
    deposits(): DepositState[] {
        return this.statesOf(this.outcomes)
    }

    /** The given decisions with what the outflows applied so far did to them. */
    statesOf(outcomes: readonly DepositOutcome[]): DepositState[] {
        return outcomes.map(d => {
            const refund = this.refunds.refundOf(d.depositId) ?? null
            return { ...d, finalStatus: refund ? 'REFUNDED' : d.status, refund }
        })
    }

    /**
     * The decisions that can still change or are new: every refundable one (a later outflow may
     * refund it) and every one of period `fromPeriod` or later (not stored with a closed period yet).
     * What a running worker rewrites each pass, instead of the whole history's deposits.
     */
    liveDeposits(fromPeriod: number): DepositState[] {
        let k = this.outcomes.length
        while (k > 0 && this.outcomes[k - 1].period >= fromPeriod) k--
        const recent = this.outcomes.slice(k).filter(d => !isRefundable(d.status))
        return this.statesOf([...this.refundable, ...recent])
    }

    /** How many deposits were decided so far: with refunds.count(), a mark for depositsChangedSince. */
    outcomeCount(): number {
        return this.outcomes.length
    }

    /**
     * What liveDeposits(fromPeriod) holds that can differ from what it held at a mark: the deposits of
     * period `fromPeriod` or later decided since `mark.outcomes`, and those refunded since `mark.refunds`.
     * A running worker's pass costs these, not every refundable deposit of the history.
     */
    depositsChangedSince(mark: { outcomes: number; refunds: number }, fromPeriod: number): DepositState[] {
        const changed = new Map<string, DepositOutcome>()
        for (let k = mark.outcomes; k < this.outcomes.length; k++) {
            const d = this.outcomes[k]
            if (d.period >= fromPeriod) changed.set(d.depositId, d)
        }
        for (const r of this.refunds.refundsSince(mark.refunds)) changed.set(r.depositId, this.refundableById.get(r.depositId) as DepositOutcome)
        return this.statesOf([...changed.values()])
    }

    /** Free liquidity for unstake requests: the pool accounts' free balance less the refundable planck (§4.9). */
    freeAndRefundable(): { free: Planck; refundable: Planck } {
        const refundable = this.refunds.refundable()
        return { free: sub(this.liquidity.totals().free, refundable), refundable }
    }
}

/**
 * The batch definition: every event up to and including `now`, folded period by period with the
 * bases of replayPeriods (genesis before the first deposit's period).
 */
export function replayPool(events: readonly DomainEvent[], settings: CoreSettings, liquidity: LiquiditySettings, now: TimestampMs): PoolFold {
    const sorted = sortEvents(events).filter(e => e.timestamp <= now)
    const reports = replayPeriods(sorted, settings, now)
    const fold = new PoolFold(settings, liquidity)
    const firstDeposit = sorted.find(e => e.type === 'Deposit')
    if (firstDeposit) fold.addBasis({ period: periodOf(firstDeposit.timestamp, settings.periodSeconds) - 1, ratio: ONE_RATIO, insolvent: false })
    for (const r of reports) fold.addBasis(creditBasis(r.next))
    for (const e of sorted) fold.apply(e)
    return fold
}
