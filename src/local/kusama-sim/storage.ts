/**
 * Storage the simulator serves besides System.Events: System.Account(AccountId32) and
 * Staking.Ledger(AccountId32) at any canonical block, keys and values through the block's own runtime
 * metadata (@polkadot/types' storage decoration for keys and hashers, the entry's value type for the
 * SCALE value). What the values mean: storage-values.ts.
 */
import type { StorageKey } from '@polkadot/types'
import type { StorageEntry } from '@polkadot/types/primitive/types'
import { expandMetadata } from '@polkadot/types/metadata/decorate'
import { u8aToHex } from '@polkadot/util'
import type { BlockRec, KusamaChain } from './chain'
import { specCodec, SpecCodec } from './codec'
import { accountInfo, stakingLedger } from './storage-values'
import type { AccountSnapshot } from './storage-history'

type Obj = Record<string, unknown>
export type SimStorageItem = 'System.Account' | 'Staking.Ledger'

interface Entry {
  item: SimStorageItem
  fn: StorageEntry
  /** 0x-hex of twox128(pallet) ++ twox128(item) */
  prefix: string
  valueType: number
  zero: Obj
}

/** One runtime's view of the two entries. */
class SpecStorage {
  readonly entries: Entry[]
  /** storage key -> the entry and account it names (only keys that parsed) */
  private parsed = new Map<string, { entry: Entry; account: string }>()

  constructor(readonly codec: SpecCodec) {
    const query = expandMetadata(codec.registry, codec.metadata).query as Record<string, Record<string, StorageEntry>>
    this.entries = (['System.Account', 'Staking.Ledger'] as const).map(item => {
      const [pallet, name] = item.split('.')
      const fn = query[pallet.toLowerCase()]?.[name.toLowerCase()]
      if (!fn) throw new Error(`spec ${codec.specVersion} has no storage ${item}`)
      const valueType = fn.meta.type.asMap.value.toNumber()
      return { item, fn, prefix: u8aToHex(fn.keyPrefix()), valueType, zero: codec.zero(valueType) as Obj }
    })
  }

  key(item: SimStorageItem, account: string): string {
    return this.keyOf(this.entries.find(e => e.item === item)!, account)
  }

  private keyOf(entry: Entry, account: string): string {
    return (this.codec.registry.createType('StorageKey', [entry.fn, [account]]) as StorageKey).toHex()
  }

  /**
   * The entry and account a key names: the account is decoded by the entry's hashers
   * (Blake2_128Concat carries it) and the key re-derived from it, so only exact keys match.
   */
  parse(key: string): { entry: Entry; account: string } | undefined {
    const hit = this.parsed.get(key)
    if (hit) return hit
    for (const entry of this.entries) {
      if (!key.startsWith(entry.prefix)) continue
      const account = this.decodeAccount(entry, key)
      if (account && this.keyOf(entry, account) === key) {
        const r = { entry, account }
        this.parsed.set(key, r)
        return r
      }
    }
    return undefined
  }

  private decodeAccount(entry: Entry, key: string): string | undefined {
    try {
      const k = this.codec.registry.createType('StorageKey', key) as StorageKey
      k.setMeta(entry.fn.meta, entry.fn.section, entry.fn.method)
      return k.args?.[0]?.toHex()
    } catch {
      return undefined
    }
  }

  encode(entry: Entry, value: Obj | undefined): string | null {
    if (value === undefined) return null
    return u8aToHex(this.codec.encodeValue(entry.valueType, value))
  }
}

const specStorages = new Map<number, SpecStorage>()
function specStorage(spec: number): SpecStorage {
  let s = specStorages.get(spec)
  if (!s) {
    s = new SpecStorage(specCodec(spec))
    specStorages.set(spec, s)
  }
  return s
}

/** The storage key of `item(account)` (0x public key) in runtime `spec`. */
export function storageKey(spec: number, item: SimStorageItem, account: string): string {
  return specStorage(spec).key(item, account)
}

export class SimStorage {
  constructor(private chain: KusamaChain) {}

  /** Whether `key` (lowercase 0x-hex) is one of the entries served here, in the runtime of `block`. */
  knows(key: string, block: BlockRec): boolean {
    return specStorage(block.specVersion).parse(key) !== undefined
  }

  /**
   * The SCALE value (0x-hex) of `key` after canonical block `block`, or null for an absent entry or a
   * key not served here (a node answers null for any absent key). Encoded with the runtime of the
   * state after `block` (= what state_getMetadata(block) answers).
   */
  read(key: string, block: BlockRec): string | null {
    const spec = specStorage(block.specVersion)
    const p = spec.parse(key)
    if (!p) return null
    const snap: AccountSnapshot | undefined = this.chain.history.at(p.account, block.height)
    const value = p.entry.item === 'System.Account'
      ? accountInfo(this.chain.profile, snap, p.entry.zero)
      : stakingLedger(p.account, snap, p.entry.zero)
    return spec.encode(p.entry, value)
  }
}
