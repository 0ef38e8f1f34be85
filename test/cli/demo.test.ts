import { ChildProcess, spawn } from 'child_process'
import * as path from 'path'
import { freePort } from '../../src/util/free-port'

/**
 * README's headline command: `npm start` with no endpoints replays scenarios/demo.json on the
 * embedded Postgres and the local chains, prints the GraphQL URL, then `scenario done`, and serves.
 * Run as `npm start` runs it (lib/cli/start.js, after the build `npm test` already made).
 */
const root = path.resolve(__dirname, '../..')

async function gql(url: string, query: string): Promise<any> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    const body: any = await res.json()
    if (body.errors) throw new Error(JSON.stringify(body.errors))
    return body.data
}

describe('npm start: the demo', () => {
    let child: ChildProcess | undefined
    let out = ''

    afterAll(async () => {
        if (child && child.exitCode == null) {
            child.kill('SIGINT')
            await new Promise(r => setTimeout(r, 3000))
            if (child.exitCode == null) child.kill('SIGKILL')
        }
    })

    it('replays scenarios/demo.json to `scenario done` and serves its reports over GraphQL', async () => {
        const port = await freePort()
        const env: NodeJS.ProcessEnv = { ...process.env, GQL_PORT: String(port) }
        delete env.KUSAMA_RPC
        delete env.ETH_RPC
        child = spawn(process.execPath, [path.join(root, 'lib/cli/start.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
        child.stdout!.on('data', d => { out += d })
        child.stderr!.on('data', d => { out += d })
        const deadline = Date.now() + 280_000
        while (!/^scenario done$/m.test(out)) {
            if (child.exitCode != null) throw new Error(`npm start exited ${child.exitCode}:\n${out.slice(-3000)}`)
            if (Date.now() > deadline) throw new Error(`no "scenario done" within 280 s:\n${out.slice(-3000)}`)
            await new Promise(r => setTimeout(r, 250))
        }
        const url = /GraphQL API: (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(out)![1]
        expect(url).toBe(`http://127.0.0.1:${port}/graphql`)
        // the dashboard is printed beside it, on the same port (test/browser drives it)
        expect(out).toMatch(new RegExp(`^Dashboard: http://127\\.0\\.0\\.1:${port}/dashboard$`, 'm'))
        expect((await fetch(`http://127.0.0.1:${port}/dashboard`)).status).toBe(200)

        const data = await gql(url, `{ latestRatio { period ratio publishable }
            ratioReports(limit: 100) { period checks { name passed detail } reserves { kusama { accounts { differences } } } }
            unstakeQueue { watermark requests { status } }
            deposits(limit: 1000) { status }
            indexerStatus { watermark latestPeriod } }`)
        // the demo covers 2026-01-05 .. 2026-01-19: fourteen daily reports, the last one for 2026-01-18
        expect(data.ratioReports.map((r: any) => r.period)).toEqual(Array.from({ length: 14 }, (_, d) => new Date(Date.UTC(2026, 0, 5 + d)).toISOString().slice(0, 10)))
        expect(data.latestRatio.period).toBe('2026-01-18')
        expect(BigInt(data.latestRatio.ratio)).toBeGreaterThan(0n)
        // proof of reserves (SPEC §4.14) on every demo day: the simulator's storage is what the events say, the pool
        // holds what it owes, the supply matches the claims and burns
        for (const r of data.ratioReports) {
            const reserveChecks = r.checks.filter((c: any) => ['RESERVES', 'SHARE_SUPPLY', 'EVENTS_MATCH_STATE'].includes(c.name))
            expect({ period: r.period, failed: reserveChecks.filter((c: any) => !c.passed) }).toEqual({ period: r.period, failed: [] })
            expect(reserveChecks).toHaveLength(3)
            expect(r.reserves.kusama.accounts.flatMap((a: any) => a.differences)).toEqual([])
        }
        expect(data.indexerStatus.latestPeriod).toBe('2026-01-18')
        expect(data.deposits.length).toBeGreaterThan(0)
        expect(data.deposits.every((d: any) => ['CREDITED', 'BELOW_MINIMUM', 'HELD', 'REFUNDED'].includes(d.status))).toBe(true)
        expect(data.unstakeQueue.watermark).not.toBeNull()
    }, 300_000)
})
