/**
 * Hand-computed end-to-end scenario of the deposit rules (SPEC §4.1, §4.3, §4.9) on the local
 * chains, through the real processors, the oracle worker, the notary and GraphQL:
 *  - alice deposits 10 KSM at 00:10 on day 0 and claims them at 00:20 the same day: a credit is
 *    fixed and claimable once its block is final and report D−1 exists, not when D closes;
 *  - carol's 0.05 KSM is BELOW_MINIMUM and refunded by an exact payout back to her (REFUNDED);
 *  - dave is paid 0.07 KSM before he deposits 0.07 KSM: that payout is no refund (it precedes the
 *    deposit), so it is an unmatched outflow and his deposit stays refundable;
 *  - a 25 KSM slash on day 1 makes the pool INSOLVENT; erin's 5 KSM on day 2 is HELD (no shares,
 *    not in S or P) and then refunded;
 *  - then the oracle is restarted with a lower minStake (0.06 KSM): dave's deposit becomes
 *    CREDITED, with no re-index (the processors' rows are untouched).
 * Expected numbers come from ./model.ts and plain arithmetic here, never from the core.
 */
import { spawnSync } from 'child_process'
import * as fs from 'fs'
import * as path from 'path'
import { Client } from 'pg'
import { serializeProfile } from '../../src/config/profile'
import { connectionEnv } from '../../src/db/connection'
import { LocalStack } from '../../src/local/local-stack'
import { PRODUCT_PARTS } from '../../src/parts'
import { runScenario, ScenarioRun } from '../support/scenario-run'
import { comparable, DAY, E18, gql, ksm, label, Ledger, REPORT_FIELDS, until } from './model'

const START = Date.parse('2026-03-02T00:00:00Z')
const T = (d: number, s: number) => d * DAY + s
const ms = (t: number) => START + t * 1000
const iso = (t: number) => new Date(ms(t)).toISOString()

const ledger = new Ledger()
const D0 = ledger.period({ deposits: [ksm('10')], onchainAtEnd: E18 })   // carol's 0.05 and dave's 0.07: BELOW_MINIMUM
const D1 = ledger.period({ slashes: [ksm('25')], onchainAtEnd: E18 })
const D2 = ledger.period({ deposits: [ksm('5')], onchainAtEnd: E18 })     // erin's 5: HELD (D1 insolvent)

const DEPOSITS = `{ deposits { from amountPlanck status shares } }`

