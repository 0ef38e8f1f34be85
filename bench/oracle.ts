/**
 * bench/oracle — the oracle's full recompute of every period against one SQL aggregate scan over the
 * same events in the same run, and the worker's time to close one more period with that history.
 *
 *   npx ts-node --transpile-only bench/oracle.ts [--events 1000000] [--days 365] [--repeat 3] [--no-from-empty] [--only-recompute | --only-passes]
 *
 * Data (bench/support/oracle-events.ts): `--events` synthetic, deterministic domain events over
 * `--days` UTC days in the product's tables of a real embedded Postgres, with chain_clock rows and
 * both processors' status so that everything is final.
 * Phases:
 *   1. load all N days, the first N-3 of them final (the processors' heights), then the worker (closePeriods)
 *      closes those N-3 periods from empty;
 *   2. the last 3 days one by one: the day becomes final, the same running worker closes that ONE period (its live
 *      queue refresh included) and makes 3 passes that close nothing (heads 12, 24, 36 s further); each pass
 *      prints its SQL time (statements timed from send to answer) and what it wrote to the live tables. Then the
 *      last period is closed again `--repeat` times by a just-restarted worker (its rows deleted in between), plus
 *      a replica of its steps with timers;
 *   3. baseline: one SQL aggregate scan (per period and kind: count and sums) over all event tables;
 *   4. full recompute: loadEvents of everything (as the worker and `verify` do) + sortEvents + replayReports (with the stored reserves readings),
 *      checked byte-identical to the stored reports (best of 3 runs);
 *   5. the worker closing all N periods from empty (oracle tables emptied; `--no-from-empty` skips it);
 *   6. the worker's own peak RSS: a restarted worker closing the last period again in a child process of its own
 *      (bench/support/oracle-worker-rss.ts).
 * `--only-recompute` loads all days and runs phases 3 and 4 only (no worker; reports checked against each other);
 * `--only-passes` runs phases 1, 2 and 6.
 * The worker's passes have no like baseline (the SQL scan reads everything, a pass what changed): they are printed
 * as absolute times, min / median / max, with the machine's load average.
 * BENCH_CPU_PROF=DIR writes a CPU profile of the last running close and idle pass, the replica (phase 2), 4 and 5
 * and prints their hot functions.
 */
import { createHash } from 'crypto'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { Client } from 'pg'
import { pgConfig } from '../src/db/connection'
import { EmbeddedPostgresServer } from '../src/db/embedded'
import { applyMigrations } from '../src/db/migrate'
import {
    computeReport, creditBasis, DEFAULT_CORE_SETTINGS, DomainEvent, periodEnd, periodLabel, periodStart, QueueReport, PoolFold, queueReportOf, queueTotalsAt, replayReports,
    serializeReport, sortEvents,
} from '../src/oracle/core'
import { readFinality } from '../src/oracle/worker/finality'
import { loadEvents } from '../src/oracle/worker/load-events'
import { lastStoredState, LiveQueueWriter, storedBases, storePeriod } from '../src/oracle/worker/store'
import { closePeriods, WorkerConfig, WorkerMemory } from '../src/oracle/worker/worker'
import { KusamaStorageReader } from '../src/chains/kusama/storage/reserves-reads'
import { EthereumStorageReader } from '../src/chains/ethereum/storage/reserves-reads'
import { CountingChainRpc } from './support/reserves-rpc'
import { storedReadingsByPeriod } from '../src/oracle/worker/reserves-readings'

const BENCH_BOND = '0x84da8e731172827fcb233b911678e2a82e27baf2'
import {
    DAY_MS, DEFAULT_GEN, dayClockRows, ETH_BLOCK_MS, EVENT_TABLES, flushTables, generateDay, GenOptions, newLedger, newTables, plan, poolAccounts, setFinality,
} from './support/oracle-events'
import { profiled } from './support/oracle-profile'
import { topKinds, withSqlTime } from './support/oracle-sql-time'
import { workerPassInChild } from './support/oracle-worker-rss'
import { PRODUCT_PARTS } from '../src/parts'
import { UNSTAKE_COLUMNS, unstakeView } from '../src/api/rows'

