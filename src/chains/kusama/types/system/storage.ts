import {sts, Block, Bytes, Option, Result, StorageType, RuntimeCtx} from '../support'
import * as v2008 from '../v2008'
import * as v9100 from '../v9100'
import * as v1002000 from '../v1002000'

export const account =  {
    /**
     *  The full account information for a particular account ID.
     */
    v2008: new StorageType('System.Account', 'Default', [v2008.AccountId], v2008.AccountInfo) as AccountV2008,
    /**
     *  The full account information for a particular account ID.
     */
    v9100: new StorageType('System.Account', 'Default', [v9100.AccountId], v9100.AccountInfo) as AccountV9100,
    /**
     *  The full account information for a particular account ID.
     */
    v1002000: new StorageType('System.Account', 'Default', [v1002000.AccountId32], v1002000.AccountInfo) as AccountV1002000,
}

/**
 *  The full account information for a particular account ID.
 */
export interface AccountV2008  {
    is(block: RuntimeCtx): boolean
    getDefault(block: Block): v2008.AccountInfo
    get(block: Block, key: v2008.AccountId): Promise<(v2008.AccountInfo | undefined)>
    getMany(block: Block, keys: v2008.AccountId[]): Promise<(v2008.AccountInfo | undefined)[]>
    getKeys(block: Block): Promise<v2008.AccountId[]>
    getKeys(block: Block, key: v2008.AccountId): Promise<v2008.AccountId[]>
    getKeysPaged(pageSize: number, block: Block): AsyncIterable<v2008.AccountId[]>
    getKeysPaged(pageSize: number, block: Block, key: v2008.AccountId): AsyncIterable<v2008.AccountId[]>
    getPairs(block: Block): Promise<[k: v2008.AccountId, v: (v2008.AccountInfo | undefined)][]>
    getPairs(block: Block, key: v2008.AccountId): Promise<[k: v2008.AccountId, v: (v2008.AccountInfo | undefined)][]>
    getPairsPaged(pageSize: number, block: Block): AsyncIterable<[k: v2008.AccountId, v: (v2008.AccountInfo | undefined)][]>
    getPairsPaged(pageSize: number, block: Block, key: v2008.AccountId): AsyncIterable<[k: v2008.AccountId, v: (v2008.AccountInfo | undefined)][]>
}

/**
 *  The full account information for a particular account ID.
 */
export interface AccountV9100  {
    is(block: RuntimeCtx): boolean
    getDefault(block: Block): v9100.AccountInfo
    get(block: Block, key: v9100.AccountId): Promise<(v9100.AccountInfo | undefined)>
    getMany(block: Block, keys: v9100.AccountId[]): Promise<(v9100.AccountInfo | undefined)[]>
    getKeys(block: Block): Promise<v9100.AccountId[]>
    getKeys(block: Block, key: v9100.AccountId): Promise<v9100.AccountId[]>
    getKeysPaged(pageSize: number, block: Block): AsyncIterable<v9100.AccountId[]>
    getKeysPaged(pageSize: number, block: Block, key: v9100.AccountId): AsyncIterable<v9100.AccountId[]>
    getPairs(block: Block): Promise<[k: v9100.AccountId, v: (v9100.AccountInfo | undefined)][]>
    getPairs(block: Block, key: v9100.AccountId): Promise<[k: v9100.AccountId, v: (v9100.AccountInfo | undefined)][]>
    getPairsPaged(pageSize: number, block: Block): AsyncIterable<[k: v9100.AccountId, v: (v9100.AccountInfo | undefined)][]>
    getPairsPaged(pageSize: number, block: Block, key: v9100.AccountId): AsyncIterable<[k: v9100.AccountId, v: (v9100.AccountInfo | undefined)][]>
}

/**
 *  The full account information for a particular account ID.
 */
export interface AccountV1002000  {
    is(block: RuntimeCtx): boolean
    getDefault(block: Block): v1002000.AccountInfo
    get(block: Block, key: v1002000.AccountId32): Promise<(v1002000.AccountInfo | undefined)>
    getMany(block: Block, keys: v1002000.AccountId32[]): Promise<(v1002000.AccountInfo | undefined)[]>
    getKeys(block: Block): Promise<v1002000.AccountId32[]>
    getKeys(block: Block, key: v1002000.AccountId32): Promise<v1002000.AccountId32[]>
    getKeysPaged(pageSize: number, block: Block): AsyncIterable<v1002000.AccountId32[]>
    getKeysPaged(pageSize: number, block: Block, key: v1002000.AccountId32): AsyncIterable<v1002000.AccountId32[]>
    getPairs(block: Block): Promise<[k: v1002000.AccountId32, v: (v1002000.AccountInfo | undefined)][]>
    getPairs(block: Block, key: v1002000.AccountId32): Promise<[k: v1002000.AccountId32, v: (v1002000.AccountInfo | undefined)][]>
    getPairsPaged(pageSize: number, block: Block): AsyncIterable<[k: v1002000.AccountId32, v: (v1002000.AccountInfo | undefined)][]>
    getPairsPaged(pageSize: number, block: Block, key: v1002000.AccountId32): AsyncIterable<[k: v1002000.AccountId32, v: (v1002000.AccountInfo | undefined)][]>
}
