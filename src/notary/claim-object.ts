import { getAddress } from 'ethers'
import { formatKsm, planck } from '../domain/units'
import { KUSAMA_SS58_PREFIX } from '../domain/kusama-address'

/**
 * The claim object of the seed documents / SPEC §4.10, exactly:
 * `{claim: {address, status, data: {network, claimId, claimBeforeBlock, amount, nativeAmount, shares,
 *   signature, ethAddress}, createdTimestamp, expiresTimestamp, tokenAddress, loanId: 0}, tokenAddress}`
 *  - address: the Kusama account (SS58 prefix 2)
 *  - data.network: the Kusama SS58 network prefix (2)
 *  - data.claimId: 0x + 64 hex (uint256); data.claimBeforeBlock: Ethereum block number
 *  - data.nativeAmount: the on-chain `amount` of isClaimValid and claimBonds — the share count in base
 *    units (18 decimals), as a decimal integer string. Ankr's dashboard passes it straight into both
 *    calls, so it must be exactly what the notary signed.
 *  - data.shares: repeats nativeAmount
 *  - data.amount: its KSM value as a decimal string (from the stored planck value, native_amount)
 *  - data.signature: the notary's 65-byte secp256k1 signature over the raw claim hash
 *  - createdTimestamp / expiresTimestamp: unix SECONDS (expires is an estimate at 12 s per block;
 *    claimBeforeBlock is authoritative)
 */
export interface ClaimObject {
    claim: {
        address: string
        status: 'ACTIVE' | 'CLAIMED' | 'EXPIRED'
        data: {
            network: number
            claimId: string
            claimBeforeBlock: number
            amount: string
            nativeAmount: string
            shares: string
            signature: string
            ethAddress: string
        }
        createdTimestamp: number
        expiresTimestamp: number
        tokenAddress: string
        loanId: 0
    }
    tokenAddress: string
}

/** a notary_claim row (snake_case columns, numerics as strings) → the claim object */
export function claimObject(r: any): ClaimObject {
    const token = getAddress(r.token_address)
    return {
        claim: {
            address: r.kusama_account,
            status: r.status,
            data: {
                network: KUSAMA_SS58_PREFIX,
                claimId: claimIdHex(BigInt(r.claim_id)),
                claimBeforeBlock: Number(r.claim_before_block),
                amount: formatKsm(planck(BigInt(r.native_amount))),
                nativeAmount: String(r.shares),
                shares: String(r.shares),
                signature: r.signature,
                ethAddress: getAddress(r.eth_account),
            },
            createdTimestamp: Math.floor(new Date(r.created_at).getTime() / 1000),
            expiresTimestamp: Math.floor(new Date(r.expires_at).getTime() / 1000),
            tokenAddress: token,
            loanId: 0,
        },
        tokenAddress: token,
    }
}

export function claimIdHex(id: bigint): string {
    return '0x' + id.toString(16).padStart(64, '0')
}
