import { ClientBase } from 'pg'
import { createHash } from 'crypto'
import { accountStorageOf } from './reserves-readings'
import { MigrationSnapshotFact } from '../core'

/**
 * The Asset Hub part's migration snapshot (SPEC §4.13), as the core reads it: the decoded values of
 * the stored reading, its digest over the stored bytes. It is used only by the report of the period
 * that holds it, which closes once Kusama's finalized time has passed that period's end: the
 * snapshot's block is final by then (a hot one rolled back would have been written again).
 */
export async function loadMigrationSnapshot(db: ClientBase): Promise<MigrationSnapshotFact | undefined> {
    const { rows: [r] } = await db.query(`SELECT "values", (extract(epoch FROM "timestamp") * 1000)::int8 AS t FROM migration_snapshot WHERE id = 'asset-hub'`)
    if (r == null) return undefined
    const v = JSON.parse(r.values)
    return {
        timestamp: Number(r.t), height: v.height, hash: v.hash, accounts: v.accounts.map(accountStorageOf),
        digest: createHash('sha256').update(r.values, 'utf8').digest('hex'),
    }
}
