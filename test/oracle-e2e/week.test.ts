/**
 * Hand-computed end-to-end oracle scenario (SPEC §4.2–§4.9) through the scenario runner, the real
 * processors, the oracle worker, the publisher and the GraphQL API, on the local chains.
 *
 * Sixteen days of one pool:
 *  - days 0–6, a quiet week: deposits (one below the minimum), a sweep and a bond, one reward a day,
 *    the ratio published every morning except day 4 (so day 4 carries a stale on-chain ratio);
 *  - day 7: a slash (no reward): the ratio rises, MONOTONE waived, LOSS_EXPLAINED passes;
 *  - day 8: an R1 burn, an R0 burn, an R1 burn to invalid bytes, an R1 burn to a third party;
 *  - days 9–10: a partial then a full payout, an exact payout of the R0 burn, an unmatched outflow;
 *  - the third-party request is never paid: OVERDUE at the end (day 16).
 * Every expected number is computed here with bigint from the SPEC rules (./model.ts), never by the core.
 */
import { ScenarioRunner } from '../../src/local/scenario/runner'
import { makeClaimHook } from '../../src/local/scenario/claim-op'
import { makePublishHook } from '../../src/local/scenario/publish-op'
import { LocalStack } from '../../src/local/local-stack'
import { startTestStack } from '../support/stack'
import { Client } from 'pg'
import {
    aprString, balanceOf, comparable, connect, DAY, E12, E18, Expected, gql, inputsHashOf, ksm, ksmString, label, Ledger, REPORT_FIELDS, sharesOf,
} from './model'

const START = Date.parse('2026-01-05T00:00:00Z')
const DAYS = 16
const T = (d: number, s: number) => d * DAY + s
const ms = (t: number) => START + t * 1000
const REWARD = ksm('0.01')
const SLASH = ksm('0.5')
const PUBLISH_DAYS = [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]   // not day 4: the on-chain ratio goes stale
const REWARD_DAYS = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]  // not day 7 (the slash)

// ---------------------------------------------------------------- the expected reports, by hand
const ledger = new Ledger()
const expected: Expected[] = []
let onchain = E18
const onchainDuring: bigint[] = []   // on-chain ratio after the morning publication of day d
let burns: { aliceShares: bigint; bobR0Owed: bigint; invalidShares: bigint; daveShares: bigint; rc: bigint } | undefined
for (let d = 0; d < DAYS; d++) {
    if (PUBLISH_DAYS.includes(d)) onchain = BigInt(expected[d - 1].ratio)
    onchainDuring.push(onchain)
    const input: Parameters<Ledger['period']>[0] = { onchainAtEnd: onchain, rewards: REWARD_DAYS.includes(d) ? [REWARD] : [] }
    if (d === 0) input.deposits = [ksm('100'), ksm('50')]   // carol's 0.05 is BELOW_MINIMUM: never credited
    if (d === 7) input.slashes = [SLASH]
    if (d === 8) {
        const rc = onchain   // R7, published at 01:30 on day 8, in force at every burn of the day
        burns = {
            rc,
            aliceShares: sharesOf(30n * E18, rc),   // R1: balanceToShares(amount)
            bobR0Owed: balanceOf(10n * E18, rc) / 10n ** 6n,   // R0: toPlanck(balance(s, R_chain))
            invalidShares: sharesOf(5n * E18, rc),
            daveShares: sharesOf(3n * E18, rc),
        }
        input.burns = [
            { shares: burns.aliceShares, owedPlanck: ksm('30'), r1: true },
            { shares: 10n * E18, owedPlanck: burns.bobR0Owed },
            { shares: burns.invalidShares, owedPlanck: ksm('5'), r1: true },
            { shares: burns.daveShares, owedPlanck: ksm('3'), r1: true },
        ]
    }
    expected.push(ledger.period(input))
}
const B = burns!

