import { hexlify } from 'ethers'
import { EthereumDevnet } from '../../src/local/ethereum-devnet'
import { E18, expectRevert, parsed, ss58Bytes, START } from './helpers'

let d: EthereumDevnet
beforeAll(async () => {
    d = await EthereumDevnet.start({ startTime: START })
    await d.mintShares(undefined, 'alice', 10n * E18)
    await d.setRatio(undefined, R)
})
afterAll(async () => { await d?.stop() })

const R = 970000000000000001n
const ZERO = '0x0000000000000000000000000000000000000000'
const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 3)
const KEY = hexlify(key)
const R0_SIG = 'TokensBurned(address,address,bytes,uint256)'
const R1_SIG = 'TokensBurned(address,address,bytes,uint256,uint256)'

describe('recipient validation', () => {
    test('accepts a 32-byte key and 35-byte SS58 payloads for networks 0, 2 and 42 (checksums from @polkadot/util-crypto)', async () => {
        const pool = d.contracts.pool
        expect(await pool.recipientValidation()).toBe(true)
        expect(await pool.isRecipientValid(KEY)).toBe(true)
        for (const n of [0, 2, 42]) {
            const raw = ss58Bytes(key, n)
            expect(raw.length).toBe(2 + 70)
            expect(await pool.isRecipientValid(raw)).toBe(true)
        }
    })

    test('rejects (and burnBond reverts `incorrect address`) every other shape', async () => {
        const good = ss58Bytes(key, 2)
        const flip = (hex: string, byteIndex: number) => {
            const b = Buffer.from(hex.slice(2), 'hex'); b[byteIndex] ^= 1; return '0x' + b.toString('hex')
        }
        const invalid: Record<string, string> = {
            empty: '0x',
            short: '0x1234',
            '31 bytes': KEY.slice(0, 64),
            '33 bytes': KEY + '00',
            '34 bytes': good.slice(0, 70),
            '36 bytes': good + '00',
            '64 bytes': KEY + KEY.slice(2),
            'bad checksum byte 1': flip(good, 33),
            'bad checksum byte 2': flip(good, 34),
            'tampered key': flip(good, 5),
            'network 1 (valid checksum)': ss58Bytes(key, 1),
            'network 3 (valid checksum)': ss58Bytes(key, 3),
            'network 42 checksum with network byte 2': '0x02' + ss58Bytes(key, 42).slice(4),
        }
        for (const [what, bytes] of Object.entries(invalid)) {
            expect([what, await d.contracts.pool.isRecipientValid(bytes)]).toEqual([what, false])
            await expectRevert(d.burn(undefined, 'alice', 1n, bytes), /^burnBond reverted: incorrect address$/)
        }
        expect(await d.sharesOf('alice')).toBe(10n * E18)
    })

    test('setRecipientValidation: owner only; off lets any recipient through', async () => {
        await expectRevert(d.tx(undefined, 'mallory', 'pool', 'setRecipientValidation', [false]), 'OnlyOwner')
        await d.setRecipientValidation(undefined, false)
        const b = await d.burn(undefined, 'alice', 5n, '0xdeadbeef')
        expect(parsed(d, b)[1].args[2]).toBe('0xdeadbeef')
        await d.setRecipientValidation(undefined, true)
        await expectRevert(d.burn(undefined, 'alice', 5n, '0xdeadbeef'), /incorrect address/)
        expect(await d.sharesOf('alice')).toBe(10n * E18 - 4n) // R1: 5 aKSMb = floor(5·0.97…) = 4 shares
    })
})

