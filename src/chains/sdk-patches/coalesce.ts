/**
 * SDK patch, written against @subsquid/evm-processor 1.27.3 (`EvmBatchProcessor.prototype.getHotDataSource`
 * and its data source's `getFinalizedBlocks`, lib/processor.js). Checked at start-up by index.ts.
 * The buffering itself (coalesceBatches) touches no SDK internal; kusama-coalesce.ts installs it
 * on substrate-processor.
 *
 * Historical sync over RPC: the SDK hands the handler one 10-block split at a time, each in its own
 * database transaction, which (not the node) bounds the throughput. This keeps fetching splits in
 * the background while a batch is being written and hands the handler everything that has arrived
 * (in order, contiguous, up to `maxBlocks`) as one batch — the SDK's Runner merges batches the same
 * way when it must, so the handler contract is unchanged. Hot (unfinalized) blocks are untouched.
 */
export interface Batch<B> {
    blocks: B[]
    isHead: boolean
}

export interface CoalesceOptions {
    /** most blocks handed over in one batch */
    maxBlocks: number
    /** most blocks fetched ahead and held in memory */
    maxBuffered: number
}

export async function* coalesceBatches<B>(src: AsyncIterable<Batch<B>>, opts: CoalesceOptions): AsyncGenerator<Batch<B>> {
    const queue: Batch<B>[] = []
    let buffered = 0
    let done = false
    let failure: { error: unknown } | undefined
    let wakeConsumer: (() => void) | undefined
    let wakeProducer: (() => void) | undefined
    let stopped = false

    const pump = (async () => {
        try {
            for await (const b of src) {
                if (stopped) return
                queue.push(b)
                buffered += b.blocks.length
                wakeConsumer?.()
                while (buffered >= opts.maxBuffered && !stopped) {
                    await new Promise<void>(r => { wakeProducer = r })
                    wakeProducer = undefined
                }
            }
        } catch (e) {
            failure = { error: e }
        } finally {
            done = true
            wakeConsumer?.()
        }
    })()

    try {
        for (;;) {
            while (queue.length === 0 && !done) {
                await new Promise<void>(r => { wakeConsumer = r })
                wakeConsumer = undefined
            }
            if (queue.length === 0) {
                if (failure) throw failure.error
                return
            }
            let blocks: B[] = []
            let isHead = false
            while (queue.length && (blocks.length === 0 || blocks.length + queue[0].blocks.length <= opts.maxBlocks)) {
                const b = queue.shift()!
                blocks = blocks.length ? blocks.concat(b.blocks) : b.blocks
                isHead = b.isHead
                buffered -= b.blocks.length
                if (isHead) break
            }
            wakeProducer?.()
            yield { blocks, isHead }
        }
    } finally {
        stopped = true
        wakeProducer?.()
        void pump
    }
}

/**
 * Installs the coalescing on an EvmBatchProcessor (its RPC data source's finalized-block stream).
 * Relies on the SDK's internal `getHotDataSource()` (evm-processor 1.27); fails loudly if it moved.
 */
export function coalesceFinalizedBatches(processor: object, opts: CoalesceOptions): void {
    const p = processor as any
    const original = p.getHotDataSource
    if (typeof original !== 'function') throw new Error('evm-processor internals changed: getHotDataSource() not found')
    let patched: any
    p.getHotDataSource = function (this: unknown) {
        if (patched) return patched
        const ds = original.call(this)
        if (typeof ds?.getFinalizedBlocks !== 'function') throw new Error('evm-processor internals changed: getFinalizedBlocks() not found')
        const getFinalizedBlocks = ds.getFinalizedBlocks.bind(ds)
        ds.getFinalizedBlocks = (requests: unknown, stopOnHead?: boolean) => coalesceBatches(getFinalizedBlocks(requests, stopOnHead), opts)
        patched = ds
        return ds
    }
}
