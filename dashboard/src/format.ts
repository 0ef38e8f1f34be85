/**
 * How the dashboard writes the API's numbers: exact decimal strings from the integer strings GraphQL
 * sends (planck, shares, 1e18-scaled ratios), never through a float, so what a table shows is what the
 * API said. Pure (no DOM): the browser tests format the API's answers with these same functions.
 */

/** an integer string scaled by 10^decimals as a decimal, trailing zeros dropped: ("19110000000", 12) → "0.01911" */
export function scaled(integer: string, decimals: number): string {
    const negative = integer.startsWith('-')
    const digits = (negative ? integer.slice(1) : integer).padStart(decimals + 1, '0')
    const whole = digits.slice(0, digits.length - decimals).replace(/^0+(?=\d)/, '')
    const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '')
    const text = fraction ? `${whole}.${fraction}` : whole
    return negative && text !== '0' ? `-${text}` : text
}

/** planck → KSM, exact */
export function ksm(planck: string): string {
    return scaled(planck, 12)
}

/** share or aKSMb base units (18 decimals), exact */
export function units18(value: string): string {
    return scaled(value, 18)
}

/** a 1e18-scaled ratio as a decimal, exact */
export function ratio(value: string): string {
    return scaled(value, 18)
}

/** a decimal string (e.g. an APR "0.1514202808") as a percentage with `digits` decimals, rounded half up: "15.14 %" */
export function percent(decimal: string, digits = 2): string {
    return `${roundDecimal(shiftDecimal(decimal, 2), digits)} %`
}

/** moves the decimal point of a decimal string `by` places right (exact) */
function shiftDecimal(decimal: string, by: number): string {
    const negative = decimal.startsWith('-')
    const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.')
    const padded = fraction.padEnd(by, '0')
    const shifted = `${whole}${padded.slice(0, by)}.${padded.slice(by)}`.replace(/^0+(?=\d)/, '').replace(/\.$/, '')
    return negative ? `-${shifted}` : shifted
}

/** a decimal string rounded half away from zero to `digits` fraction digits, exact */
export function roundDecimal(decimal: string, digits: number): string {
    const negative = decimal.startsWith('-')
    const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.')
    const padded = (fraction + '0'.repeat(digits + 1)).slice(0, digits + 1)
    let n = BigInt(whole + padded.slice(0, digits))
    if (Number(padded[digits]) >= 5) n += 1n
    const text = scaled(n.toString(), digits)
    const fixed = digits > 0 ? withFractionDigits(text, digits) : text
    return negative && /[1-9]/.test(fixed) ? `-${fixed}` : fixed
}

function withFractionDigits(text: string, digits: number): string {
    const [whole, fraction = ''] = text.split('.')
    return `${whole}.${fraction.padEnd(digits, '0')}`
}

/** a decimal string as a JS number, for chart positions only (tables and titles use the exact strings) */
export function approx(decimal: string): number {
    return Number(decimal)
}

/** ISO time → "2026-01-18 13:00" (UTC: the headers say so) */
export function utc(iso: string | null | undefined): string {
    if (!iso) return '—'
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`
}

/** a tiny decimal string (e.g. a rounding difference) as a percentage in scientific notation, exact digits: "-0.00000000000000036" → "-3.6e-14 %" */
export function percentSci(decimal: string, significant = 3): string {
    const negative = decimal.startsWith('-')
    const [whole, fraction = ''] = (negative ? decimal.slice(1) : decimal).split('.')
    const digits = (whole + fraction).replace(/^0+/, '')
    if (!digits) return '0 %'
    // position of the first significant digit relative to the decimal point, shifted two places for a percentage
    const exponent = whole.replace(/^0+/, '').length > 0 ? whole.replace(/^0+/, '').length - 1 + 2 : -(fraction.length - fraction.replace(/^0+/, '').length) - 1 + 2
    const mantissa = digits.slice(0, significant).replace(/0+$/, '')
    const m = mantissa.length > 1 ? `${mantissa[0]}.${mantissa.slice(1)}` : mantissa
    return `${negative ? '-' : ''}${m}e${exponent} %`
}

/** seconds → "3 d 4 h", "2 h 5 min", "40 s"; signed values read "late" or "early" */
export function duration(seconds: number): string {
    const s = Math.abs(Math.round(seconds))
    const d = Math.floor(s / 86400)
    const h = Math.floor((s % 86400) / 3600)
    const m = Math.floor((s % 3600) / 60)
    if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`
    if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`
    if (m > 0) return `${m} min`
    return `${s} s`
}

/** an ETA error (paidAt − ETA, seconds) in words */
export function etaError(seconds: number): string {
    if (Math.round(seconds) === 0) return 'on time'
    return `${duration(seconds)} ${seconds > 0 ? 'late' : 'early'}`
}
