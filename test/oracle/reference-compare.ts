/**
 * Product (src/oracle/core) against the independent reference (test/reference): both sides mapped to
 * the same plain shapes, and the first differing field named.
 */
import type { DepositOutcome, DepositState, Liquidity, QueueReport, QueueReportTotals, RatioReport, UnstakeRequest } from '../../src/oracle/core'
import { parseDecimalRat, rat, Rat, ratLte, ratSub } from '../reference/arith'
import type { RefDeposit, RefLiquidity, RefQueue, RefReport, RefRequest } from '../reference/spec'

/** bigint-safe JSON, to print values */
export const show = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))

/**
 * The path of the first field where `got` (product) differs from `want` (reference), with both
 * values, or null when equal. Objects are compared on the keys of `want`, arrays by length then items.
 */
export function firstDiff(got: unknown, want: unknown, path = ''): string | null {
    if (Array.isArray(want)) {
        if (!Array.isArray(got)) return `${path || '.'}: product ${show(got)}, reference an array`
        if (got.length !== want.length) return `${path}.length: product ${got.length}, reference ${want.length}`
        for (let i = 0; i < want.length; i++) {
            const d = firstDiff(got[i], want[i], `${path}[${i}]`)
            if (d) return d
        }
        return null
    }
    if (want !== null && typeof want === 'object') {
        if (got === null || typeof got !== 'object') return `${path || '.'}: product ${show(got)}, reference ${show(want)}`
        for (const k of Object.keys(want)) {
            const d = firstDiff((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${path}.${k}`)
            if (d) return d
        }
        return null
    }
    return got === want ? null : `${path || '.'}: product ${show(got)}, reference ${show(want)}`
}

const checksOf = (cs: readonly { name: string; passed: boolean; blocking: boolean }[]) => cs.map(c => ({ name: c.name, passed: c.passed, blocking: c.blocking }))

/** The report fields the reference states (APR separately: see aprDiff). */
export function reportView(r: RatioReport | RefReport) {
    const ids = 'ledgerIds' in r ? r.ledgerIds : null
    return {
        period: r.period, periodStart: r.periodStart, periodEnd: r.periodEnd,
        prevRatio: r.prevRatio as bigint, ratio: r.ratio as bigint, prevTotalShares: r.prevTotalShares as bigint, totalShares: r.totalShares as bigint,
        prevPooledValue: r.prevPooledValue as bigint, pooledValue: r.pooledValue as bigint,
        creditedPlanck: r.creditedPlanck as bigint, creditedShares: r.creditedShares as bigint, creditedCount: r.creditedCount,
        belowMinimumPlanck: r.belowMinimumPlanck as bigint, belowMinimumCount: r.belowMinimumCount, heldPlanck: r.heldPlanck as bigint, heldCount: r.heldCount,
        grossRewardPlanck: r.grossRewardPlanck as bigint, feePlanck: r.feePlanck as bigint, netRewardPlanck: r.netRewardPlanck as bigint, rewardCount: r.rewardCount,
        slashedPlanck: r.slashedPlanck as bigint, slashCount: r.slashCount, burnedShares: r.burnedShares as bigint, owedPlanck: r.owedPlanck as bigint,
        burnCount: r.burnCount, r1BurnCount: r.r1BurnCount, onchainRatio: r.onchainRatio as bigint, insolvent: r.insolvent,
        negativeShares: 'negativeShares' in r ? r.negativeShares : false,
        checks: checksOf(r.checks), publishable: r.publishable,
        eventCount: ids ? ids.length : (r as RatioReport).eventCount,
        firstEventId: ids ? ids[0] ?? null : (r as RatioReport).firstEventId,
        lastEventId: ids ? ids[ids.length - 1] ?? null : (r as RatioReport).lastEventId,
        inputsHash: r.inputsHash,
    }
}

/** 10^e as a rational */
const pow10 = (e: number): Rat => (e >= 0 ? rat(10n ** BigInt(e)) : rat(1n, 10n ** BigInt(-e)))

/**
 * null when the product's APR string is the exact apr rounded to its 18 significant digits (the
 * product's display CHOICE): the string, read back as an exact rational, is within half a unit of
 * its 18th significant digit from the reference's exact value, and has no more than 18 of them.
 */
export function aprDiff(product: string, exact: Rat): string | null {
    const why = (m: string) => `apr: product ${product}, reference ${exact.num}/${exact.den}: ${m}`
    if (!/^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/.test(product)) return why('not a plain decimal without trailing zeros')
    if (exact.num === 0n) return product === '0' ? null : why('expected "0"')
    const digits = product.replace('-', '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '')
    if (digits.length > 18) return why('more than 18 significant digits')
    const p = parseDecimalRat(product)
    if ((p.num < 0n) !== (exact.num < 0n)) return why('sign')
    const abs = rat(exact.num < 0n ? -exact.num : exact.num, exact.den)
    let e = abs.num.toString().length - abs.den.toString().length
    while (!ratLte(pow10(e), abs)) e--
    while (ratLte(pow10(e + 1), abs)) e++
    const d = ratSub(p, exact)
    const err = rat(d.num < 0n ? -d.num : d.num, d.den)
    // |p − q| <= ½·10^(e−17)
    return ratLte(rat(2n * err.num, err.den), pow10(e - 17)) ? null : why('not the exact value rounded to 18 significant digits')
}

export function depositView(d: DepositOutcome | RefDeposit) {
    return {
        id: 'depositId' in d ? d.depositId : d.id,
        from: d.from, amount: d.amount as bigint, timestamp: d.timestamp, period: d.period, status: d.status, shares: d.shares as bigint,
    }
}

export function finalDepositView(d: DepositState | RefDeposit) {
    return {
        ...depositView(d),
        finalStatus: d.finalStatus,
        refundOutflowId: 'refund' in d ? d.refund?.outflowId ?? null : d.refundOutflowId,
    }
}

/** a request without its ETA (the folds' queue has none) */
export function requestView(r: UnstakeRequest | RefRequest) {
    return {
        id: r.id, ethAccount: r.ethAccount, recipient: r.recipient, shares: r.shares as bigint, owedPlanck: r.owedPlanck as bigint,
        paidPlanck: r.paidPlanck as bigint, status: r.status, requestedAt: r.requestedAt, paidAt: r.paidAt, deadline: r.deadline, overdue: r.overdue,
    }
}

export function liquidityView(l: Liquidity | RefLiquidity) {
    if ('eraClock' in l) {
        return {
            freeByAccount: l.freeByAccount.map(x => [x.account, x.amount as bigint]), free: l.free as bigint,
            bondedByStash: l.bondedByStash.map(x => [x.account, x.amount as bigint]), bonded: l.bonded as bigint,
            chunks: l.chunks.map(c => ({ stash: c.stash, unbondedId: c.unbondedId, amount: c.amount as bigint, unlockEra: c.unlockEra })),
            unbonding: l.unbonding as bigint,
            clock: l.eraClock ? { activeEra: l.eraClock.activeEra, startedAt: l.eraClock.startedAt } : null,
            withdrawnWithoutChunk: l.withdrawnWithoutChunk as bigint,
        }
    }
    return {
        freeByAccount: l.freeByAccount.map(([a, x]) => [a, x]), free: l.free, bondedByStash: l.bondedByStash.map(([a, x]) => [a, x]), bonded: l.bonded,
        chunks: l.chunks.map(c => ({ stash: c.stash, unbondedId: c.unbondedId, amount: c.amount, unlockEra: c.unlockEra })),
        unbonding: l.unbonding, clock: l.clock ? { activeEra: l.clock.activeEra, startedAt: l.clock.startedAt } : null, withdrawnWithoutChunk: l.withdrawnWithoutChunk,
    }
}

export function totalsView(q: QueueReportTotals | RefQueue) {
    return {
        pendingOwed: q.pendingOwed as bigint, invalidRecipientOwed: q.invalidRecipientOwed as bigint, free: q.free as bigint, refundable: q.refundable as bigint,
        unbonding: q.unbonding as bigint, toUnbond: q.toUnbond as bigint, overdueCount: q.overdueCount,
        requestCount: 'requestCount' in q ? q.requestCount : q.requests.length,
    }
}

/** the whole queue view at a watermark: totals, every request with its ETA, unmatched outflows, liquidity */
export function queueView(q: QueueReport | RefQueue) {
    const product = 'allocations' in q
    return {
        ...totalsView(product ? { ...q, requestCount: q.requests.length } : q),
        requests: (q.requests as readonly (UnstakeRequest | RefRequest)[]).map(r => ({
            ...requestView(r), eta: (r as { eta: number | null }).eta, etaReason: (r as { etaReason: string | null }).etaReason,
        })),
        unmatchedOutflows: product
            ? (q as QueueReport).unmatchedOutflows.map(o => ({ id: o.id, to: o.to, amountPlanck: o.amountPlanck as bigint, unmatchedPlanck: o.unmatchedPlanck as bigint }))
            : (q as RefQueue).outflows.filter(o => o.unmatchedPlanck > 0n).map(o => ({ id: o.id, to: o.to, amountPlanck: o.amountPlanck, unmatchedPlanck: o.unmatchedPlanck })),
        liquidity: liquidityView(q.liquidity),
    }
}
