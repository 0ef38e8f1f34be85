/**
 * SDK patch, written against @subsquid/util-internal-ingest-tools 1.1.4 (`coldIngest`, lib/cold.js),
 * as called by @subsquid/substrate-data-raw 1.2.0 (@subsquid/substrate-processor 8.5.1) and by
 * @subsquid/evm-processor 1.27.3. Checked at start-up by index.ts.
 *
 * Historical sync over RPC fetches the finalized range in splits: substrate-processor 8.5 and
 * evm-processor 1.27 both hard-code 10 blocks a split (util-internal-ingest-tools `coldIngest`),
 * so every 10 blocks cost a full set of requests (Kusama: block hashes, blocks, events, runtime
 * version; Ethereum: blocks and one eth_getLogs). Larger splits make the same data cost a tenth of
 * the round trips — the access pattern the raw-fetch baselines in bench/ measure. Hot blocks keep
 * the SDK's own handling.
 *
 * Installed per process (each processor runs in its own; not with SQUID_SDK_PATCHES=0); fails
 * loudly if the internal moved.
 */
const COLD = '@subsquid/util-internal-ingest-tools/lib/cold'

let installedSize: number | undefined

export function setColdSplitSize(splitSize: number): void {
    if (!Number.isSafeInteger(splitSize) || splitSize < 1) throw new Error(`split size must be a positive integer, got ${splitSize}`)
    if (installedSize === splitSize) return
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const cold = require(COLD)
    const original = installedSize == null ? cold.coldIngest : cold.coldIngest.original
    if (typeof original !== 'function') throw new Error('util-internal-ingest-tools internals changed: coldIngest not found')
    const patched = (args: { splitSize: number }) => original({ ...args, splitSize })
    patched.original = original
    cold.coldIngest = patched
    installedSize = splitSize
}
