/**
 * A stalled chain is visible (issue 15): the Kusama processor talks to the simulator through a
 * JSON-RPC proxy that stops answering (requests are held, as a hung node holds them); after
 * STALL_AFTER_SECONDS (2 here) `indexerStatus` says `stalled: true` with `stalledSince` = the last
 * answer, and so does the processor's `ksm_chain_stalled` gauge; once the proxy answers again both
 * clear and indexing goes on. Chains that mine nothing (both, between steps; the Ethereum devnet
 * over WebSocket throughout) are never stalled, and a dead processor is. Real processes, real Postgres.
 */
import * as fs from 'fs'
import * as http from 'http'
import { AddressInfo } from 'net'
import * as os from 'os'
import * as path from 'path'
import { connectionEnv } from '../../src/db/connection'
import { EmbeddedPostgresServer } from '../../src/db/embedded'
import { applyMigrations } from '../../src/db/migrate'
import { EthereumDevnet } from '../../src/local/ethereum-devnet'
import { KusamaSimulator } from '../../src/local/kusama-sim'
import { PRODUCT_PARTS } from '../../src/parts'
import { RunningPart, Supervisor } from '../../src/runtime/supervisor'
import { freePort } from '../../src/util/free-port'
import { until } from '../support/until'

const root = path.resolve(__dirname, '../..')
const START = Date.UTC(2026, 0, 5)
const KSM = 10n ** 12n
const STALL_AFTER_S = 2

/** Forwards JSON-RPC over HTTP to `target`; while stalled it holds every request, and forwards them when resumed. */
async function stallingProxy(target: string) {
    let held: (() => void)[] | undefined
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = []
        req.on('data', c => chunks.push(c))
        req.on('end', async () => {
            if (held) await new Promise<void>(r => held!.push(r))
            try {
                const body = Buffer.concat(chunks).toString('utf8')
                const answer = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
                res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text())
            } catch {
                res.destroy()
            }
        })
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        stall: () => { held = [] },
        resume: () => { const h = held ?? []; held = undefined; h.forEach(f => f()) },
        close: () => new Promise<void>(r => { server.closeAllConnections(); server.close(() => r()) }),
    }
}

interface ChainStatus { chain: string; finalizedHeight: number; stalled: boolean; stalledSince: string | null }

