/**
 * Hand-computed end-to-end oracle scenarios on the local chains, through GraphQL:
 *  - an INSOLVENT pool: a slash bigger than the pooled value (the stash also holds an inflow that is
 *    not pool value): SOLVENT fails, R_D = R_{D-1}, not publishable, latestRatio shows it and the
 *    publisher refuses;
 *  - a period closed only once the lagging chain catches up: Kusama's finalized head passes end(D)
 *    while Ethereum's does not; no report for D until Ethereum moves, and then D includes the late burns;
 *    meanwhile the live queue at the watermark gives UNBONDING and NEEDS_UNBOND ETAs and toUnbond (SPEC §4.9);
 *  - a deposit into the insolvent pool is HELD (SPEC §4.1): never credited, and its planck are
 *    refundable, not free liquidity for unstake requests.
 * Expected numbers come from ./model.ts (SPEC rules in plain bigint), never from the core.
 */
import { Client } from 'pg'
import { LocalStack } from '../../src/local/local-stack'
import { runScenario, ScenarioRun } from '../support/scenario-run'
import {
    comparable, DAY, E18, gql, ksm, label, Ledger, REPORT_FIELDS, sharesOf, until,
} from './model'

const START = Date.parse('2026-02-02T00:00:00Z')
const T = (d: number, s: number) => d * DAY + s
const ms = (t: number) => START + t * 1000
const sec = (t: number) => START / 1000 + t
const iso = (t: number) => new Date(ms(t)).toISOString()

const ledger = new Ledger()
const D0 = ledger.period({ deposits: [ksm('10')], rewards: [ksm('0.001')], onchainAtEnd: E18 })
const R0 = BigInt(D0.ratio)
const D1 = ledger.period({ slashes: [ksm('25')], onchainAtEnd: R0 })   // R0 published on day 1
// bob's 30 KSM on day 2 are HELD (report D1 is insolvent): no shares, not in S or P, refundable
const D2 = ledger.period({
    deposits: [ksm('30')],
    burns: [{ shares: sharesOf(E18, R0), owedPlanck: ksm('1'), r1: true }, { shares: sharesOf(4n * E18, R0), owedPlanck: ksm('4'), r1: true }],
    onchainAtEnd: R0,
})
const ERA = 6 * 3600

