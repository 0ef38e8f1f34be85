import { ClientBase } from 'pg'
import { FinalityOptions, readFinality } from './finality'

/**
 * null once the oracle worker has brought the live queue to the watermark that both processors'
 * finalized heads give now (and so closed every period before it); otherwise why not yet.
 */
export async function oracleAtWatermark(db: ClientBase, opts: FinalityOptions = {}): Promise<string | null> {
    const { watermark } = await readFinality(db, opts)
    if (watermark == null) return null
    let res
    try {
        res = await db.query(`SELECT watermark FROM queue_report WHERE id = 'live'`)
    } catch (e: any) {
        if (e.code === '42P01') return 'oracle-worker: no queue_report table yet'
        throw e
    }
    const at = res.rows[0]?.watermark == null ? null : new Date(res.rows[0].watermark).getTime()
    return at !== null && at >= watermark ? null : `oracle-worker at ${at == null ? 'nothing' : new Date(at).toISOString()} of ${new Date(watermark).toISOString()}`
}
