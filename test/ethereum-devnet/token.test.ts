import { EthereumDevnet } from '../../src/local/ethereum-devnet'
import { E18, expectRevert, parsed, START } from './helpers'

let d: EthereumDevnet
beforeAll(async () => { d = await EthereumDevnet.start({ startTime: START }) })
afterAll(async () => { await d?.stop() })

const R = 970000000000000001n // 0.97e18 + 1
const ZERO = '0x0000000000000000000000000000000000000000'

describe('aKSMb', () => {
    test('metadata and initial ratio', async () => {
        const t = d.contracts.aKSMb
        expect(await t.decimals()).toBe(18n)
        expect(await t.symbol()).toBe('aKSMb')
        expect(await d.contracts.aDOTb.symbol()).toBe('aDOTb')
        expect(await d.ratio()).toBe(E18)
        expect(await t.operator()).toBe(d.address('operator'))
        expect(await t.pool()).toBe(d.addresses.pool)
    })

    test('updateRatio: the pool or the operator, non-zero, emits RatioUpdate', async () => {
        await expectRevert(d.tx(undefined, 'mallory', 'aKSMb', 'updateRatio', [R]), 'OnlyPoolOrOperator')
        await expectRevert(d.setRatio(undefined, 0n), 'ZeroRatio')
        expect(await d.ratio()).toBe(E18)
        const b = await d.setRatio(undefined, R)
        expect(parsed(d, b)).toMatchObject([{ name: 'RatioUpdate', args: [R], address: d.addresses.aKSMb }])
        expect(await d.ratio()).toBe(R)
        expect(await d.ratio(b.height - 1)).toBe(E18) // historic view
        expect(await d.ratio(undefined, 'aDOTb')).toBe(E18) // tokens are independent
    })

    test('balanceToShares floors, sharesToBalance ceils at R = 0.97e18 + 1', async () => {
        const t = d.contracts.aKSMb
        const b2s: [bigint, bigint][] = [[0n, 0n], [1n, 0n], [100n, 97n], [E18, 970000000000000001n],
            [5n * E18, 4850000000000000005n], [123456789012345678901n, 119753085341975308657n]]
        for (const [a, s] of b2s) expect([a, await t.balanceToShares(a)]).toEqual([a, s])
        const s2b: [bigint, bigint][] = [[0n, 0n], [1n, 2n], [97n, 100n], [970000000000000001n, E18],
            [E18, 1030927835051546391n], [123456789012345678901n, 127275040218913070901n]]
        for (const [s, a] of s2b) expect([s, await t.sharesToBalance(s)]).toEqual([s, a])
    })

    test('mint emits Transfer with shares; balanceOf = ceil(shares·1e18/R); totalSupply likewise', async () => {
        const b = await d.mintShares(undefined, 'alice', E18)
        expect(parsed(d, b)[0]).toMatchObject({ name: 'Transfer', args: [ZERO, d.address('alice'), E18] })
        expect(await d.sharesOf('alice')).toBe(E18)
        expect(await d.balanceOf('alice')).toBe(1030927835051546391n)
        expect(await d.contracts.aKSMb.totalSupply()).toBe(1030927835051546391n)
        expect(await d.totalSharesSupply()).toBe(E18)
    })

    test('transfer moves floor(amount·R/1e18) shares and emits Transfer with the aKSMb amount', async () => {
        const amount = 123456789012345678901n / 1000n // 123456789012345678
        const shares = amount * R / E18
        expect(shares).toBe(119753085341975307n)
        const b = await d.transferBond(undefined, 'alice', 'bob', amount)
        expect(parsed(d, b)).toMatchObject([{ name: 'Transfer', args: [d.address('alice'), d.address('bob'), amount] }])
        expect(await d.sharesOf('bob')).toBe(shares)
        expect(await d.sharesOf('alice')).toBe(E18 - shares)
        expect(await d.totalSharesSupply()).toBe(E18)
        // 1 wei of aKSMb is 0 shares: the event still says 1, nothing moves
        const dust = await d.transferBond(undefined, 'bob', 'carol', 1n)
        expect(parsed(d, dust)[0].args[2]).toBe(1n)
        expect(await d.sharesOf('carol')).toBe(0n)
        expect(await d.sharesOf('bob')).toBe(shares)
        // to an address (not a name)
        await d.transferBond(undefined, 'bob', d.address('carol'), 100n)
        expect(await d.sharesOf('carol')).toBe(97n)
    })

    test('transfer more than the balance reverts with InsufficientShares', async () => {
        const bal = await d.balanceOf('carol') // 100
        expect(bal).toBe(100n)
        await d.transferBond(undefined, 'carol', 'dave', bal) // exactly the balance works: floor(100·R) = 97
        expect(await d.sharesOf('carol')).toBe(0n)
        await expectRevert(d.transferBond(undefined, 'carol', 'dave', 2n), 'InsufficientShares')
    })

    test('approve / transferFrom in shares: the allowance holds balanceToShares(amount); transferFrom logs Transfer and Approval in shares', async () => {
        const approved = await d.approveBond(undefined, 'alice', 'erin', 1000n)
        expect(parsed(d, approved)).toMatchObject([{ name: 'Approval', args: [d.address('alice'), d.address('erin'), 970n] }]) // floor(1000 · 0.97…) shares
        expect(await d.allowance('alice', 'erin')).toBe(1000n) // read back as the shares' aKSMb value: ceil(970 / 0.97…)
        // 1032 aKSMb = 1001 shares > the 970 approved
        await expectRevert(d.transferBondFrom(undefined, 'erin', 'alice', 'erin', 1032n), 'InsufficientAllowance')
        const b = await d.transferBondFrom(undefined, 'erin', 'alice', 'frank', 600n)
        expect(parsed(d, b)).toMatchObject([
            { name: 'Transfer', args: [d.address('alice'), d.address('frank'), 582n] },   // shares, not the 600 aKSMb asked
            { name: 'Approval', args: [d.address('alice'), d.address('erin'), 388n] },    // what is left, in shares
        ])
        expect(b.logs.length).toBe(2)
        expect(await d.sharesOf('frank')).toBe(582n) // floor(600 · 0.97…)
        expect(await d.allowance('alice', 'erin')).toBe(400n)
        await expectRevert(d.transferBondFrom(undefined, 'erin', 'alice', '0x0000000000000000000000000000000000000000', 1n), 'ZeroAddress')
    })

    test('transfer to the zero address is an ordinary transfer, not a burn', async () => {
        const total = await d.totalSharesSupply()
        const before = await d.sharesOf('frank')
        const b = await d.transferBond(undefined, 'frank', ZERO, 100n)
        expect(parsed(d, b)).toEqual([expect.objectContaining({ name: 'Transfer', args: [d.address('frank'), ZERO, 100n] })]) // aKSMb
        expect(await d.sharesOf(ZERO)).toBe(97n)
        expect(await d.sharesOf('frank')).toBe(before - 97n)
        expect(await d.totalSharesSupply()).toBe(total)
    })

    test('mint / burn only by the pool', async () => {
        await expectRevert(d.tx(undefined, 'operator', 'aKSMb', 'mint', [d.address('mallory'), 1n]), 'OnlyPool')
        await expectRevert(d.tx(undefined, 'mallory', 'aKSMb', 'burn', [d.address('alice'), 1n]), 'OnlyPool')
        await expectRevert(d.tx(undefined, 'mallory', 'aKSMb', 'setPool', [d.address('mallory')]), 'OnlyOperator')
    })
})
