import { ClientBase } from 'pg'
import { KusamaStorageReader } from '../../chains/kusama/storage/reserves-reads'
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
            ? readingJson(await (await kusamaReaderOf(db, readers, r.hash)).read(at, stored.accounts.map((a: { account: string }) => a.account)))
            : readingJson(await readers.ethereum.read(at))
        if (again !== r.values) mismatches.push({ id: r.id, stored: r.values, reread: again })
    }
    return { readings: rows.length, mismatches }
}

/**
 * A Kusama reading was taken on the relay chain or on Asset Hub (SPEC §4.13), whichever part held the
 * period's end; the clock rows know which part a block hash belongs to, so it is read again there.
 */
async function kusamaReaderOf(db: ClientBase, readers: ReservesReaders, hash: string): Promise<KusamaStorageReader> {
    const { rows } = await db.query(`SELECT chain FROM chain_clock WHERE hash = $1 AND chain IN ('kusama', 'kusama-asset-hub') LIMIT 1`, [hash])
    if (rows[0]?.chain !== 'kusama-asset-hub') return readers.kusama
    if (!readers.kusamaAssetHub) {
        throw new Error(`verify --reread: reading at Asset Hub block ${hash} needs the Asset Hub endpoint (kusama.assetHub.rpc in the profile, or KUSAMA_ASSET_HUB_RPC)`)
    }
    return readers.kusamaAssetHub
}
