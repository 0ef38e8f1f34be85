/**
 * Kusama JSON-RPC simulator (see SPEC §6): real metadata, real SCALE, signed extrinsics,
 * served over HTTP (incl. batches) and WebSocket (incl. head subscriptions) on one port.
 */
import type { Call } from '@polkadot/types/interfaces'
import {
  BlockBuilder, BlockRec, BlockRef, CarriedState, KusamaChain, KusamaSimConfig, Ledger, MinedBlock, RewardDest, SimEvent,
  BONDING_DURATION, KSM, INITIAL_BALANCE, ERA_MS,
} from './chain'
import { RpcServer } from './server'
import { SUPPORTED_SPECS } from '../../chains/kusama/metadata'

export type { KusamaSimConfig, BlockRef, MinedBlock, SimEvent, RewardDest, Ledger, CarriedState }
export { migrateToAssetHub } from './migration'
export type { Migration, MigrationOptions } from './migration'
export { KSM, INITIAL_BALANCE, ERA_MS, BONDING_DURATION }
export { SUPPORTED_SPECS }
export { metadataV14Hex, runtimeVersion } from '../../chains/kusama/metadata'
export { storageKey } from './storage'
export type { SimStorageItem } from './storage'

export type NominateWrap = 'none' | 'batch' | 'proxy'
/** how a remark is sent: directly, inside one of the utility batches, or through proxy.proxy */
export type RemarkWrap = 'none' | 'batch' | 'batch_all' | 'force_batch' | 'proxy'

function toMined(b: BlockRec): MinedBlock {
  return {
    height: b.height, hash: b.hash, parentHash: b.parentHash, timestamp: b.timestamp,
    specVersion: b.specVersion, encodedWithSpec: b.encodedWithSpec, events: b.events, extrinsics: b.extrinsics,
  }
}

function assertAmount(planck: bigint, what: string): void {
  if (typeof planck !== 'bigint' || planck < 0n) throw new Error(`${what}: amount must be a non-negative bigint, got ${String(planck)}`)
}

export class KusamaSimulator {
  readonly chain: KusamaChain
  private server?: RpcServer

  constructor(cfg: KusamaSimConfig) {
    this.chain = new KusamaChain(cfg)
  }

  // ---------------------------------------------------------------- server
  async listen(port = 0): Promise<{ httpUrl: string; wsUrl: string }> {
    if (this.server) throw new Error('already listening')
    this.server = new RpcServer(this.chain)
    return this.server.listen(port)
  }

  async close(): Promise<void> {
    const s = this.server
    this.server = undefined
    if (s) await s.close()
  }

  // ---------------------------------------------------------------- views
  address(name: string): string { return this.chain.address(name) }
  publicKey(name: string): string { return this.chain.publicKey(name) }
  head(): BlockRef { const b = this.chain.head(); return { height: b.height, hash: b.hash, timestamp: b.timestamp } }
  finalizedHead(): BlockRef { const b = this.chain.finalized(); return { height: b.height, hash: b.hash, timestamp: b.timestamp } }
  blocks(): MinedBlock[] { return this.chain.blocks().map(toMined) }
  activeEra(): number { return this.chain.headState().activeEra }
  specVersion(): number { return this.chain.headState().spec }
  ledger(stash: string): Ledger {
    const l = this.chain.headState().ledgers.get(stash)
    return l ? { bonded: l.bonded, unlocking: l.unlocking.map(c => ({ ...c })) } : { bonded: 0n, unlocking: [] }
  }
  freeBalance(name: string): bigint { return this.chain.free(this.chain.headState(), name) }
  nonce(name: string): number { return this.chain.headState().nonces.get(name) ?? 0 }

  // ---------------------------------------------------------------- ops
  private op(at: number, f: (b: BlockBuilder) => void): MinedBlock {
    return toMined(this.chain.mine(at, f))
  }

  private id(name: string): string { return this.chain.publicKey(name) }
  private dest(name: string): unknown { return { Id: this.id(name) } }

