import { Query, Resolver } from 'type-graphql'
import { watermarkOf } from '../oracle/shared-rules'
import { finalizedHeights, Tx } from './rows'
import { IndexerStatus } from './views'

@Resolver()
export class StatusResolver {
    constructor(private tx: Tx) {}

    @Query(() => IndexerStatus, { description: 'how far each chain is final in the database, and the common watermark' })
    async indexerStatus(): Promise<IndexerStatus> {
        const em = await this.tx()
        const heights = await finalizedHeights(em)
        const chains = []
        for (const chain of ['kusama', 'ethereum'] as const) {
            const [row] = await em.query('SELECT max("timestamp") AS t FROM chain_clock WHERE chain = $1 AND height <= $2', [chain, heights[chain]])
            chains.push({ chain, finalizedHeight: heights[chain], finalizedTime: row?.t ? new Date(row.t) : undefined })
        }
        const [k, e] = chains.map(c => c.finalizedTime?.getTime() ?? null)
        const w = watermarkOf(k, e)
        const [latest] = await em.query('SELECT id FROM period_report ORDER BY period DESC LIMIT 1')
        return { chains, watermark: w == null ? undefined : new Date(w), latestPeriod: latest?.id }
    }
}
