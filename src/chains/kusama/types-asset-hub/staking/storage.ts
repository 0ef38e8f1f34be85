import {sts, Block, Bytes, Option, Result, StorageType, RuntimeCtx} from '../support'
import * as v1009003 from '../v1009003'

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
