/**
 * Chain data → Kusama domain events (SPEC §3). Pure: takes the processor's blocks, returns the
 * rows of the batch; the handler writes them with one insert per entity type.
 */
import type { Block as SdkBlock, Call as SdkCall, Event as SdkEvent } from '@subsquid/substrate-processor'
import {
    CallWrapper, ClaimRemark, PoolDeposit, EraPaid, Nomination, PoolFee, PoolTransfer, PoolTransferKind, StakingReward, Slash,
    StakingAction, StakingChange, SubstrateChain,
} from '../../model'
import { isStakeFiRemark, parseClaimRemark } from '../../notary/stakefi'
import { NotaryError } from '../../notary/errors'
import { decodeTransfer } from './decoding/balances'
import { DecodableItem } from './decoding/errors'
import {
    decodeEraPaid, decodeNominate, decodePayoutStakers, decodePayoutStarted, decodeReward, decodeSlash, decodeStakeChange,
} from './decoding/staking'
import { decodeFeePaid } from './decoding/transaction-payment'
import { decodeRemark, REMARK_CALLS } from './decoding/system'
import { kusamaAddress, PoolAccounts } from './pool'
import {
    ERA_EVENTS, FEE_EVENT, FIELDS, NOMINATE_CALL, PAYOUT_STAKERS_CALL, PAYOUT_STARTED, REWARD_EVENTS, SLASH_EVENTS,
    STAKE_EVENTS, TRANSFER_EVENTS,
} from './processor'

export type FieldsOf = typeof FIELDS
type Fields = FieldsOf
export type Block = SdkBlock<Fields>
export type Event = SdkEvent<Fields>
export type Call = SdkCall<Fields>

export interface MappingConfig {
    chain: SubstrateChain
    pool: PoolAccounts
}

/** The era clock carried from batch to batch: the era index of the last EraPaid seen. */
export interface EraClock {
    /** era_index of the last EraPaid; the active era is lastPaidEra + 1 */
    lastPaidEra: number | undefined
}

export interface Rows {
    deposits: PoolDeposit[]
    poolTransfers: PoolTransfer[]
    stakingChanges: StakingChange[]
    rewards: StakingReward[]
    slashes: Slash[]
    eraPaids: EraPaid[]
    nominations: Nomination[]
    poolFees: PoolFee[]
    claimRemarks: ClaimRemark[]
}

export function emptyRows(): Rows {
    return { deposits: [], poolTransfers: [], stakingChanges: [], rewards: [], slashes: [], eraPaids: [], nominations: [], poolFees: [], claimRemarks: [] }
}

export function rowCount(r: Rows): number {
    return Object.values(r).reduce((n, xs) => n + xs.length, 0)
}

const STAKE_ACTION: Record<string, StakingAction> = {
    'Staking.Bonded': StakingAction.BONDED,
    'Staking.Unbonded': StakingAction.UNBONDED,
    'Staking.Withdrawn': StakingAction.WITHDRAWN,
}
const TRANSFER = new Set(TRANSFER_EVENTS)
const STAKE = new Set(STAKE_EVENTS)
const REWARD = new Set(REWARD_EVENTS)
const SLASH = new Set(SLASH_EVENTS)
const ERA = new Set(ERA_EVENTS)
const REMARK = new Set(REMARK_CALLS)
/** a longer remark is stored cut to this many bytes (its length is kept) */
const REMARK_KEEP_BYTES = 256

function item(x: Event | Call): DecodableItem {
    return x as unknown as DecodableItem
}

/** Maps the blocks of one batch, in order, appending to `rows`; advances `clock`. */
export function mapBlocks(blocks: Block[], cfg: MappingConfig, clock: EraClock, rows: Rows = emptyRows()): Rows {
    for (const b of blocks) mapBlock(b, cfg, clock, rows)
    return rows
}

