import { ownCpuSeconds } from './cpu-time'
import { JsonRpcBatchClient } from './json-rpc'

/**
 * Raw fetch rates of the local chains for the processors' access pattern, with no decoding and no
 * database: the baseline every ingest benchmark divides by, measured in the same run.
 */
export interface FetchRate {
    blocks: number
    seconds: number
    blocksPerSecond: number
    /** CPU seconds of this process meanwhile: the client, and the chain when it runs in-process */
    cpuSeconds: number
}

const EVENTS_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7'

async function timed(blocks: number, fn: () => Promise<void>): Promise<FetchRate> {
    const cpu0 = ownCpuSeconds()
    const t0 = process.hrtime.bigint()
    await fn()
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9
    return { blocks, seconds, blocksPerSecond: blocks / seconds, cpuSeconds: ownCpuSeconds() - cpu0 }
}

/** Runs `work` over [from, to] in splits of `split`, with `concurrency` splits in flight. */
async function splits(from: number, to: number, split: number, concurrency: number, work: (a: number, b: number) => Promise<void>) {
    let next = from
    const lanes = Array.from({ length: concurrency }, async () => {
        while (next <= to) {
            const a = next
            const b = Math.min(to, a + split - 1)
            next = b + 1
            await work(a, b)
        }
    })
    await Promise.all(lanes)
}

/**
 * substrate-data-raw's cold split: a batch of chain_getBlockHash, then chain_getBlock and the
 * System.Events storage of every block, and the runtime version of the split's last block.
 */
export function kusamaRawFetch(httpUrl: string, from: number, to: number, concurrency = 5, split = 100): Promise<FetchRate> {
    const rpc = new JsonRpcBatchClient(httpUrl)
    return timed(to - from + 1, () => splits(from, to, split, concurrency, async (a, b) => {
        const heights = Array.from({ length: b - a + 1 }, (_, i) => a + i)
        const hashes = (await rpc.batch(heights.map(h => ({ method: 'chain_getBlockHash', params: ['0x' + h.toString(16)] })))) as string[]
        await Promise.all([
            rpc.batch(hashes.map(h => ({ method: 'chain_getBlock', params: [h] }))),
            rpc.batch(hashes.map(h => ({ method: 'state_getStorageAt', params: [EVENTS_KEY, h] }))),
            rpc.batch([{ method: 'state_getRuntimeVersion', params: [hashes[hashes.length - 1]] }]),
        ])
    }))
}

/** Logs whose transaction's sender the pipeline must also fetch (our processor: PolkadotPool's TokensClaimed). */
export interface SenderLogs { address: string; topic0: string }

/**
 * evm-processor over RPC: every block header (our processor requests no transaction fields, so
 * the SDK asks eth_getBlockByNumber without full transactions) and eth_getLogs over each split;
 * with `senders`, then — as our handler does — eth_getTransactionByHash for the transactions of
 * the matching logs (a claim's relayer is on no log).
 */
export function ethRawFetch(httpUrl: string, from: number, to: number, concurrency = 5, split = 100, senders?: SenderLogs): Promise<FetchRate & { logs: number }> {
    const rpc = new JsonRpcBatchClient(httpUrl)
    let logs = 0
    return timed(to - from + 1, () => splits(from, to, split, concurrency, async (a, b) => {
        const heights = Array.from({ length: b - a + 1 }, (_, i) => a + i)
        const [, got] = await Promise.all([
            rpc.batch(heights.map(h => ({ method: 'eth_getBlockByNumber', params: ['0x' + h.toString(16), false] }))),
            rpc.batch([{ method: 'eth_getLogs', params: [{ fromBlock: '0x' + a.toString(16), toBlock: '0x' + b.toString(16) }] }]),
        ])
        const found = got[0] as { address: string; topics: string[]; transactionHash: string }[]
        logs += found.length
        if (!senders) return
        const txs = new Set(found.filter(l => l.address.toLowerCase() === senders.address && l.topics[0] === senders.topic0).map(l => l.transactionHash))
        if (txs.size) await rpc.batch([...txs].map(h => ({ method: 'eth_getTransactionByHash', params: [h] })))
    })).then(r => ({ ...r, logs }))
}

/** Best of sequential and concurrent splits: the baseline must be the chain's real ceiling. */
export async function bestOf<T extends FetchRate>(runs: (() => Promise<T>)[]): Promise<T> {
    let best: T | undefined
    for (const run of runs) {
        const r = await run()
        if (!best || r.blocksPerSecond > best.blocksPerSecond) best = r
    }
    return best!
}
