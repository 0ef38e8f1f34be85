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
import { loadProfile } from '../../config/profile'
import { KUSAMA_STATE_SCHEMA } from '../../parts'
import { SubstrateChain } from '../../model'
import { withChainClock } from '../common/chain-clock'
import { startHeartbeat } from '../common/heartbeat'
import { makeHandler } from './handler'
import { PoolAccounts } from './pool'
import { makeProcessor } from './processor'

const { kusama: profile, oracle } = loadProfile()
const processor = makeProcessor(profile)
// this processor is the only writer of its tables and of its state schema: READ COMMITTED is
// enough and spares SERIALIZABLE's predicate locks (KUSAMA_ISOLATION_LEVEL overrides, for benchmarks)
const isolationLevel = (process.env.KUSAMA_ISOLATION_LEVEL ?? 'READ COMMITTED') as 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE'
const stateSchema = process.env.KUSAMA_STATE_SCHEMA ?? KUSAMA_STATE_SCHEMA
// indexerStatus and ksm_chain_stalled tell a silent endpoint (the SDK retries it forever, quietly)
startHeartbeat(processor, { chain: 'kusama', stateSchema, probeMethod: 'chain_getFinalizedHead' })

processor.run(
    // a second Substrate processor (Asset Hub beside the relay chain) needs its own state schema
    new TypeormDatabase({ supportHotBlocks: true, stateSchema, isolationLevel }),
    withChainClock('kusama', oracle.periodSeconds, makeHandler({
        chain: profile.kind === 'asset-hub' ? SubstrateChain.KUSAMA_ASSET_HUB : SubstrateChain.KUSAMA,
        pool: new PoolAccounts(profile),
    })),
)

