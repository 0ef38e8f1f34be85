/**
 * What the simulator's System.Account and Staking.Ledger storage hold, derived from its balances.
 * The proof-of-reserves readers (SPEC §4.14) rely on exactly these rules:
 *
 * The simulator's `free` map is the SPENDABLE balance; the ledger holds bonded (active) + unlocking;
 * ledgerTotal = bonded + Σ unlocking.
 *  - System.Account(who) = AccountInfo:
 *    - relay profile — staking is a lock on free balance: data.free = spendable + ledgerTotal,
 *      data.frozen = ledgerTotal (runtimes with miscFrozen/feeFrozen instead: both = ledgerTotal), reserved = 0;
 *    - asset-hub profile — staking is a hold: data.free = spendable, data.reserved = ledgerTotal, frozen = 0;
 *    - nonce = the account's nonce, providers = 1, consumers = 1 while it has a ledger (else 0),
 *      sufficients = 0, flags (where the runtime has them) = IS_NEW_LOGIC (1 << 127) as on a migrated chain;
 *    - absent (null) for an account the simulator never touched up to that block, and for one that holds
 *      nothing (spendable 0, ledgerTotal 0: reaped, as a real chain kills an empty account).
 *  - Staking.Ledger(stash) = StakingLedger {stash, total: ledgerTotal, active: bonded,
 *    unlocking: [{value, era: the era it unlocks at}] in the simulator's order, legacyClaimedRewards /
 *    claimedRewards: [] where the runtime has them, controller = stash where the runtime has it};
 *    absent (null) while the stash never bonded or ledgerTotal is 0 (a real chain kills an empty ledger).
 *
 * Values are built in @subsquid/substrate-runtime's shape (camelCase fields, bigint for u64+) on top of a
 * zero value of the runtime's own type, so fields a runtime adds stay zero and absent ones are skipped.
 */
import type { KusamaProfile } from '../../chains/kusama/metadata'
import type { AccountSnapshot } from './storage-history'

type Obj = Record<string, unknown>

const IS_NEW_LOGIC = 1n << 127n

export function ledgerTotal(s: AccountSnapshot): bigint {
  return s.unlocking.reduce((sum, c) => sum + c.planck, s.bonded)
}

/** Sets `key` only where the runtime's type has it. */
function setIfPresent(o: Obj, key: string, value: unknown): void {
  if (key in o) o[key] = value
}

/** The AccountInfo value, or undefined for an absent entry. `zero`: the runtime's zero AccountInfo. */
export function accountInfo(profile: KusamaProfile, snap: AccountSnapshot | undefined, zero: Obj): Obj | undefined {
  if (!snap) return undefined
  const locked = ledgerTotal(snap)
  if (snap.free === 0n && locked === 0n) return undefined
  const info: Obj = { ...zero, nonce: snap.nonce, providers: 1, consumers: locked > 0n ? 1 : 0, sufficients: 0 }
  const data: Obj = { ...(zero.data as Obj) }
  if (profile === 'relay') {
    data.free = snap.free + locked
    data.reserved = 0n
    setIfPresent(data, 'frozen', locked)
    setIfPresent(data, 'miscFrozen', locked)
    setIfPresent(data, 'feeFrozen', locked)
  } else {
    data.free = snap.free
    data.reserved = locked
  }
  setIfPresent(data, 'flags', IS_NEW_LOGIC)
  info.data = data
  return info
}

/** The StakingLedger value, or undefined for an absent entry. `zero`: the runtime's zero StakingLedger. */
export function stakingLedger(stash: string, snap: AccountSnapshot | undefined, zero: Obj): Obj | undefined {
  if (!snap) return undefined
  const total = ledgerTotal(snap)
  if (total === 0n) return undefined
  const ledger: Obj = {
    ...zero,
    stash,
    total,
    active: snap.bonded,
    unlocking: snap.unlocking.map(c => ({ value: c.planck, era: c.era })),
  }
  setIfPresent(ledger, 'controller', stash)
  return ledger
}
