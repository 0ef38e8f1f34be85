/**
 * The batch handler: decode every log of the batch (loudly refusing unknown shapes), load the
 * ledger state it needs in two queries (the supply row, the touched holders), decide the unit of
 * every aKSMb Transfer (./transfer-units.ts: the pool's event in the transaction, else the
 * transaction's call of the token, else the token's `sharesOf` at the block and its parent), apply
 * the events in chain order, and write one insert or upsert per entity type. No state is kept
 * between batches, so a rollback of hot blocks by the store leaves nothing stale behind.
 *
 * RPC per batch, each one batched JSON-RPC request, only when needed: `eth_getTransactionByHash`
 * of the transactions holding a claim (its sender is the relayer) or an aKSMb Transfer (its `to`,
 * `from` and input); `eth_call sharesOf` of the parties of the Transfers the call did not decide
 * (logged with their count; an archive node is needed for those of old blocks).
 */
import { DataHandlerContext } from '@subsquid/evm-processor'
import { Store } from '@subsquid/typeorm-store'
import { In } from 'typeorm'
import { BondHolder, BondSupply } from '../../model'
import * as token from './abi/aKSMb'
import { BOND_TOPICS, ChainEvent, decodeLog, LogPosition, POOL_TOPICS } from './events'
import { FIELDS } from './processor'
import { Ledger, LedgerIssue, newSupply, ONE, SUPPLY_ID } from './ledger'
import { logKey, planUnits, resolveUnits, SharesRead, sharesReads, TxInfo } from './transfer-units'
import { insertMany, upsertMany } from '../common/bulk-write'
import { blocksBefore, unknownBlocks, vanishedBlocks } from './vanished-blocks'

export interface EthMetrics {
    foreignTokenEvents(n: number): void
    inconsistencies(n: number): void
    /** `sharesOf` eth_calls made to decide Transfer units */
    stateReads(n: number): void
}

export const NO_METRICS: EthMetrics = { foreignTokenEvents() {}, inconsistencies() {}, stateReads() {} }

export interface HandlerOptions {
    pool: string
    bond: string
    startBlock: number
    metrics?: EthMetrics
}

type Ctx = DataHandlerContext<Store, typeof FIELDS>

/**
 * All chain events of a batch in chain order. `senders` holds the sender of (at least) every claim
 * transaction (the relayer); events of transactions not in it carry none. Exported for the
 * benchmark and tests.
 */
export function batchEvents(ctx: Pick<Ctx, 'blocks'>, pool: string, bond: string, senders: ReadonlyMap<string, string> = new Map()): ChainEvent[] {
    const events: ChainEvent[] = []
    for (const block of ctx.blocks) {
        const logs = [...block.logs].sort((a, b) => a.logIndex - b.logIndex)
        for (const log of logs) {
            const address = log.address.toLowerCase()
            const txHash = log.transactionHash ?? ''
            const pos: LogPosition = {
                blockHeight: block.header.height,
                blockHash: block.header.hash,
                timestamp: block.header.timestamp,
                txHash,
                txFrom: senders.get(txHash) ?? '',
                logIndex: log.logIndex,
            }
            const where = `block ${pos.blockHeight} (${pos.blockHash}), tx ${pos.txHash}, log ${pos.logIndex}`
            if (!txHash) throw new Error(`log without its transaction hash at ${where}`)
            if (isClaimLog(log, pool) && !pos.txFrom) throw new Error(`claim without its sender at ${where}`)
            const contract = address === pool ? 'pool' : address === bond ? 'bond' : undefined
            if (!contract) throw new Error(`log of an unexpected contract ${address} at ${where}`)
            events.push(decodeLog(contract, log, pos))
        }
    }
    return events
}