const ORACLE_TABLES = ['period_report', 'deposit_outcome', 'queue_report', 'unstake_request', 'outflow_allocation', 'unmatched_outflow']

const sec = (ms: number) => (ms / 1000).toFixed(2)
/** min / median / max of a few timings */
const spread = (xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b)
    return s.length ? `${sec(s[0])} / ${sec(s[Math.floor(s.length / 2)])} / ${sec(s[s.length - 1])} s` : 'n/a'
}
/** periods the running worker closes one by one at the end of the year */
const RUNNING = 3
/** passes that close nothing after each of them */
const IDLE_PASSES = 3
const liveWrite = (m: WorkerMemory) => {
    const s = m.live.stats
    return s ? `${s.mode === 'whole' ? 'the whole queue' : 'changes only'}, ${s.requestRows} request rows written, ${s.etaRows} ETAs updated` : 'nothing written'
}
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024)
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20)
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
    const t = performance.now()
    const r = await fn()
    return [r, performance.now() - t]
}

/** The baseline: one statement scanning every event table, counting and summing each kind per period (what the oracle reads). */
function scanSql(): string {
    const day = `floor(extract(epoch FROM "timestamp") / 86400)::int`
    const k = `block_height <= $1 AND "timestamp" < $3`
    const e = `block_height <= $2 AND "timestamp" < $3`
    return `
SELECT 'deposit' AS kind, NULL::text AS sub, ${day} AS d, count(*) AS n, sum(amount) AS a, NULL::numeric AS b FROM pool_deposit WHERE ${k} GROUP BY 2, 3
UNION ALL SELECT 'reward', dest, ${day}, count(*), sum(amount), count(DISTINCT stash) FROM staking_reward WHERE ${k} GROUP BY 2, 3
UNION ALL SELECT 'slash', NULL, ${day}, count(*), sum(amount), NULL FROM slash WHERE ${k} GROUP BY 3
UNION ALL SELECT 'transfer', kind, ${day}, count(*), sum(amount), NULL FROM pool_transfer WHERE ${k} GROUP BY 2, 3
UNION ALL SELECT 'staking', action, ${day}, count(*), sum(amount), max(active_era) FROM staking_change WHERE ${k} GROUP BY 2, 3
UNION ALL SELECT 'era', NULL, ${day}, count(*), max(era), NULL FROM era_paid WHERE ${k} GROUP BY 3
UNION ALL SELECT 'fee', NULL, ${day}, count(*), sum(amount), NULL FROM pool_fee WHERE ${k} GROUP BY 3
UNION ALL SELECT 'burn', revision::text, ${day}, count(*), sum(shares), sum(amount) FROM burn WHERE ${e} GROUP BY 2, 3
UNION ALL SELECT 'ratio', NULL, ${day}, count(*), max(ratio), NULL FROM ratio_update WHERE ${e} GROUP BY 3`
}

