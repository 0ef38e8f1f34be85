/**
 * Inserts of finalized batches without TypeORM's per-row query building (which took a quarter of
 * the processor's CPU in bench/kusama-ingest): one `INSERT ... SELECT FROM json_populate_recordset`
 * per entity type, the rows travelling as a single JSON parameter.
 *
 * Only where typeorm-store tracks no changes (finalized blocks). For hot blocks the store records
 * every insert for rollback, so those go through `store.insert`. KUSAMA_FAST_INSERT=0 turns it off.
 */
import type { Store } from '@subsquid/typeorm-store'
import { insertJson, jsonValue } from '../../db/json-insert'

interface ColumnInfo { property: string; column: string }
const columnsCache = new Map<Function, { table: string; columns: ColumnInfo[] }>()

const enabled = process.env.KUSAMA_FAST_INSERT !== '0'

function untracked(store: Store): boolean {
    if (!enabled) return false
    // typeorm-store 1.5: Store(em, changes) keeps `changes` (a ChangeTracker) only in hot transactions
    return Object.prototype.hasOwnProperty.call(store, 'changes') && (store as any).changes === undefined
}

export async function insertMany<E extends { id: string }>(store: Store, entities: E[]): Promise<void> {
    if (entities.length === 0) return
    if (!untracked(store)) return store.insert(entities)
    const em = (store as any).em()
    const cls = entities[0].constructor
    let meta = columnsCache.get(cls)
    if (!meta) {
        const m = em.connection.getMetadata(cls)
        meta = {
            table: m.tablePath as string,
            columns: m.columns.map((c: any) => ({ property: c.propertyName as string, column: c.databaseName as string })),
        }
        columnsCache.set(cls, meta)
    }
    const rows = entities.map(e => {
        const o: Record<string, unknown> = {}
        for (const c of meta!.columns) o[c.column] = jsonValue((e as any)[c.property])
        return o
    })
    await insertJson((sql, params) => em.query(sql, params), meta.table, meta.columns.map(c => c.column), rows)
}
