/**
 * Entry point of the Kusama processor (part `kusama-processor`, lib/chains/kusama/main.js):
 * indexes the pool's Kusama domain events (SPEC §3) of the chain profile's `kusama` section,
 * state schema `kusama_processor` (KUSAMA_STATE_SCHEMA overrides), hot blocks on (unfinalized blocks are indexed and rolled back
 * on a fork; finality comes from the chain). Database from DB_*; profile from SQUID_PROFILE /
 * SQUID_PROFILE_NAME (see src/config/profile.ts).
 *
 * An event or call of an unknown runtime shape stops the process with an error naming the block,
 * the event and the spec version (see decoding/errors.ts).
 */
import { TypeormDatabase } from '@subsquid/typeorm-store'
import { KusamaProfile, loadProfile } from '../../config/profile'
import { KUSAMA_ASSET_HUB_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../../parts'
import { SubstrateChain } from '../../model'
import { withChainClock } from '../common/chain-clock'
import { startHeartbeat } from '../common/heartbeat'
import { makeHandler } from './handler'
import { SnapshotConfig } from './migration-snapshot'
import { decodeAnySs58, encodeKusamaAddress } from '../../domain/kusama-address'
import { PoolAccounts } from './pool'
import { makeProcessor } from './processor'

// `node lib/chains/kusama/main.js asset-hub`: the Asset Hub part of a two-part profile (SPEC §4.13)
const part = process.argv[2] === 'asset-hub' ? 'asset-hub' : 'relay'
const loaded = loadProfile()
const oracle = loaded.oracle
const chosen = part === 'asset-hub' ? loaded.kusamaAssetHub : loaded.kusama
if (chosen == null) {
    // deployed beside a one-part profile (squid.yaml runs every part): nothing to index, and no crash loop
    console.log('no kusama.assetHub in the profile: the Asset Hub part has nothing to index')
    setInterval(() => {}, 1 << 30)
} else {
    run(chosen)
}

function run(profile: KusamaProfile): void {
    const processor = makeProcessor(profile)
    // this processor is the only writer of its tables and of its state schema: READ COMMITTED is
    // enough and spares SERIALIZABLE's predicate locks (KUSAMA_ISOLATION_LEVEL overrides, for benchmarks)
    const isolationLevel = (process.env.KUSAMA_ISOLATION_LEVEL ?? 'READ COMMITTED') as 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE'
    // each Kusama part has its own state schema (the relay chain's, Asset Hub's)
    const stateSchema = process.env.KUSAMA_STATE_SCHEMA ?? (part === 'asset-hub' ? KUSAMA_ASSET_HUB_STATE_SCHEMA : KUSAMA_STATE_SCHEMA)
    // indexerStatus and ksm_chain_stalled tell a silent endpoint (the SDK retries it forever, quietly)
    startHeartbeat(processor, { chain: 'kusama', stateSchema, probeMethod: 'chain_getFinalizedHead' })
    processor.run(
        new TypeormDatabase({ supportHotBlocks: true, stateSchema, isolationLevel }),
        withChainClock(part === 'asset-hub' ? 'kusama-asset-hub' : 'kusama', oracle.periodSeconds, makeHandler({
            chain: profile.kind === 'asset-hub' ? SubstrateChain.KUSAMA_ASSET_HUB : SubstrateChain.KUSAMA,
            pool: new PoolAccounts(profile),
        }, undefined, part === 'asset-hub' ? snapshotAt(profile) : undefined)),
    )
}

/** the Asset Hub part records what the migration moved, at its first block (SPEC §4.13, migration-snapshot.ts) */
function snapshotAt(profile: KusamaProfile): SnapshotConfig {
    const accounts = [...profile.depositAddresses, ...profile.stashes, ...profile.otherPoolAccounts].map(a => encodeKusamaAddress(decodeAnySs58(a).publicKey))
    return { atBlock: profile.startBlock, chain: SubstrateChain.KUSAMA_ASSET_HUB, accounts }
}