describe('indexerStatus and ksm_chain_stalled show a stalled chain', () => {
    let dir: string
    let pg: EmbeddedPostgresServer
    let sim: KusamaSimulator
    let eth: EthereumDevnet
    let proxy: Awaited<ReturnType<typeof stallingProxy>>
    let supervisor: Supervisor
    let kusamaProcessor: RunningPart
    let graphqlUrl: string
    let metricsUrl: string

    const status = async (): Promise<Record<string, ChainStatus>> => {
        const res = await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ indexerStatus { chains { chain finalizedHeight stalled stalledSince } } }' }) })
        const j: any = await res.json()
        if (j.errors) throw new Error(JSON.stringify(j.errors))
        return Object.fromEntries(j.data.indexerStatus.chains.map((c: ChainStatus) => [c.chain, c]))
    }
    const gauge = async (name: string) => {
        const text = await (await fetch(metricsUrl)).text()
        const line = text.split('\n').find(l => l.startsWith(`${name}{chain="kusama"} `))
        return line ? Number(line.split(' ')[1]) : undefined
    }
    const alive = () => supervisor.assertAlive()

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-stalled-'))
        fs.chmodSync(dir, 0o755)
        pg = await EmbeddedPostgresServer.start({ dataRoot: path.join(dir, 'pg') })
        const db = await pg.recreateDatabase('stalled')
        await applyMigrations(db)
        sim = new KusamaSimulator({ genesisTime: START, poolAccounts: ['deposit'] })
        sim.transfer(START + 60_000, 'alice', 'deposit', 5n * KSM)
        sim.finalize()
        const { httpUrl } = await sim.listen()
        eth = await EthereumDevnet.start({ startTime: START / 1000 })
        proxy = await stallingProxy(httpUrl)
        const profile = path.join(dir, 'profile.json')
        fs.writeFileSync(profile, JSON.stringify({
            name: 'stalled_test',
            kusama: { rpc: proxy.url, depositAddresses: [sim.address('deposit')] },
            ethereum: { rpc: eth.wsUrl, chainId: eth.chainId, finalityConfirmation: 1, pool: eth.addresses.pool, bond: eth.addresses.aKSMb },
        }))
        supervisor = new Supervisor(root, path.join(dir, 'logs'), { ...connectionEnv(db), SQUID_PROFILE: profile, STALL_AFTER_SECONDS: String(STALL_AFTER_S) },
            process.env.ECHO_PARTS ? l => process.stderr.write(l + '\n') : undefined, { restart: false })
        const part = (name: string) => PRODUCT_PARTS.find(p => p.name === name)!
        const metricsPort = await freePort()
        metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`
        kusamaProcessor = supervisor.start(part('kusama-processor'), { PROCESSOR_PROMETHEUS_PORT: String(metricsPort) })
        supervisor.start(part('eth-processor'), { PROCESSOR_PROMETHEUS_PORT: String(await freePort()) })
        const port = await freePort()
        graphqlUrl = `http://127.0.0.1:${port}/graphql`
        supervisor.start(part('api'), { GQL_PORT: String(port) })
    }, 120_000)

    afterAll(async () => {
        proxy?.resume()
        await supervisor?.stop()
        await proxy?.close()
        await sim?.close()
        await eth?.stop()
        await pg?.stop()
        fs.rmSync(dir, { recursive: true, force: true })
    })

    it('idle chains are not stalled; a silent endpoint is, from its last answer on; an answering one clears it', async () => {
        const head = sim.finalizedHead().height
        await until('both processors to index and the API to answer', async () => {
            alive()
            const s = await status().catch(() => undefined)
            return s && s.kusama.finalizedHeight === head && s.ethereum.finalizedHeight >= 0
        }, 90_000)
        // nothing is mined for longer than the threshold: both chains idle, neither stalled
        await new Promise(r => setTimeout(r, (STALL_AFTER_S + 1.5) * 1000))
        let s = await status()
        expect([s.kusama.stalled, s.kusama.stalledSince, s.ethereum.stalled, s.ethereum.stalledSince]).toEqual([false, null, false, null])
        expect(await gauge('ksm_chain_stalled')).toBe(0)

        const stalledAt = Date.now()
        proxy.stall()
        s = await until('indexerStatus to show kusama stalled', async () => { alive(); const x = await status(); return x.kusama.stalled && x }, 15_000, 100)
        const seenAt = Date.now()
        const since = Date.parse(s.kusama.stalledSince!)
        console.log(`stalled shown ${seenAt - stalledAt} ms after the endpoint went silent; stalledSince ${since - stalledAt} ms from it`)
        // shown once the threshold has passed since the last answer, and not much later
        expect(seenAt - since).toBeGreaterThanOrEqual(STALL_AFTER_S * 1000)
        expect(seenAt - stalledAt).toBeLessThan(STALL_AFTER_S * 1000 + 3_000)
        // the last answer came about when the proxy went silent: requests already forwarded are still
        // answered, and answers are sampled every 100 ms (the database clock is this host's)
        expect(Math.abs(since - stalledAt)).toBeLessThan(500)
        expect([s.ethereum.stalled, s.ethereum.stalledSince]).toEqual([false, null])
        await until('the gauge to say stalled', async () => (await gauge('ksm_chain_stalled')) === 1, 5_000, 100)
        expect(await gauge('ksm_chain_stalled_seconds')).toBeGreaterThan(STALL_AFTER_S)

        proxy.resume()
        s = await until('indexerStatus to clear the stall', async () => { alive(); const x = await status(); return !x.kusama.stalled && x }, 15_000, 100)
        expect(s.kusama.stalledSince).toBeNull()
        expect(await gauge('ksm_chain_stalled')).toBe(0)
        expect(await gauge('ksm_chain_stalled_seconds')).toBe(0)

        // and it indexes again
        sim.transfer(START + 180_000, 'bob', 'deposit', 7n * KSM)
        sim.finalize()
        const next = sim.finalizedHead().height
        await until('the block mined after the stall to be indexed', async () => { alive(); return (await status()).kusama.finalizedHeight === next }, 30_000)
    }, 180_000)

    it('a dead processor records no answers: its chain is stalled', async () => {
        await supervisor.stopPart(kusamaProcessor, 'SIGKILL')
        const killedAt = Date.now()
        const s = await until('indexerStatus to show kusama stalled', async () => { const x = await status(); return x.kusama.stalled && x }, 15_000, 100)
        expect(Date.parse(s.kusama.stalledSince!)).toBeLessThanOrEqual(killedAt + 50)
        expect(s.ethereum.stalled).toBe(false)
    }, 30_000)
})
