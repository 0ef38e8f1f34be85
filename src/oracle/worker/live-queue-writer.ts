import { ClientBase } from 'pg'
import { FirstEtas } from './first-etas'
import { canonicalRow, depositRow, queueReportRow } from './oracle-rows'
import { entityRow, entityTable, insertEntities, upsertEntities } from '../../db/entity-rows'
import { DepositOutcome as DepositOutcomeRow, OutflowAllocation, QueueReport as QueueReportRow, UnmatchedOutflow, UnstakeRequest } from '../../model'
import {
    DepositState, EtaReason, LiveCursor, LiveQueueChanges, QueueReport, QueueReportTotals, QueueRequest, RequestEta, storedEta, totalsOfReport,
} from '../core'

/** What a whole live write holds: the queue at the watermark and the deposit outcomes that may have changed. */
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

/** a request's row: its ETA in the stored form at the watermark (core storedEta: readers compute etaAt), and the first ETA shown */
const requestObject = (r: QueueRequest, position: number, watermark: number, firstEtas: FirstEtas) =>
    ({ ...r, eta: storedForm(r.eta, r.etaReason, watermark), queuePosition: position, ...firstEtas.of(r.id) })
const storedForm = (eta: number | null, reason: EtaReason | null, watermark: number) => (eta == null || reason == null ? null : storedEta(eta, reason, watermark))
const allocationId = (a: { outflowId: string; requestId: string }) => `${a.outflowId}:${a.requestId}`
const unmatchedObject = (o: QueueReport['unmatchedOutflows'][number]) =>
    ({ id: o.id, to: o.to, amount: o.amountPlanck, unmatched: o.unmatchedPlanck, timestamp: o.timestamp })
/** what the table's eta columns hold for a pending request */
const etaKey = (eta: number | null, reason: EtaReason | null, watermark: number) => `${storedForm(eta, reason, watermark)}|${reason}`

function liveTables(q: QueueReport, firstEtas: FirstEtas): LiveTable[] {
    return [
        {
            cls: UnstakeRequest,
            size: q.requests.length,
            id: i => q.requests[i].id,
            final: i => q.requests[i].status === 'PAID',
            object: i => requestObject(q.requests[i], i, q.watermark, firstEtas),
        },
        {
            cls: OutflowAllocation,
            size: q.allocations.length,
            id: i => allocationId(q.allocations[i]),
            final: () => true,
            object: i => ({ ...q.allocations[i], id: allocationId(q.allocations[i]) }),
        },
        {
            cls: UnmatchedOutflow,
            size: q.unmatchedOutflows.length,
            id: i => q.unmatchedOutflows[i].id,
            final: () => true,
            object: i => unmatchedObject(q.unmatchedOutflows[i]),
        },
    ]
}

/** what the writer remembers of a final row: it was written, and cannot have changed */
const FINAL = ''

/** What a write did: the whole queue or its changes, and how many request rows it wrote (whole rows, and ETA columns alone). */
export interface LiveWriteStats {
    readonly mode: 'whole' | 'changes'
    readonly requestRows: number
    readonly etaRows: number
}

/** What the tables hold after a committed write, as far as the next write needs to know. */
interface Written {
    /** per queue table, row id → bytes (FINAL for rows that cannot change); absent after a write of changes */
    rows: Map<string, Map<string, string>> | null
    /** deposit outcome id → bytes, for the outcomes written by the last pass */
    deposits: Map<string, string>
    /** pending request id → its eta columns */
    etas: Map<string, string>
    /** the read of the live queue the tables show (a write of changes continues from it) */
    cursor: LiveCursor | null
}

/**
 * Writes the live queue (every request's status and ETA, allocations, unmatched outflows) and the
 * deposit outcomes that can still change. Two ways, with the same resulting rows:
 *  - `write`, the whole queue: the first write of a process, or one after a failed transaction,
 *    replaces the tables whole; later ones as a diff against what this writer wrote last (most
 *    requests of a long history are PAID and never change);
 *  - `writeChanges`, what changed since the read the tables show (core/live-queue.ts): the rows
 *    of requests created, paid or overdue since; new allocations and unmatched outflows; and the
 *    ETAs whose stored form changed, as one UPDATE per distinct form. A running worker's pass then
 *    costs what happened since the last one, not the queue's history.
 * ETAs are stored in the form of core's storedEta: null where the ETA is the watermark itself
 * (LIQUID, an unlocked chunk) or 28 eras after it (NEEDS_UNBOND), so that a pass that moves only the
 * watermark rewrites no request (thousands of them are LIQUID at once); the API reads them back with
 * etaAt and the live watermark (src/api/rows.ts). `first_eta` keeps the ETA itself.
 * Call `committed()` once the transaction holding the write has committed.
 */
export class LiveQueueWriter {
    /** what the last write did (for the bench and the logs) */
    stats: LiveWriteStats | null = null
    private written: Written | null = null
    private staged: Written | null = null
    private readonly firstEtas = new FirstEtas()

    /** Whether the tables show exactly the read at `cursor`, so that `writeChanges` may continue from it. */
    shows(cursor: LiveCursor | undefined): boolean {
        return cursor != null && this.written?.cursor === cursor
    }