export function makeHandler(opts: HandlerOptions) {
    const metrics = opts.metrics ?? NO_METRICS
    const pool = opts.pool.toLowerCase()
    const bond = opts.bond.toLowerCase()

    return async function handle(batch: Ctx): Promise<void> {
        const { txs, missing } = await transactions(batch, pool, bond)
        const ctx = missing.size ? await withoutVanished(batch, missing) : batch
        const senders = new Map([...txs].map(([h, tx]) => [h, tx.from]))
        const events = batchEvents(ctx, pool, bond, senders)
        if (events.length === 0) return

        let supply = await ctx.store.get(BondSupply, SUPPLY_ID)
        if (!supply) supply = newSupply(await initialRatio(ctx, bond, opts.startBlock))
        const ids = new Set<string>()
        for (const e of events) {
            if (e.kind === 'Transfer') {
                ids.add(e.from)
                ids.add(e.to)
            }
        }
        const holders = new Map<string, BondHolder>()
        if (ids.size) {
            for (const h of await ctx.store.findBy(BondHolder, { id: In([...ids]) })) holders.set(h.id, h)
        }

        // the unit of every Transfer: pool event, then the call, then the token's state
        const parents = new Map(ctx.blocks.map(b => [b.header.hash, b.header.parentHash]))
        const plan = planUnits(events, { bond, ratio: supply.ratio, txs, parents })
        const reads = sharesReads(plan)
        let state: Map<string, bigint>
        try {
            state = await readShares(ctx, bond, reads)
        } catch (e) {
            // a reorg under the handler: the batch again without the vanished blocks
            return handle(await withoutVanishedReads(ctx, reads, e))
        }
        const units = resolveUnits(plan, events, r => state.get(readKey(r))!)
        if (plan.counts.pool + plan.counts.call + plan.counts.state > 0) {
            const line = `aKSMb Transfer units: ${plan.counts.pool} mint/burn by the pool's event, ${plan.counts.call} by the call, ` +
                `${plan.counts.state} by the token's state (${reads.length} sharesOf eth_calls over ${plan.pending.size} blocks` +
                `${units.ambiguous ? `, ${units.ambiguous} with a split between coupled transfers that the state cannot show` : ''})`
            if (reads.length) ctx.log.info(line)
            else ctx.log.debug(line)
            for (const b of plan.pending.values()) {
                for (const p of b.transfers) ctx.log.debug({ block: b.height, tx: p.e.txHash, logIndex: p.e.logIndex }, `Transfer unit by the token's state: ${p.why}`)
            }
        }
        if (reads.length) metrics.stateReads(reads.length)

        const ledger = new Ledger(bond, supply, holders)
        for (const e of events) ledger.apply(e, e.kind === 'Transfer' ? units.decisions.get(logKey(e)) : undefined)
        const out = ledger.finish()

        // one statement per entity type (src/chains/common/bulk-write.ts)
        await insertMany(ctx.store, out.claims)
        await insertMany(ctx.store, out.burns)
        await insertMany(ctx.store, out.ratioUpdates)
        await insertMany(ctx.store, out.transfers)
        await upsertMany(ctx.store, out.holders)
        if (out.supply) await ctx.store.upsert(out.supply)

        report(ctx, [...units.issues, ...out.issues], metrics)
    }
}

function report(ctx: Pick<Ctx, 'log'>, issues: LedgerIssue[], metrics: EthMetrics): void {
    let foreign = 0, inconsistent = 0
    for (const i of issues) {
        const at = { block: i.at.blockHeight, tx: i.at.txHash, logIndex: i.at.logIndex }
        switch (i.kind) {
            case 'FOREIGN_TOKEN':
                foreign++
                ctx.log.info(at, i.message)
                break
            case 'INCONSISTENT':
                inconsistent++
                ctx.log.error(at, `ledger inconsistency: ${i.message}`)
                break
        }
    }
    if (foreign) metrics.foreignTokenEvents(foreign)
    if (inconsistent) metrics.inconsistencies(inconsistent)
}

function isClaimLog(log: { address: string; topics: string[] }, pool: string): boolean {
    return log.address.toLowerCase() === pool && log.topics[0] === POOL_TOPICS.TokensClaimed
}

function isBondTransferLog(log: { address: string; topics: string[] }, bond: string): boolean {
    return log.address.toLowerCase() === bond && log.topics[0] === BOND_TOPICS.Transfer
}

/**
 * The transactions of the batch's claims (their sender is the relayer) and of its aKSMb Transfers
 * (their `to`, sender and input decide the Transfer's unit), in one batched RPC request.
 */
