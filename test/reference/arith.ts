/**
 * SPEC §2 restated for the tests' independent reference (test/reference) and the end-to-end model
 * (test/oracle-e2e/model.ts): plain bigint, written from the SPEC text, sharing no code with src/.
 *
 *  - 1 planck = 10^6 aKSMb base units: toBond(p) = p·10^6, toPlanck(b) = floor(b / 10^6)
 *  - shares(b, R) = floor(b·R / 1e18), balance(s, R) = ceil(s·1e18 / R) (the aKSMb contract's rounding)
 */
export const E6 = 10n ** 6n
export const E12 = 10n ** 12n
export const E18 = 10n ** 18n

/** ceil(a / b) for a >= 0, b > 0 (the only case the SPEC's ceilings take) */
export const ceilDiv = (a: bigint, b: bigint): bigint => {
    if (a < 0n || b <= 0n) throw new RangeError(`ceilDiv(${a}, ${b}): the reference only divides a >= 0 by b > 0`)
    return (a + b - 1n) / b
}
/** the aKSMb contract's rounding (SPEC §1, §2) */
export const sharesOf = (b: bigint, R: bigint): bigint => (b * R) / E18
export const balanceOf = (s: bigint, R: bigint): bigint => (s === 0n ? 0n : ceilDiv(s * E18, R))
export const toBond = (p: bigint): bigint => p * E6
export const toPlanck = (b: bigint): bigint => b / E6

/** An exact rational num/den with den > 0. */
export interface Rat {
    readonly num: bigint
    readonly den: bigint
}
export function rat(num: bigint, den: bigint = 1n): Rat {
    if (den === 0n) throw new RangeError('rat: zero denominator')
    return den < 0n ? { num: -num, den: -den } : { num, den }
}
export const ratAdd = (a: Rat, b: Rat): Rat => rat(a.num * b.den + b.num * a.den, a.den * b.den)
export const ratSub = (a: Rat, b: Rat): Rat => rat(a.num * b.den - b.num * a.den, a.den * b.den)
export const ratMul = (a: Rat, b: Rat): Rat => rat(a.num * b.num, a.den * b.den)
/** a <= b */
export const ratLte = (a: Rat, b: Rat): boolean => a.num * b.den <= b.num * a.den
export const ratEq = (a: Rat, b: Rat): boolean => a.num * b.den === b.num * a.den

/** A decimal string ("0.30", "-1.5", "12") as an exact rational. */
export function parseDecimalRat(s: string): Rat {
    const m = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(s)
    if (m == null) throw new RangeError(`not a plain decimal string: ${JSON.stringify(s)}`)
    const frac = m[3] ?? ''
    const num = BigInt(m[2] + frac)
    return rat(m[1] === '-' ? -num : num, 10n ** BigInt(frac.length))
}

/**
 * The display string of apr = (R_prev/R − 1)·365·86400/periodSeconds as the product formats it
 * (its CHOICE, SPEC §4.6 says only "a decimal string"): 18 significant digits, half-even, plain
 * notation, no trailing zeros, "0" for zero.
 */
export function aprString(prev: bigint, R: bigint, periodSeconds = 86400): string {
    let num = (prev - R) * 365n * 86400n
    const den = R * BigInt(periodSeconds)
    if (num === 0n) return '0'
    const neg = num < 0n
    if (neg) num = -num
    // scale so that the integer quotient has exactly 18 digits
    let k = 0
    const q = (kk: number) => (kk >= 0 ? (num * 10n ** BigInt(kk)) / den : num / (den * 10n ** BigInt(-kk)))
    while (q(k) >= 10n ** 18n) k--
    while (q(k) < 10n ** 17n) k++
    const scaledNum = k >= 0 ? num * 10n ** BigInt(k) : num
    const scaledDen = k >= 0 ? den : den * 10n ** BigInt(-k)
    let digits = scaledNum / scaledDen
    const rem2 = 2n * (scaledNum % scaledDen)
    if (rem2 > scaledDen || (rem2 === scaledDen && digits % 2n === 1n)) digits += 1n
    let s = digits.toString()
    let out: string
    if (k <= 0) out = s + '0'.repeat(-k)
    else {
        if (s.length <= k) s = '0'.repeat(k - s.length + 1) + s
        const int = s.slice(0, s.length - k)
        const frac = s.slice(s.length - k).replace(/0+$/, '')
        out = frac ? `${int}.${frac}` : int
    }
    return (neg ? '-' : '') + out
}
