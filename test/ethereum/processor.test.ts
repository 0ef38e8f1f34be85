/**
 * The real Ethereum processor (compiled, its own process) on the Hardhat devnet with our contracts:
 * every domain event kind with asserted values and the share ledger reconciled with the contract's
 * view calls (the GraphQL entity API is exercised in reorg.test.ts). Tests run in order on one chain.
 */
import { decodeRecipient } from '../../src/domain/recipient'
import { MinedEthBlock } from '../../src/local/ethereum-devnet'
import {
    burnTerms, E18, EthHarness, FINALITY, hex, key, kusamaAddress, ss58Payload, toBalance, toPlanck, toShares, ZERO,
} from './support'
import { mine, sendRaw, TestRouter } from './router'

let h: EthHarness
beforeAll(async () => { h = await EthHarness.start(['eth-processor']) })
afterAll(async () => { await h?.stop() })

const lc = (nameOrAddr: string) => h.eth.resolve(nameOrAddr).toLowerCase()
const poolLog = (b: MinedEthBlock) => b.logs.find(l => l.address === h.eth.addresses.pool)!
const tokenLog = (b: MinedEthBlock) => b.logs.find(l => l.address === h.eth.addresses.aKSMb)!
const at = (b: MinedEthBlock) => ({ tx_hash: b.txHash, block_height: b.height, block_hash: b.hash, timestamp: new Date(b.timestamp * 1000) })

const USERS = ['alice', 'bob', 'carol', 'dave', 'relayer']

describe('claims', () => {
    test('a claim relayed by a third party: Claim with account and relayer, a MINT, the holder credited', async () => {
        const claimBeforeBlock = BigInt((await h.eth.head()).height + 500)
        const b = await h.eth.mintShares(undefined, 'alice', 100n * E18 + 7n, { relayer: 'relayer', claimId: 4242n, claimBeforeBlock })
        const own = await h.eth.mintShares(undefined, 'bob', 40n * E18)
        await h.sync()

        expect(await h.byTx('claim', b)).toEqual([{
            id: `${b.txHash}-${poolLog(b).logIndex}`, claim_id: '4242', shares: String(100n * E18 + 7n),
            claim_before_block: String(claimBeforeBlock), account: lc('alice'), relayer: lc('relayer'),
            ...at(b), log_index: poolLog(b).logIndex,
        }])
        expect((await h.byTx('claim', own))[0]).toMatchObject({ account: lc('bob'), relayer: lc('bob'), shares: String(40n * E18), claim_id: String(own.claimId) })
        expect(await h.byTx('bond_transfer', b)).toEqual([{
            id: `${b.txHash}-${tokenLog(b).logIndex}`, kind: 'MINT', from: ZERO, to: lc('alice'),
            value: String(100n * E18 + 7n), shares: String(100n * E18 + 7n), ratio: String(E18),
            ...at(b), log_index: tokenLog(b).logIndex,
        }])
        expect(await h.holder('alice')).toBe(100n * E18 + 7n)
        expect(await h.holder('bob')).toBe(40n * E18)
        expect(await h.holder('relayer')).toBe(0n)
        expect((await h.supply()).totalShares).toBe(140n * E18 + 7n)
        await h.reconcile(USERS)
    })
})

