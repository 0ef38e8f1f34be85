/**
 * bench/api — the GraphQL API under load at a year of data, against the same SQL sent straight through `pg`.
 *
 *   npm run bench:api [-- --events 1000000 --days 365 --clients 50 --seconds 30 --runs 3]
 *       [--sql-connections N] [--only NAME,NAME] [--explain] [--index 'CREATE INDEX … ON t (…)' …] [--data DIR]
 *
 * Data: the bench/oracle year (bench/support/oracle-events.ts: `--events` deterministic domain events over
 * `--days` UTC days, all final) in a real embedded Postgres, then the oracle worker (closePeriods, with
 * counting storage readers for proof of reserves as in bench/oracle) closes every period and writes the live
 * unstake queue. The API is then started as `npm start` starts it: the `api` part of src/parts.ts (lib/api/main.js
 * with its flags) as a child process of a Supervisor, with the DB_* variables, SQUID_PROFILE and GQL_PORT.
 *
 * The SQL side replays what the API really sent: a first API process, connected to Postgres through a proxy
 * that decodes the wire protocol (bench/support/pg-wire-capture.ts: every simple query, Parse and Bind),
 * answers each query kind for two sample inputs, one request at a time; the statements it sent are the kind's
 * statements, their parameters mapped to the kind's inputs (both samples must give the same template).
 * Transaction control (BEGIN, COMMIT, SET …) is listed but not replayed. The measured API is a second
 * process, connected to Postgres directly.
 *
 * Each run: `--clients` closed-loop clients on the API for `--seconds` (after a warm-up of min(5, seconds/6) s),
 * each request a kind drawn uniformly from the mix below with a random input; then the same mix, the same
 * seeds, with `--sql-connections` (default: --clients) pg connections running each request's statements on
 * one connection. Per kind: p50 / p99 / requests per second both ways and p99(API)/p99(SQL); over `--runs`
 * runs, min / median / max of each ratio. The machine's load average and the CPU seconds of the API process,
 * the Postgres cluster and the bench process are printed with every phase.
 *
 * Before the runs, each kind alone (1 client, median of min(30, --seconds) requests) both ways, with the API
 * process's CPU per request: the cost without queueing.
 *
 * `--explain` prints EXPLAIN (ANALYZE, BUFFERS) of every replayed statement (first sample input).
 * BENCH_CPU_PROF=DIR runs the measured API with --cpu-prof into DIR and prints its hot functions (diagnosis only).
 * `--index SQL` (repeatable) runs a CREATE INDEX in the bench database before measuring, for a before/after.
 * `--data DIR` keeps the cluster in DIR and reuses the loaded database when its options match (development).
 */
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { Client, Pool } from 'pg'
import { ChainProfile, DEFAULT_ORACLE, serializeProfile } from '../src/config/profile'
import { connectionEnv, DbConnection, pgConfig } from '../src/db/connection'
import { EmbeddedPostgresServer, projectDir } from '../src/db/embedded'
import { applyMigrations } from '../src/db/migrate'
import { DEFAULT_CORE_SETTINGS, periodLabel } from '../src/oracle/core'
import { closePeriods, WorkerConfig } from '../src/oracle/worker/worker'
import { KusamaStorageReader } from '../src/chains/kusama/storage/reserves-reads'
import { EthereumStorageReader } from '../src/chains/ethereum/storage/reserves-reads'
import { PRODUCT_PARTS } from '../src/parts'
import { Supervisor } from '../src/runtime/supervisor'
import { freePort } from '../src/util/free-port'
import { DAY_MS, DEFAULT_GEN, GenOptions, loadDays, newLedger, newTables, plan, poolAccounts, setFinality } from './support/oracle-events'
import { CountingChainRpc } from './support/reserves-rpc'
import { CapturedStatement, PgWireCapture } from './support/pg-wire-capture'
import { summarize } from './support/oracle-profile'
import { closedLoop, clusterCpuSeconds, cpuSecondsOf, median, percentile, Rand } from './support/load-driver'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { prepareValue } = require('pg/lib/utils') as { prepareValue(v: unknown): unknown }

