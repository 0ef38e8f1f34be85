/**
 * SDK patch, written against @subsquid/substrate-data-raw 1.2.0 (`Fetch1.prototype.getColdSplit0`,
 * lib/fetch1.js) and @subsquid/util-internal-ingest-tools 1.1.4 (`BlockConsistencyError`), as
 * installed with @subsquid/substrate-processor 8.5.1. Checked at start-up by index.ts.
 *
 * Historical sync fetch in batches. substrate-data-raw 1.2 fetches a finalized split by walking
 * parent hashes down from its top block, one `chain_getBlock` request per block: ten sequential
 * round trips per split, a WebSocket frame or an HTTP request each. This replaces that step
 * (`Fetch1.getColdSplit0`) with two JSON-RPC batches — the split's block hashes, then its blocks —
 * and the same guarantees: every block present, consecutive parent links, the split's top block
 * hash as asked. The rest of the SDK pipeline (events, runtime versions, parsing) is unchanged.
 *
 * Installed once per process by the Kusama makeProcessor; KUSAMA_BATCHED_FETCH=0 (or
 * SQUID_SDK_PATCHES=0) leaves the SDK as it is. Fails loudly if the internals it replaces have moved.
 */
let installed = false

interface RawBlock { height: number; hash: string; block: any }

export function installBatchedColdFetch(): void {
    if (installed) return
    // the SDK's own modules, resolved from where substrate-data-raw resolves them
    const raw = require.resolve('@subsquid/substrate-data-raw/lib/fetch1')
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { Fetch1 } = require(raw)
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { BlockConsistencyError } = require(require.resolve('@subsquid/util-internal-ingest-tools', { paths: [raw] }))
    if (typeof Fetch1?.prototype?.getColdSplit0 !== 'function') {
        throw new Error('substrate-data-raw internals changed: Fetch1.getColdSplit0 not found (set KUSAMA_BATCHED_FETCH=0)')
    }
    Fetch1.prototype.getColdSplit0 = async function (this: { rpc: any }, from: number, to: number | { height: number; hash: string }, req: { extrinsics?: boolean }): Promise<RawBlock[]> {
        const top = typeof to == 'number' ? to : to.height
        if (from > top) throw new Error(`bad split ${from}..${top}`)
        const heights: number[] = []
        for (let h = from; h <= top; h++) heights.push(h)
        const hashes: (string | null)[] = await this.rpc.batchCall(
            heights.map(h => ({ method: 'chain_getBlockHash', params: ['0x' + h.toString(16)] })),
        )
        if (typeof to != 'number') hashes[hashes.length - 1] = to.hash
        hashes.forEach((hash, i) => { if (hash == null) throw new BlockConsistencyError({ height: heights[i] }) })
        const method = req.extrinsics ? 'chain_getBlock' : 'chain_getHeader'
        const got: any[] = await this.rpc.batchCall(hashes.map(hash => ({ method, params: [hash] })))
        const blocks: RawBlock[] = got.map((b, i) => {
            if (b == null) throw new BlockConsistencyError({ hash: hashes[i]!, height: heights[i] })
            const block = req.extrinsics ? b : { block: { header: b } }
            const number = parseInt(block.block.header.number, 16)
            if (number !== heights[i]) throw new BlockConsistencyError({ hash: hashes[i]!, height: heights[i] })
            return { height: heights[i], hash: hashes[i]!, block }
        })
        for (let i = 1; i < blocks.length; i++) {
            if (blocks[i].block.block.header.parentHash !== blocks[i - 1].hash) {
                // the chain moved under us (only possible above the finalized head): let the SDK retry
                throw new BlockConsistencyError({ hash: blocks[i - 1].hash, height: blocks[i - 1].height })
            }
        }
        return blocks
    }
    installed = true
}
