import { u8aToHex } from '@polkadot/util'
import type { KeyringPair } from '@polkadot/keyring/types'
import { getAddress } from 'ethers'
import { ChainProfile } from '../config/profile'
import { encodeKusamaAddress } from '../domain/kusama-address'
import { ClaimObject } from './claim-object'
import { canonicalMessageBytes, Deployment } from './message'

/** The client side of requestClaim (dashboard, scenario op, tests): sign and send a claim request. */
export interface ClaimRequestInput {
    kusamaAddress: string
    ethAddress: string
    /** share base units, or max */
    shares: bigint | 'max'
    nonce: string
    signature: string
}

export function deploymentOf(profile: ChainProfile): Deployment {
    return { name: profile.name, ethChainId: profile.ethereum.chainId, token: profile.ethereum.bond }
}

/** Signs the canonical message with a Kusama key pair (sr25519 or ed25519). */
export function signClaimRequest(pair: KeyringPair, d: Deployment, r: { ethAddress: string; shares: bigint | 'max'; nonce: string }): ClaimRequestInput {
    const kusamaAddress = encodeKusamaAddress(pair.publicKey)
    const ethAddress = getAddress(r.ethAddress)
    const message = canonicalMessageBytes(d, { kusamaAddress, ethAddress, shares: r.shares as any, nonce: r.nonce })
    return { kusamaAddress, ethAddress, shares: r.shares, nonce: r.nonce, signature: u8aToHex(pair.sign(message)) }
}

export const REQUEST_CLAIM = `mutation($k: String!, $e: String!, $s: String!, $n: String!, $sig: String!) {
  requestClaim(kusamaAddress: $k, ethAddress: $e, shares: $s, nonce: $n, signature: $sig) }`

/** Sends requestClaim; resolves the claim object or rejects with the API's error message. */
export async function sendClaimRequest(graphqlUrl: string, r: ClaimRequestInput): Promise<ClaimObject> {
    const res = await fetch(graphqlUrl, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: REQUEST_CLAIM, variables: { k: r.kusamaAddress, e: r.ethAddress, s: r.shares.toString(), n: r.nonce, sig: r.signature } }),
    })
    const body: any = await res.json()
    if (body.errors?.length) throw new Error(body.errors.map((e: any) => e.message).join('; '))
    return body.data.requestClaim
}
