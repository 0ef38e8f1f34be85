import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { Client } from 'pg'
import { pgConfig } from '../../src/db/connection'
import { EmbeddedPostgresServer } from '../../src/db/embedded'
import { applyMigrations } from '../../src/db/migrate'

/** A private embedded Postgres with one database carrying the product's schema, for one test file. */
export interface TestDatabase {
    client: Client
    stop(): Promise<void>
}

export async function startTestDatabase(name: string): Promise<TestDatabase> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ksm-${name}-`))
    // the postgres OS user (under root) must reach the data directory
    fs.chmodSync(dir, 0o755)
    const pg = await EmbeddedPostgresServer.start({ dataRoot: path.join(dir, 'pg') })
    const c = await pg.recreateDatabase(name.replace(/-/g, '_'))
    await applyMigrations(c)
    const client = new Client(pgConfig(c))
    await client.connect()
    return {
        client,
        async stop() {
            await client.end()
            await pg.stop()
            fs.rmSync(dir, { recursive: true, force: true })
        },
    }
}
