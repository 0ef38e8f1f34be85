/**
 * Ankr's dashboard requests (SPEC §4.15) as pure parsing: the browser-wallet message and body, the
 * expiry window, the Ledger remark format and its decoding from every runtime the project knows.
 * Every bad input is a coded NotaryError (the end-to-end test shows that none changes anything).
 */
import { Keyring } from '@polkadot/keyring'
import { u8aToHex, u8aWrapBytes } from '@polkadot/util'
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto'
import { Runtime } from '@subsquid/substrate-runtime'
import { getOldTypesBundle } from '@subsquid/substrate-runtime/lib/metadata'
import { decodeRemark } from '../../src/chains/kusama/decoding/system'
import { assetHubSpecVersions, relaySpecVersions } from '../../src/chains/kusama/typegen/build-spec-versions'
import { NotaryError } from '../../src/notary/errors'
import {
    checkStakeFiExpiry, encodeClaimRemark, isStakeFiRemark, parseClaimRemark, parseStakeFiRequest, REMARK_LENGTH, stakeFiMessage,
    stakeFiMessageBytes, stakeFiNonce,
} from '../../src/notary/stakefi'
import { signStakeFiRequest } from '../../src/notary/stakefi-client'
import { verifyRequestSignature } from '../../src/notary/verify'
import { httpStatusOf } from '../../src/api/claims-http'
import { parseListing } from '../../src/api/claims'

const ETH = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4'
const NOW = Date.UTC(2026, 0, 6, 12)

function codeOf(f: () => unknown): string {
    try {
        f()
    } catch (e) {
        if (e instanceof NotaryError) return e.message
        throw e
    }
    throw new Error('expected a NotaryError')
}

beforeAll(() => cryptoWaitReady())

