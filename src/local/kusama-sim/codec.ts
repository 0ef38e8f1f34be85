/**
 * SCALE encoding of events, calls and extrinsics for one runtime (spec version), through @polkadot/types
 * driven by the real metadata. Values are given in the shape @subsquid/substrate-runtime decodes them to
 * (AccountId32 as 0x-hex, u64+ as bigint, u8..u32 as number, enums as {__kind, value}, structs with camelCase
 * keys, Option as value|undefined) and converted to polkadot-js inputs here.
 */
import { Metadata, TypeRegistry } from '@polkadot/types'
import type { Call } from '@polkadot/types/interfaces'
import type { KeyringPair } from '@polkadot/keyring/types'
import { compactToU8a, u8aConcat, u8aToHex, stringCamelCase } from '@polkadot/util'
import { metadataV14Hex, runtimeVersion, RuntimeVersionJson } from '../../chains/kusama/metadata'

interface FieldInfo { name: string | null; type: number }
interface EventInfo { index: Uint8Array; fields: FieldInfo[] }
interface CallInfo { index: Uint8Array; fields: FieldInfo[] }

export function camel(name: string): string {
  // same as @subsquid/util-naming toCamelCase for snake_case identifiers
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
}

export function snake(name: string): string {
  return name.replace(/[A-Z]/g, c => '_' + c.toLowerCase()).replace(/^_/, '')
}

/** subsquid-style value -> polkadot-js createType input */
export function toPjs(v: unknown): unknown {
  if (v === undefined) return null
  if (v === null || typeof v !== 'object') return v
  if (v instanceof Uint8Array) return v
  if (Array.isArray(v)) return v.map(toPjs)
  if ('__kind' in (v as any)) {
    const kind = (v as any).__kind as string
    return { [kind]: 'value' in (v as any) ? toPjs((v as any).value) : null }
  }
  if (typeof (v as any).toU8a === 'function') return v // already a codec (e.g. Call)
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v as object)) out[k] = toPjs(x)
  return out
}

export class SpecCodec {
  readonly registry: TypeRegistry
  readonly metadata: Metadata
  readonly version: RuntimeVersionJson
  private events = new Map<string, EventInfo>()
  private calls = new Map<string, CallInfo>()
  private fieldEncoders = new Map<number, string>()

  constructor(readonly specVersion: number) {
    this.version = runtimeVersion(specVersion)
    this.registry = new TypeRegistry()
    this.metadata = new Metadata(this.registry, metadataV14Hex(specVersion) as `0x${string}`)
    this.registry.setMetadata(this.metadata)
    const v14 = this.metadata.asV14
    const lookup = v14.lookup
    for (const p of v14.pallets) {
      const pallet = p.name.toString()
      const idx = p.index.toNumber()
      const collect = (typeId: number, into: Map<string, { index: Uint8Array; fields: FieldInfo[] }>) => {
        const def = lookup.getSiType(typeId).def
        if (!def.isVariant) return
        for (const v of def.asVariant.variants) {
          into.set(`${pallet}.${v.name.toString()}`, {
            index: new Uint8Array([idx, v.index.toNumber()]),
            fields: v.fields.map(f => ({
              name: f.name.isSome ? f.name.unwrap().toString() : null,
              type: f.type.toNumber(),
            })),
          })
        }
      }
      if (p.events.isSome) collect(p.events.unwrap().type.toNumber(), this.events)
      if (p.calls.isSome) collect(p.calls.unwrap().type.toNumber(), this.calls)
    }
  }

  hasEvent(name: string): boolean { return this.events.has(name) }
  hasCall(name: string): boolean { return this.calls.has(name) }

  eventFields(name: string): FieldInfo[] {
    const e = this.events.get(name)
    if (!e) throw new Error(`spec ${this.specVersion} has no event ${name}`)
    return e.fields
  }

  private typeName(typeId: number): string {
    let n = this.fieldEncoders.get(typeId)
    if (n == null) {
      n = this.registry.createLookupType(typeId)
      this.fieldEncoders.set(typeId, n)
    }
    return n
  }

  encodeValue(typeId: number, value: unknown): Uint8Array {
    return this.registry.createTypeUnsafe(this.typeName(typeId), [toPjs(value)]).toU8a()
  }

  /**
   * Build the args of an event from a superset of named values and encode it.
   * Returns the subsquid-style args (only the fields this spec's event has) and the bytes.
   */
  event(name: string, superset: Record<string, unknown> | unknown[]): { args: unknown; bytes: Uint8Array } {
    const info = this.events.get(name)
    if (!info) throw new Error(`spec ${this.specVersion} has no event ${name}`)
    const parts: Uint8Array[] = [info.index]
    let args: unknown
    if (info.fields.length > 0 && info.fields.every(f => f.name != null)) {
      const obj: Record<string, unknown> = {}
      for (const f of info.fields) {
        const key = camel(f.name!)
        if (Array.isArray(superset) || !(key in superset)) {
          throw new Error(`event ${name} (spec ${this.specVersion}) needs field ${key}`)
        }
        obj[key] = (superset as any)[key]
        parts.push(this.encodeValue(f.type, obj[key]))
      }
      args = obj
    } else {
      // tuple event (or no fields): positional
      const list = Array.isArray(superset) ? superset : []
      if (list.length !== info.fields.length) {
        throw new Error(`event ${name} (spec ${this.specVersion}) takes ${info.fields.length} positional args`)
      }
      info.fields.forEach((f, i) => parts.push(this.encodeValue(f.type, list[i])))
      args = list.length === 0 ? undefined : list.length === 1 ? list[0] : list
    }
    return { args, bytes: u8aConcat(...parts) }
  }

