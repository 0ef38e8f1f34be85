import { ClientBase } from 'pg'
import { periodStateFrom, PeriodResult, PeriodState, QueueReport, QueueReportTotals, serializeReport, totalsOfReport } from '../core'
import { insertRows } from './sql'

/**
 * The oracle's tables (schema.graphql, "Oracle" section). A period's report, its deposit credits
 * and its queue report are written together, once; the live queue is replaced as a whole.
 */
export async function lastStoredState(db: ClientBase): Promise<PeriodState | null> {
    const res = await db.query(
        'SELECT period, ratio, total_shares, pooled_value, onchain_ratio, onchain_ratio_id FROM period_report ORDER BY period DESC LIMIT 1')
    const r = res.rows[0]
    if (!r) return null
    return periodStateFrom({
        period: r.period, ratio: BigInt(r.ratio), totalShares: BigInt(r.total_shares), pooledValue: BigInt(r.pooled_value),
        onchainRatio: BigInt(r.onchain_ratio), onchainRatioId: r.onchain_ratio_id,
    })
}

export async function storePeriod(db: ClientBase, result: PeriodResult, queue: QueueReportTotals): Promise<void> {
    const r = result.report
    await insertRows(db, 'period_report', [
        'id', 'period', 'period_start', 'period_end', 'prev_ratio', 'ratio', 'prev_total_shares', 'total_shares',
        'prev_pooled_value', 'pooled_value', 'credited_planck', 'credited_shares', 'credited_count', 'below_minimum_planck',
        'below_minimum_count', 'gross_reward_planck', 'fee_planck', 'net_reward_planck', 'reward_count', 'slashed_planck',
        'slash_count', 'burned_shares', 'owed_planck', 'burn_count', 'onchain_ratio', 'onchain_ratio_id', 'insolvent',
        'negative_shares', 'apr', 'checks', 'publishable', 'event_count', 'first_event_id', 'last_event_id', 'inputs_hash', 'canonical',
    ], [[
        r.label, r.period, new Date(r.periodStart), new Date(r.periodEnd), r.prevRatio, r.ratio, r.prevTotalShares, r.totalShares,
        r.prevPooledValue, r.pooledValue, r.creditedPlanck, r.creditedShares, r.creditedCount, r.belowMinimumPlanck,
        r.belowMinimumCount, r.grossRewardPlanck, r.feePlanck, r.netRewardPlanck, r.rewardCount, r.slashedPlanck,
        r.slashCount, r.burnedShares, r.owedPlanck, r.burnCount, r.onchainRatio, r.onchainRatioId, r.insolvent,
        r.negativeShares, r.apr, r.checks, r.publishable, r.eventCount, r.firstEventId, r.lastEventId,
        r.inputsHash, serializeReport(r),
    ]])
    await insertRows(db, 'deposit_credit', ['id', 'account', 'amount', 'shares', 'period', 'ratio'],
        result.credits.map(c => [c.depositId, c.from, c.amount, c.shares, r.period, r.prevRatio]))
    await insertQueueReport(db, r.label, queue)
}

async function insertQueueReport(db: ClientBase, id: string, q: QueueReportTotals): Promise<void> {
    await insertRows(db, 'queue_report', [
        'id', 'watermark', 'pending_owed_planck', 'invalid_recipient_owed_planck', 'free_planck', 'unbonding_planck',
        'to_unbond_planck', 'overdue_count', 'request_count',
    ], [[id, new Date(q.watermark), q.pendingOwed, q.invalidRecipientOwed, q.free, q.unbonding, q.toUnbond, q.overdueCount, q.requestCount]])
}

interface LiveTable {
    table: string
    columns: string[]
    size: number
    id(i: number): string
    /**
     * A row that can never change once written: a PAID request (its payment and place in the FIFO
     * queue are final rows' facts, and a paid request has no ETA), an allocation or an unmatched
     * remainder (both fixed when their outflow is matched). A running worker skips them unread.
     */
    final(i: number): boolean
    /** value array in `columns` order, the id first */
    row(i: number): unknown[]
}

