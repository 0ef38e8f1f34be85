import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { Client } from 'pg'
import { DbConnection, pgConfig } from '../db/connection'
import { LocalStack } from '../local/local-stack'
import { parseScenario } from '../local/scenario/scenario'
import { PRODUCT_PARTS } from '../parts'
import { ApiLoad, LoadSummary, summarizeLoad } from './api-load'
import { FaultInjector } from './fault-injector'
import { FaultPlan } from './fault-plan'
import { FaultProxy } from './fault-proxy'
import { Rng } from './prng'
import { waitBeforeReorgs } from './reorg-wait'
import { readRunState, RunState } from './run-state'
import { ScenarioFile } from './scenario-gen'

/**
 * One replay of a scenario on a whole fresh local stack (its own embedded Postgres cluster, both chains, the
 * product's parts as processes) while GraphQL clients load the API; with a fault plan, the processors reach their
 * chains through fault proxies and the plan's faults fire as the runner reaches their steps. Answers the product's
 * normalized final state (./run-state.ts), the faults applied and the API's record.
 */
export const CHAOS_PARTS = ['kusama-processor', 'eth-processor', 'oracle-worker', 'api']

export interface ChaosRunOptions {
    scenario: ScenarioFile
    /** undisturbed when absent (the reference) */
    faults?: { seed: number; plan: FaultPlan }
    apiClients?: number
    /** how long a proxy holds a stalled answer (default 15 s) */
    stallMs?: number
    /** the run's progress and the parts' restarts */
    log?: (line: string) => void
    /** keep the run's folder (part logs, profile) here instead of deleting it */
    keepLogsIn?: string
}

export interface ChaosRunResult {
    state: RunState
    /** faults applied per kind, reorgs included */
    counts: Record<string, number>
    /** armed proxy faults no request came for */
    unappliedProxyFaults: number
    load: LoadSummary
    durationMs: number
    steps: number
}

