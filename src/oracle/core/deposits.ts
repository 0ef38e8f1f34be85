/**
 * SPEC §4.1 and §4.3 — what a deposit is: its status and the shares it is credited. The only home
 * of these rules: the report (S, P), the live pass (credits shown before the period closes) and
 * the refund book all call `decideDeposit`.
 *
 * A deposit of period D is decided against report D−1 (its "basis"; the genesis state before the
 * first period): below `minStakePlanck` it is BELOW_MINIMUM; otherwise, if report D−1 is
 * INSOLVENT, it is HELD; otherwise CREDITED with shares(toBond(p), R_{D−1}).
 * CHOICE (SPEC silent on a small deposit into an insolvent pool): BELOW_MINIMUM wins — it is a
 * property of the deposit alone, and both statuses are refundable alike.
 */
import { Planck, Ratio, Shares, sharesOf, toBond, ZERO_SHARES } from '../../domain/units'
import { DepositEvent } from './events'
import { periodOf } from './periods'
import { CoreSettings } from './settings'

export type DepositDecision = 'CREDITED' | 'BELOW_MINIMUM' | 'HELD'
/** REFUNDED: a BELOW_MINIMUM or HELD deposit whose refund outflow was seen (refunds.ts). */
export type DepositStatus = DepositDecision | 'REFUNDED'

/** The report a deposit of period `period + 1` is decided against. */
export interface CreditBasis {
    readonly period: number
    readonly ratio: Ratio
    readonly insolvent: boolean
}

export interface DepositOutcome {
    readonly depositId: string
    readonly from: string
    readonly amount: Planck
    readonly timestamp: number
    readonly period: number
    readonly status: DepositDecision
    /** 0 unless CREDITED */
    readonly shares: Shares
    /** R_{D−1} the deposit was decided at */
    readonly ratio: Ratio
}

export function isRefundable(status: DepositStatus): boolean {
    return status === 'BELOW_MINIMUM' || status === 'HELD'
}

/** Status and shares of deposit `d` given report D−1; throws if `basis` is not the period before d's. */
export function decideDeposit(d: DepositEvent, basis: CreditBasis, settings: Pick<CoreSettings, 'minStakePlanck' | 'periodSeconds'>): DepositOutcome {
    const period = periodOf(d.timestamp, settings.periodSeconds)
    if (period !== basis.period + 1) {
        throw new RangeError(`Deposit ${d.id} of period ${period} decided against report ${basis.period}: needs report ${period - 1}`)
    }
    if (d.amount < 0n) throw new RangeError(`Deposit amount of event ${d.id} is negative: ${d.amount}`)
    const status: DepositDecision = d.amount < settings.minStakePlanck ? 'BELOW_MINIMUM' : basis.insolvent ? 'HELD' : 'CREDITED'
    const shares = status === 'CREDITED' ? sharesOf(toBond(d.amount), basis.ratio) : ZERO_SHARES
    return { depositId: d.id, from: d.from, amount: d.amount, timestamp: d.timestamp, period, status, shares, ratio: basis.ratio }
}
