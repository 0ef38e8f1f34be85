/**
 * Rewards of pool stashes with the validator, era and page of the payout they belong to (SPEC §3): the
 * PayoutStarted before them in the same extrinsic, else the payout_stakers / payout_stakers_by_page call
 * that paid them. And Asset Hub's validator incentives that touch the pool, recorded as what they were
 * (the KSM moves by the Balances.Transfer beside them).
 */
import { StakingReward, ValidatorIncentive } from '../../../model'
import { decodeReward } from '../decoding/staking'
import { decodePayoutCall, decodePayoutStarted, decodeValidatorIncentivePaid, PAYOUT_CALLS } from '../decoding/staking-payouts'
import { kusamaAddress } from '../pool'
import { BlockContext, Call, Event, item } from './block-context'

interface PayoutOf { validator: string; era: number; page: number | null }
interface StartedPayout extends PayoutOf { index: number }

/** the PayoutStarted events of one block, per extrinsic, in event order */
export class PayoutsOfBlock {
    private readonly started = new Map<number, StartedPayout[]>()

    record(e: Event): void {
        if (e.extrinsicIndex == null) return
        const p = decodePayoutStarted(item(e))
        let list = this.started.get(e.extrinsicIndex)
        if (!list) this.started.set(e.extrinsicIndex, list = [])
        list.push({ index: e.index, era: p.era, validator: p.validator, page: p.page })
    }

    /** the payout a reward event belongs to, if the chain says */
    of(e: Event): PayoutOf | undefined {
        const before = e.extrinsicIndex != null ? this.started.get(e.extrinsicIndex)?.filter(p => p.index < e.index) : undefined
        if (before?.length) return before[before.length - 1]
        const call = payoutCall(e)
        return call ? decodePayoutCall(item(call)) : undefined
    }
}

/** The payout call a reward came from: its own call, or its extrinsic's top-level call. */
function payoutCall(e: Event): Call | undefined {
    const own = e.call
    if (own && PAYOUT_CALLS.includes(own.name)) return own
    const top = e.extrinsic?.call
    if (top && PAYOUT_CALLS.includes(top.name)) return top
    return undefined
}

export function mapReward(e: Event, ctx: BlockContext, payouts: PayoutsOfBlock): void {
    const r = decodeReward(item(e))
    if (!ctx.cfg.pool.isStash(r.stash)) return
    const payout = payouts.of(e)
    ctx.rows.rewards.push(new StakingReward({
        ...ctx.fields(),
        id: ctx.rowId(e),
        stash: kusamaAddress(r.stash),
        amount: r.amount,
        dest: r.dest ?? undefined,
        validator: payout ? kusamaAddress(payout.validator) : undefined,
        era: payout?.era,
        payoutPage: payout?.page ?? undefined,
        extrinsicHash: e.extrinsic?.hash,
        eventIndex: e.index,
    }))
}

/** Only incentives of a pool stash or paid to a pool account: the others are no fact of this pool. */
export function mapValidatorIncentive(e: Event, ctx: BlockContext): void {
    const v = decodeValidatorIncentivePaid(item(e))
    const pool = ctx.cfg.pool
    const payee = v.destAccount ?? (v.dest === 'None' ? null : v.validator)
    const toPool = payee != null && pool.isPool(payee)
    if (!toPool && !pool.isPool(v.validator)) return
    ctx.rows.validatorIncentives.push(new ValidatorIncentive({
        ...ctx.fields(),
        id: ctx.rowId(e),
        era: v.era,
        validator: kusamaAddress(v.validator),
        dest: v.dest,
        amount: v.amount,
        toPool,
        extrinsicHash: e.extrinsic?.hash,
        eventIndex: e.index,
    }))
}
