import { Client } from 'pg'
import { DbConnection } from '../db/connection'

/**
 * The height a processor has made final in its state schema (typeorm-store's `status` table),
 * or -1 before its first batch.
 */
export async function processedHeight(client: Client, stateSchema: string): Promise<number> {
    if (!/^[a-z_][a-z0-9_]*$/.test(stateSchema)) throw new Error(`bad state schema name ${stateSchema}`)
    try {
        const res = await client.query(`SELECT height FROM "${stateSchema}".status WHERE id = 0`)
        return res.rows.length ? Number(res.rows[0].height) : -1
    } catch (e: any) {
        if (e.code === '42P01' || e.code === '3F000') return -1 // schema or table not created yet
        throw e
    }
}

export interface CatchUpTarget {
    name: string
    stateSchema: string
    /** the chain's finalized height right now */
    finalizedHeight: () => Promise<number>
}

/**
 * Polls until every target's processed height reaches its finalized height, then until every
 * `after` condition holds (e.g. the oracle has reached the watermark those heights give), or
 * fails naming who lags.
 */
export async function waitForCatchUp(
    db: DbConnection,
    targets: CatchUpTarget[],
    opts: { timeoutMs?: number; pollMs?: number; assertAlive?: () => void; after?: ((c: Client) => Promise<string | null>)[] } = {},
): Promise<void> {
    const deadline = Date.now() + (opts.timeoutMs ?? 180_000)
    const client = new Client({ host: db.host, port: db.port, database: db.database, user: db.user, password: db.password })
    await client.connect()
    try {
        for (;;) {
            opts.assertAlive?.()
            const lagging: string[] = []
            for (const t of targets) {
                const [done, want] = await Promise.all([processedHeight(client, t.stateSchema), t.finalizedHeight()])
                if (done < want) lagging.push(`${t.name} at ${done} of ${want}`)
            }
            if (lagging.length === 0) {
                for (const check of opts.after ?? []) {
                    const why = await check(client)
                    if (why) lagging.push(why)
                }
                if (lagging.length === 0) return
            }
            if (Date.now() > deadline) throw new Error(`timed out waiting for the product to catch up: ${lagging.join(', ')}`)
            await new Promise(r => setTimeout(r, opts.pollMs ?? 100))
        }
    } finally {
        await client.end()
    }
}