export function mapBlock(block: Block, cfg: MappingConfig, clock: EraClock, rows: Rows): void {
    const h = block.header
    const base = () => ({
        chain: cfg.chain,
        blockHeight: h.height,
        blockHash: h.hash,
        timestamp: new Date(h.timestamp!),
    })
    const pool = cfg.pool
    // PayoutStarted per extrinsic, in event order, for reward attribution
    let payouts: Map<number, { index: number; era: number; validator: string }[]> | undefined

    for (const e of block.events) {
        const name = e.name!
        if (TRANSFER.has(name)) {
            const t = decodeTransfer(item(e))
            const fromPool = pool.isPool(t.from)
            const toPool = pool.isPool(t.to)
            if (!fromPool && !toPool) continue
            const ex = e.extrinsic
            const common = {
                ...base(),
                id: e.id,
                from: kusamaAddress(t.from),
                to: kusamaAddress(t.to),
                amount: t.amount,
                eventIndex: e.index,
            }
            if (!fromPool && pool.isDeposit(t.to)) {
                rows.deposits.push(new PoolDeposit({
                    ...common,
                    extrinsicId: e.extrinsicIndex != null ? `${h.height}-${e.extrinsicIndex}` : e.id,
                    extrinsicHash: ex?.hash ?? '',
                }))
            } else {
                rows.poolTransfers.push(new PoolTransfer({
                    ...common,
                    kind: fromPool && toPool ? PoolTransferKind.INTERNAL : fromPool ? PoolTransferKind.OUTFLOW : PoolTransferKind.INFLOW,
                    extrinsicId: e.extrinsicIndex != null ? `${h.height}-${e.extrinsicIndex}` : undefined,
                    extrinsicHash: ex?.hash,
                }))
            }
        } else if (name === PAYOUT_STARTED) {
            if (e.extrinsicIndex == null) continue
            const p = decodePayoutStarted(item(e))
            payouts ??= new Map()
            let list = payouts.get(e.extrinsicIndex)
            if (!list) payouts.set(e.extrinsicIndex, list = [])
            list.push({ index: e.index, era: p.era, validator: p.validator })
        } else if (REWARD.has(name)) {
            const r = decodeReward(item(e))
            if (!pool.isStash(r.stash)) continue
            let validator: string | undefined
            let era: number | undefined
            const started = e.extrinsicIndex != null ? payouts?.get(e.extrinsicIndex) : undefined
            const before = started?.filter(p => p.index < e.index)
            if (before?.length) {
                const p = before[before.length - 1]
                validator = p.validator
                era = p.era
            } else {
                const call = payoutCall(e)
                if (call) {
                    const c = decodePayoutStakers(item(call))
                    validator = c.validator
                    era = c.era
                }
            }
            rows.rewards.push(new StakingReward({
                ...base(),
                id: e.id,
                stash: kusamaAddress(r.stash),
                amount: r.amount,
                dest: r.dest ?? undefined,
                validator: validator != null ? kusamaAddress(validator) : undefined,
                era,
                extrinsicHash: e.extrinsic?.hash,
                eventIndex: e.index,
            }))
        } else if (STAKE.has(name)) {
            const s = decodeStakeChange(item(e))
            if (!pool.isStash(s.stash)) continue
            rows.stakingChanges.push(new StakingChange({
                ...base(),
                id: e.id,
                action: STAKE_ACTION[name],
                stash: kusamaAddress(s.stash),
                amount: s.amount,
                activeEra: clock.lastPaidEra != null ? clock.lastPaidEra + 1 : undefined,
                extrinsicHash: e.extrinsic?.hash,
                eventIndex: e.index,
            }))
        } else if (SLASH.has(name)) {
            const s = decodeSlash(item(e))
            if (!pool.isStash(s.stash)) continue
            rows.slashes.push(new Slash({
                ...base(),
                id: e.id,
                stash: kusamaAddress(s.stash),
                amount: s.amount,
                eventIndex: e.index,
            }))
        } else if (ERA.has(name)) {
            const p = decodeEraPaid(item(e))
            clock.lastPaidEra = p.era
            rows.eraPaids.push(new EraPaid({
                ...base(),
                id: e.id,
                era: p.era,
                validatorPayout: p.validatorPayout,
                remainder: p.remainder ?? undefined,
                eventIndex: e.index,
            }))
        } else if (name === FEE_EVENT) {
            const f = decodeFeePaid(item(e))
            if (!pool.isPool(f.who)) continue
            rows.poolFees.push(new PoolFee({
                ...base(),
                id: e.id,
                account: kusamaAddress(f.who),
                amount: f.actualFee,
                extrinsicHash: e.extrinsic?.hash,
                eventIndex: e.index,
            }))
        }
    }

    for (const c of block.calls) {
        if (REMARK.has(c.name) && c.success) {
            const remark = claimRemark(c, base())
            if (remark) rows.claimRemarks.push(remark)
            continue
        }
        if (c.name !== NOMINATE_CALL || !c.success) continue
        const who = signedOrigin(c.origin)
        if (who == null || !pool.isPool(who)) continue
        const n = decodeNominate(item(c))
        rows.nominations.push(new Nomination({
            ...base(),
            id: c.id,
            stash: kusamaAddress(who),
            validators: n.targets.map(t => (/^0x[0-9a-f]{64}$/.test(t) ? kusamaAddress(t) : t)),
            via: wrapperOf(c),
            extrinsicHash: c.extrinsic?.hash ?? '',
        }))
    }
}

