import { Wallet } from 'ethers'
import { claimHash, recoverClaimSigner, signClaim } from '../../src/chains/ethereum/claim-signature'
import { EthereumDevnet } from '../../src/local/ethereum-devnet'
import { E18, expectRevert, parsed, START } from './helpers'

let d: EthereumDevnet
beforeAll(async () => { d = await EthereumDevnet.start({ startTime: START }) })
afterAll(async () => { await d?.stop() })

const notaryKey = () => EthereumDevnet.privateKey('notary')

function claim(over: Partial<{ bond: string; claimId: bigint; amount: bigint; claimBeforeBlock: bigint; account: string }> = {}) {
    const c = { bond: d.addresses.aKSMb, claimId: 7n, amount: 5n * E18, claimBeforeBlock: 1000n, account: d.address('alice'), ...over }
    return { ...c, signature: signClaim(notaryKey(), c.bond, c.claimId, c.amount, c.claimBeforeBlock, c.account) }
}
/** isClaimValid's argument order: claimBeforeBlock BEFORE amount (SPEC §1), unlike claimBonds */
const args = (c: ReturnType<typeof claim>) => [c.bond, c.claimId, c.claimBeforeBlock, c.amount, c.account, c.signature] as const

describe('claim signature', () => {
    test('claimHash equals the contract claimHash and signClaim recovers to the notary', async () => {
        const c = claim()
        const onchain = await d.contracts.pool.claimHash(c.bond, c.claimId, c.amount, c.claimBeforeBlock, c.account)
        expect(claimHash(c.bond, c.claimId, c.amount, c.claimBeforeBlock, c.account)).toBe(onchain)
        expect(c.signature).toMatch(/^0x[0-9a-f]{130}$/)
        expect(recoverClaimSigner(c.signature, c.bond, c.claimId, c.amount, c.claimBeforeBlock, c.account)).toBe(d.address('notary'))
        expect(await d.contracts.pool.consensus()).toBe(d.address('notary'))
        // the raw hash, not the EIP-191 one
        const eip191 = await new Wallet(notaryKey()).signMessage(Buffer.from(onchain.slice(2), 'hex'))
        expect(await d.contracts.pool.isClaimValid(...args({ ...c, signature: eip191 }))).toBe(false)
    })
})

