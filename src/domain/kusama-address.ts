/**
 * SS58 helpers for 32-byte account ids (SPEC §1: Kusama uses SS58 prefix 2). Pure, no I/O.
 * Public keys travel as lower-case 0x-prefixed hex of exactly 32 bytes.
 */
import * as ss58 from '@subsquid/ss58'

export const KUSAMA_SS58_PREFIX = 2

export class AddressError extends Error {
    constructor(message: string) {
        super(message)
        this.name = 'AddressError'
    }
}

const KEY_HEX_RE = /^0x[0-9a-fA-F]{64}$/

/** Normalizes a 32-byte public key (Uint8Array or 0x hex) to lower-case 0x hex; throws AddressError otherwise. */
export function normalizePublicKey(publicKey: Uint8Array | string): string {
    if (publicKey instanceof Uint8Array) {
        if (publicKey.length !== 32) throw new AddressError(`public key must be 32 bytes, got ${publicKey.length}`)
        return '0x' + Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.length).toString('hex')
    }
    if (typeof publicKey !== 'string' || !KEY_HEX_RE.test(publicKey)) {
        throw new AddressError(`public key must be 0x-prefixed hex of 32 bytes, got ${describe(publicKey)}`)
    }
    return publicKey.toLowerCase()
}

/** SS58 encoding of a 32-byte key with any prefix (0..16383). */
export function encodeSs58(publicKey: Uint8Array | string, prefix: number): string {
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > 16383) {
        throw new AddressError(`invalid SS58 prefix ${prefix}`)
    }
    return ss58.encode({ prefix, bytes: normalizePublicKey(publicKey) })
}

/** The Kusama (prefix 2) address of a 32-byte public key. */
export function encodeKusamaAddress(publicKey: Uint8Array | string): string {
    return encodeSs58(publicKey, KUSAMA_SS58_PREFIX)
}

/**
 * Decodes an SS58 address of ANY network prefix whose payload is a 32-byte account id.
 * Throws AddressError on malformed base58, bad checksum, or a payload that is not 32 bytes
 * (account indices, 33-byte keys).
 */
export function decodeAnySs58(address: string): { prefix: number; publicKey: string } {
    if (typeof address !== 'string' || address.length === 0 || address.length > 64) {
        throw new AddressError(`invalid SS58 address ${describe(address)}`)
    }
    let decoded: ss58.Address
    try {
        decoded = ss58.decode(address)
    } catch {
        throw new AddressError(`invalid SS58 address ${describe(address)}: not base58 or bad checksum`)
    }
    const publicKey = decoded.bytes.toLowerCase()
    if (!KEY_HEX_RE.test(publicKey)) {
        throw new AddressError(`invalid SS58 address ${describe(address)}: payload is ${(publicKey.length - 2) / 2} bytes, expected a 32-byte account id`)
    }
    return { prefix: decoded.prefix, publicKey }
}

/**
 * Decodes a Kusama address (SS58 prefix 2) to its public key hex. Throws AddressError
 * on a malformed address and on an address of another network (e.g. a Polkadot or
 * generic-substrate address where a Kusama one is required).
 */
export function decodeKusamaAddress(address: string): string {
    const { prefix, publicKey } = decodeAnySs58(address)
    if (prefix !== KUSAMA_SS58_PREFIX) {
        throw new AddressError(`address ${describe(address)} has SS58 prefix ${prefix}, expected a Kusama address (prefix ${KUSAMA_SS58_PREFIX})`)
    }
    return publicKey
}

/** True iff `address` is a well-formed Kusama (prefix 2) account address. Never throws. */
export function isKusamaAddress(address: unknown): boolean {
    try {
        decodeKusamaAddress(address as string)
        return true
    } catch {
        return false
    }
}

function describe(x: unknown): string {
    if (typeof x === 'string') return JSON.stringify(x.length > 80 ? x.slice(0, 80) + '…' : x)
    return x === null ? 'null' : typeof x
}