    async write(db: ClientBase, live: LiveState, cursor: LiveCursor | null = null): Promise<void> {
        const rows = new Map<string, Map<string, string>>()
        await this.firstEtas.load(db)
        this.firstEtas.observe(live.queue.requests, live.queue.watermark)
        for (const t of liveTables(live.queue, this.firstEtas)) {
            const meta = entityTable(t.cls)
            const before = this.written?.rows?.get(meta.table)
            const now = new Map<string, string>()
            rows.set(meta.table, now)
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
            if (t.cls === UnstakeRequest) this.stats = { mode: 'whole', requestRows: changed.length, etaRows: 0 }
        }
        await writeTotals(db, totalsOfReport(live.queue))
        // deposit outcomes are never deleted (closed periods wrote theirs): upsert the ones that changed
        const deposits = await writeDeposits(db, live.deposits, this.written?.deposits)
        const etas = new Map<string, string>()
        for (const r of live.queue.requests) if (r.eta != null) etas.set(r.id, etaKey(r.eta, r.etaReason, live.queue.watermark))
        this.staged = { rows, deposits, etas, cursor }
    }

    /** `early`: deposits after the watermark decided already (they are written again each pass until the fold reaches them). */
    async writeChanges(db: ClientBase, changes: LiveQueueChanges, early: readonly DepositState[]): Promise<void> {
        const from = this.written
        if (from == null || from.cursor == null) throw new Error('writeChanges without a committed write to continue from')
        await this.firstEtas.load(db)
        const watermark = changes.totals.watermark
        const rewritten = changes.requests.map(p => ({ ...p.request, eta: p.eta?.eta ?? null, etaReason: p.eta?.reason ?? null, position: p.position }))
        this.firstEtas.observe(rewritten, watermark)
        if (rewritten.length) {
            await db.query(`DELETE FROM unstake_request WHERE id = ANY($1)`, [rewritten.map(r => r.id)])
            await insertEntities(db, UnstakeRequest, rewritten.map(({ position, ...r }) => requestObject(r, position, watermark, this.firstEtas)))
        }
        const { etas, updated } = await updateMovedEtas(db, changes.etas, watermark, from.etas, new Set(rewritten.map(r => r.id)))
        this.stats = { mode: 'changes', requestRows: rewritten.length, etaRows: updated }
        await insertEntities(db, OutflowAllocation, changes.allocations.map(a => ({ ...a, id: allocationId(a) })))
        await insertEntities(db, UnmatchedOutflow, changes.unmatchedOutflows.map(unmatchedObject))
        await writeTotals(db, changes.totals)
        const deposits = await writeDeposits(db, [...changes.deposits, ...early], from.deposits)
        // the per-row memory of `write` no longer matches the tables: a later whole write replaces them
        this.staged = { rows: null, deposits, etas, cursor: changes.cursor }
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

async function writeTotals(db: ClientBase, totals: QueueReportTotals): Promise<void> {
    await db.query(`DELETE FROM queue_report WHERE id = 'live'`)
    await insertEntities(db, QueueReportRow, [queueReportRow('live', totals)])
}

/** Upserts the outcomes whose bytes differ from what the last pass wrote; what this pass wrote. */
async function writeDeposits(db: ClientBase, deposits: readonly DepositState[], before: Map<string, string> | undefined): Promise<Map<string, string>> {
    const meta = entityTable(DepositOutcomeRow)
    const now = new Map<string, string>()
    const changed: Record<string, unknown>[] = []
    for (const d of deposits) {
        const o = depositRow(d)
        const c = canonicalRow(entityRow(meta, o))
        if (before?.get(d.depositId) !== c) changed.push(o)
        now.set(d.depositId, c)
    }
    await upsertEntities(db, DepositOutcomeRow, changed)
    return now
}

/**
 * Sets the eta columns of the pending requests whose ETA moved (`rewritten` ones were written whole),
 * one UPDATE per distinct ETA; the eta columns of every pending request after it.
 */
async function updateMovedEtas(db: ClientBase, etas: readonly RequestEta[], watermark: number, before: Map<string, string>, rewritten: Set<string>):
    Promise<{ etas: Map<string, string>; updated: number }> {
    const now = new Map<string, string>()
    const moved = new Map<string, { stored: number | null; reason: string; ids: string[] }>()
    for (const e of etas) {
        const key = etaKey(e.eta, e.reason, watermark)
        now.set(e.requestId, key)
        if (rewritten.has(e.requestId) || before.get(e.requestId) === key) continue
        let group = moved.get(key)
        if (group == null) moved.set(key, (group = { stored: storedEta(e.eta, e.reason, watermark), reason: e.reason, ids: [] }))
        group.ids.push(e.requestId)
    }
    let updated = 0
    for (const g of moved.values()) {
        await db.query(`UPDATE unstake_request SET eta = $1, eta_reason = $2 WHERE id = ANY($3)`, [g.stored == null ? null : new Date(g.stored), g.reason, g.ids])
        updated += g.ids.length
    }
    return { etas: now, updated }
}