describe('ratio and transfers', () => {
    test('RatioUpdate is recorded and is the ratio of the logs after it', async () => {
        const b = await h.eth.setRatio(undefined, 950_000_000_000_000_000n)
        await h.sync()
        expect(await h.byTx('ratio_update', b)).toEqual([{
            id: `${b.txHash}-${tokenLog(b).logIndex}`, ratio: '950000000000000000', ...at(b), log_index: tokenLog(b).logIndex,
        }])
        expect((await h.supply()).ratio).toBe(950_000_000_000_000_000n)
    })

    test('transfers at several ratios move floor(amount·R/1e18) shares, exact to the unit', async () => {
        const cases: { ratio?: bigint; from: string; to: string; amount: bigint }[] = [
            { from: 'alice', to: 'carol', amount: 3_333_333_333_333_333_333n },           // at 0.95 from the test above
            { ratio: 912_345_678_901_234_567n, from: 'alice', to: 'dave', amount: 7n * E18 + 123_456_789n },
            { from: 'carol', to: 'bob', amount: 1n },                                      // 1 aKSMb unit → 0 shares
            { ratio: 1_000_000_000_000_000_003n, from: 'bob', to: 'carol', amount: 999_999_999_999_999_999n },
            { ratio: 333_333_333_333_333_333n, from: 'dave', to: 'alice', amount: 5n * E18 + 1n },
        ]
        let R = 950_000_000_000_000_000n
        for (const c of cases) {
            if (c.ratio) {
                await h.eth.setRatio(undefined, c.ratio)
                R = c.ratio
            }
            const before = { from: await h.eth.sharesOf(c.from), to: await h.eth.sharesOf(c.to) }
            const b = await h.eth.transferBond(undefined, c.from, c.to, c.amount)
            await h.sync()
            const moved = toShares(c.amount, R)
            // the contract agrees with the formula…
            expect(before.from - (await h.eth.sharesOf(c.from, b.height))).toBe(moved)
            // …and so does the index
            expect(await h.byTx('bond_transfer', b)).toEqual([{
                id: `${b.txHash}-${tokenLog(b).logIndex}`, kind: 'TRANSFER', from: lc(c.from), to: lc(c.to),
                value: String(c.amount), shares: String(moved), ratio: String(R), ...at(b), log_index: tokenLog(b).logIndex,
            }])
            expect(await h.holder(c.from)).toBe(before.from - moved)
            expect(await h.holder(c.to)).toBe(before.to + moved)
        }
        await h.reconcile(USERS)
    })
})

