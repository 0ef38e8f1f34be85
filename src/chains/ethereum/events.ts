/**
 * Raw log → typed chain event, with the generated decoders in ./abi (regenerate with
 * `node lib/chains/ethereum/typegen.js`). Only the topics the processor subscribes to reach
 * this module; a log of one of those topics that does not have exactly the expected shape
 * (topic count, data length, clean address words, emitting contract) is a loud error naming
 * the block, the transaction and the log — never silently skipped.
 */
import * as pool from './abi/PolkadotPool'
import * as token from './abi/aKSMb'

export const POOL_TOPICS = {
    TokensClaimed: pool.events.TokensClaimed.topic,
    TokensBurnedR0: pool.events['TokensBurned(address,address,bytes,uint256)'].topic,
    TokensBurnedR1: pool.events['TokensBurned(address,address,bytes,uint256,uint256)'].topic,
} as const

export const BOND_TOPICS = {
    RatioUpdate: token.events.RatioUpdate.topic,
    Transfer: token.events.Transfer.topic,
} as const

/** Where a log sits on chain. */
export interface LogPosition {
    blockHeight: number
    blockHash: string
    /** ms */
    timestamp: number
    txHash: string
    /** sender of the transaction (lower case) */
    txFrom: string
    logIndex: number
}

export type ChainEvent = LogPosition & (
    | { kind: 'TokensClaimed'; token: string; claimId: bigint; amount: bigint; claimBeforeBlock: bigint; account: string }
    | { kind: 'TokensBurned'; revision: 'R0' | 'R1'; token: string; account: string; recipient: string; amount: bigint; shares?: bigint }
    | { kind: 'RatioUpdate'; newRatio: bigint }
    | { kind: 'Transfer'; from: string; to: string; value: bigint }
)

export interface RawLog {
    address: string
    topics: string[]
    data: string
    logIndex: number
    transactionIndex: number
}

export class UnknownLogShapeError extends Error {
    constructor(readonly where: string, reason: string, log: RawLog) {
        super(`unknown log shape at ${where}: ${reason}; address ${log.address} topics [${log.topics.join(', ')}] data ${log.data.length > 700 ? log.data.slice(0, 700) + '…' : log.data}`)
        this.name = 'UnknownLogShapeError'
    }
}

const WORD = 64 // hex chars of a 32-byte word
const HEX = /^0x[0-9a-fA-F]*$/

/** An ABI address word must have its 12 high bytes zero; the codec would otherwise return > 20 bytes. */
function cleanAddress(a: string): boolean {
    return /^0x[0-9a-f]{40}$/.test(a)
}

interface Ctx { where: string; log: RawLog }

function fail(ctx: Ctx, reason: string): never {
    throw new UnknownLogShapeError(ctx.where, reason, ctx.log)
}

function dataWords(ctx: Ctx): number {
    const d = ctx.log.data
    if (typeof d !== 'string' || !d.startsWith('0x') || !HEX.test(d)) fail(ctx, 'data is not hex')
    if ((d.length - 2) % WORD !== 0) fail(ctx, `data length ${(d.length - 2) / 2} is not a multiple of 32`)
    return (d.length - 2) / WORD
}

function decodeWith<T>(ctx: Ctx, ev: { topic: string; signature: string; decode(rec: { topics: string[]; data: string }): T }): T {
    try {
        return ev.decode(ctx.log)
    } catch (e) {
        return fail(ctx, `cannot decode as ${ev.signature}: ${e instanceof Error ? e.message : String(e)}`)
    }
}

function addresses(ctx: Ctx, ...xs: string[]): void {
    for (const x of xs) if (!cleanAddress(x)) fail(ctx, `dirty address word ${x}`)
}

/**
 * `where` names the log for errors, e.g. "block 123 (0xab…), tx 0xcd…, log 4".
 * `contract` says which of our contracts emitted it (the processor subscribes per address).
 */
