/**
 * Every place the processors reach into Subsquid SDK internals, for historical-sync throughput:
 *  - batched-fetch.ts    Kusama: a split's blocks in two JSON-RPC batches      (KUSAMA_BATCHED_FETCH)
 *  - cold-split.ts       both: blocks per historical split                     (KUSAMA_SPLIT_BLOCKS, ETH_SPLIT_BLOCKS)
 *  - prefilter.ts        Kusama: unrequested items dropped before mapping       (KUSAMA_PREFILTER)
 *  - coalesce.ts         Ethereum: fetched splits handed over as one batch      (ETH_COALESCE_BLOCKS)
 *  - kusama-coalesce.ts  Kusama: the same                                       (KUSAMA_COALESCE_BLOCKS)
 *  - rpc-data-source.ts  Kusama: the hook the prefilter and coalescing share
 * Each was written against the exact versions in PATCHED_SDK_VERSIONS; the processors call
 * assertPatchedSdkVersions() when they start, so another SDK version (a reinstall resolving a
 * caret range differently) stops them with an explanation instead of misbehaving.
 *
 * ONE switch: SQUID_SDK_PATCHES=0 installs none of them — the processors then run the plain SDK
 * (slower historical sync, same indexed data) and the versions are not checked. The per-patch
 * switches above still work while the patches are on.
 */
import * as fs from 'fs'

export { installBatchedColdFetch } from './batched-fetch'
export { setColdSplitSize } from './cold-split'
export { installPrefilter } from './prefilter'
export { coalesceFinalizedBatches as coalesceEvmFinalizedBatches } from './coalesce'
export { coalesceFinalizedBatches as coalesceSubstrateFinalizedBatches } from './kusama-coalesce'

/** The SDK packages whose internals the patches touch, and the version each patch was written against. */
export const PATCHED_SDK_VERSIONS = {
    '@subsquid/substrate-processor': '8.5.1',
    '@subsquid/substrate-data': '4.2.1',
    '@subsquid/substrate-data-raw': '1.2.0',
    '@subsquid/util-internal-ingest-tools': '1.1.4',
    '@subsquid/evm-processor': '1.27.3',
} as const

export type PatchedSdkPackage = keyof typeof PATCHED_SDK_VERSIONS

/** What the Kusama processor's patches touch (batched-fetch, cold-split, prefilter, kusama-coalesce). */
export const KUSAMA_PATCHED_PACKAGES: readonly PatchedSdkPackage[] = [
    '@subsquid/substrate-processor', '@subsquid/substrate-data', '@subsquid/substrate-data-raw', '@subsquid/util-internal-ingest-tools',
]
/** What the Ethereum processor's patches touch (cold-split, coalesce). */
export const ETHEREUM_PATCHED_PACKAGES: readonly PatchedSdkPackage[] = ['@subsquid/evm-processor', '@subsquid/util-internal-ingest-tools']

/** SQUID_SDK_PATCHES: unset, empty or `1` = on; `0` = off; anything else is refused. */
export function sdkPatchesEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
    const v = env.SQUID_SDK_PATCHES
    if (v == null || v === '' || v === '1') return true
    if (v === '0') return false
    throw new Error(`SQUID_SDK_PATCHES must be 0 (plain SDK) or 1 (patched, the default), got ${JSON.stringify(v)}`)
}

/** The version of `pkg` the patches load (resolved from here, as they resolve it), or undefined when it is not installed. */
export function installedSdkVersion(pkg: string): string | undefined {
    let file: string
    try {
        file = require.resolve(`${pkg}/package.json`)
    } catch {
        return undefined
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')).version
}

export interface VersionCheckOptions {
    /** default: every patched package */
    packages?: readonly PatchedSdkPackage[]
    /** default: installedSdkVersion (tests fake it) */
    installed?: (pkg: PatchedSdkPackage) => string | undefined
}

/**
 * Throws unless every package in `packages` is installed in exactly the version the patches were
 * written against; the error names each package, the expected and the found version, and the fixes.
 */
export function assertPatchedSdkVersions(opts: VersionCheckOptions = {}): void {
    const installed = opts.installed ?? installedSdkVersion
    const wrong: string[] = []
    for (const pkg of opts.packages ?? (Object.keys(PATCHED_SDK_VERSIONS) as PatchedSdkPackage[])) {
        const expected = PATCHED_SDK_VERSIONS[pkg]
        const found = installed(pkg)
        if (found !== expected) wrong.push(`${pkg}: expected ${expected}, found ${found ?? 'not installed'}`)
    }
    if (wrong.length === 0) return
    throw new Error(
        `the SDK patches in src/chains/sdk-patches were written against other SDK versions than the installed ones:\n` +
        wrong.map(w => `  - ${w}\n`).join('') +
        `They replace SDK internals that may differ in another version. Either pin the expected versions ` +
        `(exact versions in package.json: "dependencies" for a direct dependency, "overrides" for a transitive one; then npm install), ` +
        `or run the plain SDK without any patch: SQUID_SDK_PATCHES=0 (slower historical sync, same indexed data).`,
    )
}
