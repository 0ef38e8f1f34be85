/**
 * The ceiling of the Kusama pipeline's SDK part (bench/kusama-ingest mode `sdk-floor`): the
 * product's processor exactly as configured (fetch, pre-filter, coalescing, state schema, hot
 * blocks) with a handler that maps and writes nothing. Whatever it cannot beat, no handler can.
 * Runs through ts-node (its start-up is slower: compare its steady rate).
 */
import { TypeormDatabase } from '@subsquid/typeorm-store'
import { makeProcessor } from '../../src/chains/kusama/processor'
import { loadProfile } from '../../src/config/profile'
import { KUSAMA_STATE_SCHEMA } from '../../src/parts'

const processor = makeProcessor(loadProfile().kusama)
processor.run(new TypeormDatabase({ supportHotBlocks: true, stateSchema: KUSAMA_STATE_SCHEMA, isolationLevel: 'READ COMMITTED' }), async () => {})
