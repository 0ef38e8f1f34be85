/**
 * SDK patch, written against @subsquid/substrate-processor 8.5.1 (its RPC data source's
 * `getFinalizedBlocks`, lib/ds-rpc.js, reached through rpc-data-source.ts). Checked at start-up by index.ts.
 *
 * Historical sync: the SDK hands the handler one split at a time, each in its own database
 * transaction. This wraps the RPC data source's finalized-block stream so that splits keep being
 * fetched and parsed in the background while a batch is written, and the handler gets everything
 * that has arrived (in order, contiguous, up to `maxBlocks`) as one batch. Hot blocks are
 * untouched. The buffering itself is shared with the Ethereum processor (coalesce.ts).
 */
import { coalesceBatches, CoalesceOptions } from './coalesce'
import { patchRpcDataSource, requireMethods } from './rpc-data-source'

export function coalesceFinalizedBatches(processor: object, opts: CoalesceOptions): void {
    patchRpcDataSource(processor, ds => {
        requireMethods(ds, 'getFinalizedBlocks')
        const getFinalizedBlocks = ds.getFinalizedBlocks.bind(ds)
        ds.getFinalizedBlocks = (requests: unknown, stopOnHead?: boolean) => coalesceBatches(getFinalizedBlocks(requests, stopOnHead), opts)
    })
}
