/**
 * What the decoders take and what they throw. Decoding is the only place that knows runtime
 * shapes; everything downstream sees one normalized shape per domain event.
 */
import type { Runtime } from '@subsquid/substrate-runtime'

/** The parts of an SDK event/call the decoders need (an SDK Event or Call satisfies it). */
export interface DecodableItem {
    name: string
    args: unknown
    block: { height: number; specVersion: number; specName?: string; _runtime: Runtime }
}

/**
 * An event or call whose shape matches none of the known runtime versions. It stops the
 * processor: indexing on with a wrong reading of the chain would corrupt the pool's accounts.
 */
export class UnknownShapeError extends Error {
    constructor(readonly kind: 'event' | 'call', readonly itemName: string, readonly height: number, readonly specVersion: number) {
        super(`Kusama block ${height}: unknown shape of ${kind} ${itemName} in runtime spec version ${specVersion}; `
            + `add this version's shape to src/chains/kusama/decoding (typegen.json) before indexing further`)
        this.name = 'UnknownShapeError'
    }
}

export function unknownEvent(e: DecodableItem): never {
    throw new UnknownShapeError('event', e.name, e.block.height, e.block.specVersion)
}

export function unknownCall(c: DecodableItem): never {
    throw new UnknownShapeError('call', c.name, c.block.height, c.block.specVersion)
}

/** Account ids travel as lower-case 0x hex of the 32-byte public key. */
export function accountHex(v: string): string {
    return v.toLowerCase()
}
