import { ClientBase } from 'pg'
import { readingJson, ReservesReaders } from './reserves-readings'

export interface RereadResult {
    readings: number
    mismatches: { id: string; stored: string; reread: string }[]
}

/**
 * `verify --reread`: every stored reserves reading read again from the chains at the same block
 * hash (an archive node answers the same for a finalized block forever) and compared byte for byte.
 */
export async function rereadReadings(db: ClientBase, readers: ReservesReaders): Promise<RereadResult> {
    const { rows } = await db.query(`SELECT id, chain, height, hash, (extract(epoch FROM "timestamp") * 1000)::int8 AS t, "values" FROM reserves_reading ORDER BY period, chain`)
    const mismatches: RereadResult['mismatches'] = []
    for (const r of rows) {
        const stored = JSON.parse(r.values)
        const at = { height: r.height, hash: r.hash, timestamp: Number(r.t), specVersion: stored.specVersion }
        const again = r.chain === 'kusama'
            ? readingJson(await readers.kusama.read(at, stored.accounts.map((a: { account: string }) => a.account)))
            : readingJson(await readers.ethereum.read(at))
        if (again !== r.values) mismatches.push({ id: r.id, stored: r.values, reread: again })
    }
    return { readings: rows.length, mismatches }
}
