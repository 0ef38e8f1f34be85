import { getAddress } from 'ethers'
import { loadProfile } from '../config/profile'
import { RowQuery } from '../db/processor-status'
import { KUSAMA_SS58_PREFIX } from '../domain/kusama-address'
import { formatKsm, planck } from '../domain/units'
import { claimObject } from '../notary/claim-object'
import { NotaryError } from '../notary/errors'
import { parseNetwork } from '../notary/stakefi'
import { AccountAddress, parseAccountAddress } from './address'
import { BadRequest, page } from './paging'

/**
 * An account's claims as the dashboard lists them (SPEC §4.10, §4.15), newest first: every notary claim
 * (ACTIVE, CLAIMED, EXPIRED) as the claim object (one issued for a Ledger remark with `claim.remark`
 * {id, extrinsicHash, blockHeight, planck}, and `code` CAPPED with a `reason` when capped at the claimable
 * amount), and every Ledger remark that has not become one —
 * REFUSED with the refusal's code and reason, or PENDING while it is not final or not decided yet —
 * in the same shape, with `claimId`, `signature` and the amounts the claim would carry null.
 * Read by GET /claims (claims-http.ts) and the GraphQL query accountClaims.
 */
export interface ClaimListingArgs {
    address: unknown
    loanId?: unknown
    network?: unknown
    limit?: number | null
    offset?: number | null
}

/** Validated listing arguments; `loanId` other than 0 matches nothing (every claim of this notary has loanId 0). */
export function parseListing(args: ClaimListingArgs): { account: AccountAddress; loanId: number; limit: number; offset: number } {
    if (typeof args.address !== 'string' || args.address.length === 0) {
        throw new NotaryError('BAD_ADDRESS', 'address must be a Kusama (SS58) or Ethereum (0x) address')
    }
    let account: AccountAddress
    try {
        account = parseAccountAddress(args.address)
    } catch (e) {
        throw new NotaryError('BAD_ADDRESS', e instanceof BadRequest ? e.message : String(e))
    }
    parseNetwork(args.network, true)
    let loanId = 0
    if (args.loanId !== undefined && args.loanId !== null && args.loanId !== '') {
        const n = typeof args.loanId === 'number' ? args.loanId : typeof args.loanId === 'string' && /^[0-9]{1,10}$/.test(args.loanId) ? Number(args.loanId) : NaN
        if (!Number.isSafeInteger(n) || n < 0) throw new NotaryError('BAD_LOAN_ID', `loanId must be a non-negative integer, got ${JSON.stringify(args.loanId)}`)
        loanId = n
    }
    let p: { limit: number; offset: number }
    try {
        p = page(args.limit, args.offset)
    } catch (e) {
        throw new NotaryError('BAD_REQUEST', e.message)
    }
    return { account, loanId, ...p }
}

let token: string | undefined
function tokenAddress(): string {
    return (token ??= getAddress(loadProfile().ethereum.bond))
}

export async function listClaimObjects(query: RowQuery, args: ClaimListingArgs): Promise<object[]> {
    const { account, loanId, limit, offset } = parseListing(args)
    if (loanId !== 0) return []
    const n = limit + offset
    const kusama = account.chain === 'KUSAMA'
    const claims = await query(
        `SELECT n.*, r.id AS remark_id, r.extrinsic_hash AS remark_extrinsic_hash, r.block_height AS remark_block_height,
                r.amount_planck::text AS remark_planck, o.code AS remark_code, o.reason AS remark_reason
         FROM notary_claim n LEFT JOIN claim_remark_outcome o ON o.notary_claim_id = n.id LEFT JOIN claim_remark r ON r.id = o.id
         WHERE n.${kusama ? 'kusama_account' : 'eth_account'} = $1 ORDER BY n.created_at DESC, n.id LIMIT $2`, [account.address, n])
    const remarks = await query(
        `SELECT r.id, r.account, r.eth_address, r.amount_planck::text AS amount_planck, r.extrinsic_hash, r.block_height, r."timestamp",
                o.status, o.code, o.reason
         FROM claim_remark r LEFT JOIN claim_remark_outcome o ON o.id = r.id
         WHERE ${kusama ? 'r.account = $1' : 'lower(r.eth_address) = $1'} AND (o.id IS NULL OR o.status = 'REFUSED')
         ORDER BY r."timestamp" DESC, r.id LIMIT $2`, [account.address, n])
    const entries = [
        ...claims.map(r => ({ at: new Date(r.created_at).getTime(), id: String(r.id), object: notaryClaimObject(r) })),
        ...remarks.map(r => ({ at: new Date(r.timestamp).getTime(), id: String(r.id), object: remarkObject(r) })),
    ]
    entries.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    return entries.slice(offset, offset + limit).map(e => e.object)
}

/** A notary claim; one issued for a Ledger remark also names the remark (and why it is less than asked, if so). */
function notaryClaimObject(r: any): object {
    const o = claimObject(r)
    if (r.remark_id == null) return o
    const remark = { id: r.remark_id, extrinsicHash: r.remark_extrinsic_hash, blockHeight: Number(r.remark_block_height), planck: r.remark_planck }
    return { ...o, claim: { ...o.claim, remark, ...(r.remark_code ? { code: r.remark_code, reason: r.remark_reason } : {}) } }
}

/** A Ledger remark without a claim, in the claim object's shape. */
function remarkObject(r: any): object {
    const t = tokenAddress()
    return {
        claim: {
            address: r.account,
            status: r.status === 'REFUSED' ? 'REFUSED' : 'PENDING',
            data: {
                network: KUSAMA_SS58_PREFIX,
                claimId: null,
                claimBeforeBlock: null,
                amount: r.amount_planck != null ? formatKsm(planck(BigInt(r.amount_planck))) : null,
                nativeAmount: null,
                shares: null,
                signature: null,
                ethAddress: r.eth_address ?? null,
            },
            createdTimestamp: Math.floor(new Date(r.timestamp).getTime() / 1000),
            expiresTimestamp: null,
            tokenAddress: t,
            loanId: 0,
            remark: { id: r.id, extrinsicHash: r.extrinsic_hash, blockHeight: Number(r.block_height), planck: r.amount_planck ?? null },
            ...(r.status === 'REFUSED' ? { code: r.code, reason: r.reason } : {}),
        },
        tokenAddress: t,
    }
}
