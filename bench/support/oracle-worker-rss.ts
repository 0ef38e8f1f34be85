import { execFile } from 'child_process'
import * as path from 'path'
import { DbConnection } from '../../src/db/connection'

/**
 * The oracle worker's own peak RSS: one pass of the compiled worker (lib/oracle/worker, as
 * lib/oracle/main.js runs it, with the worker part's node flags from src/parts.ts) in a child
 * process on the bench's database, so the bench's generator, its chains and the recompute are not
 * counted. The pass is a just-restarted worker's: it reads the whole history, the worker's peak.
 * Proof of reserves is off in the child (ORACLE_RESERVES=0 in production terms): the period it
 * closes must have no readings to take, so the caller gives it a period whose readings are stored.
 */
const ROOT = path.resolve(__dirname, '../..')

const CHILD = `
const { Client } = require('pg')
const { pgConfig } = require('./lib/db/connection')
const { closePeriods } = require('./lib/oracle/worker/worker')
const { DEFAULT_CORE_SETTINGS } = require('./lib/oracle/core')
;(async () => {
    const { conn, poolAccounts } = JSON.parse(process.env.BENCH_WORKER)
    const db = new Client(pgConfig(conn))
    await db.connect()
    const t = performance.now()
    const p = await closePeriods(db, { settings: DEFAULT_CORE_SETTINGS, liquidity: { poolAccounts } })
    const ms = performance.now() - t
    await db.end()
    // what the pass leaves reachable (the live queue it returns and what it keeps), after a full collection
    const live = p.live && p.live.requests.length
    global.gc && global.gc()
    const heapAfterMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20)
    console.log(JSON.stringify({ ms, closed: p.closed.length, loaded: p.loaded, live, heapAfterMb, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }))
})().catch(e => { console.error(e); process.exit(1) })
`

export interface WorkerRss { ms: number; closed: number; loaded: number; live: number; heapAfterMb: number; maxRssMb: number }

export function workerPassInChild(conn: DbConnection, poolAccounts: readonly string[], nodeArgs: readonly string[]): Promise<WorkerRss> {
    return new Promise((resolve, reject) => {
        execFile(process.execPath, [...nodeArgs, '--expose-gc', '-e', CHILD], { cwd: ROOT, env: { ...process.env, BENCH_WORKER: JSON.stringify({ conn, poolAccounts }), NODE_OPTIONS: '' }, maxBuffer: 1 << 24 },
            (err, stdout, stderr) => {
                if (err) return reject(new Error(`worker child failed: ${err.message}\n${stderr}`))
                const line = stdout.trim().split('\n').pop() as string
                resolve(JSON.parse(line))
            })
    })
}
