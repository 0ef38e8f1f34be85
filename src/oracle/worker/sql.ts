import { ClientBase } from 'pg'

/**
 * Multi-row INSERTs in chunks: one round trip per few thousand rows, never one per row.
 * Column names are the model's snake_case names (typeorm SnakeNamingStrategy).
 */
export async function insertRows(db: ClientBase, table: string, columns: string[], rows: unknown[][], chunk = 2000): Promise<void> {
    const cols = columns.map(c => `"${c}"`).join(', ')
    for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk)
        const params: unknown[] = []
        const tuples = part.map(r => {
            if (r.length !== columns.length) throw new Error(`${table}: row has ${r.length} values for ${columns.length} columns`)
            const ph = r.map(v => {
                params.push(typeof v === 'bigint' ? v.toString() : v)
                return `$${params.length}`
            })
            return `(${ph.join(', ')})`
        })
        await db.query(`INSERT INTO "${table}" (${cols}) VALUES ${tuples.join(', ')}`, params)
    }
}

export async function inTransaction<T>(db: ClientBase, fn: () => Promise<T>): Promise<T> {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ')
    try {
        const result = await fn()
        await db.query('COMMIT')
        return result
    } catch (e) {
        await db.query('ROLLBACK').catch(() => {})
        throw e
    }
}
