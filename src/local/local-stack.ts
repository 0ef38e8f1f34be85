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
import { makeMigratedHook } from './scenario/migrate-op'
import type { ScenarioHooks } from './scenario/runner'
import type { Client } from 'pg'

/**
 * The whole product on local chains: Postgres (embedded unless DB_HOST is set), a fresh
 * database, the Kusama simulator, the Hardhat devnet with our contracts, and every built part
 * of the product as its own process, configured by a generated chain profile.
 *
 * A scenario with a `migrateToAssetHub` step (SPEC §4.13) also gets an Asset Hub simulator, listening
 * from the start with only its genesis. The profile stays one-part (the relay chain) until the step;
 * then the relay's last height is known and the runner's `migrated` hook (scenario/migrate-op.ts)
 * rewrites the profile in its two-part form and switches the parts that read it.
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
    /**
     * More env per part name, asked once the chains listen (`npm run chaos` points the processors' KUSAMA_RPC /
     * ETH_RPC at its fault proxies)
     */
    partEnv?: (chains: { kusamaHttpUrl: string; ethereumWsUrl: string }) => Promise<Record<string, Record<string, string>>>
}

export class LocalStack {
    /** the parts asked for (a migration starts the Asset Hub processor among them) and the env each was started with */
    private requested: ProductPart[] = []
    private partEnv = new Map<string, Record<string, string>>()
    /** set by the migration: Kusama ops, sync points and catch-up follow Asset Hub from then on */
    private migratedAt?: { relayEndBlock: number }

    private constructor(
        readonly scenario: Scenario,
        readonly db: DbConnection,
        /** the relay chain (Kusama's only chain unless the scenario migrates) */
        readonly kusama: KusamaSimulator,
        readonly kusamaUrls: { httpUrl: string; wsUrl: string },
        readonly eth: EthereumDevnet,
        /** the profile the parts read; the migration adds its Asset Hub part and the relay's endBlock */
        readonly profile: ChainProfile,
        readonly profileFile: string,
        readonly supervisor: Supervisor,
        readonly graphqlUrl: string | undefined,
        /** the embedded server (unset with an external DB_HOST) */
        readonly pg: EmbeddedPostgresServer | undefined,
        /** the Asset Hub simulator of a scenario that migrates */
        readonly assetHub?: KusamaSimulator,
        readonly assetHubUrls?: { httpUrl: string; wsUrl: string },
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
        const assetHub = s.steps.some(x => x.op === 'migrateToAssetHub') ? assetHubSimulator(s) : undefined
        const assetHubUrls = await assetHub?.listen()
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
        const apiPort = opts.apiPort ?? await freePort()
        const graphqlUrl = builtParts(root, opts.parts ?? PRODUCT_PARTS, profile).some(p => p.name === 'api') ? `http://127.0.0.1:${apiPort}/graphql` : undefined
        const stack = new LocalStack(s, db, kusama, kusamaUrls, eth, profile, profileFile, supervisor, graphqlUrl, pg, assetHub, assetHubUrls)
        stack.requested = opts.parts ?? PRODUCT_PARTS
        const partEnv = await opts.partEnv?.({ kusamaHttpUrl: kusamaUrls.httpUrl, ethereumWsUrl: eth.wsUrl }) ?? {}
        for (const part of builtParts(root, stack.requested, profile)) {
            await stack.startPart(part, { ...partEnv[part.name], ...(part.name === 'api' ? { GQL_PORT: String(apiPort) } : {}) })
        }
        if (graphqlUrl) await waitUntilServing(graphqlUrl, () => supervisor.assertAlive())
        return stack
    }

    /** Starts a part with fresh metrics ports (and `env`), remembering its env for a restart. */
    private async startPart(part: ProductPart, env: Record<string, string> = {}): Promise<void> {
        const full = { PROMETHEUS_PORT: String(await freePort()), PROCESSOR_PROMETHEUS_PORT: String(await freePort()), ...env }
        this.partEnv.set(part.name, full)
        this.supervisor.start(part, full)
    }