/** the bond token of the mainnet profile (what bench/oracle's Ethereum storage reader reads) */
const BENCH_BOND = '0x84da8e731172827fcb233b911678e2a82e27baf2'
const DATABASE = 'bench_api'

const sec = (ms: number) => (ms / 1000).toFixed(1)
const load = () => os.loadavg().map(x => x.toFixed(2)).join(' / ')

// ---------------------------------------------------------------------------------------------
// the dashboard's mix

interface Data {
    depositors: string[]
    holders: string[]
    firstPeriod: string
    lastPeriod: string
    start: number
    days: number
    requests: number
}

type Input = Record<string, string | number>

interface Kind {
    name: string
    query: string
    input(r: Rand): Input
    /** GraphQL variables of an input */
    vars(i: Input): Record<string, unknown>
    /** the strings the input becomes among the statements' parameters */
    tokens(i: Input): string[]
    /** two sample inputs for the capture (default: drawn) */
    samples?: [Input, Input]
}

const HISTORY = 'kind timestamp amount status ref'
const SUMMARY = `address chain creditedShares claimableShares claimableValuePlanck claimedShares sharesOnChain bondBalance
    pendingUnstakes { id recipient owedPlanck paidPlanck status overdue requestedAt paidAt eta etaReason }`
const QUEUE = `watermark pendingOwedPlanck freePlanck refundablePlanck unbondingPlanck toUnbondPlanck overdueCount requestCount
    requests { id ethAccount recipient owedPlanck paidPlanck status overdue requestedAt paidAt eta etaReason }`
const REWARDS = 'key grossPlanck feePlanck netPlanck count'
const pgText = (v: unknown) => String(prepareValue(v))

function mix(d: Data): Kind[] {
    const address = (xs: string[]) => (r: Rand) => ({ address: r.pick(xs) })
    const byAddress = { vars: (i: Input) => ({ address: i.address }), tokens: (i: Input) => [String(i.address)] }
    const window90 = (r: Rand) => {
        const span = Math.min(90, d.days)
        const from = d.start + r.int(d.days - span + 1) * DAY_MS
        return { from, to: from + span * DAY_MS }
    }
    const rewards = (groupBy: string): Kind => ({
        name: `rewards(${groupBy}, 90 d)`,
        query: `query ($from: DateTime, $to: DateTime) { rewards(groupBy: "${groupBy}", from: $from, to: $to) { ${REWARDS} } }`,
        input: window90,
        vars: i => ({ from: new Date(i.from).toISOString(), to: new Date(i.to).toISOString() }),
        tokens: i => [pgText(new Date(i.from)), pgText(new Date(i.to))],
    })
    const pages = Math.max(2, Math.ceil(d.requests / 100))
    return [
        { name: 'accountHistory (depositor)', query: `query ($address: String!) { accountHistory(address: $address, limit: 1000) { ${HISTORY} } }`,
            input: address(d.depositors), ...byAddress },
        { name: 'accountHistory (holder)', query: `query ($address: String!) { accountHistory(address: $address, limit: 1000) { ${HISTORY} } }`,
            input: address(d.holders), ...byAddress },
        { name: 'accountSummary (depositor)', query: `query ($address: String!) { accountSummary(address: $address) { ${SUMMARY} } }`,
            input: address(d.depositors), ...byAddress },
        { name: 'accountSummary (holder)', query: `query ($address: String!) { accountSummary(address: $address) { ${SUMMARY} } }`,
            input: address(d.holders), ...byAddress },
        { name: 'deposits(from:)', query: `query ($address: String!) { deposits(from: $address) {
                id from amountPlanck status shares extrinsicId extrinsicHash blockHeight timestamp finalized } }`,
            input: address(d.depositors), ...byAddress },
        { name: 'unstakeQueue(limit: 100)', query: `{ unstakeQueue(limit: 100) { ${QUEUE} } }`,
            input: () => ({}), vars: () => ({}), tokens: () => [] },
        { name: 'unstakeQueue later pages', query: `query ($offset: Int!) { unstakeQueue(limit: 100, offset: $offset) { ${QUEUE} } }`,
            input: r => ({ offset: 100 * (1 + r.int(pages - 1)) }), vars: i => ({ offset: i.offset }), tokens: i => [String(i.offset)],
            samples: [{ offset: 300 }, { offset: 100 * (pages - 1) }] },
        { name: 'ratioReports (a year)', query: `query ($from: String, $to: String) { ratioReports(from: $from, to: $to, limit: 1000) {
                period periodStart ratio onchainRatio apr publishable checks { name passed blocking } } }`,
            input: () => ({ from: d.firstPeriod, to: d.lastPeriod }), vars: i => i, tokens: i => [String(i.from), String(i.to)] },
        rewards('DAY'),
        rewards('VALIDATOR'),
        { name: 'latestRatio', query: '{ latestRatio { period ratio apr totalShares pooledValue publishable checks { name passed blocking detail } } }',
            input: () => ({}), vars: () => ({}), tokens: () => [] },
        { name: 'poolDeposits(where: {from_eq})', query: `query ($address: String!) { poolDeposits(where: {from_eq: $address}, orderBy: timestamp_DESC, limit: 100) {
                id from to amount blockHeight timestamp extrinsicHash } }`,
            input: address(d.depositors), ...byAddress },
    ]
}

