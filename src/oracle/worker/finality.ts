import { ClientBase } from 'pg'
import { ETHEREUM_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../../parts'
import { pgRows, processedHeight } from '../../db/processor-status'
import { watermarkOf } from '../shared-rules'

/**
 * How far each chain is final in the database: the processor's finalized height (its state
 * schema's status) and the time of that head, read from the chain clock rows the processors write
 * (never later than the truth, exact at period boundaries: see src/chains/common/chain-clock.ts).
 * The common watermark is the earlier of the two times (SPEC §4.2).
 */
export interface ChainFinality {
    height: number
    /** unix ms, null before the processor has finalized anything */
    time: number | null
}

export interface Finality {
    kusama: ChainFinality
    ethereum: ChainFinality
    /** min of both times; null until both chains have a finalized head */
    watermark: number | null
}

async function chainFinality(db: ClientBase, chain: 'kusama' | 'ethereum', stateSchema: string): Promise<ChainFinality> {
    const height = await processedHeight(pgRows(db), stateSchema)
    const res = await db.query(
        'SELECT max("timestamp") AS t FROM chain_clock WHERE chain = $1 AND height <= $2', [chain, height])
    const t = res.rows[0]?.t
    return { height, time: t == null ? null : new Date(t).getTime() }
}

export async function readFinality(db: ClientBase): Promise<Finality> {
    const kusama = await chainFinality(db, 'kusama', KUSAMA_STATE_SCHEMA)
    const ethereum = await chainFinality(db, 'ethereum', ETHEREUM_STATE_SCHEMA)
    const watermark = watermarkOf(kusama.time, ethereum.time)
    return { kusama, ethereum, watermark }
}
