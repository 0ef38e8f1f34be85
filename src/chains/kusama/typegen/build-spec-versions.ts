/**
 * Builds the local specVersions files that `squid-substrate-typegen` reads (no network needed):
 * one JSON line per runtime `{specName, specVersion, blockNumber, blockHash, metadata}` with
 * metadata V14-or-lower hex, from the real Kusama metadata the project carries.
 *
 *   node lib/chains/kusama/typegen/build-spec-versions.js     (then: npx squid-substrate-typegen typegen.json)
 *
 * Relay chain runtimes, covering every event shape of SPEC §3:
 *   2008     V11  Staking.Reward(AccountId, Balance), Slash, EraPayout, tuple Balances.Transfer   (metadata/kusama-2008.hex)
 *   9100     V13  Staking.Rewarded tuple, EraPaid, Balances.Transfer tuple                         (@polkadot/types-support v13)
 *   1002000  V14  Rewarded {stash, dest, amount}, PayoutStarted without page                        (metadata/kusama-1002000.hex)
 *   1003000  V14  PayoutStarted {eraIndex, validatorStash, page, next}                              (@polkadot/types-support v14)
 *   1009002  V15→V14                                                                               (@polkadot/types-support v15)
 * Asset Hub (statemine, pallet_staking_async): 1009003 (@polkadot/types-support v15 asset-hub) in its own file.
 *
 * blockNumber/blockHash: typegen only orders runtimes by them. The numbers are the approximate first
 * Kusama heights of each runtime; the hashes are placeholders (the processor takes real ones from the chain).
 */
import * as fs from 'fs'
import * as path from 'path'
import { metadataV14Hex } from '../metadata'

interface SpecRecord { specName: string; specVersion: number; blockNumber: number; blockHash: string; metadata: string }

function typesSupport(file: string): string {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require(`@polkadot/types-support/metadata/${file}`).default
}

function readMetadataFile(file: string): string {
    const candidates = [
        path.resolve(__dirname, '../metadata', file),
        path.resolve(__dirname, '../../../../src/chains/kusama/metadata', file),
    ]
    for (const c of candidates) if (fs.existsSync(c)) return fs.readFileSync(c, 'utf8').trim()
    throw new Error(`metadata file ${file} not found (looked in ${candidates.join(', ')})`)
}

function placeholderHash(specVersion: number): string {
    return '0x' + specVersion.toString(16).padStart(64, '0')
}

export function relaySpecVersions(): SpecRecord[] {
    const rec = (specVersion: number, blockNumber: number, metadata: string): SpecRecord =>
        ({ specName: 'kusama', specVersion, blockNumber, blockHash: placeholderHash(specVersion), metadata })
    return [
        rec(2008, 1_375_086, readMetadataFile('kusama-2008.hex')),
        rec(9100, 9_625_129, typesSupport('v13/kusama-hex')),
        rec(1002000, 22_000_000, metadataV14Hex(1002000)),
        rec(1003000, 23_000_000, metadataV14Hex(1003000)),
        rec(1009002, 30_000_000, metadataV14Hex(1009002)),
    ]
}

export function assetHubSpecVersions(): SpecRecord[] {
    return [{ specName: 'statemine', specVersion: 1009003, blockNumber: 11_000_000, blockHash: placeholderHash(1009003), metadata: metadataV14Hex(1009003) }]
}

function write(file: string, records: SpecRecord[]): void {
    fs.writeFileSync(file, records.map(r => JSON.stringify(r)).join('\n') + '\n')
    console.log(`${file}: ${records.map(r => `${r.specName}@${r.specVersion}`).join(', ')}`)
}

if (require.main === module) {
    const dir = path.resolve(__dirname, '../../../../src/chains/kusama/typegen')
    write(path.join(dir, 'kusama.jsonl'), relaySpecVersions())
    write(path.join(dir, 'asset-hub-kusama.jsonl'), assetHubSpecVersions())
}
