/**
 * In-memory Kusama chain: accounts by name, balances, staking ledgers, eras, runtime upgrades,
 * finality and reorgs. Every op mines one block whose RPC answers (header, block, System.Events,
 * runtime version) are pre-encoded at mining time.
 */
import { Keyring } from '@polkadot/keyring'
import type { KeyringPair } from '@polkadot/keyring/types'
import { blake2AsU8a } from '@polkadot/util-crypto'
import { compactToU8a, u8aConcat, u8aToHex, stringToU8a, u8aToU8a } from '@polkadot/util'
import type { Call } from '@polkadot/types/interfaces'
import { SUPPORTED_SPECS, KusamaProfile } from '../../chains/kusama/metadata'
import { encodeEventRecords, specCodec, SpecCodec } from './codec'
import { AccountSnapshot, StorageHistory } from './storage-history'

export const KSM = 1_000_000_000_000n
export const INITIAL_BALANCE = 1_000_000n * KSM
export const ERA_MS = 6 * 3600 * 1000
/** Kusama's session: 1 h, six to an era */
export const SESSION_MS = 3600 * 1000
export const BONDING_DURATION = 28

export interface KusamaSimConfig {
  genesisTime: number
  profile?: KusamaProfile
  specVersion?: number
  finalityLag?: number
  firstEra?: number
  txFeePlanck?: bigint
  poolAccounts?: string[]
}

export interface BlockRef { height: number; hash: string; timestamp: number }

export type Phase = 'Initialization' | 'ApplyExtrinsic' | 'Finalization'

export interface SimEvent {
  index: number
  extrinsicIndex?: number
  phase: Phase
  name: string
  /** exactly what @subsquid/substrate-processor gives as event.args (JSON form: u64+/u128 as decimal strings) */
  args: unknown
  /** the same, as @subsquid/substrate-runtime decodes it (and typegen's decode() returns): u64+/u128 as bigint */
  decodedArgs: unknown
}

/** @subsquid/util-internal-json toJSON for decoded SCALE values: bigint -> decimal string. */
export function sdkJson(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString()
  if (v == null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(sdkJson)
  const o: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) o[k] = sdkJson(x)
  return o
}

export interface MinedBlock {
  height: number
  hash: string
  parentHash: string
  timestamp: number
  /** runtime version of the state after this block = what the SDK reports as block.header.specVersion
   *  (in the block of an upgrade this is already the new version) */
  specVersion: number
  /** the runtime this block's extrinsics and events are encoded with (= the parent state's runtime) */
  encodedWithSpec: number
  events: SimEvent[]
  /** extrinsics as 0x-hex (index 0 = Timestamp.set) */
  extrinsics: string[]
}

export type RewardDest = 'Staked' | 'Stash' | 'Controller' | { Account: string }

export interface Ledger { bonded: bigint; unlocking: { era: number; planck: bigint }[] }

/**
 * What the Asset Hub migration moves (SPEC §4.13): every account's spendable balance, staking ledger
 * (active and unlocking chunks) and nonce, and the active era. Not the runtime: each chain keeps its own.
 */
export interface CarriedState {
  free: Map<string, bigint>
  ledgers: Map<string, Ledger>
  nonces: Map<string, number>
  activeEra: number
}

interface State {
  free: Map<string, bigint>
  ledgers: Map<string, Ledger>
  nonces: Map<string, number>
  activeEra: number
  spec: number
  /** accounts whose free balance, ledger or nonce this block may have changed (fresh per block):
   *  the storage history records only these */
  touched: Set<string>
}

function cloneLedgers(ledgers: Map<string, Ledger>): Map<string, Ledger> {
  const out = new Map<string, Ledger>()
  for (const [k, l] of ledgers) out.set(k, { bonded: l.bonded, unlocking: l.unlocking.map(c => ({ ...c })) })
  return out
}

function cloneState(s: State): State {
  return { free: new Map(s.free), ledgers: cloneLedgers(s.ledgers), nonces: new Map(s.nonces), activeEra: s.activeEra, spec: s.spec, touched: new Set() }
}

/** internal block record with cached RPC answers */
export interface BlockRec extends MinedBlock {
  headerJson: string
  blockJson: string
  eventsJson: string
  state: State | undefined
}

