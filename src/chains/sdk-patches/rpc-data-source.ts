/**
 * SDK patch support, written against @subsquid/substrate-processor 8.5.1
 * (`SubstrateBatchProcessor.prototype.getRpcDataSource`, lib/processor.js). Checked at start-up by index.ts.
 *
 * The one place that reaches into substrate-processor 8.5's RPC data source: its internal, memoized
 * `getRpcDataSource()`. Patches (batch coalescing, the pre-filter) are applied once, in the order
 * they were registered, to the instance the processor will use. Fails loudly if the internal moved.
 */
type Patch = (ds: any) => void

const PATCHES = Symbol('rpcDataSourcePatches')

export function patchRpcDataSource(processor: object, patch: Patch): void {
    const p = processor as any
    if (!p[PATCHES]) {
        const original = p.getRpcDataSource
        if (typeof original !== 'function') throw new Error('substrate-processor internals changed: getRpcDataSource() not found')
        const patches: Patch[] = []
        let patched: any
        p[PATCHES] = patches
        p.getRpcDataSource = function (this: unknown) {
            if (patched) return patched
            const ds = original.call(this)
            for (const f of patches) f(ds)
            patched = ds
            return ds
        }
    }
    p[PATCHES].push(patch)
}

/** Asserts the data source still has the methods a patch replaces. */
export function requireMethods(ds: any, ...names: string[]): void {
    for (const n of names) {
        if (typeof ds?.[n] !== 'function') throw new Error(`substrate-processor internals changed: RpcDataSource.${n}() not found`)
    }
}
