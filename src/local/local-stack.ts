import * as fs from 'fs'
import * as path from 'path'
import { ChainProfile, DEFAULT_ORACLE, serializeProfile } from '../config/profile'
import { connectionEnv, DbConnection, externalConnectionFromEnv } from '../db/connection'
import { EmbeddedPostgresServer, projectDir } from '../db/embedded'
import { applyMigrations } from '../db/migrate'
import { builtParts, PRODUCT_PARTS, ProductPart } from '../parts'
import { CatchUpTarget, waitForCatchUp } from '../runtime/catch-up'
import { oracleAtWatermark } from '../oracle/worker/progress'
import { RestartPolicy } from '../runtime/restart-policy'
import { Supervisor } from '../runtime/supervisor'
import { freePort } from '../util/free-port'
import { EthereumDevnet } from './ethereum-devnet'
import { KusamaSimulator } from './kusama-sim'
import { Scenario } from './scenario/scenario'
import { ScenarioRunner } from './scenario/runner'
import { makePublishHook } from './scenario/publish-op'
import { makeClaimHook } from './scenario/claim-op'
import { makeClaimRemarkHook, makeClaimStakeFiHook } from './scenario/stakefi-ops'

/**
 * The whole product on local chains: Postgres (embedded unless DB_HOST is set), a fresh
 * database, the Kusama simulator, the Hardhat devnet with our contracts, and every built part
 * of the product as its own process, configured by a generated chain profile.
 */
export interface LocalStackOptions {
    scenario: Scenario
    /** database name; recreated empty */
    database?: string
    /** parts to run; default every built part */
    parts?: ProductPart[]
    apiPort?: number
    /** echo the parts' log lines */
    echo?: (line: string) => void
    runDir?: string
    /** where the embedded cluster lives (tests give each file its own) */
    pgDataRoot?: string
    /** restart a part that dies (default: the supervisor's SELF_HEALING); false: report it only (tests) */
    restart?: RestartPolicy | false
}

export class LocalStack {
    private constructor(
        readonly scenario: Scenario,
        readonly db: DbConnection,
        readonly kusama: KusamaSimulator,
        readonly kusamaUrls: { httpUrl: string; wsUrl: string },
        readonly eth: EthereumDevnet,
        readonly profile: ChainProfile,
        readonly supervisor: Supervisor,
        readonly graphqlUrl: string | undefined,
        private pg: EmbeddedPostgresServer | undefined,
    ) {}

