import { base58Decode, blake2AsU8a, encodeAddress } from '@polkadot/util-crypto'
import { decodeRecipient, DecodedRecipient, encodeSs58Payload, recipientAddress } from '../../src/domain/recipient'
import { Rng } from './prng'

const DEPOSIT_ADDRESS = 'GUDy5gwmUTaHxcX8v2U3wyYdjSF8Zswnt47ZhYBuTCobDqX'
const DEPOSIT_KEY = '0xac4ac739d217869b9e08d7f576e337c965a6d4dd3a64f081aa403c979fc21a6e'
const KEY_BYTES = new Uint8Array(Buffer.from(DEPOSIT_KEY.slice(2), 'hex'))

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

/** Independent oracle: computes the expected decoding without using src/domain code. */
function expected(bytes: Uint8Array): DecodedRecipient {
    if (bytes.length === 32) {
        return { kind: 'PUBLIC_KEY', publicKey: hex(bytes), address: encodeAddress(bytes, 2) }
    }
    if (bytes.length === 35) {
        const net = bytes[0]
        if (net !== 0 && net !== 2 && net !== 42) {
            return { kind: 'INVALID', reason: `bad network byte 0x${net.toString(16).padStart(2, '0')}` }
        }
        const key = bytes.subarray(1, 33)
        const h = blake2AsU8a(Buffer.concat([Buffer.from('SS58PRE', 'ascii'), Buffer.from([net]), Buffer.from(key)]), 512)
        if (h[0] !== bytes[33] || h[1] !== bytes[34]) return { kind: 'INVALID', reason: 'bad checksum' }
        return { kind: 'SS58_PAYLOAD', network: net, publicKey: hex(key), address: encodeAddress(key, 2) }
    }
    return { kind: 'INVALID', reason: `length ${bytes.length}` }
}

/** network ‖ key ‖ checksum built by hand (polkadot's encodeAddress refuses reserved prefixes 46/47). */
function manualPayload(net: number, key: Uint8Array): Uint8Array {
    const h = blake2AsU8a(Buffer.concat([Buffer.from('SS58PRE', 'ascii'), Buffer.from([net]), Buffer.from(key)]), 512)
    return new Uint8Array(Buffer.concat([Buffer.from([net]), Buffer.from(key), Buffer.from(h.subarray(0, 2))]))
}

function payloadOf(network: number): Uint8Array {
    return base58Decode(encodeAddress(KEY_BYTES, network))
}

