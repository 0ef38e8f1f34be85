/**
 * Writes of finalized batches without TypeORM's per-row query building (a large share of both
 * processors' CPU in the ingest benchmarks, BENCHMARKS.md): one
 * `INSERT ... SELECT FROM json_populate_recordset` per entity type, the rows travelling as a
 * single JSON parameter; upserts add `ON CONFLICT (id) DO UPDATE`.
 *
 * Only where typeorm-store tracks no changes (finalized blocks). For hot blocks the store records
 * every write for rollback, so those go through `store.insert`/`store.upsert`, in chunks of
 * TRACKED_CHUNK rows. FAST_INSERT=0 sends everything through the store (benchmarks' SDK-defaults mode).
 */
import type { Store } from '@subsquid/typeorm-store'
import { insertJson, jsonValue } from '../../db/json-insert'

interface TableInfo { table: string; properties: string[]; columns: string[] }
const tables = new Map<Function, TableInfo>()

/**
 * Rows per statement through the store. typeorm's query builder costs grow faster than linearly
 * with the parameters of one statement (the store's own chunks are 1000 rows ≈ 13,000 parameters,
 * where building the SQL took more CPU than Postgres took to run it); see BENCHMARKS.md for the chunk size.
 */
export const TRACKED_CHUNK = 250

function untracked(store: Store): boolean {
    if (process.env.FAST_INSERT === '0') return false
    // typeorm-store 1.5: Store(em, changes) keeps `changes` (a ChangeTracker) only in hot transactions
    return Object.prototype.hasOwnProperty.call(store, 'changes') && (store as any).changes === undefined
}

function tableOf(em: any, cls: Function): TableInfo {
    let t = tables.get(cls)
    if (!t) {
        const m = em.connection.getMetadata(cls)
        t = {
            table: m.tablePath as string,
            properties: m.columns.map((c: any) => c.propertyName as string),
            columns: m.columns.map((c: any) => c.databaseName as string),
        }
        tables.set(cls, t)
    }
    return t
}

async function bulkWrite<E extends { id: string }>(store: Store, entities: E[], upsert: boolean): Promise<void> {
    if (entities.length === 0) return
    if (!untracked(store)) {
        for (let i = 0; i < entities.length; i += TRACKED_CHUNK) {
            const chunk = entities.length <= TRACKED_CHUNK ? entities : entities.slice(i, i + TRACKED_CHUNK)
            if (upsert) await store.upsert(chunk)
            else await store.insert(chunk)
        }
        return
    }
    const em = (store as any).em()
    const t = tableOf(em, entities[0].constructor)
    const rows = entities.map(e => {
        const o: Record<string, unknown> = {}
        for (let i = 0; i < t.columns.length; i++) o[t.columns[i]] = jsonValue((e as any)[t.properties[i]])
        return o
    })
    await insertJson((sql, params) => em.query(sql, params), t.table, t.columns, rows, upsert ? 'id' : undefined)
}

/** Inserts new rows (one statement per 20,000 in finalized batches). */
export function insertMany<E extends { id: string }>(store: Store, entities: E[]): Promise<void> {
    return bulkWrite(store, entities, false)
}

/** Inserts or replaces rows by id; `entities` must not repeat an id. */
export function upsertMany<E extends { id: string }>(store: Store, entities: E[]): Promise<void> {
    return bulkWrite(store, entities, true)
}
