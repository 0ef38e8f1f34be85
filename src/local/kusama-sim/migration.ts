/**
 * The Asset Hub migration on the simulators (SPEC §4.13, scenario op `migrateToAssetHub`): at time `at` the
 * relay chain mines its last block and retires; Asset Hub's first block, at the same time, holds every
 * account's balance, staking ledger (active and unlocking chunks) and nonce, and the active era, with no
 * per-account event. Both blocks are final at once. From then on every Kusama op runs on Asset Hub, whose
 * storage serves the moved state with Asset Hub's semantics (stake held in `reserved`, storage-values.ts),
 * and whose eras continue the relay's (EraPaid every 6 h of chain time, the era index continuing).
 */
import type { CarriedState, MinedBlock } from './chain'
import type { KusamaSimulator } from './index'

export interface MigrationOptions {
  /** TEST-ONLY FAULT: move this stash's ledger with `planck` less active stake (a wrong migration) */
  corruptLedger?: { stash: string; planck: bigint }
}

export interface Migration {
  /** the relay chain's last block (a two-part profile's `kusama.relay.endBlock`) */
  relayLast: MinedBlock
  /** Asset Hub's first block (`kusama.assetHub.startBlock`): the moved state is its storage */
  assetHubFirst: MinedBlock
}

export function migrateToAssetHub(relay: KusamaSimulator, assetHub: KusamaSimulator, at: number, opts: MigrationOptions = {}): Migration {
  assertPair(relay, assetHub)
  // tried on the state before the last block first, so a refused fault leaves both chains as they were
  if (opts.corruptLedger) corruptLedger(relay.carriedState(), opts.corruptLedger)
  const relayLast = relay.retire(at)
  // taken after the last block: it may have paid an era (a 6 h boundary), which Asset Hub must not pay again
  const carried = relay.carriedState()
  if (opts.corruptLedger) corruptLedger(carried, opts.corruptLedger)
  const assetHubFirst = assetHub.continueFrom(relayLast.timestamp, carried)
  return { relayLast, assetHubFirst }
}

/** A relay chain that has not migrated, and a fresh Asset Hub with the same pool accounts (their balances default the same way). */
function assertPair(relay: KusamaSimulator, assetHub: KusamaSimulator): void {
  if (relay.chain.profile !== 'relay') throw new Error(`migrateToAssetHub: the source must be a relay chain simulator, not ${relay.chain.profile}`)
  if (assetHub.chain.profile !== 'asset-hub') throw new Error(`migrateToAssetHub: the target must be an Asset Hub simulator, not ${assetHub.chain.profile}`)
  const since = relay.retiredSince()
  if (since !== undefined) throw new Error(`migrateToAssetHub: the relay chain already migrated (its last block is ${since})`)
  if (assetHub.head().height !== 0) throw new Error(`migrateToAssetHub: Asset Hub must be fresh (only its genesis), it has ${assetHub.head().height} blocks`)
  const [a, b] = [relay.chain.poolAccounts().join(','), assetHub.chain.poolAccounts().join(',')]
  if (a !== b) throw new Error(`migrateToAssetHub: the two chains name different pool accounts (relay: ${a}; Asset Hub: ${b})`)
}

function corruptLedger(carried: CarriedState, c: { stash: string; planck: bigint }): void {
  const l = carried.ledgers.get(c.stash)
  const active = l?.bonded ?? 0n
  if (c.planck <= 0n || c.planck > active) {
    throw new Error(`migrateToAssetHub corruptLedger: ${c.stash} has ${active} planck active, cannot move it ${c.planck} short`)
  }
  l!.bonded -= c.planck
}
