import { Runtime } from '@subsquid/substrate-runtime'
import { metadataV14Hex, runtimeVersion } from '../../src/chains/kusama/metadata'
import { KusamaSimulator, MinedBlock } from '../../src/local/kusama-sim'

const runtimes = new Map<number, Runtime>()
export function runtimeOf(spec: number): Runtime {
  let r = runtimes.get(spec)
  if (!r) {
    r = new Runtime(runtimeVersion(spec), metadataV14Hex(spec))
    runtimes.set(spec, r)
  }
  return r
}

export const T0 = Date.parse('2026-01-05T00:00:00Z')
export const HOUR = 3600_000

/** Decode a block's System.Events storage and extrinsics with @subsquid/substrate-runtime. */
export function decodeBlock(sim: KusamaSimulator, b: MinedBlock) {
  const rt = runtimeOf(b.encodedWithSpec)
  const rec = sim.chain.byHash.get(b.hash)!
  const items = rt.decodeStorageValue('System.Events', JSON.parse(rec.eventsJson)) as any[]
  const events = items.map((it, index) => {
    const { name, args } = rt.toEventRecord(it.event)
    const e: any = { index, phase: it.phase.__kind, name, args }
    if (it.phase.__kind === 'ApplyExtrinsic') e.extrinsicIndex = it.phase.value
    return e
  })
  const extrinsics = b.extrinsics.map(hex => {
    const x = rt.decodeExtrinsic(hex)
    return { ...x, call: rt.toCallRecord(x.call) }
  })
  return { events, extrinsics }
}

/** SimEvent list in the exact shape the SDK decoder produces (undefined keys dropped). */
export function normalized(events: MinedBlock['events'], form: 'sdk' | 'decoded') {
  return events.map(e => {
    const o: any = { index: e.index, phase: e.phase, name: e.name, args: form === 'sdk' ? e.args : e.decodedArgs }
    if (e.extrinsicIndex != null) o.extrinsicIndex = e.extrinsicIndex
    return o
  })
}
