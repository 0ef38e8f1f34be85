/**
 * SPEC §4.5 — decoder for the `recipient` bytes of a TokensBurned log. Pure and total:
 * `decodeRecipient` never throws, whatever it is given.
 *
 *  - 32 bytes → the public key itself                                   → PUBLIC_KEY
 *  - 35 bytes → network byte ∈ {0x00, 0x02, 0x2a} ‖ 32-byte key ‖ 2-byte checksum,
 *               checksum = blake2b-512("SS58PRE" ‖ network ‖ key)[0..2]  → SS58_PAYLOAD
 *  - anything else (other lengths, bad network byte, bad checksum, malformed hex,
 *    non-bytes input)                                                     → INVALID
 *
 * The address is always the key encoded with the Kusama prefix 2, whatever network
 * byte the payload carried. Checks run in this order: input form, length, network
 * byte, checksum (so a 35-byte payload with both a bad network byte and a bad
 * checksum reports the network byte).
 */
import { createHash } from 'crypto'
import { encodeKusamaAddress } from './kusama-address'

export const ALLOWED_NETWORK_BYTES: readonly number[] = [0x00, 0x02, 0x2a]

export type DecodedRecipient =
    | { kind: 'PUBLIC_KEY'; publicKey: string; address: string }
    | { kind: 'SS58_PAYLOAD'; network: number; publicKey: string; address: string }
    | { kind: 'INVALID'; reason: string }

export type RecipientKind = DecodedRecipient['kind']

const SS58_PRE = new Uint8Array([0x53, 0x53, 0x35, 0x38, 0x50, 0x52, 0x45]) // "SS58PRE"
const HEX_RE = /^0x(?:[0-9a-fA-F]{2})*$/

/** The 2-byte SS58 checksum of a single-byte-prefix payload (network ‖ 32-byte key). */
export function ss58Checksum(network: number, key: Uint8Array): Uint8Array {
    const data = new Uint8Array(SS58_PRE.length + 1 + key.length)
    data.set(SS58_PRE, 0)
    data[SS58_PRE.length] = network
    data.set(key, SS58_PRE.length + 1)
    // plain BLAKE2b-512 (no key, 64-byte digest) is what SS58 specifies; Node ships it
    return new Uint8Array(createHash('blake2b512').update(data).digest().subarray(0, 2))
}

function toHex(bytes: Uint8Array): string {
    return '0x' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex')
}

function hex2(n: number): string {
    return '0x' + n.toString(16).padStart(2, '0')
}

/** Strict 0x hex → bytes, or an INVALID reason. */
function parseInput(input: unknown): Uint8Array | string {
    if (input instanceof Uint8Array) return input
    if (typeof input !== 'string') return `not bytes (${input === null ? 'null' : typeof input})`
    if (!HEX_RE.test(input)) {
        if (!input.startsWith('0x')) return 'malformed hex: missing 0x prefix'
        if ((input.length - 2) % 2 !== 0 && /^0x[0-9a-fA-F]*$/.test(input)) return 'malformed hex: odd length'
        return 'malformed hex: non-hex characters'
    }
    return new Uint8Array(Buffer.from(input.slice(2), 'hex'))
}

function decode(input: unknown): DecodedRecipient {
    const parsed = parseInput(input)
    if (typeof parsed === 'string') return { kind: 'INVALID', reason: parsed }
    const bytes = parsed
    if (bytes.length === 32) {
        const key = bytes.slice()
        return { kind: 'PUBLIC_KEY', publicKey: toHex(key), address: encodeKusamaAddress(key) }
    }
    if (bytes.length === 35) {
        const network = bytes[0]
        if (!ALLOWED_NETWORK_BYTES.includes(network)) {
            return { kind: 'INVALID', reason: `bad network byte ${hex2(network)}` }
        }
        const key = bytes.slice(1, 33)
        const sum = ss58Checksum(network, key)
        if (sum[0] !== bytes[33] || sum[1] !== bytes[34]) {
            return { kind: 'INVALID', reason: 'bad checksum' }
        }
        return { kind: 'SS58_PAYLOAD', network, publicKey: toHex(key), address: encodeKusamaAddress(key) }
    }
    return { kind: 'INVALID', reason: `length ${bytes.length}` }
}

/** Total decoder of SPEC §4.5 recipient bytes (Uint8Array or 0x-prefixed hex). Never throws. */
export function decodeRecipient(input: Uint8Array | string): DecodedRecipient {
    try {
        return decode(input)
    } catch (e) {
        // Defensive only: nothing above is expected to throw.
        return { kind: 'INVALID', reason: `decoder error: ${e instanceof Error ? e.message : String(e)}` }
    }
}

/** The Kusama address the recipient pays to, or undefined when INVALID_RECIPIENT. */
export function recipientAddress(input: Uint8Array | string): string | undefined {
    const r = decodeRecipient(input)
    return r.kind === 'INVALID' ? undefined : r.address
}

/** Builds the 35-byte SS58 payload (network ‖ key ‖ checksum) for a 32-byte key — for tests and scenarios. */
export function encodeSs58Payload(network: number, key: Uint8Array): Uint8Array {
    if (key.length !== 32) throw new RangeError(`key must be 32 bytes, got ${key.length}`)
    if (!Number.isInteger(network) || network < 0 || network > 63) throw new RangeError(`network must be a single-byte SS58 prefix (0..63), got ${network}`)
    const out = new Uint8Array(35)
    out[0] = network
    out.set(key, 1)
    out.set(ss58Checksum(network, key), 33)
    return out
}