const PHASE_INIT = new Uint8Array([2])
const PHASE_FINAL = new Uint8Array([1])
function phaseApply(i: number): Uint8Array {
  const b = new Uint8Array(5)
  b[0] = 0
  new DataView(b.buffer).setUint32(1, i, true)
  return b
}

interface PendingEvent { phase: Phase; extrinsicIndex?: number; name: string; args: unknown; bytes: Uint8Array }

/** Context handed to an op while its block is being built. */
class BlockBuilder {
  readonly events: PendingEvent[] = []
  readonly extrinsics: Uint8Array[] = []
  constructor(readonly sim: KusamaChain, readonly codec: SpecCodec, readonly state: State, readonly timestamp: number) {}

  initEvent(name: string, superset: Record<string, unknown> | unknown[]): void {
    const e = this.codec.event(name, superset)
    this.events.push({ phase: 'Initialization', name, args: e.args, bytes: e.bytes })
  }

  private extEvent(ext: number, name: string, superset: Record<string, unknown> | unknown[]): void {
    const e = this.codec.event(name, superset)
    this.events.push({ phase: 'ApplyExtrinsic', extrinsicIndex: ext, name, args: e.args, bytes: e.bytes })
  }

  private dispatchInfo(cls: 'Normal' | 'Mandatory' | 'Operational'): unknown {
    const f = this.codec.eventFields('System.ExtrinsicSuccess')[0]
    const info = this.codec.zero(f.type) as Record<string, unknown>
    info.class = { __kind: cls }
    return info
  }

  inherent(call: Call, cls: 'Mandatory' = 'Mandatory'): void {
    const i = this.extrinsics.length
    this.extrinsics.push(this.codec.unsignedExtrinsic(call))
    this.extEvent(i, 'System.ExtrinsicSuccess', { dispatchInfo: this.dispatchInfo(cls) })
  }

  /**
   * A signed extrinsic: charges the fee, runs `body` (which mutates state and emits the call's events
   * through `emit`), then TransactionFeePaid and ExtrinsicSuccess.
   */
  signed(signer: string, call: Call, body: (emit: (name: string, superset: Record<string, unknown> | unknown[]) => void) => void): void {
    const i = this.extrinsics.length
    const fee = this.sim.txFee
    this.sim.debit(this.state, signer, fee, 'transaction fee')
    const nonce = this.state.nonces.get(signer) ?? 0
    this.state.nonces.set(signer, nonce + 1)
    this.state.touched.add(signer)
    this.extrinsics.push(this.codec.signedExtrinsic(call, this.sim.pair(signer), nonce, this.sim.genesisHash))
    body((name, superset) => this.extEvent(i, name, superset))
    const who = this.sim.publicKey(signer)
    this.extEvent(i, 'TransactionPayment.TransactionFeePaid', { who, actualFee: fee, tip: 0n })
    this.extEvent(i, 'System.ExtrinsicSuccess', { dispatchInfo: this.dispatchInfo('Normal') })
  }
}

export class KusamaChain {
  readonly profile: KusamaProfile
  readonly finalityLag: number
  readonly txFee: bigint
  readonly firstEra: number
  readonly genesisTime: number
  private pool: Set<string>
  private keyring = new Keyring({ type: 'ed25519', ss58Format: 2 })
  private pairs = new Map<string, KeyringPair>()
  private publicKeys = new Map<string, string>()
  /** every account's balances after each block that changed them: storage at any canonical block */
  readonly history = new StorageHistory()
  private canonical: BlockRec[] = []
  readonly byHash = new Map<string, BlockRec>()
  private finalizedHeight = 0
  private mineCounter = 0
  /** the relay chain's last block once it migrated to Asset Hub (SPEC §4.13): it mines nothing more */
  private retiredAt: number | undefined
  /** the era clock counts 6 h boundaries from here, not from genesis: Asset Hub's eras continue the relay's */
  private eraClockFrom = 0
  genesisHash = ''
  /** called after the canonical chain or the finalized head changed */
  onChange: (newBlocks: BlockRec[], finalizedChanged: boolean) => void = () => {}

