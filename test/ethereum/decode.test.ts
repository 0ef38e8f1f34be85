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

    test('a batch with a log of another contract, without its transaction hash, or a claim without its sender fails loudly', () => {
        const header = { height: 9, hash: '0x99', timestamp: 1 }
        const l = { ...log(tokenI, 'RatioUpdate', [1n]), transactionHash: '0xt' }
        expect(() => batchEvents({ blocks: [{ header, logs: [{ ...l, address: DOT }] }] } as any, A, BOND)).toThrow(/unexpected contract .* at block 9 \(0x99\), tx 0xt, log 3/)
        expect(() => batchEvents({ blocks: [{ header, logs: [{ ...l, transactionHash: undefined }] }] } as any, A, BOND)).toThrow(/without its transaction hash/)
        // only claims carry a sender (their relayer)
        expect(batchEvents({ blocks: [{ header, logs: [l] }] } as any, A, BOND)).toEqual([expect.objectContaining({ kind: 'RatioUpdate', newRatio: 1n, txFrom: '', blockHeight: 9 })])
        const claim = { ...log(poolI, 'TokensClaimed', [BOND, 5n, 7n, 100n, B]), address: A, transactionHash: '0xc' }
        expect(() => batchEvents({ blocks: [{ header, logs: [claim] }] } as any, A, BOND)).toThrow(/claim without its sender at block 9/)
        expect(batchEvents({ blocks: [{ header, logs: [claim] }] } as any, A, BOND, new Map([['0xc', '0xrelayer']])))
            .toEqual([expect.objectContaining({ kind: 'TokensClaimed', txFrom: '0xrelayer' })])
    })
})