// ---------------------------------------------------------------------------------------------
// statement templates

/** a parameter: the i-th token of the input, or a literal */
type Param = { token: number } | { literal: string | null }
interface Template { sql: string; params: Param[] }

const CONTROL = /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SET |RESET |SAVEPOINT|RELEASE)/i

function templateOf(kind: Kind, input: Input, statements: CapturedStatement[]): { replay: Template[]; control: string[] } {
    const tokens = kind.tokens(input)
    const replay: Template[] = []
    const control: string[] = []
    for (const s of statements) {
        if (CONTROL.test(s.sql)) { control.push(s.sql.trim()); continue }
        replay.push({
            sql: s.sql,
            params: s.params.map(p => {
                const t = p == null ? -1 : tokens.indexOf(p)
                return t >= 0 ? { token: t } : { literal: p }
            }),
        })
    }
    return { replay, control }
}

function bind(t: Template, tokens: string[]): (string | null)[] {
    return t.params.map(p => ('token' in p ? tokens[p.token] : p.literal))
}

// ---------------------------------------------------------------------------------------------
// the API part, as `npm start` runs it

async function startApi(conn: DbConnection, profileFile: string, logDir: string, extraNodeArgs: string[] = []): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
    const stock = PRODUCT_PARTS.find(p => p.name === 'api')
    if (!stock) throw new Error('src/parts.ts has no api part')
    const part = extraNodeArgs.length ? { ...stock, nodeArgs: [...(stock.nodeArgs ?? []), ...extraNodeArgs] } : stock
    if (!fs.existsSync(path.join(projectDir(), part.entry))) throw new Error(`${part.entry} is not built: npm run build`)
    // as src/cli/start.ts: the DB_* variables and the profile for every part, GQL_PORT for the api
    const supervisor = new Supervisor(projectDir(), logDir, { ...connectionEnv(conn), SQUID_PROFILE: profileFile }, () => {}, { restart: false })
    const port = await freePort()
    const running = supervisor.start(part, { GQL_PORT: String(port) })
    const url = `http://127.0.0.1:${port}/graphql`
    const deadline = Date.now() + 60_000
    for (;;) {
        supervisor.assertAlive()
        try {
            const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })
            if (res.ok) break
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`the API did not answer at ${url} within 60 s`)
        await new Promise(r => setTimeout(r, 100))
    }
    return { url, pid: running.child.pid!, stop: () => supervisor.stop() }
}

