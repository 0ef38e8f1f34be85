import { decodeAddress, encodeAddress } from '@polkadot/util-crypto'
import * as ss58 from '@subsquid/ss58'
import {
    AddressError, decodeAnySs58, decodeKusamaAddress, encodeKusamaAddress, encodeSs58, isKusamaAddress,
    normalizePublicKey,
} from '../../src/domain/kusama-address'
import { Rng } from './prng'

export const DEPOSIT_ADDRESS = 'GUDy5gwmUTaHxcX8v2U3wyYdjSF8Zswnt47ZhYBuTCobDqX'
export const DEPOSIT_KEY = '0xac4ac739d217869b9e08d7f576e337c965a6d4dd3a64f081aa403c979fc21a6e'
const DEPOSIT_POLKADOT = '14tuT6c8zti7yqobKrGRJ9ShLm9f2CcuQzwrLLFayk1q2GTz'
const DEPOSIT_GENERIC = '5FxcJmM597SeYJo5NDDR9zcYV9A1Ku4mLWDNB3GERezJqsFt'

describe('kusama-address', () => {
    it('encodes and decodes the production deposit address', () => {
        expect(encodeKusamaAddress(DEPOSIT_KEY)).toBe(DEPOSIT_ADDRESS)
        expect(encodeKusamaAddress(DEPOSIT_KEY.toUpperCase().replace('0X', '0x'))).toBe(DEPOSIT_ADDRESS)
        expect(encodeKusamaAddress(Buffer.from(DEPOSIT_KEY.slice(2), 'hex'))).toBe(DEPOSIT_ADDRESS)
        expect(decodeKusamaAddress(DEPOSIT_ADDRESS)).toBe(DEPOSIT_KEY)
        expect(isKusamaAddress(DEPOSIT_ADDRESS)).toBe(true)
        expect(encodeSs58(DEPOSIT_KEY, 0)).toBe(DEPOSIT_POLKADOT)
        expect(encodeSs58(DEPOSIT_KEY, 42)).toBe(DEPOSIT_GENERIC)
    })
    it('rejects addresses of other networks where a Kusama address is required', () => {
        expect(() => decodeKusamaAddress(DEPOSIT_POLKADOT)).toThrow(/prefix 0, expected a Kusama address \(prefix 2\)/)
        expect(() => decodeKusamaAddress(DEPOSIT_GENERIC)).toThrow(/prefix 42/)
        expect(isKusamaAddress(DEPOSIT_GENERIC)).toBe(false)
        const twoBytePrefix = encodeSs58(DEPOSIT_KEY, 1284)
        expect(() => decodeKusamaAddress(twoBytePrefix)).toThrow(/prefix 1284/)
    })
    it('decodeAnySs58 accepts any prefix', () => {
        expect(decodeAnySs58(DEPOSIT_POLKADOT)).toEqual({ prefix: 0, publicKey: DEPOSIT_KEY })
        expect(decodeAnySs58(DEPOSIT_GENERIC)).toEqual({ prefix: 42, publicKey: DEPOSIT_KEY })
        expect(decodeAnySs58(DEPOSIT_ADDRESS)).toEqual({ prefix: 2, publicKey: DEPOSIT_KEY })
        expect(decodeAnySs58(encodeSs58(DEPOSIT_KEY, 1284))).toEqual({ prefix: 1284, publicKey: DEPOSIT_KEY })
    })
    const malformed: [string, unknown][] = [
        ['empty', ''],
        ['checksum changed', DEPOSIT_ADDRESS.slice(0, -1) + (DEPOSIT_ADDRESS.endsWith('X') ? 'Y' : 'X')],
        ['truncated', DEPOSIT_ADDRESS.slice(0, -2)],
        ['extended', DEPOSIT_ADDRESS + '1'],
        ['non-base58 chars', 'GUDy5gwmUTaHxcX8v2U3wyYdjSF8Zswnt47ZhYBuTCobDq0'],
        ['hex public key', DEPOSIT_KEY],
        ['whitespace', ' ' + DEPOSIT_ADDRESS],
        ['garbage', 'not an address'],
        ['account index (1-byte payload)', ss58.encode({ prefix: 2, bytes: '0x05' })],
        ['33-byte payload', ss58.encode({ prefix: 2, bytes: '0x02' + 'ab'.repeat(32) })],
        ['non-string', 42],
        ['null', null],
    ]
    it.each(malformed)('decodeKusamaAddress rejects %s', (_name, input) => {
        expect(() => decodeKusamaAddress(input as string)).toThrow(AddressError)
        expect(() => decodeAnySs58(input as string)).toThrow(AddressError)
        expect(isKusamaAddress(input)).toBe(false)
    })
    it('payload size error is explicit', () => {
        expect(() => decodeKusamaAddress(ss58.encode({ prefix: 2, bytes: '0x05' }))).toThrow(/payload is 1 bytes, expected a 32-byte account id/)
    })
    it('rejects malformed public keys when encoding', () => {
        expect(() => encodeKusamaAddress(new Uint8Array(31))).toThrow(/32 bytes, got 31/)
        expect(() => encodeKusamaAddress('0x' + 'ab'.repeat(31))).toThrow(AddressError)
        expect(() => encodeKusamaAddress(DEPOSIT_KEY.slice(2))).toThrow(AddressError)
        expect(() => encodeKusamaAddress(DEPOSIT_KEY.slice(0, -1) + 'g')).toThrow(AddressError)
        expect(() => encodeSs58(DEPOSIT_KEY, 16384)).toThrow(/invalid SS58 prefix/)
        expect(() => encodeSs58(DEPOSIT_KEY, -1)).toThrow(/invalid SS58 prefix/)
        expect(normalizePublicKey(DEPOSIT_KEY.toUpperCase().replace('0X', '0x'))).toBe(DEPOSIT_KEY)
    })
    it('agrees with @polkadot/util-crypto on 2,000 random keys (seed 11)', () => {
        const rng = new Rng(11)
        for (let i = 0; i < 2000; i++) {
            const key = rng.bytes(32)
            const hex = '0x' + Buffer.from(key).toString('hex')
            const addr = encodeKusamaAddress(key)
            expect(addr).toBe(encodeAddress(key, 2))
            expect(decodeKusamaAddress(addr)).toBe(hex)
            expect('0x' + Buffer.from(decodeAddress(addr)).toString('hex')).toBe(hex)
            const other = rng.pick([0, 42, 1284])
            expect(() => decodeKusamaAddress(encodeAddress(key, other))).toThrow(AddressError)
        }
    })
})