  private transferCallName(b: BlockBuilder): string {
    return b.codec.hasCall('Balances.transfer_keep_alive') ? 'Balances.transfer_keep_alive' : 'Balances.transfer'
  }

  private doTransfer(b: BlockBuilder, from: string, to: string, planck: bigint, emit: (n: string, a: Record<string, unknown>) => void): void {
    if (from === to) throw new Error('transfer to self')
    this.chain.debit(b.state, from, planck, `transfer to ${to}`)
    this.chain.credit(b.state, to, planck)
    emit('Balances.Transfer', { from: this.id(from), to: this.id(to), amount: planck })
  }

  emptyBlock(at: number): MinedBlock { return this.op(at, () => {}) }

  transfer(at: number, from: string, to: string, planck: bigint): MinedBlock {
    assertAmount(planck, 'transfer')
    return this.op(at, b => {
      const call = b.codec.call(this.transferCallName(b), { dest: this.dest(to), value: planck })
      b.signed(from, call, emit => this.doTransfer(b, from, to, planck, emit))
    })
  }

  batchTransfer(at: number, from: string, items: { to: string; planck: bigint }[], kind: 'batch' | 'batch_all' = 'batch_all'): MinedBlock {
    if (items.length === 0) throw new Error('batchTransfer: no items')
    items.forEach(i => assertAmount(i.planck, 'batchTransfer'))
    return this.op(at, b => {
      const calls = items.map(i => b.codec.call(this.transferCallName(b), { dest: this.dest(i.to), value: i.planck }))
      const call = b.codec.call(`Utility.${kind}`, { calls })
      b.signed(from, call, emit => {
        for (const i of items) {
          this.doTransfer(b, from, i.to, i.planck, emit)
          emit('Utility.ItemCompleted', [])
        }
        emit('Utility.BatchCompleted', [])
      })
    })
  }

  bond(at: number, stash: string, planck: bigint): MinedBlock {
    assertAmount(planck, 'bond')
    return this.op(at, b => {
      const l = this.chain.ledgerOf(b.state, stash)
      const fresh = l.bonded === 0n && l.unlocking.length === 0
      const call = fresh
        ? b.codec.call('Staking.bond', { controller: this.dest(stash), value: planck, payee: { Staked: null } })
        : b.codec.call('Staking.bond_extra', { maxAdditional: planck })
      b.signed(stash, call, emit => {
        this.chain.debit(b.state, stash, planck, 'bond')
        l.bonded += planck
        emit('Staking.Bonded', { stash: this.id(stash), amount: planck })
      })
    })
  }

  unbond(at: number, stash: string, planck: bigint): MinedBlock {
    assertAmount(planck, 'unbond')
    return this.op(at, b => {
      const l = this.chain.ledgerOf(b.state, stash)
      if (planck > l.bonded) throw new Error(`cannot unbond ${planck} planck: ${stash} has only ${l.bonded} bonded`)
      const call = b.codec.call('Staking.unbond', { value: planck })
      b.signed(stash, call, emit => {
        l.bonded -= planck
        l.unlocking.push({ era: b.state.activeEra + BONDING_DURATION, planck })
        emit('Staking.Unbonded', { stash: this.id(stash), amount: planck })
      })
    })
  }

  withdraw(at: number, stash: string): MinedBlock {
    return this.op(at, b => {
      const l = this.chain.ledgerOf(b.state, stash)
      const era = b.state.activeEra
      const ready = l.unlocking.filter(c => c.era <= era)
      if (ready.length === 0) {
        throw new Error(`nothing to withdraw for ${stash} at active era ${era} (unlocking: ${l.unlocking.map(c => `${c.planck}@${c.era}`).join(', ') || 'none'})`)
      }
      const amount = ready.reduce((s, c) => s + c.planck, 0n)
      const call = b.codec.call('Staking.withdraw_unbonded', { numSlashingSpans: 0 })
      b.signed(stash, call, emit => {
        l.unlocking = l.unlocking.filter(c => c.era > era)
        this.chain.credit(b.state, stash, amount)
        emit('Staking.Withdrawn', { stash: this.id(stash), amount })
      })
    })
  }

