/**
 * SPEC §2 — the ONE unit-conversion module. Pure, bigint only, no I/O.
 *
 * Units (all integers):
 *  - Planck      — Kusama base unit, 1 KSM = 10^12 planck.
 *  - BondAmount  — aKSMb base units (18 decimals); 1 planck = 10^6 BondAmount.
 *  - Shares      — aKSMb share base units (18 decimals), what mint/burn/claimBonds count.
 *  - Ratio       — shares per aKSMb, scaled by 1e18 (ONE_RATIO = 1e18 means 1:1).
 *
 * The types are branded so that e.g. a Planck cannot be passed where Shares are
 * expected. Raw `+`/`-` on branded values yields a plain `bigint`, which is not
 * assignable back to a unit type: re-brand explicitly (planck(x)) or use the
 * typed `add`/`sub` helpers below, which only accept two values of the same unit.
 *
 * Rounding is the aKSMb contract's own:
 *   sharesOf(b, R)  = floor(b·R / 1e18)      (balanceToShares)
 *   balanceOf(s, R) = ceil(s·1e18 / R)       (sharesToBalance)
 *   toPlanck(b)     = floor(b / 10^6)
 * Contract quantities are uint256, so these conversions throw a RangeError on
 * negative input instead of silently picking a rounding direction for negatives.
 * Value constructors (planck(), bond(), shares()) accept negative values, because
 * domain deltas and the pooled value of an insolvent pool may be negative.
 *
 * decimal.js is intentionally not needed: parsing and formatting are exact
 * string <-> bigint operations.
 */

declare const unitBrand: unique symbol
type Brand<U extends string> = bigint & { readonly [unitBrand]: U }

export type Planck = Brand<'planck'>
export type BondAmount = Brand<'bond'>
export type Shares = Brand<'shares'>
export type Ratio = Brand<'ratio'>
export type Unit = Planck | BondAmount | Shares | Ratio

export const KSM_DECIMALS = 12
export const BOND_DECIMALS = 18
export const SHARES_DECIMALS = 18
export const RATIO_DECIMALS = 18

export const PLANCK_PER_KSM = 10n ** 12n
/** aKSMb base units per planck (10^6). */
export const BOND_PER_PLANCK = 10n ** 6n
/** 1e18: the ratio scale, and the ratio value 1.0. */
export const RATIO_SCALE = 10n ** 18n

function assertBigint(x: unknown, what: string): asserts x is bigint {
    if (typeof x !== 'bigint') {
        throw new TypeError(`${what}: expected a bigint, got ${x === null ? 'null' : typeof x}`)
    }
}

// ---------------------------------------------------------------- constructors

export function planck(x: bigint): Planck {
    assertBigint(x, 'planck')
    return x as Planck
}

export function bond(x: bigint): BondAmount {
    assertBigint(x, 'bond')
    return x as BondAmount
}

export function shares(x: bigint): Shares {
    assertBigint(x, 'shares')
    return x as Shares
}

/** Any bigint is accepted (an on-chain RatioUpdate(0) must still be representable);
 *  functions that divide by a ratio reject R <= 0. */
export function ratio(x: bigint): Ratio {
    assertBigint(x, 'ratio')
    return x as Ratio
}

export const ONE_RATIO: Ratio = ratio(RATIO_SCALE)
export const ZERO_PLANCK: Planck = planck(0n)
export const ZERO_BOND: BondAmount = bond(0n)
export const ZERO_SHARES: Shares = shares(0n)

// ---------------------------------------------------------------- integer helpers

/** floor(a / b) for any signed a and b != 0 (BigInt `/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
    if (b === 0n) throw new RangeError('floorDiv: division by zero')
    const q = a / b
    return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q
}

/** ceil(a / b) for any signed a and b != 0. */
export function ceilDiv(a: bigint, b: bigint): bigint {
    if (b === 0n) throw new RangeError('ceilDiv: division by zero')
    const q = a / b
    return (a % b !== 0n && (a < 0n) === (b < 0n)) ? q + 1n : q
}

// ---------------------------------------------------------------- typed arithmetic

