/**
 * The JSON bulk writes both processors use for finalized batches (src/db/json-insert.ts through
 * src/chains/common/bulk-write.ts), on a real Postgres with the product's schema: values survive
 * exactly (bigint beyond 2^64, dates, nulls), upserts replace whole rows by id, and a statement
 * that breaks a constraint fails loudly instead of dropping rows.
 */
import { Client } from 'pg'
import { startTestDatabase, TestDatabase } from '../support/database'
import { insertJson } from '../../src/db/json-insert'

let testDb: TestDatabase
let db: Client

beforeAll(async () => {
    testDb = await startTestDatabase('json-insert')
    db = testDb.client
})

afterAll(async () => {
    await testDb?.stop()
})

const query = (sql: string, params: unknown[]) => db.query(sql, params)
const holders = async () => (await db.query('SELECT id, shares::text AS shares, updated_at_block FROM bond_holder ORDER BY id')).rows

describe('JSON bulk writes', () => {
    it('inserts, then upserts by id: new ids added, existing rows replaced whole', async () => {
        const big = 2n ** 70n + 1n
        await insertJson(query, 'bond_holder', ['id', 'shares', 'updated_at_block'], [
            { id: '0xa', shares: 5n, updated_at_block: 1 },
            { id: '0xb', shares: big, updated_at_block: 1 },
        ])
        expect(await holders()).toEqual([
            { id: '0xa', shares: '5', updated_at_block: 1 },
            { id: '0xb', shares: big.toString(), updated_at_block: 1 },
        ])
        await insertJson(query, 'bond_holder', ['id', 'shares', 'updated_at_block'], [
            { id: '0xb', shares: 0n, updated_at_block: 9 },
            { id: '0xc', shares: 7n, updated_at_block: 9 },
        ], 'id')
        expect(await holders()).toEqual([
            { id: '0xa', shares: '5', updated_at_block: 1 },
            { id: '0xb', shares: '0', updated_at_block: 9 },
            { id: '0xc', shares: '7', updated_at_block: 9 },
        ])
    })

    it('fails the whole statement on a duplicate id without a conflict key (no row silently lost)', async () => {
        await expect(insertJson(query, 'bond_holder', ['id', 'shares', 'updated_at_block'], [
            { id: '0xd', shares: 1n, updated_at_block: 2 },
            { id: '0xa', shares: 1n, updated_at_block: 2 },
        ])).rejects.toThrow(/duplicate key/)
        expect((await holders()).map(h => h.id)).toEqual(['0xa', '0xb', '0xc'])
    })

    it('keeps dates and nulls, in a schema-qualified table', async () => {
        await db.query('CREATE SCHEMA IF NOT EXISTS s; CREATE TABLE s.t (id text PRIMARY KEY, at timestamptz, n numeric)')
        const at = new Date(Date.UTC(2026, 0, 5, 6, 0, 0, 123))
        await insertJson(query, 's.t', ['id', 'at', 'n'], [{ id: 'x', at, n: null }, { id: 'y', at: undefined, n: -3n }])
        const rows = (await db.query('SELECT id, at, n::text AS n FROM s.t ORDER BY id')).rows
        expect(rows).toEqual([{ id: 'x', at, n: null }, { id: 'y', at: null, n: '-3' }])
    })
})
