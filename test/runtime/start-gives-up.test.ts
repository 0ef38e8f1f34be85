/**
 * `npm start` heals itself until it cannot: a part that dies at every start (here the Ethereum
 * processor, given an isolation level it refuses) is restarted after 1, 2, 4 and 8 s; its 5th
 * quick exit stops every part and `npm start` exits 1 quoting the part's last log lines. The chain
 * endpoints are a closed port (the other processor keeps retrying); Postgres is "external" (DB_*).
 */
import { spawn } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { connectionEnv } from '../../src/db/connection'
import { EmbeddedPostgresServer } from '../../src/db/embedded'
import { freePort } from '../../src/util/free-port'

const root = path.resolve(__dirname, '../..')
const NAME = 'giveup_test'

describe('npm start: a part that keeps dying stops everything, exit 1 with its log', () => {
    let dir: string
    let pg: EmbeddedPostgresServer

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-giveup-'))
        fs.chmodSync(dir, 0o755)
        pg = await EmbeddedPostgresServer.start({ dataRoot: path.join(dir, 'pg') })
    })

    afterAll(async () => {
        await pg?.stop()
        fs.rmSync(dir, { recursive: true, force: true })
        fs.rmSync(path.join(root, '.data', NAME), { recursive: true, force: true })
    })

    it('restarts the eth processor 4 times, then exits 1 with its last 20 log lines; the API is stopped too', async () => {
        const db = await pg.recreateDatabase('giveup')
        const profile = path.join(dir, 'profile.json')
        fs.writeFileSync(profile, JSON.stringify({
            name: NAME,
            kusama: { rpc: 'http://127.0.0.1:9', depositAddresses: ['GUDy5gwmUTaHxcX8v2U3wyYdjSF8Zswnt47ZhYBuTCobDqX'] },
            ethereum: { rpc: 'http://127.0.0.1:9', chainId: 1, pool: '0x59f767EC659E9FE01ebCf930465E2aD4Cc0F208e', bond: '0x84DA8e731172827fCB233B911678E2a82E27Baf2' },
        }))
        const port = await freePort()
        const t0 = Date.now()
        const child = spawn(process.execPath, [path.join(root, 'lib/cli/start.js'), '--profile', profile], {
            cwd: root, env: { ...process.env, ...connectionEnv(db), GQL_PORT: String(port), ETH_ISOLATION_LEVEL: 'bogus', PROMETHEUS_PORT: '' },
        })
        let out = '', err = ''
        child.stdout!.on('data', d => { out += d })
        child.stderr!.on('data', d => { err += d })
        const code = await new Promise<number | null>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`npm start did not give up in time:\n${out}\n${err}`)), 80_000)
            child.once('exit', c => { clearTimeout(timer); resolve(c) })
        })
        console.log(`npm start gave up after ${Date.now() - t0} ms`)

        expect(code).toBe(1)
        for (const pause of ['1', '2', '4', '8']) expect(out).toContain(`[eth-processor] restarting in ${pause} s`)
        expect(out).not.toContain('[eth-processor] restarting in 16 s')
        const logFile = path.join(root, '.data', NAME, 'logs', 'eth-processor.log')
        expect(err).toContain(`eth-processor exited 5 times within 60 s (last: code 1, signal null); stopping every part. Last 20 lines of ${logFile}:`)
        const quoted = err.slice(err.indexOf(`${logFile}:\n`) + logFile.length + 2).split('\n').filter(Boolean)
        expect(quoted.length).toBeGreaterThan(0)
        expect(quoted.length).toBeLessThanOrEqual(20)
        expect(quoted.join('\n')).toContain('ETH_ISOLATION_LEVEL: bogus?')
        // every part was stopped: nothing serves GraphQL any more
        await expect(fetch(`http://127.0.0.1:${port}/graphql`)).rejects.toThrow()
    }, 100_000)
})
