/**
 * TransactionPayment pallet: TransactionFeePaid {who, actualFee, tip} (Kusama 9200+, Asset Hub).
 * Runtimes before it had no fee event: their fees are not indexed.
 */
import * as relay from '../types/transaction-payment/events'
import * as assetHub from '../types-asset-hub/transaction-payment/events'
import { accountHex, DecodableItem, unknownEvent } from './errors'

export interface FeePaidArgs { who: string; actualFee: bigint; tip: bigint }

export function decodeFeePaid(e: DecodableItem): FeePaidArgs {
    if (assetHub.transactionFeePaid.v1009003.is(e)) {
        const { who, actualFee, tip } = assetHub.transactionFeePaid.v1009003.decode(e)
        return { who: accountHex(who), actualFee, tip }
    }
    if (relay.transactionFeePaid.v1002000.is(e)) {
        const { who, actualFee, tip } = relay.transactionFeePaid.v1002000.decode(e)
        return { who: accountHex(who), actualFee, tip }
    }
    return unknownEvent(e)
}
