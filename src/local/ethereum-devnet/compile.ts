/** Compiles contracts/*.sol with the `solc` npm package (standard JSON, no download) and caches the
 *  artifacts under .cache/contracts/<sha256 of compiler version + settings + sources>.json. */
import { createHash } from 'crypto'
import * as fs from 'fs'
import * as path from 'path'

export const REPO_ROOT = path.resolve(__dirname, '../../..')
export const CONTRACTS_DIR = path.join(REPO_ROOT, 'contracts')
export const ABI_DIR = path.join(REPO_ROOT, 'abi')
const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'contracts')

export interface Artifact {
    abi: any[]
    bytecode: string
    /** solc's storageLayout (where each state variable lives): the test-only storage faults write through it */
    storageLayout?: StorageLayout
}

export interface StorageLayout {
    storage: { label: string; slot: string; offset: number; type: string; contract: string }[]
    types: Record<string, { label: string; encoding: string; numberOfBytes: string }> | null
}
export type Artifacts = Record<string, Artifact>   // keyed by contract name

const SETTINGS = {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'storageLayout'] } },
}

/** ABI files committed under abi/ (plain arrays for @subsquid/evm-typegen). */
export const ABI_FILES: Record<string, string> = { PolkadotPool: 'PolkadotPool.json', aKSMb: 'aKSMb.json' }

function readSources(): Record<string, { content: string }> {
    const sources: Record<string, { content: string }> = {}
    for (const f of fs.readdirSync(CONTRACTS_DIR).filter(f => f.endsWith('.sol')).sort()) {
        sources[f] = { content: fs.readFileSync(path.join(CONTRACTS_DIR, f), 'utf8') }
    }
    return sources
}

let memo: { key: string; artifacts: Artifacts } | undefined

export function compileContracts(): Artifacts {
    const sources = readSources()
    const solcVersion: string = require('solc/package.json').version
    const key = createHash('sha256').update(JSON.stringify({ solcVersion, SETTINGS, sources })).digest('hex')
    if (memo?.key === key) return memo.artifacts
    const cacheFile = path.join(CACHE_DIR, `${key}.json`)
    if (fs.existsSync(cacheFile)) {
        try {
            const artifacts = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Artifacts
            memo = { key, artifacts }
            return artifacts
        } catch { /* corrupt: recompile */ }
    }
    const solc = require('solc')
    const out = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS })))
    const errors = (out.errors ?? []).filter((e: any) => e.severity === 'error')
    if (errors.length) throw new Error('solc: ' + errors.map((e: any) => e.formattedMessage).join('\n'))
    const artifacts: Artifacts = {}
    for (const file of Object.keys(out.contracts ?? {})) {
        for (const [name, c] of Object.entries<any>(out.contracts[file])) {
            artifacts[name] = { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object, storageLayout: c.storageLayout }
        }
    }
    fs.mkdirSync(CACHE_DIR, { recursive: true })
    const tmp = `${cacheFile}.${process.pid}.${Date.now()}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(artifacts))
    fs.renameSync(tmp, cacheFile)   // atomic: concurrent compilers never see a partial file
    memo = { key, artifacts }
    return artifacts
}

export function abiJson(abi: any[]): string {
    return JSON.stringify(abi, null, 2) + '\n'
}

/** Writes abi/PolkadotPool.json and abi/aKSMb.json; returns the files that changed. */
export function writeAbis(artifacts: Artifacts = compileContracts()): string[] {
    const changed: string[] = []
    fs.mkdirSync(ABI_DIR, { recursive: true })
    for (const [name, file] of Object.entries(ABI_FILES)) {
        const p = path.join(ABI_DIR, file)
        const text = abiJson(artifacts[name].abi)
        if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text) {
            fs.writeFileSync(p, text)
            changed.push(p)
        }
    }
    return changed
}