describe('oracle end to end: an insolvent pool, then a period closed only when the lagging chain catches up', () => {
    let stack: LocalStack
    let db: Client
    let run: ScenarioRun | undefined
    const q = (query: string) => gql(stack.graphqlUrl!, query)
    const reports = async () => (await q(`{ ratioReports { ${REPORT_FIELDS} } }`)).ratioReports

    beforeAll(async () => {
        run = await runScenario({
            scenario: {
                start: '2026-02-02T00:00:00Z', end: iso(T(2, 3600)).replace('.000', ''), stashes: ['stash0'],
                steps: [
                    { t: T(0, 3600), op: 'deposit', from: 'alice', ksm: '10' },
                    { t: T(0, 4000), op: 'transfer', from: 'alice', to: 'stash0', ksm: '100' },   // an Inflow: liquidity, not pool value
                    { t: T(0, 4600), op: 'bond', stash: 'stash0', ksm: '100' },
                    { t: T(0, 43200), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.001' },
                    { t: T(1, 300), op: 'publishRatio' },
                    { t: T(1, 600), op: 'claim', kusama: 'alice', eth: 'alice', shares: '10' },
                    { t: T(1, 3600), op: 'slash', stash: 'stash0', ksm: '25' },
                    { t: T(2, 1800), op: 'publishRatio' },
                ],
            },
            parts: ['kusama-processor', 'eth-processor', 'oracle-worker', 'api'],
        })
        ;({ stack, db } = run)
    }, 200_000)

    afterAll(() => run?.stop())

    it('the model: day 1 is insolvent (P < 0 with S > 0), keeps R0 and is not publishable', () => {
        expect(D0.publishable).toBe(true)
        expect(BigInt(D1.pooledValue)).toBe(10n * E18 + 98n * 10n ** 13n - 25n * E18)
        expect(D1.ratio).toBe(D0.ratio)
        expect(D1.publishable).toBe(false)
        expect(D1.checks.filter(c => !c.passed).map(c => c.name)).toEqual(['SOLVENT'])
    })

    it('INSOLVENT: exact report, SOLVENT fails, R = R_{D-1}, latestRatio reflects it, the publisher refuses', async () => {
        const rs = await reports()
        expect(rs.map(comparable)).toEqual([{ period: label(ms(0)), ...D0 }, { period: label(ms(T(1, 0))), ...D1 }])
        const latest = (await q(`{ latestRatio { ${REPORT_FIELDS} } }`)).latestRatio
        expect(comparable(latest)).toEqual({ period: label(ms(T(1, 0))), ...D1 })
        const solvent = latest.checks.find((c: any) => c.name === 'SOLVENT')
        expect(solvent).toMatchObject({ passed: false, blocking: true })
        expect(solvent.detail).toContain(`S=${D1.totalShares} P=${D1.pooledValue}`)
        expect(solvent.detail).toContain('INSOLVENT')
        expect(latest.apr).toBe('0')

        const published = run!.log.filter(l => /publishRatio: /.test(l))
        expect(published).toHaveLength(2)
        expect(published[0]).toContain(`published ratio ${R0}`)
        expect(published[1]).toMatch(/publishRatio: refused: check SOLVENT failed: /)
        expect(await stack.eth.ratio()).toBe(R0)   // the refusal sent nothing
    })

    it('Kusama past end(D) but Ethereum not: no report for D until Ethereum moves; then D has the late burns; the live queue gives UNBONDING and NEEDS_UNBOND ETAs', async () => {
        // Kusama: on day 2 a deposit (HELD), a payout to carol leaving 0.5 KSM free beside bob's 30 refundable, an unbond
        // of 3 KSM; then a block after end(day 2)
        stack.kusama.transfer(ms(T(2, 7200)), 'bob', 'deposit', ksm('30'))
        stack.kusama.transfer(ms(T(2, 7300)), 'deposit', 'carol', ksm('9.5'))
        stack.kusama.unbond(ms(T(2, 7400)), 'stash0', ksm('3'))
        stack.kusama.emptyBlock(ms(T(3, 600)))
        stack.kusama.finalize()
        // Ethereum: still on day 2, where alice burns 1 then 4 aKSMb (R1) at the on-chain ratio R0
        await stack.eth.burn(sec(T(2, 10000)), 'alice', E18, stack.kusama.publicKey('alice'))
        await stack.eth.burn(sec(T(2, 10100)), 'alice', 4n * E18, stack.kusama.publicKey('alice'))
        await stack.eth.finalize(stack.profile.ethereum.finalityConfirmation)
        await stack.waitForCatchUp()

        const status = (await q(`{ indexerStatus { chains { chain finalizedTime } watermark latestPeriod } }`)).indexerStatus
        expect(status.chains).toEqual([{ chain: 'kusama', finalizedTime: iso(T(3, 600)) }, { chain: 'ethereum', finalizedTime: iso(T(2, 10100)) }])
        expect(status.watermark).toBe(iso(T(2, 10100)))
        expect(status.latestPeriod).toBe(label(ms(T(1, 0))))
        // give the worker several polls: still nothing for day 2
        await new Promise(r => setTimeout(r, 2000))
        expect((await reports()).map((r: any) => r.period)).toEqual([label(ms(0)), label(ms(T(1, 0)))])

        // the live queue at the watermark (SPEC §4.8, §4.9): free 10 + 30 − 9.5 − 30 refundable to bob = 0.5 KSM, one 3 KSM chunk unbonding.
        // Era clock: the last EraPaid (the first block at or after 00:00 of day 2 is the 00:30 sync block)
        const { rows: [era] } = await db.query(`SELECT era, "timestamp" FROM era_paid WHERE "timestamp" <= $1 ORDER BY "timestamp" DESC LIMIT 1`, [new Date(ms(T(2, 10100)))])
        expect(new Date(era.timestamp).toISOString()).toBe(iso(T(2, 1800)))
        const { rows: [unbond] } = await db.query(`SELECT active_era FROM staking_change WHERE action = 'UNBONDED'`)
        expect(Number(unbond.active_era)).toBe(Number(era.era) + 1)
        // the chunk unlocks at active era + 28, i.e. 28 eras after the active era started
        const unlock = iso(T(2, 1800) + 28 * ERA)
        const queue = (await q(`{ unstakeQueue { watermark pendingOwedPlanck freePlanck refundablePlanck unbondingPlanck toUnbondPlanck
            requests { status owedPlanck requestedAt eta etaReason } unmatchedOutflows { to amountPlanck unmatchedPlanck } } }`)).unstakeQueue
        expect(queue).toEqual({
            watermark: iso(T(2, 10100)), pendingOwedPlanck: String(ksm('5')), freePlanck: String(ksm('0.5')), refundablePlanck: String(ksm('30')),
            unbondingPlanck: String(ksm('3')),
            toUnbondPlanck: String(ksm('1.5')),   // 5 − 0.5 − 3
            requests: [
                // C1 = 1 > free 0.5, free + the chunk = 3.5 >= 1: when the chunk unlocks
                { status: 'PENDING', owedPlanck: String(ksm('1')), requestedAt: iso(T(2, 10000)), eta: unlock, etaReason: 'UNBONDING' },
                // C2 = 5 > 3.5: needs a new unbond, now + 28 eras
                { status: 'PENDING', owedPlanck: String(ksm('4')), requestedAt: iso(T(2, 10100)), eta: iso(T(2, 10100) + 28 * ERA), etaReason: 'NEEDS_UNBOND' },
            ],
            unmatchedOutflows: [{ to: stack.kusama.address('carol'), amountPlanck: String(ksm('9.5')), unmatchedPlanck: String(ksm('9.5')) }],
        })

        // Ethereum passes end(day 2): day 2 closes, and only day 2
        await stack.eth.emptyBlock(sec(T(3, 60)))
        await stack.eth.finalize(stack.profile.ethereum.finalityConfirmation)
        await until('day 2 reported', async () => (await q('{ latestRatio { period } }')).latestRatio?.period === label(ms(T(2, 0))), 60_000)
        const rs = await reports()
        expect(rs).toHaveLength(3)
        expect(comparable(rs[2])).toEqual({ period: label(ms(T(2, 0))), ...D2 })
        // bob's deposit is HELD: it buys no shares at the stale ratio, and the pool stays insolvent
        expect(rs[2].creditedShares).toBe('0')
        expect(rs[2].heldPlanck).toBe(String(ksm('30')))
        expect(rs[2].burnedShares).toBe(String(sharesOf(E18, R0) + sharesOf(4n * E18, R0)))
        expect(rs[2].checks.filter((c: any) => !c.passed).map((c: any) => c.name)).toEqual(['SOLVENT'])
        expect(rs[2].publishable).toBe(false)
        const [held] = (await q(`{ deposits(from: "${stack.kusama.address('bob')}") { status shares amountPlanck } }`)).deposits
        expect(held).toEqual({ status: 'HELD', shares: '0', amountPlanck: String(ksm('30')) })
        const status2 = (await q(`{ indexerStatus { watermark latestPeriod } }`)).indexerStatus
        expect(status2).toEqual({ watermark: iso(T(3, 60)), latestPeriod: label(ms(T(2, 0))) })
    })
})