/** a + b, both of the same unit (NoInfer: the unit is taken from `a` only). */
export function add<U extends Unit>(a: U, b: NoInfer<U>): U {
    return ((a as bigint) + (b as bigint)) as U
}

/** a − b, both of the same unit. May go negative (deltas, insolvent pool). */
export function sub<U extends Unit>(a: U, b: NoInfer<U>): U {
    return ((a as bigint) - (b as bigint)) as U
}

/** Sum of values of one unit; `zero` fixes the unit (e.g. sum(ZERO_PLANCK, xs)). */
export function sum<U extends Unit>(zero: U, xs: Iterable<NoInfer<U>>): U {
    let acc = zero as bigint
    for (const x of xs) acc += x as bigint
    return acc as U
}

export function min<U extends Unit>(a: U, b: NoInfer<U>): U {
    return (a as bigint) <= (b as bigint) ? a : b
}

export function max<U extends Unit>(a: U, b: NoInfer<U>): U {
    return (a as bigint) >= (b as bigint) ? a : b
}

// ---------------------------------------------------------------- conversions (SPEC §2)

function assertNonNegative(x: bigint, what: string): void {
    assertBigint(x, what)
    if (x < 0n) throw new RangeError(`${what}: negative amount ${x} (contract quantities are unsigned)`)
}

function assertPositiveRatio(r: bigint, what: string): void {
    assertBigint(r, what)
    if (r <= 0n) throw new RangeError(`${what}: ratio must be > 0, got ${r}`)
}

/** planck → aKSMb base units: p·10^6 (exact; negatives allowed since it is exact). */
export function toBond(p: Planck): BondAmount {
    assertBigint(p, 'toBond')
    return bond(p * BOND_PER_PLANCK)
}

/** aKSMb base units → planck: floor(b / 10^6). Throws on negative b. */
export function toPlanck(b: BondAmount): Planck {
    assertNonNegative(b, 'toPlanck')
    return planck(b / BOND_PER_PLANCK)
}

/** balanceToShares: floor(b·R / 1e18). Throws on negative b or R. R = 0 gives 0. */
export function sharesOf(b: BondAmount, r: Ratio): Shares {
    assertNonNegative(b, 'sharesOf')
    assertNonNegative(r, 'sharesOf (ratio)')
    return shares((b * r) / RATIO_SCALE)
}

/** sharesToBalance: ceil(s·1e18 / R). Throws on negative s or R <= 0. */
export function balanceOf(s: Shares, r: Ratio): BondAmount {
    assertNonNegative(s, 'balanceOf')
    assertPositiveRatio(r, 'balanceOf')
    return bond(ceilDiv(s * RATIO_SCALE, r))
}

/**
 * SPEC §4.6 ratio of a pool: ceil(S·1e18 / P); ONE_RATIO when S = 0.
 * Throws when S > 0 and P <= 0 (INSOLVENT: the caller decides what to do) or S < 0.
 */
export function ratioFromPool(s: Shares, p: BondAmount): Ratio {
    assertNonNegative(s, 'ratioFromPool (shares)')
    assertBigint(p, 'ratioFromPool (pooled value)')
    if (s === 0n) return ONE_RATIO
    if (p <= 0n) throw new RangeError(`ratioFromPool: insolvent pool (S=${s}, P=${p})`)
    return ratio(ceilDiv(s * RATIO_SCALE, p))
}

// ---------------------------------------------------------------- parsing

export class UnitParseError extends Error {
    constructor(message: string) {
        super(message)
        this.name = 'UnitParseError'
    }
}

const DECIMAL_RE = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/

/**
 * Strict non-negative decimal string → integer scaled by 10^decimals.
 * Accepted: "0", "10", "10.5", "0.000000000001". Rejected (UnitParseError):
 * non-strings, empty, whitespace, sign (+/-), exponent ("1e3"), leading zeros ("01"),
 * bare dot ("1.", ".5"), separators ("1,5", "1_000"), and more than `decimals`
 * fraction digits (even trailing zeros).
 */
