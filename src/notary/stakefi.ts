/**
 * The two claim requests of Ankr's staking dashboard (SPEC §4.15), as pure parsing and message
 * building: no I/O. The notary (notary.ts) verifies and reserves; the Kusama processor records the
 * Ledger remarks (src/chains/kusama/mapping/calls.ts) with parseClaimRemark's verdict.
 *
 * Browser wallet — JSON `{address, amount, ethAddress, network, signature, timestamp}`:
 *  - address:   the Kusama account, SS58 with prefix 2 (an address of another network is refused);
 *  - amount:    the shares to claim as a decimal string of at most 18 decimals ("1.5" = 1.5e18 share units);
 *  - ethAddress: the receiving Ethereum address (0x + 40 hex; a mixed-case one must be EIP-55 valid);
 *  - network:   "KSM";
 *  - timestamp: the request's expiry in Unix milliseconds (a JSON number or a decimal string), in the
 *               future and at most 1 h ahead of the notary's clock;
 *  - signature: the account's sr25519/ed25519 signature (0x hex) over the ASCII message
 *        StakeFi Signed Message:\n<public key, 0x + 64 lowercase hex>\n<ethAddress as sent>\n<timestamp>
 *    wrapped as `<Bytes>` … `</Bytes>` (what the polkadot.js extension's signRaw({type: 'bytes'}) signs)
 *    or bare.
 * The message names no amount: one signed request (account, timestamp) is one claim, and a replay of
 * the same request answers that claim again (the notary keys it as nonce `stakefi:<timestamp>`).
 *
 * Ledger wallet — a System.remark whose data is, byte for byte (78 bytes):
 *     "Stakefi Signed Message:\nCreateClaim\n" (36 bytes) ‖ Ethereum address (20) ‖ "\n" ‖
 *     loanId (4, big-endian, must be 0) ‖ "\n" ‖ amount in planck (16, big-endian u128)
 */
import { getAddress, ZeroAddress } from 'ethers'
import { AddressError, decodeAnySs58, encodeKusamaAddress, KUSAMA_SS58_PREFIX } from '../domain/kusama-address'
import { parseShares, Shares, UnitParseError } from '../domain/units'
import { NotaryError } from './errors'

export const STAKEFI_NETWORK = 'KSM'
export const STAKEFI_MESSAGE_HEADER = 'StakeFi Signed Message:'
/** how far ahead of the notary's wall clock a request's expiry may be */
export const STAKEFI_MAX_AHEAD_MS = 3600_000

/** The fields of a browser-wallet request, validated. */
export interface StakeFiRequest {
    /** SS58 prefix 2 */
    kusamaAddress: string
    /** 0x + 64 lowercase hex */
    publicKey: string
    /** exactly as sent: the signed message carries it this way */
    ethAddressAsSent: string
    /** EIP-55 checksummed */
    ethAddress: string
    shares: Shares
    /** Unix ms */
    timestamp: number
    signature: string
}

/** The ASCII message the account signs. */
export function stakeFiMessage(publicKey: string, ethAddressAsSent: string, timestamp: number | string): string {
    return `${STAKEFI_MESSAGE_HEADER}\n${publicKey}\n${ethAddressAsSent}\n${timestamp}`
}

export function stakeFiMessageBytes(publicKey: string, ethAddressAsSent: string, timestamp: number | string): Uint8Array {
    return new Uint8Array(Buffer.from(stakeFiMessage(publicKey, ethAddressAsSent, timestamp), 'ascii'))
}

/** The notary's idempotency key of a browser-wallet request: one claim per (account, timestamp). */
export function stakeFiNonce(timestamp: number): string {
    return `stakefi:${timestamp}`
}

const MAX_UINT256 = (1n << 256n) - 1n

/** Validates the JSON body of a browser-wallet request (field by field, each refusal a coded NotaryError). */
export function parseStakeFiRequest(body: unknown): StakeFiRequest {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw new NotaryError('BAD_REQUEST', 'the request body must be a JSON object {address, amount, ethAddress, network, signature, timestamp}')
    }
    const b = body as Record<string, unknown>
    parseNetwork(b.network)
    const { kusamaAddress, publicKey } = parseKusamaAddress(b.address, 'address')
    const { asSent: ethAddressAsSent, checksummed: ethAddress } = parseEthAddress(b.ethAddress)
    const shares = parseAmount(b.amount)
    const timestamp = parseTimestamp(b.timestamp)
    if (typeof b.signature !== 'string') throw new NotaryError('BAD_SIGNATURE', `signature must be a 0x-prefixed hex string, got ${show(b.signature)}`)
    return { kusamaAddress, publicKey, ethAddressAsSent, ethAddress, shares, timestamp, signature: b.signature }
}