  /** Build a call; `superset` holds camelCase args in polkadot-js form, only the call's own fields are used. */
  call(name: string, superset: Record<string, unknown>): Call {
    const info = this.calls.get(name)
    if (!info) throw new Error(`spec ${this.specVersion} has no call ${name}`)
    const args: unknown[] = info.fields.map(f => {
      const key = stringCamelCase(f.name ?? '')
      const k2 = camel(f.name ?? '')
      const v = key in superset ? superset[key] : superset[k2]
      if (v === undefined) throw new Error(`call ${name} (spec ${this.specVersion}) needs arg ${k2}`)
      return v
    })
    return this.registry.createType('Call', { callIndex: info.index, args }) as unknown as Call
  }

  unsignedExtrinsic(call: Call): Uint8Array {
    return this.registry.createType('Extrinsic', call).toU8a()
  }

  signedExtrinsic(call: Call, pair: KeyringPair, nonce: number, genesisHash: string, tip = 0n): Uint8Array {
    const ext = this.registry.createType('Extrinsic', call)
    ext.sign(pair, {
      blockHash: genesisHash,
      genesisHash,
      nonce,
      tip,
      runtimeVersion: {
        specVersion: this.version.specVersion,
        transactionVersion: this.version.transactionVersion,
      } as any,
      signedExtensions: this.registry.signedExtensions,
      era: this.registry.createType('ExtrinsicEra', '0x00'),
    } as any)
    return ext.toU8a()
  }

  /** A subsquid-style zero value of a lookup type (first variant for enums, undefined for Option). */
  zero(typeId: number): unknown {
    const lookup = this.metadata.asV14.lookup
    const ty = lookup.getSiType(typeId)
    const def = ty.def
    if (def.isComposite) {
      const fields = def.asComposite.fields
      if (fields.length === 0) return null
      if (fields.every(f => f.name.isSome)) {
        const o: Record<string, unknown> = {}
        for (const f of fields) o[camel(f.name.unwrap().toString())] = this.zero(f.type.toNumber())
        return o
      }
      if (fields.length === 1) return this.zero(fields[0].type.toNumber())
      return fields.map(f => this.zero(f.type.toNumber()))
    }
    if (def.isVariant) {
      const path = ty.path.map(s => s.toString())
      if (path.length === 1 && path[0] === 'Option') return undefined
      const v = def.asVariant.variants[0]
      if (v.fields.length === 0) return { __kind: v.name.toString() }
      return { __kind: v.name.toString(), value: v.fields.length === 1 ? this.zero(v.fields[0].type.toNumber()) : v.fields.map(f => this.zero(f.type.toNumber())) }
    }
    if (def.isSequence) {
      const inner = lookup.getSiType(def.asSequence.type).def
      if (inner.isPrimitive && inner.asPrimitive.toString() === 'U8') return '0x'
      return []
    }
    if (def.isArray) {
      const inner = lookup.getSiType(def.asArray.type).def
      const len = def.asArray.len.toNumber()
      if (inner.isPrimitive && inner.asPrimitive.toString() === 'U8') return '0x' + '00'.repeat(len)
      return Array.from({ length: len }, () => this.zero(def.asArray.type.toNumber()))
    }
    if (def.isTuple) {
      const t = def.asTuple
      if (t.length === 0) return null
      return t.map(x => this.zero(x.toNumber()))
    }
    if (def.isCompact) return this.zero(def.asCompact.type.toNumber())
    if (def.isPrimitive) {
      switch (def.asPrimitive.toString()) {
        case 'Bool': return false
        case 'Str': return ''
        case 'U8': case 'U16': case 'U32': case 'I8': case 'I16': case 'I32': case 'Char': return 0
        default: return 0n
      }
    }
    throw new Error(`zero(): unsupported type ${typeId}`)
  }
}

export function encodeEventRecords(records: { phase: Uint8Array; event: Uint8Array }[]): string {
  const parts: Uint8Array[] = [compactToU8a(records.length)]
  for (const r of records) parts.push(r.phase, r.event, new Uint8Array([0]))
  return u8aToHex(u8aConcat(...parts))
}

const codecs = new Map<number, SpecCodec>()
export function specCodec(specVersion: number): SpecCodec {
  let c = codecs.get(specVersion)
  if (!c) {
    c = new SpecCodec(specVersion)
    codecs.set(specVersion, c)
  }
  return c
}
