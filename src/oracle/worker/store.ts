import { ClientBase } from 'pg'
import { FirstEtas } from './first-etas'
import { entityRow, entityTable, insertEntities, upsertEntities } from '../../db/entity-rows'
import { DepositOutcome as DepositOutcomeRow, OutflowAllocation, PeriodReport, QueueReport as QueueReportRow, UnmatchedOutflow, UnstakeRequest } from '../../model'
import { ONE_RATIO, ratio } from '../../domain/units'
import { CreditBasis, DepositState, periodStateFrom, PeriodResult, PeriodState, QueueReport, QueueReportTotals, serializeReport, totalsOfReport } from '../core'

/**
 * The oracle's tables (schema.graphql, "Oracle" section), written through the model's metadata
 * (src/db/entity-rows.ts). A period's report, its queue report and its deposits' outcomes are
 * written together, once; the live tables (the queue) are rewritten as a diff, and the deposit
 * outcomes that can still change (refundable ones, the open period's) are upserted when they do.
 */
export async function lastStoredState(db: ClientBase): Promise<PeriodState | null> {
    const res = await db.query(
        'SELECT period, ratio, total_shares, pooled_value, onchain_ratio, onchain_ratio_id, insolvent FROM period_report ORDER BY period DESC LIMIT 1')
    const r = res.rows[0]
    if (!r) return null
    return periodStateFrom({
        period: r.period, ratio: BigInt(r.ratio), totalShares: BigInt(r.total_shares), pooledValue: BigInt(r.pooled_value),
        onchainRatio: BigInt(r.onchain_ratio), onchainRatioId: r.onchain_ratio_id, insolvent: r.insolvent,
    })
}

/** Every stored report as the basis of the next period's deposits, and the genesis basis before the first. */
export async function storedBases(db: ClientBase): Promise<CreditBasis[]> {
    const res = await db.query('SELECT period, ratio::text AS ratio, insolvent FROM period_report ORDER BY period')
    const bases: CreditBasis[] = res.rows.map(r => ({ period: r.period, ratio: ratio(BigInt(r.ratio)), insolvent: r.insolvent }))
    if (bases.length > 0) bases.unshift({ period: bases[0].period - 1, ratio: ONE_RATIO, insolvent: false })
    return bases
}

/** `deposits`: the period's deposits with the refunds seen up to its end (some may be stored already, decided early). */
export async function storePeriod(db: ClientBase, result: PeriodResult, queue: QueueReportTotals, deposits: readonly DepositState[]): Promise<void> {
    const r = result.report
    const canonical = serializeReport(r)
    // the JSON column holds the section exactly as the canonical report has it (bigints as strings)
    const reserves = r.reserves ? JSON.parse(canonical).reserves : null
    await insertEntities(db, PeriodReport, [{ ...r, id: r.label, canonical, reserves }])
    await insertEntities(db, QueueReportRow, [queueReportRow(r.label, queue)])
    await upsertEntities(db, DepositOutcomeRow, deposits.map(depositRow))
}

function depositRow(d: DepositState): Record<string, unknown> {
    return {
        id: d.depositId, account: d.from, amount: d.amount, status: d.finalStatus, shares: d.shares, period: d.period,
        ratio: d.ratio, timestamp: d.timestamp, refundOutflowId: d.refund?.outflowId, refundedAt: d.refund?.timestamp,
    }
}

function queueReportRow(id: string, q: QueueReportTotals): Record<string, unknown> {
    return {
        id, watermark: q.watermark, pendingOwedPlanck: q.pendingOwed, invalidRecipientOwedPlanck: q.invalidRecipientOwed,
        freePlanck: q.free, refundablePlanck: q.refundable, unbondingPlanck: q.unbonding, bondedPlanck: q.bonded, toUnbondPlanck: q.toUnbond,
        overdueCount: q.overdueCount, requestCount: q.requestCount,
    }
}

