/**
 * The holder ledger under the real Transfer semantics (SPEC §1), without a chain: the unit of each
 * aKSMb Transfer decided from the pool's event in the transaction, the transaction's call of the
 * token, or the token's `sharesOf` at the block and its parent (src/chains/ethereum/transfer-units.ts),
 * then applied by the pure ledger. Every case at a ratio ≠ 1e18, with the expected shares computed
 * here from the contract's rounding.
 */
import * as fs from 'fs'
import * as path from 'path'
import { Interface } from 'ethers'
import { ChainEvent, decodeBondCall, LogPosition } from '../../src/chains/ethereum/events'
import { Ledger, LedgerOutput, newSupply } from '../../src/chains/ethereum/ledger'
import {
    logKey, planUnits, resolveUnits, SharesRead, sharesReads, TransferDecision, TxInfo, UnitPlan,
} from '../../src/chains/ethereum/transfer-units'
import { BondHolder } from '../../src/model'
import { E18, toShares } from './support'

const tokenI = new Interface(JSON.parse(fs.readFileSync(path.join(__dirname, '../../abi/aKSMb.json'), 'utf8')))
const addr = (b: string) => '0x' + b.repeat(20)
const A = addr('aa'), B = addr('bb'), C = addr('cc'), SPENDER = addr('5e'), ROUTER = addr('e0')
const BOND = addr('b0'), DOT = addr('d0'), ZERO = addr('00')
const R = 912_345_678_901_234_567n     // ≠ 1e18 everywhere below

// ------------------------------------------------------------------ builders

let nextLog = 0
function at(block: number, tx: string, from = A): LogPosition {
    return { blockHeight: block, blockHash: `0xb${block}`, timestamp: block * 12_000, txHash: tx, txFrom: from, logIndex: nextLog++ }
}
const transferEv = (p: LogPosition, from: string, to: string, value: bigint): ChainEvent => ({ ...p, kind: 'Transfer', from, to, value })
const claimed = (p: LogPosition, account: string, amount: bigint, token = BOND): ChainEvent =>
    ({ ...p, kind: 'TokensClaimed', token, claimId: 1n, amount, claimBeforeBlock: 100n, account })
const burnedR1 = (p: LogPosition, account: string, amount: bigint, shares: bigint, token = BOND): ChainEvent =>
    ({ ...p, kind: 'TokensBurned', revision: 'R1', token, account, recipient: '0x' + '11'.repeat(32), amount, shares })
const burnedR0 = (p: LogPosition, account: string, shares: bigint): ChainEvent =>
    ({ ...p, kind: 'TokensBurned', revision: 'R0', token: BOND, account, recipient: '0x' + '11'.repeat(32), amount: shares })
const ratioEv = (p: LogPosition, r: bigint): ChainEvent => ({ ...p, kind: 'RatioUpdate', newRatio: r })

const callTransfer = (to: string, amount: bigint) => tokenI.encodeFunctionData('transfer', [to, amount])
const callTransferFrom = (from: string, to: string, amount: bigint) => tokenI.encodeFunctionData('transferFrom', [from, to, amount])
const ROUTER_CALL = '0x12345678' + '00'.repeat(64)

/** the token's sharesOf per block: `state[blockHash][address]` at the end of that block */
type State = Record<string, Record<string, bigint>>

interface Run {
    plan: UnitPlan
    reads: SharesRead[]
    decisions: Map<string, TransferDecision>
    ambiguous: number
    issues: string[]
    out: LedgerOutput
    holders: Map<string, bigint>
    total: bigint
}

/**
 * The handler's path, pure: plan, read the state, resolve, apply. Blocks are `0xb<n>` with parent
 * `0xb<n-1>`; `start` are the holders' shares before the batch (and the parent state of the first block).
 */