/** `network` of a request or a listing: "KSM" (absent is fine where optional). */
export function parseNetwork(v: unknown, optional = false): void {
    if (optional && (v === undefined || v === null || v === '')) return
    if (v !== STAKEFI_NETWORK) {
        throw new NotaryError('WRONG_NETWORK', `network must be "${STAKEFI_NETWORK}" (this notary serves Kusama), got ${show(v)}`)
    }
}

/** A Kusama address: SS58 with prefix 2, nothing else (an Ethereum address or another network's SS58 is WRONG_NETWORK). */
export function parseKusamaAddress(v: unknown, field: string): { kusamaAddress: string; publicKey: string } {
    if (typeof v !== 'string' || v.length === 0) throw new NotaryError('BAD_ADDRESS', `${field} must be a Kusama (SS58) address, got ${show(v)}`)
    if (/^0x[0-9a-fA-F]{40}$/.test(v)) {
        throw new NotaryError('WRONG_NETWORK', `${field} ${show(v)} is an Ethereum address; expected a Kusama (SS58 prefix 2) address`)
    }
    let decoded: { prefix: number; publicKey: string }
    try {
        decoded = decodeAnySs58(v)
    } catch (e) {
        throw new NotaryError('BAD_ADDRESS', `${field}: ${e instanceof AddressError ? e.message : String(e)}`)
    }
    if (decoded.prefix !== KUSAMA_SS58_PREFIX) {
        throw new NotaryError('WRONG_NETWORK',
            `${field} ${show(v)} is an address of SS58 network ${decoded.prefix}${NETWORK_NAMES[decoded.prefix] ? ` (${NETWORK_NAMES[decoded.prefix]})` : ''}; ` +
            `this notary serves Kusama: send the account's Kusama address (SS58 prefix ${KUSAMA_SS58_PREFIX})`)
    }
    return { kusamaAddress: encodeKusamaAddress(decoded.publicKey), publicKey: decoded.publicKey }
}

const NETWORK_NAMES: Record<number, string> = { 0: 'Polkadot', 42: 'generic Substrate' }

function parseEthAddress(v: unknown): { asSent: string; checksummed: string } {
    if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) {
        throw new NotaryError('BAD_ADDRESS', `ethAddress must be a 0x-prefixed 20-byte hex address, got ${show(v)}`)
    }
    let a: string
    try {
        a = getAddress(v)
    } catch {
        throw new NotaryError('BAD_ADDRESS', `ethAddress ${show(v)} has an invalid EIP-55 checksum`)
    }
    if (a === ZeroAddress) throw new NotaryError('BAD_ADDRESS', 'ethAddress must not be the zero address')
    return { asSent: v, checksummed: a }
}

function parseAmount(v: unknown): Shares {
    if (typeof v !== 'string') throw new NotaryError('BAD_AMOUNT', `amount must be a decimal string of shares (at most 18 decimals), got ${show(v)}`)
    let s: Shares
    try {
        s = parseShares(v)
    } catch (e) {
        throw new NotaryError('BAD_AMOUNT', `${e instanceof UnitParseError ? e.message : String(e)} (amount is a decimal string of shares, at most 18 decimals)`)
    }
    if (s === 0n) throw new NotaryError('BAD_AMOUNT', 'amount must be greater than 0')
    if (s > MAX_UINT256) throw new NotaryError('BAD_AMOUNT', 'amount exceeds uint256 share units')
    return s
}

/** Unix milliseconds, as a JSON number or a decimal string without leading zeros. */
function parseTimestamp(v: unknown): number {
    let ms: number
    if (typeof v === 'number') ms = v
    else if (typeof v === 'string' && /^[1-9][0-9]{0,15}$/.test(v)) ms = Number(v)
    else throw new NotaryError('BAD_TIMESTAMP', `timestamp must be Unix milliseconds (an integer), got ${show(v)}`)
    if (!Number.isSafeInteger(ms) || ms <= 0) throw new NotaryError('BAD_TIMESTAMP', `timestamp must be Unix milliseconds (a positive integer), got ${show(v)}`)
    if (ms < 1e12) throw new NotaryError('BAD_TIMESTAMP', `timestamp ${ms} looks like seconds; it must be Unix milliseconds`)
    return ms
}

/** The request's expiry must be in the future and at most 1 h ahead of `nowMs` (the notary's wall clock). */
export function checkStakeFiExpiry(timestamp: number, nowMs: number): void {
    if (timestamp <= nowMs) {
        throw new NotaryError('REQUEST_EXPIRED', `the request expired at ${iso(timestamp)} (now ${iso(nowMs)}); sign a new request`)
    }
    if (timestamp > nowMs + STAKEFI_MAX_AHEAD_MS) {
        throw new NotaryError('TIMESTAMP_TOO_FAR',
            `the request's expiry ${iso(timestamp)} is more than 1 h after now (${iso(nowMs)}); use an expiry within the next hour`)
    }
}