export async function chaosRun(opts: ChaosRunOptions): Promise<ChaosRunResult> {
    const t0 = Date.now()
    const log = opts.log ?? (() => {})
    const stallMs = opts.stallMs ?? 15_000
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-chaos-'))
    fs.chmodSync(dir, 0o755)
    const proxies: Partial<Record<'kusama' | 'ethereum', FaultProxy>> = {}
    const scenario = parseScenario(JSON.stringify(opts.scenario))
    let stack: LocalStack | undefined
    const db = reconnecting()
    try {
        stack = await LocalStack.start({
            scenario,
            parts: PRODUCT_PARTS.filter(p => CHAOS_PARTS.includes(p.name)),
            pgDataRoot: path.join(dir, 'pg'),
            runDir: path.join(dir, 'run'),
            echo: line => { if (/exited|restarting|finished|supervisor/.test(line)) log(line) },
            // undisturbed, a part that dies is a bug to see; under chaos the supervisor heals it as `npm start` does
            restart: opts.faults ? undefined : false,
            partEnv: async (chains): Promise<Record<string, Record<string, string>>> => {
                if (!opts.faults) return {}
                const rng = new Rng(opts.faults.seed)
                proxies.kusama = await FaultProxy.start(chains.kusamaHttpUrl, { rng, stallMs })
                proxies.ethereum = await FaultProxy.start(chains.ethereumWsUrl, { rng, stallMs })
                return { 'kusama-processor': { KUSAMA_RPC: proxies.kusama.url }, 'eth-processor': { ETH_RPC: proxies.ethereum.url } }
            },
        })
        const s = stack
        db.connectTo(s.db)
        const injector = opts.faults ? new FaultInjector(s, opts.faults.plan, { kusama: proxies.kusama!, ethereum: proxies.ethereum! }, log) : undefined
        const reorgWait = waitBeforeReorgs(s, () => db.client(), { giveUpAfterMs: 15_000 })
        const load = new ApiLoad(s.graphqlUrl!, opts.apiClients ?? 4, opts.faults?.seed ?? 0)
        const reorgs: Record<string, number> = {}
        let step = 0
        let ethRestartsForLostHeads = 0
        const runner = s.runner(log, {
            beforeStep: async st => {
                injector?.beforeStep(step)
                step++
                await reorgWait.beforeStep(st)
                if (st.op === 'reorg') reorgs[`reorg:${st.chain}`] = (reorgs[`reorg:${st.chain}`] ?? 0) + 1
            },
            waitForCatchUp: async () => {
                await injector?.settle()
                if (!injector) return s.waitForCatchUp(300_000)
                ethRestartsForLostHeads += await catchUpRestartingAStuckEthProcessor(s, stallMs + 5000)
            },
        })
        load.start()
        let records
        try {
            await runner.run()
            await injector?.settle()
        } finally {
            records = await load.stop()
        }
        const state = await readRunState(await db.client())
        return {
            state,
            counts: {
                ...reorgs, ...injector?.counts(),
                ...(reorgWait.skipped() ? { reorgWaitSkipped: reorgWait.skipped() } : {}),
                ...(ethRestartsForLostHeads ? { ethRestartsForLostHeads } : {}),
            },
            unappliedProxyFaults: (proxies.kusama?.pending() ?? 0) + (proxies.ethereum?.pending() ?? 0),
            // only the API's own downtime and Postgres' explain a failed request: every other part may die under it
            load: summarizeLoad(records, (injector?.windows ?? []).filter(w => w.kind === 'kill api' || w.kind === 'postgres restart')),
            durationMs: Date.now() - t0,
            steps: step,
        }
    } finally {
        await db.end()
        await stack?.stop()
        await Promise.all(Object.values(proxies).map(p => p.close()))
        if (opts.keepLogsIn) {
            fs.mkdirSync(opts.keepLogsIn, { recursive: true })
            fs.cpSync(path.join(dir, 'run', 'logs'), opts.keepLogsIn, { recursive: true })
        }
        fs.rmSync(dir, { recursive: true, force: true })
    }
}

/**
 * Waits until the product has caught up; restarts the Ethereum processor when it has not caught up `stuckMs` on
 * (longer than a stalled answer lasts).
 * It follows the head only through its newHeads subscription (the SDK, over WebSocket), so a notification lost
 * with a connection (a fault) is made good only by the next head — a live chain mines one every 12 s, the local
 * devnet none while the runner waits, so the processor would wait forever. Mining a block to wake it would move
 * the timestamps of the scenario's next Ethereum blocks (a claim's) and so its events; a restart reads the
 * finalized head afresh and changes nothing on the chain. Answers the restarts (counted in the seed's line).
 */
async function catchUpRestartingAStuckEthProcessor(stack: LocalStack, stuckMs: number, timeoutMs = 300_000, maxRestarts = 3): Promise<number> {
    const deadline = Date.now() + timeoutMs
    for (let restarts = 0; ;) {
        try {
            await stack.waitForCatchUp(stuckMs)
            return restarts
        } catch (e) {
            if (!/timed out waiting/.test(String(e?.message)) || Date.now() > deadline) throw e
            if (!/eth-processor at/.test(e.message) || restarts >= maxRestarts) continue
            await stack.restartPart('eth-processor')
            restarts++
        }
    }
}

/** a Postgres client that connects again after Postgres went away (a chaos restart ends every session) */
function reconnecting(): { connectTo(c: DbConnection): void; client(): Promise<Client>; end(): Promise<void> } {
    let conn: DbConnection | undefined
    let current: Client | undefined
    return {
        connectTo: c => { conn = c },
        async client() {
            if (current) return current
            const c = new Client(pgConfig(conn!))
            const forget = () => { if (current === c) current = undefined }
            c.on('error', forget)
            c.on('end', forget)
            await c.connect()
            current = c
            return c
        },
        async end() {
            await current?.end().catch(() => {})
            current = undefined
        },
    }
}
