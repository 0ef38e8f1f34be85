/**
 * What an account can claim, read from the database: its credited deposit shares, the shares its
 * ACTIVE and CLAIMED claims hold, and the ratio claims are valued at. The rule itself is the core's
 * (src/oracle/core/claims.ts); this is the one place the notary reads its inputs, inside whatever
 * transaction the caller runs.
 */
import { Ratio, shares as mkShares, Shares } from '../domain/units'
import { claimableShares, claimRatio, RESERVING_CLAIM_STATUSES } from '../oracle/shared-rules'

type Query = { query(sql: string, params?: unknown[]): Promise<{ rows: any[] }> }

export interface ClaimablePosition {
    credited: Shares
    reserved: Shares
    claimable: Shares
}

export async function readClaimable(db: Query, account: string): Promise<ClaimablePosition> {
    const { rows: [c] } = await db.query(
        `SELECT coalesce(sum(shares), 0)::text AS s FROM deposit_outcome WHERE account = $1 AND status = 'CREDITED'`, [account])
    const { rows: [r] } = await db.query(
        'SELECT coalesce(sum(shares), 0)::text AS s FROM notary_claim WHERE kusama_account = $1 AND status = ANY($2)', [account, RESERVING_CLAIM_STATUSES])
    const credited = mkShares(BigInt(c.s))
    const reserved = mkShares(BigInt(r.s))
    return { credited, reserved, claimable: claimableShares(credited, reserved) }
}

/** The latest report's ratio (1e18 before any report), as claims are valued. */
export async function readClaimRatio(db: Query): Promise<Ratio> {
    const { rows: [latest] } = await db.query('SELECT ratio::text AS ratio FROM period_report ORDER BY period DESC LIMIT 1')
    return claimRatio(latest ? BigInt(latest.ratio) : null)
}