function iso(ms: number): string {
    const d = new Date(ms)
    return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString()
}

// ---------------------------------------------------------------- Ledger remark

export const REMARK_FAMILY = 'Stakefi Signed Message:'
export const REMARK_HEADER = 'Stakefi Signed Message:\nCreateClaim\n'
const HEADER_BYTES = Buffer.from(REMARK_HEADER, 'ascii')
const ETH_AT = HEADER_BYTES.length          // 36
const SEP1_AT = ETH_AT + 20                  // 56
const LOAN_AT = SEP1_AT + 1                  // 57
const SEP2_AT = LOAN_AT + 4                  // 61
const AMOUNT_AT = SEP2_AT + 1                // 62
export const REMARK_LENGTH = AMOUNT_AT + 16  // 78
const MAX_U128 = (1n << 128n) - 1n

export interface ClaimRemarkFields {
    /** EIP-55 checksummed */
    ethAddress: string
    loanId: number
    planck: bigint
}

/** The remark bytes of a Ledger claim request. */
export function encodeClaimRemark(r: { ethAddress: string; loanId?: number; planck: bigint }): Uint8Array {
    const eth = Buffer.from(getAddress(r.ethAddress).slice(2), 'hex')
    const loan = Buffer.alloc(4)
    loan.writeUInt32BE(r.loanId ?? 0)
    if (r.planck < 0n || r.planck > MAX_U128) throw new RangeError(`remark amount ${r.planck} is not a u128`)
    const amount = Buffer.from(r.planck.toString(16).padStart(32, '0'), 'hex')
    return new Uint8Array(Buffer.concat([HEADER_BYTES, eth, Buffer.from('\n'), loan, Buffer.from('\n'), amount]))
}

/**
 * Whether a remark is meant for us: its data starts with `Stakefi Signed Message:` (any letter case).
 * Only those are recorded (Kusama carries millions of unrelated remarks); a malformed one is recorded
 * with its BAD_REMARK reason so the account can see why no claim came of it.
 */
export function isStakeFiRemark(data: Uint8Array): boolean {
    if (data.length < REMARK_FAMILY.length) return false
    return Buffer.from(data.subarray(0, REMARK_FAMILY.length)).toString('latin1').toLowerCase() === REMARK_FAMILY.toLowerCase()
}

/** Parses a Ledger claim remark; a NotaryError BAD_REMARK names what is wrong. */
export function parseClaimRemark(data: Uint8Array): ClaimRemarkFields {
    const d = Buffer.from(data)
    if (d.length < ETH_AT || !d.subarray(0, ETH_AT).equals(HEADER_BYTES)) {
        throw new NotaryError('BAD_REMARK', `wrong header: expected ${JSON.stringify(REMARK_HEADER)}, got ${JSON.stringify(d.subarray(0, ETH_AT).toString('latin1'))}`)
    }
    if (d.length !== REMARK_LENGTH) {
        throw new NotaryError('BAD_REMARK', `wrong length: ${d.length} bytes, expected ${REMARK_LENGTH} ` +
            `(header ${ETH_AT}, Ethereum address 20, "\\n", loanId 4, "\\n", amount 16)`)
    }
    if (d[SEP1_AT] !== 0x0a || d[SEP2_AT] !== 0x0a) {
        throw new NotaryError('BAD_REMARK', 'wrong layout: a "\\n" must follow the 20-byte Ethereum address and the 4-byte loanId')
    }
    const ethAddress = getAddress('0x' + d.subarray(ETH_AT, SEP1_AT).toString('hex'))
    if (ethAddress === ZeroAddress) throw new NotaryError('BAD_REMARK', 'the Ethereum address is the zero address')
    const loanId = d.readUInt32BE(LOAN_AT)
    if (loanId !== 0) throw new NotaryError('BAD_REMARK', `loanId must be 0, got ${loanId}`)
    const planck = BigInt('0x' + d.subarray(AMOUNT_AT).toString('hex'))
    if (planck === 0n) throw new NotaryError('BAD_REMARK', 'the amount is 0 planck')
    return { ethAddress, loanId, planck }
}

function show(x: unknown): string {
    if (typeof x === 'string') return JSON.stringify(x.length > 80 ? x.slice(0, 80) + '…' : x)
    if (typeof x === 'number') return String(x)
    return x === null ? 'null' : x === undefined ? 'nothing' : typeof x
}
