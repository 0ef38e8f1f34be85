import * as fs from 'fs'
import { ChainProfile, KusamaProfile, serializeProfile } from '../../config/profile'
import type { Migration } from '../kusama-sim'
import type { LocalStack } from '../local-stack'
import type { ScenarioHooks } from './runner'

/**
 * What the local stack does at a `migrateToAssetHub` step (SPEC §4.13), once the runner has mined the
 * relay chain's last block and Asset Hub's first (both final):
 *  1. the profile gets its two parts: `kusama.relay` ends at the relay's last height (known only now),
 *     `kusama.assetHub` starts at Asset Hub's first height; the file is replaced in one rename, so a part
 *     starting meanwhile reads the old or the new file, never half of one;
 *  2. the parts that read the Kusama parts at start are switched through the supervisor: the relay
 *     processor restarts (and stops at its endBlock, exit 0: done), the Asset Hub processor starts, the
 *     oracle worker restarts (its Kusama clock is the relay's up to endBlock, then Asset Hub's).
 * The API and the Ethereum processor read nothing of Kusama's parts and keep running.
 */
export function makeMigratedHook(stack: LocalStack, log: (line: string) => void = () => {}): ScenarioHooks['migrated'] {
    return async (m: Migration) => {
        const ahUrls = stack.assetHubUrls
        if (!ahUrls) throw new Error('migrateToAssetHub: the local stack has no Asset Hub simulator')
        stack.profile.kusama.endBlock = m.relayLast.height
        stack.profile.kusamaAssetHub = assetHubPart(stack.profile.kusama, ahUrls.httpUrl, m.assetHubFirst.height)
        writeAtomically(stack.profileFile, serializeProfile(stack.profile))
        stack.noteMigration(m.relayLast.height)
        const switched: string[] = []
        for (const name of ['kusama-processor', 'kusama-ah-processor', 'oracle-worker']) {
            if (await stack.restartPart(name)) switched.push(name)
        }
        log(`migrateToAssetHub: profile has kusama.relay to block ${m.relayLast.height} and kusama.assetHub from block ${m.assetHubFirst.height}; ` +
            `(re)started ${switched.join(', ') || 'no part'}`)
    }
}

/** Asset Hub's part: the relay part's accounts (the same pool), its own endpoint and first block. */
function assetHubPart(relay: KusamaProfile, rpc: string, startBlock: number): KusamaProfile {
    return {
        kind: 'asset-hub', rpc, startBlock,
        depositAddresses: relay.depositAddresses, stashes: relay.stashes, otherPoolAccounts: relay.otherPoolAccounts,
    }
}

function writeAtomically(file: string, text: string): void {
    const tmp = `${file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, text)
    fs.renameSync(tmp, file)
}