function run(events: ChainEvent[], txs: Record<string, TxInfo>, opts: { start?: Record<string, bigint>; state?: State; ratio?: bigint } = {}): Run {
    const start = opts.start ?? {}
    const supply = newSupply(opts.ratio ?? R)
    supply.totalShares = Object.values(start).reduce((a, b) => a + b, 0n)
    const holderRows = new Map(Object.entries(start).map(([id, s]) => [id, new BondHolder({ id, shares: s, updatedAtBlock: 0 })]))
    const parents = new Map(events.map(e => [e.blockHash, `0xb${e.blockHeight - 1}`]))
    const plan = planUnits(events, { bond: BOND, ratio: supply.ratio, txs: new Map(Object.entries(txs)), parents })
    const reads = sharesReads(plan)
    const res = resolveUnits(plan, events, r => {
        const s = opts.state?.[r.blockHash]?.[r.address] ?? (r.blockHash === `0xb${events[0].blockHeight - 1}` ? start[r.address] : undefined)
        if (s === undefined) throw new Error(`test: no state of ${r.address} at ${r.blockHash}`)
        return s
    })
    const ledger = new Ledger(BOND, supply, holderRows)
    for (const e of events) ledger.apply(e, e.kind === 'Transfer' ? res.decisions.get(logKey(e)) : undefined)
    const out = ledger.finish()
    const holders = new Map([...holderRows.values()].map(h => [h.id, h.shares]))
    return {
        plan, reads, decisions: res.decisions, ambiguous: res.ambiguous, out, holders, total: supply.totalShares,
        issues: [...res.issues, ...out.issues].map(i => `${i.kind}: ${i.message}`),
    }
}

const decisionOf = (r: Run, e: ChainEvent) => r.decisions.get(logKey(e))
const transferRow = (r: Run, e: ChainEvent) => r.out.transfers.find(t => t.id === logKey(e))!

// ------------------------------------------------------------------ the call decides

