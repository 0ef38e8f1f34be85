/**
 * Bulk inserts as `INSERT ... SELECT FROM json_populate_recordset`: the rows travel as one JSON
 * parameter, so neither typeorm's per-row query building nor thousands of bind parameters cost
 * anything. Values: bigint as decimal strings, Date as ISO-8601, objects/arrays as JSON (jsonb columns).
 */
export type Query = (sql: string, params: unknown[]) => Promise<unknown>

const CHUNK = 20_000

export function jsonValue(v: unknown): unknown {
    if (typeof v === 'bigint') return v.toString()
    if (v instanceof Date) return v.toISOString()
    return v === undefined ? null : v
}

/**
 * `table` may be schema-qualified (`a.b`); `rows` are objects keyed by column name. With
 * `conflictKey`, a row whose key exists replaces it (the key must not repeat within `rows`).
 */
export async function insertJson(query: Query, table: string, columns: string[], rows: Record<string, unknown>[], conflictKey?: string): Promise<void> {
    if (rows.length === 0) return
    const cols = columns.map(c => `"${c}"`).join(', ')
    const t = table.split('.').map(s => `"${s}"`).join('.')
    const onConflict = conflictKey == null ? '' : ` ON CONFLICT ("${conflictKey}") DO UPDATE SET ` +
        columns.filter(c => c !== conflictKey).map(c => `"${c}" = EXCLUDED."${c}"`).join(', ')
    for (let i = 0; i < rows.length; i += CHUNK) {
        await query(`INSERT INTO ${t} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${t}, $1::json)${onConflict}`,
            [JSON.stringify(rows.slice(i, i + CHUNK), (_k, v) => jsonValue(v))])
    }
}
