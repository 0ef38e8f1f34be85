/**
 * SPEC §4.7 — the named sanity checks of a period report. Exact integer/rational arithmetic
 * throughout (no floats). `detail` lists the numbers as `key=value` pairs in a fixed order so
 * reports serialise deterministically.
 */
import { BondAmount, Planck, Ratio, Shares, toBond } from '../../domain/units'
import { aprRational } from './apr'
import { APR_SCALE } from './settings'

export type CheckName = 'SOLVENT' | 'MONOTONE' | 'APR_BOUND' | 'LOSS_EXPLAINED' | 'ONCHAIN_DRIFT'
    // proof of reserves (SPEC §4.14, reserves.ts): appended when the report carries its reserves section
    | 'RESERVES' | 'SHARE_SUPPLY' | 'EVENTS_MATCH_STATE'
    // the Asset Hub migration (SPEC §4.13, migration.ts): on the report of the period that holds it
    | 'MIGRATION_CONTINUITY'

/** Order of the checks computed from the events alone (reserves.ts appends its three after them). */
export const CHECK_NAMES: readonly CheckName[] = ['SOLVENT', 'MONOTONE', 'APR_BOUND', 'LOSS_EXPLAINED', 'ONCHAIN_DRIFT']

export interface RatioCheck {
    readonly name: CheckName
    readonly passed: boolean
    readonly blocking: boolean
    readonly detail: string
}

export interface CheckInput {
    /** R_{D-1} */
    readonly prevRatio: Ratio
    /** R_D as reported (= R_{D-1} when insolvent) */
    readonly ratio: Ratio
    /** P_{D-1} */
    readonly prevPooledValue: BondAmount
    readonly totalShares: Shares
    readonly pooledValue: BondAmount
    readonly slashedPlanck: Planck
    readonly slashCount: number
    /** R1 burns in D */
    readonly r1BurnCount: number
    /** S_D > 0 and P_D <= 0 */
    readonly insolvent: boolean
    /** S_D < 0 (an impossible ledger: more shares burned than ever credited) */
    readonly negativeShares: boolean
    /** on-chain ratio in force at end(D) */
    readonly onchainRatio: Ratio
    readonly periodSeconds: number
    /** maxApr scaled by 1e18 */
    readonly maxAprScaled: bigint
}

/**
 * SOLVENT (blocking): not INSOLVENT.
 * CHOICE (SPEC silent): S_D < 0 also fails SOLVENT (R_D = R_{D-1} as for INSOLVENT).
 */
export function checkSolvent(i: CheckInput): RatioCheck {
    const why = i.negativeShares ? ' reason=NEGATIVE_SHARES' : i.insolvent ? ' reason=INSOLVENT' : ''
    return {
        name: 'SOLVENT',
        passed: !i.insolvent && !i.negativeShares,
        blocking: true,
        detail: `S=${i.totalShares} P=${i.pooledValue}${why}`,
    }
}

/**
 * MONOTONE (blocking): with no Slash in D, R_D <= R_{D-1} + ceil(n·1e18/P_D) + 1, n = the R1 burns
 * of D: the contract floors the shares each R1 burn removes, which can leave one share unit per
 * burn in S (raising R by at most 1e18/P_D each), and R's own ceiling adds at most one wei.
 * Any Slash event in D waives it.
 * SPEC GAP (decided): when every holder has left (S_D = 0) R resets to 1e18 by definition
 * (§4.6): nothing to protect, waived too.
 */
export function checkMonotone(i: CheckInput): RatioCheck {
    const slashed = i.slashCount > 0
    const emptied = i.totalShares === 0n
    const perBurn = i.pooledValue > 0n ? (BigInt(i.r1BurnCount) * 10n ** 18n + i.pooledValue - 1n) / i.pooledValue : 0n
    const bound = i.prevRatio + perBurn + 1n
    const waived = slashed ? ' waived=slash' : emptied ? ' waived=empty-pool' : ''
    const rise = i.ratio > i.prevRatio ? ` rise=${i.ratio - i.prevRatio} bound=R_prev+ceil(${i.r1BurnCount}·1e18/P)+1=${bound}` : ''
    return {
        name: 'MONOTONE',
        passed: slashed || emptied || i.ratio <= bound,
        blocking: true,
        detail: `R_prev=${i.prevRatio} R=${i.ratio} slashes=${i.slashCount} r1Burns=${i.r1BurnCount}${waived}${rise}`,
    }
}

