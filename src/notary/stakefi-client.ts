import { u8aToHex, u8aWrapBytes } from '@polkadot/util'
import type { KeyringPair } from '@polkadot/keyring/types'
import { encodeKusamaAddress } from '../domain/kusama-address'
import { ClaimObject } from './claim-object'
import { stakeFiMessageBytes, STAKEFI_NETWORK } from './stakefi'

/**
 * The client side of Ankr's dashboard browser-wallet request (SPEC §4.15), for the scenario op, tests and
 * anyone scripting against POST /claims: the request body, signed as the polkadot.js extension signs it.
 */
export interface StakeFiRequestBody {
    address: string
    amount: string
    ethAddress: string
    network: string
    signature: string
    timestamp: number | string
}

/**
 * Signs like the polkadot.js extension's `signRaw({type: 'bytes', data: message})`: over
 * `<Bytes>` + message + `</Bytes>` (u8aWrapBytes); `wrap: false` signs the bare message.
 */
export function signStakeFiRequest(pair: KeyringPair, r: { ethAddress: string; amount: string; timestamp: number; wrap?: boolean }): StakeFiRequestBody {
    const publicKey = u8aToHex(pair.publicKey)
    const message = stakeFiMessageBytes(publicKey, r.ethAddress, r.timestamp)
    const signature = u8aToHex(pair.sign(r.wrap === false ? message : u8aWrapBytes(message)))
    return { address: encodeKusamaAddress(pair.publicKey), amount: r.amount, ethAddress: r.ethAddress, network: STAKEFI_NETWORK, signature, timestamp: r.timestamp }
}

/** The API's base URL (http://host:port) from its GraphQL URL. */
export function apiBaseUrl(graphqlUrl: string): string {
    return graphqlUrl.replace(/\/graphql\/?$/, '')
}

export class ClaimsHttpError extends Error {
    constructor(readonly status: number, readonly code: string, message: string) {
        super(message)
    }
}

/** POST /claims; resolves the claim object or rejects with the notary's `<CODE>: <reason>`. */
export async function postStakeFiClaim(baseUrl: string, body: unknown): Promise<ClaimObject> {
    const res = await fetch(`${baseUrl}/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const answer: any = await res.json()
    if (!res.ok) throw new ClaimsHttpError(res.status, answer?.code, answer?.message ?? `HTTP ${res.status}`)
    return answer
}

/** GET /claims?address=&loanId=&network= */
export async function listClaims(baseUrl: string, q: { address: string; loanId?: number | string; network?: string }): Promise<any[]> {
    const params = new URLSearchParams({ address: q.address })
    if (q.loanId !== undefined) params.set('loanId', String(q.loanId))
    if (q.network !== undefined) params.set('network', q.network)
    const res = await fetch(`${baseUrl}/claims?${params}`)
    const answer: any = await res.json()
    if (!res.ok) throw new ClaimsHttpError(res.status, answer?.code, answer?.message ?? `HTTP ${res.status}`)
    return answer
}
