import { ChildProcess, spawn, spawnSync } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { connectionEnv } from '../../src/db/connection'
import { EmbeddedPostgresServer } from '../../src/db/embedded'
import { EthereumDevnet } from '../../src/local/ethereum-devnet'
import { KusamaSimulator } from '../../src/local/kusama-sim'
import { freePort } from '../../src/util/free-port'

/**
 * `npm start` with endpoints configured indexes those chains instead of the local demo. The local
 * chains stand in for remote endpoints here; Postgres is an "external" server given by DB_*.
 */
const root = path.resolve(__dirname, '../..')
const cli = path.join(root, 'lib/cli/start.js')
const START = Date.UTC(2026, 0, 5)
const KSM = 10n ** 12n

describe('npm start against configured endpoints', () => {
    let dir: string
    let pg: EmbeddedPostgresServer
    let sim: KusamaSimulator
    let eth: EthereumDevnet
    let child: ChildProcess | undefined

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-start-'))
        fs.chmodSync(dir, 0o755)
        pg = await EmbeddedPostgresServer.start({ dataRoot: path.join(dir, 'pg') })
        sim = new KusamaSimulator({ genesisTime: START, poolAccounts: ['deposit'] })
        eth = await EthereumDevnet.start({ startTime: START / 1000 })
    })

    afterAll(async () => {
        if (child && child.exitCode == null) child.kill('SIGKILL')
        await sim?.close()
        await eth?.stop()
        await pg?.stop()
        fs.rmSync(dir, { recursive: true, force: true })
        fs.rmSync(path.join(root, '.data', 'remote_test'), { recursive: true, force: true })
    })

    it('refuses a profile whose endpoints are not set, and an unknown profile', () => {
        const env = { ...process.env, KUSAMA_RPC: '', ETH_RPC: '' }
        delete (env as any).KUSAMA_RPC
        delete (env as any).ETH_RPC
        const mainnet = spawnSync(process.execPath, [cli, '--profile', 'mainnet'], { encoding: 'utf8', env })
        expect(mainnet.status).toBe(2)
        expect(mainnet.stderr).toContain('profile mainnet takes its endpoint from KUSAMA_RPC: set it')
        const unknown = spawnSync(process.execPath, [cli, '--profile', 'nowhere'], { encoding: 'utf8', env })
        expect(unknown.status).toBe(2)
        expect(unknown.stderr).toContain('no profile nowhere')
    })

    it('indexes both configured chains into the external database and serves them over GraphQL', async () => {
        sim.transfer(START + 60_000, 'alice', 'deposit', 5n * KSM)
        sim.emptyBlock(START + 120_000)
        sim.finalize()
        await eth.mintShares(START / 1000 + 60, eth.address('alice'), 3n * 10n ** 18n)
        await eth.finalize(5)
        const { httpUrl } = await sim.listen()
        const db = await pg.recreateDatabase('remote')
        const profile = path.join(dir, 'profile.json')
        fs.writeFileSync(profile, JSON.stringify({
            name: 'remote_test',
            kusama: { rpc: 'http://unused.invalid', depositAddresses: [sim.address('deposit')], minStakePlanck: '100000000000' },
            ethereum: { rpc: 'http://unused.invalid', chainId: eth.chainId, finalityConfirmation: 5, pool: eth.addresses.pool, bond: eth.addresses.aKSMb },
        }))
        const port = await freePort()
        let out = ''
        // the endpoints in the environment win over the file
        child = spawn(process.execPath, [cli, '--profile', profile], {
            cwd: root, env: { ...process.env, ...connectionEnv(db), KUSAMA_RPC: httpUrl, ETH_RPC: eth.rpcUrl, GQL_PORT: String(port) },
        })
        child.stdout!.on('data', d => { out += d })
        child.stderr!.on('data', d => { out += d })
        const url = `http://127.0.0.1:${port}/graphql`
        const query = `{ deposits { from amountPlanck status } bondHolders(limit: 10) { id shares } }`
        let data: any
        const deadline = Date.now() + 90_000
        for (;;) {
            if (child.exitCode != null) throw new Error(`npm start exited ${child.exitCode}:\n${out}`)
            try {
                const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
                data = ((await res.json()) as any).data
                if (data?.deposits?.length && data?.bondHolders?.length) break
            } catch { /* not serving yet */ }
            if (Date.now() > deadline) throw new Error(`nothing indexed in time:\n${out}`)
            await new Promise(r => setTimeout(r, 250))
        }
        expect(out).toContain(`indexing profile remote_test; GraphQL API: ${url}`)
        expect(data.deposits).toEqual([{ from: sim.address('alice'), amountPlanck: String(5n * KSM), status: 'CREDITED' }])
        expect(data.bondHolders).toEqual([{ id: eth.address('alice').toLowerCase(), shares: String(3n * 10n ** 18n) }])
        const exited = new Promise<number | null>(r => child!.once('exit', code => r(code)))
        child.kill('SIGTERM')
        expect(await exited).toBe(0)
    })
})