describe('recipient decoder (SPEC 4.5)', () => {
    it('32-byte public key of the deposit address', () => {
        const want = { kind: 'PUBLIC_KEY', publicKey: DEPOSIT_KEY, address: DEPOSIT_ADDRESS }
        expect(decodeRecipient(DEPOSIT_KEY)).toEqual(want)
        expect(decodeRecipient('0x' + DEPOSIT_KEY.slice(2).toUpperCase())).toEqual(want)
        expect(decodeRecipient(KEY_BYTES)).toEqual(want)
        expect(decodeRecipient(Buffer.from(KEY_BYTES))).toEqual(want)
        expect(recipientAddress(DEPOSIT_KEY)).toBe(DEPOSIT_ADDRESS)
    })
    it('35-byte Kusama payload (= the base58-decoded address) decodes back to it', () => {
        const payload = base58Decode(DEPOSIT_ADDRESS)
        expect(payload.length).toBe(35)
        expect(hex(encodeSs58Payload(2, KEY_BYTES))).toBe(hex(payload))
        expect(decodeRecipient(payload)).toEqual({ kind: 'SS58_PAYLOAD', network: 2, publicKey: DEPOSIT_KEY, address: DEPOSIT_ADDRESS })
        expect(decodeRecipient(hex(payload))).toEqual({ kind: 'SS58_PAYLOAD', network: 2, publicKey: DEPOSIT_KEY, address: DEPOSIT_ADDRESS })
    })
    it.each([0, 42])('network %i payload of the same key decodes to the Kusama address', (net) => {
        const payload = payloadOf(net)
        expect(payload[0]).toBe(net)
        expect(hex(encodeSs58Payload(net, KEY_BYTES))).toBe(hex(payload))
        expect(decodeRecipient(payload)).toEqual({ kind: 'SS58_PAYLOAD', network: net, publicKey: DEPOSIT_KEY, address: DEPOSIT_ADDRESS })
    })
    it('a flipped checksum bit, or a flipped key bit, is a bad checksum', () => {
        for (let bit = 0; bit < 16; bit++) {
            const p = payloadOf(2)
            p[33 + (bit >> 3)] ^= 1 << (bit & 7)
            expect(decodeRecipient(p)).toEqual({ kind: 'INVALID', reason: 'bad checksum' })
        }
        const p = payloadOf(2)
        p[10] ^= 0x80
        expect(decodeRecipient(p)).toEqual({ kind: 'INVALID', reason: 'bad checksum' })
    })
    it('bad network byte (even with a checksum valid for it)', () => {
        expect(decodeRecipient(encodeSs58Payload(1, KEY_BYTES))).toEqual({ kind: 'INVALID', reason: 'bad network byte 0x01' })
        expect(decodeRecipient(encodeSs58Payload(63, KEY_BYTES))).toEqual({ kind: 'INVALID', reason: 'bad network byte 0x3f' })
        const p = payloadOf(2)
        p[0] = 0xff
        expect(decodeRecipient(p)).toEqual({ kind: 'INVALID', reason: 'bad network byte 0xff' })
        expect(recipientAddress(p)).toBeUndefined()
    })
    it.each([0, 1, 31, 33, 34, 36, 64])('length %i is INVALID', (len) => {
        const b = new Uint8Array(len).fill(7)
        expect(decodeRecipient(b)).toEqual({ kind: 'INVALID', reason: `length ${len}` })
        expect(decodeRecipient(hex(b))).toEqual({ kind: 'INVALID', reason: `length ${len}` })
    })
    const malformed: [string, unknown, string][] = [
        ['empty string', '', 'malformed hex: missing 0x prefix'],
        ['no 0x prefix', DEPOSIT_KEY.slice(2), 'malformed hex: missing 0x prefix'],
        ['0X prefix', '0X' + DEPOSIT_KEY.slice(2), 'malformed hex: missing 0x prefix'],
        ['odd length', DEPOSIT_KEY.slice(0, -1), 'malformed hex: odd length'],
        ['0x0', '0x0', 'malformed hex: odd length'],
        ['non-hex chars', DEPOSIT_KEY.slice(0, -2) + 'zz', 'malformed hex: non-hex characters'],
        ['whitespace', DEPOSIT_KEY + ' ', 'malformed hex: non-hex characters'],
        ['leading whitespace', ' ' + DEPOSIT_KEY, 'malformed hex: missing 0x prefix'],
        ['an SS58 address string', DEPOSIT_ADDRESS, 'malformed hex: missing 0x prefix'],
        ['null', null, 'not bytes (null)'],
        ['undefined', undefined, 'not bytes (undefined)'],
        ['number', 42, 'not bytes (number)'],
        ['array of numbers', Array.from(KEY_BYTES), 'not bytes (object)'],
    ]
    it.each(malformed)('%s is INVALID without throwing', (_name, input, reason) => {
        expect(decodeRecipient(input as string)).toEqual({ kind: 'INVALID', reason })
    })
    it('"0x" is zero bytes', () => {
        expect(decodeRecipient('0x')).toEqual({ kind: 'INVALID', reason: 'length 0' })
    })

    it('FUZZ: never throws and classifies exactly (seed 20240601; 20,000 random + lengths 0..70 + 5,000 well-formed payloads)', () => {
        const seed = 20240601
        const rng = new Rng(seed)
        const cases: Uint8Array[] = []
        for (let len = 0; len <= 70; len++) cases.push(rng.bytes(len))
        for (let i = 0; i < 20000; i++) cases.push(rng.bytes(rng.int(71)))
        for (let i = 0; i < 5000; i++) {
            // well-formed 35-byte payloads, mostly allowed networks, some valid-checksum payloads of other networks
            const net = rng.int(4) === 0 ? rng.int(64) : rng.pick([0, 2, 42])
            cases.push(manualPayload(net, rng.bytes(32)))
        }
        for (let i = 0; i < 2000; i++) {
            // near misses: valid payload with one random bit flipped
            const p = base58Decode(encodeAddress(rng.bytes(32), rng.pick([0, 2, 42])))
            p[rng.int(35)] ^= 1 << rng.int(8)
            cases.push(p)
        }
        const counts: Record<string, number> = {}
        cases.forEach((bytes, i) => {
            const want = expected(bytes)
            let got: DecodedRecipient | string
            try {
                got = decodeRecipient(i % 2 === 0 ? bytes : hex(bytes))
            } catch (e) {
                got = `THREW: ${e}`
            }
            if (JSON.stringify(got) !== JSON.stringify(want)) {
                throw new Error(`seed ${seed} case ${i} input ${hex(bytes)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`)
            }
            const k = want.kind === 'INVALID' ? want.reason.replace(/0x[0-9a-f]{2}$/, '0x..').replace(/length \d+/, 'length N') : want.kind
            counts[k] = (counts[k] ?? 0) + 1
        })
        // every class is exercised
        expect(counts['PUBLIC_KEY']).toBeGreaterThan(100)
        expect(counts['SS58_PAYLOAD']).toBeGreaterThan(3000)
        expect(counts['bad checksum']).toBeGreaterThan(1000)
        expect(counts['bad network byte 0x..']).toBeGreaterThan(1000)
        expect(counts['length N']).toBeGreaterThan(15000)
    })

    it('FUZZ: arbitrary strings never throw; hex-looking ones match the byte decoding (seed 7)', () => {
        const rng = new Rng(7)
        const alphabet = '0123456789abcdefABCDEFxXgz \n-'
        for (let i = 0; i < 10000; i++) {
            const len = rng.int(80)
            let s = rng.int(2) === 0 ? '0x' : ''
            for (let j = 0; j < len; j++) s += alphabet[rng.int(alphabet.length)]
            let got: DecodedRecipient
            expect(() => { got = decodeRecipient(s) }).not.toThrow()
            if (/^0x([0-9a-fA-F]{2})*$/.test(s)) {
                expect(got!).toEqual(expected(new Uint8Array(Buffer.from(s.slice(2), 'hex'))))
            } else {
                expect(got!.kind).toBe('INVALID')
                expect((got! as { reason: string }).reason).toMatch(/^malformed hex: /)
            }
        }
    })
})