describe('the token called directly: the transaction input decides', () => {
    test('transfer(to, amount): the log is in aKSMb and moves balanceToShares(amount) at the ratio in force', () => {
        const amount = 7n * E18 + 123_456_789n
        const t = transferEv(at(10, '0xt1'), A, B, amount)
        const r = run([t], { '0xt1': { from: A, to: BOND, input: callTransfer(B, amount) } }, { start: { [A]: 100n * E18 } })
        const moved = toShares(amount, R)
        expect(moved).not.toBe(amount)
        expect(decisionOf(r, t)).toEqual({ kind: 'TRANSFER', unit: 'BOND', basis: 'CALL_TRANSFER', ratio: R })
        expect(r.reads).toEqual([])                                   // no eth_call needed
        expect(r.holders.get(A)).toBe(100n * E18 - moved)
        expect(r.holders.get(B)).toBe(moved)
        expect(r.total).toBe(100n * E18)
        expect(transferRow(r, t)).toMatchObject({ kind: 'TRANSFER', value: amount, shares: moved, ratio: R })
        expect(r.issues).toEqual([])
    })

    test('transferFrom(from, to, amount) through an allowance: the log is in shares (= balanceToShares(amount))', () => {
        const amount = 3n * E18 + 1n
        const shares = toShares(amount, R)
        const t = transferEv(at(11, '0xt2', SPENDER), A, C, shares)
        const r = run([t], { '0xt2': { from: SPENDER, to: BOND, input: callTransferFrom(A, C, amount) } }, { start: { [A]: 10n * E18 } })
        expect(decisionOf(r, t)).toEqual({ kind: 'TRANSFER', unit: 'SHARES', basis: 'CALL_TRANSFER_FROM', ratio: R })
        expect(r.reads).toEqual([])
        expect(r.holders.get(A)).toBe(10n * E18 - shares)
        expect(r.holders.get(C)).toBe(shares)
        expect(r.holders.get(SPENDER)).toBeUndefined()                 // the spender holds nothing
        expect(transferRow(r, t)).toMatchObject({ value: shares, shares })
        expect(r.issues).toEqual([])
    })

    test('the ratio in force is the last RatioUpdate before the log, in the same block too', () => {
        const R2 = 1_234_567_890_123_456_789n
        const u = ratioEv(at(12, '0xr'), R2)
        const amount = 5n * E18 + 5n
        const t = transferEv(at(12, '0xt3'), A, B, amount)
        const r = run([u, t], { '0xt3': { from: A, to: BOND, input: callTransfer(B, amount) } }, { start: { [A]: 10n * E18 } })
        expect(decisionOf(r, t)).toMatchObject({ unit: 'BOND', ratio: R2 })
        expect(r.holders.get(B)).toBe(toShares(amount, R2))
    })

    test('transfer to 0x0 is an ordinary transfer: 0x0 holds the shares, the total is unchanged', () => {
        const amount = 2n * E18 + 77n
        const t = transferEv(at(13, '0xt4'), A, ZERO, amount)
        const r = run([t], { '0xt4': { from: A, to: BOND, input: callTransfer(ZERO, amount) } }, { start: { [A]: 10n * E18 } })
        expect(decisionOf(r, t)).toEqual({ kind: 'TRANSFER', unit: 'BOND', basis: 'CALL_TRANSFER', ratio: R })
        expect(r.holders.get(A)).toBe(10n * E18 - toShares(amount, R))
        expect(r.holders.get(ZERO)).toBe(toShares(amount, R))
        expect(r.total).toBe(10n * E18)
        expect(r.out.supply).toBeUndefined()                           // nothing about the supply changed
        expect(transferRow(r, t)).toMatchObject({ kind: 'TRANSFER', to: ZERO })
        expect(r.issues).toEqual([])
    })

    test('a call that does not match its log, another selector or a non-canonical input falls back to the token state', () => {
        const amount = 4n * E18
        const cases: [string, TxInfo, RegExp][] = [
            ['old semantics: transferFrom logged in aKSMb', { from: SPENDER, to: BOND, input: callTransferFrom(A, B, amount) }, /does not match Transfer/],
            ['transfer by someone else than the log says', { from: C, to: BOND, input: callTransfer(B, amount) }, /does not match Transfer/],
            ['trailing bytes', { from: A, to: BOND, input: callTransfer(B, amount) + '00' }, /input of 69 bytes, not 68/],
            ['another selector', { from: A, to: BOND, input: '0xdeadbeef' }, /selector 0xdeadbeef/],
        ]
        for (const [what, tx, why] of cases) {
            const t = transferEv(at(14, '0xt5'), A, B, amount)
            const state: State = { '0xb14': { [A]: 10n * E18 - toShares(amount, R), [B]: toShares(amount, R) } }
            const r = run([t], { '0xt5': tx }, { start: { [A]: 10n * E18, [B]: 0n }, state })
            expect([what, r.plan.pending.get('0xb14')?.transfers[0].why]).toEqual([what, expect.stringMatching(why)])
            expect([what, decisionOf(r, t)]).toEqual([what, { kind: 'TRANSFER', unit: 'BOND', basis: 'STATE', ratio: R }])
            expect(r.holders.get(B)).toBe(toShares(amount, R))
            expect(r.issues).toEqual([])
        }
    })
})

describe('decodeBondCall', () => {
    test('canonical transfer / transferFrom inputs only; anything else is `other` with a reason; non-hex refused', () => {
        expect(decodeBondCall(callTransfer(B, 5n), 'here')).toEqual({ method: 'transfer', to: B, amount: 5n })
        expect(decodeBondCall(callTransferFrom(A, B, 6n), 'here')).toEqual({ method: 'transferFrom', from: A, to: B, amount: 6n })
        expect(decodeBondCall('0x095ea7b3' + '00'.repeat(64), 'here')).toEqual({ method: 'other', selector: '0x095ea7b3' })
        expect(decodeBondCall(callTransfer(B, 5n).slice(0, -2), 'here')).toMatchObject({ method: 'other', reason: /67 bytes, not 68/ })
        const dirty = '0xa9059cbb' + '01' + callTransfer(B, 5n).slice(12)
        expect(decodeBondCall(dirty, 'here')).toMatchObject({ method: 'other', reason: /dirty address/ })
        expect(decodeBondCall('0x', 'here')).toEqual({ method: 'other', selector: '0x' })
        expect(() => decodeBondCall('0xzz', 'block 1, tx 0xt')).toThrow(/not hex at block 1, tx 0xt/)
    })
})