const steps: object[] = [
    { t: T(0, 3600), op: 'deposit', from: 'alice', ksm: '100' },
    { t: T(0, 3660), op: 'deposit', from: 'bob', ksm: '50' },
    { t: T(0, 3720), op: 'deposit', from: 'carol', ksm: '0.05' },
    { t: T(0, 7200), op: 'sweep', to: 'stash0', ksm: '100' },
    { t: T(0, 7260), op: 'bond', stash: 'stash0', ksm: '100' },
    { t: T(1, 3600), op: 'claim', kusama: 'alice', eth: 'alice', shares: '100' },
    { t: T(1, 3660), op: 'claim', kusama: 'bob', eth: 'bob', shares: '50' },
    { t: T(7, 36000), op: 'slash', stash: 'stash0', ksm: '0.5' },
    { t: T(8, 7200), op: 'burn', eth: 'alice', aksmb: '30', recipient: 'alice' },
    { t: T(8, 7300), op: 'setPoolRevision', revision: 0 },
    { t: T(8, 7400), op: 'burn', eth: 'bob', shares: '10', recipient: 'bob' },
    { t: T(8, 7500), op: 'setPoolRevision', revision: 1 },
    { t: T(8, 7600), op: 'burn', eth: 'alice', aksmb: '5', recipient: '0x1234' },
    { t: T(8, 7700), op: 'burn', eth: 'bob', aksmb: '3', recipient: 'dave' },
    { t: T(9, 3600), op: 'payout', to: 'alice', ksm: '10' },
    { t: T(10, 3600), op: 'payout', to: 'alice', ksm: '20' },
    { t: T(10, 3660), op: 'payout', to: 'bob', ksm: ksmString(B.bobR0Owed) },
    // erin's 1 KSM matches no request: the treasury covers it first, so the pool still holds what it owes (§4.14 RESERVES)
    { t: T(10, 3700), op: 'transfer', from: 'treasury', to: 'stash0', ksm: '1' },
    { t: T(10, 3720), op: 'payout', to: 'erin', ksm: '1' },
    ...PUBLISH_DAYS.map(d => ({ t: T(d, 1800), op: 'publishRatio' })),
    ...REWARD_DAYS.map(d => ({ t: T(d, 43200), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.01' })),
]

const QUEUE = `{ unstakeQueue { watermark pendingOwedPlanck freePlanck refundablePlanck unbondingPlanck toUnbondPlanck
    requests { id ethAccount recipient shares owedPlanck paidPlanck status overdue requestedAt paidAt eta etaReason }
    unmatchedOutflows { id to amountPlanck unmatchedPlanck timestamp } } }`

describe('oracle end to end: a quiet week, a stale on-chain ratio, a slash, burns, payouts, overdue', () => {
    let stack: LocalStack
    let db: Client
    const log: string[] = []
    const queueAt = new Map<number, any>()   // unstakeQueue seen at the publishRatio sync point of day d
    const q = (query: string, v: object = {}) => gql(stack.graphqlUrl!, query, v)

    beforeAll(async () => {
        stack = await startTestStack({
            scenario: {
                start: new Date(START).toISOString().replace('.000', ''), end: new Date(ms(T(DAYS, 0))).toISOString().replace('.000', ''),
                config: { recipientValidation: false }, stashes: ['stash0'], steps,
            },
            parts: ['kusama-processor', 'eth-processor', 'oracle-worker', 'api'],
        })
        db = connect(stack)
        await db.connect()
        const publish = makePublishHook(stack.graphqlUrl, stack.eth)
        const runner = new ScenarioRunner(stack.scenario, stack.kusama, stack.eth, {
            waitForCatchUp: () => stack.waitForCatchUp(),
            claim: makeClaimHook(stack, l => log.push(l)),
            publishRatio: async at => {
                const day = Math.floor((at.ethSeconds - START / 1000) / DAY)
                queueAt.set(day, (await q(QUEUE)).unstakeQueue)
                return publish(at)
            },
            log: l => log.push(l),
        })
        await runner.run()
    }, 200_000)

    afterAll(async () => {
        await db?.end().catch(() => {})
        await stack?.stop()
    })

    const address = (name: string) => stack.kusama.address(name)
    const eth = (name: string) => stack.eth.address(name).toLowerCase()
    const iso = (t: number) => new Date(ms(t)).toISOString()

    it('the model itself: every report publishable, day 4 drifts, the slash raises R within LOSS_EXPLAINED', () => {
        // guards the scenario design: if these fail, the scenario no longer tests what it claims to
        expect(expected.every(e => e.publishable)).toBe(true)
        expect(expected.map(e => e.checks.find(c => c.name === 'ONCHAIN_DRIFT')!.passed))
            .toEqual(expected.map((_, d) => d !== 4))
        expect(BigInt(expected[7].ratio)).toBeGreaterThan(BigInt(expected[6].ratio))
        for (let d = 1; d < 7; d++) expect(BigInt(expected[d].ratio)).toBeLessThan(BigInt(expected[d - 1].ratio))
    })

    it('a quiet week: one report per day with the exact ratio, S, P, sums, APR and checks', async () => {
        const reports = (await q(`{ ratioReports(limit: 100) { ${REPORT_FIELDS} } }`)).ratioReports
        expect(reports.map((r: any) => r.period)).toEqual(Array.from({ length: DAYS }, (_, d) => label(ms(T(d, 0)))))
        // days 0–6 by hand: D0 credits 150 KSM at 1e18 and one reward a day of 0.01 KSM (fee 2 %, net 0.0098)
        const P0 = 150n * E18 + 98n * 10n ** 14n
        expect(expected[0]).toMatchObject({
            totalShares: String(150n * E18), pooledValue: String(P0), ratio: String((150n * E18 * E18 + P0 - 1n) / P0),
            creditedPlanck: '150000000000000', creditedShares: '150000000000000000000', grossRewardPlanck: '10000000000',
            feePlanck: '200000000', netRewardPlanck: '9800000000',
        })
        for (let d = 0; d < DAYS; d++) {
            expect({ d, ...comparable(reports[d]) }).toEqual({ d, period: label(ms(T(d, 0))), ...expected[d] })
            expect(reports[d].periodStart).toBe(iso(T(d, 0)))
            expect(reports[d].periodEnd).toBe(iso(T(d + 1, 0)))
        }
        // the APR of a quiet day, within bounds: (R_{D-1}/R_D − 1)·365
        const apr1 = Number(reports[1].apr)
        expect(apr1).toBeGreaterThan(0.02)
        expect(apr1).toBeLessThan(0.03)
        expect(reports[1].apr).toBe(aprString(BigInt(expected[0].ratio), BigInt(expected[1].ratio)))
    })

    it('every inputsHash is sha256 of the sorted ids of the period\'s events', async () => {
        const reports = (await q(`{ ratioReports(limit: 100) { period inputsHash } }`)).ratioReports
        for (let d = 0; d < DAYS; d++) {
            expect({ d, h: reports[d].inputsHash }).toEqual({ d, h: await inputsHashOf(db, ms(T(d, 0)), ms(T(d + 1, 0))) })
        }
    })

    it('the publisher pushed every morning\'s latest report; day 4 was skipped, so day 4 warns ONCHAIN_DRIFT and stays publishable', async () => {
        const published = log.filter(l => /publishRatio: /.test(l))
        expect(published).toHaveLength(PUBLISH_DAYS.length)
        for (const [i, d] of PUBLISH_DAYS.entries()) {
            expect(published[i]).toContain(`publishRatio: published ratio ${expected[d - 1].ratio} (report ${label(ms(T(d - 1, 0)))}`)
        }
        expect(await stack.eth.ratio()).toBe(BigInt(expected[14].ratio))
        const day4 = (await q(`{ ratioReports(from: "${label(ms(T(4, 0)))}", to: "${label(ms(T(4, 0)))}") { ${REPORT_FIELDS} } }`)).ratioReports[0]
        const drift = day4.checks.find((c: any) => c.name === 'ONCHAIN_DRIFT')
        expect(drift).toMatchObject({ passed: false, blocking: false })
        expect(drift.detail).toContain(`onchain=${expected[2].ratio}`)
        expect(day4.onchainRatio).toBe(expected[2].ratio)
        expect(day4.prevRatio).toBe(expected[3].ratio)
        expect(day4.publishable).toBe(true)
    })

    it('the slash: R rises, MONOTONE waived, LOSS_EXPLAINED passes, publishable', async () => {
        const r = (await q(`{ ratioReports(from: "${label(ms(T(7, 0)))}", limit: 1) { ${REPORT_FIELDS} } }`)).ratioReports[0]
        const P6 = BigInt(expected[6].pooledValue)
        expect(r.pooledValue).toBe(String(P6 - SLASH * 10n ** 6n))
        expect(r.ratio).toBe(String((BigInt(expected[6].totalShares) * E18 + P6 - SLASH * 10n ** 6n - 1n) / (P6 - SLASH * 10n ** 6n)))
        expect(r.slashedPlanck).toBe(String(SLASH))
        expect(r.apr.startsWith('-')).toBe(true)
        const check = (n: string) => r.checks.find((c: any) => c.name === n)
        expect(check('MONOTONE')).toMatchObject({ passed: true, blocking: true })
        expect(check('MONOTONE').detail).toContain('waived=slash')
        expect(check('LOSS_EXPLAINED')).toMatchObject({ passed: true, blocking: true })
        expect(r.publishable).toBe(true)
    })

    it('R1 and R0 burns: burned shares and owedPlanck per SPEC §4.5 at the on-chain ratio in force', async () => {
        const r = (await q(`{ ratioReports(from: "${label(ms(T(8, 0)))}", limit: 1) { ${REPORT_FIELDS} } }`)).ratioReports[0]
        expect(B.rc).toBe(BigInt(expected[7].ratio))
        expect(r.burnedShares).toBe(String(B.aliceShares + 10n * E18 + B.invalidShares + B.daveShares))
        expect(r.owedPlanck).toBe(String(ksm('38') + B.bobR0Owed))
        // the processor records the facts (revision, shares, amount, the ratio in force, the raw recipient);
        // the oracle decides the recipient and what is owed (unstake_request)
        const rows = (await db.query(`SELECT b.revision, b.account, b.recipient_raw, b.shares::text, b.amount::text, b.ratio::text,
                u.recipient_status, u.owed_planck::text
            FROM burn b JOIN unstake_request u ON u.id = b.id ORDER BY b."timestamp"`)).rows
        const key = (n: string) => stack.kusama.publicKey(n).toLowerCase()
        expect(rows).toEqual([
            { revision: 'R1', account: eth('alice'), recipient_raw: key('alice'), shares: String(B.aliceShares), amount: String(30n * E18), ratio: String(B.rc), recipient_status: 'VALID', owed_planck: String(ksm('30')) },
            { revision: 'R0', account: eth('bob'), recipient_raw: key('bob'), shares: String(10n * E18), amount: null, ratio: String(B.rc), recipient_status: 'VALID', owed_planck: String(B.bobR0Owed) },
            { revision: 'R1', account: eth('alice'), recipient_raw: '0x1234', shares: String(B.invalidShares), amount: String(5n * E18), ratio: String(B.rc), recipient_status: 'INVALID_RECIPIENT', owed_planck: String(ksm('5')) },
            { revision: 'R1', account: eth('bob'), recipient_raw: key('dave'), shares: String(B.daveShares), amount: String(3n * E18), ratio: String(B.rc), recipient_status: 'VALID', owed_planck: String(ksm('3')) },
        ])
        // R0 owes ceil(10e18·1e18/R_chain) aKSMb, floored to planck: less than 10 KSM, since after the
        // 0.5 KSM slash (more than the week's rewards) R_chain = R7 > 1e18
        expect(B.rc).toBeGreaterThan(E18)
        expect(B.bobR0Owed).toBe((10n * E18 * E18 + B.rc - 1n) / B.rc / 10n ** 6n)
        expect(B.bobR0Owed).toBeLessThan(ksm('10'))
        // on chain: alice burned balanceToShares(30) + balanceToShares(5) of her 100 shares
        expect(await stack.eth.sharesOf(stack.eth.address('alice'))).toBe(100n * E18 - B.aliceShares - B.invalidShares)
    })

    it('the unstake queue before and after payouts: PENDING, PARTIALLY_PAID, then PAID with paidAt', async () => {
        const req = (s: any, i: number) => s.requests[i]
        // day 9 morning: nothing paid yet
        const d9 = queueAt.get(9)
        expect(d9.watermark).toBe(iso(T(9, 1800)))
        expect(d9.requests.map((r: any) => r.status)).toEqual(['PENDING', 'PENDING', 'INVALID_RECIPIENT', 'PENDING'])
        // day 10 morning: alice got 10 of 30
        const d10 = queueAt.get(10)
        expect(req(d10, 0)).toMatchObject({ status: 'PARTIALLY_PAID', paidPlanck: String(ksm('10')), owedPlanck: String(ksm('30')), paidAt: null, overdue: false })
        // free = deposits 150.05 − sweep 100 − payout 10 − carol's 0.05 (BELOW_MINIMUM, refundable) = 40 KSM ≥ every cumulative owed: LIQUID now
        expect(d10.freePlanck).toBe(String(ksm('40')))
        expect(d10.refundablePlanck).toBe(String(ksm('0.05')))
        for (const i of [0, 1, 3]) expect(req(d10, i)).toMatchObject({ eta: iso(T(10, 1800)), etaReason: 'LIQUID' })
        expect(req(d10, 2)).toMatchObject({ status: 'INVALID_RECIPIENT', eta: null, etaReason: null })
        expect(d10.pendingOwedPlanck).toBe(String(ksm('20') + B.bobR0Owed + ksm('5') + ksm('3')))
    })

    it('at the end: PAID requests, an OVERDUE one, the invalid recipient never matched but owed, the unmatched outflow', async () => {
        const s = (await q(QUEUE)).unstakeQueue
        expect(s.watermark).toBe(iso(T(DAYS, 0)))
        for (const r of s.requests) expect(r.id).toMatch(/^0x[0-9a-f]{64}-\d+$/)
        expect(s.requests.map(({ id, ...r }: any) => r)).toEqual([
            { ethAccount: eth('alice'), recipient: address('alice'), shares: String(B.aliceShares), owedPlanck: String(ksm('30')), paidPlanck: String(ksm('30')),
                status: 'PAID', overdue: false, requestedAt: iso(T(8, 7200)), paidAt: iso(T(10, 3600)), eta: null, etaReason: null },
            { ethAccount: eth('bob'), recipient: address('bob'), shares: String(10n * E18), owedPlanck: String(B.bobR0Owed), paidPlanck: String(B.bobR0Owed),
                status: 'PAID', overdue: false, requestedAt: iso(T(8, 7400)), paidAt: iso(T(10, 3660)), eta: null, etaReason: null },
            { ethAccount: eth('alice'), recipient: null, shares: String(B.invalidShares), owedPlanck: String(ksm('5')), paidPlanck: '0',
                status: 'INVALID_RECIPIENT', overdue: true, requestedAt: iso(T(8, 7600)), paidAt: null, eta: null, etaReason: null },
            { ethAccount: eth('bob'), recipient: address('dave'), shares: String(B.daveShares), owedPlanck: String(ksm('3')), paidPlanck: '0',
                status: 'PENDING', overdue: true, requestedAt: iso(T(8, 7700)), paidAt: null, eta: iso(T(DAYS, 0)), etaReason: 'LIQUID' },
        ])
        // the invalid recipient counts as a liability (SPEC §4.5): 5 + 3 KSM pending
        expect(s.pendingOwedPlanck).toBe(String(ksm('8')))
        // the treasury's 1 KSM inflow paid erin's unmatched 1 KSM; carol's 0.05 stays refundable
        const free = ksm('150.05') - ksm('100') - ksm('30') - B.bobR0Owed + ksm('1') - ksm('1') - ksm('0.05')
        expect(s.freePlanck).toBe(String(free))
        expect(s.refundablePlanck).toBe(String(ksm('0.05')))
        expect(s.unbondingPlanck).toBe('0')
        expect(s.toUnbondPlanck).toBe('0')
        expect(s.unmatchedOutflows).toEqual([{
            id: expect.any(String), to: address('erin'), amountPlanck: String(ksm('1')), unmatchedPlanck: String(ksm('1')), timestamp: iso(T(10, 3720)),
        }])
        // the outflows that paid requests are matched in full
        const alloc = (await db.query(`SELECT request_id, amount::text FROM outflow_allocation ORDER BY "timestamp", id`)).rows
        expect(alloc.map(a => a.amount)).toEqual([String(ksm('10')), String(ksm('20')), String(B.bobR0Owed)])
    })

    it('latestRatio is the last closed period; deposits carry the shares credited at R_{D-1}', async () => {
        const latest = (await q(`{ latestRatio { ${REPORT_FIELDS} } }`)).latestRatio
        expect(comparable(latest)).toEqual({ period: label(ms(T(DAYS - 1, 0))), ...expected[DAYS - 1] })
        const deps = (await q(`{ deposits { from amountPlanck status shares } }`)).deposits
        expect(deps).toEqual([
            { from: address('alice'), amountPlanck: String(ksm('100')), status: 'CREDITED', shares: String(100n * E18) },
            { from: address('bob'), amountPlanck: String(ksm('50')), status: 'CREDITED', shares: String(50n * E18) },
            { from: address('carol'), amountPlanck: String(ksm('0.05')), status: 'BELOW_MINIMUM', shares: '0' },
        ])
        // the rewards behind the reports, per day: gross, fee floor(g·200/10000), net
        const byDay = (await q(`{ rewards(groupBy: "DAY") { key grossPlanck feePlanck netPlanck count } }`)).rewards
        expect(byDay).toEqual(REWARD_DAYS.map(d => ({
            key: label(ms(T(d, 0))), grossPlanck: '10000000000', feePlanck: '200000000', netPlanck: '9800000000', count: 1,
        })))
    })
})
