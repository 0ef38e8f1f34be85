/**
 * SPEC §4.3–§4.6 — one period report from the previous period's state and the period's events,
 * and the from-scratch recomputation of every period. Pure: no I/O, no clock.
 *
 * Consumed events of period D (timestamp in [start(D), end(D))):
 *  - Deposit (every status, decided by deposits.ts against report D−1: only CREDITED ones move S
 *    and P; BELOW_MINIMUM and HELD ones are counted and hashed), Reward, Slash, Burn (both
 *    recipient statuses: an INVALID_RECIPIENT burn is still a liability);
 *  - RatioUpdate: tracked for the on-chain ratio at end(D) (ONCHAIN_DRIFT).
 *  - PoolTransfer, StakingChange, EraPaid, PoolFee are accepted and ignored (liquidity/queue only).
 *
 * inputsHash (CHOICE, SPEC: "sha256 of the sorted ids of the domain events it consumed"):
 *   lowercase hex sha256 of the UTF-8 string `ids.join('\n')`, where ids = the ids of the
 *   period's ledger events (Deposit, Reward, Slash, Burn) plus the id of the RatioUpdate in force
 *   at end(D) when there is one (it feeds ONCHAIN_DRIFT, possibly from an earlier period),
 *   sorted by UTF-16 code units. An empty period hashes the empty string
 *   (or just the RatioUpdate id).
 * Id range (CHOICE): first/last ledger event id of D in canonical (chain) order.
 *
 * Events before the first reported period are not consumed by any report except RatioUpdates
 * (which seed the on-chain ratio); see genesisState.
 */
import { createHash } from 'crypto'
import {
    add,
    BondAmount,
    bond,
    ONE_RATIO,
    Planck,
    Ratio,
    ratio as mkRatio,
    ratioFromPool,
    Shares,
    shares as mkShares,
    sub,
    toBond,
    ZERO_BOND,
    ZERO_PLANCK,
    ZERO_SHARES,
} from '../../domain/units'
import { formatApr } from './apr'
import { rewardFee } from './fees'
import { isPublishable, RatioCheck, runChecks } from './checks'
import { CreditBasis, decideDeposit, DepositOutcome } from './deposits'
import { compareEvents, DomainEvent, isLedgerEvent, RatioUpdateEvent, sortEvents, TimestampMs } from './events'
import { firstDepositTimestamp, periodEnd, periodLabel, periodOf, periodStart, periodsOf, reportablePeriods } from './periods'
import { CoreSettings, maxAprScaled, validateSettings } from './settings'
import type { ReservesSection } from './reserves'

/** What carries from one period to the next. */
export interface PeriodState {
    /** the last period reported (genesis: first period − 1) */
    readonly period: number
    /** R of that period's report (ONE_RATIO at genesis) */
    readonly ratio: Ratio
    /** S, P after that period (0 at genesis); P may be negative after an insolvent period */
    readonly totalShares: Shares
    readonly pooledValue: BondAmount
    /** on-chain ratio in force after that period's events (1e18 before any RatioUpdate) */
    readonly onchainRatio: Ratio
    readonly onchainRatioId: string | null
    /** that period's report was INSOLVENT: deposits of the next period are HELD (§4.1); false at genesis */
    readonly insolvent: boolean
}

/** The basis on which deposits of period state.period + 1 are decided (§4.1, §4.3). */
export function creditBasis(state: PeriodState): CreditBasis {
    return { period: state.period, ratio: state.ratio, insolvent: state.insolvent }
}

