import {sts, Block, Bytes, Option, Result, StorageType, RuntimeCtx} from '../support'
import * as v1009003 from '../v1009003'

export const ledger =  {
    /**
     *  Map from all (unlocked) "controller" accounts to the info regarding the staking.
     * 
     *  Note: All the reads and mutations to this storage *MUST* be done through the methods exposed
     *  by [`StakingLedger`] to ensure data and lock consistency.
     */
    v1009003: new StorageType('Staking.Ledger', 'Optional', [v1009003.AccountId32], v1009003.StakingLedger) as LedgerV1009003,
}

/**
 *  Map from all (unlocked) "controller" accounts to the info regarding the staking.
 * 
 *  Note: All the reads and mutations to this storage *MUST* be done through the methods exposed
 *  by [`StakingLedger`] to ensure data and lock consistency.
 */
export interface LedgerV1009003  {
    is(block: RuntimeCtx): boolean
    get(block: Block, key: v1009003.AccountId32): Promise<(v1009003.StakingLedger | undefined)>
    getMany(block: Block, keys: v1009003.AccountId32[]): Promise<(v1009003.StakingLedger | undefined)[]>
    getKeys(block: Block): Promise<v1009003.AccountId32[]>
    getKeys(block: Block, key: v1009003.AccountId32): Promise<v1009003.AccountId32[]>
    getKeysPaged(pageSize: number, block: Block): AsyncIterable<v1009003.AccountId32[]>
    getKeysPaged(pageSize: number, block: Block, key: v1009003.AccountId32): AsyncIterable<v1009003.AccountId32[]>
    getPairs(block: Block): Promise<[k: v1009003.AccountId32, v: (v1009003.StakingLedger | undefined)][]>
    getPairs(block: Block, key: v1009003.AccountId32): Promise<[k: v1009003.AccountId32, v: (v1009003.StakingLedger | undefined)][]>
    getPairsPaged(pageSize: number, block: Block): AsyncIterable<[k: v1009003.AccountId32, v: (v1009003.StakingLedger | undefined)][]>
    getPairsPaged(pageSize: number, block: Block, key: v1009003.AccountId32): AsyncIterable<[k: v1009003.AccountId32, v: (v1009003.StakingLedger | undefined)][]>
}

export const activeEra =  {
    /**
     *  The active era information, it holds index and start.
     * 
     *  The active era is the era being currently rewarded. Validator set of this era must be
     *  equal to what is RC's session pallet.
     */
    v1009003: new StorageType('Staking.ActiveEra', 'Optional', [], v1009003.ActiveEraInfo) as ActiveEraV1009003,
}

/**
 *  The active era information, it holds index and start.
 * 
 *  The active era is the era being currently rewarded. Validator set of this era must be
 *  equal to what is RC's session pallet.
 */
export interface ActiveEraV1009003  {
    is(block: RuntimeCtx): boolean
    get(block: Block): Promise<(v1009003.ActiveEraInfo | undefined)>
}