export function parseDecimal(input: string, decimals: number, what = 'amount'): bigint {
    if (typeof input !== 'string') {
        throw new UnitParseError(`invalid ${what}: expected a decimal string, got ${input === null ? 'null' : typeof input}`)
    }
    const shown = JSON.stringify(input.length > 80 ? input.slice(0, 80) + '…' : input)
    const m = DECIMAL_RE.exec(input)
    if (m == null) {
        let why: string
        if (input.length === 0) why = 'empty string'
        else if (input.trim() !== input) why = 'surrounding whitespace'
        else if (input.startsWith('-')) why = 'negative amounts are not allowed'
        else if (input.startsWith('+')) why = 'explicit sign is not allowed'
        else if (/^[0-9.]+[eE][+-]?[0-9]+$/.test(input)) why = 'exponent notation is not allowed'
        else if (/^0[0-9]/.test(input)) why = 'leading zeros are not allowed'
        else if (/^[0-9]*\.[0-9]*$/.test(input)) why = 'a dot needs digits on both sides'
        else why = 'not a plain decimal number'
        throw new UnitParseError(`invalid ${what} ${shown}: ${why}`)
    }
    const whole = m[1]
    const frac = m[2] ?? ''
    if (frac.length > decimals) {
        throw new UnitParseError(`invalid ${what} ${shown}: at most ${decimals} fraction digits allowed, got ${frac.length}`)
    }
    return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0')
}

/** "10.5" KSM → Planck (at most 12 fraction digits). */
export function parseKsm(s: string): Planck {
    return planck(parseDecimal(s, KSM_DECIMALS, 'KSM amount'))
}

/** "1.5" aKSMb → BondAmount (at most 18 fraction digits). */
export function parseBond(s: string): BondAmount {
    return bond(parseDecimal(s, BOND_DECIMALS, 'aKSMb amount'))
}

/** "1.5" shares (18 decimals, as in scenario files) → Shares. */
export function parseShares(s: string): Shares {
    return shares(parseDecimal(s, SHARES_DECIMALS, 'shares amount'))
}

/** "0.98" → Ratio 0.98e18. Zero is rejected (a ratio must be > 0). */
export function parseRatio(s: string): Ratio {
    const r = parseDecimal(s, RATIO_DECIMALS, 'ratio')
    if (r === 0n) throw new UnitParseError(`invalid ratio ${JSON.stringify(s)}: must be > 0`)
    return ratio(r)
}

/**
 * Strict non-negative integer string of base units ("123", no decimals) → bigint,
 * e.g. GraphQL `shares: String!` inputs. Wrap the result with the unit constructor.
 */
export function parseBaseUnits(s: string, what = 'base-unit amount'): bigint {
    return parseDecimal(s, 0, what)
}

// ---------------------------------------------------------------- formatting

/**
 * Integer scaled by 10^decimals → minimal decimal string (no trailing fraction
 * zeros, no exponent; "-" for negatives). formatDecimal(10500000000000n, 12) = "10.5".
 */
export function formatDecimal(x: bigint, decimals: number): string {
    assertBigint(x, 'formatDecimal')
    const neg = x < 0n
    const abs = neg ? -x : x
    const scale = 10n ** BigInt(decimals)
    const whole = (abs / scale).toString()
    const frac = decimals > 0 ? (abs % scale).toString().padStart(decimals, '0').replace(/0+$/, '') : ''
    return (neg ? '-' : '') + whole + (frac ? '.' + frac : '')
}

/** Planck → KSM decimal string: formatKsm(planck(10_500_000_000_000n)) = "10.5". */
export function formatKsm(p: Planck): string {
    return formatDecimal(p, KSM_DECIMALS)
}

/** BondAmount → aKSMb decimal string (18 decimals). */
export function formatBond(b: BondAmount): string {
    return formatDecimal(b, BOND_DECIMALS)
}

/** Shares → decimal string (18 decimals). */
export function formatShares(s: Shares): string {
    return formatDecimal(s, SHARES_DECIMALS)
}

/** Ratio → decimal string: formatRatio(ONE_RATIO) = "1", 0.98e18 → "0.98". */
export function formatRatio(r: Ratio): string {
    return formatDecimal(r, RATIO_DECIMALS)
}
