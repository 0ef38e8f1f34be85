/** Balances.Transfer touching the pool → a Deposit, or an internal transfer, inflow or outflow (SPEC §3). */
import { PoolDeposit, PoolTransfer, PoolTransferKind } from '../../../model'
import { decodeTransfer } from '../decoding/balances'
import { kusamaAddress } from '../pool'
import { BlockContext, Event, item } from './block-context'

export function mapTransfer(e: Event, ctx: BlockContext): void {
    const t = decodeTransfer(item(e))
    const pool = ctx.cfg.pool
    const fromPool = pool.isPool(t.from)
    const toPool = pool.isPool(t.to)
    if (!fromPool && !toPool) return
    const height = ctx.block.header.height
    const extrinsicId = e.extrinsicIndex != null ? `${height}-${e.extrinsicIndex}` : undefined
    const common = {
        ...ctx.fields(),
        id: ctx.rowId(e),
        from: kusamaAddress(t.from),
        to: kusamaAddress(t.to),
        amount: t.amount,
        eventIndex: e.index,
    }
    if (!fromPool && pool.isDeposit(t.to)) {
        ctx.rows.deposits.push(new PoolDeposit({ ...common, extrinsicId: extrinsicId ?? ctx.rowId(e), extrinsicHash: e.extrinsic?.hash ?? '' }))
        return
    }
    ctx.rows.poolTransfers.push(new PoolTransfer({
        ...common,
        kind: fromPool && toPool ? PoolTransferKind.INTERNAL : fromPool ? PoolTransferKind.OUTFLOW : PoolTransferKind.INFLOW,
        extrinsicId,
        extrinsicHash: e.extrinsic?.hash,
    }))
}
