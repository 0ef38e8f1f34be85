import {sts, Block, Bytes, Option, Result, EventType, RuntimeCtx} from '../support'
import * as v2008 from '../v2008'
import * as v1002000 from '../v1002000'

export const transfer =  {
    name: 'Balances.Transfer',
    /**
     *  Transfer succeeded (from, to, value).
     */
    v2008: new EventType(
        'Balances.Transfer',
        sts.tuple([v2008.AccountId, v2008.AccountId, v2008.Balance])
    ),
    /**
     * Transfer succeeded.
     */
    v1002000: new EventType(
        'Balances.Transfer',
        sts.struct({
            from: v1002000.AccountId32,
            to: v1002000.AccountId32,
            amount: sts.bigint(),
        })
    ),
}
