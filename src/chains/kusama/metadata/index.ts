/**
 * Real Kusama / Kusama Asset Hub metadata, served as V14 (what real nodes answer on state_getMetadata
 * and what @subsquid/substrate-runtime + substrate-typegen accept).
 *
 * Sources: @polkadot/types-support (v14 kusama = 1003000, v15 kusama = 1009002, v15 asset-hub-kusama = 1009003)
 * and the hex files next to this module (kusama-1002000.hex, V14).
 * V15 blobs are wrapped in Option<OpaqueMetadata>; they are unwrapped and down-converted to V14.
 */
import * as fs from 'fs'
import * as path from 'path'
import { Metadata, TypeRegistry } from '@polkadot/types'
import { compactFromU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util'

export type KusamaProfile = 'relay' | 'asset-hub'

export interface RuntimeVersionJson {
  specName: string
  implName: string
  authoringVersion: number
  specVersion: number
  implVersion: number
  apis: [string, number][]
  transactionVersion: number
  stateVersion: number
}

export const SUPPORTED_SPECS: Record<KusamaProfile, number[]> = {
  relay: [1002000, 1003000, 1009002],
  'asset-hub': [1009003],
}

export function profileOfSpec(specVersion: number): KusamaProfile {
  for (const p of Object.keys(SUPPORTED_SPECS) as KusamaProfile[]) {
    if (SUPPORTED_SPECS[p].includes(specVersion)) return p
  }
  throw new Error(`unsupported Kusama spec version ${specVersion}`)
}

function typesSupport(file: string): any {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(`@polkadot/types-support/metadata/${file}`).default
}

function readLocalHex(file: string): string {
  // compiled code runs from lib/, the .hex files live in src/ (tsc does not copy them)
  const candidates = [
    path.join(__dirname, file),
    path.resolve(__dirname, '../../../../src/chains/kusama/metadata', file),
  ]
  for (const c of candidates) {
    if (fs.existsSync(c)) return fs.readFileSync(c, 'utf8').trim()
  }
  throw new Error(`metadata file ${file} not found (looked in ${candidates.join(', ')})`)
}

const MAGIC = '6d657461'

/** Strip an Option<OpaqueMetadata> (0x01 ++ compact length) wrapper if present. */
export function unwrapOpaqueMetadata(hex: string): Uint8Array {
  const u8a = hexToU8a(hex)
  if (u8aToHex(u8a.subarray(0, 4)) === '0x' + MAGIC) return u8a
  if (u8a[0] !== 1) throw new Error('metadata: neither magic nor Option<OpaqueMetadata>')
  const [offset, len] = compactFromU8a(u8a.subarray(1))
  const body = u8a.subarray(1 + offset, 1 + offset + len.toNumber())
  if (u8aToHex(body.subarray(0, 4)) !== '0x' + MAGIC) throw new Error('metadata: no magic after Option prefix')
  return body
}

/** Down-convert V15 (or pass through V14) metadata bytes to a V14 hex string. */
export function toV14Hex(raw: string | Uint8Array): string {
  const u8a = typeof raw === 'string' ? unwrapOpaqueMetadata(raw) : raw
  const version = u8a[4]
  if (version === 14) return u8aToHex(u8a)
  if (version !== 15) throw new Error(`metadata: cannot convert V${version} to V14`)
  const registry = new TypeRegistry()
  const md = new Metadata(registry, u8a)
  const v15 = md.asV15
  // the runtime's UncheckedExtrinsic type (present in the V15 lookup of every Kusama runtime)
  const ue = v15.lookup.types.filter(t => {
    const p = t.type.path.map(s => s.toString())
    return p[0] === 'sp_runtime' && p[p.length - 1] === 'UncheckedExtrinsic'
  })
  if (ue.length !== 1) throw new Error(`metadata: expected exactly one UncheckedExtrinsic type, found ${ue.length}`)
  const v14 = registry.createType('MetadataV14', {
    lookup: v15.lookup,
    pallets: v15.pallets.map(p => ({
      name: p.name,
      storage: p.storage,
      calls: p.calls,
      events: p.events,
      constants: p.constants,
      errors: p.errors,
      index: p.index,
    })),
    extrinsic: {
      type: ue[0].id,
      version: v15.extrinsic.version,
      signedExtensions: v15.extrinsic.signedExtensions.map(e => ({
        identifier: e.identifier,
        type: e.type,
        additionalSigned: e.additionalSigned,
      })),
    },
    type: v15.type,
  })
  return u8aToHex(u8aConcat(hexToU8a('0x' + MAGIC), new Uint8Array([14]), v14.toU8a()))
}

const cache = new Map<number, string>()

/** V14 metadata hex (0x-prefixed, with magic) of a supported spec. */
export function metadataV14Hex(specVersion: number): string {
  let hex = cache.get(specVersion)
  if (hex != null) return hex
  switch (specVersion) {
    case 1002000:
      hex = toV14Hex(readLocalHex('kusama-1002000.hex'))
      break
    case 1003000:
      hex = toV14Hex(typesSupport('v14/kusama-hex'))
      break
    case 1009002:
      hex = toV14Hex(typesSupport('v15/kusama-hex'))
      break
    case 1009003:
      hex = toV14Hex(typesSupport('v15/asset-hub-kusama-hex'))
      break
    default:
      throw new Error(`unsupported Kusama spec version ${specVersion}`)
  }
  cache.set(specVersion, hex)
  return hex
}

/** The runtime version object a node answers on state_getRuntimeVersion. */
export function runtimeVersion(specVersion: number): RuntimeVersionJson {
  let src: any
  switch (specVersion) {
    case 1002000:
    case 1003000:
      src = typesSupport('v14/kusama-ver')
      break
    case 1009002:
      src = typesSupport('v15/kusama-ver')
      break
    case 1009003:
      src = typesSupport('v15/asset-hub-kusama-ver')
      break
    default:
      throw new Error(`unsupported Kusama spec version ${specVersion}`)
  }
  return {
    specName: src.specName,
    implName: src.implName,
    authoringVersion: src.authoringVersion,
    specVersion,
    implVersion: src.implVersion,
    apis: src.apis,
    transactionVersion: specVersion === 1002000 ? 25 : src.transactionVersion,
    stateVersion: src.stateVersion ?? 1,
  }
}
