import {sts, Block, Bytes, Option, Result, CallType, RuntimeCtx} from '../support'
import * as v2008 from '../v2008'
import * as v9100 from '../v9100'
import * as v1002000 from '../v1002000'

export const nominate =  {
    name: 'Staking.nominate',
    /**
     *  Declare the desire to nominate `targets` for the origin controller.
     * 
     *  Effects will be felt at the beginning of the next era. This can only be called when
     *  [`EraElectionStatus`] is `Closed`.
     * 
     *  The dispatch origin for this call must be _Signed_ by the controller, not the stash.
     *  And, it can be only called when [`EraElectionStatus`] is `Closed`.
     * 
     *  # <weight>
     *  - The transaction's complexity is proportional to the size of `targets` (N)
     *  which is capped at CompactAssignments::LIMIT (MAX_NOMINATIONS).
     *  - Both the reads and writes follow a similar pattern.
     *  ---------
     *  Base Weight: 22.34 + .36 * N µs
     *  where N is the number of targets
     *  DB Weight:
     *  - Reads: Era Election Status, Ledger, Current Era
     *  - Writes: Validators, Nominators
     *  # </weight>
     */
    v2008: new CallType(
        'Staking.nominate',
        sts.struct({
            targets: sts.array(() => v2008.LookupSource),
        })
    ),
    /**
     *  Declare the desire to nominate `targets` for the origin controller.
     * 
     *  Effects will be felt at the beginning of the next era.
     * 
     *  The dispatch origin for this call must be _Signed_ by the controller, not the stash.
     * 
     *  # <weight>
     *  - The transaction's complexity is proportional to the size of `targets` (N)
     *  which is capped at CompactAssignments::LIMIT (MAX_NOMINATIONS).
     *  - Both the reads and writes follow a similar pattern.
     *  # </weight>
     */
    v9100: new CallType(
        'Staking.nominate',
        sts.struct({
            targets: sts.array(() => v9100.LookupSource),
        })
    ),
    /**
     * See [`Pallet::nominate`].
     */
    v1002000: new CallType(
        'Staking.nominate',
        sts.struct({
            targets: sts.array(() => v1002000.MultiAddress),
        })
    ),
}

export const payoutStakers =  {
    name: 'Staking.payout_stakers',
    /**
     *  Pay out all the stakers behind a single validator for a single era.
     * 
     *  - `validator_stash` is the stash account of the validator. Their nominators, up to
     *    `T::MaxNominatorRewardedPerValidator`, will also receive their rewards.
     *  - `era` may be any era between `[current_era - history_depth; current_era]`.
     * 
     *  The origin of this call must be _Signed_. Any account can call this function, even if
     *  it is not one of the stakers.
     * 
     *  This can only be called when [`EraElectionStatus`] is `Closed`.
     * 
     *  # <weight>
     *  - Time complexity: at most O(MaxNominatorRewardedPerValidator).
     *  - Contains a limited number of reads and writes.
     *  -----------
     *  N is the Number of payouts for the validator (including the validator)
     *  Base Weight: 110 + 54.2 * N µs (Median Slopes)
     *  DB Weight:
     *  - Read: EraElectionStatus, CurrentEra, HistoryDepth, ErasValidatorReward,
     *          ErasStakersClipped, ErasRewardPoints, ErasValidatorPrefs (8 items)
     *  - Read Each: Bonded, Ledger, Payee, Locks, System Account (5 items)
     *  - Write Each: System Account, Locks, Ledger (3 items)
     *  # </weight>
     */
    v2008: new CallType(
        'Staking.payout_stakers',
        sts.struct({
            validatorStash: v2008.AccountId,
            era: v2008.EraIndex,
        })
    ),
}

export const payoutStakersByPage =  {
    name: 'Staking.payout_stakers_by_page',
    /**
     * See [`Pallet::payout_stakers_by_page`].
     */
    v1002000: new CallType(
        'Staking.payout_stakers_by_page',
        sts.struct({
            validatorStash: v1002000.AccountId32,
            era: sts.number(),
            page: sts.number(),
        })
    ),
}