async function main() {
    const args = process.argv.slice(2)
    const arg = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def }
    const opts: GenOptions = { ...DEFAULT_GEN, total: arg('--events', DEFAULT_GEN.total), days: arg('--days', DEFAULT_GEN.days) }
    const repeat = arg('--repeat', 3)
    const only = args.includes('--only-recompute')
    const passesOnly = args.includes('--only-passes')
    const fromEmpty = !args.includes('--no-from-empty') && !only
    const N = opts.days

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-bench-oracle-'))
    fs.chmodSync(dir, 0o755)
    const pg = await EmbeddedPostgresServer.start({ dataRoot: path.join(dir, 'pg') })
    const conn = await pg.recreateDatabase('bench_oracle')
    await applyMigrations(conn)
    const db = new Client(pgConfig(conn))
    await db.connect()
    const row = (what: string, value: string, note = '') => console.log(`| ${what} | ${value} | ${note} |`)
    try {
        // ---- data
        let t = performance.now()
        const pl = plan(opts)
        const ledger = newLedger(opts.seed)
        const tables = newTables()
        let events = 0, genMs = 0
        const load = async (from: number, to: number) => {
            for (let d = from; d < to; d++) {
                const g = performance.now()
                events += generateDay(pl, d, ledger, tables)
                dayClockRows(opts, d, tables)
                genMs += performance.now() - g
                if (tables.pool_deposit.length > 150_000 || d === to - 1) await flushTables(db, tables)
            }
            await db.query('ANALYZE')
        }
        // every row is written up front, as the processors write them before they are final; the finalized heads
        // then advance (rows above them are not final and the worker ignores them)
        await load(0, N)
        let fin = await setFinality(db, opts, opts.start + (only ? N : N - RUNNING) * DAY_MS, tables)
        console.log(`loaded days 0..${N - 1}: ${events} events in ${sec(performance.now() - t)} s (generation ${sec(genMs)} s); finalized heads`, fin,
            `(${only ? N : N - RUNNING} days final); rss ${rss()} MB`)

        // proof of reserves (SPEC §4.14) read through the real storage readers, from chains that count the requests
        const chain = new CountingChainRpc()
        const reserves = { kusama: new KusamaStorageReader(chain), ethereum: new EthereumStorageReader(chain, BENCH_BOND), poolAccounts: poolAccounts(pl.accounts) }
        const cfg: WorkerConfig = { settings: DEFAULT_CORE_SETTINGS, liquidity: { poolAccounts: poolAccounts(pl.accounts) }, reserves }
        const roundTrips = (closed: number) => `reserves: ${closed} periods closed with ${chain.count('state_queryStorageAt')} Kusama storage round trips `
            + `(${(chain.count('state_queryStorageAt') / closed).toFixed(2)} per period; metadata fetched ${chain.count('state_getRuntimeVersion')} time(s)) `
            + `and ${chain.count('eth_call')} Ethereum round trips (${(chain.count('eth_call') / closed).toFixed(2)} per period)`
        const firstPeriod = Math.floor(opts.start / DAY_MS)

        const lastPeriod = firstPeriod + N - 1
        const runningClose: number[] = []
        const idlePasses: number[] = []
        const restartedClose: number[] = []
        let lastLive: QueueReport | null = null
        let w1 = NaN
        if (!only) {
        // ---- 1. the worker closes N-1 periods from empty
        // the worker's memory across passes, as in lib/oracle/main.js
        const memory: WorkerMemory = { live: new LiveQueueWriter() }
        const [p1, w1_] = await timed(() => closePeriods(db, cfg, undefined, memory))
        w1 = w1_
        console.log(`worker from empty: ${p1.closed.length} periods in ${sec(w1)} s (${(w1 / p1.closed.length).toFixed(0)} ms/period), live queue ${p1.live?.requests.length} requests; max RSS ${mb()} MB`)
        console.log(`  ${roundTrips(p1.closed.length)}`)

        // ---- 2. the last RUNNING days one by one: the running worker closes each (then passes that close
        // nothing, heads 12 s further each), then the last period is closed again by just-restarted workers
        for (let k = 0; k < RUNNING; k++) {
            const day = N - RUNNING + k
            fin = await setFinality(db, opts, opts.start + (day + 1) * DAY_MS, tables)
            console.log(`day ${day} final; load average ${os.loadavg().map(x => x.toFixed(2)).join(' ')}`)
            const last = k === RUNNING - 1
            const pass = () => withSqlTime(db, () => timed(() => closePeriods(db, cfg, undefined, memory)))
            const { result: [p, ms], sqlMs, statements, byKind } = await (last ? profiled('running-close', pass) : pass())
            if (p.closed.length !== 1 || p.closed[0].period !== firstPeriod + day) throw new Error(`closed ${p.closed.map(r => r.label)}`)
            runningClose.push(ms)
            console.log(`  close one period (${p.closed[0].label}) with ${day} periods of history, running worker: ${sec(ms)} s (SQL ${sec(sqlMs)} s in ${statements} statements: ${topKinds(byKind)}), `
                + `${p.loaded} events read; live tables: ${liveWrite(memory)}`)
            for (let j = 1; j <= IDLE_PASSES; j++) {
                // the common pass: a chain's finalized head moved and no period ended (every few seconds on Kusama)
                await setFinality(db, opts, opts.start + (day + 1) * DAY_MS + j * ETH_BLOCK_MS, tables)
                const idle = () => withSqlTime(db, () => timed(() => closePeriods(db, cfg, undefined, memory)))
                const { result: [q, qms], sqlMs: qsql, statements: qn, byKind: qk } = await (last && j === IDLE_PASSES ? profiled('running-pass', idle) : idle())
                if (q.closed.length !== 0) throw new Error(`a pass ${j * ETH_BLOCK_MS / 1000} s later closed ${q.closed.map(r => r.label)}`)
                idlePasses.push(qms)
                lastLive = q.live
                console.log(`  a pass that closes nothing (finalized heads ${j * ETH_BLOCK_MS / 1000} s further), running worker: ${sec(qms)} s (SQL ${sec(qsql)} s in ${qn} statements: ${topKinds(qk)}), `
                    + `${q.loaded} events read; live tables: ${liveWrite(memory)}`)
            }
        }
        if (events !== opts.total) throw new Error(`generated ${events} events, expected ${opts.total}`)
        // what the running worker's passes left, against the whole queue and against a restarted worker's rewrite
        await checkApiQueue(db, lastLive as QueueReport)
        const running = await liveTableDigests(db)
        for (let i = 0; i < repeat; i++) {
            const label = periodLabel(lastPeriod, cfg.settings.periodSeconds)
            await db.query('DELETE FROM period_report WHERE period = $1', [lastPeriod])
            await db.query('DELETE FROM queue_report WHERE id = $1', [label])
            // a worker just (re)started: no carry, a fresh live-queue writer
            const [p, ms] = await timed(() => closePeriods(db, cfg))
            if (p.closed.length !== 1 || p.closed[0].period !== lastPeriod) throw new Error(`closed ${p.closed.map(r => r.label)}`)
            restartedClose.push(ms)
            console.log(`  close one period (${p.closed[0].label}) with ${N - 1} periods of history, restarted worker: ${sec(ms)} s; load average ${os.loadavg().map(x => x.toFixed(2)).join(' ')}`)
            if (i === 0) {
                const whole = await liveTableDigests(db)
                if (whole !== running) throw new Error(`the running worker's live tables differ from a restarted worker's:\n${running}\n${whole}`)
                console.log(`  the running worker's live tables are byte-identical to the restarted worker's whole rewrite (${whole.split('\n').length} tables, md5 of every row)`)
            }
        }
        // the re-closes above found that period's readings stored: they read nothing again
        console.log(`  ${roundTrips(p1.closed.length + RUNNING)}`)
        const steps = await profiled('close-one-replica', () => closeOneReplica(db, cfg, lastPeriod))
        console.log(`  replica of closePeriods' steps (rolled back): ${Object.entries(steps).map(([k, v]) => `${k} ${sec(v)}`).join(', ')} s; max RSS ${mb()} MB`)
        }
        // the worker's own peak RSS, in a process of its own: a restarted worker closing the last period again
        const workerRss = async () => {
            if (only) return
            await db.query('DELETE FROM period_report WHERE period = $1', [lastPeriod])
            await db.query('DELETE FROM queue_report WHERE id = $1', [periodLabel(lastPeriod, cfg.settings.periodSeconds)])
            const nodeArgs = PRODUCT_PARTS.find(p => p.name === 'oracle-worker')?.nodeArgs ?? []
            const r = await workerPassInChild(conn, cfg.liquidity.poolAccounts, nodeArgs)
            if (r.closed !== 1) throw new Error(`the worker child closed ${r.closed} periods`)
            console.log(`  worker process alone (lib/oracle/worker, node ${nodeArgs.join(' ')}), restarted, closing one period: ${sec(r.ms)} s, `
                + `${r.loaded} events read, peak RSS ${r.maxRssMb} MB (heap still used after the pass, once collected: ${r.heapAfterMb} MB)`)
            return r
        }
        if (passesOnly) {
            await workerRss()
            return
        }
        if (events !== opts.total) throw new Error(`generated ${events} events, expected ${opts.total}`)

        // ---- 3./4. SQL scan vs full recompute
        const end = periodEnd(lastPeriod, cfg.settings.periodSeconds)
        const finality = await readFinality(db)
        const scan = async () => {
            const [res, ms] = await timed(() => db.query(scanSql(), [finality.kusama.height, finality.ethereum.height, new Date(end)]))
            const n = res.rows.reduce((s: number, r: any) => s + Number(r.n), 0)
            if (n !== opts.total) throw new Error(`scan counted ${n} events`)
            return { ms, groups: res.rows.length }
        }
        const scans: number[] = []
        for (let i = 0; i < 3; i++) scans.push((await scan()).ms)
        const stored = new Map((await db.query('SELECT period, canonical FROM period_report')).rows.map((r: any) => [r.period as number, r.canonical as string]))
        const check = (results: { report: any }[], what: string) => {
            if (stored.size === 0) for (const r of results) stored.set(r.report.period, serializeReport(r.report))
            const differ = results.filter(r => stored.get(r.report.period) !== serializeReport(r.report)).length
            if (differ || stored.size !== N) throw new Error(`${what}: ${differ} reports differ from the stored ones`)
        }
        const recomputes: { load: number; core: number }[] = []
        // the readings stored at close are inputs of the reports, as in `verify`
        const readings = await storedReadingsByPeriod(db)
        for (let i = 0; i < 3; i++) {
            const run = async () => {
                const [evs, load] = await timed(() => loadEvents(db, finality, null, end))
                const c0 = performance.now()
                const results = replayReports(sortEvents(evs as DomainEvent[]), cfg.settings, cfg.liquidity, end, D => readings.get(D))
                const core = performance.now() - c0
                if (evs.length !== opts.total || results.length !== N) throw new Error(`recompute: ${evs.length} events, ${results.length} periods`)
                check(results, 'recompute')
                return { load, core, results }
            }
            const r = i === 1 ? await profiled('recompute', run) : await run()
            recomputes.push({ load: r.load, core: r.core })
            if (i === 0) {
                const rs = r.results.map(x => x.report)
                console.log(`  reports: ${rs.filter(x => x.publishable).length}/${rs.length} publishable, ${rs.reduce((s, x) => s + x.eventCount, 0)} ledger events, ` +
                    `final ratio ${rs[rs.length - 1].ratio}, apr ${rs[rs.length - 2].apr}; failing checks: ` +
                    JSON.stringify(rs.flatMap(x => x.checks.filter(c => !c.passed).map(c => c.name)).reduce((m: any, c) => ((m[c] = (m[c] ?? 0) + 1), m), {})))
            }
            console.log(`  full recompute: load ${sec(r.load)} s + core ${sec(r.core)} s = ${sec(r.load + r.core)} s (byte-identical to the ${N} ${only ? 'first' : 'stored'} reports); max RSS ${mb()} MB`)
        }
        for (let i = 0; i < 2; i++) scans.push((await scan()).ms)
        const scanBest = Math.min(...scans)
        console.log(`  SQL scans: ${scans.map(sec).join(', ')} s`)

        // ---- 5. the worker, all N from empty
        let fromEmptyMs: number | null = null
        if (fromEmpty) {
            for (const tname of ORACLE_TABLES) await db.query(`DELETE FROM "${tname}"`)
            const [p5, ms] = await profiled('worker-from-empty', () => timed(() => closePeriods(db, cfg)))
            if (p5.closed.length !== N) throw new Error(`closed ${p5.closed.length}`)
            const differ = p5.closed.filter(r => stored.get(r.period) !== serializeReport(r)).length
            if (differ) throw new Error(`${differ} reports differ after closing from empty`)
            fromEmptyMs = ms
            console.log(`worker from empty: ${N} periods in ${sec(ms)} s; max RSS ${mb()} MB`)
        }

        // ---- table
        const bestOf = (xs: { load: number; core: number }[]) => xs.reduce((a, b) => (a.load + a.core <= b.load + b.core ? a : b))
        const best = bestOf(recomputes)
        const full = best.load + best.core
        const counts: string[] = []
        for (const tb of EVENT_TABLES) counts.push(`${tb} ${Number((await db.query(`SELECT count(*) AS n FROM "${tb}"`)).rows[0].n).toLocaleString('en')}`)
        console.log(`\nevents per table: ${counts.join(', ')}`)
        console.log(`\n| measure (${opts.total.toLocaleString('en')} events, ${N} periods) | time | ratio to SQL scan |\n|---|---|---|`)
        row('SQL aggregate scan (baseline, best of 5)', `${sec(scanBest)} s`, '1')
        row('full recompute: loadEvents + replayReports', `${sec(full)} s`, `**${(full / scanBest).toFixed(1)}×**`)
        row('  of which loadEvents (9 SELECTs → core events)', `${sec(best.load)} s`, `${(best.load / scanBest).toFixed(1)}×`)
        row('  of which core (sortEvents + replayReports)', `${sec(best.core)} s`, `${(best.core / scanBest).toFixed(1)}×`)
        console.log(`\n| worker pass (no like baseline: absolute times) | min / median / max |\n|---|---|`)
        if (!only) {
            row(`close ONE period with ${N - RUNNING}–${N - 1} stored, running worker (${runningClose.length} periods)`, spread(runningClose))
            row(`a pass that closes no period, running worker (heads 12–${IDLE_PASSES * 12} s further; ${idlePasses.length} passes)`, spread(idlePasses))
            row(`close ONE period with ${N - 1} stored, restarted worker (${restartedClose.length} runs)`, spread(restartedClose))
            row(`close ${N - RUNNING} periods from empty`, `${sec(w1)} s`)
        }
        if (fromEmptyMs != null) row(`close all ${N} periods from empty`, `${sec(fromEmptyMs)} s`)
        console.log(`| peak RSS (bench process: data generator, worker and recompute) | ${mb()} MB | |`)
        const rssOfWorker = await workerRss()
        if (rssOfWorker) console.log(`| peak RSS of the worker process alone (restarted, closing one period) | ${rssOfWorker.maxRssMb} MB | |`)
    } finally {
        await db.end().catch(() => {})
        await pg.stop()
        fs.rmSync(dir, { recursive: true, force: true })
    }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16)

