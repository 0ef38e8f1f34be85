/**
 * Settings of the pure core. Structurally a subset of `OracleSettings` (src/config/profile.ts),
 * so a profile's `oracle` section can be passed as is.
 */
import { parseDecimal } from '../../domain/units'

export interface CoreSettings {
    /** fee on each reward, basis points (SPEC §4.4, default 200) */
    readonly feeBps: number
    /** period length (SPEC §4.2, default 86400) */
    readonly periodSeconds: number
    /** APR_BOUND limit as a decimal string (SPEC §4.7, default "0.30") */
    readonly maxApr: string
    /** OVERDUE after requestedAt + this (SPEC §4.8, default 7 days) */
    readonly releasePeriodSeconds: number
    /** smallest deposit that is credited, planck (SPEC §4.1, default 0.1 KSM); applied by the core, so changing it needs no re-index */
    readonly minStakePlanck: bigint
}

export const DEFAULT_CORE_SETTINGS: CoreSettings = {
    feeBps: 200,
    periodSeconds: 86400,
    maxApr: '0.30',
    releasePeriodSeconds: 7 * 86400,
    minStakePlanck: 100_000_000_000n,
}

/** Scale of maxApr after parsing (18 decimals). */
export const APR_SCALE = 10n ** 18n

/** Throws a RangeError naming the first invalid setting. */
export function validateSettings(s: CoreSettings): void {
    if (!Number.isSafeInteger(s.feeBps) || s.feeBps < 0 || s.feeBps > 10000) {
        throw new RangeError(`feeBps must be an integer in [0, 10000], got ${s.feeBps}`)
    }
    if (!Number.isSafeInteger(s.periodSeconds) || s.periodSeconds <= 0) {
        throw new RangeError(`periodSeconds must be a positive integer, got ${s.periodSeconds}`)
    }
    if (!Number.isSafeInteger(s.releasePeriodSeconds) || s.releasePeriodSeconds < 0) {
        throw new RangeError(`releasePeriodSeconds must be a non-negative integer, got ${s.releasePeriodSeconds}`)
    }
    if (typeof s.minStakePlanck !== 'bigint' || s.minStakePlanck < 0n) {
        throw new RangeError(`minStakePlanck must be a non-negative bigint (planck), got ${String(s.minStakePlanck)}`)
    }
    maxAprScaled(s)
}

/** maxApr as an integer scaled by 1e18 ("0.30" → 3e17). At most 18 fraction digits. */
export function maxAprScaled(s: Pick<CoreSettings, 'maxApr'>): bigint {
    return parseDecimal(s.maxApr, 18, 'maxApr')
}