async function transactions(ctx: Pick<Ctx, 'blocks' | '_chain'>, pool: string, bond: string): Promise<{ txs: Map<string, TxInfo>; missing: Set<string> }> {
    const hashes = new Set<string>()
    for (const b of ctx.blocks) {
        for (const l of b.logs) {
            if (l.transactionHash && (isClaimLog(l, pool) || isBondTransferLog(l, bond))) hashes.add(l.transactionHash)
        }
    }
    const txs = new Map<string, TxInfo>()
    const missing = new Set<string>()
    if (hashes.size === 0) return { txs, missing }
    const list = [...hashes]
    const answers: any[] = await ctx._chain.client.batchCall(list.map(h => ({ method: 'eth_getTransactionByHash', params: [h] })))
    answers.forEach((tx, i) => {
        // null: no longer on the chain (a reorg under the handler, see vanished-blocks.ts)
        if (tx == null) return void missing.add(list[i])
        const ok = typeof tx.from === 'string' && (tx.to == null || typeof tx.to === 'string') && typeof tx.input === 'string'
        if (!ok) throw new Error(`eth_getTransactionByHash(${list[i]}) answered ${JSON.stringify(tx)}`)
        txs.set(list[i], { from: tx.from.toLowerCase(), to: tx.to == null ? null : tx.to.toLowerCase(), input: tx.input })
    })
    return { txs, missing }
}

/** the batch without its blocks a reorg replaced while it was handled (vanished-blocks.ts) */
async function withoutVanished(ctx: Ctx, missing: ReadonlySet<string>): Promise<Ctx> {
    const gone = await vanishedBlocks(ctx._chain.client, ctx.blocks, missing)
    const kept = blocksBefore(ctx.blocks, gone)
    ctx.log.warn(`a reorg replaced block(s) ${[...gone].join(', ')} while this batch was handled: `
        + `${ctx.blocks.length - kept.length} block(s) from height ${ctx.blocks[kept.length].header.height} left to the new branch`)
    return { ...ctx, blocks: kept }
}

/**
 * The batch without the blocks a failed `sharesOf` read was at, if the node no longer knows them (and
 * their descendants, or the whole batch when a read's parent block vanished); otherwise the read's
 * failure stands.
 */
async function withoutVanishedReads(ctx: Ctx, reads: readonly SharesRead[], cause: unknown): Promise<Ctx> {
    const gone = await unknownBlocks(ctx._chain.client, [...new Set(reads.map(r => r.blockHash))])
    const kept = blocksBefore(ctx.blocks, gone)
    if (kept.length === ctx.blocks.length) throw cause
    ctx.log.warn(`a reorg replaced block(s) ${[...gone].join(', ')} while this batch read sharesOf there: `
        + `${ctx.blocks.length - kept.length} block(s) from height ${ctx.blocks[kept.length].header.height} left to the new branch`)
    return { ...ctx, blocks: kept }
}

const readKey = (r: SharesRead) => `${r.blockHash}/${r.address}`

/**
 * `sharesOf` of each read at the end of its block, by block hash (EIP-1898, so a hot block is never
 * confused with another at its height), in one batched RPC request. No code at the block (before
 * the token's deployment) reads as 0.
 */
async function readShares(ctx: Pick<Ctx, '_chain'>, bond: string, reads: SharesRead[]): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>()
    if (reads.length === 0) return out
    const answers: unknown[] = await ctx._chain.client.batchCall(reads.map(r => ({
        method: 'eth_call', params: [{ to: bond, data: token.functions.sharesOf.encode({ account: r.address }) }, { blockHash: r.blockHash }],
    })))
    answers.forEach((res, i) => {
        const r = reads[i]
        if (typeof res !== 'string') throw new Error(`eth_call sharesOf(${r.address}) at block ${r.blockHash} answered ${JSON.stringify(res)}`)
        out.set(readKey(r), res === '0x' ? 0n : token.functions.sharesOf.decodeResult(res))
    })
    return out
}

/** The ratio in force before the first indexed block: 1e18 from genesis, else `ratio()` at startBlock − 1. */
async function initialRatio(ctx: Pick<Ctx, '_chain' | 'log'>, bond: string, startBlock: number): Promise<bigint> {
    if (startBlock <= 0) return ONE
    const res: string = await ctx._chain.client.call('eth_call', [
        { to: bond, data: token.functions.ratio.encode({}) }, '0x' + (startBlock - 1).toString(16),
    ])
    if (!res || res === '0x') {
        ctx.log.info(`aKSMb has no code before block ${startBlock}: starting at ratio 1e18`)
        return ONE
    }
    const r = token.functions.ratio.decodeResult(res)
    ctx.log.info(`aKSMb ratio at block ${startBlock - 1} is ${r}`)
    return r
}