    /**
     * After the profile file changed: stops the part (if it runs) and starts it again with its env, so it
     * reads the new profile; a part asked for that is not running yet (the Asset Hub processor) is started.
     * A part not asked for, or not built, is left alone. Answers whether it (re)started the part.
     */
    async restartPart(name: string): Promise<boolean> {
        const part = builtParts(projectDir(), this.requested, this.profile).find(p => p.name === name)
        if (!part) return false
        const running = this.supervisor.parts().find(r => r.part.name === name)
        if (running) await this.supervisor.stopPart(running)
        await this.startPart(part, this.partEnv.get(name) ?? {})
        return true
    }

    /** The migration moved Kusama to Asset Hub (scenario/migrate-op.ts): the parts asked for now include its processor. */
    noteMigration(relayEndBlock: number): void {
        this.migratedAt = { relayEndBlock }
        const relayAsked = this.requested.some(p => p.name === 'kusama-processor')
        const ahPart = PRODUCT_PARTS.find(p => p.name === 'kusama-ah-processor')!
        // a scenario that migrates needs both Kusama parts: asking for the relay's asks for Asset Hub's
        if (relayAsked && !this.requested.includes(ahPart)) this.requested = [...this.requested, ahPart]
    }

    /** Kusama's simulator now: the relay chain's, or Asset Hub's once the scenario migrated */
    kusamaNow(): KusamaSimulator {
        return this.migratedAt && this.assetHub ? this.assetHub : this.kusama
    }

    catchUpTargets(): CatchUpTarget[] {
        const targets: CatchUpTarget[] = []
        for (const r of this.supervisor.parts()) {
            const p = r.part
            if (!p.stateSchema) continue
            if (p.name === 'kusama-ah-processor' && this.assetHub) {
                // indexes Asset Hub from the migration on: its target is Asset Hub's finalized head
                const ah = this.assetHub
                targets.push({ name: p.name, stateSchema: p.stateSchema, finalizedHeight: async () => ah.finalizedHead().height })
            } else if (p.chain === 'kusama') {
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
        const relayEndBlock = this.migratedAt?.relayEndBlock
        await waitForCatchUp(this.db, this.catchUpTargets(), {
            timeoutMs,
            assertAlive: () => this.supervisor.assertAlive(),
            after: !oracle ? [] : relayEndBlock === undefined ? [oracleAtWatermark] : [db => oracleAtWatermark(db, { relayEndBlock })],
        })
    }

    /** `extra`: more hooks (tests: beforeStep; chaos: a waitForCatchUp that first lets its faults heal) */
    runner(log: (line: string) => void, extra: Partial<Pick<ScenarioHooks, 'beforeStep' | 'waitForCatchUp'>> = {}): ScenarioRunner {
        return new ScenarioRunner(this.scenario, this.kusama, this.eth, {
            waitForCatchUp: () => this.waitForCatchUp(),
            claim: makeClaimHook(this, log),
            claimStakeFi: makeClaimStakeFiHook(this, log),
            claimRemark: makeClaimRemarkHook(this, log),
            publishRatio: makePublishHook(this.graphqlUrl, this.eth),
            migrated: this.assetHub ? makeMigratedHook(this, log) : undefined,
            log,
            ...extra,
        }, this.assetHub)
    }

    async stop(): Promise<void> {
        await this.supervisor.stop()
        await Promise.allSettled([this.kusama.close(), this.assetHub?.close(), this.eth.stop()])
        await this.pg?.stop()
    }
}

/** A fresh Asset Hub simulator (spec 1009003) with the scenario's settings, for its migration step. */
function assetHubSimulator(s: Scenario): KusamaSimulator {
    return new KusamaSimulator({
        genesisTime: s.start - 60_000,
        profile: 'asset-hub',
        finalityLag: s.config.finalityLag,
        firstEra: s.config.firstEra,
        txFeePlanck: s.config.txFeePlanck,
        poolAccounts: ['deposit', ...s.stashes, ...s.config.poolAccounts],
    })
}

/** The API answers a trivial query (it builds its schema for a few seconds after the process starts). */
export async function waitUntilServing(url: string, assertAlive: () => void, timeoutMs = 60_000): Promise<void> {
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
