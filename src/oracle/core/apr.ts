/**
 * SPEC §4.6 — apr_D = (R_{D-1}/R_D − 1) · 365·86400 / periodSeconds.
 *
 * Exact as a rational: num/den = (R_{D-1} − R_D)·31_536_000 / (R_D·periodSeconds).
 * Checks compare the rational exactly; the decimal string is display only.
 * CHOICE (SPEC silent on precision): the string has 18 significant digits, rounded half to
 * even, plain notation (never an exponent), "0" for zero, a leading "-" for a negative APR
 * (ratio rose), no trailing zeros. decimal.js is used only here, through a private clone so
 * the global Decimal configuration is neither used nor changed.
 */
import { Decimal } from 'decimal.js'
import type { Ratio } from '../../domain/units'

export const SECONDS_PER_YEAR = 365n * 86400n
export const APR_SIGNIFICANT_DIGITS = 18

const AprDecimal = Decimal.clone({
    precision: APR_SIGNIFICANT_DIGITS,
    rounding: Decimal.ROUND_HALF_EVEN,
    toExpNeg: -9e15,
    toExpPos: 9e15,
})

export interface Rational {
    readonly num: bigint
    /** always > 0 */
    readonly den: bigint
}

export function aprRational(prevRatio: Ratio, ratio: Ratio, periodSeconds: number): Rational {
    if (ratio <= 0n) throw new RangeError(`aprRational: ratio must be > 0, got ${ratio}`)
    if (!Number.isSafeInteger(periodSeconds) || periodSeconds <= 0) throw new RangeError(`aprRational: bad periodSeconds ${periodSeconds}`)
    return {
        num: (prevRatio - ratio) * SECONDS_PER_YEAR,
        den: ratio * BigInt(periodSeconds),
    }
}

/** The APR decimal string (see the module comment for the format). */
export function formatApr(prevRatio: Ratio, ratio: Ratio, periodSeconds: number): string {
    return formatRational(aprRational(prevRatio, ratio, periodSeconds))
}

/** Any rate as a decimal string in the APR's format, so every annual rate (e.g. the parts of the APR) reads alike. */
export function formatRational({ num, den }: Rational): string {
    if (den <= 0n) throw new RangeError(`formatRational: den must be > 0, got ${den}`)
    if (num === 0n) return '0'
    return new AprDecimal(num.toString()).div(new AprDecimal(den.toString())).toString()
}
