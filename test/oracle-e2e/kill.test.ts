/**
 * Crash safety of the oracle worker (issue 5): 60 days of pool history are indexed first, then the
 * worker starts and is killed with SIGKILL once some (a third) but not all periods are stored; it is started
 * again and catches up. The reports must be exactly the hand-computed ones, identical byte for byte
 * (canonical column and GraphQL output) to an uninterrupted run over the same data, and
 * `node lib/oracle/main.js verify` must exit 0.
 */
import { spawnSync } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { Client } from 'pg'
import { serializeProfile } from '../../src/config/profile'
import { connectionEnv } from '../../src/db/connection'
import { LocalStack } from '../../src/local/local-stack'
import { PRODUCT_PARTS } from '../../src/parts'
import { startTestStack } from '../support/stack'
import { comparable, connect, DAY, E18, Expected, gql, ksm, label, Ledger, REPORT_FIELDS } from './model'

const START = Date.parse('2026-03-02T00:00:00Z')
const DAYS = 60
const T = (d: number, s: number) => d * DAY + s
const ms = (t: number) => START + t * 1000
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan']

// deposits every 7 days, a reward every day, a slash on day 30; nothing on Ethereum (so no publication:
// ONCHAIN_DRIFT warns from day 1 on, which the model states too)
const deposit = (d: number) => (d % 7 === 0 ? ksm(String(100 + d)) : undefined)
const rewardKsm = (d: number) => '0.00' + String(100 + (d * 37) % 900)   // 0.00100 … 0.00999 KSM
const reward = (d: number) => ksm(rewardKsm(d))
const ledger = new Ledger()
const expected: Expected[] = []
for (let d = 0; d < DAYS; d++) {
    expected.push(ledger.period({
        deposits: deposit(d) ? [deposit(d)!] : [], rewards: [reward(d)], slashes: d === 30 ? [ksm('1.5')] : [], onchainAtEnd: E18,
    }))
}
const steps: object[] = []
for (let d = 0; d < DAYS; d++) {
    if (deposit(d)) steps.push({ t: T(d, 3600), op: 'deposit', from: USERS[(d / 7) % USERS.length], ksm: String(100 + d) })
    steps.push({ t: T(d, 40000), op: 'reward', stash: 'stash0', validator: 'val1', ksm: rewardKsm(d) })
}
steps.push({ t: T(0, 7200), op: 'sweep', to: 'stash0', ksm: '10' }, { t: T(0, 7300), op: 'bond', stash: 'stash0', ksm: '10' })
steps.push({ t: T(30, 50000), op: 'slash', stash: 'stash0', ksm: '1.5' })

const ORACLE_TABLES = ['period_report', 'deposit_outcome', 'queue_report', 'unstake_request', 'outflow_allocation', 'unmatched_outflow']

describe('oracle worker: kill -9 while closing 60 periods, restart, identical reports', () => {
    let stack: LocalStack
    let db: Client
    const worker = PRODUCT_PARTS.find(p => p.name === 'oracle-worker')!
    const q = (query: string) => gql(stack.graphqlUrl!, query)
    const canonical = async () => (await db.query('SELECT id, canonical, inputs_hash FROM period_report ORDER BY period')).rows
    const viaGraphql = async () => (await q(`{ ratioReports(limit: 1000) { ${REPORT_FIELDS} } }`)).ratioReports
    const count = async () => Number((await db.query('SELECT count(*) AS n FROM period_report')).rows[0].n)


    beforeAll(async () => {
        stack = await startTestStack({
            scenario: { start: '2026-03-02T00:00:00Z', end: new Date(ms(T(DAYS, 0))).toISOString().replace('.000', ''), stashes: ['stash0'], steps },
            parts: ['kusama-processor', 'eth-processor', 'api'],   // the worker starts later, on a fully indexed history
        })
        db = connect(stack)
        await db.connect()
        await stack.runner(() => {}).run()
    }, 200_000)

    afterAll(async () => {
        await db?.end().catch(() => {})
        await stack?.stop()
    })

    it('the model: 60 reports, every day a reward, a deposit every 7 days, a slash on day 30', () => {
        expect(expected).toHaveLength(DAYS)
        expect(BigInt(expected[30].ratio)).toBeGreaterThan(BigInt(expected[29].ratio))
        expect(expected[30].publishable).toBe(true)
        expect(expected.every(e => e.publishable)).toBe(true)
    })

    it('killed mid-way, restarted: the exact hand-computed reports, identical to an uninterrupted run; verify exits 0', async () => {
        expect(await count()).toBe(0)
        const first = stack.supervisor.start(worker)
        // SIGKILL once some (a third) but not all periods are stored
        let n = 0
        const deadline = Date.now() + 60_000
        while ((n = await count()) < 20) {
            if (first.exited || Date.now() > deadline) throw new Error(`worker never started closing periods (exited: ${JSON.stringify(first.exited)})`)
            await new Promise(r => setTimeout(r, 5))
        }
        await stack.supervisor.stopPart(first, 'SIGKILL')
        expect(first.exited).toEqual({ code: null, signal: 'SIGKILL' })
        const atKill = await count()
        console.log(`oracle worker killed with ${atKill} of ${DAYS} periods stored`)
        expect(atKill).toBeGreaterThanOrEqual(20)
        expect(atKill).toBeLessThan(DAYS)
        // one transaction per period: every stored report has its queue report, nothing half-written
        expect(Number((await db.query(`SELECT count(*) AS n FROM queue_report WHERE id <> 'live'`)).rows[0].n)).toBe(atKill)

        const second = stack.supervisor.start(worker)
        await stack.waitForCatchUp(120_000)
        const afterRestart = await canonical()
        const gqlAfterRestart = await viaGraphql()
        expect(afterRestart).toHaveLength(DAYS)
        expect(gqlAfterRestart.map(comparable)).toEqual(expected.map((e, d) => ({ period: label(ms(T(d, 0))), ...e })))

        // an uninterrupted run over the same data: wipe the oracle's tables and close everything again
        await stack.supervisor.stopPart(second)
        for (const t of ORACLE_TABLES) await db.query(`DELETE FROM "${t}"`)
        const third = stack.supervisor.start(worker)
        await stack.waitForCatchUp(120_000)
        expect(await canonical()).toEqual(afterRestart)
        expect(await viaGraphql()).toEqual(gqlAfterRestart)
        expect(third.exited).toBeUndefined()

        // and the from-scratch recomputation agrees
        const profile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-verify-')), 'profile.json')
        fs.writeFileSync(profile, serializeProfile(stack.profile))
        const v = spawnSync(process.execPath, ['lib/oracle/main.js', 'verify'], {
            cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...connectionEnv(stack.db), SQUID_PROFILE: profile }, encoding: 'utf8',
        })
        expect(v.stdout).toContain(`${DAYS} stored periods recomputed from scratch: byte-identical`)
        expect(v.status).toBe(0)
    }, 200_000)
})
