/**
 * bench/kusama-ingest — the Kusama pipeline (the real compiled processor, its own process, writing
 * to Postgres) against the raw fetch rate of the same simulator in the same run.
 *
 *   npx ts-node --transpile-only bench/kusama-ingest.ts [BLOCKS=20000] [--modes sdk-defaults,tuned,sdk-floor] [--repeat N] [--ws]
 *
 * Headline: the product's steady rate ÷ the sdk-floor's in the same run (what our mapping and writes add to
 * the SDK's own cost), min/median/max over --repeat runs; beside it, each mode's ratio to the raw fetch and
 * where the two cores go.
 *
 * The chain (bench/support/generate.ts): every block a utility.batch of three transfers into the
 * pool (≈10 events a block: two Deposits and one INFLOW each), then everything finalized.
 * Needs `npm run build` first (the processor runs from lib/). BENCH_CPU_PROF=DIR writes a V8 CPU
 * profile of the processor there (it then stops by itself at the target block: KUSAMA_TO_BLOCK).
 * Local ws:// endpoints are used over HTTP by the processor (see effectiveRpcUrl in
 * src/chains/kusama/processor.ts); `--ws` with KUSAMA_RPC_KEEP_WS=1 measures WebSocket.
 * Modes (environment of the processor):
 *   sdk-defaults    SERIALIZABLE, the SDK's fetch (one chain_getBlock request per block), its 10-block
 *                   splits and batches/transactions, everything mapped then filtered, TypeORM inserts
 *   tuned           the product's defaults: READ COMMITTED, 100-block splits fetched in batches, items
 *                   nobody requested dropped before the SDK maps them, batches coalesced up to 500
 *                   blocks, JSON inserts (src/chains/sdk-patches/{batched-fetch,prefilter,cold-split,kusama-coalesce}.ts,
 *                   src/chains/common/bulk-write.ts)
 *   sdk-floor       as tuned, but a handler that maps and writes nothing (bench/support/kusama-floor.ts):
 *                   the SDK's own ceiling; compare steady rates (it starts through ts-node)
 */
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { DEFAULT_ORACLE, serializeProfile } from '../src/config/profile'
import { connectionEnv, DbConnection } from '../src/db/connection'
import { EmbeddedPostgresServer, projectDir } from '../src/db/embedded'
import { KusamaSimulator } from '../src/local/kusama-sim'
import { freePort } from '../src/util/free-port'
import { generateKusamaChain } from './support/generate'
import { followProcessor } from './support/follow-processor'
import { IngestRun, printCpuBudget, printOverSdkFloor, printRatios, runModes } from './support/ingest-report'
import { bestOf, FetchRate, kusamaRawFetch } from './support/raw-fetch'

const MODES: Record<string, Record<string, string>> = {
    'sdk-defaults': { KUSAMA_ISOLATION_LEVEL: 'SERIALIZABLE', KUSAMA_COALESCE_BLOCKS: '0', FAST_INSERT: '0', KUSAMA_BATCHED_FETCH: '0', KUSAMA_SPLIT_BLOCKS: '10', KUSAMA_PREFILTER: '0' },
    tuned: {},
    'sdk-floor': {},
}

async function runProcessor(mode: string, db: DbConnection, profileFile: string, target: number, events: number): Promise<IngestRun> {
    const r = await followProcessor({
        entry: mode === 'sdk-floor' ? path.join(__dirname, 'support/kusama-floor.ts') : path.join(projectDir(), 'lib/chains/kusama/main.js'),
        nodeArgs: [
            ...(mode === 'sdk-floor' ? ['-r', 'ts-node/register/transpile-only'] : []),
            ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
        ],
        env: {
            ...connectionEnv(db), SQUID_PROFILE: profileFile, PROCESSOR_PROMETHEUS_PORT: String(await freePort()),
            SQD_INFO: 'sqd:processor', ...MODES[mode],
            ...(process.env.BENCH_CPU_PROF ? { KUSAMA_TO_BLOCK: String(target) } : {}),
        },
        db, stateSchema: 'kusama_processor', target,
        exitMeansDone: !!process.env.BENCH_CPU_PROF,
        countRows: async c => Number((await c.query('SELECT (SELECT count(*) FROM pool_deposit) + (SELECT count(*) FROM pool_transfer) AS n')).rows[0].n),
    })
    return { mode, blocks: target + 1, items: events, ...r, writesRows: mode !== 'sdk-floor' }
}

