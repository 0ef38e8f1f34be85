/**
 * Historical sync: the SDK hands the handler one 10-block split at a time, each in its own
 * database transaction. This wraps the RPC data source's finalized-block stream so that splits keep
 * being fetched and parsed in the background while a batch is written, and the handler gets
 * everything that has arrived (in order, contiguous, up to `maxBlocks`) as one batch. Hot blocks
 * are untouched. The buffering itself is shared with the Ethereum processor (src/chains/common/coalesce.ts).
 *
 * Relies on substrate-processor 8.5's internal, memoized `getRpcDataSource()`; fails loudly if it moved.
 */
import { coalesceBatches, CoalesceOptions } from '../common/coalesce'

export function coalesceFinalizedBatches(processor: object, opts: CoalesceOptions): void {
    const p = processor as any
    const original = p.getRpcDataSource
    if (typeof original !== 'function') throw new Error('substrate-processor internals changed: getRpcDataSource() not found')
    let patched: any
    p.getRpcDataSource = function (this: unknown) {
        if (patched) return patched
        const ds = original.call(this)
        if (typeof ds?.getFinalizedBlocks !== 'function') throw new Error('substrate-processor internals changed: getFinalizedBlocks() not found')
        const getFinalizedBlocks = ds.getFinalizedBlocks.bind(ds)
        ds.getFinalizedBlocks = (requests: unknown, stopOnHead?: boolean) => coalesceBatches(getFinalizedBlocks(requests, stopOnHead), opts)
        patched = ds
        return ds
    }
}
