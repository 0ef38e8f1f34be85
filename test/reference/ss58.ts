/**
 * SPEC §4.5 recipient bytes and SPEC §1 Kusama addresses, restated for the reference from the SPEC
 * text with Node's BLAKE2b-512 and a plain base58 (no code shared with src/domain):
 *  - 32 bytes: the public key;
 *  - 35 bytes: network byte in {0x00, 0x02, 0x2a} ‖ key ‖ 2-byte checksum, the first two bytes of
 *    blake2b-512("SS58PRE" ‖ network ‖ key);
 *  - anything else: INVALID_RECIPIENT (null here).
 * The address is the key in SS58 with prefix 2: base58(0x02 ‖ key ‖ blake2b-512("SS58PRE" ‖ 0x02 ‖ key)[0..2]).
 */
import { createHash } from 'crypto'

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const SS58PRE = Buffer.from('SS58PRE', 'ascii')
const NETWORKS = [0x00, 0x02, 0x2a]

function checksum(network: number, key: Buffer): Buffer {
    return createHash('blake2b512').update(Buffer.concat([SS58PRE, Buffer.from([network]), key])).digest().subarray(0, 2)
}

function base58(bytes: Buffer): string {
    let x = 0n
    for (const b of bytes) x = x * 256n + BigInt(b)
    let out = ''
    while (x > 0n) {
        out = BASE58[Number(x % 58n)] + out
        x /= 58n
    }
    for (const b of bytes) {
        if (b !== 0) break
        out = '1' + out
    }
    return out
}

/** The Kusama address (SS58 prefix 2) of a 32-byte key. */
export function kusamaAddress(key: Buffer): string {
    if (key.length !== 32) throw new RangeError('a Kusama account key has 32 bytes')
    return base58(Buffer.concat([Buffer.from([2]), key, checksum(2, key)]))
}

/** The address a burn's recipient bytes (0x hex) pay to, or null for INVALID_RECIPIENT. */
export function recipientOf(raw: string): string | null {
    if (!/^0x([0-9a-fA-F]{2})*$/.test(raw)) return null
    const bytes = Buffer.from(raw.slice(2), 'hex')
    if (bytes.length === 32) return kusamaAddress(bytes)
    if (bytes.length !== 35) return null
    const network = bytes[0]
    if (!NETWORKS.includes(network)) return null
    const key = bytes.subarray(1, 33)
    const sum = checksum(network, key)
    if (sum[0] !== bytes[33] || sum[1] !== bytes[34]) return null
    return kusamaAddress(Buffer.from(key))
}