// ------------------------------------------------------------------ the token's state decides

describe('the token called inside another contract: sharesOf at the block and its parent decide', () => {
    test('a router calling transferFrom inside its own call: the shares moved are read from the state (unit shares)', () => {
        const amount = 6n * E18 + 999n
        const shares = toShares(amount, R)
        const t = transferEv(at(20, '0xr1', C), A, B, shares)
        const state: State = { '0xb20': { [A]: 50n * E18 - shares, [B]: 1n * E18 + shares } }
        const r = run([t], { '0xr1': { from: C, to: ROUTER, input: ROUTER_CALL } }, { start: { [A]: 50n * E18, [B]: 1n * E18 }, state })
        expect(r.reads).toEqual([
            { blockHash: '0xb20', address: A }, { blockHash: '0xb19', address: A },
            { blockHash: '0xb20', address: B }, { blockHash: '0xb19', address: B },
        ])
        expect(r.plan.pending.get('0xb20')!.transfers[0].why).toMatch(`through ${ROUTER}`)
        expect(decisionOf(r, t)).toEqual({ kind: 'TRANSFER', unit: 'SHARES', basis: 'STATE', ratio: R })
        expect(r.holders.get(A)).toBe(50n * E18 - shares)
        expect(r.holders.get(B)).toBe(1n * E18 + shares)
        expect(r.issues).toEqual([])
    })

    test('a router calling transfer of its own aKSMb: the state says aKSMb', () => {
        const amount = 2n * E18 + 3n
        const t = transferEv(at(21, '0xr2'), ROUTER, B, amount)
        const state: State = { '0xb21': { [ROUTER]: 9n * E18 - toShares(amount, R), [B]: toShares(amount, R) } }
        const r = run([t], { '0xr2': { from: A, to: ROUTER, input: ROUTER_CALL } }, { start: { [ROUTER]: 9n * E18, [B]: 0n }, state })
        expect(decisionOf(r, t)).toEqual({ kind: 'TRANSFER', unit: 'BOND', basis: 'STATE', ratio: R })
        expect(r.holders.get(B)).toBe(toShares(amount, R))
    })

    test('one router transaction: A → router by transferFrom (shares), router → B by transfer (aKSMb)', () => {
        const amount = 3n * E18 + 5n
        const s = toShares(amount, R)
        const p = at(22, '0xr3')
        const t1 = transferEv(p, A, ROUTER, s)
        const t2 = transferEv({ ...p, logIndex: nextLog++ }, ROUTER, B, amount)
        const state: State = { '0xb22': { [A]: 10n * E18 - s, [ROUTER]: 0n, [B]: s } }   // the router forwards what it got
        const r = run([t1, t2], { '0xr3': { from: A, to: ROUTER, input: ROUTER_CALL } }, { start: { [A]: 10n * E18, [ROUTER]: 0n, [B]: 0n }, state })
        expect(decisionOf(r, t1)).toMatchObject({ unit: 'SHARES', basis: 'STATE' })
        expect(decisionOf(r, t2)).toMatchObject({ unit: 'BOND', basis: 'STATE' })
        expect(decisionOf(r, t2)!.ambiguous).toBeUndefined()
        expect(r.holders.get(ROUTER)).toBe(0n)
        expect(r.holders.get(B)).toBe(s)
        expect(r.issues).toEqual([])
    })

    test('same block: a direct transfer (known) and a router transfer touching the same holder', () => {
        const a1 = 1n * E18 + 1n, a2 = 2n * E18 + 2n
        const direct = transferEv(at(23, '0xd'), B, C, a1)             // B → C, aKSMb, decided by the call
        const routed = transferEv(at(23, '0xr4', C), A, B, toShares(a2, R))   // A → B by transferFrom in a router
        const sb = 5n * E18 - toShares(a1, R) + toShares(a2, R)
        const state: State = { '0xb23': { [A]: 5n * E18 - toShares(a2, R), [B]: sb } }
        const r = run([direct, routed], {
            '0xd': { from: B, to: BOND, input: callTransfer(C, a1) },
            '0xr4': { from: C, to: ROUTER, input: ROUTER_CALL },
        }, { start: { [A]: 5n * E18, [B]: 5n * E18 }, state })
        expect(decisionOf(r, direct)).toMatchObject({ unit: 'BOND', basis: 'CALL_TRANSFER' })
        expect(decisionOf(r, routed)).toMatchObject({ unit: 'SHARES', basis: 'STATE' })
        expect(r.holders.get(B)).toBe(sb)
        expect(r.holders.get(C)).toBe(toShares(a1, R))
        expect(r.issues).toEqual([])
    })

    test('coupled: two router transfers A → B in one block are solved exactly when only one split fits', () => {
        const v1 = 4n * E18, v2 = 1n * E18 + 17n
        const t1 = transferEv(at(24, '0xr5'), A, B, v1)                 // transferFrom: shares
        const t2 = transferEv(at(24, '0xr6'), A, B, v2)                 // transfer by a multisig: aKSMb
        const moved = v1 + toShares(v2, R)
        const state: State = { '0xb24': { [A]: 20n * E18 - moved, [B]: moved } }
        const txs = { '0xr5': { from: C, to: ROUTER, input: ROUTER_CALL }, '0xr6': { from: C, to: ROUTER, input: ROUTER_CALL } }
        const r = run([t1, t2], txs, { start: { [A]: 20n * E18, [B]: 0n }, state })
        expect(decisionOf(r, t1)).toMatchObject({ unit: 'SHARES', basis: 'STATE' })
        expect(decisionOf(r, t2)).toMatchObject({ unit: 'BOND', basis: 'STATE' })
        expect(r.ambiguous).toBe(0)
        expect(r.holders.get(B)).toBe(moved)
        expect(r.issues).toEqual([])
    })

    test('coupled and ambiguous: equal values in different units — balances exact, the split counted as ambiguous', () => {
        const v = 4n * E18 + 4n
        const t1 = transferEv(at(25, '0xr7'), A, B, v)
        const t2 = transferEv(at(25, '0xr8'), A, B, v)
        const moved = v + toShares(v, R)
        const state: State = { '0xb25': { [A]: 20n * E18 - moved, [B]: moved } }
        const txs = { '0xr7': { from: C, to: ROUTER, input: ROUTER_CALL }, '0xr8': { from: C, to: ROUTER, input: ROUTER_CALL } }
        const r = run([t1, t2], txs, { start: { [A]: 20n * E18, [B]: 0n }, state })
        expect(r.ambiguous).toBe(2)
        // one in shares, one in aKSMb: which is which the state cannot say
        expect([decisionOf(r, t1)!.unit, decisionOf(r, t2)!.unit].sort()).toEqual(['BOND', 'SHARES'])
        expect([decisionOf(r, t1)!.ambiguous, decisionOf(r, t2)!.ambiguous]).toEqual([true, true])
        expect(r.holders.get(A)).toBe(20n * E18 - moved)
        expect(r.holders.get(B)).toBe(moved)
        expect(r.issues).toEqual([])
    })

    test('a self-transfer through a router changes nothing and needs no read', () => {
        const t = transferEv(at(26, '0xr9'), A, A, 3n * E18)
        const r = run([t], { '0xr9': { from: A, to: ROUTER, input: ROUTER_CALL } }, { start: { [A]: 5n * E18 } })
        expect(r.reads).toEqual([])
        expect(decisionOf(r, t)).toMatchObject({ kind: 'TRANSFER', basis: 'STATE', ambiguous: true })
        expect(r.holders.get(A)).toBe(5n * E18)
        expect(r.ambiguous).toBe(1)
    })

    test('a share change no Transfer explains is an INCONSISTENT issue, never silent', () => {
        const t = transferEv(at(27, '0xra'), A, B, 1n * E18)
        const state: State = { '0xb27': { [A]: 9n * E18, [B]: 1n * E18 + 5n } }   // B got 5 shares more than A lost
        const r = run([t], { '0xra': { from: C, to: ROUTER, input: ROUTER_CALL } }, { start: { [A]: 10n * E18, [B]: 0n }, state })
        expect(r.issues).toEqual([expect.stringMatching(/INCONSISTENT: shares of 0x[ab]{40} over block 27 differ by -?5 from what its Transfers explain/)])
    })
})

