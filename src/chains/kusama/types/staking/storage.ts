import {sts, Block, Bytes, Option, Result, StorageType, RuntimeCtx} from '../support'
import * as v2008 from '../v2008'
import * as v1002000 from '../v1002000'

export const ledger =  {
    /**
     *  Map from all (unlocked) "controller" accounts to the info regarding the staking.
     */
    v2008: new StorageType('Staking.Ledger', 'Optional', [v2008.AccountId], v2008.StakingLedger) as LedgerV2008,
    /**
     *  Map from all (unlocked) "controller" accounts to the info regarding the staking.
     * 
     *  Note: All the reads and mutations to this storage *MUST* be done through the methods exposed
     *  by [`StakingLedger`] to ensure data and lock consistency.
     */
    v1002000: new StorageType('Staking.Ledger', 'Optional', [v1002000.AccountId32], v1002000.StakingLedger) as LedgerV1002000,
}

/**
 *  Map from all (unlocked) "controller" accounts to the info regarding the staking.
 */
export interface LedgerV2008  {
    is(block: RuntimeCtx): boolean
    get(block: Block, key: v2008.AccountId): Promise<(v2008.StakingLedger | undefined)>
    getMany(block: Block, keys: v2008.AccountId[]): Promise<(v2008.StakingLedger | undefined)[]>
    getKeys(block: Block): Promise<v2008.AccountId[]>
    getKeys(block: Block, key: v2008.AccountId): Promise<v2008.AccountId[]>
    getKeysPaged(pageSize: number, block: Block): AsyncIterable<v2008.AccountId[]>
    getKeysPaged(pageSize: number, block: Block, key: v2008.AccountId): AsyncIterable<v2008.AccountId[]>
    getPairs(block: Block): Promise<[k: v2008.AccountId, v: (v2008.StakingLedger | undefined)][]>
    getPairs(block: Block, key: v2008.AccountId): Promise<[k: v2008.AccountId, v: (v2008.StakingLedger | undefined)][]>
    getPairsPaged(pageSize: number, block: Block): AsyncIterable<[k: v2008.AccountId, v: (v2008.StakingLedger | undefined)][]>
    getPairsPaged(pageSize: number, block: Block, key: v2008.AccountId): AsyncIterable<[k: v2008.AccountId, v: (v2008.StakingLedger | undefined)][]>
}

/**
 *  Map from all (unlocked) "controller" accounts to the info regarding the staking.
 * 
 *  Note: All the reads and mutations to this storage *MUST* be done through the methods exposed
 *  by [`StakingLedger`] to ensure data and lock consistency.
 */
export interface LedgerV1002000  {
    is(block: RuntimeCtx): boolean
    get(block: Block, key: v1002000.AccountId32): Promise<(v1002000.StakingLedger | undefined)>
    getMany(block: Block, keys: v1002000.AccountId32[]): Promise<(v1002000.StakingLedger | undefined)[]>
    getKeys(block: Block): Promise<v1002000.AccountId32[]>
    getKeys(block: Block, key: v1002000.AccountId32): Promise<v1002000.AccountId32[]>
    getKeysPaged(pageSize: number, block: Block): AsyncIterable<v1002000.AccountId32[]>
    getKeysPaged(pageSize: number, block: Block, key: v1002000.AccountId32): AsyncIterable<v1002000.AccountId32[]>
    getPairs(block: Block): Promise<[k: v1002000.AccountId32, v: (v1002000.StakingLedger | undefined)][]>
    getPairs(block: Block, key: v1002000.AccountId32): Promise<[k: v1002000.AccountId32, v: (v1002000.StakingLedger | undefined)][]>
    getPairsPaged(pageSize: number, block: Block): AsyncIterable<[k: v1002000.AccountId32, v: (v1002000.StakingLedger | undefined)][]>
    getPairsPaged(pageSize: number, block: Block, key: v1002000.AccountId32): AsyncIterable<[k: v1002000.AccountId32, v: (v1002000.StakingLedger | undefined)][]>
}

export const activeEra =  {
    /**
     *  The active era information, it holds index and start.
     * 
     *  The active era is the era currently rewarded.
     *  Validator set of this era must be equal to `SessionInterface::validators`.
     */
    v2008: new StorageType('Staking.ActiveEra', 'Optional', [], v2008.ActiveEraInfo) as ActiveEraV2008,
}

/**
 *  The active era information, it holds index and start.
 * 
 *  The active era is the era currently rewarded.
 *  Validator set of this era must be equal to `SessionInterface::validators`.
 */
export interface ActiveEraV2008  {
    is(block: RuntimeCtx): boolean
    get(block: Block): Promise<(v2008.ActiveEraInfo | undefined)>
}
