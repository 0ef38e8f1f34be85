import { Keyring } from '@polkadot/keyring'
import { u8aToHex, u8aWrapBytes } from '@polkadot/util'
import { cryptoWaitReady, randomAsU8a, secp256k1PairFromSeed, secp256k1Sign, encodeAddress, blake2AsU8a } from '@polkadot/util-crypto'
import { canonicalMessage, canonicalMessageBytes, parseClaimRequest } from '../../src/notary/message'
import { verifyRequestSignature } from '../../src/notary/verify'
import { RateLimiter } from '../../src/notary/rate-limit'
import { DEV_NOTARY_KEY, loadNotaryKey } from '../../src/notary/key'
import { claimObject } from '../../src/notary/claim-object'

const D = { name: 'mainnet', ethChainId: 1, token: '0x84da8e731172827fcb233b911678e2a82e27baf2' }
const ETH = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4'

describe('canonical claim message', () => {
    beforeAll(() => cryptoWaitReady())

    it('has the documented exact bytes', () => {
        const kusama = new Keyring({ type: 'ed25519', ss58Format: 2 }).addFromUri('//alice').address
        const m = canonicalMessage(D, { kusamaAddress: kusama, ethAddress: ETH, shares: 1500000000000000000n as any, nonce: 'n-1' })
        expect(m).toBe([
            'ksm-lst-squid claim request v1',
            'product: ksm-lst-squid liquid staking (KSM -> aKSMb)',
            'kusama network: kusama (ss58 prefix 2)',
            'deployment: mainnet',
            'ethereum chain id: 1',
            'token: 0x84DA8e731172827fCB233B911678E2a82E27Baf2',
            `kusama account: ${kusama}`,
            'ethereum account: 0x5B38Da6a701c568545dCfcB03FcB875f56beddC4',
            'shares: 1500000000000000000',
            'nonce: n-1',
        ].join('\n'))
        expect(m.endsWith('\n')).toBe(false)
        expect(canonicalMessage(D, { kusamaAddress: kusama, ethAddress: ETH, shares: 'max', nonce: 'x' })).toContain('\nshares: max\nnonce: x')
    })

    it('verifies sr25519 and ed25519 signatures, raw or <Bytes>-wrapped, and refuses everything else', async () => {
        for (const type of ['sr25519', 'ed25519'] as const) {
            const pair = new Keyring({ type, ss58Format: 2 }).addFromUri('//bob')
            const other = new Keyring({ type, ss58Format: 2 }).addFromUri('//carol')
            const req = { kusamaAddress: pair.address, ethAddress: ETH, shares: 10n as any, nonce: 'abc' }
            const msg = canonicalMessageBytes(D, req)
            await expect(verifyRequestSignature(msg, u8aToHex(pair.sign(msg)), pair.address)).resolves.toBe(type)
            await expect(verifyRequestSignature(msg, u8aToHex(pair.sign(u8aWrapBytes(msg))), pair.address)).resolves.toBe(type)
            // MultiSignature encoding (type byte + 64 bytes)
            await expect(verifyRequestSignature(msg, u8aToHex(pair.sign(msg, { withType: true })), pair.address)).resolves.toBe(type)
            // signed by another account
            await expect(verifyRequestSignature(msg, u8aToHex(other.sign(msg)), pair.address)).rejects.toThrow(/^BAD_SIGNATURE/)
            // tampered amount / nonce
            const tampered = canonicalMessageBytes(D, { ...req, shares: 11n as any })
            await expect(verifyRequestSignature(tampered, u8aToHex(pair.sign(msg)), pair.address)).rejects.toThrow(/^BAD_SIGNATURE/)
            // another deployment
            const elsewhere = canonicalMessageBytes({ ...D, ethChainId: 5 }, req)
            await expect(verifyRequestSignature(elsewhere, u8aToHex(pair.sign(msg)), pair.address)).rejects.toThrow(/^BAD_SIGNATURE/)
            // forged
            await expect(verifyRequestSignature(msg, u8aToHex(randomAsU8a(64)), pair.address)).rejects.toThrow(/^BAD_SIGNATURE/)
        }
        const pair = new Keyring({ type: 'ed25519' }).addFromUri('//bob')
        const msg = canonicalMessageBytes(D, { kusamaAddress: pair.address, ethAddress: ETH, shares: 'max', nonce: 'a' })
        await expect(verifyRequestSignature(msg, 'hello', pair.address)).rejects.toThrow('BAD_SIGNATURE: signature must be 0x-prefixed hex')
        await expect(verifyRequestSignature(msg, '0x1234', pair.address)).rejects.toThrow('BAD_SIGNATURE: signature must be 64 bytes')
        // an ECDSA account (id = blake2(compressed key)) is not accepted even with a valid signature
        const ecdsa = secp256k1PairFromSeed(new Uint8Array(32).fill(7))
        const ecdsaAddress = encodeAddress(blake2AsU8a(ecdsa.publicKey), 2)
        const emsg = canonicalMessageBytes(D, { kusamaAddress: ecdsaAddress, ethAddress: ETH, shares: 'max', nonce: 'a' })
        const esig = u8aToHex(new Uint8Array([2, ...secp256k1Sign(emsg, ecdsa, 'blake2')]))
        await expect(verifyRequestSignature(emsg, esig, ecdsaAddress)).rejects.toThrow(/^BAD_SIGNATURE/)
    })

    it('refuses malformed fields with clear codes', () => {
        const kusama = new Keyring({ type: 'ed25519', ss58Format: 2 }).addFromUri('//alice').address
        const ok = { kusamaAddress: kusama, ethAddress: ETH, shares: '1', nonce: 'n' }
        expect(parseClaimRequest(ok)).toEqual({ kusamaAddress: kusama, ethAddress: ETH, shares: 1n, nonce: 'n' })
        // any SS58 prefix is accepted and normalized to Kusama's
        const generic = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//alice').address
        expect(parseClaimRequest({ ...ok, kusamaAddress: generic }).kusamaAddress).toBe(kusama)
        expect(parseClaimRequest({ ...ok, ethAddress: ETH.toLowerCase() }).ethAddress).toBe(ETH)
        const bad: [object, RegExp][] = [
            [{ kusamaAddress: 'nope' }, /^BAD_ADDRESS: unknown address format/],
            [{ kusamaAddress: ETH }, /^BAD_ADDRESS: .*is an Ethereum address/],
            [{ ethAddress: kusama }, /^BAD_ADDRESS: ethAddress must be/],
            [{ ethAddress: '0x5b38Da6a701c568545dCfcB03FcB875f56beddC4' }, /^BAD_ADDRESS: .*checksum/],
            [{ ethAddress: '0x0000000000000000000000000000000000000000' }, /^BAD_ADDRESS: .*zero address/],
            [{ shares: '0' }, /^BAD_AMOUNT: shares must be greater than 0/],
            [{ shares: '1.5' }, /^BAD_AMOUNT/],
            [{ shares: '-1' }, /^BAD_AMOUNT/],
            [{ shares: 'MAX' }, /^BAD_AMOUNT/],
            [{ shares: (1n << 256n).toString() }, /^BAD_AMOUNT: shares exceeds uint256/],
            [{ nonce: '' }, /^BAD_NONCE/],
            [{ nonce: 'a b' }, /^BAD_NONCE/],
            [{ nonce: 'x'.repeat(65) }, /^BAD_NONCE/],
        ]
        for (const [patch, re] of bad) expect(() => parseClaimRequest({ ...ok, ...patch })).toThrow(re)
    })
})