describe('deposit rules end to end: same-day claim, refunds, HELD in an insolvent pool, a new minStake', () => {
    let stack: LocalStack
    let db: Client
    let run: ScenarioRun | undefined
    const q = (query: string) => gql(stack.graphqlUrl!, query)
    const address = (n: string) => stack.kusama.address(n)

    beforeAll(async () => {
        run = await runScenario({
            scenario: {
                start: '2026-03-02T00:00:00Z', end: '2026-03-05T01:00:00Z', stashes: ['stash0'],
                steps: [
                    { t: T(0, 600), op: 'deposit', from: 'alice', ksm: '10' },
                    { t: T(0, 1200), op: 'claim', kusama: 'alice', eth: 'alice' },
                    { t: T(0, 1800), op: 'deposit', from: 'carol', ksm: '0.05' },
                    { t: T(0, 2400), op: 'payout', to: 'carol', ksm: '0.05' },
                    { t: T(0, 3000), op: 'payout', to: 'dave', ksm: '0.07' },
                    { t: T(0, 3600), op: 'deposit', from: 'dave', ksm: '0.07' },
                    { t: T(0, 4000), op: 'transfer', from: 'frank', to: 'stash0', ksm: '100' },   // an Inflow: liquidity, not pool value
                    { t: T(0, 4600), op: 'bond', stash: 'stash0', ksm: '100' },
                    { t: T(1, 3600), op: 'slash', stash: 'stash0', ksm: '25' },
                    { t: T(2, 3600), op: 'deposit', from: 'erin', ksm: '5' },
                    { t: T(2, 7200), op: 'payout', to: 'erin', ksm: '5' },
                ],
            },
            parts: ['kusama-processor', 'eth-processor', 'oracle-worker', 'api'],
        })
        ;({ stack, db } = run)
    }, 200_000)

    afterAll(() => run?.stop())

    it('the model: day 0 credits 10 KSM at 1e18, day 1 is INSOLVENT, day 2 holds 5 KSM', () => {
        expect(D0).toMatchObject({ creditedPlanck: String(ksm('10')), creditedShares: String(10n * E18), ratio: String(E18) })
        expect(D1.publishable).toBe(false)
        expect(D2).toMatchObject({ creditedPlanck: '0', heldPlanck: String(ksm('5')), totalShares: String(10n * E18), pooledValue: String(-15n * E18) })
    })

    it('alice claims her 10 KSM the same UTC day she deposited, before day 0 closes', async () => {
        const claims = (await db.query(`SELECT shares::text, status, created_at FROM notary_claim WHERE kusama_account = $1`, [address('alice')])).rows
        expect(claims).toEqual([{ shares: String(10n * E18), status: 'CLAIMED', created_at: new Date(ms(T(0, 1200))) }])
        expect(new Date(ms(T(0, 1200))).toISOString().slice(0, 10)).toBe(label(ms(0)))
        expect(await stack.eth.sharesOf(stack.eth.address('alice'))).toBe(10n * E18)
        const summary = (await q(`{ accountSummary(address: "${address('alice')}") { creditedShares claimableShares claimedShares } }`)).accountSummary
        expect(summary).toEqual({ creditedShares: String(10n * E18), claimableShares: '0', claimedShares: String(10n * E18) })
    })

    it('reports: exactly the model, HELD counted apart from credits', async () => {
        const rs = (await q(`{ ratioReports { ${REPORT_FIELDS} } }`)).ratioReports
        expect(rs.map(comparable)).toEqual([D0, D1, D2].map((e, d) => ({ period: label(ms(T(d, 0))), ...e })))
    })

    it('deposit statuses: CREDITED, REFUNDED (below minimum), BELOW_MINIMUM still owed back, REFUNDED (held)', async () => {
        expect((await q(DEPOSITS)).deposits).toEqual([
            { from: address('alice'), amountPlanck: String(ksm('10')), status: 'CREDITED', shares: String(10n * E18) },
            { from: address('carol'), amountPlanck: String(ksm('0.05')), status: 'REFUNDED', shares: '0' },
            { from: address('dave'), amountPlanck: String(ksm('0.07')), status: 'BELOW_MINIMUM', shares: '0' },
            { from: address('erin'), amountPlanck: String(ksm('5')), status: 'REFUNDED', shares: '0' },
        ])
        // refunds pay no request and are no unmatched outflow; dave's earlier payout is unmatched
        const queue = (await q(`{ unstakeQueue { freePlanck refundablePlanck pendingOwedPlanck unmatchedOutflows { to amountPlanck unmatchedPlanck timestamp } } }`)).unstakeQueue
        expect(queue).toEqual({
            // deposit address: 10 + 0.05 − 0.05 − 0.07 + 0.07 + 5 − 5 = 10 KSM; stash0: 100 in, 100 bonded; less dave's 0.07 refundable
            freePlanck: String(ksm('9.93')), refundablePlanck: String(ksm('0.07')), pendingOwedPlanck: '0',
            unmatchedOutflows: [{ to: address('dave'), amountPlanck: String(ksm('0.07')), unmatchedPlanck: String(ksm('0.07')), timestamp: iso(T(0, 3000)) }],
        })
        const history = (await q(`{ accountHistory(address: "${address('erin')}") { kind amount status } }`)).accountHistory
        expect(history).toEqual([
            { kind: 'PAYOUT', amount: String(ksm('5')), status: 'REFUND' },
            { kind: 'STAKE', amount: String(ksm('5')), status: 'REFUNDED' },
        ])
    })

    it('a lower minStake in the profile, the oracle restarted: dave is CREDITED, no re-index', async () => {
        const indexed = (await db.query('SELECT * FROM pool_deposit ORDER BY id')).rows
        const running = stack.supervisor.parts().find(r => r.part.name === 'oracle-worker')!
        await stack.supervisor.stopPart(running)
        const profile = path.join(path.dirname(running.logFile), '..', 'profile-min-stake.json')
        fs.writeFileSync(profile, serializeProfile({ ...stack.profile, oracle: { ...stack.profile.oracle, minStakePlanck: ksm('0.06') } }))
        const restarted = stack.supervisor.start(PRODUCT_PARTS.find(p => p.name === 'oracle-worker')!, { SQUID_PROFILE: profile })
        await until('day 2 recomputed', async () => (await db.query(`SELECT 1 FROM period_report WHERE id = $1`, [label(ms(T(2, 0)))])).rows.length > 0
            && (await db.query(`SELECT 1 FROM deposit_outcome WHERE account = $1 AND status = 'CREDITED'`, [address('dave')])).rows.length > 0, 60_000)

        const deps = (await q(DEPOSITS)).deposits
        // dave's 0.07 KSM at R_{-1} = 1e18: 7·10^16 shares; carol's 0.05 stays below 0.06 (and refunded)
        expect(deps.map((d: any) => [d.status, d.shares])).toEqual([
            ['CREDITED', String(10n * E18)], ['REFUNDED', '0'], ['CREDITED', String(7n * 10n ** 16n)], ['REFUNDED', '0'],
        ])
        const [r0] = (await q(`{ ratioReports(limit: 1) { creditedPlanck creditedShares } }`)).ratioReports
        expect(r0).toEqual({ creditedPlanck: String(ksm('10.07')), creditedShares: String(10n * E18 + 7n * 10n ** 16n) })
        expect((await db.query('SELECT * FROM pool_deposit ORDER BY id')).rows).toEqual(indexed)
        expect(fs.readFileSync(restarted.logFile, 'utf8')).toContain('core settings changed: every oracle table is recomputed')

        // verify recomputes the reports and every deposit outcome; a tampered credit is caught
        const verify = () => spawnSync(process.execPath, ['lib/oracle/main.js', 'verify'], {
            cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...connectionEnv(stack.db), SQUID_PROFILE: profile }, encoding: 'utf8',
        })
        const ok = verify()
        expect(ok.stdout).toContain('3 stored periods recomputed from scratch: byte-identical')
        expect(ok.stdout).toContain('4 deposit outcomes up to the live watermark recomputed')
        expect(ok.status).toBe(0)
        await stack.supervisor.stopPart(restarted)
        await db.query(`UPDATE deposit_outcome SET shares = shares + 1 WHERE account = $1`, [address('dave')])
        const tampered = verify()
        expect(tampered.stdout).toMatch(/MISMATCH deposit .*\n  stored: +\["CREDITED","70000000000000001"/)
        expect(tampered.status).toBe(1)
    }, 90_000)
})
