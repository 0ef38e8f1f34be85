import { Client } from 'pg'
import { startTestDatabase, TestDatabase } from '../support/database'
import { planck, shares } from '../../src/domain/units'
import { EtaReason, QueueReport } from '../../src/oracle/core'
import { LiveQueueWriter } from '../../src/oracle/worker/store'
import { inTransaction } from '../../src/oracle/worker/sql'
import { UNSTAKE_COLUMNS, unstakeView } from '../../src/api/rows'

/** The live queue written as a diff leaves exactly the rows a full rewrite leaves. */
let testDb: TestDatabase
let db: Client

beforeAll(async () => {
    testDb = await startTestDatabase('live')
    db = testDb.client
})

afterAll(async () => {
    await testDb?.stop()
})

const T = Date.UTC(2026, 0, 5)
const request = (id: string, status: string, paid: bigint, eta: number | null) => ({
    id, ethAccount: '0xa', recipient: 'K', recipientStatus: 'VALID' as const, shares: shares(5n), owedPlanck: planck(10n),
    paidPlanck: planck(paid), status: status as any, requestedAt: T, paidAt: status === 'PAID' ? T + 1 : null, deadline: T + 7,
    overdue: false, eta, etaReason: eta == null ? null : ('LIQUID' as EtaReason),
})
const queue = (requests: ReturnType<typeof request>[], allocations: [string, string, bigint][], watermark: number): QueueReport => ({
    watermark, requests, allocations: allocations.map(([o, r, a]) => ({ outflowId: o, requestId: r, amount: planck(a), timestamp: T })),
    unmatchedOutflows: [], pendingOwed: planck(0n), invalidRecipientOwed: planck(0n), free: planck(0n), refundable: planck(0n), unbonding: planck(0n), bonded: planck(0n),
    toUnbond: planck(0n), overdueCount: 0, liquidity: {} as any,
})

async function dump(): Promise<unknown> {
    const out: Record<string, unknown[]> = {}
    for (const t of ['unstake_request', 'outflow_allocation', 'unmatched_outflow', 'queue_report']) {
        out[t] = (await db.query(`SELECT * FROM "${t}" ORDER BY id`)).rows
    }
    return out
}

async function write(w: LiveQueueWriter, q: QueueReport) {
    await inTransaction(db, () => w.write(db, { queue: q, deposits: [] }))
    w.committed()
}

test('a diff write equals a full rewrite; a failed transaction makes the next write whole', async () => {
    const w = new LiveQueueWriter()
    await write(w, queue([request('a', 'PENDING', 0n, T), request('b', 'PAID', 10n, null)], [['o1', 'b', 10n]], T))
    const q2 = queue([request('a', 'PARTIALLY_PAID', 4n, T + 5), request('c', 'PENDING', 0n, T + 5)], [['o1', 'b', 10n], ['o2', 'a', 4n]], T + 5)
    await write(w, q2) // a changed, b gone, c new; o1 unchanged, o2 new
    const diffed = await dump()

    await write(new LiveQueueWriter(), q2) // a fresh writer rewrites whole
    expect(await dump()).toEqual(diffed)
    expect((diffed as any).unstake_request.map((r: any) => [r.id, r.status, r.paid_planck])).toEqual([['a', 'PARTIALLY_PAID', '4'], ['c', 'PENDING', '0']])
    expect((diffed as any).queue_report.map((r: any) => r.id)).toEqual(['live'])

    // the rows a rolled-back transaction wrote are gone: reset() forgets what it thought was written
    await db.query('BEGIN')
    await w.write(db, { queue: queue([], [], T + 9), deposits: [] })
    await db.query('ROLLBACK')
    w.reset()
    await write(w, q2)
    expect(await dump()).toEqual(diffed)
})

test('the first ETA shown is kept while later passes move it, across a restarted writer (ETA accuracy)', async () => {
    // ids of their own: the table still holds the previous test's requests, whose first ETAs are kept
    const w = new LiveQueueWriter()
    await write(w, queue([request('e1', 'PENDING', 0n, T + 100)], [], T))
    await write(w, queue([request('e1', 'PENDING', 0n, T + 200), request('e2', 'PENDING', 0n, null)], [], T + 10))
    const firsts = async () => (await db.query(`SELECT id, eta, first_eta, first_eta_watermark FROM unstake_request WHERE id LIKE 'e%' ORDER BY id`)).rows
        .map(r => [r.id, r.eta?.getTime() ?? null, r.first_eta?.getTime() ?? null, r.first_eta_watermark?.getTime() ?? null])
    // e2 has no ETA yet (not shown): nothing recorded for it
    expect(await firsts()).toEqual([['e1', T + 200, T + 100, T], ['e2', null, null, null]])
    // a restarted worker rewrites the table whole, and keeps the observations; e2 is first shown now
    await write(new LiveQueueWriter(), queue([request('e1', 'PAID', 10n, null), request('e2', 'PENDING', 0n, T + 300)], [], T + 20))
    expect(await firsts()).toEqual([['e1', null, T + 100, T], ['e2', T + 300, T + 300, T + 20]])
})

test('ETAs that move with the watermark are stored as their form, and the API reads them back at the live watermark', async () => {
    const w = new LiveQueueWriter()
    const liquid = { ...request('f1', 'PENDING', 0n, T + 50), etaReason: 'LIQUID' as const }
    const unbonding = { ...request('f2', 'PENDING', 0n, T + 9_000), etaReason: 'UNBONDING' as const }
    const needsUnbond = { ...request('f3', 'PENDING', 0n, T + 50 + 28 * 6 * 3600_000), etaReason: 'NEEDS_UNBOND' as const }
    await write(w, queue([liquid, unbonding, needsUnbond], [], T + 50))
    const stored = async () => (await db.query(`SELECT id, eta, eta_reason FROM unstake_request WHERE id LIKE 'f%' ORDER BY id`)).rows
        .map(r => [r.id, r.eta?.getTime() ?? null, r.eta_reason])
    expect(await stored()).toEqual([['f1', null, 'LIQUID'], ['f2', T + 9_000, 'UNBONDING'], ['f3', null, 'NEEDS_UNBOND']])
    const api = async () => (await db.query(`SELECT ${UNSTAKE_COLUMNS} FROM unstake_request WHERE id LIKE 'f%' ORDER BY id`)).rows.map(unstakeView)
        .map(v => [v.id, v.eta?.getTime() ?? null, v.etaReason])
    expect(await api()).toEqual([['f1', T + 50, 'LIQUID'], ['f2', T + 9_000, 'UNBONDING'], ['f3', T + 50 + 28 * 6 * 3600_000, 'NEEDS_UNBOND']])
})
