/**
 * SPEC §4.10 — what a Kusama account can claim: its credited deposit shares less the shares of its
 * ACTIVE and CLAIMED notary claims (an EXPIRED claim released its shares), and what those shares
 * are worth at the latest report's ratio. The API and the notary both answer with these.
 */
import { balanceOf, max, ONE_RATIO, Planck, planck, Ratio, ratio, Shares, sub, toPlanck, ZERO_SHARES } from '../../domain/units'

/** Claim statuses that hold an account's shares. */
export const RESERVING_CLAIM_STATUSES: readonly string[] = ['ACTIVE', 'CLAIMED']

export function claimableShares(credited: Shares, reserved: Shares): Shares {
    return max(ZERO_SHARES, sub(credited, reserved))
}

/** KSM value of `s` shares at R: toPlanck(balance(s, R)); 0 at a ratio that cannot price them. */
export function sharesValuePlanck(s: Shares, r: Ratio): Planck {
    return r > 0n ? toPlanck(balanceOf(s, r)) : planck(0n)
}

/** The ratio claims are valued at: the latest report's, 1e18 before any report (§4.3). */
export function claimRatio(latestReportRatio: bigint | null | undefined): Ratio {
    return latestReportRatio == null ? ONE_RATIO : ratio(latestReportRatio)
}
