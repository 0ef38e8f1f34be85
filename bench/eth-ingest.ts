/**
 * bench/eth-ingest — the Ethereum pipeline (the real compiled processor, its own process, writing
 * to Postgres) against the raw fetch rate of the same Hardhat node in the same run.
 *
 *   npx ts-node --transpile-only bench/eth-ingest.ts [BLOCKS=25000] [--modes sdk-defaults,read-committed,tuned] [--claim-every K] [--ws]
 *
 * The chain: one claim or burn transaction every K blocks (two logs each), the other blocks empty, then
 * FINALITY empty blocks. K = 1 (every block) is the dense chain of earlier runs; a mainnet-like density is
 * K = 100 (72 claims and burns a day at 12 s blocks, more than aKSMb sees). The headline baseline is headers +
 * logs, the SDK's own fetch: the handler's per-claim eth_getTransactionByHash is our cost, not the baseline's;
 * headers + logs + the claims' senders is printed beside it. Needs `npm run build` first (the processor runs
 * from lib/).
 * Modes (environment of the processor):
 *   sdk-defaults    SERIALIZABLE transactions, the SDK's 10-block splits and batches, TypeORM writes
 *   read-committed  READ COMMITTED, otherwise as sdk-defaults
 *   tuned           the product's defaults: READ COMMITTED, 100-block splits, batches coalesced up to
 *                   500 blocks, JSON writes (src/chains/sdk-patches/{cold-split,coalesce}.ts, src/chains/common/bulk-write.ts)
 * BENCH_CPU_PROF=DIR writes a V8 CPU profile of the processor there (it then stops by itself at the
 * target block: ETH_TO_BLOCK).
 */
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { DEFAULT_ORACLE, serializeProfile } from '../src/config/profile'
import { connectionEnv, DbConnection } from '../src/db/connection'
import { EmbeddedPostgresServer, projectDir } from '../src/db/embedded'
import { EthereumDevnet } from '../src/local/ethereum-devnet'
import { freePort } from '../src/util/free-port'
import { generateEthChain } from './support/generate'
import { followProcessor } from './support/follow-processor'
import { IngestRun, printRatios, runModes } from './support/ingest-report'
import { bestOf, ethRawFetch, FetchRate, SenderLogs } from './support/raw-fetch'
import { POOL_TOPICS } from '../src/chains/ethereum/events'

const FINALITY = 5
const MODES: Record<string, Record<string, string>> = {
    'sdk-defaults': { ETH_ISOLATION_LEVEL: 'SERIALIZABLE', ETH_COALESCE_BLOCKS: '0', ETH_SPLIT_BLOCKS: '10', FAST_INSERT: '0' },
    'read-committed': { ETH_ISOLATION_LEVEL: 'READ COMMITTED', ETH_COALESCE_BLOCKS: '0', ETH_SPLIT_BLOCKS: '10', FAST_INSERT: '0' },
    tuned: {},
}

async function runProcessor(mode: string, db: DbConnection, profileFile: string, target: number, logs: number): Promise<IngestRun> {
    const r = await followProcessor({
        entry: path.join(projectDir(), 'lib/chains/ethereum/main.js'),
        nodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [],
        env: {
            ...connectionEnv(db), SQUID_PROFILE: profileFile, PROCESSOR_PROMETHEUS_PORT: String(await freePort()),
            SQD_INFO: 'sqd:processor', ...MODES[mode], RPC_RETRY_ATTEMPTS: '3',
            ...(process.env.BENCH_CPU_PROF ? { ETH_TO_BLOCK: String(target) } : {}),
        },
        db, stateSchema: 'eth_processor', target,
        exitMeansDone: !!process.env.BENCH_CPU_PROF,
        countRows: async c => Number((await c.query('SELECT (SELECT count(*) FROM claim) + (SELECT count(*) FROM burn) + (SELECT count(*) FROM bond_transfer) AS n')).rows[0].n),
    })
    return { mode, blocks: target + 1, items: logs, ...r }
}

