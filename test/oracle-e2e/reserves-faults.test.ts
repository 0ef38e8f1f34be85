/**
 * Proof of reserves (SPEC §4.14) on the local chains, with faults no event shows (test-only hooks):
 *  - day 0: a clean pool: every check passes; an auditor re-reads the proof from the simulator and
 *    the devnet and finds the same bytes (the README's audit script);
 *  - day 1: 2 KSM appear on stash0 without an event → EVENTS_MATCH_STATE fails for stash0, +2 KSM
 *    (a warning: the pool holds more than it owes, still publishable);
 *  - day 2: 5 KSM leave the deposit address without an event → RESERVES fails (holdings < owed),
 *    and the publisher refuses with that reason;
 *  - day 3: 1 share minted on Ethereum without a log → SHARE_SUPPLY fails.
 * `verify` recomputes every report from the stored readings; `--reread` reads them again from the chains.
 */
import { execFile, spawnSync } from 'child_process'
import { promisify } from 'util'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { Client } from 'pg'
import { audit } from '../../src/cli/audit-reserves'
import { serializeProfile } from '../../src/config/profile'
import { connectionEnv } from '../../src/db/connection'
import { LocalStack } from '../../src/local/local-stack'
import { runScenario, ScenarioRun } from '../support/scenario-run'
import { DAY, gql, label } from './model'

const execFileAsync = promisify(execFile)
const START = Date.parse('2026-03-02T00:00:00Z')
const T = (d: number, s: number) => d * DAY + s
const day = (d: number) => label(START + d * DAY * 1000)
const REPORT = `period publishable checks { name passed blocking detail }
  reserves { holdingsPlanck marginPlanck liabilities { totalPlanck } ethereum { totalSharesSupply eventsShares }
    kusama { height hash accounts { account differences storage { total } events { total } } } }`

