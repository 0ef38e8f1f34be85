import { ETHEREUM_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../parts'

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

/** Both processors' finalized heights. */
export async function finalizedHeights(query: RowQuery): Promise<{ kusama: number; ethereum: number }> {
    return { kusama: await processedHeight(query, KUSAMA_STATE_SCHEMA), ethereum: await processedHeight(query, ETHEREUM_STATE_SCHEMA) }
}