  reward(at: number, stash: string, validator: string, planck: bigint, dest: RewardDest = 'Staked'): MinedBlock {
    assertAmount(planck, 'reward')
    return this.op(at, b => {
      const era = b.state.activeEra - 1
      // Asset Hub's wallets pay page by page (pallet_staking_async); the relay's used the unpaged call
      const call = this.chain.profile === 'asset-hub'
        ? b.codec.call('Staking.payout_stakers_by_page', { validatorStash: this.id(validator), era, page: 0 })
        : b.codec.call('Staking.payout_stakers', { validatorStash: this.id(validator), era })
      b.signed(validator, call, emit => {
        emit('Staking.PayoutStarted', { eraIndex: era, validatorStash: this.id(validator), page: 0, next: undefined })
        let destArg: unknown
        if (dest === 'Staked') {
          this.chain.ledgerOf(b.state, stash).bonded += planck
          destArg = { __kind: 'Staked' }
        } else if (dest === 'Stash' || dest === 'Controller') {
          this.chain.credit(b.state, stash, planck)
          destArg = { __kind: dest }
        } else {
          this.chain.credit(b.state, dest.Account, planck)
          destArg = { __kind: 'Account', value: this.id(dest.Account) }
        }
        emit('Staking.Rewarded', { stash: this.id(stash), dest: destArg, amount: planck })
      })
    })
  }

  slash(at: number, stash: string, planck: bigint): MinedBlock {
    assertAmount(planck, 'slash')
    return this.op(at, b => {
      const l = this.chain.ledgerOf(b.state, stash)
      if (planck > l.bonded) throw new Error(`cannot slash ${planck} planck: ${stash} has only ${l.bonded} bonded`)
      l.bonded -= planck
      b.initEvent('Staking.Slashed', { staker: this.id(stash), amount: planck })
    })
  }

  eraPaid(at: number): MinedBlock {
    return this.op(at, b => this.chain.emitEraPaid(b))
  }

  nominate(at: number, stash: string, validators: string[], wrap: NominateWrap = 'none', proxy = 'proxy'): MinedBlock {
    if (validators.length === 0) throw new Error('nominate: no validators')
    return this.op(at, b => {
      const inner = b.codec.call('Staking.nominate', { targets: validators.map(v => this.dest(v)) })
      if (wrap === 'none') {
        b.signed(stash, inner, () => {})
      } else if (wrap === 'batch') {
        const call = b.codec.call('Utility.batch', { calls: [inner] })
        b.signed(stash, call, emit => {
          emit('Utility.ItemCompleted', [])
          emit('Utility.BatchCompleted', [])
        })
      } else {
        const call: Call = b.codec.call('Proxy.proxy', { real: this.dest(stash), forceProxyType: null, call: inner })
        b.signed(proxy, call, emit => {
          emit('Proxy.ProxyExecuted', { result: { __kind: 'Ok' } })
        })
      }
    })
  }