async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
    const body: any = await res.json()
    if (!res.ok || body.errors) throw new Error(`API ${res.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)} for ${query.slice(0, 80)}`)
    return body.data
}

// ---------------------------------------------------------------------------------------------

interface Measure { p50: number; p99: number; rps: number; n: number }
interface RunResult { api: Measure[]; sql: Measure[]; apiCpu: number; apiPg: number; apiBench: number; sqlPg: number; sqlBench: number; loads: string[] }

function measures(latencies: number[][], elapsedMs: number): Measure[] {
    return latencies.map(xs => ({ p50: percentile(xs, 0.5), p99: percentile(xs, 0.99), rps: xs.length / (elapsedMs / 1000), n: xs.length }))
}

async function main() {
    const args = process.argv.slice(2)
    const arg = (name: string, def: number) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def }
    const sarg = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined }
    const opts: GenOptions = { ...DEFAULT_GEN, total: arg('--events', DEFAULT_GEN.total), days: arg('--days', DEFAULT_GEN.days) }
    const clients = arg('--clients', 50)
    const sqlConnections = arg('--sql-connections', clients)
    const seconds = arg('--seconds', 30)
    const runs = arg('--runs', 3)
    const only = sarg('--only')?.split(',').map(s => s.trim())
    const indexes = args.flatMap((a, i) => (a === '--index' ? [args[i + 1]] : []))
    const explain = args.includes('--explain')
    const keep = sarg('--data')
    const N = opts.days

    const dir = keep ? path.resolve(keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-bench-api-'))
    fs.mkdirSync(dir, { recursive: true })
    fs.chmodSync(dir, 0o755)
    const dataRoot = path.join(dir, 'pg')
    const pg = await EmbeddedPostgresServer.start({ dataRoot })
    let db: Client | undefined
    const stops: (() => Promise<void>)[] = []
    try {
        const conn = pg.connection(DATABASE)
        console.log(`machine: ${os.cpus().length} cores, load average ${load()} (1 / 5 / 15 min)`)

        // ---- data + oracle (reused with --data when the options match)
        const meta = JSON.stringify({ total: opts.total, days: opts.days, seed: opts.seed, start: opts.start })
        let reuse = false
        if (keep) {
            const probe = new Client(pgConfig(pg.connection('postgres')))
            await probe.connect()
            const exists = (await probe.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount
            await probe.end()
            if (exists) {
                const c = new Client(pgConfig(conn))
                await c.connect()
                const m = await c.query(`SELECT to_regclass('bench_api_meta') IS NOT NULL AS present`)
                if (m.rows[0].present) reuse = (await c.query('SELECT meta FROM bench_api_meta')).rows[0]?.meta === meta
                await c.end()
            }
        }
        if (!reuse) await pg.recreateDatabase(DATABASE)
        db = new Client(pgConfig(conn))
        await db.connect()
        const pl = plan(opts)
        if (!reuse) {
            await applyMigrations(conn)
            let t = performance.now()
            const events = await loadDays(db, pl, newLedger(opts.seed), newTables(), 0, N)
            if (events !== opts.total) throw new Error(`generated ${events} events, expected ${opts.total}`)
            await setFinality(db, opts, opts.start + N * DAY_MS, newTables())
            console.log(`loaded ${events.toLocaleString('en')} events over ${N} days in ${sec(performance.now() - t)} s`)
            // the oracle worker closes every period and writes the live queue (proof of reserves read from counting chains, as bench/oracle)
            const chain = new CountingChainRpc()
            const reserves = { kusama: new KusamaStorageReader(chain), ethereum: new EthereumStorageReader(chain, BENCH_BOND), poolAccounts: poolAccounts(pl.accounts) }
            const cfg: WorkerConfig = { settings: DEFAULT_CORE_SETTINGS, liquidity: { poolAccounts: poolAccounts(pl.accounts) }, reserves }
            t = performance.now()
            const p = await closePeriods(db, cfg)
            if (p.closed.length !== N) throw new Error(`the worker closed ${p.closed.length} periods, expected ${N}`)
            await db.query('ANALYZE')
            console.log(`oracle worker: ${N} periods closed, live queue of ${p.live?.requests.length} requests, in ${sec(performance.now() - t)} s`)
            await db.query('CREATE TABLE bench_api_meta (meta text)')
            await db.query('INSERT INTO bench_api_meta VALUES ($1)', [meta])
        } else console.log(`reusing the loaded database in ${dir}`)
        // indexes of an earlier --index run are dropped: every run states its own
        for (const r of (await db.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname LIKE 'bench_idx_%'`)).rows) {
            await db.query(`DROP INDEX "${r.indexname}"`)
        }
        for (const [i, sql] of indexes.entries()) {
            const named = sql.replace(/^\s*CREATE\s+INDEX\s+(?!CONCURRENTLY)(IF NOT EXISTS\s+)?/i, `CREATE INDEX bench_idx_${i} `)
            const t = performance.now()
            await db.query(named)
            console.log(`index: ${named} (${sec(performance.now() - t)} s)`)
        }
        if (indexes.length) await db.query('ANALYZE')

        const count = async (sql: string) => Number((await db!.query(sql)).rows[0].n)
        const data: Data = {
            depositors: (await db.query('SELECT DISTINCT "from" AS a FROM pool_deposit')).rows.map(r => r.a).sort(),
            holders: (await db.query('SELECT DISTINCT account AS a FROM burn')).rows.map(r => r.a).sort(),
            firstPeriod: periodLabel(Math.floor(opts.start / DAY_MS), DEFAULT_CORE_SETTINGS.periodSeconds),
            lastPeriod: periodLabel(Math.floor(opts.start / DAY_MS) + N - 1, DEFAULT_CORE_SETTINGS.periodSeconds),
            start: opts.start, days: N,
            requests: await count('SELECT count(*) AS n FROM unstake_request'),
        }
        const rows: string[] = []
        for (const t of ['pool_deposit', 'deposit_outcome', 'unstake_request', 'pool_transfer', 'staking_reward', 'period_report', 'outflow_allocation']) {
            rows.push(`${t} ${(await count(`SELECT count(*) AS n FROM "${t}"`)).toLocaleString('en')}`)
        }
        console.log(`rows: ${rows.join(', ')}; ${data.depositors.length.toLocaleString('en')} depositors, ${data.holders.length.toLocaleString('en')} holders`)
        let kinds = mix(data)
        if (only) kinds = kinds.filter(k => only.some(o => k.name.startsWith(o)))
        if (kinds.length === 0) throw new Error(`--only ${only} matches no query`)

        // ---- the profile the API reads (the bench's fee; endpoints unused by the API)
        const profile: ChainProfile = {
            name: 'bench-api',
            kusama: { kind: 'relay', rpc: 'http://127.0.0.1:9', startBlock: 0, depositAddresses: pl.accounts.deposits, stashes: pl.accounts.stashes, otherPoolAccounts: [pl.accounts.payout] },
            ethereum: { rpc: 'http://127.0.0.1:9', chainId: 1, startBlock: 0, finalityConfirmation: 75, pool: '0x59f767ec659e9fe01ebcf930465e2ad4cc0f208e', bond: BENCH_BOND },
            oracle: { ...DEFAULT_ORACLE, feeBps: DEFAULT_CORE_SETTINGS.feeBps },
        }
        const profileFile = path.join(dir, 'profile.json')
        fs.writeFileSync(profileFile, serializeProfile(profile))

        // ---- capture: what the API sends per kind, read off the wire
        const proxy = new PgWireCapture({ host: conn.host, port: conn.port })
        await proxy.listen()
        const capturing = await startApi({ ...conn, port: proxy.port }, profileFile, path.join(dir, 'logs-capture'))
        const r0 = new Rand(4242)
        const samples = kinds.map(k => k.samples ?? [k.input(r0), k.input(r0)])
        const captured: CapturedStatement[][] = []
        try {
            for (const [i, k] of kinds.entries()) {
                for (const sample of samples[i]) {
                    const before = proxy.statements.length
                    await gql(capturing.url, k.query, k.vars(sample))
                    // the transaction's COMMIT may follow the answer
                    await new Promise(r => setTimeout(r, 100))
                    captured.push(proxy.statements.slice(before))
                }
            }
        } finally {
            await capturing.stop()
            await proxy.close()
        }
        const templates: Template[][] = []
        console.log('\nstatements per query (captured on the wire from the API; replayed as is, parameters from the input):')
        for (const [i, k] of kinds.entries()) {
            const a = templateOf(k, samples[i][0], captured[2 * i])
            const b = templateOf(k, samples[i][1], captured[2 * i + 1])
            if (JSON.stringify(a.replay) !== JSON.stringify(b.replay)) {
                throw new Error(`${k.name}: the two samples ran different statements:\n${JSON.stringify(a.replay, null, 1)}\n${JSON.stringify(b.replay, null, 1)}`)
            }
            if (a.replay.length === 0) throw new Error(`${k.name}: no statement captured`)
            templates.push(a.replay)
            const control = [...new Set(a.control.map(s => s.replace(/\s+/g, ' ')))]
            console.log(`- ${k.name}: ${a.replay.length} statement(s)${control.length ? `; not replayed: ${control.join('; ')}` : ''}`)
            for (const t of a.replay) console.log(`    ${t.sql.replace(/\s+/g, ' ').trim()}  -- params ${JSON.stringify(t.params.map(p => ('token' in p ? `<input ${p.token}>` : p.literal)))}`)
        }

        if (explain) {
            console.log('\nEXPLAIN (ANALYZE, BUFFERS) of every statement, first sample input:')
            for (const [i, k] of kinds.entries()) {
                for (const t of templates[i]) {
                    const res = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${t.sql}`, bind(t, k.tokens(samples[i][0])))
                    console.log(`\n## ${k.name}\n${t.sql.replace(/\s+/g, ' ').trim()}\n${res.rows.map(r => r['QUERY PLAN']).join('\n')}`)
                }
            }
        }

        // ---- the measured API (no statement logging) and the raw pool
        // BENCH_CPU_PROF=DIR: the measured API process writes a V8 CPU profile there when stopped (diagnosis only)
        const cpuProf = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined
        const api = await startApi(conn, profileFile, path.join(dir, 'logs'), cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [])
        let apiStopped = false
        const stopApi = async () => {
            if (apiStopped) return
            apiStopped = true
            const before = cpuProf && fs.existsSync(cpuProf) ? new Set(fs.readdirSync(cpuProf)) : new Set<string>()
            await api.stop()
            if (cpuProf) {
                for (const f of fs.readdirSync(cpuProf).filter(f => f.endsWith('.cpuprofile') && !before.has(f))) {
                    console.log(`\nAPI process CPU profile ${path.join(cpuProf, f)}: top self time\n${summarize(JSON.parse(fs.readFileSync(path.join(cpuProf, f), 'utf8')), 30)}`)
                }
            }
        }
        stops.push(stopApi)
        const pool = new Pool(pgConfig(conn, { max: sqlConnections }))
        // an idle connection closed by the server at the end must not crash the bench
        pool.on('error', () => {})
        stops.push(() => pool.end())
        // open every connection before measuring, as the API's pool (min = max) has
        await Promise.all(Array.from({ length: sqlConnections }, async () => { const c = await pool.connect(); await c.query('SELECT 1'); return c })).then(cs => cs.forEach(c => c.release()))
        const warmupMs = Math.min(5, seconds / 6) * 1000
        const tokensOf = (k: number, input: Input) => kinds[k].tokens(input)
        const viaApi = (k: number, input: Input) => gql(api.url, kinds[k].query, kinds[k].vars(input))
        const viaSql = async (k: number, input: Input) => {
            const c = await pool.connect()
            try {
                for (const t of templates[k]) await c.query(t.sql, bind(t, tokensOf(k, input)))
            } finally {
                c.release()
            }
        }

        // ---- unloaded: one request at a time, per kind (after a warm-up of the whole mix)
        const probeN = Math.max(5, Math.min(30, Math.round(seconds)))
        {
            const r = new Rand(77)
            for (let i = 0; i < 3; i++) for (const k of kinds.keys()) { await viaApi(k, kinds[k].input(r)); await viaSql(k, kinds[k].input(r)) }
            console.log(`\nunloaded (1 client, ${probeN} requests per query, medians; API CPU from /proc, 10 ms ticks) — load average ${load()}`)
            console.log('| query | API ms | SQL ms | API − SQL ms | API process CPU ms per request |\n|---|---|---|---|---|')
            for (const k of kinds.keys()) {
                const inputs = Array.from({ length: probeN }, () => kinds[k].input(r))
                const a: number[] = [], q: number[] = []
                const c0 = cpuSecondsOf(api.pid)
                for (const input of inputs) { const t = performance.now(); await viaApi(k, input); a.push(performance.now() - t) }
                const cpu = (cpuSecondsOf(api.pid) - c0) * 1000 / probeN
                for (const input of inputs) { const t = performance.now(); await viaSql(k, input); q.push(performance.now() - t) }
                console.log(`| ${kinds[k].name} | ${ms(median(a))} | ${ms(median(q))} | ${ms(median(a) - median(q))} | ${cpu.toFixed(1)} |`)
            }
        }
        const results: RunResult[] = []
        for (let run = 0; run < runs; run++) {
            const seed = 1000 + run
            const loads: string[] = [load()]
            let c0 = cpuSecondsOf(api.pid), p0 = clusterCpuSeconds(pg.dataDir), b0 = process.cpuUsage()
            const a = await closedLoop<Input>({
                clients, seconds, warmupMs, seed, kinds: kinds.length,
                input: (k, r) => kinds[k].input(r),
                exec: async (k, input) => { await viaApi(k, input) },
            })
            const total = a.latencies.reduce((s, x) => s + x.length, 0)
            const apiCpu = (cpuSecondsOf(api.pid) - c0) * 1000 / total
            const apiPg = (clusterCpuSeconds(pg.dataDir) - p0) * 1000 / total
            const bu = process.cpuUsage(b0)
            const apiBench = (bu.user + bu.system) / 1000 / total
            loads.push(load())
            p0 = clusterCpuSeconds(pg.dataDir); b0 = process.cpuUsage()
            const s = await closedLoop<Input>({
                clients: sqlConnections, seconds, warmupMs, seed, kinds: kinds.length,
                input: (k, r) => kinds[k].input(r),
                exec: viaSql,
            })
            const stotal = s.latencies.reduce((x, y) => x + y.length, 0)
            const sqlPg = (clusterCpuSeconds(pg.dataDir) - p0) * 1000 / stotal
            const su = process.cpuUsage(b0)
            const sqlBench = (su.user + su.system) / 1000 / stotal
            loads.push(load())
            const r: RunResult = { api: measures(a.latencies, a.elapsedMs), sql: measures(s.latencies, s.elapsedMs), apiCpu, apiPg, apiBench, sqlPg, sqlBench, loads }
            results.push(r)
            printRun(run, kinds, r, clients, sqlConnections, seconds)
        }
        printSummary(kinds, results, opts, clients, sqlConnections, seconds)
        await stopApi()
    } finally {
        for (const s of stops.reverse()) await s().catch(() => {})
        await db?.end().catch(() => {})
        await pg.stop()
        if (!keep) fs.rmSync(dir, { recursive: true, force: true })
    }
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1))