describe('burnBond revisions', () => {
    test('the default revision is R1', async () => {
        expect(await d.poolRevision()).toBe(1)
    })

    test('R1 takes aKSMb, burns balanceToShares(amount), emits the 5-field TokensBurned', async () => {
        const before = await d.sharesOf('alice')
        const supply = await d.totalSharesSupply()
        const amount = 123456789012345678901n / 100n // 1234567890123456789
        const shares = amount * R / E18
        expect(shares).toBe(1197530853419753086n)
        const recipient = ss58Bytes(key, 2)
        const b = await d.burn(undefined, 'alice', amount, recipient)
        const logs = parsed(d, b)
        expect(logs.map(l => l.signature)).toEqual(['Transfer(address,address,uint256)', R1_SIG])
        expect(logs[0].args).toEqual([d.address('alice'), ZERO, shares]) // burn Transfer carries shares
        expect(logs[1]).toMatchObject({ address: d.addresses.pool, args: [d.addresses.aKSMb, d.address('alice'), recipient, amount, shares] })
        expect(b.logs[1].topics[0]).toBe(d.contracts.pool.interface.getEvent(R1_SIG)!.topicHash)
        expect(await d.sharesOf('alice')).toBe(before - shares)
        expect(await d.totalSharesSupply()).toBe(supply - shares)
    })

    test('setPoolRevision: owner only, 0 or 1', async () => {
        await expectRevert(d.tx(undefined, 'mallory', 'pool', 'setPoolRevision', [0]), 'OnlyOwner')
        await expectRevert(d.tx(undefined, 'operator', 'pool', 'setPoolRevision', [2]), 'UnknownRevision')
        await d.setPoolRevision(undefined, 0)
        expect(await d.poolRevision()).toBe(0)
    })

    test('R0 burns `amount` shares and emits the 4-field TokensBurned', async () => {
        const before = await d.sharesOf('alice')
        const b = await d.burn(undefined, 'alice', 1234n, KEY)
        const logs = parsed(d, b)
        expect(logs.map(l => l.signature)).toEqual(['Transfer(address,address,uint256)', R0_SIG])
        expect(logs[0].args).toEqual([d.address('alice'), ZERO, 1234n])
        expect(logs[1].args).toEqual([d.addresses.aKSMb, d.address('alice'), KEY, 1234n])
        expect(b.logs[1].topics[0]).toBe(d.contracts.pool.interface.getEvent(R0_SIG)!.topicHash)
        expect(await d.sharesOf('alice')).toBe(before - 1234n)
    })

    test('burning more than the balance reverts (R0 in shares, R1 in aKSMb); R0 allows amount 0', async () => {
        const shares = await d.sharesOf('alice')
        await expectRevert(d.burn(undefined, 'alice', shares + 1n, KEY), 'InsufficientShares')
        await expectRevert(d.burn(undefined, 'bob', 1n, KEY), 'InsufficientShares')
        const zero = await d.burn(undefined, 'alice', 0n, KEY)
        expect(parsed(d, zero).map(l => [l.signature, l.args])).toEqual([
            ['Transfer(address,address,uint256)', [d.address('alice'), ZERO, 0n]],
            [R0_SIG, [d.addresses.aKSMb, d.address('alice'), KEY, 0n]],
        ])
        expect(await d.sharesOf('alice')).toBe(shares)
        await d.setPoolRevision(undefined, 1)
        const balance = await d.balanceOf('alice')
        await expectRevert(d.burn(undefined, 'alice', balance + 2n, KEY), 'InsufficientShares')
        await d.burn(undefined, 'alice', balance, KEY) // the full balance burns every share (ceil/floor round-trip)
        expect(await d.sharesOf('alice')).toBe(0n)
    })

    test('burns of aDOTb carry the aDOTb token address; the pool does not check that the bond is registered', async () => {
        await d.mintShares(undefined, 'bob', 50n, { bond: d.addresses.aDOTb })
        const b = await d.burn(undefined, 'bob', 20n, KEY, d.addresses.aDOTb)
        const logs = parsed(d, b)
        expect(logs[0].address).toBe(d.addresses.aDOTb)
        expect(logs[1].args).toEqual([d.addresses.aDOTb, d.address('bob'), KEY, 20n, 20n]) // aDOTb ratio is still 1e18
        // a bond removed from the pool's (informational) list still burns
        await d.tx(undefined, 'operator', 'pool', 'removeBond', [d.addresses.aDOTb])
        const removed = await d.burn(undefined, 'bob', 10n, KEY, d.addresses.aDOTb)
        expect(parsed(d, removed)[1].args).toEqual([d.addresses.aDOTb, d.address('bob'), KEY, 10n, 10n])
        expect(await d.sharesOf('bob', undefined, 'aDOTb')).toBe(20n)
        // an address that is no token at all: the call to it fails
        await expectRevert(d.burn(undefined, 'bob', 1n, KEY, d.address('nottoken')), /burnBond reverted/)
    })
})