describe('burns', () => {
    test('R0 then R1 burns from the same pool: shares, amount, ratio in force and raw recipient; the core\'s owedPlanck and recipient', async () => {
        const R = 987_654_321_987_654_321n
        await h.eth.setRatio(undefined, R)
        await h.eth.setPoolRevision(undefined, 0)
        const k0 = key(1), k1 = key(2), k2 = key(3), k3 = key(4)
        const s0 = 2n * E18 + 12_345n
        const r0 = await h.eth.burn(undefined, 'alice', s0, hex(k0))
        await h.eth.setPoolRevision(undefined, 1)
        const a1 = 3n * E18 + 999_999n
        const r1 = await h.eth.burn(undefined, 'alice', a1, ss58Payload(k1, 2))
        const r1n0 = await h.eth.burn(undefined, 'bob', 1n * E18, ss58Payload(k2, 0))
        const r1n42 = await h.eth.burn(undefined, 'carol', 500_000n, ss58Payload(k3, 42))
        await h.sync()

        // the rows are the log's facts only, exactly (no recipient decoding, no owed planck)
        const rowR0 = await h.byTx('burn', r0)
        expect(rowR0).toEqual([{
            id: `${r0.txHash}-${poolLog(r0).logIndex}`, revision: 'R0', account: lc('alice'), recipient_raw: hex(k0),
            shares: String(s0), amount: null, ratio: String(R), ...at(r0), log_index: poolLog(r0).logIndex,
        }])
        // what the core makes of them: R0 owes balance(shares, R in force) in planck, to the 32-byte key's address
        expect(burnTerms(rowR0[0])).toMatchObject({
            id: rowR0[0].id, ethAccount: lc('alice'), recipientStatus: 'VALID', recipient: kusamaAddress(k0), shares: s0,
            owedPlanck: toPlanck(toBalance(s0, R)),
        })
        expect(decodeRecipient(rowR0[0].recipient_raw)).toMatchObject({ kind: 'PUBLIC_KEY', address: kusamaAddress(k0) })
        expect(toPlanck(toBalance(s0, R))).toBe(2_024_999_997_949n) // pinned: ceil(s0·1e18/R) = 2024999997949700002
        const burnR1 = (b: MinedEthBlock, who: string, raw: string, amount: bigint) => ({
            id: `${b.txHash}-${poolLog(b).logIndex}`, revision: 'R1', account: lc(who), recipient_raw: raw,
            shares: String(toShares(amount, R)), amount: String(amount), ratio: String(R),
            ...at(b), log_index: poolLog(b).logIndex,
        })
        const r1Cases: [MinedEthBlock, string, Uint8Array, number, bigint][] = [
            [r1, 'alice', k1, 2, a1], [r1n0, 'bob', k2, 0, 1n * E18], [r1n42, 'carol', k3, 42, 500_000n],
        ]
        for (const [b, who, k, network, amount] of r1Cases) {
            const rows = await h.byTx('burn', b)
            expect(rows).toEqual([burnR1(b, who, ss58Payload(k, network), amount)])
            // R1 owes its aKSMb amount in planck, to the payload's key whatever its network byte
            expect(burnTerms(rows[0])).toMatchObject({
                ethAccount: lc(who), recipientStatus: 'VALID', recipient: kusamaAddress(k), shares: toShares(amount, R), owedPlanck: toPlanck(amount),
            })
            expect(decodeRecipient(rows[0].recipient_raw)).toMatchObject({ kind: 'SS58_PAYLOAD', network, address: kusamaAddress(k) })
        }
        expect(burnTerms((await h.byTx('burn', r1n42))[0]).owedPlanck).toBe(0n) // less than a planck is owed as 0

        // each burn is also a BURN transfer of the burned shares
        const burnT = await h.byTx('bond_transfer', r1)
        expect(burnT).toEqual([expect.objectContaining({ kind: 'BURN', from: lc('alice'), to: ZERO, value: String(toShares(a1, R)), shares: String(toShares(a1, R)) })])
        expect((await h.byTx('bond_transfer', r0))[0]).toMatchObject({ kind: 'BURN', value: String(s0), shares: String(s0) })
        expect(h.processorLog()).not.toMatch(/ledger inconsistency/)
        await h.reconcile(USERS)
    })

    test('burns to invalid recipients are recorded with their raw bytes, never a crash; the core calls them INVALID_RECIPIENT with their reason', async () => {
        await h.eth.setRecipientValidation(undefined, false)
        const good = ss58Payload(key(9), 2)
        const badChecksum = good.slice(0, -2) + (parseInt(good.slice(-2), 16) ^ 1).toString(16).padStart(2, '0')
        const cases: [string, string][] = [
            ['0x', 'length 0'],
            ['0x' + 'ab'.repeat(20), 'length 20'],
            [hex(key(9)) + '00', 'length 33'],
            [badChecksum, 'bad checksum'],
            [ss58Payload(key(9), 5), 'bad network byte 0x05'],
        ]
        const R = (await h.supply()).ratio
        const blocks: MinedEthBlock[] = []
        for (const [raw] of cases) blocks.push(await h.eth.burn(undefined, 'bob', 10n ** 15n, raw))
        await h.eth.setRecipientValidation(undefined, true)
        await h.sync()
        for (const [i, [raw, reason]] of cases.entries()) {
            const rows = await h.byTx('burn', blocks[i])
            expect(rows).toEqual([{
                id: `${blocks[i].txHash}-${poolLog(blocks[i]).logIndex}`, revision: 'R1', account: lc('bob'), recipient_raw: raw,
                amount: String(10n ** 15n), shares: String(toShares(10n ** 15n, R)), ratio: String(R), ...at(blocks[i]), log_index: poolLog(blocks[i]).logIndex,
            }])
            // the core: INVALID_RECIPIENT (no address), still owing the amount; the decoder gives the reason
            expect(burnTerms(rows[0])).toMatchObject({ recipientStatus: 'INVALID_RECIPIENT', recipient: null, owedPlanck: 10n ** 9n })
            expect(decodeRecipient(rows[0].recipient_raw)).toEqual({ kind: 'INVALID', reason })
        }
        // the processor judges no recipient: nothing flagged, nothing inconsistent
        expect(h.processorLog()).not.toMatch(/INVALID_RECIPIENT/)
        expect(h.processorLog()).not.toMatch(/ledger inconsistency/)
        await h.reconcile(USERS)
    })
})

