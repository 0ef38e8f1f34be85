/**
 * The APR decomposition (src/oracle/core/apr-decomposition.ts): its parts sum to the period's APR
 * within the ratio's rounding. Checked on a hand-computed pool, on thousands of pools built here from
 * SPEC §4.3–§4.6 (deposits credited at R_{D-1}, R0 and R1 burns at an on-chain ratio that is R_{D-1} or
 * stale, rewards with their fee, slashes, any bonded stake), and on the product's own reports of
 * generated event streams. Expected parts are computed here from the pool's inputs (P_{D-1} + deposits −
 * owed), not from P_D as the rule does, so the two meet only if the algebra holds.
 */
import { balanceOf, BOND_PER_PLANCK, bond, planck, ratio, ratioFromPool, RATIO_SCALE, shares, sharesOf, toBond, toPlanck } from '../../src/domain/units'
import { aprRational, Rational, replayPeriods, SECONDS_PER_YEAR } from '../../src/oracle/core'
import { APR_PART_NAMES, AprDecompositionInput, decomposeApr } from '../../src/oracle/core/apr-decomposition'
import { decomposeApr as sharedDecomposeApr, formatRational, rewardFee } from '../../src/oracle/shared-rules'
import { Rng } from '../domain/prng'
import { generateStream } from './streams'

const E6 = BOND_PER_PLANCK
const E18 = RATIO_SCALE

function same(a: Rational, b: Rational): boolean {
    return a.num * b.den === b.num * a.den
}

function expectSame(actual: Rational, expected: Rational, what: string): void {
    if (!same(actual, expected)) throw new Error(`${what}: ${actual.num}/${actual.den} ≠ ${expected.num}/${expected.den}`)
}

function decomposed(i: AprDecompositionInput) {
    const d = decomposeApr(i)
    if (d.kind !== 'DECOMPOSED') throw new Error(`not decomposed: ${d.reason}`)
    return d
}

describe('APR decomposition: a hand-computed period', () => {
    // 100 KSM in the pool at 1:1, one day, 0.04 KSM of rewards (2 % fee), 80 KSM bonded, nothing else
    const S = 100n * E18
    const P = 100n * E18 + 39_200_000_000n * E6
    const input: AprDecompositionInput = {
        prevRatio: ratio(E18), ratio: ratioFromPool(shares(S), bond(P)), totalShares: shares(S), pooledValue: bond(P),
        grossRewardPlanck: planck(40_000_000_000n), feePlanck: planck(800_000_000n), netRewardPlanck: planck(39_200_000_000n),
        slashedPlanck: planck(0n), bondedPlanck: planck(80n * 10n ** 12n), insolvent: false, periodSeconds: 86400,
    }

    it('splits the APR into 18.25 % on bonded stake, −3.65 % idle stake, −0.292 % fee and nothing else', () => {
        const d = decomposed(input)
        // gross on bonded: 365 · 0.04 / 80; on the pool: 365 · 0.04 / 100 = 0.146
        expect(formatRational(d.parts.grossOnBonded)).toBe('0.1825')
        expect(formatRational(d.parts.idleDrag)).toBe('-0.0365')
        expect(formatRational(d.parts.fee)).toBe('-0.00292')
        expect(formatRational(d.parts.slashes)).toBe('0')
        expect(formatRational(d.parts.flows)).toBe('0')
        expect(formatRational(d.sum)).toBe('0.14308')
        // R = ceil(1e38 / 100.0392e18) = 999608153603787316 (rounded up from …315.37), so the APR falls short of 0.14308 by 2.3e-16
        expect(input.ratio).toBe(999608153603787316n)
        expect(formatRational(d.apr)).toBe('0.143079999999999771')
        expect(d.rounding.num).toBeLessThan(0n)
        expect(d.withinRounding).toBe(true)
    })

    it('is what the API reads through shared-rules', () => {
        expect(sharedDecomposeApr).toBe(decomposeApr)
    })

    it('takes the gross yield on the pool when nothing is bonded, and refuses what has no value per share', () => {
        const d = decomposed({ ...input, bondedPlanck: planck(0n) })
        expect(formatRational(d.parts.grossOnBonded)).toBe('0.146')
        expect(formatRational(d.parts.idleDrag)).toBe('0')
        expect(decomposeApr({ ...input, totalShares: shares(0n), ratio: ratio(E18) })).toEqual({ kind: 'NOT_DECOMPOSABLE', reason: 'EMPTY_POOL' })
        expect(decomposeApr({ ...input, pooledValue: bond(-5n), ratio: ratio(E18), insolvent: true })).toEqual({ kind: 'NOT_DECOMPOSABLE', reason: 'INSOLVENT' })
        expect(decomposeApr({ ...input, totalShares: shares(-1n) })).toEqual({ kind: 'NOT_DECOMPOSABLE', reason: 'NEGATIVE_SHARES' })
    })
})

