/**
 * The bench's chains for proof of reserves: a JSON-RPC answerer that counts what the worker's
 * storage readers ask. Kusama answers its real 1009002 runtime and metadata and empty storage for
 * every key (a balance of 0: the bench measures round trips and our own work, not the values);
 * Ethereum answers 0 for every call.
 */
import { metadataV14Hex, runtimeVersion } from '../../src/chains/kusama/metadata'

type Call = { method: string; params?: unknown[] }

export class CountingChainRpc {
    /** JSON-RPC requests received (a batch is one), by method of its first call */
    readonly requests = new Map<string, number>()

    async call(method: string, params: unknown[] = []): Promise<any> {
        return (await this.batchCall([{ method, params }]))[0]
    }

    async batchCall(calls: Call[]): Promise<any[]> {
        const key = calls[0]?.method ?? '(empty)'
        this.requests.set(key, (this.requests.get(key) ?? 0) + 1)
        return calls.map(c => this.answer(c))
    }

    private answer(c: Call): unknown {
        switch (c.method) {
            case 'state_getRuntimeVersion': return runtimeVersion(1009002)
            case 'state_getMetadata': return metadataV14Hex(1009002)
            case 'state_queryStorageAt': return [{ block: c.params![1], changes: (c.params![0] as string[]).map(k => [k, null]) }]
            case 'eth_call': return '0x' + '0'.repeat(64)
            default: throw new Error(`bench chain: unexpected ${c.method}`)
        }
    }

    count(method: string): number {
        return this.requests.get(method) ?? 0
    }
}
