import { Arg, Int, Query, Resolver } from 'type-graphql'
import { ONE_RATIO, ratio as mkRatio, shares as mkShares } from '../domain/units'
import { balanceOf, claimableShares, claimRatio, RESERVING_CLAIM_STATUSES, sharesValuePlanck } from '../oracle/shared-rules'
import { parseAccountAddress } from './address'
import { page } from './paging'
import { Tx, UNSTAKE_COLUMNS, unstakeView } from './rows'
import { AccountSummary, HistoryEntry } from './views'
import { listClaimObjects } from './claims'
import { JSONObject } from '../notary/json-scalar'

/**
 * The dashboard's view of one person, by Kusama or Ethereum address (SPEC §4.10, §4.11).
 * Claims are keyed by the Kusama account that deposited; what is claimable is the oracle core's
 * rule (src/oracle/core/claims.ts), applied to the deposit outcomes and notary claims read here.
 */
@Resolver()
export class AccountResolver {
    constructor(private tx: Tx) {}

    @Query(() => AccountSummary)
    async accountSummary(@Arg('address') address: string): Promise<AccountSummary> {
        const a = parseAccountAddress(address)
        const em = await this.tx()
        const zero = '0'
        if (a.chain === 'KUSAMA') {
            const [credited] = await em.query(
                `SELECT coalesce(sum(shares), 0)::text AS s FROM deposit_outcome WHERE account = $1 AND status = 'CREDITED'`, [a.address])
            const [claims] = await em.query(
                `SELECT coalesce(sum(shares) FILTER (WHERE status = ANY($2)), 0)::text AS reserved,
                        coalesce(sum(shares) FILTER (WHERE status = 'CLAIMED'), 0)::text AS claimed
                 FROM notary_claim WHERE kusama_account = $1`, [a.address, RESERVING_CLAIM_STATUSES])
            const [latest] = await em.query('SELECT ratio FROM period_report ORDER BY period DESC LIMIT 1')
            const claimable = claimableShares(mkShares(BigInt(credited.s)), mkShares(BigInt(claims.reserved)))
            const r = claimRatio(latest ? BigInt(latest.ratio) : null)
            const pending = await em.query(
                `SELECT ${UNSTAKE_COLUMNS} FROM unstake_request WHERE recipient = $1 AND status <> 'PAID' ORDER BY queue_position LIMIT 1000`, [a.address])
            return {
                address: a.address, chain: a.chain, creditedShares: String(credited.s), claimableShares: claimable.toString(),
                claimableValuePlanck: sharesValuePlanck(claimable, r).toString(), claimedShares: String(claims.claimed), sharesOnChain: zero,
                bondBalance: zero, pendingUnstakes: pending.map(unstakeView),
            }
        }
        const [holder] = await em.query('SELECT shares FROM bond_holder WHERE id = $1', [a.address])
        const [supply] = await em.query('SELECT ratio FROM bond_supply LIMIT 1')
        const [claimed] = await em.query('SELECT coalesce(sum(shares), 0) AS s FROM claim WHERE lower(account) = $1', [a.address])
        const onChain = mkShares(BigInt(holder?.shares ?? 0))
        const r = supply ? mkRatio(BigInt(supply.ratio)) : ONE_RATIO
        const pending = await em.query(
            `SELECT ${UNSTAKE_COLUMNS} FROM unstake_request WHERE lower(eth_account) = $1 AND status <> 'PAID' ORDER BY queue_position LIMIT 1000`, [a.address])
        return {
            address: a.address, chain: a.chain, creditedShares: zero, claimableShares: zero, claimableValuePlanck: zero,
            claimedShares: String(claimed.s), sharesOnChain: onChain.toString(),
            bondBalance: (r > 0n ? balanceOf(onChain, r) : 0n).toString(), pendingUnstakes: pending.map(unstakeView),
        }
    }

