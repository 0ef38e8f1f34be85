/**
 * Chain data → Kusama domain events (SPEC §3). Pure: takes the processor's blocks, returns the
 * rows of the batch; the handler writes them with one insert per entity type. One mapper per domain
 * concept, chosen by the event's or call's name.
 */
import { REMARK_CALLS } from '../decoding/system'
import {
    ERA_EVENTS, FEE_EVENT, NOMINATE_CALL, PAYOUT_STARTED, REWARD_EVENTS, SESSION_ROTATED, SLASH_EVENTS, STAKE_EVENTS,
    TRANSFER_EVENTS, VALIDATOR_INCENTIVE_PAID,
} from '../processor'
import { Block, BlockContext, blockContext, Call, Event, MappingConfig } from './block-context'
import { mapNominate, mapRemark } from './calls'
import { EraClock, mapEraPaid, mapSessionRotated } from './era-clock'
import { mapReward, mapValidatorIncentive, PayoutsOfBlock } from './payouts'
import { emptyRows, Rows } from './rows'
import { mapFee, mapSlash, mapStakeChange } from './stake'
import { mapTransfer } from './transfers'

export type { Block, Call, Event, FieldsOf, MappingConfig } from './block-context'
export type { EraClock } from './era-clock'
export { emptyRows, rowCount } from './rows'
export type { Rows } from './rows'
export { signedOrigin } from './calls'

type EventMapper = (e: Event, ctx: BlockContext, payouts: PayoutsOfBlock) => void

const EVENT_MAPPERS = new Map<string, EventMapper>([
    ...TRANSFER_EVENTS.map(n => [n, mapTransfer] as const),
    ...STAKE_EVENTS.map(n => [n, mapStakeChange] as const),
    ...REWARD_EVENTS.map(n => [n, mapReward] as const),
    ...SLASH_EVENTS.map(n => [n, mapSlash] as const),
    ...ERA_EVENTS.map(n => [n, mapEraPaid] as const),
    [SESSION_ROTATED, mapSessionRotated],
    [PAYOUT_STARTED, (e, _ctx, payouts) => payouts.record(e)],
    [VALIDATOR_INCENTIVE_PAID, mapValidatorIncentive],
    [FEE_EVENT, mapFee],
])

const CALL_MAPPERS = new Map<string, (c: Call, ctx: BlockContext) => void>([
    [NOMINATE_CALL, mapNominate],
    ...REMARK_CALLS.map(n => [n, mapRemark] as const),
])

/** Maps the blocks of one batch, in order, appending to `rows`; advances `clock`. */
export function mapBlocks(blocks: Block[], cfg: MappingConfig, clock: EraClock, rows: Rows = emptyRows()): Rows {
    for (const b of blocks) mapBlock(b, cfg, clock, rows)
    return rows
}

/** Events in block order (a reward's PayoutStarted comes before it), then calls. */
export function mapBlock(block: Block, cfg: MappingConfig, clock: EraClock, rows: Rows): void {
    const ctx = blockContext(block, cfg, clock, rows)
    const payouts = new PayoutsOfBlock()
    for (const e of block.events) EVENT_MAPPERS.get(e.name!)?.(e, ctx, payouts)
    for (const c of block.calls) CALL_MAPPERS.get(c.name)?.(c, ctx)
}
