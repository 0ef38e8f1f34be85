/**
 * Storage slots of our contracts' state variables, from solc's storageLayout, for the test-only faults
 * that write contract storage directly (hardhat_setStorageAt). Solidity's rules: a value variable lives
 * at its declared slot; `mapping(K => V)` entry k at keccak256(abi.encode(k, slot)).
 */
import { AbiCoder, keccak256 } from 'ethers'
import type { StorageLayout } from './compile'

/** The slot of a whole-slot state variable (`label` as declared in Solidity). */
export function variableSlot(layout: StorageLayout | undefined, label: string): bigint {
    const v = layout?.storage.find(s => s.label === label)
    if (!v) throw new Error(`no state variable "${label}" in the storage layout`)
    if (v.offset !== 0) throw new Error(`state variable "${label}" is packed (offset ${v.offset}): not supported`)
    return BigInt(v.slot)
}

/** The slot of `mapping(address => …)` entry `key`, for the mapping declared at `slot`. */
export function addressMappingSlot(slot: bigint, key: string): bigint {
    return BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(['address', 'uint256'], [key, slot])))
}
