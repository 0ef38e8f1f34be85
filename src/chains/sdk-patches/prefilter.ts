/**
 * SDK patch, written against @subsquid/substrate-processor 8.5.1 (`RpcDataSource.getFinalizedBlocks`,
 * `processHotBlocks` and `mapBlock`, lib/ds-rpc.js; its filter lib/ds-rpc-filter.js) and the parsed
 * blocks of @subsquid/substrate-data 4.2.1. Checked at start-up by index.ts.
 *
 * Over RPC, substrate-processor 8.5 turns every event, call and extrinsic of every parsed block into
 * its public Event/Call/Extrinsic objects (args deep-converted to JSON, each object with seven
 * WeakMap-backed private fields) and only then drops what the data request did not ask for. On a
 * busy chain the pool's items are a few of thousands, and that mapping was the processor's largest
 * CPU cost in bench/kusama-ingest (a fifth, plus the garbage it leaves).
 *
 * This narrows the parsed block BEFORE the SDK maps it, to a superset of what the SDK's own filter
 * (ds-rpc-filter.js) will keep, so the SDK's mapping, linking and filtering then produce exactly the
 * blocks they would have produced from the whole block (test/kusama/prefilter.test.ts compares the
 * two on every shape the simulator emits). The superset rules, per block:
 *  - an event is kept if an event request names it (or a call request with `events` keeps all
 *    events of the extrinsic of a kept call);
 *  - ALL calls of an extrinsic are kept if any call of it is requested by name, or a kept event
 *    asks for its `call` or `stack` — whole extrinsics, because the SDK links a call to its nearest
 *    present ancestor, and a partial tree could link a grandparent;
 *  - an extrinsic is kept if a kept event or call belongs to it.
 * A request the rules do not cover (EVM logs, contracts, Gear, Ethereum transactions, an event or
 * call request without names) disables the pre-filter for its blocks. KUSAMA_PREFILTER=0 (or
 * SQUID_SDK_PATCHES=0) turns it off.
 */
import { patchRpcDataSource, requireMethods } from './rpc-data-source'

interface ParsedEvent { name: string; extrinsicIndex?: number }
interface ParsedCall { name: string; extrinsicIndex: number }
interface ParsedExtrinsic { index: number }
/** The parsed block substrate-data hands to substrate-processor's mapBlock (the fields read here). */
export interface ParsedBlock {
    header: { height: number }
    events?: ParsedEvent[]
    calls?: ParsedCall[]
    extrinsics?: ParsedExtrinsic[]
}

interface Relations { extrinsic?: boolean; call?: boolean; stack?: boolean; events?: boolean }
interface NamedRequest extends Relations { name?: string[] }
/** substrate-processor's DataRequest, as far as the pre-filter understands it. */
export interface DataRequest {
    events?: NamedRequest[]
    calls?: NamedRequest[]
    [other: string]: unknown
}

const UNDERSTOOD = new Set(['fields', 'events', 'calls', 'includeAllBlocks'])

interface Plan {
    /** event name → does a kept event of that name need its extrinsic's calls */
    events: Map<string, boolean>
    /** call name → do kept calls of that name need their extrinsic's events */
    calls: Map<string, boolean>
}

const plans = new WeakMap<DataRequest, Plan | null>()

/** What the pre-filter keeps for a request; null when it cannot narrow it safely. */
export function planFor(request: DataRequest): Plan | null {
    let plan = plans.get(request)
    if (plan !== undefined) return plan
    plan = buildPlan(request)
    plans.set(request, plan)
    return plan
}

function buildPlan(request: DataRequest): Plan | null {
    for (const [key, value] of Object.entries(request)) {
        if (value == null || (Array.isArray(value) && value.length === 0)) continue
        if (!UNDERSTOOD.has(key)) return null
    }
    const events = new Map<string, boolean>()
    for (const r of request.events ?? []) {
        if (!r.name) return null
        for (const n of r.name) events.set(n, (events.get(n) ?? false) || !!r.call || !!r.stack)
    }
    const calls = new Map<string, boolean>()
    for (const r of request.calls ?? []) {
        if (!r.name) return null
        for (const n of r.name) calls.set(n, (calls.get(n) ?? false) || !!r.events)
    }
    return { events, calls }
}

/** Narrows `block`'s events, calls and extrinsics in place; answers false if it left the block whole. */
export function prefilterBlock(block: ParsedBlock, request: DataRequest | undefined): boolean {
    const plan = request ? planFor(request) : { events: new Map(), calls: new Map() }
    if (!plan) return false
    const callExtrinsics = new Set<number>()
    const eventExtrinsics = new Set<number>()
    for (const c of block.calls ?? []) {
        const needEvents = plan.calls.get(c.name)
        if (needEvents === undefined) continue
        callExtrinsics.add(c.extrinsicIndex)
        if (needEvents) eventExtrinsics.add(c.extrinsicIndex)
    }
    if (block.events) {
        block.events = block.events.filter(e => {
            const needCalls = plan.events.get(e.name)
            if (needCalls === undefined) return e.extrinsicIndex != null && eventExtrinsics.has(e.extrinsicIndex)
            if (needCalls && e.extrinsicIndex != null) callExtrinsics.add(e.extrinsicIndex)
            return true
        })
    }
    const extrinsics = new Set<number>(callExtrinsics)
    for (const e of block.events ?? []) if (e.extrinsicIndex != null) extrinsics.add(e.extrinsicIndex)
    if (block.calls) block.calls = block.calls.filter(c => callExtrinsics.has(c.extrinsicIndex))
    if (block.extrinsics) block.extrinsics = block.extrinsics.filter(x => extrinsics.has(x.index))
    return true
}

interface RangeRequest { range: { from: number; to?: number }; request: DataRequest }

function requestAt(requests: RangeRequest[], height: number): DataRequest | undefined {
    for (const r of requests) {
        if (r.range.from <= height && (r.range.to == null || height <= r.range.to)) return r.request
    }
    return undefined
}

export function installPrefilter(processor: object): void {
    patchRpcDataSource(processor, ds => {
        requireMethods(ds, 'getFinalizedBlocks', 'processHotBlocks', 'mapBlock')
        let requests: RangeRequest[] = []
        const getFinalizedBlocks = ds.getFinalizedBlocks.bind(ds)
        const processHotBlocks = ds.processHotBlocks.bind(ds)
        const mapBlock = ds.mapBlock.bind(ds)
        ds.getFinalizedBlocks = (r: RangeRequest[], stopOnHead?: boolean) => {
            requests = r
            return getFinalizedBlocks(r, stopOnHead)
        }
        ds.processHotBlocks = (r: RangeRequest[], state: unknown, cb: unknown) => {
            requests = r
            return processHotBlocks(r, state, cb)
        }
        ds.mapBlock = (src: ParsedBlock) => {
            prefilterBlock(src, requestAt(requests, src.header.height))
            return mapBlock(src)
        }
    })
}
