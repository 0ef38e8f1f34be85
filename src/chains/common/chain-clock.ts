import { ChainClock } from '../../model'
/**
 * Which block times a processor records so the oracle can tell, from the database alone, how far
 * each chain's finalized head has come (SPEC §4.2: a period closes once both finalized heads have
 * timestamps >= its end).
 *
 * Recorded: the first and last block of every batch, and every block whose period differs from the
 * block before it (the first block at or after each period boundary) together with that block
 * before it (the last block before the boundary). With these rows the time of a chain's finalized
 * head is read as the latest recorded time at or below the processor's finalized height: never
 * later than the truth, and exact at every period boundary, so a period is closed neither too
 * early nor later than the batch that crosses its end.
 *
 * The processors ask for every block (includeAllBlocks), so "the block before" is the chain's
 * last block before end(D): where proof of reserves reads storage (SPEC §4.14), by the hash and
 * runtime version recorded with it.
 */
/** the clock rows' chain: each Kusama part has its own (SPEC §4.13) */
export type ClockChain = 'kusama' | 'kusama-asset-hub' | 'ethereum'

export interface BlockTime {
    height: number
    /** unix ms */
    timestamp: number
    hash?: string
    specVersion?: number
}

export function clockBlocks(blocks: BlockTime[], periodSeconds: number): BlockTime[] {
    const periodMs = periodSeconds * 1000
    const picked: BlockTime[] = []
    for (let i = 0; i < blocks.length; i++) {
        const b = blocks[i]
        const first = i === 0
        const last = i === blocks.length - 1
        const crossed = i + 1 < blocks.length && Math.floor(b.timestamp / periodMs) !== Math.floor(blocks[i + 1].timestamp / periodMs)
        const entered = !first && Math.floor(b.timestamp / periodMs) !== Math.floor(blocks[i - 1].timestamp / periodMs)
        if (first || last || crossed || entered) picked.push(b)
    }
    return picked
}

/** Upserts the clock rows of a batch (an upsert: a block may be handled again after a restart). */
export async function recordClock(
    store: { upsert(e: ChainClock[]): Promise<void> },
    chain: ClockChain,
    blocks: BlockTime[],
    periodSeconds: number,
): Promise<void> {
    const rows = clockBlocks(blocks, periodSeconds).map(b => new ChainClock({
        id: `${chain}-${String(b.height).padStart(10, '0')}`, chain, height: b.height, timestamp: new Date(b.timestamp),
        hash: b.hash ?? null, specVersion: b.specVersion ?? null,
    }))
    if (rows.length) await store.upsert(rows)
}

interface BatchContext {
    store: { upsert(e: ChainClock[]): Promise<void> }
    blocks: { header: { height: number; timestamp?: number; hash: string; specVersion?: number } }[]
}

/** Wraps a processor's batch handler so every batch also records its clock rows, in the same transaction. */
export function withChainClock<C extends BatchContext>(
    chain: ClockChain,
    periodSeconds: number,
    handle: (ctx: C) => Promise<void>,
): (ctx: C) => Promise<void> {
    return async ctx => {
        await handle(ctx)
        const times = ctx.blocks.map(b => {
            if (b.header.timestamp == null) throw new Error(`${chain} block ${b.header.height} has no timestamp`)
            return { height: b.header.height, timestamp: b.header.timestamp, hash: b.header.hash, specVersion: b.header.specVersion }
        })
        await recordClock(ctx.store, chain, times, periodSeconds)
    }
}