function liveTables(q: QueueReport): LiveTable[] {
    const allocationId = (i: number) => `${q.allocations[i].outflowId}:${q.allocations[i].requestId}`
    return [
        {
            table: 'unstake_request',
            columns: ['id', 'queue_position', 'eth_account', 'recipient', 'recipient_status', 'shares', 'owed_planck', 'paid_planck',
                'status', 'overdue', 'requested_at', 'paid_at', 'deadline', 'eta', 'eta_reason'],
            size: q.requests.length,
            id: i => q.requests[i].id,
            final: i => q.requests[i].status === 'PAID',
            row: i => {
                const r = q.requests[i]
                return [
                    r.id, i, r.ethAccount, r.recipient, r.recipientStatus, r.shares, r.owedPlanck, r.paidPlanck, r.status, r.overdue,
                    new Date(r.requestedAt), r.paidAt == null ? null : new Date(r.paidAt), new Date(r.deadline),
                    r.eta == null ? null : new Date(r.eta), r.etaReason,
                ]
            },
        },
        {
            table: 'outflow_allocation',
            columns: ['id', 'outflow_id', 'request_id', 'amount', 'timestamp'],
            size: q.allocations.length,
            id: allocationId,
            final: () => true,
            row: i => {
                const a = q.allocations[i]
                return [allocationId(i), a.outflowId, a.requestId, a.amount, new Date(a.timestamp)]
            },
        },
        {
            table: 'unmatched_outflow',
            columns: ['id', 'to', 'amount', 'unmatched', 'timestamp'],
            size: q.unmatchedOutflows.length,
            id: i => q.unmatchedOutflows[i].id,
            final: () => true,
            row: i => {
                const o = q.unmatchedOutflows[i]
                return [o.id, o.to, o.amountPlanck, o.unmatchedPlanck, new Date(o.timestamp)]
            },
        },
    ]
}

const canonicalRow = (r: unknown[]) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
/** what the writer remembers of a final row: it was written, and cannot have changed */
const FINAL = ''

/**
 * Writes the live queue (every request's status and ETA, allocations, unmatched outflows) as a diff
 * against what this writer wrote last: most requests of a long history are PAID and never change.
 * The first write of a process, or one after a failed transaction, replaces the tables whole.
 * Call `committed()` once the transaction holding `write` has committed.
 */
export class LiveQueueWriter {
    private written: Map<string, Map<string, string>> | null = null
    private staged: Map<string, Map<string, string>> | null = null

    async write(db: ClientBase, q: QueueReport): Promise<void> {
        const next = new Map<string, Map<string, string>>()
        for (const t of liveTables(q)) {
            const before = this.written?.get(t.table)
            const now = new Map<string, string>()
            next.set(t.table, now)
            const changed: unknown[][] = []
            for (let i = 0; i < t.size; i++) {
                const id = t.id(i)
                const was = before?.get(id)
                if (t.final(i)) {
                    now.set(id, FINAL)
                    if (was !== FINAL) changed.push(t.row(i))
                } else {
                    const row = t.row(i)
                    const c = canonicalRow(row)
                    now.set(id, c)
                    if (was !== c) changed.push(row)
                }
            }
            if (!before) {
                await db.query(`DELETE FROM "${t.table}"`)
            } else {
                const stale = [...before.keys()].filter(id => now.get(id) !== before.get(id))
                if (stale.length) await db.query(`DELETE FROM "${t.table}" WHERE id = ANY($1)`, [stale])
            }
            await insertRows(db, t.table, t.columns, changed)
        }
        await db.query(`DELETE FROM queue_report WHERE id = 'live'`)
        await insertQueueReport(db, 'live', totalsOfReport(q))
        this.staged = next
    }

    committed(): void {
        this.written = this.staged
        this.staged = null
    }

    /** after a failed transaction: what the tables hold is unknown, rewrite them whole next time */
    reset(): void {
        this.written = null
        this.staged = null
    }
}