describe('notary key and rate limit', () => {
    it('uses the development key only on the local chain', () => {
        expect(loadNotaryKey(31337, {}).dev).toBe(true)
        expect(loadNotaryKey(31337, {}).privateKey).toBe(DEV_NOTARY_KEY)
        expect(() => loadNotaryKey(1, {})).toThrow(/^NOT_CONFIGURED: .*set NOTARY_KEY/)
        expect(() => loadNotaryKey(1, { NOTARY_KEY: DEV_NOTARY_KEY })).toThrow(/refusing the public development notary key/)
        expect(() => loadNotaryKey(1, { NOTARY_KEY: '0x12' })).toThrow(/NOTARY_KEY must be/)
        const k = loadNotaryKey(1, { NOTARY_KEY: '0x' + '11'.repeat(32) })
        expect(k.dev).toBe(false)
        expect(k.address).toBe('0x19E7E376E7C213B7E7e7e46cc70A5dD086DAff2A')
    })

    it('allows a burst, then refills at the per-minute rate, per key', () => {
        let now = 0
        const rl = new RateLimiter(6, 3, () => now)
        expect([rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([0, 0, 0])
        expect(rl.take('a')).toBe(10)
        expect(rl.take('b')).toBe(0)
        now += 10_000
        expect(rl.take('a')).toBe(0)
        expect(rl.take('a')).toBe(10)
    })

    it('renders the seed claim object: nativeAmount is the on-chain amount (shares), shares repeats it, amount its KSM value', () => {
        const o = claimObject({
            kusama_account: 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F', status: 'ACTIVE', claim_id: '255', claim_before_block: '7300',
            native_amount: '12123400000000', shares: '12123400000000000000', signature: '0xab', eth_account: ETH.toLowerCase(),
            token_address: D.token, created_at: new Date(1_700_000_000_000), expires_at: new Date(1_700_086_400_000),
        })
        expect(o).toEqual({
            claim: {
                address: 'HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F', status: 'ACTIVE',
                data: {
                    network: 2, claimId: '0x' + '0'.repeat(62) + 'ff', claimBeforeBlock: 7300, amount: '12.1234', nativeAmount: '12123400000000000000',
                    shares: '12123400000000000000', signature: '0xab', ethAddress: ETH,
                },
                createdTimestamp: 1_700_000_000, expiresTimestamp: 1_700_086_400, tokenAddress: '0x84DA8e731172827fCB233B911678E2a82E27Baf2', loanId: 0,
            },
            tokenAddress: '0x84DA8e731172827fCB233B911678E2a82E27Baf2',
        })
    })
})
