/**
 * Entry point of the Ethereum processor (part `eth-processor`, lib/chains/ethereum/main.js):
 * indexes PolkadotPool and aKSMb of the profile into the Ethereum domain events and the share
 * ledger, state schema `eth_processor`, hot blocks on. Database from DB_*; profile from
 * SQUID_PROFILE / SQUID_PROFILE_NAME (see src/config/profile.ts).
 */
import { IsolationLevel, TypeormDatabase } from '@subsquid/typeorm-store'
import { loadProfile } from '../../config/profile'
import { ETHEREUM_STATE_SCHEMA } from '../../parts'
import { withChainClock } from '../common/chain-clock'
import { startHeartbeat } from '../common/heartbeat'
import { makeHandler, NO_METRICS } from './handler'
import { processorRegistry, registerMetrics } from './metrics'
import { makeProcessor } from './processor'

const { ethereum: profile, oracle } = loadProfile()
const processor = makeProcessor(profile)
const registry = processorRegistry(processor)
const metrics = registry ? registerMetrics(registry) : NO_METRICS
// one writer per state schema (the store's status nonce guards that), so READ COMMITTED is enough
// and readers (oracle, API) never make our transactions fail with serialization errors
const isolationLevel = (process.env.ETH_ISOLATION_LEVEL ?? 'READ COMMITTED') as IsolationLevel
if (!['READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'].includes(isolationLevel)) throw new Error(`ETH_ISOLATION_LEVEL: ${isolationLevel}?`)
// indexerStatus and ksm_chain_stalled tell a silent endpoint (the SDK retries it forever, quietly)
startHeartbeat(processor, { chain: 'ethereum', stateSchema: ETHEREUM_STATE_SCHEMA, probeMethod: 'eth_blockNumber' })

processor.run(
    new TypeormDatabase({ supportHotBlocks: true, stateSchema: ETHEREUM_STATE_SCHEMA, isolationLevel }),
    // the oracle reads how far this chain is final from the block times recorded with every batch
    withChainClock('ethereum', oracle.periodSeconds, makeHandler({ pool: profile.pool, bond: profile.bond, startBlock: profile.startBlock, metrics })),
)
