import { Client } from 'pg'
import { DbConnection, pgConfig } from '../db/connection'
import { pgRows, processedHeight } from '../db/processor-status'

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
    const client = new Client(pgConfig(db))
    await client.connect()
    try {
        for (;;) {
            opts.assertAlive?.()
            const lagging: string[] = []
            for (const t of targets) {
                const [done, want] = await Promise.all([processedHeight(pgRows(client), t.stateSchema), t.finalizedHeight()])
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
