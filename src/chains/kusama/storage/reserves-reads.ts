/**
 * Proof of reserves on Kusama (SPEC §4.14): System.Account and Staking.Ledger of every pool account
 * at one block, in ONE `state_queryStorageAt` round trip. The runtime that decodes them is built
 * from the block's own metadata, fetched once per spec version (not counted as a storage round trip).
 * The raw keys and values are kept so anyone can re-read them from an archive node.
 */
import { Runtime } from '@subsquid/substrate-runtime'
import { decodeKusamaAddress } from '../../../domain/kusama-address'
import { decodeAccount, decodeLedger } from '../decoding/storage'

/** The JSON-RPC the reads need (an @subsquid/rpc-client RpcClient satisfies it). */
export interface StorageRpc {
    call<T = any>(method: string, params?: unknown[]): Promise<T>
    batchCall<T = any>(calls: { method: string; params?: unknown[] }[]): Promise<T[]>
}

export interface BlockRef {
    height: number
    hash: string
    /** unix ms */
    timestamp: number
    specVersion?: number | null
}

export interface KusamaAccountReading {
    /** the pool account as configured (SS58) */
    account: string
    systemAccountKey: string
    systemAccountValue: string | null
    ledgerKey: string
    ledgerValue: string | null
    free: bigint
    reserved: bigint
    frozen: bigint
    ledger: { total: bigint; active: bigint; unlocking: { value: bigint; era: number }[] } | null
}

export interface KusamaReading {
    chain: 'kusama'
    height: number
    hash: string
    timestamp: number
    specVersion: number
    accounts: KusamaAccountReading[]
}

export class KusamaStorageReader {
    private runtimes = new Map<number, Promise<Runtime>>()
    /** storage round trips made (metadata fetches excluded) */
    roundTrips = 0

    constructor(private rpc: StorageRpc) {}

    async read(at: BlockRef, accounts: readonly string[]): Promise<KusamaReading> {
        const runtime = await this.runtimeAt(at)
        const keyed = accounts.map(account => {
            const pk = decodeKusamaAddress(account)
            return { account, systemAccountKey: runtime.encodeStorageKey('System.Account', pk), ledgerKey: runtime.encodeStorageKey('Staking.Ledger', pk) }
        })
        const keys = keyed.flatMap(k => [k.systemAccountKey, k.ledgerKey])
        this.roundTrips++
        const answer = await this.rpc.call<{ block: string; changes: [string, string | null][] }[]>('state_queryStorageAt', [keys, at.hash])
        const values = valuesOf(answer, at.hash)
        return {
            chain: 'kusama', height: at.height, hash: at.hash, timestamp: at.timestamp, specVersion: runtime.specVersion,
            accounts: keyed.map(k => {
                const systemAccountValue = values.get(k.systemAccountKey) ?? null
                const ledgerValue = values.get(k.ledgerKey) ?? null
                const { free, reserved, frozen } = decodeAccount(runtime, systemAccountValue)
                return { ...k, systemAccountValue, ledgerValue, free, reserved, frozen, ledger: decodeLedger(runtime, ledgerValue) }
            }),
        }
    }

    private async runtimeAt(at: BlockRef): Promise<Runtime> {
        // a clock row without its runtime (written before it was recorded) costs one version look-up
        const spec = at.specVersion ?? (await this.rpc.call('state_getRuntimeVersion', [at.hash]))?.specVersion
        let built = typeof spec === 'number' ? this.runtimes.get(spec) : undefined
        if (built == null) {
            built = this.fetchRuntime(at.hash)
            built.then(r => this.runtimes.set(r.specVersion, built!), () => {})
        }
        return built
    }

    private async fetchRuntime(hash: string): Promise<Runtime> {
        const [version, metadata] = await this.rpc.batchCall([
            { method: 'state_getRuntimeVersion', params: [hash] },
            { method: 'state_getMetadata', params: [hash] },
        ])
        if (version == null || typeof version.specVersion !== 'number' || typeof metadata !== 'string') {
            throw new Error(`Kusama node answered no runtime for block ${hash}: ${JSON.stringify(version)?.slice(0, 200)}`)
        }
        return new Runtime(version, metadata)
    }
}

/** the changes of the one block asked for; anything else is a garbage answer, refused */
function valuesOf(answer: unknown, hash: string): Map<string, string | null> {
    if (!Array.isArray(answer) || answer.length !== 1 || !Array.isArray(answer[0]?.changes)) {
        throw new Error(`state_queryStorageAt at ${hash}: expected one change set, got ${JSON.stringify(answer)?.slice(0, 200)}`)
    }
    const out = new Map<string, string | null>()
    for (const pair of answer[0].changes) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'string' || (pair[1] != null && typeof pair[1] !== 'string')) {
            throw new Error(`state_queryStorageAt at ${hash}: malformed change ${JSON.stringify(pair)?.slice(0, 200)}`)
        }
        out.set(pair[0].toLowerCase(), pair[1])
    }
    return out
}
