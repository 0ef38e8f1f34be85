import { DepositState, QueueReportTotals } from '../core'

/** Rows of the oracle's tables keyed by the model's property names (src/db/entity-rows.ts maps them to columns). */
export function depositRow(d: DepositState): Record<string, unknown> {
    return {
        id: d.depositId, account: d.from, amount: d.amount, status: d.finalStatus, shares: d.shares, period: d.period,
        ratio: d.ratio, timestamp: d.timestamp, refundOutflowId: d.refund?.outflowId, refundedAt: d.refund?.timestamp,
    }
}

export function queueReportRow(id: string, q: QueueReportTotals): Record<string, unknown> {
    return {
        id, watermark: q.watermark, pendingOwedPlanck: q.pendingOwed, invalidRecipientOwedPlanck: q.invalidRecipientOwed,
        freePlanck: q.free, refundablePlanck: q.refundable, unbondingPlanck: q.unbonding, bondedPlanck: q.bonded, toUnbondPlanck: q.toUnbond,
        overdueCount: q.overdueCount, requestCount: q.requestCount,
    }
}

/** A row's bytes, to tell whether the table already holds it. */
export const canonicalRow = (r: Record<string, unknown>) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