    @Query(() => [HistoryEntry], { description: 'STAKE, CLAIM, UNSTAKE, PAYOUT and TRANSFER entries of an address, newest first' })
    async accountHistory(
        @Arg('address') address: string,
        @Arg('limit', () => Int, { nullable: true }) limit?: number,
        @Arg('offset', () => Int, { nullable: true }) offset?: number,
    ): Promise<HistoryEntry[]> {
        const a = parseAccountAddress(address)
        const p = page(limit, offset)
        const em = await this.tx()
        const parts = a.chain === 'KUSAMA'
            ? [
                // a deposit the oracle has not decided yet (not final, or report D-1 missing) is PENDING
                `SELECT 'STAKE' AS kind, d."timestamp", d.amount::text AS amount, coalesce(o.status::text, 'PENDING') AS status, d.id AS ref
                 FROM pool_deposit d LEFT JOIN deposit_outcome o ON o.id = d.id WHERE d."from" = $1`,
                // an outflow that refunded a deposit is marked REFUND
                `SELECT 'PAYOUT', t."timestamp", t.amount::text, CASE WHEN o.id IS NULL THEN NULL ELSE 'REFUND' END, t.id
                 FROM pool_transfer t LEFT JOIN deposit_outcome o ON o.refund_outflow_id = t.id WHERE t.kind = 'OUTFLOW' AND t."to" = $1`,
                `SELECT 'UNSTAKE', requested_at, owed_planck::text, status, id FROM unstake_request WHERE recipient = $1`,
                `SELECT 'CLAIM', created_at, shares::text, status::text, id FROM notary_claim WHERE kusama_account = $1`,
            ]
            : [
                `SELECT 'CLAIM' AS kind, created_at AS "timestamp", shares::text AS amount, status::text AS status, id AS ref FROM notary_claim WHERE eth_account = $1`,
                `SELECT 'CLAIM', "timestamp", shares::text, 'CLAIMED', id FROM claim c WHERE lower(account) = $1
                   AND NOT EXISTS (SELECT 1 FROM notary_claim n WHERE n.claim_id = c.claim_id)`,
                `SELECT 'UNSTAKE', requested_at, owed_planck::text, status, id FROM unstake_request WHERE lower(eth_account) = $1`,
                `SELECT 'TRANSFER', "timestamp", value::text, CASE WHEN lower("from") = $1 THEN 'OUT' ELSE 'IN' END, id
                 FROM bond_transfer WHERE kind = 'TRANSFER' AND (lower("from") = $1 OR lower("to") = $1)`,
            ]
        const rows = await em.query(`${parts.join(' UNION ALL ')} ORDER BY 2 DESC, 5 DESC LIMIT $2 OFFSET $3`, [a.address, p.limit, p.offset])
        return rows.map((r: any) => ({ kind: r.kind, timestamp: new Date(r.timestamp), amount: r.amount, status: r.status ?? undefined, ref: r.ref }))
    }

    @Query(() => [JSONObject], {
        description: 'claims of a Kusama (claimer) or Ethereum (receiver) address as SPEC §4.10 claim objects, newest first — what ' +
            'GET /claims?address=&loanId=&network= answers (SPEC §4.15): notary claims, and Ledger remarks that became none (REFUSED with ' +
            '`code` and `reason`, or PENDING until final and decided). `network` must be "KSM" when given; a loanId other than 0 matches nothing.',
    })
    async accountClaims(
        @Arg('address') address: string,
        @Arg('limit', () => Int, { nullable: true }) limit?: number,
        @Arg('offset', () => Int, { nullable: true }) offset?: number,
        @Arg('loanId', () => Int, { nullable: true }) loanId?: number,
        @Arg('network', { nullable: true }) network?: string,
    ): Promise<object[]> {
        const em = await this.tx()
        return listClaimObjects((sql, params) => em.query(sql, params), { address, loanId, network, limit, offset })
    }
}