export interface RatioReport {
    readonly period: number
    /** "YYYY-MM-DD" (see periodLabel) */
    readonly label: string
    readonly periodStart: TimestampMs
    readonly periodEnd: TimestampMs
    readonly prevRatio: Ratio
    readonly ratio: Ratio
    readonly prevTotalShares: Shares
    readonly totalShares: Shares
    readonly prevPooledValue: BondAmount
    readonly pooledValue: BondAmount
    readonly creditedPlanck: Planck
    readonly creditedShares: Shares
    readonly creditedCount: number
    readonly belowMinimumPlanck: Planck
    readonly belowMinimumCount: number
    readonly heldPlanck: Planck
    readonly heldCount: number
    readonly grossRewardPlanck: Planck
    readonly feePlanck: Planck
    readonly netRewardPlanck: Planck
    readonly rewardCount: number
    readonly slashedPlanck: Planck
    readonly slashCount: number
    readonly burnedShares: Shares
    readonly owedPlanck: Planck
    readonly burnCount: number
    /** burns of revision R1 (each may leave one share unit in S: MONOTONE's bound) */
    readonly r1BurnCount: number
    readonly onchainRatio: Ratio
    readonly onchainRatioId: string | null
    readonly insolvent: boolean
    readonly negativeShares: boolean
    readonly apr: string
    readonly checks: readonly RatioCheck[]
    readonly publishable: boolean
    /** number of ledger events consumed */
    readonly eventCount: number
    readonly firstEventId: string | null
    readonly lastEventId: string | null
    readonly inputsHash: string
    /** SPEC §4.14, attached by withReserves (reserves.ts) when the chains' storage was read; absent otherwise */
    readonly reserves?: ReservesSection
}

export interface PeriodResult {
    readonly report: RatioReport
    readonly next: PeriodState
    /** every deposit of the period with its status and shares, in canonical event order */
    readonly deposits: readonly DepositOutcome[]
}

/** On-chain ratio in force at time `t` (last RatioUpdate with timestamp < t), 1e18 if none. */
export function onchainRatioBefore(events: readonly DomainEvent[], t: TimestampMs): { ratio: Ratio; id: string | null } {
    let last: RatioUpdateEvent | null = null
    for (const e of events) {
        if (e.type !== 'RatioUpdate' || e.timestamp >= t) continue
        if (last == null || compareEvents(e, last) > 0) last = e
    }
    return last == null ? { ratio: ONE_RATIO, id: null } : { ratio: last.ratio, id: last.id }
}

/**
 * State before the first reported period `firstPeriod`: R = 1e18, S = P = 0, and the on-chain
 * ratio in force at start(firstPeriod) taken from `ratioUpdates` (any events may be passed;
 * only RatioUpdates before that start are used).
 */
export function genesisState(firstPeriod: number, periodSeconds: number, events: readonly DomainEvent[] = []): PeriodState {
    const onchain = onchainRatioBefore(events, periodStart(firstPeriod, periodSeconds))
    return {
        period: firstPeriod - 1,
        ratio: ONE_RATIO,
        totalShares: ZERO_SHARES,
        pooledValue: ZERO_BOND,
        onchainRatio: onchain.ratio,
        onchainRatioId: onchain.id,
        insolvent: false,
    }
}

function nonNegative(x: bigint, what: string, id: string): void {
    if (x < 0n) throw new RangeError(`${what} of event ${id} is negative: ${x}`)
}

/** sha256 hex of the sorted ids joined by '\n' (see the module comment). */
export function hashIds(ids: readonly string[]): string {
    const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    return createHash('sha256').update(sorted.join('\n'), 'utf8').digest('hex')
}

/**
 * The report of period prev.period + 1. `events` must all lie in that period (throws otherwise);
 * their order does not matter. See the module comment for what is consumed.
 */
