/**
 * Where a period's APR (SPEC §4.6) came from: exact rationals, no I/O, no clock.
 *
 * Value per share moved from v_{D-1} = 1/R_{D-1} to v_D = 1/R_D. Value the period-end shares at the
 * start price: base = S_D·1e18/R_{D-1} (aKSMb base units). Then
 *   P_D − base = toBond(net rewards) − toBond(slashes) + flows,
 *   flows      = P_D − toBond(N − X) − base
 * where `flows` is what deposits and unstakes added or took from the holders because they were not
 * priced at exactly R_{D-1}: zero up to rounding when deposits are credited at R_{D-1} (§4.3) and burns
 * owe at R_{D-1}; an unstake priced at a stale on-chain ratio (§4.5) shows here. Annualised
 * (A = 365·86400/periodSeconds), the parts are
 *   grossOnBonded = A·G/B                the reward yield the bonded stake B earned (B: bonded at the period's end)
 *   idleDrag      = A·G·1e6/base − A·G/B what the stake that was not bonded cost (≤ 0 when B ≤ base)
 *   fee           = −A·F·1e6/base
 *   slashes       = −A·X·1e6/base
 *   flows         = A·flows/base
 * and they sum to A·(P_D/base − 1). The reported APR is A·(R_{D-1}/R_D − 1) with R_D = ceil(S_D·1e18/P_D),
 * so the two differ only by that ceiling: |APR − sum| ≤ A·R_{D-1}·P_D / (R_D·S_D·1e18) (`roundingBound`).
 *
 * CHOICE: with no bonded stake (B = 0) the gross yield is taken on the pool (grossOnBonded = A·G·1e6/base,
 * idleDrag = 0): there is no bonded stake to earn a yield on.
 * Not decomposable: an empty pool (S_D = 0: R resets to 1e18), an INSOLVENT period (R_D = R_{D-1} by
 * rule, not by value) and negative S_D.
 */
import type { BondAmount, Planck, Ratio, Shares } from '../../domain/units'
import { BOND_PER_PLANCK, RATIO_SCALE } from '../../domain/units'
import { aprRational, Rational, SECONDS_PER_YEAR } from './apr'

/** the parts read as decimal strings in the APR's own format */
export { formatRational } from './apr'

export interface AprDecompositionInput {
    readonly prevRatio: Ratio
    readonly ratio: Ratio
    readonly totalShares: Shares
    readonly pooledValue: BondAmount
    readonly grossRewardPlanck: Planck
    readonly feePlanck: Planck
    readonly netRewardPlanck: Planck
    readonly slashedPlanck: Planck
    /** active bonded stake of the stashes at the period's end */
    readonly bondedPlanck: Planck
    readonly insolvent: boolean
    readonly periodSeconds: number
}

export interface AprParts {
    readonly grossOnBonded: Rational
    readonly idleDrag: Rational
    readonly fee: Rational
    readonly slashes: Rational
    readonly flows: Rational
}

export type AprDecomposition =
    | {
        readonly kind: 'DECOMPOSED'
        readonly parts: AprParts
        /** Σ parts */
        readonly sum: Rational
        /** the period's APR, exact */
        readonly apr: Rational
        /** apr − sum: the ratio's ceiling */
        readonly rounding: Rational
        readonly roundingBound: Rational
        readonly withinRounding: boolean
    }
    | { readonly kind: 'NOT_DECOMPOSABLE'; readonly reason: 'EMPTY_POOL' | 'INSOLVENT' | 'NEGATIVE_SHARES' }

export const APR_PART_NAMES: readonly (keyof AprParts)[] = ['grossOnBonded', 'idleDrag', 'fee', 'slashes', 'flows']

export function decomposeApr(i: AprDecompositionInput): AprDecomposition {
    if (i.totalShares < 0n) return { kind: 'NOT_DECOMPOSABLE', reason: 'NEGATIVE_SHARES' }
    if (i.totalShares === 0n) return { kind: 'NOT_DECOMPOSABLE', reason: 'EMPTY_POOL' }
    if (i.insolvent || i.pooledValue <= 0n) return { kind: 'NOT_DECOMPOSABLE', reason: 'INSOLVENT' }
    const parts = partsOf(i)
    const sum = APR_PART_NAMES.map(n => parts[n]).reduce(addRational)
    const apr = aprRational(i.prevRatio, i.ratio, i.periodSeconds)
    const rounding = subRational(apr, sum)
    const roundingBound = boundOf(i)
    return { kind: 'DECOMPOSED', parts, sum, apr, rounding, roundingBound, withinRounding: compareAbs(rounding, roundingBound) <= 0 }
}

/** Every part but grossOnBonded is an amount over `base` = S_D·1e18/R_{D-1}, annualised: A·x·R_{D-1}/(S_D·1e18). */
function partsOf(i: AprDecompositionInput): AprParts {
    const year = SECONDS_PER_YEAR
    const period = BigInt(i.periodSeconds)
    const overBase = (bondAmount: bigint): Rational => reduce({ num: year * bondAmount * i.prevRatio, den: period * i.totalShares * RATIO_SCALE })
    const gross = i.grossRewardPlanck * BOND_PER_PLANCK
    const grossOnPool = overBase(gross)
    const grossOnBonded = i.bondedPlanck > 0n ? reduce({ num: year * i.grossRewardPlanck, den: period * i.bondedPlanck }) : grossOnPool
    // P_D − toBond(N − X) − base, with base = S·1e18/R_{D-1}: scaled by R_{D-1} to stay integral
    const flowsScaled = (i.pooledValue - (i.netRewardPlanck - i.slashedPlanck) * BOND_PER_PLANCK) * i.prevRatio - i.totalShares * RATIO_SCALE
    return {
        grossOnBonded,
        idleDrag: subRational(grossOnPool, grossOnBonded),
        fee: overBase(-i.feePlanck * BOND_PER_PLANCK),
        slashes: overBase(-i.slashedPlanck * BOND_PER_PLANCK),
        flows: reduce({ num: year * flowsScaled, den: period * i.totalShares * RATIO_SCALE }),
    }
}

/** A·R_{D-1}·P_D / (R_D·S_D·1e18): the most R_D's ceiling can move the APR away from A·(P_D/base − 1). */
function boundOf(i: AprDecompositionInput): Rational {
    return reduce({ num: SECONDS_PER_YEAR * i.prevRatio * i.pooledValue, den: BigInt(i.periodSeconds) * i.ratio * i.totalShares * RATIO_SCALE })
}

export function addRational(a: Rational, b: Rational): Rational {
    return reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den })
}

export function subRational(a: Rational, b: Rational): Rational {
    return addRational(a, { num: -b.num, den: b.den })
}

/** sign of |a| − |b| */
export function compareAbs(a: Rational, b: Rational): number {
    const l = abs(a.num) * b.den
    const r = abs(b.num) * a.den
    return l < r ? -1 : l > r ? 1 : 0
}

function abs(x: bigint): bigint {
    return x < 0n ? -x : x
}

function gcd(a: bigint, b: bigint): bigint {
    a = abs(a)
    b = abs(b)
    while (b !== 0n) [a, b] = [b, a % b]
    return a
}

/** lowest terms, den > 0: keeps sums of many parts from growing */
function reduce({ num, den }: Rational): Rational {
    if (den === 0n) throw new RangeError('reduce: zero denominator')
    const sign = den < 0n ? -1n : 1n
    const g = gcd(num, den) || 1n
    return { num: (sign * num) / g, den: (sign * den) / g }
}
