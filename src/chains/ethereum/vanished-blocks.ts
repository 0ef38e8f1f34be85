/**
 * A reorg can replace a hot block between the moment the SDK fetched it and the moment the handler
 * asks the node about it: `eth_getTransactionByHash` then answers null, and an `eth_call` by that
 * block's hash (a Transfer's `sharesOf`) fails. The block is gone for good (the node no longer knows
 * its hash), so the handler drops it and every later block of the batch (its descendants), writing
 * nothing for them; the SDK sees the fork at its next head poll and indexes the new branch. A null
 * transaction or a failed read at a block the node still knows is a real inconsistency and stays fatal.
 */
export interface RpcBatch {
    batchCall(calls: { method: string; params?: unknown[] }[]): Promise<any[]>
}

interface BlockLike {
    header: { height: number; hash: string; parentHash?: string }
    logs: { transactionHash?: string }[]
}

/** the blocks of the batch holding a transaction of `missing`, that the node no longer knows */
export async function vanishedBlocks(rpc: RpcBatch, blocks: readonly BlockLike[], missing: ReadonlySet<string>): Promise<Set<string>> {
    const holding = blocks.filter(b => b.logs.some(l => l.transactionHash != null && missing.has(l.transactionHash)))
    const gone = await unknownBlocks(rpc, holding.map(b => b.header.hash))
    for (const b of holding) {
        if (!gone.has(b.header.hash)) {
            const tx = b.logs.find(l => l.transactionHash != null && missing.has(l.transactionHash))!.transactionHash
            throw new Error(`eth_getTransactionByHash(${tx}) answered null, yet block ${b.header.height} (${b.header.hash}) that holds it is still known to the node`)
        }
    }
    return gone
}

/** which of the block hashes the node no longer knows */
export async function unknownBlocks(rpc: RpcBatch, hashes: readonly string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set()
    const answers = await rpc.batchCall(hashes.map(h => ({ method: 'eth_getBlockByHash', params: [h, false] })))
    return new Set(hashes.filter((_h, i) => answers[i] == null))
}

/** the batch's blocks before the first one that vanished or whose parent did */
export function blocksBefore<B extends BlockLike>(blocks: readonly B[], gone: ReadonlySet<string>): B[] {
    const k = blocks.findIndex(b => gone.has(b.header.hash) || (b.header.parentHash != null && gone.has(b.header.parentHash)))
    return k < 0 ? [...blocks] : blocks.slice(0, k)
}