export function computeReport(prev: PeriodState, events: readonly DomainEvent[], settings: CoreSettings): PeriodResult {
    validateSettings(settings)
    const D = prev.period + 1
    const start = periodStart(D, settings.periodSeconds)
    const end = periodEnd(D, settings.periodSeconds)
    const sorted = sortEvents(events)
    const R = prev.ratio

    let creditedPlanck = ZERO_PLANCK
    let creditedShares = ZERO_SHARES
    let creditedCount = 0
    let belowMinimumPlanck = ZERO_PLANCK
    let belowMinimumCount = 0
    let heldPlanck = ZERO_PLANCK
    let heldCount = 0
    let grossRewardPlanck = ZERO_PLANCK
    let feePlanck = ZERO_PLANCK
    let rewardCount = 0
    let slashedPlanck = ZERO_PLANCK
    let slashCount = 0
    let burnedShares = ZERO_SHARES
    let owedPlanck = ZERO_PLANCK
    let burnCount = 0
    let r1BurnCount = 0
    let onchainRatio = prev.onchainRatio
    let onchainRatioId = prev.onchainRatioId
    const deposits: DepositOutcome[] = []
    const basis = creditBasis(prev)
    const ids: string[] = []
    const seen = new Set<string>()

    for (const e of sorted) {
        if (e.timestamp < start || e.timestamp >= end) {
            throw new RangeError(`event ${e.type} ${e.id} at ${e.timestamp} is outside period ${D} [${start}, ${end})`)
        }
        if (isLedgerEvent(e)) {
            if (seen.has(e.id)) throw new RangeError(`duplicate event id ${e.id} in period ${D}`)
            seen.add(e.id)
            ids.push(e.id)
        }
        switch (e.type) {
            case 'Deposit': {
                const d = decideDeposit(e, basis, settings)
                deposits.push(d)
                if (d.status === 'CREDITED') {
                    creditedPlanck = add(creditedPlanck, d.amount)
                    creditedShares = add(creditedShares, d.shares)
                    creditedCount++
                } else if (d.status === 'BELOW_MINIMUM') {
                    belowMinimumPlanck = add(belowMinimumPlanck, d.amount)
                    belowMinimumCount++
                } else {
                    heldPlanck = add(heldPlanck, d.amount)
                    heldCount++
                }
                break
            }
            case 'Reward':
                nonNegative(e.amount, 'Reward amount', e.id)
                grossRewardPlanck = add(grossRewardPlanck, e.amount)
                feePlanck = add(feePlanck, rewardFee(e.amount, settings.feeBps))
                rewardCount++
                break
            case 'Slash':
                nonNegative(e.amount, 'Slash amount', e.id)
                slashedPlanck = add(slashedPlanck, e.amount)
                slashCount++
                break
            case 'Burn':
                nonNegative(e.shares, 'Burn shares', e.id)
                nonNegative(e.owedPlanck, 'Burn owedPlanck', e.id)
                burnedShares = add(burnedShares, e.shares)
                owedPlanck = add(owedPlanck, e.owedPlanck)
                burnCount++
                if (e.revision === 'R1') r1BurnCount++
                break
            case 'RatioUpdate':
                onchainRatio = e.ratio
                onchainRatioId = e.id
                break
            default:
                break
        }
    }

    const netRewardPlanck = sub(grossRewardPlanck, feePlanck)
    const S = sub(add(prev.totalShares, creditedShares), burnedShares)
    let P: BondAmount = prev.pooledValue
    P = add(P, toBond(creditedPlanck))
    P = add(P, toBond(netRewardPlanck))
    P = sub(P, toBond(slashedPlanck))
    P = sub(P, toBond(owedPlanck))
    const negativeShares = S < 0n
    const insolvent = S > 0n && P <= 0n
    const ratio: Ratio = negativeShares || insolvent ? R : ratioFromPool(S, P)

    const checks = runChecks({
        prevRatio: R,
        ratio,
        prevPooledValue: prev.pooledValue,
        totalShares: S,
        pooledValue: P,
        slashedPlanck,
        slashCount,
        r1BurnCount,
        insolvent,
        negativeShares,
        onchainRatio,
        periodSeconds: settings.periodSeconds,
        maxAprScaled: maxAprScaled(settings),
    })

    const ledger = sorted.filter(isLedgerEvent)
    const hashed = onchainRatioId == null ? ids : [...ids, onchainRatioId]
    const report: RatioReport = {
        period: D,
        label: periodLabel(D, settings.periodSeconds),
        periodStart: start,
        periodEnd: end,
        prevRatio: R,
        ratio,
        prevTotalShares: prev.totalShares,
        totalShares: S,
        prevPooledValue: prev.pooledValue,
        pooledValue: P,
        creditedPlanck,
        creditedShares,
        creditedCount,
        belowMinimumPlanck,
        belowMinimumCount,
        heldPlanck,
        heldCount,
        grossRewardPlanck,
        feePlanck,
        netRewardPlanck,
        rewardCount,
        slashedPlanck,
        slashCount,
        burnedShares,
        owedPlanck,
        burnCount,
        r1BurnCount,
        onchainRatio,
        onchainRatioId,
        insolvent,
        negativeShares,
        apr: formatApr(R, ratio, settings.periodSeconds),
        checks,
        publishable: isPublishable(checks),
        eventCount: ledger.length,
        firstEventId: ledger.length > 0 ? ledger[0].id : null,
        lastEventId: ledger.length > 0 ? ledger[ledger.length - 1].id : null,
        inputsHash: hashIds(hashed),
    }
    const next: PeriodState = { period: D, ratio, totalShares: S, pooledValue: P, onchainRatio, onchainRatioId, insolvent }
    return { report, next, deposits }
}

