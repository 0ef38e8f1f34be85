import { ETHEREUM_STATE_SCHEMA, KUSAMA_ASSET_HUB_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../parts'

/**
 * The height a processor has made final in its state schema (typeorm-store's `status` table), or
 * -1 before its first batch. The table is looked up, never provoked as an error: inside a
 * transaction an error would abort it for every other statement.
 */
export type RowQuery = (sql: string, params?: unknown[]) => Promise<any[]>

/** A RowQuery over a node-postgres client or pool. */
export const pgRows = (db: { query(sql: string, params?: unknown[]): Promise<{ rows: any[] }> }): RowQuery =>
    (sql, params) => db.query(sql, params).then(r => r.rows)

export async function processedHeight(query: RowQuery, stateSchema: string): Promise<number> {
    if (!/^[a-z_][a-z0-9_]*$/.test(stateSchema)) throw new Error(`bad state schema name ${stateSchema}`)
    const [{ present }] = await query('SELECT to_regclass($1) IS NOT NULL AS present', [`"${stateSchema}".status`])
    if (!present) return -1
    const rows = await query(`SELECT height FROM "${stateSchema}".status WHERE id = 0`)
    return rows.length ? Number(rows[0].height) : -1
}

export interface FinalizedHeights {
    /** the relay chain's part (or Kusama's only part) */
    kusama: number
    /** Asset Hub's part of a two-part profile; Kusama's only part's height when there is no such processor */
    kusamaAssetHub: number
    ethereum: number
}

/** Every processor's finalized height. */
export async function finalizedHeights(query: RowQuery): Promise<FinalizedHeights> {
    const kusama = await processedHeight(query, KUSAMA_STATE_SCHEMA)
    const ah = await processedHeight(query, KUSAMA_ASSET_HUB_STATE_SCHEMA)
    return { kusama, kusamaAssetHub: ah >= 0 ? ah : kusama, ethereum: await processedHeight(query, ETHEREUM_STATE_SCHEMA) }
}

/**
 * SPEC §4.13: a Kusama row is final by its own part's height (its `chain` column). SQL for a row
 * alias, with the relay's and Asset Hub's heights as parameters $relay and $relay+1.
 */
export function kusamaFinalSql(alias: string, relayParam: number): string {
    return `${alias}.block_height <= (CASE ${alias}.chain WHEN 'KUSAMA_ASSET_HUB' THEN $${relayParam + 1}::int4 ELSE $${relayParam}::int4 END)`
}

/** The same rule for one row read already. */
export function isFinalKusamaRow(chain: string, height: number, h: FinalizedHeights): boolean {
    return height <= (chain === 'KUSAMA_ASSET_HUB' ? h.kusamaAssetHub : h.kusama)
}

/**
 * A processor's heartbeat, in its own state schema: `answered_at` is when its chain endpoint last
 * answered (null before the first answer), `started_at` when the processor first ran on this
 * database. Written by src/chains/common/heartbeat.ts, read by the API (rule: src/runtime/stall.ts).
 * Times are the database's clock, so writer and reader need not share a host clock.
 */
export interface Heartbeat {
    /** unix ms */
    startedAt: number
    answeredAt: number | null
    /** the database's clock when read */
    now: number
}

const schemaName = (stateSchema: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(stateSchema)) throw new Error(`bad state schema name ${stateSchema}`)
    return `"${stateSchema}"`
}

export async function readHeartbeat(query: RowQuery, stateSchema: string): Promise<Heartbeat | null> {
    const s = schemaName(stateSchema)
    const [{ present }] = await query('SELECT to_regclass($1) IS NOT NULL AS present', [`${s}.heartbeat`])
    if (!present) return null
    const [row] = await query(`SELECT started_at, answered_at, now() AS now FROM ${s}.heartbeat WHERE id = 0`)
    if (!row) return null
    return { startedAt: new Date(row.started_at).getTime(), answeredAt: row.answered_at ? new Date(row.answered_at).getTime() : null, now: new Date(row.now).getTime() }
}

/**
 * Creates the heartbeat row once the processor's store has created its state schema (creating the
 * schema ourselves would race the store's own CREATE SCHEMA IF NOT EXISTS); false until then.
 */
export async function ensureHeartbeat(query: RowQuery, stateSchema: string): Promise<boolean> {
    const s = schemaName(stateSchema)
    const [{ present }] = await query('SELECT to_regclass($1) IS NOT NULL AS present', [`${s}.status`])
    if (!present) return false
    await query(`CREATE TABLE IF NOT EXISTS ${s}.heartbeat (id int4 PRIMARY KEY, started_at timestamptz NOT NULL, answered_at timestamptz)`)
    await query(`INSERT INTO ${s}.heartbeat (id, started_at) VALUES (0, now()) ON CONFLICT (id) DO NOTHING`)
    return true
}

/** Records an answer `ageMs` ago (on the database's clock: its now() less the age the processor measured). */
export async function recordAnswer(query: RowQuery, stateSchema: string, ageMs: number): Promise<void> {
    await query(`UPDATE ${schemaName(stateSchema)}.heartbeat SET answered_at = now() - make_interval(secs => $1) WHERE id = 0`, [ageMs / 1000])
}
