/**
 * SPEC §4.1 — refunds of BELOW_MINIMUM and HELD deposits, as a fold in canonical order.
 *
 * An Outflow to a deposit's sender, after the deposit in canonical order, of exactly its amount
 * refunds the oldest such unrefunded deposit of that sender: the deposit becomes REFUNDED and
 * the outflow pays no unstake request. Until refunded, a deposit's planck are `refundable`: owed
 * back to its sender, not free liquidity (§4.9).
 */
import { add, Planck, sub, ZERO_PLANCK } from '../../domain/units'
import { DepositOutcome, isRefundable } from './deposits'
import { PoolTransferEvent, TimestampMs } from './events'

export interface Refund {
    readonly depositId: string
    readonly outflowId: string
    readonly timestamp: TimestampMs
}

export class RefundBook {
    /** unrefunded refundable deposits per sender, oldest first */
    private readonly open = new Map<string, DepositOutcome[]>()
    private readonly refunds = new Map<string, Refund>()
    /** the same refunds in the order they were made: what a running worker rewrites */
    private readonly made: Refund[] = []
    private total: Planck = ZERO_PLANCK

    /** Records a decided deposit (only refundable ones are kept). */
    addDeposit(d: DepositOutcome): void {
        if (!isRefundable(d.status)) return
        let list = this.open.get(d.from)
        if (list == null) this.open.set(d.from, (list = []))
        list.push(d)
        this.total = add(this.total, d.amount)
    }

    /** The refund this outflow makes, or null when it is not one (then it may pay unstake requests). */
    applyOutflow(o: PoolTransferEvent): Refund | null {
        if (o.kind !== 'OUTFLOW') return null
        const list = this.open.get(o.to)
        const k = list?.findIndex(d => d.amount === o.amount) ?? -1
        if (list == null || k < 0) return null
        const [d] = list.splice(k, 1)
        if (list.length === 0) this.open.delete(o.to)
        this.total = sub(this.total, d.amount)
        const refund = { depositId: d.depositId, outflowId: o.id, timestamp: o.timestamp }
        this.refunds.set(d.depositId, refund)
        this.made.push(refund)
        return refund
    }

    /** planck of refundable deposits not refunded yet */
    refundable(): Planck {
        return this.total
    }

    /** how many refunds were made so far: a mark for refundsSince */
    count(): number {
        return this.made.length
    }

    /** the refunds made after `mark` refunds, in the order they were made */
    refundsSince(mark: number): readonly Refund[] {
        return this.made.slice(mark)
    }

    refundOf(depositId: string): Refund | undefined {
        return this.refunds.get(depositId)
    }
}