async function main() {
    const args = process.argv.slice(2)
    const blocks = Number(args.find(a => /^\d+$/.test(a)) ?? 25000)
    const modesArg = args.indexOf('--modes')
    const modes = modesArg >= 0 ? args[modesArg + 1].split(',') : ['sdk-defaults', 'tuned']
    for (const m of modes) if (!MODES[m]) throw new Error(`unknown mode ${m}; known: ${Object.keys(MODES).join(', ')}`)
    const ws = args.includes('--ws')
    const everyArg = args.indexOf('--claim-every')
    const every = everyArg >= 0 ? Number(args[everyArg + 1]) : 1
    if (!(Number.isInteger(every) && every >= 1)) throw new Error('--claim-every takes a whole number ≥ 1')

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-bench-eth-'))
    fs.chmodSync(dir, 0o755)
    const pg = await EmbeddedPostgresServer.start({ dataRoot: path.join(dir, 'pg') })
    const devnet = await EthereumDevnet.start({ startTime: Math.floor(Date.UTC(2026, 0, 5) / 1000) })
    try {
        let t = Date.now()
        await generateEthChain(devnet, blocks, every)
        for (let i = 0; i < FINALITY; i++) await devnet.emptyBlock()
        const head = (await devnet.head()).height
        const target = head - FINALITY
        console.log(`generated ${blocks} blocks (a claim or burn every ${every}) in ${((Date.now() - t) / 1000).toFixed(1)} s; head ${head}, indexing 0..${target}`)

        // the baseline: everything the pipeline fetches (headers, logs, the claims' senders); also
        // printed against headers and logs alone
        const claims: SenderLogs = { address: devnet.addresses.pool.toLowerCase(), topic0: POOL_TOPICS.TokensClaimed }
        const raw = async (senders?: SenderLogs): Promise<FetchRate & { logs: number }> =>
            bestOf([() => ethRawFetch(devnet.rpcUrl, 0, target, 1, 100, senders), () => ethRawFetch(devnet.rpcUrl, 0, target, 5, 100, senders)])
        const raws = [await raw(claims)]
        const rawsNoSenders = [await raw()]
        const logs = raws[0].logs
        console.log(`raw fetch: ${raws[0].blocksPerSecond.toFixed(0)} blocks/s, ${(logs / raws[0].seconds).toFixed(0)} logs/s (${logs} logs); ` +
            `without the claims' senders ${rawsNoSenders[0].blocksPerSecond.toFixed(0)} blocks/s`)

        const profileFile = path.join(dir, 'profile.json')
        fs.writeFileSync(profileFile, serializeProfile({
            name: 'bench',
            kusama: { kind: 'relay', rpc: 'ws://127.0.0.1:1', startBlock: 0, depositAddresses: [], stashes: [], otherPoolAccounts: [] },
            ethereum: {
                rpc: ws ? devnet.wsUrl : devnet.rpcUrl, chainId: devnet.chainId, startBlock: 0, finalityConfirmation: FINALITY,
                pool: devnet.addresses.pool.toLowerCase(), bond: devnet.addresses.aKSMb.toLowerCase(),
            },
            oracle: DEFAULT_ORACLE,
        }))
        const runs = await runModes(pg, modes, 'logs', (mode, db) => runProcessor(mode, db, profileFile, target, logs))
        raws.push(await raw(claims))
        rawsNoSenders.push(await raw())
        // every generated transaction emits two of our logs, each one domain row (Claim+MINT or Burn+BURN)
        printRatios(runs, rawsNoSenders, 'logs', ws ? ' (ws)' : '', 2 * Math.ceil(blocks / every), { label: 'headers + logs + claim senders', raws })
    } finally {
        await devnet.stop()
        await pg.stop()
        fs.rmSync(dir, { recursive: true, force: true })
    }
}

main().then(() => process.exit(0), e => {
    console.error(e)
    process.exit(1)
})