// ------------------------------------------------------------------ mint and burn

describe('mint and burn only with the pool event in the same transaction', () => {
    test('claim: Transfer from 0x0 then TokensClaimed of aKSMb in one transaction is a MINT in shares', () => {
        const s = 100n * E18 + 7n
        const t = transferEv(at(30, '0xc1'), ZERO, A, s)
        const c = claimed(at(30, '0xc1'), A, s)
        const r = run([t, c], {}, { start: {} })
        expect(decisionOf(r, t)).toEqual({ kind: 'MINT', unit: 'SHARES', basis: 'POOL_EVENT', ratio: R })
        expect(r.holders.get(A)).toBe(s)
        expect(r.holders.get(ZERO)).toBeUndefined()
        expect(r.total).toBe(s)
        expect(transferRow(r, t)).toMatchObject({ kind: 'MINT', value: s, shares: s })
        expect(r.out.claims).toHaveLength(1)
        expect(r.issues).toEqual([])
    })

    test('burnBond R1 and R0: Transfer to 0x0 then TokensBurned is a BURN of the burned shares', () => {
        const a = 3n * E18 + 999_999n, s1 = toShares(a, R), s0 = 2n * E18 + 12_345n
        const t1 = transferEv(at(31, '0xb1'), A, ZERO, s1)
        const e1 = burnedR1(at(31, '0xb1'), A, a, s1)
        const t0 = transferEv(at(32, '0xb0'), A, ZERO, s0)
        const e0 = burnedR0(at(32, '0xb0'), A, s0)
        const r = run([t1, e1, t0, e0], {}, { start: { [A]: 10n * E18 } })
        expect(decisionOf(r, t1)).toEqual({ kind: 'BURN', unit: 'SHARES', basis: 'POOL_EVENT', ratio: R })
        expect(decisionOf(r, t0)).toEqual({ kind: 'BURN', unit: 'SHARES', basis: 'POOL_EVENT', ratio: R })
        expect(r.holders.get(A)).toBe(10n * E18 - s1 - s0)
        expect(r.total).toBe(10n * E18 - s1 - s0)
        expect(r.holders.get(ZERO)).toBeUndefined()
        expect(r.issues).toEqual([])
    })

    test('a Transfer to 0x0 in a transaction without TokensBurned (or with an aDOTb one) is an ordinary transfer', () => {
        const s = 2n * E18
        // a contract moves A's shares to 0x0 with transferFrom; an aDOTb burn of the same account and amount is in the same tx
        const t = transferEv(at(33, '0xz1'), A, ZERO, s)
        const dot = burnedR1(at(33, '0xz1'), A, s, s, DOT)
        const state: State = { '0xb33': { [A]: 8n * E18, [ZERO]: s } }
        const r = run([t, dot], { '0xz1': { from: A, to: ROUTER, input: ROUTER_CALL } }, { start: { [A]: 10n * E18, [ZERO]: 0n }, state })
        expect(decisionOf(r, t)).toEqual({ kind: 'TRANSFER', unit: 'SHARES', basis: 'STATE', ratio: R })
        expect(r.holders.get(ZERO)).toBe(s)
        expect(r.total).toBe(10n * E18)
        expect(r.out.burns).toEqual([])                               // the aDOTb burn is foreign
        expect(r.issues).toEqual([`FOREIGN_TOKEN: ignored TokensBurned (R1) of token ${DOT}`])
    })

    test('a Transfer from 0x0 without TokensClaimed is an ordinary transfer from the holder 0x0', () => {
        const s = 1n * E18
        const t = transferEv(at(34, '0xz2'), ZERO, B, s)
        const state: State = { '0xb34': { [ZERO]: 1n * E18, [B]: s } }
        const r = run([t], { '0xz2': { from: C, to: ROUTER, input: ROUTER_CALL } }, { start: { [ZERO]: 2n * E18, [B]: 0n }, state })
        expect(decisionOf(r, t)).toMatchObject({ kind: 'TRANSFER', basis: 'STATE', unit: 'SHARES' })
        expect(r.holders.get(ZERO)).toBe(1n * E18)
        expect(r.total).toBe(2n * E18)
    })

    test('a claim and an ordinary transfer to 0x0 of the same party in one transaction: each paired as it should be', () => {
        // a contract claims for itself, then burns by the pool and also sends shares to 0x0: only the
        // Transfer matching TokensBurned (account, shares) is the burn
        const s = 5n * E18, burnt = 1n * E18, toZero = 2n * E18
        const p = (i: number) => ({ ...at(35, '0xm'), logIndex: 1000 + i })
        const mint = transferEv(p(0), ZERO, ROUTER, s)
        const claim = claimed(p(1), ROUTER, s)
        const ordinary = transferEv(p(2), ROUTER, ZERO, toZero)
        const burn = transferEv(p(3), ROUTER, ZERO, burnt)
        const burned = burnedR0(p(4), ROUTER, burnt)
        const state: State = { '0xb35': { [ROUTER]: s - toZero - burnt, [ZERO]: toZero } }
        const r = run([mint, claim, ordinary, burn, burned], { '0xm': { from: A, to: ROUTER, input: ROUTER_CALL } },
            { start: { [ROUTER]: 0n, [ZERO]: 0n }, state })
        expect(decisionOf(r, mint)).toMatchObject({ kind: 'MINT' })
        expect(decisionOf(r, burn)).toMatchObject({ kind: 'BURN' })
        expect(decisionOf(r, ordinary)).toMatchObject({ kind: 'TRANSFER', basis: 'STATE', unit: 'SHARES' })
        expect(r.holders.get(ROUTER)).toBe(s - toZero - burnt)
        expect(r.holders.get(ZERO)).toBe(toZero)
        expect(r.total).toBe(s - burnt)
        expect(r.issues).toEqual([])
    })

    test('a pool event without its Transfer is an INCONSISTENT issue', () => {
        const c = claimed(at(36, '0xc2'), A, 5n)
        const r = run([c], {}, {})
        expect(r.issues).toEqual(['INCONSISTENT: TokensClaimed of 5 shares for ' + A + ' without its mint Transfer in the transaction'])
    })
})

describe('the ledger checks its decided input', () => {
    test('a Transfer without a decision is a programming error; a decision at another ratio is INCONSISTENT', () => {
        const supply = newSupply(R)
        const ledger = new Ledger(BOND, supply, new Map())
        const t = transferEv(at(40, '0xl'), A, B, 1n)
        expect(() => ledger.apply(t)).toThrow(/without its decided unit/)
        ledger.apply(t, { kind: 'TRANSFER', unit: 'SHARES', basis: 'STATE', ratio: E18 })
        expect(ledger.finish().issues.map(i => i.message)).toEqual([
            `Transfer unit decided at ratio ${E18}, but the ratio in force is ${R}`,
            `holder ${A} went negative (-1 shares)`,
        ])
    })
})
