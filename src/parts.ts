import * as fs from 'fs'
import * as path from 'path'

/**
 * The long-running processes of the product, as squid.yaml names them. A part runs from its
 * compiled entry point in lib/; `npm start` and the scenario runner start every part that is built.
 * A processor part with a state schema is caught up when that schema's status height has reached
 * its chain's finalized head.
 */
export interface ProductPart {
    name: string
    /** path relative to the project root */
    entry: string
    args?: string[]
    /** flags for node itself */
    nodeArgs?: string[]
    /** typeorm-store state schema of a processor */
    stateSchema?: string
    chain?: 'kusama' | 'ethereum'
    /** exit code 0 means its work is done (a processor that reached its last block): the supervisor does not restart it */
    mayFinish?: boolean
}

export const KUSAMA_STATE_SCHEMA = 'kusama_processor'
/** the Asset Hub part's processor, beside the relay chain's (SPEC §4.13) */
export const KUSAMA_ASSET_HUB_STATE_SCHEMA = 'kusama_ah_processor'
export const ETHEREUM_STATE_SCHEMA = 'eth_processor'

export const PRODUCT_PARTS: ProductPart[] = [
    { name: 'kusama-processor', entry: 'lib/chains/kusama/main.js', stateSchema: KUSAMA_STATE_SCHEMA, chain: 'kusama', mayFinish: true },
    // the Asset Hub part of a two-part Kusama profile (SPEC §4.13); started only for such a profile
    { name: 'kusama-ah-processor', entry: 'lib/chains/kusama/main.js', args: ['asset-hub'], stateSchema: KUSAMA_ASSET_HUB_STATE_SCHEMA, chain: 'kusama' },
    { name: 'eth-processor', entry: 'lib/chains/ethereum/main.js', stateSchema: ETHEREUM_STATE_SCHEMA, chain: 'ethereum' },
    // a larger young generation: replaying a year of history allocates millions of short-lived objects (GC-bound otherwise)
    { name: 'oracle-worker', entry: 'lib/oracle/main.js', nodeArgs: ['--max-semi-space-size=64'] },
    // the stock squid GraphQL server with the notary's /claims routes on the same port (src/api/main.ts)
    { name: 'api', entry: 'lib/api/main.js',
        args: ['--no-squid-status', '--max-root-fields', '10', '--max-response-size', '10000', '--sql-statement-timeout', '10000', '--subscriptions'] },
]

/** The built parts a profile needs: the Asset Hub processor only when the profile has that part. */
export function builtParts(projectDir: string, parts = PRODUCT_PARTS, profile?: { kusamaAssetHub?: unknown }): ProductPart[] {
    return parts.filter(p => fs.existsSync(path.join(projectDir, p.entry)))
        .filter(p => p.name !== 'kusama-ah-processor' || profile?.kusamaAssetHub != null)
}
