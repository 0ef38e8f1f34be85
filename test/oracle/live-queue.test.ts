/**
 * A running worker writes only what changed in the live queue since its last pass
 * (src/oracle/core/live-queue.ts). Over seeded event streams read at random watermarks, the changes
 * applied to a model of the live tables — rows by id, the ETA columns of every pending request —
 * must give exactly the whole read (queueReportOf, liveDeposits) at every watermark; and every ETA's
 * stored form (what the table holds, core storedEta) must read back as that ETA at that watermark.
 */
import {
    CreditBasis, creditBasis, DepositState, DomainEvent, etaAt, genesisState, liveChangesSince, storedEta, LiveCursor, liveCursorOf, periodOf, PoolFold, QueueReport,
    queueReportOf, queueTotalsAt, replayPeriods, sortEvents, totalsOfReport,
} from '../../src/oracle/core'
import { Rng } from '../domain/prng'
import { firstDiff, show } from './reference-compare'
import { generateStream, POOL, Stream } from './streams'

const STREAMS = 400

function basisOf(g: Stream, events: readonly DomainEvent[]): (t: number) => CreditBasis {
    const m = new Map(replayPeriods(events, g.settings, g.watermark).map(r => [r.report.period + 1, creditBasis(r.next)]))
    return t => {
        const p = periodOf(t, g.settings.periodSeconds)
        return m.get(p) ?? { period: p - 1, ratio: genesisState(g.first, g.settings.periodSeconds).ratio, insolvent: false }
    }
}

/** The live tables as rows by id (what the worker's writer leaves), with the bytes of each row. */
interface Tables {
    requests: Map<string, string>
    allocations: Map<string, string>
    unmatched: Map<string, string>
    deposits: Map<string, string>
    totals: string
}

const requestRow = (r: object, position: number) => show({ ...r, position })
const depositRow = (d: DepositState) => show(d)

function wholeTables(q: QueueReport, deposits: readonly DepositState[], into?: Map<string, string>): Tables {
    const out = into ?? new Map<string, string>()
    for (const d of deposits) out.set(d.depositId, depositRow(d))
    return {
        requests: new Map(q.requests.map((r, i) => [r.id, requestRow(r, i)])),
        allocations: new Map(q.allocations.map(a => [`${a.outflowId}:${a.requestId}`, show(a)])),
        unmatched: new Map(q.unmatchedOutflows.map(o => [o.id, show(o)])),
        deposits: out,
        totals: show(totalsOfReport(q)),
    }
}

test(`the live queue's changes since a read, applied to that read, give the whole read (${STREAMS} streams)`, () => {
    let changedPasses = 0
    let storedForms = 0
    for (let seed = 1; seed <= STREAMS; seed++) {
        const g = generateStream(seed + 3_100_000)
        const events = sortEvents(g.events)
        const rng = new Rng(seed * 7919)
        const pool = new PoolFold(g.settings, POOL)
        const basis = basisOf(g, events)
        let folded = 0
        let tables: Tables | null = null
        let cursor: LiveCursor | null = null
        let w = g.first * g.periodMs - 1
        let lastOpenPeriod = 0
        while (w < g.watermark) {
            // passes as a running worker makes them: a few ms to more than a period apart, often on boundaries
            const c = rng.int(5)
            const step = c === 0 ? 1 + rng.int(10) : c === 1 ? g.periodMs - (w % g.periodMs) : c === 2 ? g.periodMs - (w % g.periodMs) - 1 : 1 + rng.int(2 * g.periodMs)
            w = Math.min(g.watermark, w + Math.max(1, step))
            for (; folded < events.length && events[folded].timestamp <= w; folded++) {
                pool.addBasis(basis(events[folded].timestamp))
                pool.apply(events[folded])
            }
            const openPeriod = periodOf(w, g.settings.periodSeconds)
            const where = `seed ${seed + 3_100_000} at ${new Date(w).toISOString()}`
            const closing = lastOpenPeriod
            lastOpenPeriod = openPeriod
            if (tables == null || cursor == null) {
                const q = queueReportOf(pool, w)
                tables = wholeTables(q, pool.liveDeposits(openPeriod))
                cursor = liveCursorOf(pool, w)
                continue
            }
            const changes = liveChangesSince(pool, cursor, w, openPeriod)
            // the live tables store each ETA's form; read back at the same watermark it is the ETA
            for (const e of changes.etas) {
                const stored = storedEta(e.eta, e.reason, w)
                if (etaAt(stored, e.reason, w) !== e.eta) throw new Error(`${where}: ETA ${e.eta} (${e.reason}) stored as ${stored} reads back as ${etaAt(stored, e.reason, w)}`)
                if (e.reason !== 'UNBONDING' && stored !== null) throw new Error(`${where}: a ${e.reason} ETA stored as ${stored}: it would be rewritten every pass`)
                storedForms++
            }
            const rewritten = new Set<string>()
            for (const p of changes.requests) {
                rewritten.add(p.request.id)
                tables.requests.set(p.request.id, requestRow({ ...p.request, eta: p.eta?.eta ?? null, etaReason: p.eta?.reason ?? null }, p.position))
            }
            for (const e of changes.etas) {
                if (rewritten.has(e.requestId)) continue
                const row = JSON.parse(tables.requests.get(e.requestId) as string)
                const { position, ...r } = row
                tables.requests.set(e.requestId, requestRow({ ...r, eta: e.eta, etaReason: e.reason }, position))
            }
            for (const a of changes.allocations) tables.allocations.set(`${a.outflowId}:${a.requestId}`, show(a))
            for (const o of changes.unmatchedOutflows) tables.unmatched.set(o.id, show(o))
            // the periods this pass closes store their deposits (the worker's storePeriod); changes cover the open ones
            for (const d of pool.deposits()) if (d.period >= closing && d.period < openPeriod) tables.deposits.set(d.depositId, depositRow(d))
            for (const d of changes.deposits) tables.deposits.set(d.depositId, depositRow(d))
            tables.totals = show(changes.totals)
            cursor = changes.cursor
            if (changes.requests.length > 0 || changes.deposits.length > 0) changedPasses++

            const whole = wholeTables(queueReportOf(pool, w), pool.liveDeposits(openPeriod), new Map(tables.deposits))
            const got = { ...tables, requests: [...tables.requests.entries()].sort(), allocations: [...tables.allocations.entries()].sort(),
                unmatched: [...tables.unmatched.entries()].sort(), deposits: [...tables.deposits.entries()].sort() }
            const want = { ...whole, requests: [...whole.requests.entries()].sort(), allocations: [...whole.allocations.entries()].sort(),
                unmatched: [...whole.unmatched.entries()].sort(), deposits: [...whole.deposits.entries()].sort() }
            const d = firstDiff(got, want)
            if (d) throw new Error(`${where}: the live queue from changes differs from the whole read: ${d}`)
            const totals = firstDiff(changes.totals, queueTotalsAt(pool, w))
            if (totals) throw new Error(`${where}: totals ${totals}`)
        }
    }
    expect(changedPasses).toBeGreaterThan(STREAMS)
    expect(storedForms).toBeGreaterThan(STREAMS)
})

test('a read before the previous one is refused', () => {
    const g = generateStream(3_200_001)
    const pool = new PoolFold(g.settings, POOL)
    const cursor = liveCursorOf(pool, g.first * g.periodMs)
    expect(() => liveChangesSince(pool, cursor, g.first * g.periodMs - 1, g.first)).toThrow(/before the previous/)
})
