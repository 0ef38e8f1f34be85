import { createHash } from 'crypto'
import { ONE_RATIO, planck, ratio, shares } from '../../src/domain/units'
import {
    burnOwedPlanck,
    computeReport,
    eventsOfPeriod,
    genesisState,
    recomputeAll,
    replayPeriods,
    rewardFee,
    serializeReport,
    DomainEvent,
    RatioReport,
} from '../../src/oracle/core'
import { bond } from '../../src/domain/units'
import { burn, DAY, DAY0, deposit, E18, HOUR, KSM, P0, ratioUpdate, reward, SETTINGS, slash } from './helpers'

/** SPEC §4.6 inputsHash, restated here: sha256 (hex) of the ids sorted by code units, joined by '\n' */
const sha256Of = (ids: string[]) => createHash('sha256').update([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('\n'), 'utf8').digest('hex')
const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'   // sha256 of the empty string

function check(r: RatioReport, name: string) {
    const c = r.checks.find(c => c.name === name)
    if (c == null) throw new Error(`no check ${name}`)
    return c
}

/** Scenario A, hand-computed (values cross-checked with Python's integers and decimal module). */
const scenarioA: DomainEvent[] = [
    deposit('d0-alice', DAY0 + HOUR, 'alice', 10n * KSM),
    deposit('d0-bob', DAY0 + 2 * HOUR, 'bob', 50_000_000_000n), // 0.05 KSM < 0.1
    reward('d1-r', DAY0 + DAY + HOUR, 5_000_000_000n), // 0.005 KSM
    deposit('d2-carol', DAY0 + 2 * DAY + HOUR, 'carol', 5n * KSM),
    reward('d2-r1', DAY0 + 2 * DAY + 2 * HOUR, 3_000_000_000n),
    reward('d2-r2', DAY0 + 2 * DAY + 3 * HOUR, 1_234_567_891n),
]

describe('period report (SPEC §4.3–§4.6)', () => {
    test('fee = floor(g·feeBps/10000)', () => {
        expect(rewardFee(planck(5_000_000_000n), 200)).toBe(100_000_000n)
        expect(rewardFee(planck(1_234_567_891n), 200)).toBe(24_691_357n)
        expect(rewardFee(planck(49n), 200)).toBe(0n)
        expect(rewardFee(planck(50n), 200)).toBe(1n)
        expect(rewardFee(planck(7n), 0)).toBe(0n)
    })

    test('burn owed: R0 = toPlanck(balance(s, R_chain)), R1 = toPlanck(amount)', () => {
        // R0: 1.5e18 shares at 0.98e18: ceil(1.5e36/0.98e18) = 1530612244897959184 → floor /1e6
        expect(burnOwedPlanck({ revision: 'R0', shares: shares(15n * E18 / 10n), chainRatio: ratio(98n * E18 / 100n) })).toBe(1_530_612_244_897n)
        // R0 at 1e18: exact
        expect(burnOwedPlanck({ revision: 'R0', shares: shares(E18), chainRatio: ONE_RATIO })).toBe(KSM)
        // R1: 2.5 aKSMb + 999999 base units → floor to planck
        expect(burnOwedPlanck({ revision: 'R1', amount: bond(25n * E18 / 10n + 999_999n) })).toBe(2_500_000_000_000n)
    })

    test('day 0: credit at 1e18, below-minimum deposit recorded but never credited', () => {
        const [r0] = replayPeriods(scenarioA, SETTINGS, DAY0 + DAY)
        const r = r0.report
        expect(r.period).toBe(P0)
        expect(r.label).toBe('2026-01-05')
        expect(r.creditedPlanck).toBe(10n * KSM)
        expect(r.creditedShares).toBe(10n * E18)
        expect(r.creditedCount).toBe(1)
        expect(r.belowMinimumPlanck).toBe(50_000_000_000n)
        expect(r.belowMinimumCount).toBe(1)
        expect(r.totalShares).toBe(10_000_000_000_000_000_000n)
        expect(r.pooledValue).toBe(10_000_000_000_000_000_000n)
        expect(r.ratio).toBe(E18)
        expect(r.apr).toBe('0')
        expect(r.publishable).toBe(true)
        expect(r.checks.map(c => [c.name, c.passed, c.blocking])).toEqual([
            ['SOLVENT', true, true],
            ['MONOTONE', true, true],
            ['APR_BOUND', true, true],
            ['LOSS_EXPLAINED', true, true],
            ['ONCHAIN_DRIFT', true, false],
        ])
        expect(r.eventCount).toBe(2)
        expect(r.firstEventId).toBe('d0-alice')
        expect(r.lastEventId).toBe('d0-bob')
        expect(r.inputsHash).toBe(sha256Of(['d0-alice', 'd0-bob']))
        expect(r0.deposits.map(d => [d.depositId, d.status, d.amount, d.shares, d.ratio])).toEqual([
            ['d0-alice', 'CREDITED', 10n * KSM, 10n * E18, E18],
            ['d0-bob', 'BELOW_MINIMUM', 50_000_000_000n, 0n, E18],
        ])
    })

    test('days 1–2: rewards lower the ratio, a later deposit is credited at R_{D-1}', () => {
        const reports = recomputeAll(scenarioA, SETTINGS, DAY0 + 3 * DAY)
        expect(reports.map(r => r.label)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07'])
        const [, r1, r2] = reports
        expect(r1.grossRewardPlanck).toBe(5_000_000_000n)
        expect(r1.feePlanck).toBe(100_000_000n)
        expect(r1.netRewardPlanck).toBe(4_900_000_000n)
        expect(r1.pooledValue).toBe(10_004_900_000_000_000_000n)
        expect(r1.ratio).toBe(999_510_239_982_408_620n) // ceil(1e37 / 10004900000000000000)
        expect(r1.apr).toBe('0.178849999999999918')
        expect(r1.publishable).toBe(true)
        expect(r1.inputsHash).toBe(sha256Of(['d1-r']))

        expect(r2.prevRatio).toBe(999_510_239_982_408_620n)
        expect(r2.creditedShares).toBe(4_997_551_199_912_043_100n) // floor(5e18·R1/1e18)
        expect(r2.grossRewardPlanck).toBe(4_234_567_891n)
        expect(r2.feePlanck).toBe(84_691_357n) // 60000000 + 24691357 (per reward, floored)
        expect(r2.netRewardPlanck).toBe(4_149_876_534n)
        expect(r2.rewardCount).toBe(2)
        expect(r2.totalShares).toBe(14_997_551_199_912_043_100n)
        expect(r2.pooledValue).toBe(15_009_049_876_534_000_000n)
        expect(r2.ratio).toBe(999_233_883_775_685_590n)
        expect(r2.apr).toBe('0.100947352858732617')
        expect(r2.publishable).toBe(true)
    })

    test('empty periods get a report: unchanged S, P, R, APR 0, hash of nothing', () => {
        const reports = recomputeAll([deposit('a', DAY0 + HOUR, 'alice', KSM)], SETTINGS, DAY0 + 3 * DAY + 5)
        expect(reports).toHaveLength(3)
        for (const r of reports.slice(1)) {
            expect(r.eventCount).toBe(0)
            expect(r.firstEventId).toBeNull()
            expect(r.lastEventId).toBeNull()
            expect(r.totalShares).toBe(E18)
            expect(r.pooledValue).toBe(E18)
            expect(r.ratio).toBe(E18)
            expect(r.apr).toBe('0')
            expect(r.inputsHash).toBe(EMPTY_HASH)
            expect(r.publishable).toBe(true)
        }
        expect(reports[2].label).toBe('2026-01-07')
    })

    test('a pool of only below-minimum deposits: S = P = 0, R = 1e18', () => {
        const [r] = recomputeAll([deposit('b', DAY0 + HOUR, 'bob', 1n)], SETTINGS, DAY0 + DAY)
        expect(r.totalShares).toBe(0n)
        expect(r.pooledValue).toBe(0n)
        expect(r.ratio).toBe(E18)
        expect(r.creditedShares).toBe(0n)
        expect(r.belowMinimumPlanck).toBe(1n)
    })

    test('burns: shares and owed leave S and P (invalid recipient too)', () => {
        const evs = [
            deposit('a', DAY0 + HOUR, 'alice', 10n * KSM),
            burn('0xb-1', DAY0 + DAY + HOUR, 2n * E18, 2n * KSM),
            burn('0xb-2', DAY0 + DAY + 2 * HOUR, E18, KSM, null),
        ]
        const [, r] = recomputeAll(evs, SETTINGS, DAY0 + 2 * DAY)
        expect(r.burnedShares).toBe(3n * E18)
        expect(r.owedPlanck).toBe(3n * KSM)
        expect(r.burnCount).toBe(2)
        expect(r.totalShares).toBe(7n * E18)
        expect(r.pooledValue).toBe(7n * E18)
        expect(r.ratio).toBe(E18)
    })

    test('everyone leaves: S = 0 gives R = 1e18', () => {
        const evs = [deposit('a', DAY0 + HOUR, 'alice', KSM), burn('0xb-1', DAY0 + DAY + HOUR, E18, KSM)]
        const [, r] = recomputeAll(evs, SETTINGS, DAY0 + 2 * DAY)
        expect(r.totalShares).toBe(0n)
        expect(r.pooledValue).toBe(0n)
        expect(r.ratio).toBe(E18)
        expect(r.publishable).toBe(true)
    })

    test('INSOLVENT: S > 0, P <= 0 keeps R_{D-1}, not publishable; later periods carry on', () => {
        const evs = [deposit('a', DAY0 + HOUR, 'alice', KSM), slash('s', DAY0 + DAY + HOUR, 2n * KSM)]
        const [, r1, r2] = recomputeAll(evs, SETTINGS, DAY0 + 3 * DAY)
        expect(r1.totalShares).toBe(E18)
        expect(r1.pooledValue).toBe(-E18)
        expect(r1.insolvent).toBe(true)
        expect(r1.ratio).toBe(E18)
        expect(r1.apr).toBe('0')
        expect(check(r1, 'SOLVENT')).toEqual({ name: 'SOLVENT', passed: false, blocking: true, detail: 'S=1000000000000000000 P=-1000000000000000000 reason=INSOLVENT' })
        expect(check(r1, 'MONOTONE').passed).toBe(true)
        expect(r1.publishable).toBe(false)
        expect(r2.insolvent).toBe(true)
        expect(r2.publishable).toBe(false)
        // P = 0 exactly is insolvent too
        const [, z] = recomputeAll([deposit('a', DAY0 + HOUR, 'alice', KSM), slash('s', DAY0 + DAY + HOUR, KSM)], SETTINGS, DAY0 + 2 * DAY)
        expect(z.pooledValue).toBe(0n)
        expect(z.insolvent).toBe(true)
        expect(z.ratio).toBe(E18)
    })

    test('negative S (more burned than credited) fails SOLVENT, keeps R_{D-1}', () => {
        const [r] = recomputeAll([deposit('a', DAY0 + HOUR, 'alice', KSM), burn('0xb-1', DAY0 + 2 * HOUR, 2n * E18, KSM)], SETTINGS, DAY0 + DAY)
        expect(r.totalShares).toBe(-E18)
        expect(r.negativeShares).toBe(true)
        expect(r.ratio).toBe(E18)
        expect(check(r, 'SOLVENT').detail).toBe('S=-1000000000000000000 P=0 reason=NEGATIVE_SHARES')
        expect(r.publishable).toBe(false)
    })

    test('events before the first deposit period are not consumed; RatioUpdates seed the on-chain ratio', () => {
        const evs = [ratioUpdate('ru-0', DAY0 - DAY, 99n * E18 / 100n), reward('early', DAY0 - DAY, KSM), deposit('d0-alice', DAY0 + HOUR, 'alice', KSM)]
        const [r] = recomputeAll(evs, SETTINGS, DAY0 + DAY)
        expect(r.grossRewardPlanck).toBe(0n)
        expect(r.onchainRatio).toBe(99n * E18 / 100n)
        expect(r.onchainRatioId).toBe('ru-0')
        // the RatioUpdate in force at end(D) is hashed with the period's ledger events (it feeds ONCHAIN_DRIFT)
        expect(r.inputsHash).toBe(sha256Of(['d0-alice', 'ru-0']))
    })

    test('incremental computeReport equals recomputeAll, byte for byte', () => {
        const all = recomputeAll(scenarioA, SETTINGS, DAY0 + 5 * DAY)
        let state = genesisState(P0, SETTINGS.periodSeconds, scenarioA)
        for (let d = P0; d < P0 + 5; d++) {
            const { report, next } = computeReport(state, eventsOfPeriod([...scenarioA].reverse(), d, 86400), SETTINGS)
            expect(serializeReport(report)).toBe(serializeReport(all[d - P0]))
            state = next
        }
    })

    test('computeReport refuses events outside its period and duplicate ids', () => {
        const g = genesisState(P0, 86400)
        expect(() => computeReport(g, [deposit('x', DAY0 + DAY, 'a', KSM)], SETTINGS)).toThrow(/outside period/)
        expect(() => computeReport(g, [deposit('x', DAY0, 'a', KSM), reward('x', DAY0 + 1, 1n)], SETTINGS)).toThrow(/duplicate/)
        expect(() => computeReport(g, [reward('x', DAY0, -1n)], SETTINGS)).toThrow(/negative/)
        expect(() => computeReport(g, [], { ...SETTINGS, feeBps: 10001 })).toThrow(RangeError)
    })

    test('serializeReport is canonical JSON with strings for bigints', () => {
        const [r] = recomputeAll(scenarioA, SETTINGS, DAY0 + DAY)
        const j = JSON.parse(serializeReport(r))
        expect(Object.keys(j).slice(0, 6)).toEqual(['period', 'label', 'periodStart', 'periodEnd', 'prevRatio', 'ratio'])
        expect(j.periodStart).toBe('2026-01-05T00:00:00.000Z')
        expect(j.ratio).toBe('1000000000000000000')
        expect(j.checks).toHaveLength(5)
    })
})