  constructor(cfg: KusamaSimConfig) {
    this.profile = cfg.profile ?? 'relay'
    const spec = cfg.specVersion ?? (this.profile === 'relay' ? 1009002 : 1009003)
    if (!SUPPORTED_SPECS[this.profile].includes(spec)) {
      throw new Error(`spec ${spec} is not supported on profile ${this.profile} (supported: ${SUPPORTED_SPECS[this.profile].join(', ')})`)
    }
    this.finalityLag = cfg.finalityLag ?? 5
    this.txFee = cfg.txFeePlanck ?? 0n
    this.firstEra = cfg.firstEra ?? 8000
    this.genesisTime = cfg.genesisTime
    this.pool = new Set(['deposit', ...(cfg.poolAccounts ?? [])])
    const state: State = { free: new Map(), ledgers: new Map(), nonces: new Map(), activeEra: this.firstEra, spec, touched: new Set() }
    this.mine(cfg.genesisTime, () => {}, state, true)
  }

  // ---------------------------------------------------------------- accounts
  pair(name: string): KeyringPair {
    let p = this.pairs.get(name)
    if (!p) {
      if (!/^[^/\s]+$/.test(name)) throw new Error(`invalid account name '${name}'`)
      p = this.keyring.addFromUri('//' + name)
      this.pairs.set(name, p)
    }
    return p
  }
  publicKey(name: string): string {
    let k = this.publicKeys.get(name)
    if (k == null) {
      k = u8aToHex(this.pair(name).publicKey)
      this.publicKeys.set(name, k)
    }
    return k
  }
  address(name: string): string { return this.pair(name).address }
  isPool(name: string): boolean { return this.pool.has(name) }
  poolAccounts(): string[] { return [...this.pool].sort() }

  free(state: State, name: string): bigint {
    const v = state.free.get(name)
    if (v != null) return v
    return this.isPool(name) ? 0n : INITIAL_BALANCE
  }
  debit(state: State, name: string, amount: bigint, what: string): void {
    if (amount < 0n) throw new Error(`negative amount for ${what}`)
    const f = this.free(state, name)
    if (f < amount) throw new Error(`insufficient free balance: ${name} has ${f} planck, ${what} needs ${amount}`)
    state.free.set(name, f - amount)
    state.touched.add(name)
  }
  credit(state: State, name: string, amount: bigint): void {
    state.free.set(name, this.free(state, name) + amount)
    state.touched.add(name)
  }
  /** the stash's ledger, for reading or changing (so it counts as touched) */
  ledgerOf(state: State, stash: string): Ledger {
    state.touched.add(stash)
    let l = state.ledgers.get(stash)
    if (!l) {
      l = { bonded: 0n, unlocking: [] }
      state.ledgers.set(stash, l)
    }
    return l
  }

  // ---------------------------------------------------------------- chain views
  head(): BlockRec { return this.canonical[this.canonical.length - 1] }
  finalized(): BlockRec { return this.canonical[this.finalizedHeight] }
  blockAt(height: number): BlockRec | undefined { return this.canonical[height] }
  /** whether `b` is (still) on the canonical chain: blocks lost in a reorg keep their hash lookup only */
  isCanonical(b: BlockRec): boolean { return this.canonical[b.height] === b }
  blocks(): BlockRec[] { return this.canonical.slice() }
  headState(): State { return this.head().state! }

  finalize(): void {
    if (this.finalizedHeight !== this.head().height) {
      this.finalizedHeight = this.head().height
      this.pruneStates()
      this.onChange([], true)
    }
  }

  private pruneStates(): void {
    // keep states of unfinalized blocks and the finalized head (reorg fork points)
    for (let h = this.finalizedHeight - 1; h >= 0; h--) {
      const b = this.canonical[h]
      if (b.state == null) break
      b.state = undefined
    }
  }

  // ---------------------------------------------------------------- the Asset Hub migration (SPEC §4.13)
  retiredSince(): number | undefined { return this.retiredAt }

  /** The relay chain stops here: its head is final and it mines nothing more (its state lives on Asset Hub). */
  retire(): void {
    if (this.profile !== 'relay') throw new Error(`only the relay chain migrates to Asset Hub, not ${this.profile}`)
    this.finalize()
    this.retiredAt = this.head().height
  }