  /**
   * `System.remark(data)` of `from` (e.g. Ankr's Ledger claim request, SPEC §4.15): signed by `from`,
   * inside a utility batch of its own, or `proxy.proxy(real: from, call)` signed by `proxy`.
   */
  remark(at: number, from: string, data: Uint8Array | string, wrap: RemarkWrap = 'none', proxy = 'proxy'): MinedBlock {
    const hex = typeof data === 'string' ? data : '0x' + Buffer.from(data).toString('hex')
    if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`remark: data must be bytes or 0x hex, got ${hex.slice(0, 20)}`)
    return this.op(at, b => {
      const inner = b.codec.call('System.remark', { remark: hex })
      if (wrap === 'none') {
        b.signed(from, inner, () => {})
      } else if (wrap === 'proxy') {
        const call: Call = b.codec.call('Proxy.proxy', { real: this.dest(from), forceProxyType: null, call: inner })
        b.signed(proxy, call, emit => {
          emit('Proxy.ProxyExecuted', { result: { __kind: 'Ok' } })
        })
      } else {
        const call = b.codec.call(`Utility.${wrap}`, { calls: [inner] })
        b.signed(from, call, emit => {
          emit('Utility.ItemCompleted', [])
          emit('Utility.BatchCompleted', [])
        })
      }
    })
  }

  /** Runtime upgrade enacted in this block (System.CodeUpdated, Initialization phase): the state from this block on reports `specVersion`. */
  upgrade(at: number, specVersion: number): MinedBlock {
    const supported = SUPPORTED_SPECS[this.chain.profile]
    if (!supported.includes(specVersion)) throw new Error(`upgrade: spec ${specVersion} not supported on profile ${this.chain.profile}`)
    if (specVersion === this.specVersion()) throw new Error(`upgrade: already at spec ${specVersion}`)
    return this.op(at, b => {
      b.initEvent('System.CodeUpdated', [])
      b.state.spec = specVersion
    })
  }

  // ---------------------------------------------------------------- test-only faults
  // Proof-of-reserves fault tests (SPEC §4.14) need balance changes that no event explains. These are
  // not chain behaviour: each mines its own block carrying only the Timestamp inherent (and its
  // ExtrinsicSuccess; an era boundary still adds EraPaid), and changes `name`'s spendable balance silently.

  /** TEST-ONLY FAULT: adds `planck` to `name`'s free balance without any event. */
  silentMint(at: number, name: string, planck: bigint): MinedBlock {
    assertAmount(planck, 'silentMint')
    return this.op(at, b => this.chain.credit(b.state, name, planck))
  }

  /** TEST-ONLY FAULT: removes `planck` from `name`'s free balance without any event; throws (mining nothing) if it has less. */
  silentBurn(at: number, name: string, planck: bigint): MinedBlock {
    assertAmount(planck, 'silentBurn')
    return this.op(at, b => this.chain.debit(b.state, name, planck, 'silentBurn'))
  }

  // ---------------------------------------------------------------- the Asset Hub migration (SPEC §4.13; see migration.ts)
  /** the relay chain's last block, once it migrated; undefined before (and on Asset Hub) */
  retiredSince(): number | undefined { return this.chain.retiredSince() }

  /**
   * The relay chain's last block at `at`: no per-account event (only RcMigrator's batch-level
   * AssetHubMigrationFinished where the runtime has that pallet), final at once; every later op refuses.
   */
  retire(at: number): MinedBlock {
    const b = this.op(at, b => {
      if (this.chain.profile !== 'relay') throw new Error(`only the relay chain migrates to Asset Hub, not ${this.chain.profile}`)
      if (b.codec.hasEvent('RcMigrator.AssetHubMigrationFinished')) b.initEvent('RcMigrator.AssetHubMigrationFinished', [])
    })
    this.chain.retire()
    return b
  }

  /** a copy of what the migration moves: every account's balance, ledger, nonce, and the active era */
  carriedState(): CarriedState { return this.chain.carriedState() }

  /**
   * Asset Hub's first block at `at`, holding `carried` (AhMigrator's batch-level events only), final at
   * once: the migration is not something a fork takes back.
   */
  continueFrom(at: number, carried: CarriedState): MinedBlock {
    const b = toMined(this.chain.continueFrom(at, carried, b => {
      for (const e of ['AhMigrator.AssetHubMigrationStarted', 'AhMigrator.AssetHubMigrationFinished']) {
        if (b.codec.hasEvent(e)) b.initEvent(e, [])
      }
    }))
    this.chain.finalize()
    return b
  }

  finalize(): void { this.chain.finalize() }

  reorg(depth: number): MinedBlock[] { return this.chain.reorg(depth).map(toMined) }
}