/** md5 of every row (ordered by id) of the live tables and the deposit outcomes: equal digests, equal bytes */
async function liveTableDigests(db: Client): Promise<string> {
    const out: string[] = []
    for (const t of ['unstake_request', 'outflow_allocation', 'unmatched_outflow', 'deposit_outcome']) {
        out.push(`${t} ${(await db.query(`SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY id)) AS h FROM "${t}" t`)).rows.map(r => `${r.n} ${r.h}`)[0]}`)
    }
    out.push(`queue_report live ${(await db.query(`SELECT t::text AS r FROM queue_report t WHERE id = 'live'`)).rows[0]?.r}`)
    return out.join('\n')
}

/**
 * Every request as the API shows it (src/api/rows.ts: the stored ETA forms read back at the live watermark)
 * against the whole queue the worker's fold gives at that watermark: ETAs, reasons, statuses, amounts.
 */
async function checkApiQueue(db: Client, whole: QueueReport): Promise<void> {
    const rows = (await db.query(`SELECT ${UNSTAKE_COLUMNS} FROM unstake_request ORDER BY queue_position`)).rows.map(unstakeView)
    const show = (r: { id: string; status: string; overdue: boolean; paidPlanck: unknown; eta?: Date | number | null; etaReason?: string | null }) =>
        JSON.stringify([r.id, r.status, r.overdue, String(r.paidPlanck), r.eta == null ? null : new Date(r.eta).getTime(), r.etaReason ?? null])
    const want = whole.requests
    let differ = 0
    for (let i = 0; i < Math.max(rows.length, want.length); i++) if (!rows[i] || !want[i] || show(rows[i]) !== show(want[i])) differ++
    const pending = want.filter(r => r.eta != null)
    const reasons = pending.reduce((m: Record<string, number>, r) => ((m[r.etaReason as string] = (m[r.etaReason as string] ?? 0) + 1), m), {})
    if (differ) throw new Error(`the API shows ${differ} of ${want.length} requests differently from the whole queue at the watermark`)
    // digests to compare runs of different builds: same data, same reports and the same queue through the API
    const reports = (await db.query('SELECT canonical FROM period_report ORDER BY period')).rows.map(r => r.canonical).join('\n')
    const apiQueue = rows.map(r => JSON.stringify(r)).join('\n')
    console.log(`  digests: ${want.length} requests as the API serves them ${sha256(apiQueue)}; ${reports.split('\n').length} stored reports ${sha256(reports)}`)
    console.log(`  the API's view of all ${rows.length} requests (ETAs read back from their stored form at the live watermark) equals the whole queue: `
        + `${pending.length} with an ETA (${JSON.stringify(reasons)}), ${(await db.query('SELECT count(*) AS n FROM unstake_request WHERE eta IS NOT NULL')).rows[0].n} stored as a time`)
}

