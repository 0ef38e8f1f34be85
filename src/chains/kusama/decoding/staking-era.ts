/**
 * The era clock's inputs, every shape, newest first:
 *   EraPaid          struct {eraIndex, validatorPayout, remainder} 9300+   tuple 9090+
 *                    EraPayout tuple (EraIndex, Balance, Balance) before 9090
 *   SessionRotated   struct {startingSession, activeEra, plannedEra}       Asset Hub (pallet_staking_async) only:
 *                    the active era named outright at every session, so Asset Hub's clock need not wait
 *                    for an era's end
 *   ActiveEra        storage {index, start}, read once when indexing starts between two EraPaid
 */
import * as relay from '../types/staking/events'
import * as ah from '../types-asset-hub/staking/events'
import * as relayStorage from '../types/staking/storage'
import * as ahStorage from '../types-asset-hub/staking/storage'
import type { Runtime } from '@subsquid/substrate-runtime'
import { DecodableItem, unknownEvent } from './errors'

export interface EraPaidArgs { era: number; validatorPayout: bigint; remainder: bigint | null }
export interface SessionRotatedArgs { startingSession: number; activeEra: number; plannedEra: number }

/** Staking.EraPaid (every shape) and Staking.EraPayout (before 9090) */
export function decodeEraPaid(e: DecodableItem): EraPaidArgs {
    if (e.name === 'Staking.EraPaid') {
        if (ah.eraPaid.v1009003.is(e)) {
            const { eraIndex, validatorPayout, remainder } = ah.eraPaid.v1009003.decode(e)
            return { era: eraIndex, validatorPayout, remainder }
        }
        if (relay.eraPaid.v1002000.is(e)) {
            const { eraIndex, validatorPayout, remainder } = relay.eraPaid.v1002000.decode(e)
            return { era: eraIndex, validatorPayout, remainder }
        }
        if (relay.eraPaid.v9100.is(e)) {
            const [era, validatorPayout, remainder] = relay.eraPaid.v9100.decode(e)
            return { era, validatorPayout, remainder }
        }
    } else if (e.name === 'Staking.EraPayout') {
        if (relay.eraPayout.v2008.is(e)) {
            const [era, validatorPayout, remainder] = relay.eraPayout.v2008.decode(e)
            return { era, validatorPayout, remainder }
        }
    }
    return unknownEvent(e)
}

/** Staking.SessionRotated (Asset Hub) */
export function decodeSessionRotated(e: DecodableItem): SessionRotatedArgs {
    if (ah.sessionRotated.v1009003.is(e)) return ah.sessionRotated.v1009003.decode(e)
    return unknownEvent(e)
}

/**
 * Staking.ActiveEra in the state before `block` (its parent's), for the era clock when indexing
 * starts after the last EraPaid. Best effort: undefined when the node has no such state (pruned,
 * or the simulator, which serves only System.Events) or the runtime has an unknown shape.
 */
export async function readActiveEraBefore(block: { height: number; parentHash: string; _runtime: Runtime }): Promise<number | undefined> {
    if (block.height === 0) return undefined
    const parent = { hash: block.parentHash, height: block.height - 1, _runtime: block._runtime }
    let info: { index: number } | undefined
    try {
        if (ahStorage.activeEra.v1009003.is(block)) info = await ahStorage.activeEra.v1009003.get(parent)
        else if (relayStorage.activeEra.v2008.is(block)) info = await relayStorage.activeEra.v2008.get(parent)
    } catch {
        // a pruned node answers "State already discarded": the clock starts at the first EraPaid instead
        return undefined
    }
    return info?.index
}
