import { spawnSync } from 'child_process'
import * as fs from 'fs'
import * as path from 'path'
import { EmbeddedPostgresServer, projectDir } from '../db/embedded'
import { connectionEnv } from '../db/connection'
import { applyMigrations } from '../db/migrate'

/**
 * Developer commands for the schema:
 *   node lib/cli/db.js generate   diff lib/model against a database with db/migrations applied, write a new migration
 */
function hasGeneratedMigration(): boolean {
    return fs.readdirSync(path.join(projectDir(), 'db/migrations')).some(f => f.endsWith('-Data.js'))
}

async function main(command: string | undefined) {
    if (command !== 'generate') {
        console.error('usage: node lib/cli/db.js generate')
        process.exit(2)
    }
    const pg = await EmbeddedPostgresServer.start()
    try {
        const conn = await pg.recreateDatabase('schema_diff')
        // `npm run schema` deletes the generated migration to regenerate it whole: the hand-written ones
        // (indexes on expressions, far-future timestamps) cannot be applied to tables not created yet
        if (hasGeneratedMigration()) await applyMigrations(conn)
        const bin = path.join(projectDir(), 'node_modules/.bin/squid-typeorm-migration')
        const res = spawnSync(bin, ['generate'], {
            cwd: projectDir(), env: { ...process.env, ...connectionEnv(conn) }, encoding: 'utf8',
        })
        process.stdout.write(res.stdout)
        process.stderr.write(res.stderr)
        if (res.status !== 0) process.exitCode = res.status ?? 1
    } finally {
        await pg.stop()
    }
}

main(process.argv[2]).catch(e => {
    console.error(e)
    process.exit(1)
})
