/**
 * The SPEC rules that the API and the notary apply to what they read, re-exported from the one
 * home of each in the oracle core: claimable shares and their value (§4.10), the reward fee
 * (§4.4), the parts of a period's APR (§4.6), the watermark (§4.2), an unstake request's ETA at the live
 * watermark from its stored form (§4.9), the unit conversions (§2). Readers import from here, never
 * re-state a rule in SQL or in a resolver.
 */
export { claimableShares, claimRatio, RESERVING_CLAIM_STATUSES, sharesValuePlanck } from './core/claims'
export { rewardFee } from './core/fees'
export { APR_PART_NAMES, decomposeApr, formatRational } from './core/apr-decomposition'
export { kusamaTimeAcrossParts, watermarkOf } from './core/periods'
export { etaAt } from './core/eta'
export type { EtaReason } from './core/eta'
export { balanceOf, sharesOf, toBond, toPlanck } from '../domain/units'
