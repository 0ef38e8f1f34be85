/**
 * Per-account history of the simulator's balances, so storage can be served at any canonical block
 * although whole states are pruned after finality (keeping them would cost O(accounts) per block).
 *
 * Per account (0x public key): the heights at which it changed and its values after that block, in
 * increasing height order. A block appends one entry per account it changed (nothing for accounts it
 * only read); a reorg truncates every account back to the fork point. The value at height h is the
 * last entry at or below h (binary search); no such entry = the account did not exist yet.
 */

export interface AccountSnapshot {
  /** the simulator's spendable balance (its `free` map) */
  free: bigint
  /** the staking ledger: bonded (active) and unlocking chunks */
  bonded: bigint
  unlocking: { era: number; planck: bigint }[]
  nonce: number
}

interface Track { heights: number[]; values: AccountSnapshot[] }

function sameSnapshot(a: AccountSnapshot, b: AccountSnapshot): boolean {
  return a.free === b.free && a.bonded === b.bonded && a.nonce === b.nonce &&
    a.unlocking.length === b.unlocking.length &&
    a.unlocking.every((c, i) => c.era === b.unlocking[i].era && c.planck === b.unlocking[i].planck)
}

/** index of the last element <= h in an increasing array, or -1 */
function lastAtOrBelow(heights: number[], h: number): number {
  let lo = 0
  let hi = heights.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (heights[mid] <= h) { found = mid; lo = mid + 1 } else hi = mid - 1
  }
  return found
}

export class StorageHistory {
  private tracks = new Map<string, Track>()

  /** Records `account`'s values after block `height` (heights must not decrease); unchanged values add nothing. */
  record(height: number, account: string, snap: AccountSnapshot): void {
    let t = this.tracks.get(account)
    if (!t) {
      t = { heights: [], values: [] }
      this.tracks.set(account, t)
    }
    const last = t.values.length - 1
    if (last >= 0 && sameSnapshot(t.values[last], snap)) return
    if (last >= 0 && t.heights[last] === height) {
      t.values[last] = snap // the same block recorded twice: keep the later values
      return
    }
    t.heights.push(height)
    t.values.push(snap)
  }

  /** `account`'s values after block `height`, or undefined when it had none yet. */
  at(account: string, height: number): AccountSnapshot | undefined {
    const t = this.tracks.get(account)
    if (!t) return undefined
    const i = lastAtOrBelow(t.heights, height)
    return i < 0 ? undefined : t.values[i]
  }

  /** Forgets everything recorded above `height` (a reorg back to the fork point `height`). */
  truncate(height: number): void {
    for (const [account, t] of this.tracks) {
      let n = t.heights.length
      while (n > 0 && t.heights[n - 1] > height) n--
      if (n === t.heights.length) continue
      t.heights.length = n
      t.values.length = n
      if (n === 0) this.tracks.delete(account)
    }
  }
}
