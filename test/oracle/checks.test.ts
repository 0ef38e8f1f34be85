import { bond, planck, ratio, shares } from '../../src/domain/units'
import {
    checkAprBound,
    checkLossExplained,
    checkMonotone,
    checkOnchainDrift,
    CheckInput,
    formatApr,
    isPublishable,
    recomputeAll,
    RatioReport,
} from '../../src/oracle/core'
import { burn, DAY, DAY0, deposit, E18, HOUR, KSM, ratioUpdate, reward, SETTINGS, slash } from './helpers'

function check(r: RatioReport, name: string) {
    const c = r.checks.find(c => c.name === name)
    if (c == null) throw new Error(`no check ${name}`)
    return c
}

const base: CheckInput = {
    prevRatio: ratio(E18),
    ratio: ratio(E18),
    prevPooledValue: bond(100n * E18),
    totalShares: shares(100n * E18),
    pooledValue: bond(100n * E18),
    slashedPlanck: planck(0n),
    slashCount: 0,
    r1BurnCount: 0,
    insolvent: false,
    negativeShares: false,
    onchainRatio: ratio(E18),
    periodSeconds: 86400,
    maxAprScaled: 3n * 10n ** 17n,
}

describe('sanity checks (SPEC §4.7)', () => {
    test('slash in D: MONOTONE waived, LOSS_EXPLAINED passes (loss 0.0100000000000000010 <= 0.01 + 1e-12)', () => {
        const evs = [deposit('a', DAY0 + HOUR, 'alice', 100n * KSM), slash('s', DAY0 + DAY + HOUR, KSM)]
        const [, r] = recomputeAll(evs, SETTINGS, DAY0 + 2 * DAY)
        expect(r.pooledValue).toBe(99n * E18)
        expect(r.ratio).toBe(1_010_101_010_101_010_102n)
        expect(r.apr).toBe('-3.65000000000000035')
        expect(check(r, 'MONOTONE')).toEqual({
            name: 'MONOTONE', passed: true, blocking: true,
            detail: 'R_prev=1000000000000000000 R=1010101010101010102 slashes=1 r1Burns=0 waived=slash rise=10101010101010102 bound=R_prev+ceil(0·1e18/P)+1=1000000000000000001',
        })
        expect(check(r, 'LOSS_EXPLAINED')).toEqual({
            name: 'LOSS_EXPLAINED', passed: true, blocking: true,
            detail: 'R_prev=1000000000000000000 R=1010101010101010102 loss=10101010101010102/1010101010101010102 slashedBond=1000000000000000000 P_prev=100000000000000000000 bound=1000000000000000000/100000000000000000000+1e-12',
        })
        expect(check(r, 'APR_BOUND').passed).toBe(true)
        expect(r.publishable).toBe(true)
    })

    test('LOSS_EXPLAINED fails when the loss exceeds the slashes (over-owed burn)', () => {
        const evs = [
            deposit('a', DAY0 + HOUR, 'alice', 100n * KSM),
            slash('s', DAY0 + DAY + HOUR, KSM),
            burn('0xb-1', DAY0 + DAY + 2 * HOUR, 10n * E18, 20n * KSM),
        ]
        const [, r] = recomputeAll(evs, SETTINGS, DAY0 + 2 * DAY)
        expect(r.totalShares).toBe(90n * E18)
        expect(r.pooledValue).toBe(79n * E18)
        expect(r.ratio).toBe(1_139_240_506_329_113_925n)
        expect(r.apr).toBe('-44.6111111111111114')
        expect(check(r, 'MONOTONE').passed).toBe(true) // waived by the slash
        expect(check(r, 'LOSS_EXPLAINED').passed).toBe(false)
        expect(r.publishable).toBe(false)
    })

    test('without a slash a rising ratio fails MONOTONE and LOSS_EXPLAINED', () => {
        const evs = [deposit('a', DAY0 + HOUR, 'alice', 100n * KSM), burn('0xb-1', DAY0 + DAY + HOUR, 10n * E18, 20n * KSM)]
        const [, r] = recomputeAll(evs, SETTINGS, DAY0 + 2 * DAY)
        expect(r.ratio).toBe(1_125_000_000_000_000_000n) // ceil(90e36 / 80e18)
        // one R1 burn may leave one share unit in S: the bound is R_prev + ceil(1e18/80e18) + 1 = R_prev + 2
        expect(check(r, 'MONOTONE')).toEqual({
            name: 'MONOTONE', passed: false, blocking: true,
            detail: 'R_prev=1000000000000000000 R=1125000000000000000 slashes=0 r1Burns=1 rise=125000000000000000 bound=R_prev+ceil(1·1e18/P)+1=1000000000000000002',
        })
        expect(check(r, 'LOSS_EXPLAINED').passed).toBe(false)
        expect(r.publishable).toBe(false)
    })

    test('P_{D-1} = 0: only a slash in D explains a loss', () => {
        // first period: deposit 1 KSM, slash 0.5 KSM → R = 2e18
        const [a] = recomputeAll([deposit('a', DAY0 + HOUR, 'alice', KSM), slash('s', DAY0 + 2 * HOUR, KSM / 2n)], SETTINGS, DAY0 + DAY)
        expect(a.ratio).toBe(2n * E18)
        expect(a.prevPooledValue).toBe(0n)
        expect(check(a, 'LOSS_EXPLAINED').passed).toBe(true)
        expect(check(a, 'LOSS_EXPLAINED').detail).toBe('R_prev=1000000000000000000 R=2000000000000000000 loss=1000000000000000000/2000000000000000000 slashedBond=500000000000000000 P_prev=0 slashes=1')
        // same rise without a slash: deposit 1 KSM, burn 0.5e18 shares owing 0.75 KSM → S = 0.5e18, P = 0.25e18
        const [b] = recomputeAll([deposit('a', DAY0 + HOUR, 'alice', KSM), burn('0xb-1', DAY0 + 2 * HOUR, E18 / 2n, (3n * KSM) / 4n)], SETTINGS, DAY0 + DAY)
        expect(b.ratio).toBe(2n * E18)
        expect(check(b, 'LOSS_EXPLAINED').passed).toBe(false)
        expect(check(b, 'MONOTONE').passed).toBe(false)
    })

    test('LOSS_EXPLAINED exact boundary: loss = slashes/P_prev + 1e-12 passes, one more unit of R fails', () => {
        // loss = (R − Rp)/R with Rp = 1e18; slashes/P = 0 → need (R − 1e18)/R <= 1e-12 ⇔ R <= 1e30/(1e12 − 1)
        const rMax = (10n ** 30n) / (10n ** 12n - 1n) // floor: 1000000000001000000
        expect(rMax).toBe(1_000_000_000_001_000_000n)
        const i = { ...base, ratio: ratio(rMax) }
        expect(checkLossExplained(i).passed).toBe(true)
        expect(checkLossExplained({ ...i, ratio: ratio(rMax + 1n) }).passed).toBe(false)
        // a slash of 1 planck on P_prev = 1e18 bond explains a loss of 1e-12 more: R up to 1e36/(1e18 − 2e6)
        const j = { ...base, prevPooledValue: bond(E18), slashedPlanck: planck(1n), slashCount: 1 }
        const rMax2 = (10n ** 36n) / (E18 - 2_000_000n)
        expect(checkLossExplained({ ...j, ratio: ratio(rMax2) }).passed).toBe(true)
        expect(checkLossExplained({ ...j, ratio: ratio(rMax2 + 1n) }).passed).toBe(false)
    })

    test('APR_BOUND fails above maxApr (0.01 KSM reward on 10 KSM in a day ≈ 0.3577)', () => {
        const evs = [deposit('a', DAY0 + HOUR, 'alice', 10n * KSM), reward('r', DAY0 + DAY + HOUR, 10_000_000_000n)]
        const [, r] = recomputeAll(evs, SETTINGS, DAY0 + 2 * DAY)
        expect(r.netRewardPlanck).toBe(9_800_000_000n)
        expect(r.pooledValue).toBe(10_009_800_000_000_000_000n)
        expect(r.ratio).toBe(999_020_959_459_729_466n)
        expect(r.apr).toBe('0.35769999999999968') // 18 significant digits, trailing zero dropped
        expect(check(r, 'APR_BOUND')).toEqual({
            name: 'APR_BOUND', passed: false, blocking: true,
            detail: 'apr=30875022477971560224000/86315410897320625862400 maxApr=300000000000000000e-18',
        })
        expect(check(r, 'MONOTONE').passed).toBe(true)
        expect(r.publishable).toBe(false)
        // the same period passes with maxApr = 0.36
        const [, ok] = recomputeAll(evs, { ...SETTINGS, maxApr: '0.36' }, DAY0 + 2 * DAY)
        expect(ok.publishable).toBe(true)
    })

    test('APR_BOUND exact boundary (periodSeconds = one year: apr = Rp/R − 1)', () => {
        const i = { ...base, periodSeconds: 31_536_000, prevRatio: ratio(13n * E18 / 10n), ratio: ratio(E18) }
        expect(formatApr(i.prevRatio, i.ratio, i.periodSeconds)).toBe('0.3')
        expect(checkAprBound(i).passed).toBe(true)
        expect(checkAprBound({ ...i, prevRatio: ratio(13n * E18 / 10n + 1n) }).passed).toBe(false)
    })

    test('ONCHAIN_DRIFT is a warning: a stale on-chain ratio does not block publishing', () => {
        const evs = [
            deposit('a', DAY0 + HOUR, 'alice', 10n * KSM),
            ratioUpdate('ru-1', DAY0 + DAY + HOUR, 99n * E18 / 100n),
            reward('r', DAY0 + DAY + 2 * HOUR, 1_000_000_000n),
        ]
        const [r0, r1] = recomputeAll(evs, SETTINGS, DAY0 + 2 * DAY)
        expect(check(r0, 'ONCHAIN_DRIFT').passed).toBe(true)
        expect(check(r1, 'ONCHAIN_DRIFT')).toEqual({
            name: 'ONCHAIN_DRIFT', passed: false, blocking: false,
            detail: 'onchain=990000000000000000 R_prev=1000000000000000000 diff=-10000000000000000',
        })
        expect(r1.onchainRatioId).toBe('ru-1')
        expect(r1.publishable).toBe(true)
        // an update at exactly end(D) belongs to D+1
        const [, atEnd] = recomputeAll([evs[0], ratioUpdate('ru-2', DAY0 + 2 * DAY, 5n)], SETTINGS, DAY0 + 2 * DAY)
        expect(check(atEnd, 'ONCHAIN_DRIFT').passed).toBe(true)
    })

    test('direct check functions: MONOTONE equality passes, drift detail, publishable ignores warnings', () => {
        expect(checkMonotone(base).passed).toBe(true)
        // SPEC §4.7: R_D <= R_{D-1} + ceil(n·1e18/P_D) + 1. With no R1 burn: one wei (R's own ceiling)
        expect(checkMonotone({ ...base, ratio: ratio(E18 + 1n) }).passed).toBe(true)
        expect(checkMonotone({ ...base, ratio: ratio(E18 + 2n) }).passed).toBe(false)
        // three R1 burns at P = 100e18: ceil(3e18/100e18) = 1 more wei
        expect(checkMonotone({ ...base, r1BurnCount: 3, ratio: ratio(E18 + 2n) })).toMatchObject({ passed: true, detail: expect.stringContaining('bound=R_prev+ceil(3·1e18/P)+1=1000000000000000002') })
        expect(checkMonotone({ ...base, r1BurnCount: 3, ratio: ratio(E18 + 3n) }).passed).toBe(false)
        // a small pool: P = 0.5e18, two R1 burns allow ceil(2e18/0.5e18) + 1 = 5 wei
        const small = { ...base, pooledValue: bond(E18 / 2n), r1BurnCount: 2 }
        expect(checkMonotone({ ...small, ratio: ratio(E18 + 5n) }).passed).toBe(true)
        expect(checkMonotone({ ...small, ratio: ratio(E18 + 6n) }).passed).toBe(false)
        expect(checkOnchainDrift({ ...base, onchainRatio: ratio(E18 + 7n) }).detail).toBe('onchain=1000000000000000007 R_prev=1000000000000000000 diff=7')
        expect(isPublishable([{ name: 'ONCHAIN_DRIFT', passed: false, blocking: false, detail: '' }])).toBe(true)
        expect(isPublishable([{ name: 'SOLVENT', passed: false, blocking: true, detail: '' }])).toBe(false)
    })

    test('APR string format: 18 significant digits, no exponent', () => {
        expect(formatApr(ratio(E18), ratio(E18), 86400)).toBe('0')
        expect(formatApr(ratio(E18), ratio(E18 - 1n), 86400)).toBe('0.000000000000000365') // 3.65000000000000000365e-16 rounded to 18 digits
        expect(formatApr(ratio(E18 - 1n), ratio(E18), 86400)).toBe('-0.000000000000000365')
        expect(formatApr(ratio(3n * E18), ratio(E18), 86400)).toBe('730')
    })
})

