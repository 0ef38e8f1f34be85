import {sts, Block, Bytes, Option, Result, StorageType, RuntimeCtx} from '../support'
import * as v2008 from '../v2008'

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