describe('claimBonds', () => {
    test('isClaimValid / isClaimUsed before and after a relayed claim; mints shares to the account', async () => {
        const c = claim({ claimId: 1n, amount: 3n * E18 + 7n })
        expect(await d.contracts.pool.isClaimValid(...args(c))).toBe(true)
        expect(await d.isClaimValid(c)).toBe(true)
        // claimBonds' order is another claim (amount and claimBeforeBlock swapped): not valid
        expect(await d.contracts.pool.isClaimValid(c.bond, c.claimId, c.amount, c.claimBeforeBlock, c.account, c.signature)).toBe(false)
        expect(await d.contracts.pool.isClaimUsed(1n)).toBe(false)
        const b = await d.claimBonds(START + 100, 'relayer', c) // relayed: the sender is not the account
        expect(b.timestamp).toBe(START + 100)
        const logs = parsed(d, b)
        expect(logs.map(l => l.name)).toEqual(['Transfer', 'TokensClaimed'])
        expect(logs[0].args).toEqual(['0x0000000000000000000000000000000000000000', d.address('alice'), 3n * E18 + 7n])
        expect(logs[1]).toMatchObject({ address: d.addresses.pool, args: [d.addresses.aKSMb, 1n, 3n * E18 + 7n, 1000n, d.address('alice')] })
        expect(await d.sharesOf('alice')).toBe(3n * E18 + 7n)
        expect(await d.sharesOf('relayer')).toBe(0n)
        expect(await d.totalSharesSupply()).toBe(3n * E18 + 7n)
        expect(await d.contracts.pool.isClaimUsed(1n)).toBe(true)
        expect(await d.contracts.pool.isClaimValid(...args(c))).toBe(false)
    })

    test('replayed claimId reverts, even with another valid signature', async () => {
        await expectRevert(d.claimBonds(undefined, 'alice', claim({ claimId: 1n, amount: 3n * E18 + 7n })), 'ClaimAlreadyUsed')
        await expectRevert(d.claimBonds(undefined, 'bob', claim({ claimId: 1n, amount: 1n, account: d.address('bob') })), /ClaimAlreadyUsed\(1\)/)
    })

    test('an expired claim reverts as an invalid signature; the last allowed block is claimBeforeBlock itself', async () => {
        const head = (await d.head()).height
        const expired = claim({ claimId: 2n, claimBeforeBlock: BigInt(head) })   // the tx would be in head + 1
        expect(await d.contracts.pool.isClaimValid(...args(expired))).toBe(true) // eth_call at latest runs at head
        await expectRevert(d.claimBonds(undefined, 'alice', expired), 'InvalidSignature')
        expect(await d.contracts.pool.isClaimValid(...args(claim({ claimId: 2n, claimBeforeBlock: BigInt(head - 1) })))).toBe(false)
        const before = await d.head()
        const ok = claim({ claimId: 2n, claimBeforeBlock: BigInt(head + 1) })
        const b = await d.claimBonds(undefined, 'alice', ok)
        expect(b.height).toBe(head + 1)
        expect(before.height).toBe(head) // the failed attempt mined nothing
    })

    test('bad signatures revert: garbage, wrong length, non-notary signer, tampered amount, wrong token', async () => {
        const c = claim({ claimId: 3n })
        await expectRevert(d.claimBonds(undefined, 'alice', { ...c, signature: '0x' + '11'.repeat(65) }), 'InvalidSignature')
        await expectRevert(d.claimBonds(undefined, 'alice', { ...c, signature: c.signature.slice(0, 130) }), 'InvalidSignature')
        const byAlice = signClaim(EthereumDevnet.privateKey('alice'), c.bond, c.claimId, c.amount, c.claimBeforeBlock, c.account)
        await expectRevert(d.claimBonds(undefined, 'alice', { ...c, signature: byAlice }), 'InvalidSignature')
        await expectRevert(d.claimBonds(undefined, 'alice', { ...c, amount: c.amount + 1n }), 'InvalidSignature')
        await expectRevert(d.claimBonds(undefined, 'alice', { ...c, account: d.address('mallory') }), 'InvalidSignature')
        // signed for aKSMb, submitted for aDOTb
        await expectRevert(d.claimBonds(undefined, 'alice', { ...c, bond: d.addresses.aDOTb }), 'InvalidSignature')
        // the pool does not check that the bond is registered: a properly signed claim of an address that is
        // no token at all passes isClaimValid, and claimBonds fails only at the mint call
        const noToken = claim({ claimId: 3n, bond: d.address('nottoken') })
        expect(await d.contracts.pool.isClaimValid(...args(noToken))).toBe(true)
        await expectRevert(d.claimBonds(undefined, 'alice', noToken), /claimBonds reverted/)
        for (const bad of [{ ...c, amount: c.amount + 1n }, { ...c, signature: byAlice }]) {
            expect(await d.contracts.pool.isClaimValid(...args(bad))).toBe(false)
        }
        expect(await d.contracts.pool.isClaimUsed(3n)).toBe(false)
        await d.claimBonds(undefined, 'alice', c) // still claimable
    })

    test('the same pool mints aDOTb, registered or not; token filtering is by the event token field', async () => {
        await d.tx(undefined, 'operator', 'pool', 'removeBond', [d.addresses.aDOTb])
        expect(await d.contracts.pool.isBondSupported(d.addresses.aDOTb)).toBe(false)
        const c = claim({ claimId: 4n, bond: d.addresses.aDOTb, amount: 11n })
        const b = await d.claimBonds(undefined, 'carol', c)
        const logs = parsed(d, b)
        expect(logs[0].address).toBe(d.addresses.aDOTb)
        expect(logs[1].args[0]).toBe(d.addresses.aDOTb)
        expect(await d.sharesOf('alice', undefined, 'aDOTb')).toBe(11n)
    })

    test('mintShares signs with the notary and uses fresh claim ids', async () => {
        const a = await d.mintShares(undefined, 'dave', 5n)
        const b = await d.mintShares(undefined, 'dave', 6n, { relayer: 'erin' })
        expect(b.claimId).toBe(a.claimId + 1n)
        expect(await d.sharesOf('dave')).toBe(11n)
        expect(await d.contracts.pool.isClaimUsed(a.claimId)).toBe(true)
    })
})
