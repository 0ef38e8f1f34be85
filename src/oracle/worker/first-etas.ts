import { ClientBase } from 'pg'
import { QueueRequest } from '../core'

/**
 * The ETA each unstake request was first shown with (dashboard's ETA accuracy, issue 16): an
 * observation of what users saw, so it is kept while later passes move `eta`, and it is read back
 * from the table when a restarted worker rewrites the live queue whole. It depends on when passes
 * ran, so it is not part of any report (a policy recompute starts these observations afresh).
 */
export interface FirstEta {
    firstEta: number | null
    firstEtaWatermark: number | null
}

const NONE: FirstEta = { firstEta: null, firstEtaWatermark: null }

export class FirstEtas {
    private seen = new Map<string, FirstEta>()
    private loaded = false

    /** reads the stored observations once per process (or after a reset) */
    async load(db: ClientBase): Promise<void> {
        if (this.loaded) return
        const res = await db.query(`SELECT id, (extract(epoch FROM first_eta) * 1000)::int8 AS eta,
            (extract(epoch FROM first_eta_watermark) * 1000)::int8 AS at FROM unstake_request WHERE first_eta IS NOT NULL`)
        this.seen = new Map(res.rows.map(r => [r.id as string, { firstEta: Number(r.eta), firstEtaWatermark: Number(r.at) }]))
        this.loaded = true
    }

    /** records the ETA of every request shown for the first time at `watermark` */
    observe(requests: readonly QueueRequest[], watermark: number): void {
        for (const r of requests) {
            if (r.eta != null && !this.seen.has(r.id)) this.seen.set(r.id, { firstEta: r.eta, firstEtaWatermark: watermark })
        }
    }

    of(id: string): FirstEta {
        return this.seen.get(id) ?? NONE
    }

    reset(): void {
        this.loaded = false
    }
}
