/**
 * Balances pallet: every shape of Balances.Transfer, newest first.
 *   struct {from, to, amount}   Kusama 9130+ (typegen v1002000; Asset Hub v1009003 has the same shape)
 *   tuple (from, to, value)     before 9130 (typegen v2008)
 */
import * as relay from '../types/balances/events'
import * as assetHub from '../types-asset-hub/balances/events'
import { accountHex, DecodableItem, unknownEvent } from './errors'

export interface TransferArgs { from: string; to: string; amount: bigint }

export function decodeTransfer(e: DecodableItem): TransferArgs {
    if (assetHub.transfer.v1009003.is(e)) {
        const { from, to, amount } = assetHub.transfer.v1009003.decode(e)
        return { from: accountHex(from), to: accountHex(to), amount }
    }
    if (relay.transfer.v1002000.is(e)) {
        const { from, to, amount } = relay.transfer.v1002000.decode(e)
        return { from: accountHex(from), to: accountHex(to), amount }
    }
    if (relay.transfer.v2008.is(e)) {
        const [from, to, amount] = relay.transfer.v2008.decode(e)
        return { from: accountHex(from), to: accountHex(to), amount }
    }
    return unknownEvent(e)
}
