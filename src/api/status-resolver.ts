import { Query, Resolver } from 'type-graphql'
import { ETHEREUM_STATE_SCHEMA, KUSAMA_ASSET_HUB_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../parts'
import { processedHeight, readHeartbeat } from '../db/processor-status'
import { kusamaTimeAcrossParts, watermarkOf } from '../oracle/shared-rules'
import { loadProfile } from '../config/profile'
import { stallAfterMs, stallOf } from '../runtime/stall'
import { finalizedHeights, Tx } from './rows'
import { ChainStatusView, IndexerStatus } from './views'

type StatusChain = 'kusama' | 'kusama-asset-hub' | 'ethereum'
const STATE_SCHEMAS: Record<StatusChain, string> = { kusama: KUSAMA_STATE_SCHEMA, 'kusama-asset-hub': KUSAMA_ASSET_HUB_STATE_SCHEMA, ethereum: ETHEREUM_STATE_SCHEMA }

/** a two-part profile's last relay block (SPEC §4.13), when this process has a profile */
function relayEndBlock(): number | undefined {
    try {
        const p = loadProfile()
        return p.kusamaAssetHub ? p.kusama.endBlock : undefined
    } catch {
        return undefined
    }
}

@Resolver()
export class StatusResolver {
    private stallAfter = stallAfterMs()
    private relayEnd = relayEndBlock()

    constructor(private tx: Tx) {}

    @Query(() => IndexerStatus, { description: 'how far each chain is final in the database, whether its endpoint has stalled, and the common watermark' })
    async indexerStatus(): Promise<IndexerStatus> {
        const em = await this.tx()
        const heights = await finalizedHeights(em)
        const parts: [StatusChain, number][] = [['kusama', heights.kusama], ['ethereum', heights.ethereum]]
        // the Asset Hub part of a two-part Kusama profile (SPEC §4.13), once its processor has run
        const ah = this.relayEnd == null ? -1 : await processedHeight((sql, params) => em.query(sql, params), KUSAMA_ASSET_HUB_STATE_SCHEMA)
        if (this.relayEnd != null) parts.splice(1, 0, ['kusama-asset-hub', ah])
        const chains: (ChainStatusView & { chain: StatusChain })[] = []
        for (const [chain, height] of parts) {
            const [row] = await em.query('SELECT max("timestamp") AS t FROM chain_clock WHERE chain = $1 AND height <= $2', [chain, height])
            chains.push({ chain, finalizedHeight: height, finalizedTime: row?.t ? new Date(row.t) : undefined, ...await this.stall(em, chain) })
        }
        const time = (c: StatusChain) => chains.find(x => x.chain === c)?.finalizedTime?.getTime() ?? null
        const k = this.relayEnd == null ? time('kusama')
            : kusamaTimeAcrossParts({ height: heights.kusama, time: time('kusama') }, { height: ah, time: time('kusama-asset-hub') }, this.relayEnd)
        const w = watermarkOf(k, time('ethereum'))
        const [latest] = await em.query('SELECT id FROM period_report ORDER BY period DESC LIMIT 1')
        return { chains, watermark: w == null ? undefined : new Date(w), latestPeriod: latest?.id }
    }

    /** The chain's stall from its processor's heartbeat; no heartbeat (no processor ran yet): not stalled. */
    private async stall(em: { query(sql: string, params?: unknown[]): Promise<any[]> }, chain: StatusChain) {
        const beat = await readHeartbeat((sql, params) => em.query(sql, params), STATE_SCHEMAS[chain])
        if (!beat) return { stalled: false, stalledSince: undefined }
        const s = stallOf(beat.answeredAt ?? beat.startedAt, beat.now, this.stallAfter)
        return { stalled: s.stalled, stalledSince: s.stalledSince == null ? undefined : new Date(s.stalledSince) }
    }
}
