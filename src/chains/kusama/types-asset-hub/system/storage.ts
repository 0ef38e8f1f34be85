import {sts, Block, Bytes, Option, Result, StorageType, RuntimeCtx} from '../support'
import * as v1009003 from '../v1009003'

export const account =  {
    /**
     *  The full account information for a particular account ID.
     */
    v1009003: new StorageType('System.Account', 'Default', [v1009003.AccountId32], v1009003.AccountInfo) as AccountV1009003,
}

/**
 *  The full account information for a particular account ID.
 */
export interface AccountV1009003  {
    is(block: RuntimeCtx): boolean
    getDefault(block: Block): v1009003.AccountInfo
    get(block: Block, key: v1009003.AccountId32): Promise<(v1009003.AccountInfo | undefined)>
    getMany(block: Block, keys: v1009003.AccountId32[]): Promise<(v1009003.AccountInfo | undefined)[]>
    getKeys(block: Block): Promise<v1009003.AccountId32[]>
    getKeys(block: Block, key: v1009003.AccountId32): Promise<v1009003.AccountId32[]>
    getKeysPaged(pageSize: number, block: Block): AsyncIterable<v1009003.AccountId32[]>
    getKeysPaged(pageSize: number, block: Block, key: v1009003.AccountId32): AsyncIterable<v1009003.AccountId32[]>
    getPairs(block: Block): Promise<[k: v1009003.AccountId32, v: (v1009003.AccountInfo | undefined)][]>
    getPairs(block: Block, key: v1009003.AccountId32): Promise<[k: v1009003.AccountId32, v: (v1009003.AccountInfo | undefined)][]>
    getPairsPaged(pageSize: number, block: Block): AsyncIterable<[k: v1009003.AccountId32, v: (v1009003.AccountInfo | undefined)][]>
    getPairsPaged(pageSize: number, block: Block, key: v1009003.AccountId32): AsyncIterable<[k: v1009003.AccountId32, v: (v1009003.AccountInfo | undefined)][]>
}