/** one period of a pool, built from SPEC §4.3–§4.6, with what the test knows about its flows */
interface GeneratedPeriod {
    input: AprDecompositionInput
    /** P_{D-1} + Σ toBond(credited) − Σ toBond(owed): the pool before rewards and slashes */
    poolAfterFlows: bigint
    /** every deposit and burn priced at exactly R_{D-1} */
    neutralFlows: boolean
    flowCount: number
    prevPool: bigint
}

const PERIODS = [3600, 21600, 86400, 86400, 7 * 86400]

function amount(rng: Rng, bits: number): bigint {
    return rng.int(4) === 0 ? BigInt(1 + rng.int(1000)) : 1n + rng.big(bits)
}

function generatePeriod(rng: Rng): GeneratedPeriod {
    const periodSeconds = rng.pick(PERIODS)
    const genesis = rng.int(6) === 0
    const prevShares = genesis ? 0n : amount(rng, 80)
    // value per share between 0.5 and 2 aKSMb, or anything
    const prevPool = genesis ? 0n : rng.int(5) === 0 ? amount(rng, 80) : (prevShares * BigInt(500 + rng.int(1500))) / 1000n + 1n
    const prevRatio = genesis ? ratio(E18) : ratioFromPool(shares(prevShares), bond(prevPool))
    // the on-chain ratio burns are priced at: the published R_{D-1}, or a stale one
    const neutral = rng.int(3) > 0
    const onchain = neutral ? prevRatio : ratio((prevRatio * BigInt(900 + rng.int(200))) / 1000n + 1n)
    let S = prevShares
    let pool = prevPool
    let flowCount = 0
    for (let k = rng.int(4); k > 0; k--) {
        const credited = planck(amount(rng, 44))
        S += sharesOf(toBond(credited), prevRatio)
        pool += toBond(credited)
        flowCount++
    }
    for (let k = rng.int(4); k > 0 && S > 0n; k--) {
        const burned = rng.int(2) === 0
            // R1: `amount` aKSMb, shares floored by the contract; owes toPlanck(amount)
            ? (() => { const a = bond(1n + rng.big(60)); return { s: sharesOf(a, onchain), owed: toPlanck(a) } })()
            // R0: shares; owes balance(s, R_chain)
            : (() => { const s = shares(1n + rng.big(60)); return { s, owed: toPlanck(balanceOf(s, onchain)) } })()
        if (burned.s > S) continue
        S -= burned.s
        pool -= toBond(burned.owed)
        flowCount++
    }
    const rewards = Array.from({ length: rng.int(5) }, () => planck(amount(rng, 40)))
    const feeBps = rng.pick([0, 200, 1000, 10000])
    const gross = rewards.reduce((a, g) => a + g, 0n)
    const fee = rewards.reduce((a, g) => a + rewardFee(g, feeBps), 0n)
    const slashed = rng.int(4) === 0 ? amount(rng, rng.int(2) ? 30 : 60) : 0n
    const P = pool + (gross - fee) * E6 - slashed * E6
    const insolvent = S > 0n && P <= 0n
    const R = S === 0n ? ratio(E18) : insolvent ? prevRatio : ratioFromPool(shares(S), bond(P))
    const bonded = rng.pick([0n, amount(rng, 44), (P > 0n ? P / E6 : 0n) / BigInt(1 + rng.int(3))])
    return {
        input: {
            prevRatio, ratio: R, totalShares: shares(S), pooledValue: bond(P),
            grossRewardPlanck: planck(gross), feePlanck: planck(fee), netRewardPlanck: planck(gross - fee), slashedPlanck: planck(slashed),
            bondedPlanck: planck(bonded), insolvent, periodSeconds,
        },
        poolAfterFlows: pool, neutralFlows: neutral, flowCount, prevPool,
    }
}

/** A·x / base with base = S_D·1e18/R_{D-1} (x in aKSMb base units) */
function overBase(i: AprDecompositionInput, x: bigint): Rational {
    return { num: SECONDS_PER_YEAR * x * i.prevRatio, den: BigInt(i.periodSeconds) * i.totalShares * E18 }
}

function absLessOrEqual(a: Rational, b: Rational): boolean {
    const abs = (x: bigint) => (x < 0n ? -x : x)
    return abs(a.num) * b.den <= abs(b.num) * a.den
}