    static async start(opts: LocalStackOptions): Promise<LocalStack> {
        const s = opts.scenario
        const root = projectDir()
        const runDir = opts.runDir ?? path.join(root, '.data', 'run')
        fs.mkdirSync(runDir, { recursive: true })

        const external = externalConnectionFromEnv()
        const pg = external ? undefined : await EmbeddedPostgresServer.start({ dataRoot: opts.pgDataRoot })
        const database = opts.database ?? 'squid'
        const db = pg ? await pg.recreateDatabase(database) : external!
        await applyMigrations(db)

        const kusama = new KusamaSimulator({
            genesisTime: s.start - 60_000,
            specVersion: s.config.specVersion,
            finalityLag: s.config.finalityLag,
            firstEra: s.config.firstEra,
            txFeePlanck: s.config.txFeePlanck,
            poolAccounts: ['deposit', ...s.stashes, ...s.config.poolAccounts],
        })
        const kusamaUrls = await kusama.listen()
        const eth = await EthereumDevnet.start({ startTime: Math.floor(s.start / 1000) - 60 })

        const profile: ChainProfile = {
            name: 'local',
            kusama: {
                kind: 'relay',
                // HTTP: over WebSocket substrate-processor 8.5 ignores a new finalized head that brings no new
                // block, which is exactly what a scenario sync point does
                rpc: kusamaUrls.httpUrl,
                startBlock: 0,
                depositAddresses: [kusama.address('deposit')],
                stashes: s.stashes.map(n => kusama.address(n)),
                otherPoolAccounts: s.config.poolAccounts.map(n => kusama.address(n)),
            },
            ethereum: {
                rpc: eth.wsUrl,
                chainId: eth.chainId,
                startBlock: 0,
                finalityConfirmation: s.config.finalityLag,
                pool: eth.addresses.pool.toLowerCase(),
                bond: eth.addresses.aKSMb.toLowerCase(),
            },
            oracle: {
                ...DEFAULT_ORACLE,
                feeBps: s.config.feeBps,
                periodSeconds: s.config.periodSeconds,
                maxApr: s.config.maxApr,
                releasePeriodSeconds: s.config.releasePeriodSeconds,
                minStakePlanck: s.config.minStakePlanck,
                claimTtlBlocks: s.config.claimTtlBlocks,
            },
        }
        const profileFile = path.join(runDir, 'profile.json')
        fs.writeFileSync(profileFile, serializeProfile(profile))

        const supervisor = new Supervisor(root, path.join(runDir, 'logs'), {
            ...connectionEnv(db),
            SQUID_PROFILE: profileFile,
            // the local chains have nothing to rate-limit; tests want errors, not endless retries
            RPC_RETRY_ATTEMPTS: '3',
        }, opts.echo, { restart: opts.restart })
        let graphqlUrl: string | undefined
        for (const part of builtParts(root, opts.parts ?? PRODUCT_PARTS, profile)) {
            const env: Record<string, string> = { PROMETHEUS_PORT: String(await freePort()), PROCESSOR_PROMETHEUS_PORT: String(await freePort()) }
            if (part.name === 'api') {
                const port = opts.apiPort ?? await freePort()
                env.GQL_PORT = String(port)
                graphqlUrl = `http://127.0.0.1:${port}/graphql`
            }
            supervisor.start(part, env)
        }
        if (graphqlUrl) await waitUntilServing(graphqlUrl, () => supervisor.assertAlive())
        return new LocalStack(s, db, kusama, kusamaUrls, eth, profile, supervisor, graphqlUrl, pg)
    }

    catchUpTargets(): CatchUpTarget[] {
        const targets: CatchUpTarget[] = []
        for (const r of this.supervisor.parts()) {
            const p = r.part
            if (!p.stateSchema) continue
            if (p.chain === 'kusama') {
                targets.push({ name: p.name, stateSchema: p.stateSchema, finalizedHeight: async () => this.kusama.finalizedHead().height })
            } else if (p.chain === 'ethereum') {
                const lag = this.profile.ethereum.finalityConfirmation
                targets.push({ name: p.name, stateSchema: p.stateSchema, finalizedHeight: async () => (await this.eth.head()).height - lag })
            }
        }
        return targets
    }

    async waitForCatchUp(timeoutMs?: number): Promise<void> {
        const oracle = this.supervisor.parts().some(r => r.part.name === 'oracle-worker')
        await waitForCatchUp(this.db, this.catchUpTargets(), {
            timeoutMs,
            assertAlive: () => this.supervisor.assertAlive(),
            after: oracle ? [oracleAtWatermark] : [],
        })
    }

    runner(log: (line: string) => void): ScenarioRunner {
        return new ScenarioRunner(this.scenario, this.kusama, this.eth, {
            waitForCatchUp: () => this.waitForCatchUp(),
            claim: makeClaimHook(this, log),
            claimStakeFi: makeClaimStakeFiHook(this, log),
            claimRemark: makeClaimRemarkHook(this, log),
            publishRatio: makePublishHook(this.graphqlUrl, this.eth),
            log,
        })
    }

    async stop(): Promise<void> {
        await this.supervisor.stop()
        await Promise.allSettled([this.kusama.close(), this.eth.stop()])
        await this.pg?.stop()
    }
}

/** The API answers a trivial query (it builds its schema for a few seconds after the process starts). */
async function waitUntilServing(url: string, assertAlive: () => void, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
        assertAlive()
        try {
            const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })
            if (res.ok) return
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`the GraphQL API did not answer at ${url} within ${timeoutMs / 1000} s`)
        await new Promise(r => setTimeout(r, 100))
    }
}
