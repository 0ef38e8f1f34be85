import { Query, Resolver } from 'type-graphql'
import { ETHEREUM_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../parts'
import { readHeartbeat } from '../db/processor-status'
import { watermarkOf } from '../oracle/shared-rules'
import { stallAfterMs, stallOf } from '../runtime/stall'
import { finalizedHeights, Tx } from './rows'
import { IndexerStatus } from './views'

const STATE_SCHEMAS = { kusama: KUSAMA_STATE_SCHEMA, ethereum: ETHEREUM_STATE_SCHEMA }

@Resolver()
export class StatusResolver {
    private stallAfter = stallAfterMs()

    constructor(private tx: Tx) {}

    @Query(() => IndexerStatus, { description: 'how far each chain is final in the database, whether its endpoint has stalled, and the common watermark' })
    async indexerStatus(): Promise<IndexerStatus> {
        const em = await this.tx()
        const heights = await finalizedHeights(em)
        const chains = []
        for (const chain of ['kusama', 'ethereum'] as const) {
            const [row] = await em.query('SELECT max("timestamp") AS t FROM chain_clock WHERE chain = $1 AND height <= $2', [chain, heights[chain]])
            chains.push({ chain, finalizedHeight: heights[chain], finalizedTime: row?.t ? new Date(row.t) : undefined, ...await this.stall(em, chain) })
        }
        const [k, e] = chains.map(c => c.finalizedTime?.getTime() ?? null)
        const w = watermarkOf(k, e)
        const [latest] = await em.query('SELECT id FROM period_report ORDER BY period DESC LIMIT 1')
        return { chains, watermark: w == null ? undefined : new Date(w), latestPeriod: latest?.id }
    }

    /** The chain's stall from its processor's heartbeat; no heartbeat (no processor ran yet): not stalled. */
    private async stall(em: { query(sql: string, params?: unknown[]): Promise<any[]> }, chain: 'kusama' | 'ethereum') {
        const beat = await readHeartbeat((sql, params) => em.query(sql, params), STATE_SCHEMAS[chain])
        if (!beat) return { stalled: false, stalledSince: undefined }
        const s = stallOf(beat.answeredAt ?? beat.startedAt, beat.now, this.stallAfter)
        return { stalled: s.stalled, stalledSince: s.stalledSince == null ? undefined : new Date(s.stalledSince) }
    }
}
