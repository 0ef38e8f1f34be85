/**
 * SPEC §4.13: the first block of a later Kusama part (Asset Hub after the migration) holds every
 * pool account's balances, ledgers and unlocking chunks moved over WITHOUT per-account events. The
 * part's processor reads them from storage at that block — one state_queryStorageAt, through the
 * same reader as proof of reserves — and records them as a fact (MigrationSnapshot); the oracle
 * compares them with the state the relay's events left (MIGRATION_CONTINUITY).
 */
import { MigrationSnapshot, SubstrateChain } from '../../model'
import { KusamaStorageReader, StorageRpc } from './storage/reserves-reads'

interface BlockHeaderLike { height: number; hash: string; timestamp?: number; specVersion?: number }

export interface SnapshotConfig {
    /** the part's first block */
    atBlock: number
    chain: SubstrateChain
    /** the pool accounts (SS58) */
    accounts: readonly string[]
}

const canonical = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))

/** the snapshot row when the batch holds the part's first block, else undefined */
export async function migrationSnapshot(rpc: StorageRpc, blocks: readonly { header: BlockHeaderLike }[], cfg: SnapshotConfig): Promise<MigrationSnapshot | undefined> {
    const first = blocks.find(b => b.header.height === cfg.atBlock)?.header
    if (first == null) return undefined
    if (first.timestamp == null) throw new Error(`block ${first.height} has no timestamp`)
    const reading = await new KusamaStorageReader(rpc).read(
        { height: first.height, hash: first.hash, timestamp: first.timestamp, specVersion: first.specVersion }, cfg.accounts)
    return new MigrationSnapshot({
        id: cfg.chain === SubstrateChain.KUSAMA_ASSET_HUB ? 'asset-hub' : 'relay', chain: cfg.chain,
        height: first.height, hash: first.hash, timestamp: new Date(first.timestamp), values: canonical(reading),
    })
}
