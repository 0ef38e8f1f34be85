import { ClientBase } from 'pg'
import { ETHEREUM_STATE_SCHEMA, KUSAMA_ASSET_HUB_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../../parts'
import { pgRows, processedHeight } from '../../db/processor-status'
import { kusamaTimeAcrossParts, watermarkOf } from '../shared-rules'

/**
 * How far each chain is final in the database: the processor's finalized height (its state
 * schema's status) and the time of that head, read from the chain clock rows the processors write
 * (never later than the truth, exact at period boundaries: see src/chains/common/chain-clock.ts).
 * The common watermark is the earlier of the two times (SPEC §4.2).
 *
 * Kusama in two parts (SPEC §4.13: the relay chain's history, then Asset Hub): each part has its
 * processor, state schema and clock rows (chain `kusama` and `kusama-asset-hub`), and rows are final
 * by their own part's height. Kusama's time is the relay's until the relay part is final up to its
 * last block (`relayEndBlock`), then Asset Hub's: a period is never closed on Asset Hub's time while
 * relay rows before it may still come.
 */
export interface ChainFinality {
    height: number
    /** unix ms, null before the processor has finalized anything */
    time: number | null
}

export interface Finality {
    /** the relay chain's part (the only Kusama part of a one-part profile); `time` is Kusama's time */
    kusama: ChainFinality
    /** the Asset Hub part of a two-part profile: height -1 while its processor has not run */
    assetHub?: ChainFinality
    ethereum: ChainFinality
    /** min of both times; null until both chains have a finalized head */
    watermark: number | null
}

export interface FinalityOptions {
    /** a two-part profile's last relay block (SPEC §4.13); absent: Kusama is one part */
    relayEndBlock?: number
}

type ClockChain = 'kusama' | 'kusama-asset-hub' | 'ethereum'

async function chainFinality(db: ClientBase, chain: ClockChain, stateSchema: string): Promise<ChainFinality> {
    const height = await processedHeight(pgRows(db), stateSchema)
    const res = await db.query(
        'SELECT max("timestamp") AS t FROM chain_clock WHERE chain = $1 AND height <= $2', [chain, height])
    const t = res.rows[0]?.t
    return { height, time: t == null ? null : new Date(t).getTime() }
}

export async function readFinality(db: ClientBase, opts: FinalityOptions = {}): Promise<Finality> {
    const relay = await chainFinality(db, 'kusama', KUSAMA_STATE_SCHEMA)
    const ethereum = await chainFinality(db, 'ethereum', ETHEREUM_STATE_SCHEMA)
    if (opts.relayEndBlock == null) return { kusama: relay, ethereum, watermark: watermarkOf(relay.time, ethereum.time) }
    const assetHub = await chainFinality(db, 'kusama-asset-hub', KUSAMA_ASSET_HUB_STATE_SCHEMA)
    const kusama = { height: relay.height, time: kusamaTimeAcrossParts(relay, assetHub, opts.relayEndBlock) }
    return { kusama, assetHub, ethereum, watermark: watermarkOf(kusama.time, ethereum.time) }
}