  /** What the migration moves: the head state's balances, ledgers, nonces and active era (a copy). */
  carriedState(): CarriedState {
    const s = this.headState()
    return { free: new Map(s.free), ledgers: cloneLedgers(s.ledgers), nonces: new Map(s.nonces), activeEra: s.activeEra }
  }

  /**
   * Asset Hub's first block after its genesis, at `at` (the relay's last block's time): it holds `carried`
   * for every account, written without per-account events, as the real migration does (`emit` adds the
   * batch-level migrator events, the only ones it shows). The era clock runs from `at` on, so the 6 h
   * boundaries the relay already paid are not paid again.
   */
  continueFrom(at: number, carried: CarriedState, emit: (b: BlockBuilder) => void = () => {}): BlockRec {
    if (this.profile !== 'asset-hub') throw new Error(`only Asset Hub takes over the relay chain's state, not ${this.profile}`)
    if (this.head().height !== 0) throw new Error(`Asset Hub already has ${this.head().height} blocks: the migration needs a fresh chain (only its genesis)`)
    this.eraClockFrom = at
    return this.mine(at, b => {
      const s = b.state
      s.free = new Map(carried.free)
      s.ledgers = cloneLedgers(carried.ledgers)
      s.nonces = new Map(carried.nonces)
      s.activeEra = carried.activeEra
      // every moved account enters the storage history at this block
      for (const names of [s.free.keys(), s.ledgers.keys(), s.nonces.keys()]) for (const n of names) s.touched.add(n)
      emit(b)
    })
  }

  // ---------------------------------------------------------------- mining
  /** Mine one block at `at` on top of the head. `op` mutates a copy of the state; a throw mines nothing. */
  mine(at: number, op: (b: BlockBuilder) => void, genesisState?: State, isGenesis = false): BlockRec {
    if (this.retiredAt !== undefined) {
      throw new Error(`the relay chain mines nothing after its last block ${this.retiredAt}: balances and staking moved to Asset Hub ` +
        '(migrateToAssetHub, SPEC §4.13), where later Kusama ops run')
    }
    if (!Number.isSafeInteger(at) || at < 0) throw new Error(`invalid timestamp ${at}`)
    const parent = isGenesis ? undefined : this.head()
    if (parent && at < parent.timestamp) {
      throw new Error(`block time ${new Date(at).toISOString()} is before the head (${new Date(parent.timestamp).toISOString()})`)
    }
    const state = parent ? cloneState(parent.state!) : genesisState!
    const spec = state.spec // the parent state's runtime encodes this block
    const codec = specCodec(spec)
    const b = new BlockBuilder(this, codec, state, at)
    const height = parent ? parent.height + 1 : 0
    if (parent) {
      this.tickEraClock(b, Math.max(parent.timestamp, this.eraClockFrom), at)
    }
    b.inherent(codec.call('Timestamp.set', { now: BigInt(at) }))
    if (!isGenesis) op(b)
    return this.seal(parent, height, at, spec, codec, b)
  }

  /**
   * The era clock between two blocks: EraPaid at the first block at or after every 6 h boundary (Unix-epoch
   * aligned); on Asset Hub also SessionRotated at every 1 h boundary, after the EraPaid of the same boundary,
   * naming the era that is active from then on (pallet_staking_async's order).
   */
  private tickEraClock(b: BlockBuilder, since: number, at: number): void {
    for (let k = Math.floor(since / SESSION_MS) + 1; k * SESSION_MS <= at; k++) {
      if ((k * SESSION_MS) % ERA_MS === 0) this.emitEraPaid(b)
      if (this.profile === 'asset-hub') {
        const era = b.state.activeEra
        b.initEvent('Staking.SessionRotated', { startingSession: k, activeEra: era, plannedEra: era + 1 })
      }
    }
  }

  emitEraPaid(b: BlockBuilder): void {
    const era = b.state.activeEra
    b.initEvent('Staking.EraPaid', { eraIndex: era, validatorPayout: 1000n * KSM, remainder: 100n * KSM })
    b.state.activeEra = era + 1
  }