describe('browser-wallet request (SPEC §4.15)', () => {
    const pair = () => new Keyring({ type: 'sr25519', ss58Format: 2 }).addFromUri('//alice')
    const body = (over: object = {}) => ({ ...signStakeFiRequest(pair(), { ethAddress: ETH.toLowerCase(), amount: '1.5', timestamp: NOW + 60_000 }), ...over })

    it('signs the exact StakeFi message: header, public key in lower-case hex, the eth address as sent, the timestamp', () => {
        const key = u8aToHex(pair().publicKey)
        expect(stakeFiMessage(key, ETH, NOW)).toBe(`StakeFi Signed Message:\n${key}\n${ETH}\n${NOW}`)
        expect(key).toMatch(/^0x[0-9a-f]{64}$/)
        expect(Buffer.from(stakeFiMessageBytes(key, ETH, NOW)).toString('ascii')).toBe(stakeFiMessage(key, ETH, NOW))
        expect(stakeFiNonce(NOW)).toBe(`stakefi:${NOW}`)
    })

    it('parses a request: the amount in shares of 18 decimals, the eth address kept as sent and checksummed', () => {
        const r = parseStakeFiRequest(body())
        expect(r).toMatchObject({ kusamaAddress: pair().address, ethAddressAsSent: ETH.toLowerCase(), ethAddress: ETH, timestamp: NOW + 60_000 })
        expect(r.shares).toBe(1_500_000_000_000_000_000n)
        expect(parseStakeFiRequest(body({ amount: '1.500000000000000000' })).shares).toBe(1_500_000_000_000_000_000n)
        expect(parseStakeFiRequest(body({ amount: '0.000000000000000001' })).shares).toBe(1n)
        expect(parseStakeFiRequest(body({ timestamp: String(NOW + 60_000) })).timestamp).toBe(NOW + 60_000)
    })

    it('verifies the polkadot.js <Bytes> wrapping and the bare message, sr25519 and ed25519; refuses another message or key', async () => {
        for (const type of ['sr25519', 'ed25519'] as const) {
            const p = new Keyring({ type, ss58Format: 2 }).addFromUri('//bob')
            const other = new Keyring({ type, ss58Format: 2 }).addFromUri('//carol')
            const msg = stakeFiMessageBytes(u8aToHex(p.publicKey), ETH, NOW)
            await expect(verifyRequestSignature(msg, u8aToHex(p.sign(u8aWrapBytes(msg))), p.address)).resolves.toBe(type)
            await expect(verifyRequestSignature(msg, u8aToHex(p.sign(msg)), p.address)).resolves.toBe(type)
            const signed = signStakeFiRequest(p, { ethAddress: ETH, amount: '1', timestamp: NOW, wrap: false })
            await expect(verifyRequestSignature(msg, signed.signature, p.address)).resolves.toBe(type)
            // by another key
            await expect(verifyRequestSignature(msg, u8aToHex(other.sign(u8aWrapBytes(msg))), p.address)).rejects.toThrow(/^BAD_SIGNATURE: /)
            // over another message: the eth address in another case, another timestamp, another key line
            for (const m of [stakeFiMessageBytes(u8aToHex(p.publicKey), ETH.toLowerCase(), NOW), stakeFiMessageBytes(u8aToHex(p.publicKey), ETH, NOW + 1),
                stakeFiMessageBytes(u8aToHex(other.publicKey), ETH, NOW)]) {
                await expect(verifyRequestSignature(m, u8aToHex(p.sign(u8aWrapBytes(msg))), p.address)).rejects.toThrow(/^BAD_SIGNATURE: /)
            }
        }
    })

    it.each([
        ['not an object', 'x', /^BAD_REQUEST: the request body must be a JSON object/],
        ['an array', [], /^BAD_REQUEST: /],
        ['network DOT', { network: 'DOT' }, /^WRONG_NETWORK: network must be "KSM" \(this notary serves Kusama\), got "DOT"$/],
        ['no network', { network: undefined }, /^WRONG_NETWORK: network must be "KSM"/],
        ['a Polkadot address', { address: encodeAddress(new Keyring({ type: 'sr25519' }).addFromUri('//alice').publicKey, 0) },
            /^WRONG_NETWORK: address "1.*" is an address of SS58 network 0 \(Polkadot\); this notary serves Kusama/],
        ['a generic Substrate address', { address: encodeAddress(new Keyring({ type: 'sr25519' }).addFromUri('//alice').publicKey, 42) },
            /^WRONG_NETWORK: .* SS58 network 42 \(generic Substrate\)/],
        ['an Ethereum address as address', { address: ETH }, /^WRONG_NETWORK: address .* is an Ethereum address/],
        ['a malformed address', { address: 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf7XX' }, /^BAD_ADDRESS: address: invalid SS58 address/],
        ['no ethAddress', { ethAddress: undefined }, /^BAD_ADDRESS: ethAddress must be a 0x-prefixed 20-byte hex address, got nothing$/],
        ['a bad checksum', { ethAddress: '0x5b38Da6a701c568545dCfcB03FcB875f56beddC4' }, /^BAD_ADDRESS: ethAddress .* invalid EIP-55 checksum$/],
        ['the zero address', { ethAddress: '0x' + '0'.repeat(40) }, /^BAD_ADDRESS: ethAddress must not be the zero address$/],
        ['a number amount', { amount: 1.5 }, /^BAD_AMOUNT: amount must be a decimal string of shares/],
        ['19 decimals', { amount: '0.0000000000000000001' }, /^BAD_AMOUNT: invalid shares amount .* at most 18 fraction digits/],
        ['a negative amount', { amount: '-1' }, /^BAD_AMOUNT: .*negative amounts are not allowed/],
        ['a zero amount', { amount: '0' }, /^BAD_AMOUNT: amount must be greater than 0$/],
        ['a timestamp in seconds', { timestamp: Math.floor(NOW / 1000) }, /^BAD_TIMESTAMP: timestamp \d+ looks like seconds/],
        ['a fractional timestamp', { timestamp: NOW + 0.5 }, /^BAD_TIMESTAMP: /],
        ['a timestamp text', { timestamp: 'tomorrow' }, /^BAD_TIMESTAMP: timestamp must be Unix milliseconds/],
        ['no signature', { signature: undefined }, /^BAD_SIGNATURE: signature must be a 0x-prefixed hex string/],
    ])('refuses %s with a coded error', (_what, over, expected) => {
        const input = typeof over === 'object' && !Array.isArray(over) ? body(over) : over
        expect(codeOf(() => parseStakeFiRequest(input))).toMatch(expected)
    })

    it('accepts an expiry in the future and at most 1 h ahead of the notary clock', () => {
        expect(() => checkStakeFiExpiry(NOW + 1, NOW)).not.toThrow()
        expect(() => checkStakeFiExpiry(NOW + 3600_000, NOW)).not.toThrow()
        expect(codeOf(() => checkStakeFiExpiry(NOW, NOW))).toBe('REQUEST_EXPIRED: the request expired at 2026-01-06T12:00:00.000Z (now 2026-01-06T12:00:00.000Z); sign a new request')
        expect(codeOf(() => checkStakeFiExpiry(NOW - 60_000, NOW))).toMatch(/^REQUEST_EXPIRED: /)
        expect(codeOf(() => checkStakeFiExpiry(NOW + 3600_001, NOW))).toBe(
            'TIMESTAMP_TOO_FAR: the request\'s expiry 2026-01-06T13:00:00.001Z is more than 1 h after now (2026-01-06T12:00:00.000Z); use an expiry within the next hour')
    })
})

describe('Ledger remark (SPEC §4.15)', () => {
    const remark = (planck = 2_000_000_000_000n) => Buffer.from(encodeClaimRemark({ ethAddress: ETH, planck }))

    it('is "Stakefi Signed Message:\\nCreateClaim\\n" ‖ 20-byte address ‖ \\n ‖ 4-byte BE loanId ‖ \\n ‖ 16-byte BE planck', () => {
        const r = remark(0x0102n)
        expect(r.length).toBe(REMARK_LENGTH)
        expect(REMARK_LENGTH).toBe(78)
        expect(r.toString('hex')).toBe(Buffer.from('Stakefi Signed Message:\nCreateClaim\n').toString('hex') +
            ETH.slice(2).toLowerCase() + '0a' + '00000000' + '0a' + '00'.repeat(14) + '0102')
        expect(parseClaimRemark(r)).toEqual({ ethAddress: ETH, loanId: 0, planck: 0x0102n })
        expect(parseClaimRemark(remark((1n << 128n) - 1n)).planck).toBe((1n << 128n) - 1n)
    })

    it('is recognized by its header family, in any letter case; other remarks are not ours', () => {
        expect(isStakeFiRemark(remark())).toBe(true)
        expect(isStakeFiRemark(Buffer.from('StakeFi Signed Message:\nsomething'))).toBe(true)
        expect(isStakeFiRemark(Buffer.from('STAKEFI SIGNED MESSAGE:'))).toBe(true)
        expect(isStakeFiRemark(Buffer.from('RMRK::MINT::2.0.0::…'))).toBe(false)
        expect(isStakeFiRemark(Buffer.from('Stakefi'))).toBe(false)
        expect(isStakeFiRemark(new Uint8Array())).toBe(false)
    })

    it.each([
        ['the browser header', Buffer.concat([Buffer.from('StakeFi Signed Message:\nCreateClaim\n'), remark().subarray(36)]), /^BAD_REMARK: wrong header: expected /],
        ['another action', Buffer.concat([Buffer.from('Stakefi Signed Message:\nDeleteClaim\n'), remark().subarray(36)]), /^BAD_REMARK: wrong header/],
        ['the header alone', Buffer.from('Stakefi Signed Message:\n'), /^BAD_REMARK: wrong header/],
        ['a short amount', remark().subarray(0, 77), /^BAD_REMARK: wrong length: 77 bytes, expected 78 \(header 36, Ethereum address 20, "\\n", loanId 4, "\\n", amount 16\)$/],
        ['a trailing newline', Buffer.concat([remark(), Buffer.from('\n')]), /^BAD_REMARK: wrong length: 79 bytes/],
        ['a 32-byte address', Buffer.concat([remark().subarray(0, 36), Buffer.alloc(12), remark().subarray(36, 66)]), /^BAD_REMARK: wrong layout/],
        ['loanId 1', Buffer.from(encodeClaimRemark({ ethAddress: ETH, loanId: 1, planck: 5n })), /^BAD_REMARK: loanId must be 0, got 1$/],
        ['amount 0', remark(0n), /^BAD_REMARK: the amount is 0 planck$/],
        ['the zero address', Buffer.from(encodeClaimRemark({ ethAddress: '0x' + '0'.repeat(40), planck: 5n })), /^BAD_REMARK: the Ethereum address is the zero address$/],
    ])('refuses %s with BAD_REMARK and the reason', (_what, data, expected) => {
        expect(codeOf(() => parseClaimRemark(data))).toMatch(expected)
    })

    it('decodes System.remark / remark_with_event in every runtime the project knows', () => {
        const bundle = getOldTypesBundle('kusama')!
        const data = '0x' + remark().toString('hex')
        for (const s of [...relaySpecVersions(), ...assetHubSpecVersions()]) {
            const runtime = new Runtime({ specName: s.specName, specVersion: s.specVersion, implName: 'parity-kusama', implVersion: 0 },
                s.metadata, s.specVersion < 9111 ? bundle : undefined)
            const block = { height: 7, specVersion: s.specVersion, _runtime: runtime }
            expect([s.specVersion, decodeRemark({ name: 'System.remark', args: { remark: data.toUpperCase().replace('0X', '0x') }, block }).data]).toEqual([s.specVersion, data])
            if (s.specVersion >= 9100) expect(decodeRemark({ name: 'System.remark_with_event', args: { remark: data }, block }).data).toBe(data)
        }
    })
})

describe('listing arguments and HTTP answers', () => {
    it('takes a Kusama or Ethereum address, network KSM or none, a non-negative loanId', () => {
        const alice = new Keyring({ type: 'ed25519', ss58Format: 2 }).addFromUri('//alice').address
        expect(parseListing({ address: alice })).toMatchObject({ account: { chain: 'KUSAMA', address: alice }, loanId: 0, limit: 100, offset: 0 })
        expect(parseListing({ address: ETH, loanId: '3', network: 'KSM' })).toMatchObject({ account: { chain: 'ETHEREUM', address: ETH.toLowerCase() }, loanId: 3 })
        expect(codeOf(() => parseListing({ address: alice, network: 'DOT' }))).toMatch(/^WRONG_NETWORK: /)
        expect(codeOf(() => parseListing({ address: alice, loanId: '-1' }))).toBe('BAD_LOAN_ID: loanId must be a non-negative integer, got "-1"')
        expect(codeOf(() => parseListing({ address: 'nobody' }))).toMatch(/^BAD_ADDRESS: unknown address format/)
        expect(codeOf(() => parseListing({ address: undefined }))).toMatch(/^BAD_ADDRESS: /)
        expect(codeOf(() => parseListing({ address: alice, limit: 5000 }))).toMatch(/^BAD_REQUEST: limit must be an integer from 1 to 1000/)
    })

    it('answers input errors 400, account-state refusals 409, rate limits 429, an unavailable notary 503', () => {
        expect(['BAD_SIGNATURE', 'WRONG_NETWORK', 'REQUEST_EXPIRED', 'TIMESTAMP_TOO_FAR', 'BAD_AMOUNT', 'BAD_REQUEST'].map(c => httpStatusOf(c as any))).toEqual([400, 400, 400, 400, 400, 400])
        expect(['AMOUNT_TOO_LARGE', 'NOTHING_CLAIMABLE', 'NONCE_REUSED'].map(c => httpStatusOf(c as any))).toEqual([409, 409, 409])
        expect(httpStatusOf('RATE_LIMITED')).toBe(429)
        expect(['NOT_READY', 'NOT_CONFIGURED', 'BUSY'].map(c => httpStatusOf(c as any))).toEqual([503, 503, 503])
    })
})
