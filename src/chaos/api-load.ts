import { Rng } from './prng'

/**
 * GraphQL clients that keep querying the API through a chaos run: the dashboard's queries, and now and then one
 * that the limits must refuse (a page past 1000: BAD_USER_INPUT). Every request is recorded with its start, end
 * and outcome; a failure is later explained by a fault window (the API killed, Postgres restarting) or it is not.
 */
const QUERIES = [
    '{ latestRatio { period ratio apr publishable checks { name passed detail } } }',
    '{ ratioReports(limit: 20) { period ratio totalShares pooledValue netRewardPlanck slashedPlanck apr publishable } }',
    '{ unstakeQueue { watermark pendingOwedPlanck freePlanck toUnbondPlanck requests { id status owedPlanck paidPlanck overdue eta etaReason } } }',
    '{ rewards(groupBy: "DAY") { key grossPlanck feePlanck netPlanck count } }',
    '{ indexerStatus { chains { chain finalizedHeight finalizedTime stalled stalledSince } watermark latestPeriod } }',
]
/** refused by the limits (src/api/limits): a page of 5000 */
const OVER_LIMIT = '{ ratioReports(limit: 5000) { period } }'
const LIMIT_CODES = new Set(['BAD_USER_INPUT'])

export interface RequestRecord { start: number; end: number; overLimit: boolean; outcome: 'ok' | 'refused' | 'failed'; error?: string }

export interface FaultWindow { kind: string; from: number; to: number }

export interface LoadSummary {
    requests: number
    ok: number
    /** over-limit requests refused with a coded error, as they must be */
    refusedByLimits: number
    /** failures per fault window kind that explains them (the API was down, Postgres restarting) */
    failedDuringFaults: Record<string, number>
    /** the first error of each fault window kind */
    failureSamples: Record<string, string>
    /** failures no fault explains: must be none */
    failedUnexplained: number
    firstUnexplained?: string
    p50Ms: number
    p99Ms: number
    maxMs: number
}

export class ApiLoad {
    private records: RequestRecord[] = []
    private running = false
    private loops: Promise<void>[] = []

    constructor(private readonly url: string, private readonly clients: number, private readonly seed: number, private readonly thinkMs = 100) {}

    start(): void {
        this.running = true
        this.loops = Array.from({ length: this.clients }, (_, c) => this.loop(new Rng(this.seed * 31 + c)))
    }

    async stop(): Promise<RequestRecord[]> {
        this.running = false
        await Promise.all(this.loops)
        return this.records
    }

    private async loop(rng: Rng): Promise<void> {
        while (this.running) {
            const overLimit = rng.int(20) === 0
            this.records.push(await this.send(overLimit ? OVER_LIMIT : rng.pick(QUERIES), overLimit))
            await new Promise(r => setTimeout(r, this.thinkMs))
        }
    }

    private async send(query: string, overLimit: boolean): Promise<RequestRecord> {
        const start = Date.now()
        const done = (outcome: RequestRecord['outcome'], error?: string): RequestRecord => ({ start, end: Date.now(), overLimit, outcome, error })
        try {
            const res = await fetch(this.url, {
                method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }), signal: AbortSignal.timeout(30_000),
            })
            const body = await res.json().catch(() => undefined) as { errors?: { message: string; extensions?: { code?: string } }[] } | undefined
            const errors = body?.errors ?? []
            if (res.ok && body && errors.length === 0) return done(overLimit ? 'failed' : 'ok', overLimit ? 'an over-limit page was answered' : undefined)
            const coded = errors.length > 0 && errors.every(e => LIMIT_CODES.has(e.extensions?.code ?? ''))
            if (overLimit && coded) return done('refused')
            return done('failed', `HTTP ${res.status}: ${errors.map(e => `${e.extensions?.code}: ${e.message}`).join('; ') || 'no JSON body'}`)
        } catch (e) {
            return done('failed', String(e?.cause?.code ?? e?.message ?? e))
        }
    }
}

/** a failure is explained by a window it overlaps, the window stretched by `graceMs` (clients reconnecting) */
export function summarizeLoad(records: RequestRecord[], windows: FaultWindow[], graceMs = 3000): LoadSummary {
    const failedDuringFaults: Record<string, number> = {}, failureSamples: Record<string, string> = {}
    let failedUnexplained = 0, firstUnexplained: string | undefined
    for (const r of records.filter(x => x.outcome === 'failed')) {
        const w = windows.find(x => r.end >= x.from && r.start <= x.to + graceMs)
        if (w) {
            failedDuringFaults[w.kind] = (failedDuringFaults[w.kind] ?? 0) + 1
            failureSamples[w.kind] ??= r.error ?? ''
        } else {
            failedUnexplained++
            firstUnexplained ??= `${new Date(r.start).toISOString()}: ${r.error}`
        }
    }
    const ok = records.filter(r => r.outcome === 'ok').map(r => r.end - r.start).sort((a, b) => a - b)
    const pct = (p: number) => (ok.length ? ok[Math.min(ok.length - 1, Math.ceil(p * ok.length) - 1)] : 0)
    return {
        requests: records.length, ok: ok.length, refusedByLimits: records.filter(r => r.outcome === 'refused').length,
        failedDuringFaults, failureSamples, failedUnexplained, firstUnexplained, p50Ms: pct(0.5), p99Ms: pct(0.99), maxMs: ok[ok.length - 1] ?? 0,
    }
}