/**
 * The steps closePeriods takes to close the last period, with a timer each, inside a transaction that
 * is rolled back (so the stored state is left as it was). Mirrors src/oracle/worker/worker.ts.
 */
async function closeOneReplica(db: Client, cfg: WorkerConfig, period: number): Promise<Record<string, number>> {
    const ps = cfg.settings.periodSeconds
    const out: Record<string, number> = {}
    const step = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
        const t = performance.now()
        const r = await fn()
        out[name] = (out[name] ?? 0) + performance.now() - t
        return r
    }
    await db.query('BEGIN')
    try {
        await db.query('DELETE FROM period_report WHERE period = $1', [period])
        const finality = await step('finality+state', () => readFinality(db))
        const state = (await step('finality+state', () => lastStoredState(db)))!
        if (state.period !== period - 1) throw new Error(`replica: stored state at ${state.period}`)
        await db.query('DELETE FROM queue_report WHERE id = (SELECT id FROM queue_report WHERE id <> \'live\' ORDER BY watermark DESC LIMIT 1)')
        const history = await step('load + sort history', async () => sortEvents(await loadEvents(db, finality, null, finality.watermark! + 1)))
        const from = history.findIndex(e => e.timestamp >= periodStart(period, ps))
        let to = history.findIndex(e => e.timestamp >= periodEnd(period, ps))
        if (to < 0) to = history.length
        const result = await step('computeReport', () => computeReport(state, history.slice(from, to), cfg.settings))
        const pool = new PoolFold(cfg.settings, cfg.liquidity)
        const totals = await step('period queue totals (the pool fold over the history)', async () => {
            for (const b of await storedBases(db)) pool.addBasis(b)
            pool.addBasis(creditBasis(state))
            for (let k = 0; k < to; k++) pool.apply(history[k])
            return queueTotalsAt(pool, periodEnd(period, ps))
        })
        // the watermark is the period's end: the live queue reads the same fold
        const queue = await step('live queue report (from the same fold)', () => queueReportOf(pool, periodEnd(period, ps)))
        await step('store period', () => storePeriod(db, result, totals, pool.statesOf(result.deposits)))
        await step('store live tables (whole, as a restarted worker)', () => new LiveQueueWriter().write(db, { queue, deposits: pool.liveDeposits(period + 1) }))
        console.log(`  replica: live queue of ${queue.requests.length} requests, ${queue.allocations.length} allocations, ${history.length} events loaded once`)
    } finally {
        await db.query('ROLLBACK')
    }
    return out
}

main().then(() => process.exit(0), e => {
    console.error(e)
    process.exit(1)
})
