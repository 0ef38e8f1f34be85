/**
 * The batch handler: decode every log of the batch (loudly refusing unknown shapes), load the
 * ledger state it needs in two queries (the supply row, the touched holders), apply the events
 * in chain order, and write one insert or upsert per entity type. No state is kept between
 * batches, so a rollback of hot blocks by the store leaves nothing stale behind.
 */
import { DataHandlerContext } from '@subsquid/evm-processor'
import { Store } from '@subsquid/typeorm-store'
import { In } from 'typeorm'
import { BondHolder, BondSupply } from '../../model'
import * as token from './abi/aKSMb'
import { ChainEvent, decodeLog, LogPosition, POOL_TOPICS } from './events'
import { FIELDS } from './processor'
import { Ledger, LedgerIssue, newSupply, ONE, SUPPLY_ID } from './ledger'
import { insertMany, upsertMany } from '../common/bulk-write'

export interface EthMetrics {
    foreignTokenEvents(n: number): void
    inconsistencies(n: number): void
}

export const NO_METRICS: EthMetrics = { foreignTokenEvents() {}, inconsistencies() {} }

export interface HandlerOptions {
    pool: string
    bond: string
    startBlock: number
    metrics?: EthMetrics
}

type Ctx = DataHandlerContext<Store, typeof FIELDS>

/**
 * All chain events of a batch in chain order. `senders` holds the sender of every claim
 * transaction (the relayer); other events carry none. Exported for the benchmark and tests.
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

    return async function handle(ctx: Ctx): Promise<void> {
        const events = batchEvents(ctx, pool, bond, await claimSenders(ctx, pool))
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

        const ledger = new Ledger(bond, supply, holders)
        for (const e of events) ledger.apply(e)
        const out = ledger.finish()

        // one statement per entity type (src/chains/common/bulk-write.ts)
        await insertMany(ctx.store, out.claims)
        await insertMany(ctx.store, out.burns)
        await insertMany(ctx.store, out.ratioUpdates)
        await insertMany(ctx.store, out.transfers)
        await upsertMany(ctx.store, out.holders)
        if (out.supply) await ctx.store.upsert(out.supply)

        report(ctx, out.issues, metrics)
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

/** The senders (relayers) of the batch's claim transactions, in one batched RPC call. */
async function claimSenders(ctx: Pick<Ctx, 'blocks' | '_chain'>, pool: string): Promise<Map<string, string>> {
    const hashes = new Set<string>()
    for (const b of ctx.blocks) for (const l of b.logs) if (isClaimLog(l, pool) && l.transactionHash) hashes.add(l.transactionHash)
    const senders = new Map<string, string>()
    if (hashes.size === 0) return senders
    const list = [...hashes]
    const txs: ({ hash: string; from: string } | null)[] = await ctx._chain.client.batchCall(
        list.map(h => ({ method: 'eth_getTransactionByHash', params: [h] })))
    txs.forEach((tx, i) => {
        if (!tx || typeof tx.from !== 'string') throw new Error(`eth_getTransactionByHash(${list[i]}) answered ${JSON.stringify(tx)}`)
        senders.set(list[i], tx.from.toLowerCase())
    })
    return senders
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
