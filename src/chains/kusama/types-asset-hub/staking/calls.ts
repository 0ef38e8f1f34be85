import {sts, Block, Bytes, Option, Result, CallType, RuntimeCtx} from '../support'
import * as v1009003 from '../v1009003'

export const nominate =  {
    name: 'Staking.nominate',
    /**
     * Declare the desire to nominate `targets` for the origin controller.
     * 
     * Effects will be felt at the beginning of the next era.
     * 
     * The dispatch origin for this call must be _Signed_ by the controller, not the stash.
     */
    v1009003: new CallType(
        'Staking.nominate',
        sts.struct({
            targets: sts.array(() => v1009003.MultiAddress),
        })
    ),
}

export const payoutStakers =  {
    name: 'Staking.payout_stakers',
    /**
     * Pay out next page of the stakers behind a validator for the given era.
     * 
     * - `validator_stash` is the stash account of the validator.
     * - `era` may be any era between `[current_era - history_depth; current_era]`.
     * 
     * The origin of this call must be _Signed_. Any account can call this function, even if
     * it is not one of the stakers.
     * 
     * The reward payout could be paged in case there are too many nominators backing the
     * `validator_stash`. This call will payout unpaid pages in an ascending order. To claim a
     * specific page, use `payout_stakers_by_page`.`
     * 
     * If all pages are claimed, it returns an error `InvalidPage`.
     */
    v1009003: new CallType(
        'Staking.payout_stakers',
        sts.struct({
            validatorStash: v1009003.AccountId32,
            era: sts.number(),
        })
    ),
}

export const payoutStakersByPage =  {
    name: 'Staking.payout_stakers_by_page',
    /**
     * Pay out a page of the stakers behind a validator for the given era and page.
     * 
     * - `validator_stash` is the stash account of the validator.
     * - `era` may be any era between `[current_era - history_depth; current_era]`.
     * - `page` is the page index of nominators to pay out with value between 0 and
     *   `num_nominators / T::MaxExposurePageSize`.
     * 
     * The origin of this call must be _Signed_. Any account can call this function, even if
     * it is not one of the stakers.
     * 
     * If a validator has more than [`Config::MaxExposurePageSize`] nominators backing
     * them, then the list of nominators is paged, with each page being capped at
     * [`Config::MaxExposurePageSize`.] If a validator has more than one page of nominators,
     * the call needs to be made for each page separately in order for all the nominators
     * backing a validator to receive the reward. The nominators are not sorted across pages
     * and so it should not be assumed the highest staker would be on the topmost page and vice
     * versa. If rewards are not claimed in [`Config::HistoryDepth`] eras, they are lost.
     */
    v1009003: new CallType(
        'Staking.payout_stakers_by_page',
        sts.struct({
            validatorStash: v1009003.AccountId32,
            era: sts.number(),
            page: sts.number(),
        })
    ),
}
