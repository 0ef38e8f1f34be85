/**
 * The batch handler: maps a batch with ./mapping and writes each entity type with one insert.
 * Hot blocks: typeorm-store calls the handler once for the finalized part of a batch and once per
 * unfinalized block, and rolls back rows of blocks that leave the canonical chain.
 */
import type { DataHandlerContext } from '@subsquid/substrate-processor'
import type { Store } from '@subsquid/typeorm-store'
import { EraPaid, SessionRotation, SubstrateChain } from '../../model'
import { readActiveEraBefore } from './decoding/staking-era'
import { insertMany } from '../common/bulk-write'
import { EraClock, emptyRows, FieldsOf, mapBlocks, MappingConfig, rowCount, Rows } from './mapping'
import { migrationSnapshot, SnapshotConfig } from './migration-snapshot'

export type Context = DataHandlerContext<Store, FieldsOf>

export interface HandlerStats { blocks: number; events: number; rows: number }

/**
 * The era clock survives between batches only while the chain continues where the last batch
 * ended; after a rollback (or on start) it is read back from the database.
 */
class ClockCache {
    private clock: EraClock | undefined
    private lastHash: string | undefined

    async get(ctx: Context, chain: SubstrateChain): Promise<EraClock> {
        const first = ctx.blocks[0]?.header
        if (this.clock && first && first.parentHash === this.lastHash) return this.clock
        const active = await lastRecordedActiveEra(ctx, chain)
            // none indexed yet (indexing started mid-era): ask the chain for the active era
            ?? (first ? await readActiveEraBefore(first as any) : undefined)
        return (this.clock = { activeEra: active })
    }

    /** the clock after the batch of ctx, once its rows are written */
    commit(ctx: Context, clock: EraClock): void {
        const last = ctx.blocks[ctx.blocks.length - 1]?.header
        if (!last) return
        this.clock = clock
        this.lastHash = last.hash
    }

    reset(): void {
        this.clock = undefined
        this.lastHash = undefined
    }
}

/** The active era by the newest EraPaid (era + 1) or SessionRotated indexed, whichever came later. */
async function lastRecordedActiveEra(ctx: Context, chain: SubstrateChain): Promise<number | undefined> {
    const newest = { blockHeight: 'DESC', eventIndex: 'DESC' } as const
    const paid = await ctx.store.findOne(EraPaid, { where: { chain }, order: newest })
    const rotated = await ctx.store.findOne(SessionRotation, { where: { chain }, order: newest })
    const order = (a: EraPaid | SessionRotation, b: EraPaid | SessionRotation) => a.blockHeight - b.blockHeight || a.eventIndex - b.eventIndex
    if (rotated && (!paid || order(rotated, paid) > 0)) return rotated.activeEra
    return paid ? paid.era + 1 : undefined
}

export async function writeRows(store: Store, r: Rows): Promise<void> {
    // one statement per non-empty entity type
    await insertMany(store, r.deposits)
    await insertMany(store, r.poolTransfers)
    await insertMany(store, r.stakingChanges)
    await insertMany(store, r.rewards)
    await insertMany(store, r.validatorIncentives)
    await insertMany(store, r.slashes)
    await insertMany(store, r.eraPaids)
    await insertMany(store, r.sessionRotations)
    await insertMany(store, r.nominations)
    await insertMany(store, r.poolFees)
    await insertMany(store, r.claimRemarks)
}

export function makeHandler(cfg: MappingConfig, onBatch?: (s: HandlerStats, ctx: Context) => void, snapshot?: SnapshotConfig) {
    const clocks = new ClockCache()
    return async (ctx: Context): Promise<void> => {
        try {
            const clock = { ...(await clocks.get(ctx, cfg.chain)) }
            const rows = mapBlocks(ctx.blocks, cfg, clock, emptyRows())
            await writeRows(ctx.store, rows)
            const snap = snapshot ? await migrationSnapshot(ctx._chain.rpc, ctx.blocks, snapshot) : undefined
            if (snap) await ctx.store.upsert(snap)
            clocks.commit(ctx, clock)
            if (onBatch) {
                let events = 0
                for (const b of ctx.blocks) events += b.events.length
                onBatch({ blocks: ctx.blocks.length, events, rows: rowCount(rows) }, ctx)
            }
        } catch (e) {
            clocks.reset()
            throw e
        }
    }
}