/** What the live pass writes: the queue at the watermark and the deposit outcomes that may have changed. */
export interface LiveState {
    queue: QueueReport
    deposits: readonly DepositState[]
}

interface LiveTable {
    cls: Function
    size: number
    id(i: number): string
    /**
     * A row that can never change once written: a PAID request (its payment and place in the FIFO
     * queue are final rows' facts, and a paid request has no ETA), an allocation or an unmatched
     * remainder (both fixed when their outflow is matched), a CREDITED or REFUNDED deposit. A
     * running worker skips them unread.
     */
    final(i: number): boolean
    /** the row keyed by the entity's property names */
    object(i: number): Record<string, unknown>
}

function liveTables(q: QueueReport, firstEtas: FirstEtas): LiveTable[] {
    const allocationId = (i: number) => `${q.allocations[i].outflowId}:${q.allocations[i].requestId}`
    return [
        {
            cls: UnstakeRequest,
            size: q.requests.length,
            id: i => q.requests[i].id,
            final: i => q.requests[i].status === 'PAID',
            object: i => ({ ...q.requests[i], queuePosition: i, ...firstEtas.of(q.requests[i].id) }),
        },
        {
            cls: OutflowAllocation,
            size: q.allocations.length,
            id: allocationId,
            final: () => true,
            object: i => ({ ...q.allocations[i], id: allocationId(i) }),
        },
        {
            cls: UnmatchedOutflow,
            size: q.unmatchedOutflows.length,
            id: i => q.unmatchedOutflows[i].id,
            final: () => true,
            object: i => {
                const o = q.unmatchedOutflows[i]
                return { id: o.id, to: o.to, amount: o.amountPlanck, unmatched: o.unmatchedPlanck, timestamp: o.timestamp }
            },
        },
    ]
}

const canonicalRow = (r: Record<string, unknown>) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
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
    private readonly firstEtas = new FirstEtas()

    async write(db: ClientBase, live: LiveState): Promise<void> {
        const next = new Map<string, Map<string, string>>()
        await this.firstEtas.load(db)
        this.firstEtas.observe(live.queue.requests, live.queue.watermark)
        for (const t of liveTables(live.queue, this.firstEtas)) {
            const meta = entityTable(t.cls)
            const before = this.written?.get(meta.table)
            const now = new Map<string, string>()
            next.set(meta.table, now)
            const changed: Record<string, unknown>[] = []
            for (let i = 0; i < t.size; i++) {
                const id = t.id(i)
                const was = before?.get(id)
                if (t.final(i)) {
                    now.set(id, FINAL)
                    if (was !== FINAL) changed.push(t.object(i))
                } else {
                    const o = t.object(i)
                    const c = canonicalRow(entityRow(meta, o))
                    now.set(id, c)
                    if (was !== c) changed.push(o)
                }
            }
            if (!before) {
                await db.query(`DELETE FROM "${meta.table}"`)
            } else {
                const stale = [...before.keys()].filter(id => now.get(id) !== before.get(id))
                if (stale.length) await db.query(`DELETE FROM "${meta.table}" WHERE id = ANY($1)`, [stale])
            }
            await insertEntities(db, t.cls, changed)
        }
        await db.query(`DELETE FROM queue_report WHERE id = 'live'`)
        await insertEntities(db, QueueReportRow, [queueReportRow('live', totalsOfReport(live.queue))])
        // deposit outcomes are never deleted (closed periods wrote theirs): upsert the ones that changed
        const outcomes = entityTable(DepositOutcomeRow)
        const before = this.written?.get(outcomes.table)
        const now = new Map<string, string>()
        const changed: Record<string, unknown>[] = []
        for (const d of live.deposits) {
            const o = depositRow(d)
            const c = canonicalRow(entityRow(outcomes, o))
            if (before?.get(d.depositId) !== c) changed.push(o)
            now.set(d.depositId, c)
        }
        await upsertEntities(db, DepositOutcomeRow, changed)
        next.set(outcomes.table, now)
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
        this.firstEtas.reset()
    }
}