function printRun(run: number, kinds: Kind[], r: RunResult, clients: number, conns: number, seconds: number) {
    console.log(`\nrun ${run + 1}: ${clients} clients on the API, then ${conns} pg connections, ${seconds} s each; load average before / after API / after SQL: ${r.loads.join(' | ')}`)
    console.log(`CPU per request: API phase — API process ${r.apiCpu.toFixed(2)} ms, Postgres ${r.apiPg.toFixed(2)} ms, bench client ${r.apiBench.toFixed(2)} ms; ` +
        `SQL phase — Postgres ${r.sqlPg.toFixed(2)} ms, bench client ${r.sqlBench.toFixed(2)} ms`)
    console.log('| query | API p50 ms | API p99 ms | API req/s | SQL p50 ms | SQL p99 ms | SQL req/s | p99 API/SQL |\n|---|---|---|---|---|---|---|---|')
    for (const [i, k] of kinds.entries()) {
        const a = r.api[i], s = r.sql[i]
        console.log(`| ${k.name} | ${ms(a.p50)} | ${ms(a.p99)} | ${a.rps.toFixed(1)} | ${ms(s.p50)} | ${ms(s.p99)} | ${s.rps.toFixed(1)} | ${(a.p99 / s.p99).toFixed(2)} |`)
    }
    const ta = r.api.reduce((x, m) => x + m.rps, 0), ts = r.sql.reduce((x, m) => x + m.rps, 0)
    console.log(`| all | | | ${ta.toFixed(1)} | | | ${ts.toFixed(1)} | |`)
}