/**
 * Every period from the one holding the first Deposit (any status) up to the last period whose
 * end <= watermark, computed from scratch (events in any order). Same code path as the
 * incremental worker (computeReport per period), so results are byte-identical by construction.
 */
export function replayPeriods(events: readonly DomainEvent[], settings: CoreSettings, watermark: TimestampMs | null): PeriodResult[] {
    validateSettings(settings)
    const range = reportablePeriods(firstDepositTimestamp(events), watermark, settings.periodSeconds)
    if (range == null) return []
    const sorted = sortEvents(events)
    let state = genesisState(range.first, settings.periodSeconds, sorted)
    const firstStart = periodStart(range.first, settings.periodSeconds)
    let i = 0
    while (i < sorted.length && sorted[i].timestamp < firstStart) i++
    const out: PeriodResult[] = []
    for (const D of periodsOf(range)) {
        const end = periodEnd(D, settings.periodSeconds)
        const j0 = i
        while (i < sorted.length && sorted[i].timestamp < end) i++
        const result = computeReport(state, sorted.slice(j0, i), settings)
        out.push(result)
        state = result.next
    }
    return out
}

/** SPEC §4.6 "recomputing every period from scratch": the reports of replayPeriods. */
export function recomputeAll(events: readonly DomainEvent[], settings: CoreSettings, watermark: TimestampMs | null): RatioReport[] {
    return replayPeriods(events, settings, watermark).map(r => r.report)
}

/** Events of `events` that belong to period D (helper for incremental callers and tests). */
export function eventsOfPeriod<T extends DomainEvent>(events: readonly T[], period: number, periodSeconds: number): T[] {
    return events.filter(e => periodOf(e.timestamp, periodSeconds) === period)
}

/**
 * Canonical JSON of a report: the report's own key order (fixed by computeReport), bigints as
 * decimal strings, period bounds as ISO-8601 strings, no whitespace. Two reports are equal iff
 * their serialisations are; a new report field is serialised (and so verified) without a change here.
 */
export function serializeReport(r: RatioReport): string {
    const canonical = { ...r, periodStart: new Date(r.periodStart).toISOString(), periodEnd: new Date(r.periodEnd).toISOString() }
    return JSON.stringify(canonical, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
}

/** Re-brand helper for stored values (e.g. DB numeric strings) into a PeriodState. */
export function periodStateFrom(x: {
    period: number
    ratio: bigint
    totalShares: bigint
    pooledValue: bigint
    onchainRatio: bigint
    onchainRatioId: string | null
    insolvent: boolean
}): PeriodState {
    return {
        period: x.period,
        ratio: mkRatio(x.ratio),
        totalShares: mkShares(x.totalShares),
        pooledValue: bond(x.pooledValue),
        onchainRatio: mkRatio(x.onchainRatio),
        onchainRatioId: x.onchainRatioId,
        insolvent: x.insolvent,
    }
}