/** APR_BOUND (blocking): apr_D <= maxApr, compared exactly: num·1e18 <= maxAprScaled·den. */
export function checkAprBound(i: CheckInput): RatioCheck {
    const { num, den } = aprRational(i.prevRatio, i.ratio, i.periodSeconds)
    return {
        name: 'APR_BOUND',
        passed: num * APR_SCALE <= i.maxAprScaled * den,
        blocking: true,
        detail: `apr=${num}/${den} maxApr=${i.maxAprScaled}e-18`,
    }
}

/**
 * LOSS_EXPLAINED (blocking): when R_D > R_{D-1}, loss = 1 − R_{D-1}/R_D = (R_D − R_{D-1})/R_D must be
 * <= Σslashes·10^6 / P_{D-1} + 1e-12. With every factor positive this is exactly
 *   (R_D − R_{D-1})·P_{D-1}·10^12 <= slashBond·R_D·10^12 + R_D·P_{D-1}.
 * When P_{D-1} <= 0 (CHOICE: a negative P_{D-1}, after an insolvent period, is treated like 0),
 * only a Slash in D explains a loss.
 */
export function checkLossExplained(i: CheckInput): RatioCheck {
    if (i.totalShares === 0n) {
        // SPEC GAP (decided): no shares left, no loss per share; R = 1e18 is the reset of §4.6
        return { name: 'LOSS_EXPLAINED', passed: true, blocking: true, detail: `R_prev=${i.prevRatio} R=${i.ratio} S=0 waived=empty-pool` }
    }
    if (i.ratio <= i.prevRatio) {
        return { name: 'LOSS_EXPLAINED', passed: true, blocking: true, detail: `R_prev=${i.prevRatio} R=${i.ratio} loss=0` }
    }
    const slashBond: BondAmount = toBond(i.slashedPlanck)
    const lossNum = i.ratio - i.prevRatio
    const base = `R_prev=${i.prevRatio} R=${i.ratio} loss=${lossNum}/${i.ratio} slashedBond=${slashBond} P_prev=${i.prevPooledValue}`
    if (i.prevPooledValue <= 0n) {
        return { name: 'LOSS_EXPLAINED', passed: i.slashCount > 0, blocking: true, detail: `${base} slashes=${i.slashCount}` }
    }
    const E12 = 10n ** 12n
    const lhs = lossNum * i.prevPooledValue * E12
    const rhs = slashBond * i.ratio * E12 + i.ratio * i.prevPooledValue
    return { name: 'LOSS_EXPLAINED', passed: lhs <= rhs, blocking: true, detail: `${base} bound=${slashBond}/${i.prevPooledValue}+1e-12` }
}

/** ONCHAIN_DRIFT (warning): the on-chain ratio at end(D) differs from R_{D-1}. */
export function checkOnchainDrift(i: CheckInput): RatioCheck {
    return {
        name: 'ONCHAIN_DRIFT',
        passed: i.onchainRatio === i.prevRatio,
        blocking: false,
        detail: `onchain=${i.onchainRatio} R_prev=${i.prevRatio} diff=${i.onchainRatio - i.prevRatio}`,
    }
}

/** All checks, in CHECK_NAMES order. */
export function runChecks(i: CheckInput): RatioCheck[] {
    return [checkSolvent(i), checkMonotone(i), checkAprBound(i), checkLossExplained(i), checkOnchainDrift(i)]
}

/** publishable = every blocking check passed. */
export function isPublishable(checks: readonly RatioCheck[]): boolean {
    return checks.every(c => !c.blocking || c.passed)
}