describe('MONOTONE allows the contract\'s R1 rounding (SPEC §4.7); an emptied pool is a decided SPEC gap', () => {
    test('an R1 burn of a round amount at the current on-chain ratio can raise R by 1 without any slash', () => {
        // day 0: 10 KSM; day 1: reward g = 1020458 planck (fee 20409, net 1000049) → R1;
        // day 2: burn 0.5 aKSMb (R1): shares = floor(0.5e18·R1/1e18) burned, 0.5 KSM owed.
        const R1 = 999_999_899_995_110_001n
        const evs = [
            deposit('a', DAY0 + HOUR, 'alice', 10n * KSM),
            reward('r', DAY0 + DAY + HOUR, 1_020_458n),
            ratioUpdate('ru', DAY0 + 2 * DAY + HOUR, R1),
            burn('0xb-1', DAY0 + 2 * DAY + 2 * HOUR, 499_999_949_997_555_000n, 500_000_000_000n),
        ]
        const [, r1, r2] = recomputeAll(evs, SETTINGS, DAY0 + 3 * DAY)
        expect(r1.ratio).toBe(R1)
        expect(r2.totalShares).toBe(9_500_000_050_002_445_000n)
        expect(r2.pooledValue).toBe(9_500_001_000_049_000_000n)
        expect(r2.ratio).toBe(R1 + 1n)
        expect(check(r2, 'MONOTONE').passed).toBe(true) // one R1 burn: bound R1 + ceil(1e18/P) + 1 = R1 + 2
        expect(check(r2, 'MONOTONE').detail).toContain('r1Burns=1 rise=1 bound=R_prev+ceil(1·1e18/P)+1=999999899995110003')
        expect(check(r2, 'LOSS_EXPLAINED').passed).toBe(true) // a loss of ~1e-18 is inside its 1e-12
        expect(check(r2, 'ONCHAIN_DRIFT').passed).toBe(true)
        expect(r2.publishable).toBe(true)
    })

    test('a full exit (S_D = 0) resets R to 1e18: MONOTONE and LOSS_EXPLAINED are waived', () => {
        const evs = [
            deposit('a', DAY0 + HOUR, 'alice', 10n * KSM),
            reward('r', DAY0 + DAY + HOUR, 5_000_000_000n),
            burn('0xb-1', DAY0 + 2 * DAY + HOUR, 10n * E18, 10_004_900_000_000n),
        ]
        const [, r1, r2] = recomputeAll(evs, SETTINGS, DAY0 + 3 * DAY)
        expect(r1.ratio).toBe(999_510_239_982_408_620n)
        expect(r2.totalShares).toBe(0n)
        expect(r2.pooledValue).toBe(0n)
        expect(r2.ratio).toBe(E18)
        expect(check(r2, 'MONOTONE')).toMatchObject({ passed: true, detail: expect.stringContaining('waived=empty-pool') })
        expect(check(r2, 'LOSS_EXPLAINED')).toMatchObject({ passed: true, detail: expect.stringContaining('waived=empty-pool') })
        expect(r2.publishable).toBe(true)
    })
})
