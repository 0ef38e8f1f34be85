import { RpcClient } from '@subsquid/rpc-client'
import { ChainProfile as Profile } from '../../config/profile'
import { KusamaStorageReader } from '../../chains/kusama/storage/reserves-reads'
import { EthereumStorageReader } from '../../chains/ethereum/storage/reserves-reads'
import { ReservesReaders } from './reserves-readings'

/**
 * The storage readers of proof of reserves (SPEC §4.14), on the profile's endpoints (archive nodes:
 * a period is read at its end's block, which may be old after a restart). `ORACLE_RESERVES=0`
 * turns them off: reports then carry no reserves section, and the publisher refuses them.
 */
export function reservesReaders(p: Profile, poolAccounts: readonly string[], env: NodeJS.ProcessEnv = process.env): ReservesReaders | undefined {
    if (env.ORACLE_RESERVES === '0') return undefined
    const client = (url: string) => new RpcClient({ url, retryAttempts: 5, requestTimeout: 30_000 })
    return {
        kusama: new KusamaStorageReader(client(p.kusama.rpc)),
        ...(p.kusamaAssetHub ? { kusamaAssetHub: new KusamaStorageReader(client(p.kusamaAssetHub.rpc)) } : {}),
        ethereum: new EthereumStorageReader(client(p.ethereum.rpc), p.ethereum.bond),
        poolAccounts,
    }
}