async function main() {
    const args = process.argv.slice(2)
    const blocks = Number(args.find(a => /^\d+$/.test(a)) ?? 20000)
    const modesArg = args.indexOf('--modes')
    const modes = modesArg >= 0 ? args[modesArg + 1].split(',') : ['sdk-defaults', 'tuned', 'sdk-floor']
    const repeatArg = args.indexOf('--repeat')
    const repeat = repeatArg >= 0 ? Number(args[repeatArg + 1]) : 1
    for (const m of modes) if (!MODES[m]) throw new Error(`unknown mode ${m}; known: ${Object.keys(MODES).join(', ')}`)
    const ws = args.includes('--ws')
    if (!(Number.isInteger(repeat) && repeat >= 1)) throw new Error('--repeat takes a whole number ≥ 1')

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-bench-kusama-'))
    fs.chmodSync(dir, 0o755)
    const pg = await EmbeddedPostgresServer.start({ dataRoot: path.join(dir, 'pg') })
    const start = Date.UTC(2026, 0, 5)
    const sim = new KusamaSimulator({ genesisTime: start, poolAccounts: ['deposit', 'stash0'] })
    try {
        let t = Date.now()
        generateKusamaChain(sim, blocks, start + 6000)
        sim.finalize()
        const target = sim.head().height
        const events = sim.blocks().reduce((n, b) => n + b.events.length, 0)
        console.log(`generated ${blocks} blocks, ${events} events in ${((Date.now() - t) / 1000).toFixed(1)} s; indexing 0..${target}`)
        const urls = await sim.listen()

        const raw = (): Promise<FetchRate> => bestOf([() => kusamaRawFetch(urls.httpUrl, 0, target, 1), () => kusamaRawFetch(urls.httpUrl, 0, target, 5)])
        const raws = [await raw()]
        console.log(`raw fetch: ${raws[0].blocksPerSecond.toFixed(0)} blocks/s, ${(events / raws[0].seconds).toFixed(0)} events/s`)

        const profileFile = path.join(dir, 'profile.json')
        fs.writeFileSync(profileFile, serializeProfile({
            name: 'bench',
            kusama: {
                kind: 'relay', rpc: ws ? urls.wsUrl : urls.httpUrl, startBlock: 0,
                depositAddresses: [sim.address('deposit')], stashes: [sim.address('stash0')], otherPoolAccounts: [],
            },
            ethereum: { rpc: 'http://127.0.0.1:1', chainId: 31337, startBlock: 0, finalityConfirmation: 5, pool: '0x' + '00'.repeat(20), bond: '0x' + '00'.repeat(20) },
            oracle: DEFAULT_ORACLE,
        }))
        const repeats: IngestRun[][] = []
        for (let i = 0; i < repeat; i++) {
            repeats.push(await runModes(pg, modes, 'events', (mode, db) => runProcessor(mode, db, profileFile, target, events)))
        }
        raws.push(await raw())
        const runs = repeats.flat()
        // every generated block: two deposits and one inflow
        printRatios(runs, raws, 'events', ws ? ' (ws)' : '', 3 * blocks)
        printCpuBudget(runs, raws, os.cpus().length, 0.35, 'simulator')
        printOverSdkFloor(repeats, 'tuned', 'sdk-floor')
    } finally {
        await sim.close()
        await pg.stop()
        fs.rmSync(dir, { recursive: true, force: true })
    }
}

main().then(() => process.exit(0), e => {
    console.error(e)
    process.exit(1)
})