describe('other tokens of the pool', () => {
    test('aDOTb claims and burns are ignored and counted', async () => {
        const before = await h.supply()
        const aliceBefore = await h.holder('alice')
        const c = await h.eth.mintShares(undefined, 'alice', 50n * E18, { bond: h.eth.addresses.aDOTb, relayer: 'bob' })
        const b = await h.eth.burn(undefined, 'alice', 1n * E18, hex(key(5)), h.eth.addresses.aDOTb)
        await h.sync()
        for (const t of ['claim', 'burn', 'bond_transfer']) {
            expect(await h.byTx(t, c)).toEqual([])
            expect(await h.byTx(t, b)).toEqual([])
        }
        const after = await h.supply()
        expect(after.foreign).toBe(before.foreign + 2)
        expect(after.totalShares).toBe(before.totalShares)
        expect(await h.holder('alice')).toBe(aliceBefore)
        expect(await h.eth.sharesOf('alice', undefined, h.eth.addresses.aDOTb)).toBe(49n * E18)
        expect(h.processorLog()).toMatch(/ignored TokensClaimed of token/)
        expect(h.processorLog()).toMatch(/ignored TokensBurned \(R1\) of token/)
        // and exposed as Prometheus counters beside the SDK's own metrics
        const port = /prometheus metrics are served at port (\d+)/.exec(h.processorLog())![1]
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
        expect(metrics).toMatch(/^ksm_eth_foreign_token_events_total 2$/m)
        expect(metrics).toMatch(/^ksm_eth_ledger_inconsistencies_total 0$/m)
        expect(metrics).not.toMatch(/ksm_eth_invalid_recipient_burns_total/) // recipients are the oracle's to judge
        expect(metrics).toMatch(/^sqd_processor_last_block \d+$/m)
    })
})

