/**
 * Log decoding and the ledger state machine without a chain: logs built with ethers from the
 * committed ABI (independent of the generated decoders), exact shapes, and loud errors on any other.
 */
import * as fs from 'fs'
import * as path from 'path'
import { Interface, LogDescription } from 'ethers'
import { decodeLog, LogPosition, RawLog, UnknownLogShapeError } from '../../src/chains/ethereum/events'
import { Ledger, newSupply } from '../../src/chains/ethereum/ledger'
import { batchEvents } from '../../src/chains/ethereum/handler'
import { BondHolder } from '../../src/model'
import { E18, hex, key, kusamaAddress, ss58Payload } from './support'

const abi = (name: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../../abi', name + '.json'), 'utf8'))
const poolI = new Interface(abi('PolkadotPool'))
const tokenI = new Interface(abi('aKSMb'))
const A = '0x' + '11'.repeat(20), B = '0x' + '22'.repeat(20), BOND = '0x' + 'b0'.repeat(20), DOT = '0x' + 'd0'.repeat(20)
const ZERO = '0x' + '00'.repeat(20)
const pos: LogPosition = { blockHeight: 7, blockHash: '0xbb', timestamp: 1_700_000_000_000, txHash: '0xtx', txFrom: B, logIndex: 3 }

function log(i: Interface, sig: string, args: unknown[]): RawLog {
    const { data, topics } = i.encodeEventLog(i.getEvent(sig)!, args)
    return { address: BOND, data, topics, logIndex: 3, transactionIndex: 0 }
}
const burnedR0 = (rcpt: string, amount: bigint, token = BOND) => log(poolI, 'TokensBurned(address,address,bytes,uint256)', [token, A, rcpt, amount])
const burnedR1 = (rcpt: string, amount: bigint, shares: bigint, token = BOND) =>
    log(poolI, 'TokensBurned(address,address,bytes,uint256,uint256)', [token, A, rcpt, amount, shares])

describe('decodeLog', () => {
    test('decodes every subscribed event, both TokensBurned shapes included', () => {
        expect(decodeLog('pool', log(poolI, 'TokensClaimed', [BOND, 5n, 6n, 7n, A]), pos)).toEqual({
            ...pos, kind: 'TokensClaimed', token: BOND, claimId: 5n, amount: 6n, claimBeforeBlock: 7n, account: A,
        })
        expect(decodeLog('pool', burnedR0('0xabcd', 9n), pos)).toEqual({
            ...pos, kind: 'TokensBurned', revision: 'R0', token: BOND, account: A, recipient: '0xabcd', amount: 9n, shares: undefined,
        })
        const rcpt = ss58Payload(key(1), 2)
        expect(decodeLog('pool', burnedR1(rcpt, 10n, 8n), pos)).toMatchObject({ revision: 'R1', recipient: rcpt, amount: 10n, shares: 8n })
        expect(decodeLog('pool', burnedR1('0x', 10n, 8n), pos)).toMatchObject({ recipient: '0x' })
        expect(decodeLog('bond', log(tokenI, 'RatioUpdate', [E18 - 1n]), pos)).toMatchObject({ kind: 'RatioUpdate', newRatio: E18 - 1n })
        expect(decodeLog('bond', log(tokenI, 'Transfer', [A, B, 2n ** 255n]), pos)).toMatchObject({ kind: 'Transfer', from: A, to: B, value: 2n ** 255n })
    })

    const where = /at block 7 \(0xbb\), tx 0xtx, log 3: /
    const bad: [string, 'pool' | 'bond', () => RawLog][] = [
        ['no topics', 'bond', () => ({ ...log(tokenI, 'RatioUpdate', [1n]), topics: [] })],
        ['a topic we do not subscribe to', 'pool', () => log(poolI, 'BondAdded', [BOND])],
        ['a pool topic on the token', 'bond', () => log(poolI, 'TokensClaimed', [BOND, 5n, 6n, 7n, A])],
        ['an extra topic', 'bond', () => { const l = log(tokenI, 'RatioUpdate', [1n]); return { ...l, topics: [...l.topics, l.topics[0]] } }],
        ['Transfer with a non-indexed `to` (2 topics, 2 words)', 'bond', () => {
            const l = log(tokenI, 'Transfer', [A, B, 1n]); return { ...l, topics: l.topics.slice(0, 2), data: '0x' + l.topics[2].slice(2) + l.data.slice(2) }
        }],
        ['truncated data', 'pool', () => { const l = log(poolI, 'TokensClaimed', [BOND, 5n, 6n, 7n, A]); return { ...l, data: l.data.slice(0, -64) } }],
        ['an extra data word', 'pool', () => { const l = log(poolI, 'TokensClaimed', [BOND, 5n, 6n, 7n, A]); return { ...l, data: l.data + '00'.repeat(32) } }],
        ['a partial word', 'bond', () => { const l = log(tokenI, 'RatioUpdate', [1n]); return { ...l, data: l.data + '00' } }],
        ['a dirty address word', 'pool', () => { const l = log(poolI, 'TokensClaimed', [BOND, 5n, 6n, 7n, A]); return { ...l, data: '0x01' + l.data.slice(4) } }],
        ['R0 bytes with a wrong offset', 'pool', () => {
            const l = burnedR0('0xabcd', 9n); return { ...l, data: l.data.slice(0, 2 + 128) + (160).toString(16).padStart(64, '0') + l.data.slice(2 + 192) + '00'.repeat(32) }
        }],
        ['R1 bytes with trailing words', 'pool', () => { const l = burnedR1('0xabcd', 9n, 8n); return { ...l, data: l.data + '00'.repeat(32) } }],
        ['R1 bytes longer than the data', 'pool', () => {
            const l = burnedR1('0xabcd', 9n, 8n); return { ...l, data: l.data.slice(0, 2 + 5 * 64) + (64).toString(16).padStart(64, '0') + l.data.slice(2 + 6 * 64) }
        }],
    ]
    test.each(bad)('refuses %s loudly, naming block, tx and log', (_what, contract, make) => {
        let err: unknown
        try { decodeLog(contract, make(), pos) } catch (e) { err = e }
        expect(err).toBeInstanceOf(UnknownLogShapeError)
        expect((err as Error).message).toMatch(where)
    })

    test('a batch with a log of another contract or without its transaction fails loudly', () => {
        const header = { height: 9, hash: '0x99', timestamp: 1 }
        const l = { ...log(tokenI, 'RatioUpdate', [1n]), transactionHash: '0xt', transaction: { hash: '0xt', from: A } }
        expect(() => batchEvents({ blocks: [{ header, logs: [{ ...l, address: DOT }] }] } as any, A, BOND)).toThrow(/unexpected contract .* at block 9 \(0x99\), tx 0xt, log 3/)
        expect(() => batchEvents({ blocks: [{ header, logs: [{ ...l, transaction: undefined }] }] } as any, A, BOND)).toThrow(/without its transaction/)
        expect(batchEvents({ blocks: [{ header, logs: [l] }] } as any, A, BOND)).toEqual([expect.objectContaining({ kind: 'RatioUpdate', newRatio: 1n, txFrom: A, blockHeight: 9 })])
    })
})

describe('Ledger', () => {
    let n = 0
    const at = () => ({ ...pos, logIndex: n++ })
    const run = (events: any[], holders: [string, bigint][] = [], supply = newSupply()) => {
        const map = new Map(holders.map(([id, s]) => [id, new BondHolder({ id, shares: s, updatedAtBlock: 0 })]))
        const l = new Ledger(BOND, supply, map)
        for (const e of events) l.apply({ ...at(), ...e })
        return l.finish()
    }

    test('mint, transfer at the ratio in force, burn: exact shares, total and per-holder', () => {
        const R = 912_345_678_901_234_567n
        const out = run([
            { kind: 'Transfer', from: ZERO, to: A, value: 10n * E18 },
            { kind: 'RatioUpdate', newRatio: R },
            { kind: 'Transfer', from: A, to: B, value: 3n * E18 + 1n },
            { kind: 'Transfer', from: B, to: ZERO, value: 5n },
        ])
        const moved = ((3n * E18 + 1n) * R) / E18
        expect(out.transfers.map(t => [t.kind, t.shares, t.ratio])).toEqual([['MINT', 10n * E18, E18], ['TRANSFER', moved, R], ['BURN', 5n, R]])
        expect(out.holders.map(h => [h.id, h.shares])).toEqual([[A, 10n * E18 - moved], [B, moved - 5n]])
        expect(out.supply).toMatchObject({ totalShares: 10n * E18 - 5n, ratio: R })
        expect(out.issues).toEqual([])
    })

    test('R0 owes balance(shares, R) rounded up then floored to planck; R1 owes its amount', () => {
        const R = 3n * E18 // 3 shares per aKSMb
        const out = run([
            { kind: 'RatioUpdate', newRatio: R },
            { kind: 'TokensBurned', revision: 'R0', token: BOND, account: A, recipient: hex(key(1)), amount: 3_000_001n },
            { kind: 'TokensBurned', revision: 'R1', token: BOND, account: A, recipient: ss58Payload(key(2), 42), amount: 2_999_999n, shares: 8_999_997n },
        ])
        // ceil(3000001 / 3) = 1000001 aKSMb units → 1 planck; R1 2999999 units → 2 planck
        expect(out.burns.map(b => [b.revision, b.shares, b.amount, b.owedPlanck, b.recipient, b.recipientNetwork])).toEqual([
            ['R0', 3_000_001n, null, 1n, kusamaAddress(key(1)), null],
            ['R1', 8_999_997n, 2_999_999n, 2n, kusamaAddress(key(2)), 42],
        ])
        expect(out.issues).toEqual([])
    })

    test('an R1 burn whose shares disagree with the indexed ratio is reported, not swallowed', () => {
        const out = run([{ kind: 'TokensBurned', revision: 'R1', token: BOND, account: A, recipient: hex(key(1)), amount: 10n, shares: 9n }])
        expect(out.burns).toHaveLength(1)
        expect(out.issues).toEqual([expect.objectContaining({ kind: 'INCONSISTENT', message: expect.stringMatching(/burned 9 shares, but the indexed ratio 1000000000000000000 gives 10/) })])
    })

    test('other tokens are counted, never indexed; invalid recipients are flagged', () => {
        const supply = newSupply()
        supply.foreignTokenEvents = 4
        const out = run([
            { kind: 'TokensClaimed', token: DOT, claimId: 1n, amount: 1n, claimBeforeBlock: 1n, account: A },
            { kind: 'TokensBurned', revision: 'R1', token: DOT, account: A, recipient: '0x', amount: 1n, shares: 1n },
            { kind: 'TokensBurned', revision: 'R1', token: BOND, account: A, recipient: '0x1234', amount: 1n, shares: 1n },
        ], [], supply)
        expect(out.claims).toEqual([])
        expect(out.supply!.foreignTokenEvents).toBe(6)
        expect(out.burns.map(b => [b.recipientStatus, b.invalidReason, b.recipient])).toEqual([['INVALID_RECIPIENT', 'length 2', null]])
        expect(out.issues.map(i => i.kind)).toEqual(['FOREIGN_TOKEN', 'FOREIGN_TOKEN', 'INVALID_RECIPIENT'])
    })
})
