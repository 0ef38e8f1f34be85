/**
 * Rows of a model entity (src/model, generated from schema.graphql) built from its decorators'
 * metadata, so a writer outside typeorm-store (the oracle worker on plain `pg`) lists no column by
 * hand: adding a field to schema.graphql and to the object written is the whole change.
 */
import { SnakeNamingStrategy } from '@subsquid/typeorm-config/lib/namingStrategy'
import { ClientBase } from 'pg'
import { getMetadataArgsStorage } from 'typeorm'
import { insertJson } from './json-insert'

export interface EntityColumn {
    readonly property: string
    readonly column: string
    readonly nullable: boolean
    readonly time: boolean
}

export interface EntityTable {
    readonly table: string
    readonly columns: readonly EntityColumn[]
}

const naming = new SnakeNamingStrategy()
const cache = new Map<Function, EntityTable>()

export function entityTable(cls: Function): EntityTable {
    let t = cache.get(cls)
    if (t) return t
    const args = getMetadataArgsStorage()
    const entity = args.tables.find(x => x.target === cls)
    if (!entity) throw new Error(`${cls.name} is not a model entity (src/model)`)
    const columns = args.columns.filter(c => c.target === cls).map(c => ({
        property: c.propertyName,
        column: naming.columnName(c.propertyName, c.options.name, []),
        nullable: c.options.nullable === true,
        time: c.options.type === 'timestamp with time zone',
    }))
    t = { table: naming.tableName(cls.name, entity.name), columns }
    cache.set(cls, t)
    return t
}

/** An object keyed by property → a row keyed by column: ms timestamps become Dates; a missing non-null value throws. */
export function entityRow(t: EntityTable, o: Record<string, unknown>): Record<string, unknown> {
    const row: Record<string, unknown> = {}
    for (const c of t.columns) {
        let v = o[c.property]
        if (v === undefined || v === null) {
            if (!c.nullable) throw new Error(`${t.table}.${c.column}: no value for the non-null field ${c.property}`)
            v = null
        } else if (c.time && typeof v === 'number') {
            v = new Date(v)
        }
        row[c.column] = v
    }
    return row
}

/** Inserts objects (keyed by the entity's property names) into the entity's table, one statement. */
export async function insertEntities(db: ClientBase, cls: Function, objects: readonly Record<string, unknown>[]): Promise<void> {
    await writeEntities(db, cls, objects, undefined)
}

/** Inserts or replaces (by id) objects keyed by the entity's property names; `objects` must not repeat an id. */
export async function upsertEntities(db: ClientBase, cls: Function, objects: readonly Record<string, unknown>[]): Promise<void> {
    await writeEntities(db, cls, objects, 'id')
}

async function writeEntities(db: ClientBase, cls: Function, objects: readonly Record<string, unknown>[], conflictKey: string | undefined): Promise<void> {
    const t = entityTable(cls)
    const rows = objects.map(o => entityRow(t, o))
    await insertJson((sql, params) => db.query(sql, params), t.table, t.columns.map(c => c.column), rows, conflictKey)
}
