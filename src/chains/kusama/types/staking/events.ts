import {sts, Block, Bytes, Option, Result, EventType, RuntimeCtx} from '../support'
import * as v2008 from '../v2008'
import * as v9100 from '../v9100'
import * as v1002000 from '../v1002000'
import * as v1009002 from '../v1009002'

export const eraPayout =  {
    name: 'Staking.EraPayout',
    /**
     *  The era payout has been set; the first balance is the validator-payout; the second is
     *  the remainder from the maximum amount of reward.
     */
    v2008: new EventType(
        'Staking.EraPayout',
        sts.tuple([v2008.EraIndex, v2008.Balance, v2008.Balance])
    ),
}

export const reward =  {
    name: 'Staking.Reward',
    /**
     *  The staker has been rewarded by this amount. `AccountId` is the stash account.
     */
    v2008: new EventType(
        'Staking.Reward',
        sts.tuple([v2008.AccountId, v2008.Balance])
    ),
}

export const slash =  {
    name: 'Staking.Slash',
    /**
     *  One validator (and its nominators) has been slashed by the given amount.
     */
    v2008: new EventType(
        'Staking.Slash',
        sts.tuple([v2008.AccountId, v2008.Balance])
    ),
}

export const bonded =  {
    name: 'Staking.Bonded',
    /**
     *  An account has bonded this amount.
     * 
     *  NOTE: This event is only emitted when funds are bonded via a dispatchable. Notably,
     *  it will not be emitted for staking rewards when they are added to stake.
     */
    v2008: new EventType(
        'Staking.Bonded',
        sts.tuple([v2008.AccountId, v2008.Balance])
    ),
    /**
     * An account has bonded this amount. \[stash, amount\]
     * 
     * NOTE: This event is only emitted when funds are bonded via a dispatchable. Notably,
     * it will not be emitted for staking rewards when they are added to stake.
     */
    v1002000: new EventType(
        'Staking.Bonded',
        sts.struct({
            stash: v1002000.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const unbonded =  {
    name: 'Staking.Unbonded',
    /**
     *  An account has unbonded this amount.
     */
    v2008: new EventType(
        'Staking.Unbonded',
        sts.tuple([v2008.AccountId, v2008.Balance])
    ),
    /**
     * An account has unbonded this amount.
     */
    v1002000: new EventType(
        'Staking.Unbonded',
        sts.struct({
            stash: v1002000.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const withdrawn =  {
    name: 'Staking.Withdrawn',
    /**
     *  An account has called `withdraw_unbonded` and removed unbonding chunks worth `Balance`
     *  from the unlocking queue.
     */
    v2008: new EventType(
        'Staking.Withdrawn',
        sts.tuple([v2008.AccountId, v2008.Balance])
    ),
    /**
     * An account has called `withdraw_unbonded` and removed unbonding chunks worth `Balance`
     * from the unlocking queue.
     */
    v1002000: new EventType(
        'Staking.Withdrawn',
        sts.struct({
            stash: v1002000.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const eraPaid =  {
    name: 'Staking.EraPaid',
    /**
     *  The era payout has been set; the first balance is the validator-payout; the second is
     *  the remainder from the maximum amount of reward.
     *  \[era_index, validator_payout, remainder\]
     */
    v9100: new EventType(
        'Staking.EraPaid',
        sts.tuple([v9100.EraIndex, v9100.Balance, v9100.Balance])
    ),
    /**
     * The era payout has been set; the first balance is the validator-payout; the second is
     * the remainder from the maximum amount of reward.
     */
    v1002000: new EventType(
        'Staking.EraPaid',
        sts.struct({
            eraIndex: sts.number(),
            validatorPayout: sts.bigint(),
            remainder: sts.bigint(),
        })
    ),
}

export const rewarded =  {
    name: 'Staking.Rewarded',
    /**
     *  The nominator has been rewarded by this amount. \[stash, amount\]
     */
    v9100: new EventType(
        'Staking.Rewarded',
        sts.tuple([v9100.AccountId, v9100.Balance])
    ),
    /**
     * The nominator has been rewarded by this amount to this destination.
     */
    v1002000: new EventType(
        'Staking.Rewarded',
        sts.struct({
            stash: v1002000.AccountId32,
            dest: v1002000.RewardDestination,
            amount: sts.bigint(),
        })
    ),
}

export const slashed =  {
    name: 'Staking.Slashed',
    /**
     *  One validator (and its nominators) has been slashed by the given amount.
     *  \[validator, amount\]
     */
    v9100: new EventType(
        'Staking.Slashed',
        sts.tuple([v9100.AccountId, v9100.Balance])
    ),
    /**
     * A staker (validator or nominator) has been slashed by the given amount.
     */
    v1002000: new EventType(
        'Staking.Slashed',
        sts.struct({
            staker: v1002000.AccountId32,
            amount: sts.bigint(),
        })
    ),
}

export const payoutStarted =  {
    name: 'Staking.PayoutStarted',
    /**
     *  The stakers' rewards are getting paid. \[era_index, validator_stash\]
     */
    v9100: new EventType(
        'Staking.PayoutStarted',
        sts.tuple([v9100.EraIndex, v9100.AccountId])
    ),
    /**
     * The stakers' rewards are getting paid.
     */
    v1002000: new EventType(
        'Staking.PayoutStarted',
        sts.struct({
            eraIndex: sts.number(),
            validatorStash: v1002000.AccountId32,
        })
    ),
    /**
     * A Page of stakers rewards are getting paid. `next` is `None` if all pages are claimed.
     */
    v1009002: new EventType(
        'Staking.PayoutStarted',
        sts.struct({
            eraIndex: sts.number(),
            validatorStash: v1009002.AccountId32,
            page: sts.number(),
            next: sts.option(() => sts.number()),
        })
    ),
}
