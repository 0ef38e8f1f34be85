/**
 * What a reward belongs to (the validator and era of its payout) and what else a payout pays, every
 * shape, newest first:
 *   PayoutStarted              struct {eraIndex, validatorStash, page, next} 1009002+ and Asset Hub (paged payouts)
 *                              struct {eraIndex, validatorStash} 9300+    tuple (EraIndex, AccountId) before
 *   payout_stakers             (validatorStash, era)                      every version
 *   payout_stakers_by_page     (validatorStash, era, page)                relay 1002000+ and Asset Hub
 *   ValidatorIncentivePaid     struct {era, validatorStash, dest, amount} Asset Hub 2003000+, declared by hand below
 */
import { sts, EventType } from '../types-asset-hub/support'
import * as ahTypes from '../types-asset-hub/v1009003'
import * as relay from '../types/staking/events'
import * as relayCalls from '../types/staking/calls'
import * as ah from '../types-asset-hub/staking/events'
import * as ahCalls from '../types-asset-hub/staking/calls'
import { formatRewardDest } from './staking'
import { accountHex, DecodableItem, unknownCall, unknownEvent } from './errors'

export interface PayoutStartedArgs { era: number; validator: string; page: number | null; next: number | null }
export interface PayoutCallArgs { validator: string; era: number; page: number | null }
export interface ValidatorIncentiveArgs {
    era: number
    validator: string
    /** Staked | Stash | Controller | None | Account:<address> */
    dest: string
    /** 0x hex of the Account destination, when the destination is an account */
    destAccount: string | null
    amount: bigint
}

export const PAYOUT_STAKERS_CALL = 'Staking.payout_stakers'
export const PAYOUT_STAKERS_BY_PAGE_CALL = 'Staking.payout_stakers_by_page'
export const PAYOUT_CALLS = [PAYOUT_STAKERS_CALL, PAYOUT_STAKERS_BY_PAGE_CALL]

/**
 * pallet_staking_async's `transfer_validator_incentive` event (Kusama Asset Hub spec 2003000). No
 * metadata of that runtime is on npm (@polkadot/types-support 16.5.6, the newest, stops at 1009003),
 * so its shape is declared from the pallet's source; `is()` still checks it against the runtime's own
 * type, so a different real shape is refused, not misread.
 */
export const validatorIncentivePaidV2003000 = new EventType('Staking.ValidatorIncentivePaid', sts.struct({
    era: sts.number(),
    validatorStash: ahTypes.AccountId32,
    dest: ahTypes.RewardDestination,
    amount: sts.bigint(),
}))

/** Staking.PayoutStarted, with and without `page`/`next` */
export function decodePayoutStarted(e: DecodableItem): PayoutStartedArgs {
    if (ah.payoutStarted.v1009003.is(e)) {
        const { eraIndex, validatorStash, page, next } = ah.payoutStarted.v1009003.decode(e)
        return { era: eraIndex, validator: accountHex(validatorStash), page, next: next ?? null }
    }
    if (relay.payoutStarted.v1009002.is(e)) {
        const { eraIndex, validatorStash, page, next } = relay.payoutStarted.v1009002.decode(e)
        return { era: eraIndex, validator: accountHex(validatorStash), page, next: next ?? null }
    }
    if (relay.payoutStarted.v1002000.is(e)) {
        const { eraIndex, validatorStash } = relay.payoutStarted.v1002000.decode(e)
        return { era: eraIndex, validator: accountHex(validatorStash), page: null, next: null }
    }
    if (relay.payoutStarted.v9100.is(e)) {
        const [eraIndex, validatorStash] = relay.payoutStarted.v9100.decode(e)
        return { era: eraIndex, validator: accountHex(validatorStash), page: null, next: null }
    }
    return unknownEvent(e)
}

/** Staking.payout_stakers and Staking.payout_stakers_by_page */
export function decodePayoutCall(c: DecodableItem): PayoutCallArgs {
    if (c.name === PAYOUT_STAKERS_BY_PAGE_CALL) {
        if (ahCalls.payoutStakersByPage.v1009003.is(c)) {
            const { validatorStash, era, page } = ahCalls.payoutStakersByPage.v1009003.decode(c)
            return { validator: accountHex(validatorStash), era, page }
        }
        if (relayCalls.payoutStakersByPage.v1002000.is(c)) {
            const { validatorStash, era, page } = relayCalls.payoutStakersByPage.v1002000.decode(c)
            return { validator: accountHex(validatorStash), era, page }
        }
    } else if (c.name === PAYOUT_STAKERS_CALL) {
        if (ahCalls.payoutStakers.v1009003.is(c)) {
            const { validatorStash, era } = ahCalls.payoutStakers.v1009003.decode(c)
            return { validator: accountHex(validatorStash), era, page: null }
        }
        if (relayCalls.payoutStakers.v2008.is(c)) {
            const { validatorStash, era } = relayCalls.payoutStakers.v2008.decode(c)
            return { validator: accountHex(validatorStash), era, page: null }
        }
    }
    return unknownCall(c)
}

/** Staking.ValidatorIncentivePaid (Asset Hub 2003000+) */
export function decodeValidatorIncentivePaid(e: DecodableItem): ValidatorIncentiveArgs {
    if (validatorIncentivePaidV2003000.is(e)) {
        const { era, validatorStash, dest, amount } = validatorIncentivePaidV2003000.decode(e)
        return {
            era,
            validator: accountHex(validatorStash),
            dest: formatRewardDest(dest),
            destAccount: dest.__kind === 'Account' ? accountHex(dest.value) : null,
            amount,
        }
    }
    return unknownEvent(e)
}