describe('proof of reserves on the local chains: storage beside events, and three faults', () => {
    let stack: LocalStack
    let db: Client
    let run: ScenarioRun | undefined
    const q = (query: string) => gql(stack.graphqlUrl!, query)
    const reportOf = async (d: number) => (await q(`{ ratioReports(from: "${day(d)}", to: "${day(d)}") { ${REPORT} } }`)).ratioReports[0]
    const check = (r: any, name: string) => r.checks.find((c: any) => c.name === name)

    beforeAll(async () => {
        run = await runScenario({
            scenario: {
                start: '2026-03-02T00:00:00Z', end: '2026-03-06T00:00:00Z', stashes: ['stash0'],
                steps: [
                    { t: T(0, 600), op: 'deposit', from: 'alice', ksm: '100' },
                    { t: T(0, 1200), op: 'sweep', to: 'stash0', ksm: '60' },
                    { t: T(0, 1800), op: 'bond', stash: 'stash0', ksm: '60' },
                    { t: T(0, 2400), op: 'unbond', stash: 'stash0', ksm: '10' },
                    { t: T(0, 3000), op: 'claim', kusama: 'alice', eth: 'alice' },
                    { t: T(0, 3600), op: 'burn', eth: 'alice', aksmb: '5', recipient: 'alice' },
                    { t: T(0, 43200), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.01' },
                    { t: T(1, 3600), op: 'silentMint', account: 'stash0', ksm: '2' },
                    { t: T(2, 3600), op: 'silentBurn', account: 'deposit', ksm: '5' },
                    { t: T(3, 600), op: 'publishRatio' },
                    { t: T(3, 3600), op: 'silentShareMint', eth: 'mallory', shares: '1' },
                ],
            },
            parts: ['kusama-processor', 'eth-processor', 'oracle-worker', 'api'],
        })
        ;({ stack, db } = run)
    }, 200_000)

    afterAll(() => run?.stop())

    it('day 0: storage equals the events, the pool holds what it owes, the supply matches', async () => {
        const r = await reportOf(0)
        for (const name of ['RESERVES', 'SHARE_SUPPLY', 'EVENTS_MATCH_STATE']) expect({ name, passed: check(r, name).passed }).toEqual({ name, passed: true })
        expect(r.publishable).toBe(true)
        expect(r.reserves.kusama.accounts.flatMap((a: any) => a.differences)).toEqual([])
        expect(r.reserves.ethereum.totalSharesSupply).toBe(r.reserves.ethereum.eventsShares)
        // holdings: 100 KSM deposited + 0.01 KSM reward (no transaction fees): nothing has left the pool yet
        expect(r.reserves.holdingsPlanck).toBe(String(100_010_000_000_000n))
        // margin = the 2 % fee of the reward, 0.0002 KSM: owed 100 + 0.0098 − 5 (P) + 5 (alice's request)
        expect(r.reserves.marginPlanck).toBe(String(200_000_000n))
    })

    it('an auditor re-reads day 0 from the simulator and the devnet and finds the same values', async () => {
        const problems = await audit({ graphql: stack.graphqlUrl!, kusama: stack.kusamaUrls.httpUrl, eth: stack.eth.rpcUrl, period: day(0) })
        expect(problems).toEqual([])
        const proof = (await q(`{ proofOfReserves(period: "${day(0)}") { kusama { hash keys { account } } ethereum { hash calls { data } } } }`)).proofOfReserves
        expect(proof.kusama.keys.map((k: any) => k.account)).toEqual(expect.arrayContaining([stack.kusama.address('stash0'), stack.kusama.address('deposit')]))
        expect(proof.ethereum.calls.map((c: any) => c.data.slice(0, 10))).toEqual(['0xd50619cc', '0x71ca337d'])
    })

    it('day 1: 2 KSM no event explains → EVENTS_MATCH_STATE fails for stash0 and that amount; still publishable', async () => {
        const r = await reportOf(1)
        const c = check(r, 'EVENTS_MATCH_STATE')
        expect(c).toMatchObject({ passed: false, blocking: false })
        expect(c.detail).toContain(`1 difference(s) at Kusama block ${r.reserves.kusama.height}: ${stack.kusama.address('stash0')}: balance storage`)
        expect(c.detail).toContain('(+2 KSM unexplained)')
        expect(check(r, 'RESERVES').passed).toBe(true)
        expect(r.publishable).toBe(true)
    })

    it('day 2: 5 KSM gone without an event → RESERVES fails and blocks; the publisher refuses with the reason', async () => {
        const r = await reportOf(2)
        const c = check(r, 'RESERVES')
        expect(c).toMatchObject({ passed: false, blocking: true })
        expect(c.detail).toMatch(/^holdings [\d.]+ KSM < owed [\d.]+ KSM/)
        // holdings 100.01 + 2 − 5 = 97.01 KSM; owed: P 100 + 0.0098 − 5 = 95.0098, plus alice's 5 KSM request
        expect(r.reserves.holdingsPlanck).toBe(String(97_010_000_000_000n))
        expect(r.reserves.liabilities.totalPlanck).toBe(String(100_009_800_000_000n))
        expect(r.reserves.marginPlanck).toBe(String(-2_999_800_000_000n))
        expect(r.publishable).toBe(false)
        expect(check(r, 'EVENTS_MATCH_STATE').detail).toContain('(−5 KSM unexplained)')
        expect(run!.log.find(l => l.includes('publishRatio'))).toContain('refused: check RESERVES failed: holdings')
    })

    it('day 3: a share minted without a log → SHARE_SUPPLY fails (blocking)', async () => {
        const r = await reportOf(3)
        expect(check(r, 'SHARE_SUPPLY')).toMatchObject({ passed: false, blocking: true })
        expect(check(r, 'SHARE_SUPPLY').detail).toContain('(+1 shares no event explains)')
        expect(BigInt(r.reserves.ethereum.totalSharesSupply) - BigInt(r.reserves.ethereum.eventsShares)).toBe(10n ** 18n)
        expect(r.publishable).toBe(false)
    })

    it('verify recomputes every report from the stored readings', () => {
        const profile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-verify-')), 'profile.json')
        fs.writeFileSync(profile, serializeProfile(stack.profile))
        const v = spawnSync(process.execPath, ['lib/oracle/main.js', 'verify'], {
            cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...connectionEnv(stack.db), SQUID_PROFILE: profile }, encoding: 'utf8', timeout: 60_000,
        })
        expect(v.stdout).toContain('4 stored periods recomputed from scratch: byte-identical')
        expect(v.status).toBe(0)
    })

    it('verify --reread reads every stored reading again at its block hash: byte-identical, one round trip per chain and period', async () => {
        const rows = (await db.query(`SELECT chain, round_trips FROM reserves_reading ORDER BY period, chain`)).rows
        expect(rows.map(r => [r.chain, r.round_trips])).toEqual([0, 1, 2, 3].flatMap(() => [['ethereum', 1], ['kusama', 1]]))
        const profile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-verify-')), 'profile.json')
        fs.writeFileSync(profile, serializeProfile(stack.profile))
        // asynchronously: the simulator answering the re-reads runs in this process
        const { stdout } = await execFileAsync(process.execPath, ['lib/oracle/main.js', 'verify', '--reread'], {
            cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...connectionEnv(stack.db), SQUID_PROFILE: profile }, timeout: 60_000,
        })
        expect(stdout).toContain('8 reserves readings re-read from the chains: byte-identical')
    }, 70_000)
})