function printSummary(kinds: Kind[], results: RunResult[], opts: GenOptions, clients: number, conns: number, seconds: number) {
    const f = (xs: number[], d = 2) => `${Math.min(...xs).toFixed(d)} / ${median(xs).toFixed(d)} / ${Math.max(...xs).toFixed(d)}`
    console.log(`\nsummary over ${results.length} run(s) (${opts.total.toLocaleString('en')} events, ${opts.days} days; ${clients} API clients, ${conns} pg connections, ${seconds} s each), min / median / max:`)
    console.log('| query | p99 API/SQL | API p99 ms | SQL p99 ms | API req/s | SQL req/s | goal (medians) |\n|---|---|---|---|---|---|---|')
    for (const [i, k] of kinds.entries()) {
        const ratios = results.map(r => r.api[i].p99 / r.sql[i].p99)
        const p99 = results.map(r => r.api[i].p99)
        const goal = `${median(ratios) <= 3 ? '≤ 3×' : '**> 3×**'}, ${median(p99) <= 100 ? '≤ 100 ms' : '**> 100 ms**'}`
        console.log(`| ${k.name} | ${f(ratios)} | ${f(p99, 1)} | ${f(results.map(r => r.sql[i].p99), 1)} | ${f(results.map(r => r.api[i].rps), 1)} | ${f(results.map(r => r.sql[i].rps), 1)} | ${goal} |`)
    }
    console.log(`| all queries (req/s) | | | | ${f(results.map(r => r.api.reduce((x, m) => x + m.rps, 0)), 1)} | ${f(results.map(r => r.sql.reduce((x, m) => x + m.rps, 0)), 1)} | |`)
    console.log(`\nCPU ms per request (mean over the mix), min / median / max: API phase — API process ${f(results.map(r => r.apiCpu))}, Postgres ${f(results.map(r => r.apiPg))}, ` +
        `bench client ${f(results.map(r => r.apiBench))}; SQL phase — Postgres ${f(results.map(r => r.sqlPg))}, bench client ${f(results.map(r => r.sqlBench))}`)
    console.log(`load average (1 min) at the phases' ends: ${results.map(r => r.loads.slice(1).map(l => l.split(' / ')[0]).join(', ')).join('; ')}`)
}

main().then(() => process.exit(0), e => {
    console.error(e)
    process.exit(1)
})