describe('reconciliation', () => {
    test('every holder, the total and the ratio equal the contract at the indexed block', async () => {
        // one more round of activity across a ratio change, then reconcile
        await h.eth.mintShares(undefined, 'dave', 11n * E18 + 11n, { relayer: 'carol' })
        await h.eth.transferBond(undefined, 'dave', 'relayer', 2n * E18 + 3n)
        await h.eth.setRatio(undefined, 1_111_111_111_111_111_111n)
        await h.eth.transferBond(undefined, 'relayer', 'alice', 1n * E18)
        await h.eth.burn(undefined, 'dave', 1n * E18 + 1n, hex(key(6)))
        await h.sync()
        const { height, holders } = await h.reconcile(USERS)
        expect(holders).toBe(USERS.length)
        expect(height).toBeGreaterThanOrEqual((await h.eth.head()).height - FINALITY)
    })

    test('at R ≠ 1, every Transfer path: direct transfers, transferFrom through an allowance, a router calling the token inside its own call, transfer to 0x0, several in one block — exact at every block', async () => {
        const R = 1_234_567_890_123_456_789n
        const first = (await h.eth.head()).height + 1
        await h.eth.setRatio(undefined, R)
        const router = await TestRouter.deploy(h.eth)
        const rt = router.address.toLowerCase()
        await h.eth.mintShares(undefined, 'alice', 40n * E18 + 1n)
        await h.eth.mintShares(undefined, 'bob', 60n * E18 + 3n)
        const tokenI = h.eth.contracts.aKSMb.interface
        const row = (b: MinedEthBlock, l: { logIndex: number }) => h.rows('bond_transfer', 'id = $1', [`${b.txHash}-${l.logIndex}`])
        const transferLogs = (logs: MinedEthBlock['logs']) => logs.filter(l => l.address === h.eth.addresses.aKSMb && l.topics[0] === tokenI.getEvent('Transfer')!.topicHash)

        // the token called directly: transfer (aKSMb in the log), approve + transferFrom (shares in the log)
        const a1 = 3n * E18 + 333n
        const direct = await h.eth.transferBond(undefined, 'alice', 'bob', a1)
        await h.eth.approveBond(undefined, 'alice', 'carol', 10n * E18)
        const a2 = 4n * E18 + 7n
        const viaAllowance = await h.eth.transferBondFrom(undefined, 'carol', 'alice', 'dave', a2)
        // a router calling the token inside its own call: bob's allowance pulled to the router (shares), the router sends on (aKSMb)
        await h.eth.approveBond(undefined, 'bob', router.address, 30n * E18)
        const a3 = 5n * E18 + 55n, a3out = 2n * E18 + 1n
        const routed = await router.route('carol', [{ pull: 'bob', to: router.address, amount: a3 }, { send: 'carol', amount: a3out }])
        const a4 = 1n * E18 + 1n
        const pulled = await router.route('dave', [{ pull: 'bob', to: 'dave', amount: a4 }])
        // transfer to 0x0: an ordinary transfer, 0x0 holds the shares
        const a5 = 1n * E18 + 9n
        const toZero = await h.eth.transferBond(undefined, 'dave', ZERO, a5)
        // one block: two router pulls bob → alice (coupled: only their sum is seen) and a direct transfer alice → carol
        const a6 = 2n * E18, a7 = 1n * E18 + 3n, a8 = 1n * E18
        const txs = [
            await router.send('carol', [{ pull: 'bob', to: 'alice', amount: a6 }]),
            await router.send('carol', [{ pull: 'bob', to: 'alice', amount: a7 }]),
            await sendRaw(h.eth, 'alice', h.eth.addresses.aKSMb, tokenI.encodeFunctionData('transfer', [h.eth.address('carol'), a8])),
        ]
        const oneBlock = await mine(h.eth, txs)
        const totalBefore = await h.eth.totalSharesSupply()
        await h.sync()

        const T = (b: MinedEthBlock, l: { logIndex: number }, from: string, to: string, value: bigint, shares: bigint) => [{
            id: `${b.txHash}-${l.logIndex}`, kind: 'TRANSFER', from: lc(from), to: to === ZERO ? ZERO : lc(to), value: String(value), shares: String(shares),
            ratio: String(R), tx_hash: b.txHash, block_height: b.height, block_hash: b.hash, timestamp: new Date(b.timestamp * 1000), log_index: l.logIndex,
        }]
        expect(toShares(a1, R)).not.toBe(a1)
        expect(await row(direct, tokenLog(direct))).toEqual(T(direct, tokenLog(direct), 'alice', 'bob', a1, toShares(a1, R)))
        const tfLog = transferLogs(viaAllowance.logs)[0]
        expect(await row(viaAllowance, tfLog)).toEqual(T(viaAllowance, tfLog, 'alice', 'dave', toShares(a2, R), toShares(a2, R)))
        const [pullLog, sendLog] = transferLogs(routed.logs)
        expect(await row(routed, pullLog)).toEqual(T(routed, pullLog, 'bob', rt, toShares(a3, R), toShares(a3, R)))
        expect(await row(routed, sendLog)).toEqual(T(routed, sendLog, rt, 'carol', a3out, toShares(a3out, R)))
        const pLog = transferLogs(pulled.logs)[0]
        expect(await row(pulled, pLog)).toEqual(T(pulled, pLog, 'bob', 'dave', toShares(a4, R), toShares(a4, R)))
        expect(await row(toZero, tokenLog(toZero))).toEqual(T(toZero, tokenLog(toZero), 'dave', ZERO, a5, toShares(a5, R)))
        for (const [k, [from, to, value, shares]] of ([
            ['bob', 'alice', toShares(a6, R), toShares(a6, R)], ['bob', 'alice', toShares(a7, R), toShares(a7, R)], ['alice', 'carol', a8, toShares(a8, R)],
        ] as [string, string, bigint, bigint][]).entries()) {
            const b = { ...oneBlock, txHash: oneBlock.txHashes[k] }
            const l = transferLogs(oneBlock.logsOf(oneBlock.txHashes[k]))[0]
            expect(await row(b, l)).toEqual(T(b, l, from, to, value, shares))
        }

        // 0x0 is a holder; no transfer changed the total
        expect(await h.holder(ZERO)).toBe(toShares(a5, R))
        expect(await h.eth.sharesOf(ZERO)).toBe(toShares(a5, R))
        expect((await h.supply()).totalShares).toBe(totalBefore)
        // the units decided without the state were not read; the router's were, and counted
        expect(h.processorLog()).toMatch(/aKSMb Transfer units: .* by the token's state \(\d+ sharesOf eth_calls over \d+ blocks\)/)
        const port = /prometheus metrics are served at port (\d+)/.exec(h.processorLog())![1]
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()
        expect(Number(/^ksm_eth_transfer_state_reads_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0)
        expect(metrics).toMatch(/^ksm_eth_ledger_inconsistencies_total 0$/m)
        expect(h.processorLog()).not.toMatch(/ledger inconsistency/)

        await h.reconcile([...USERS, router.address, ZERO])
        const every = await h.reconcileEveryBlock([...USERS, router.address, ZERO])
        expect(every.blocks).toBeGreaterThan((await h.indexedHeight()) - first)
    })
})