/**
 * A Ledger-wallet claim request of Ankr's dashboard (SPEC §4.15): a remark starting with
 * `Stakefi Signed Message:` from a signed origin; other remarks are not ours. A malformed one is
 * kept with its BAD_REMARK reason.
 */
function claimRemark(c: Call, at: { chain: SubstrateChain; blockHeight: number; blockHash: string; timestamp: Date }): ClaimRemark | undefined {
    const who = signedOrigin(c.origin)
    if (who == null) return undefined
    const hex = decodeRemark(item(c)).data
    const data = Buffer.from(hex.slice(2), 'hex')
    if (!isStakeFiRemark(data)) return undefined
    let parsed: ReturnType<typeof parseClaimRemark> | undefined
    let error: string | undefined
    try {
        parsed = parseClaimRemark(data)
    } catch (e) {
        if (!(e instanceof NotaryError)) throw e
        error = e.message
    }
    return new ClaimRemark({
        ...at,
        id: c.id,
        account: kusamaAddress(who),
        data: '0x' + data.subarray(0, REMARK_KEEP_BYTES).toString('hex'),
        dataLength: data.length,
        ethAddress: parsed?.ethAddress,
        loanId: parsed ? BigInt(parsed.loanId) : undefined,
        amountPlanck: parsed?.planck,
        error,
        via: wrapperOf(c),
        extrinsicHash: c.extrinsic?.hash ?? '',
    })
}

/** The payout_stakers call a reward came from: its own call, or its extrinsic's top-level call. */
function payoutCall(e: Event): Call | undefined {
    const own = e.call
    if (own?.name === PAYOUT_STAKERS_CALL) return own
    const top = e.extrinsic?.call
    if (top?.name === PAYOUT_STAKERS_CALL) return top
    return undefined
}

/** The signer of a call: `system.Signed(account)` origins (the SDK computes them through batch and proxy). */
export function signedOrigin(origin: unknown): string | undefined {
    const o = origin as { __kind?: string; value?: { __kind?: string; value?: unknown } } | undefined
    if (o?.__kind !== 'system' || o.value?.__kind !== 'Signed') return undefined
    const v = o.value.value
    return typeof v === 'string' ? v.toLowerCase() : undefined
}

function wrapperOf(c: Call): CallWrapper {
    let via = CallWrapper.DIRECT
    for (let p = c.parentCall; p; p = p.parentCall) {
        if (p.name?.startsWith('Proxy.')) return CallWrapper.PROXY
        via = CallWrapper.BATCH
    }
    return via
}
