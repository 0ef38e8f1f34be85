import { DataSource } from 'typeorm'
import { createOrmConfig } from '@subsquid/typeorm-config'
import { DbConnection, pgConfig } from './connection'
import { projectDir } from './embedded'

/** Applies db/migrations (compiled .js, Subsquid layout) to the given database; returns the names applied. */
export async function applyMigrations(c: DbConnection): Promise<string[]> {
    const { user, ...pg } = pgConfig(c)
    const ds = new DataSource({ ...createOrmConfig({ projectDir: projectDir() }), ...pg, username: user } as any)
    await ds.initialize()
    try {
        const applied = await ds.runMigrations({ transaction: 'all' })
        return applied.map(m => m.name)
    } finally {
        await ds.destroy()
    }
}
