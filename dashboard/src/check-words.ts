/**
 * A report check's `detail` (SPEC §4.7: `key=value` pairs in a fixed order, exact integers and
 * rationals) said in words, e.g. APR_BOUND "apr=13026…/86026… maxApr=300000000000000000e-18" →
 * "APR 15.14 % ≤ 30.00 %". Pure: the numbers are the detail's own, only written for people.
 * A check this file does not know is shown as its pairs, "key value, key value", or as it is when
 * its detail is already in words.
 */
import { percent, ratio, scaled, units18 } from './format'

type Pairs = Record<string, string>

export function detailPairs(detail: string): Pairs {
    const pairs: Pairs = {}
    for (const token of detail.split(/\s+/)) {
        const eq = token.indexOf('=')
        if (eq > 0) pairs[token.slice(0, eq)] = token.slice(eq + 1)
    }
    return pairs
}

/** "num/den" → its decimal with 18 fraction digits (exact truncation) */
export function rationalDecimal(fraction: string): string {
    const [num, den] = fraction.split('/').map(BigInt)
    const negative = (num < 0n) !== (den < 0n)
    const n = num < 0n ? -num : num
    const d = den < 0n ? -den : den
    const scaledValue = (n * 10n ** 18n) / d
    return (negative && scaledValue !== 0n ? '-' : '') + scaled(scaledValue.toString(), 18)
}

const WORDS: Record<string, (p: Pairs, passed: boolean) => string> = {
    SOLVENT: (p, passed) => passed
        ? `solvent: ${units18(p.S)} shares backed by ${units18(p.P)} aKSMb`
        : `${p.reason === 'NEGATIVE_SHARES' ? 'more shares burned than credited' : 'insolvent: the pooled value is not above zero'} (${units18(p.S ?? '0')} shares, ${units18(p.P ?? '0')} aKSMb)`,
    MONOTONE: p => p.waived
        ? `waived (${p.waived === 'slash' ? 'a slash in the period' : 'the pool emptied'}): ratio ${ratio(p.R)}, previous ${ratio(p.R_prev)}`
        : BigInt(p.R) <= BigInt(p.R_prev)
            ? `ratio ${ratio(p.R)} ≤ previous ${ratio(p.R_prev)}: no holder lost value`
            : `ratio rose from ${ratio(p.R_prev)} to ${ratio(p.R)} with no slash (allowed: ${ratio(p.bound ?? p.R_prev)})`,
    APR_BOUND: (p, passed) => `APR ${percent(rationalDecimal(p.apr))} ${passed ? '≤' : '>'} ${percent(scaled(p.maxApr.replace(/e-18$/, ''), 18))}`,
    LOSS_EXPLAINED: p => {
        if (p.waived) return `waived: the pool emptied`
        if (p.loss === '0') return `no loss per share (ratio ${ratio(p.R)} ≤ previous ${ratio(p.R_prev)})`
        const loss = percent(rationalDecimal(p.loss), 6)
        if (!p.bound) return `loss per share ${loss} with no pooled value before the period; slashes in the period: ${p.slashes ?? '0'}`
        return `loss per share ${loss}, explained by slashes up to ${percent(rationalDecimal(p.bound.replace(/\+1e-12$/, '')), 6)} of the pool`
    },
    ONCHAIN_DRIFT: (p, passed) => passed
        ? `the on-chain ratio ${ratio(p.onchain)} equals the previous report's`
        : `the on-chain ratio ${ratio(p.onchain)} differs from the previous report's ${ratio(p.R_prev)}`,
}

/** the check in words, or its pairs when this file has no words for it (or its detail has another shape) */
export function checkInWords(name: string, detail: string, passed: boolean): string {
    const words = WORDS[name]
    if (words) {
        try {
            return words(detailPairs(detail), passed)
        } catch {
            // a detail of another shape than this file knows: its pairs below still say it
        }
    }
    return pairsInWords(detail)
}

/** a detail made only of key=value pairs reads "key value, …"; one already in words is kept as it is */
function pairsInWords(detail: string): string {
    const tokens = detail.trim().split(/\s+/)
    if (!tokens.every(t => /^[^=]+=\S*$/.test(t))) return detail
    return Object.entries(detailPairs(detail)).map(([k, v]) => `${k} ${v}`).join(', ')
}