  private seal(parent: BlockRec | undefined, height: number, at: number, spec: number, codec: SpecCodec, b: BlockBuilder): BlockRec {
    const order = (p: Phase) => (p === 'Initialization' ? 0 : p === 'ApplyExtrinsic' ? 1 : 2)
    const pending = b.events
      .map((e, i) => ({ e, i }))
      .sort((x, y) => order(x.e.phase) - order(y.e.phase) || (x.e.extrinsicIndex ?? 0) - (y.e.extrinsicIndex ?? 0) || x.i - y.i)
      .map(x => x.e)
    const eventsHex = encodeEventRecords(pending.map(e => ({
      phase: e.phase === 'Initialization' ? PHASE_INIT : e.phase === 'Finalization' ? PHASE_FINAL : phaseApply(e.extrinsicIndex!),
      event: e.bytes,
    })))
    const events: SimEvent[] = pending.map((e, index) => {
      const ev: SimEvent = { index, phase: e.phase, name: e.name, args: sdkJson(e.args), decodedArgs: e.args }
      if (e.extrinsicIndex != null) ev.extrinsicIndex = e.extrinsicIndex
      return ev
    })
    const extrinsics = b.extrinsics.map(x => u8aToHex(x))
    const parentHash = parent ? parent.hash : '0x' + '00'.repeat(32)
    this.mineCounter += 1
    const extrinsicsRoot = blake2AsU8a(u8aConcat(...b.extrinsics))
    const stateRoot = blake2AsU8a(u8aConcat(stringToU8a(`sim-state:${this.mineCounter}:${height}`), u8aToU8a(eventsHex)))
    const headerBytes = u8aConcat(u8aToU8a(parentHash), compactToU8a(height), stateRoot, extrinsicsRoot, new Uint8Array([0]))
    const hash = u8aToHex(blake2AsU8a(headerBytes))
    const header = {
      parentHash,
      number: '0x' + height.toString(16),
      stateRoot: u8aToHex(stateRoot),
      extrinsicsRoot: u8aToHex(extrinsicsRoot),
      digest: { logs: [] as string[] },
    }
    const headerJson = JSON.stringify(header)
    const rec: BlockRec = {
      height, hash, parentHash, timestamp: at,
      specVersion: b.state.spec,
      encodedWithSpec: spec,
      events, extrinsics,
      headerJson,
      blockJson: `{"block":{"header":${headerJson},"extrinsics":${JSON.stringify(extrinsics)}},"justifications":null}`,
      eventsJson: JSON.stringify(eventsHex),
      state: b.state,
    }
    void codec
    this.recordHistory(height, b.state)
    this.canonical.push(rec)
    this.byHash.set(hash, rec)
    if (height === 0) this.genesisHash = hash
    const newFinal = Math.max(this.finalizedHeight, height - this.finalityLag)
    const finalizedChanged = newFinal !== this.finalizedHeight
    this.finalizedHeight = newFinal
    if (finalizedChanged) this.pruneStates()
    this.onChange([rec], finalizedChanged)
    return rec
  }

  /** Appends the accounts this block touched to the storage history (unchanged ones add nothing). */
  private recordHistory(height: number, state: State): void {
    for (const name of state.touched) this.history.record(height, this.publicKey(name), this.snapshot(state, name))
  }

  private snapshot(state: State, name: string): AccountSnapshot {
    const l = state.ledgers.get(name)
    return {
      free: this.free(state, name),
      bonded: l?.bonded ?? 0n,
      unlocking: l ? l.unlocking.map(c => ({ ...c })) : [],
      nonce: state.nonces.get(name) ?? 0,
    }
  }

  /** Replace the last `depth` blocks (all unfinalized) with depth+1 empty blocks. */
  reorg(depth: number): BlockRec[] {
    if (!Number.isInteger(depth) || depth < 1) throw new Error(`reorg depth must be a positive integer, got ${depth}`)
    const head = this.head()
    const forkHeight = head.height - depth
    if (forkHeight < this.finalizedHeight) {
      throw new Error(`cannot reorg ${depth} blocks: finalized head is at ${this.finalizedHeight}, chain head at ${head.height}`)
    }
    const replaced = this.canonical.slice(forkHeight + 1)
    const times = [...replaced.map(b => b.timestamp), head.timestamp]
    // detach without notifying; the new blocks notify as they are mined
    this.canonical.length = forkHeight + 1
    this.history.truncate(forkHeight)
    const mined: BlockRec[] = []
    for (const t of times) mined.push(this.mine(t, () => {}))
    return mined
  }
}

export { BlockBuilder }
