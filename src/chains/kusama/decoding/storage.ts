/**
 * Storage values proof of reserves reads (SPEC §4.14), every runtime shape, newest first; an
 * unknown shape throws with the fix. Values come from `state_queryStorageAt` and are decoded by
 * the runtime of the block they were read at.
 *
 * Shapes:
 *   System.Account   AccountData {free, reserved, frozen, flags}         relay 1002000+, Asset Hub 1009003
 *                    AccountData {free, reserved, miscFrozen, feeFrozen}  relay 2008 .. 9100+ (before the
 *                    fungible-traits balances: `frozen` is the larger of the two)
 *   Staking.Ledger   {stash, total, active, unlocking}                   Asset Hub 1009003 (no claimed list)
 *                    {..., legacyClaimedRewards}                          relay 1002000+
 *                    {..., claimedRewards}                                relay 2008 .. before paged payouts
 */
import type { Runtime } from '@subsquid/substrate-runtime'
import * as relaySystem from '../types/system/storage'
import * as relayStaking from '../types/staking/storage'
import * as ahSystem from '../types-asset-hub/system/storage'
import * as ahStaking from '../types-asset-hub/staking/storage'

export interface AccountBalances { free: bigint; reserved: bigint; frozen: bigint; nonce: number }
export interface LedgerState { total: bigint; active: bigint; unlocking: { value: bigint; era: number }[] }

export class UnknownStorageShapeError extends Error {
    constructor(item: string, specVersion: number) {
        super(`unknown shape of storage ${item} in runtime spec version ${specVersion}; add this version to `
            + `typegen.json / typegen-asset-hub.json ("storage") and to src/chains/kusama/decoding/storage.ts before reading reserves`)
        this.name = 'UnknownStorageShapeError'
    }
}

const ctx = (runtime: Runtime) => ({ _runtime: runtime })
const max = (a: bigint, b: bigint) => (a > b ? a : b)

/** System.Account of a raw value (null: the account does not exist, all zero) */
export function decodeAccount(runtime: Runtime, raw: string | null): AccountBalances {
    const c = ctx(runtime)
    const v = runtime.decodeStorageValue('System.Account', raw)
    if (ahSystem.account.v1009003.is(c) || relaySystem.account.v1002000.is(c)) {
        return { free: v.data.free, reserved: v.data.reserved, frozen: v.data.frozen, nonce: v.nonce }
    }
    if (relaySystem.account.v9100.is(c) || relaySystem.account.v2008.is(c)) {
        return { free: v.data.free, reserved: v.data.reserved, frozen: max(v.data.miscFrozen, v.data.feeFrozen), nonce: v.nonce }
    }
    throw new UnknownStorageShapeError('System.Account', runtime.specVersion)
}

/** Staking.Ledger of a raw value (null: no ledger) */
export function decodeLedger(runtime: Runtime, raw: string | null): LedgerState | null {
    const c = ctx(runtime)
    if (!(ahStaking.ledger.v1009003.is(c) || relayStaking.ledger.v1002000.is(c) || relayStaking.ledger.v2008.is(c))) {
        throw new UnknownStorageShapeError('Staking.Ledger', runtime.specVersion)
    }
    const v = runtime.decodeStorageValue('Staking.Ledger', raw)
    if (v == null) return null
    return {
        total: v.total,
        active: v.active,
        unlocking: v.unlocking.map((u: { value: bigint; era: number }) => ({ value: u.value, era: u.era })),
    }
}
