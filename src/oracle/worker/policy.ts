import { ClientBase } from 'pg'
import { CoreSettings, serializeSettings } from '../core'
import { inTransaction } from './sql'

/** Every table the oracle worker derives from the finalized events (and nothing the processors or the notary write). */
export const DERIVED_TABLES = ['period_report', 'queue_report', 'unstake_request', 'outflow_allocation', 'unmatched_outflow', 'deposit_outcome']

export type PolicyChange = { changed: false } | { changed: true; from: string; to: string }

/**
 * Makes the stored oracle tables match `settings`: on the first start it records them; when the
 * profile's settings differ from the ones the tables were computed with (a new minStake, fee, ...),
 * it empties every derived table in one transaction, so the worker recomputes them from the
 * finalized events. The processors' rows are facts and stay: a policy change is never a re-index.
 */
export async function applyPolicy(db: ClientBase, settings: CoreSettings, now: Date): Promise<PolicyChange> {
    const next = serializeSettings(settings)
    return inTransaction(db, async () => {
        const { rows: [row] } = await db.query(`SELECT settings FROM oracle_policy WHERE id = 'core' FOR UPDATE`)
        if (row?.settings === next) return { changed: false }
        if (row != null) for (const t of DERIVED_TABLES) await db.query(`DELETE FROM "${t}"`)
        await db.query(
            `INSERT INTO oracle_policy (id, settings, applied_at) VALUES ('core', $1, $2)
             ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, applied_at = EXCLUDED.applied_at`, [next, now])
        return row == null ? { changed: false } : { changed: true, from: row.settings, to: next }
    })
}