describe('APR decomposition: property-generated pools', () => {
    const POOLS = 5000

    it(`sums to the APR within the ratio's rounding on ${POOLS} pools, each part as SPEC's inputs say`, () => {
        const seen = { decomposed: 0, insolvent: 0, empty: 0, staleFlows: 0, slashed: 0, unbonded: 0, genesis: 0 }
        for (let seed = 1; seed <= POOLS; seed++) {
            const g = generatePeriod(new Rng(seed))
            const i = g.input
            const d = decomposeApr(i)
            try {
                if (i.totalShares === 0n) {
                    expect(d).toEqual({ kind: 'NOT_DECOMPOSABLE', reason: 'EMPTY_POOL' })
                    seen.empty++
                    continue
                }
                if (i.insolvent) {
                    expect(d).toEqual({ kind: 'NOT_DECOMPOSABLE', reason: 'INSOLVENT' })
                    seen.insolvent++
                    continue
                }
                if (d.kind !== 'DECOMPOSED') throw new Error(`not decomposed: ${d.reason}`)
                seen.decomposed++
                const A = (x: bigint, y: bigint): Rational => ({ num: SECONDS_PER_YEAR * x, den: BigInt(i.periodSeconds) * y })
                const grossOnPool = overBase(i, i.grossRewardPlanck * E6)
                expectSame(d.parts.grossOnBonded, i.bondedPlanck > 0n ? A(i.grossRewardPlanck, i.bondedPlanck) : grossOnPool, 'grossOnBonded')
                expectSame({ num: d.parts.grossOnBonded.num * d.parts.idleDrag.den + d.parts.idleDrag.num * d.parts.grossOnBonded.den, den: d.parts.grossOnBonded.den * d.parts.idleDrag.den }, grossOnPool, 'grossOnBonded + idleDrag')
                expectSame(d.parts.fee, overBase(i, -i.feePlanck * E6), 'fee')
                expectSame(d.parts.slashes, overBase(i, -i.slashedPlanck * E6), 'slashes')
                // flows from the pool's own history: P_{D-1} + credited − owed − S_D·1e18/R_{D-1}
                expectSame(d.parts.flows, { num: SECONDS_PER_YEAR * (g.poolAfterFlows * i.prevRatio - i.totalShares * E18), den: BigInt(i.periodSeconds) * i.totalShares * E18 }, 'flows')
                // the identity: Σ parts = sum, APR − sum = rounding, |rounding| ≤ A·R_{D-1}·P_D / (R_D·S_D·1e18)
                const total = APR_PART_NAMES.map(n => d.parts[n]).reduce((a, b) => ({ num: a.num * b.den + b.num * a.den, den: a.den * b.den }))
                expectSame(d.sum, total, 'sum')
                const apr = aprRational(i.prevRatio, i.ratio, i.periodSeconds)
                expectSame(d.apr, apr, 'apr')
                expectSame(d.rounding, { num: apr.num * total.den - total.num * apr.den, den: apr.den * total.den }, 'rounding')
                const bound = { num: SECONDS_PER_YEAR * i.prevRatio * i.pooledValue, den: BigInt(i.periodSeconds) * i.ratio * i.totalShares * E18 }
                expect(absLessOrEqual(d.rounding, bound)).toBe(true)
                expect(d.withinRounding).toBe(true)
                // signs: the fee and slashes only take, the bonded stake only earns
                expect(d.parts.fee.num <= 0n && d.parts.slashes.num <= 0n && d.parts.grossOnBonded.num >= 0n).toBe(true)
                // flows priced at R_{D-1} move value by their own rounding only: per flow less than one planck (a burn's
                // toPlanck) plus one share unit at R_{D-1} (the contract's floor) plus one base unit (balance's ceiling),
                // and R_{D-1}'s own ceiling values the shares before them at less than P_{D-1} by under P_{D-1}/R_{D-1} + 1
                if (g.neutralFlows) {
                    const R0 = i.prevRatio
                    const n = BigInt(g.flowCount)
                    const most = (n * (E6 * R0 + E18 + R0) + g.prevPool + 2n * R0 + R0 - 1n) / R0
                    expect(absLessOrEqual(d.parts.flows, overBase(i, most))).toBe(true)
                } else if (g.flowCount > 0) seen.staleFlows++
                if (i.slashedPlanck > 0n) seen.slashed++
                if (i.bondedPlanck === 0n) seen.unbonded++
                if (i.prevRatio === E18) seen.genesis++
            } catch (e) {
                throw new Error(`pool seed ${seed} (${JSON.stringify(i, (_k, v) => typeof v === 'bigint' ? v.toString() : v)}): ${e.message}`)
            }
        }
        // the generator reached every situation the rule distinguishes
        for (const [k, n] of Object.entries(seen)) expect([k, n >= 50]).toEqual([k, true])
    })

    it("sums to the APR within rounding on every solvent report of the product's own event streams", () => {
        let checked = 0
        for (let seed = 1; seed <= 150; seed++) {
            const stream = generateStream(seed)
            const rng = new Rng(seed)
            for (const { report } of replayPeriods(stream.events, stream.settings, stream.watermark)) {
                const d = decomposeApr({ ...report, bondedPlanck: planck(rng.big(50)), periodSeconds: stream.settings.periodSeconds })
                if (report.totalShares <= 0n || report.insolvent) {
                    expect(d.kind).toBe('NOT_DECOMPOSABLE')
                    continue
                }
                if (d.kind !== 'DECOMPOSED' || !d.withinRounding) throw new Error(`stream ${seed}, period ${report.label}: ${JSON.stringify(d, (_k, v) => typeof v === 'bigint' ? v.toString() : v)}`)
                expectSame(d.apr, aprRational(report.prevRatio, report.ratio, stream.settings.periodSeconds), `stream ${seed} ${report.label} apr`)
                expect(formatRational(d.apr)).toBe(report.apr)
                checked++
            }
        }
        expect(checked).toBeGreaterThan(500)
    })
})
