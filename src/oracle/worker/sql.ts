import { ClientBase } from 'pg'

import { insertJson } from '../../db/json-insert'

/** Inserts rows given as value arrays in `columns` order (the model's snake_case column names). */
export async function insertRows(db: ClientBase, table: string, columns: string[], rows: unknown[][]): Promise<void> {
    const objects = rows.map(r => {
        if (r.length !== columns.length) throw new Error(`${table}: row has ${r.length} values for ${columns.length} columns`)
        const o: Record<string, unknown> = {}
        columns.forEach((c, i) => { o[c] = r[i] })
        return o
    })
    await insertJson((sql, params) => db.query(sql, params), table, columns, objects)
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
