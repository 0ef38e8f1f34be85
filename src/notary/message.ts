/**
 * The canonical claim-request message a Kusama account signs (SPEC §4.10), and the strict parsing
 * of the request's fields. Pure, no I/O.
 *
 * EXACT BYTES: the UTF-8 encoding of these 10 lines joined by a single LF (0x0A), with no
 * trailing newline, no carriage returns, no surrounding whitespace:
 *
 *     ksm-lst-squid claim request v1
 *     product: ksm-lst-squid liquid staking (KSM -> aKSMb)
 *     kusama network: kusama (ss58 prefix 2)
 *     deployment: <profile name, e.g. mainnet>
 *     ethereum chain id: <decimal chain id, e.g. 1>
 *     token: <aKSMb address, EIP-55 checksummed>
 *     kusama account: <the Kusama address in SS58 prefix 2>
 *     ethereum account: <the receiving Ethereum address, EIP-55 checksummed>
 *     shares: <share base units as a decimal integer without leading zeros, or the word max>
 *     nonce: <the nonce, 1 to 64 characters of [A-Za-z0-9._:-]>
 *
 * The signature is the Kusama account's sr25519 or ed25519 signature over those bytes, or over
 * the same bytes wrapped as `<Bytes>` … `</Bytes>` (what the polkadot.js extension's signRaw
 * signs). Each (account, nonce) pair can be used for exactly one request; the token, chain id and
 * deployment bind the signature to this deployment, so it cannot be replayed elsewhere.
 */
import { getAddress, ZeroAddress } from 'ethers'
import { AddressError, decodeAnySs58, encodeKusamaAddress } from '../domain/kusama-address'
import { parseBaseUnits, Shares, shares as mkShares, UnitParseError } from '../domain/units'
import { NotaryError } from './errors'

export const MESSAGE_VERSION = 'ksm-lst-squid claim request v1'
export const PRODUCT_LINE = 'product: ksm-lst-squid liquid staking (KSM -> aKSMb)'
export const NETWORK_LINE = 'kusama network: kusama (ss58 prefix 2)'

export interface Deployment {
    /** the profile name (mainnet, local, …) */
    name: string
    ethChainId: number
    /** aKSMb, any case */
    token: string
}

export interface ClaimRequestFields {
    /** SS58 prefix 2 */
    kusamaAddress: string
    /** EIP-55 checksummed */
    ethAddress: string
    shares: Shares | 'max'
    nonce: string
}

export function canonicalMessage(d: Deployment, r: ClaimRequestFields): string {
    return [
        MESSAGE_VERSION,
        PRODUCT_LINE,
        NETWORK_LINE,
        `deployment: ${d.name}`,
        `ethereum chain id: ${d.ethChainId}`,
        `token: ${getAddress(d.token)}`,
        `kusama account: ${r.kusamaAddress}`,
        `ethereum account: ${r.ethAddress}`,
        `shares: ${r.shares === 'max' ? 'max' : r.shares.toString()}`,
        `nonce: ${r.nonce}`,
    ].join('\n')
}

export function canonicalMessageBytes(d: Deployment, r: ClaimRequestFields): Uint8Array {
    return new Uint8Array(Buffer.from(canonicalMessage(d, r), 'utf8'))
}

const NONCE_RE = /^[A-Za-z0-9._:-]{1,64}$/
/** shares are at most uint256 */
const MAX_UINT256 = (1n << 256n) - 1n

/** Validates and normalizes the raw GraphQL arguments; every refusal is a NotaryError with a clear code. */
export function parseClaimRequest(input: { kusamaAddress: unknown; ethAddress: unknown; shares: unknown; nonce: unknown }): ClaimRequestFields {
    const kusamaAddress = parseKusama(input.kusamaAddress)
    const ethAddress = parseEth(input.ethAddress)
    const nonce = input.nonce
    if (typeof nonce !== 'string' || !NONCE_RE.test(nonce)) {
        throw new NotaryError('BAD_NONCE', `nonce must be 1 to 64 characters of [A-Za-z0-9._:-], got ${show(nonce)}`)
    }
    return { kusamaAddress, ethAddress, shares: parseSharesArg(input.shares), nonce }
}

function parseKusama(v: unknown): string {
    if (typeof v !== 'string') throw new NotaryError('BAD_ADDRESS', `kusamaAddress must be an SS58 string, got ${show(v)}`)
    if (/^0x[0-9a-fA-F]{40}$/.test(v.trim())) {
        throw new NotaryError('BAD_ADDRESS', `kusamaAddress ${show(v)} is an Ethereum address; expected a Kusama (SS58) address`)
    }
    try {
        return encodeKusamaAddress(decodeAnySs58(v).publicKey)
    } catch (e) {
        const why = e instanceof AddressError ? e.message : String(e)
        throw new NotaryError('BAD_ADDRESS', `unknown address format for kusamaAddress: ${why}`)
    }
}

function parseEth(v: unknown): string {
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) {
        throw new NotaryError('BAD_ADDRESS', `ethAddress must be a 0x-prefixed 20-byte hex address, got ${show(v)}`)
    }
    let a: string
    try {
        a = getAddress(v)   // a mixed-case address must carry a valid EIP-55 checksum
    } catch {
        throw new NotaryError('BAD_ADDRESS', `ethAddress ${show(v)} has an invalid EIP-55 checksum`)
    }
    if (a === ZeroAddress) throw new NotaryError('BAD_ADDRESS', 'ethAddress must not be the zero address')
    return a
}

function parseSharesArg(v: unknown): Shares | 'max' {
    if (v === 'max') return 'max'
    if (typeof v !== 'string') throw new NotaryError('BAD_AMOUNT', `shares must be an integer string of share base units or "max", got ${show(v)}`)
    let s: bigint
    try {
        s = parseBaseUnits(v, 'shares')
    } catch (e) {
        const why = e instanceof UnitParseError ? e.message : String(e)
        throw new NotaryError('BAD_AMOUNT', `${why} (shares is an integer of 18-decimal base units, or "max")`)
    }
    if (s === 0n) throw new NotaryError('BAD_AMOUNT', 'shares must be greater than 0')
    if (s > MAX_UINT256) throw new NotaryError('BAD_AMOUNT', 'shares exceeds uint256')
    return mkShares(s)
}

function show(x: unknown): string {
    if (typeof x === 'string') return JSON.stringify(x.length > 80 ? x.slice(0, 80) + '…' : x)
    return x === null ? 'null' : typeof x
}
