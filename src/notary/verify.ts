import { hexToU8a, isHex } from '@polkadot/util'
import { cryptoWaitReady, decodeAddress, signatureVerify } from '@polkadot/util-crypto'
import { NotaryError } from './errors'

export type RequestCrypto = 'sr25519' | 'ed25519'

let ready: Promise<boolean> | undefined
/** sr25519 needs the WASM crypto; call once before verifying. */
export function cryptoReady(): Promise<boolean> {
    return (ready ??= cryptoWaitReady())
}

/**
 * Verifies that `signature` (0x hex: 64 bytes, or 65 with a MultiSignature type byte 0x00/0x01)
 * is the Kusama account's sr25519 or ed25519 signature over `message` (or its `<Bytes>` wrapping).
 * ECDSA signatures are refused: Kusama claim accounts are sr25519/ed25519 keys (SPEC §4.10).
 * Throws NotaryError BAD_SIGNATURE; returns the scheme that verified.
 */
export async function verifyRequestSignature(message: Uint8Array, signature: unknown, kusamaAddress: string): Promise<RequestCrypto> {
    await cryptoReady()
    if (typeof signature !== 'string' || !isHex(signature)) {
        throw new NotaryError('BAD_SIGNATURE', 'signature must be 0x-prefixed hex')
    }
    let sig = hexToU8a(signature)
    if (sig.length === 65 && (sig[0] === 0 || sig[0] === 1)) sig = sig.subarray(1)   // MultiSignature::Ed25519 / Sr25519
    if (sig.length !== 64) {
        throw new NotaryError('BAD_SIGNATURE', `signature must be 64 bytes (sr25519 or ed25519), got ${hexToU8a(signature).length}`)
    }
    const publicKey = decodeAddress(kusamaAddress)
    let result: ReturnType<typeof signatureVerify>
    try {
        result = signatureVerify(message, sig, publicKey)
    } catch {
        throw new NotaryError('BAD_SIGNATURE', 'signature could not be verified')
    }
    if (!result.isValid || (result.crypto !== 'sr25519' && result.crypto !== 'ed25519')) {
        throw new NotaryError('BAD_SIGNATURE',
            `the signature is not a valid sr25519/ed25519 signature by ${kusamaAddress} of the canonical claim message for these parameters ` +
            '(wrong account, tampered field, or forged)')
    }
    return result.crypto
}