export function decodeLog(contract: 'pool' | 'bond', log: RawLog, pos: LogPosition): ChainEvent {
    const where = `block ${pos.blockHeight} (${pos.blockHash}), tx ${pos.txHash}, log ${pos.logIndex}`
    const ctx: Ctx = { where, log }
    const topic0 = log.topics[0]
    if (topic0 == null) fail(ctx, 'no topics')
    if (contract === 'pool') {
        switch (topic0) {
            case POOL_TOPICS.TokensClaimed: {
                if (log.topics.length !== 1 || dataWords(ctx) !== 5) fail(ctx, 'TokensClaimed must have 1 topic and 5 data words')
                const e = decodeWith(ctx, pool.events.TokensClaimed)
                addresses(ctx, e.token, e.account)
                return { ...pos, kind: 'TokensClaimed', token: e.token, claimId: e.claimId, amount: e.amount, claimBeforeBlock: e.claimBeforeBlock, account: e.account }
            }
            case POOL_TOPICS.TokensBurnedR0:
            case POOL_TOPICS.TokensBurnedR1: {
                const r1 = topic0 === POOL_TOPICS.TokensBurnedR1
                const head = r1 ? 5 : 4
                const words = dataWords(ctx)
                if (log.topics.length !== 1 || words < head + 1) fail(ctx, `TokensBurned (${r1 ? 'R1' : 'R0'}) must have 1 topic and at least ${head + 1} data words`)
                const ev = r1 ? pool.events['TokensBurned(address,address,bytes,uint256,uint256)'] : pool.events['TokensBurned(address,address,bytes,uint256)']
                const e = decodeWith<{ token: string; account: string; recipient: string; amount: bigint; shares?: bigint }>(ctx, ev)
                addresses(ctx, e.token, e.account)
                // the bytes must be the only tail: offset = head size, padded length = what is left
                const offset = BigInt('0x' + log.data.slice(2 + 2 * WORD, 2 + 3 * WORD))
                const len = (e.recipient.length - 2) / 2
                if (offset !== BigInt(head * 32) || words !== head + 1 + Math.ceil(len / 32)) fail(ctx, 'TokensBurned has a non-canonical bytes encoding')
                return {
                    ...pos, kind: 'TokensBurned', revision: r1 ? 'R1' : 'R0', token: e.token, account: e.account,
                    recipient: e.recipient.toLowerCase(), amount: e.amount, shares: r1 ? e.shares : undefined,
                }
            }
            default:
                return fail(ctx, 'PolkadotPool topic not subscribed')
        }
    }
    switch (topic0) {
        case BOND_TOPICS.RatioUpdate: {
            if (log.topics.length !== 1 || dataWords(ctx) !== 1) fail(ctx, 'RatioUpdate must have 1 topic and 1 data word')
            const e = decodeWith(ctx, token.events.RatioUpdate)
            return { ...pos, kind: 'RatioUpdate', newRatio: e.newRatio }
        }
        case BOND_TOPICS.Transfer: {
            if (log.topics.length !== 3 || dataWords(ctx) !== 1) fail(ctx, 'Transfer must have 3 topics and 1 data word')
            const e = decodeWith(ctx, token.events.Transfer)
            addresses(ctx, e.from, e.to)
            return { ...pos, kind: 'Transfer', from: e.from, to: e.to, value: e.value }
        }
        default:
            return fail(ctx, 'aKSMb topic not subscribed')
    }
}

// ------------------------------------------------------------------ calls of the token

/**
 * The aKSMb functions whose `Transfer` unit is known from the call alone (SPEC §1): `transfer`
 * emits aKSMb, `transferFrom` emits shares.
 */
export const BOND_CALLS = {
    transfer: token.functions.transfer.selector,
    transferFrom: token.functions.transferFrom.selector,
} as const

export type BondCall =
    | { method: 'transfer'; to: string; amount: bigint }
    | { method: 'transferFrom'; from: string; to: string; amount: bigint }
    /** any other function, or one of the two above in a shape we do not read (`reason` says which) */
    | { method: 'other'; selector: string; reason?: string }

/**
 * The input of a transaction sent to the token, as far as the holder ledger needs it. Only the
 * canonical ABI shapes of `transfer(address,uint256)` (4 + 64 bytes) and
 * `transferFrom(address,address,uint256)` (4 + 96 bytes) with clean address words are decoded;
 * the same selectors in any other shape (Solidity accepts trailing bytes) are returned as `other`
 * with the reason, so the caller decides the unit another way rather than guess. Input that is
 * not hex at all is refused loudly.
 */
export function decodeBondCall(input: string, where: string): BondCall {
    if (typeof input !== 'string' || !HEX.test(input) || input.length % 2 !== 0) {
        throw new Error(`transaction input is not hex at ${where}: ${String(input).slice(0, 100)}`)
    }
    const selector = input.slice(0, 10).toLowerCase()
    const bytes = (input.length - 2) / 2
    const fn = selector === BOND_CALLS.transfer ? token.functions.transfer
        : selector === BOND_CALLS.transferFrom ? token.functions.transferFrom : undefined
    if (!fn) return { method: 'other', selector }
    const expected = fn === token.functions.transfer ? 4 + 64 : 4 + 96
    if (bytes !== expected) return { method: 'other', selector, reason: `${fn.signature} input of ${bytes} bytes, not ${expected}` }
    // address words must have their 12 high bytes zero (the codec would return more than 20 bytes)
    const words = fn === token.functions.transfer ? [0] : [0, 1]
    for (const w of words) {
        if (!/^0{24}$/.test(input.slice(10 + w * WORD, 10 + w * WORD + 24))) {
            return { method: 'other', selector, reason: `${fn.signature} input with a dirty address word` }
        }
    }
    if (fn === token.functions.transfer) {
        const a = token.functions.transfer.decode(input)
        return { method: 'transfer', to: a.to.toLowerCase(), amount: a.amount }
    }
    const a = token.functions.transferFrom.decode(input)
    return { method: 'transferFrom', from: a.from.toLowerCase(), to: a.to.toLowerCase(), amount: a.amount }
}
