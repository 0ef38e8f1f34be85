import {sts, Block, Bytes, Option, Result, EventType, RuntimeCtx} from '../support'
import * as v1009003 from '../v1009003'

export const transfer =  {
    name: 'Balances.Transfer',
    /**
     * Transfer succeeded.
     */
    v1009003: new EventType(
        'Balances.Transfer',
        sts.struct({
            from: v1009003.AccountId32,
            to: v1009003.AccountId32,
            amount: sts.bigint(),
        })
    ),
}
