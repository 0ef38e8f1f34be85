/** Bonded / Unbonded / Withdrawn and slashes of pool stashes, and the pool's transaction fees. */
import { PoolFee, Slash, StakingAction, StakingChange } from '../../../model'
import { decodeSlash, decodeStakeChange } from '../decoding/staking'
import { decodeFeePaid } from '../decoding/transaction-payment'
import { kusamaAddress } from '../pool'
import { BlockContext, Event, item } from './block-context'

const STAKE_ACTION: Record<string, StakingAction> = {
    'Staking.Bonded': StakingAction.BONDED,
    'Staking.Unbonded': StakingAction.UNBONDED,
    'Staking.Withdrawn': StakingAction.WITHDRAWN,
}

export function mapStakeChange(e: Event, ctx: BlockContext): void {
    const s = decodeStakeChange(item(e))
    if (!ctx.cfg.pool.isStash(s.stash)) return
    ctx.rows.stakingChanges.push(new StakingChange({
        ...ctx.fields(),
        id: ctx.rowId(e),
        action: STAKE_ACTION[e.name],
        stash: kusamaAddress(s.stash),
        amount: s.amount,
        activeEra: ctx.clock.activeEra,
        extrinsicHash: e.extrinsic?.hash,
        eventIndex: e.index,
    }))
}

export function mapSlash(e: Event, ctx: BlockContext): void {
    const s = decodeSlash(item(e))
    if (!ctx.cfg.pool.isStash(s.stash)) return
    ctx.rows.slashes.push(new Slash({ ...ctx.fields(), id: ctx.rowId(e), stash: kusamaAddress(s.stash), amount: s.amount, eventIndex: e.index }))
}

export function mapFee(e: Event, ctx: BlockContext): void {
    const f = decodeFeePaid(item(e))
    if (!ctx.cfg.pool.isPool(f.who)) return
    ctx.rows.poolFees.push(new PoolFee({
        ...ctx.fields(),
        id: ctx.rowId(e),
        account: kusamaAddress(f.who),
        amount: f.actualFee,
        extrinsicHash: e.extrinsic?.hash,
        eventIndex: e.index,
    }))
}
