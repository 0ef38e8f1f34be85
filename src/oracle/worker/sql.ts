import { ClientBase } from 'pg'

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
