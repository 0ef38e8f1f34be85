/**
 * Domain events as the oracle's pure core sees them (SPEC §3). The worker maps the rows of
 * `schema.graphql` to these: field names follow the schema, amounts are branded bigints of
 * their own unit (src/domain/units.ts), timestamps are Unix milliseconds (block timestamp).
 *
 * `type` is the discriminator (PoolTransfer keeps the schema's `kind`, StakingChange its `action`).
 * Events are facts: what the chain said. Every decision (a deposit's status and shares, what a
 * burn owes and to whom) is taken by the core (deposits.ts, burns.ts), never by a processor.
 *
 * Canonical event order is chain order: (timestamp, chain, block height, index within the block),
 * then id and type as tie-breakers (total even for hand-made events); strings are compared by
 * UTF-16 code units (plain `<`, never localeCompare: locale-independent).
 */
import type { BondAmount, Planck, Ratio, Shares } from '../../domain/units'

/** Unix time in milliseconds (block timestamp). */
export type TimestampMs = number

/** Where an event was recorded: its chain, block and index inside the block (event index / log index). */
export type ChainName = 'ethereum' | 'kusama'
export type RecipientStatus = 'VALID' | 'INVALID_RECIPIENT'
export type PoolTransferKind = 'INTERNAL' | 'INFLOW' | 'OUTFLOW'
export type StakingAction = 'BONDED' | 'UNBONDED' | 'WITHDRAWN'

interface EventBase {
    readonly id: string
    readonly timestamp: TimestampMs
    readonly chain: ChainName
    readonly height: number
    /** event index (Kusama) or log index (Ethereum) within the block */
    readonly index: number
}

/** Balances transfer from a non-pool account to a deposit address (SPEC §4.1). */
export interface DepositEvent extends EventBase {
    readonly type: 'Deposit'
    readonly from: string
    /** the deposit address (free balance of that pool account, §4.9) */
    readonly to: string
    readonly amount: Planck
}

/** Staking.Reward/Rewarded of a pool stash. */
export interface RewardEvent extends EventBase {
    readonly type: 'Reward'
    readonly stash: string
    readonly amount: Planck
    /** 'Staked' | 'Stash' | 'Controller' | 'Account:<address>' | 'None'; null before `dest` existed */
    readonly dest: string | null
    readonly validator: string | null
    readonly era: number | null
}

export interface SlashEvent extends EventBase {
    readonly type: 'Slash'
    readonly stash: string
    readonly amount: Planck
}

/**
 * TokensBurned of aKSMb: an unstake request (§4.5, §4.8). id = `<txHash>-<logIndex>`.
 * The loader builds it with `burnEvent` (burns.ts) from the row's facts; the terms below
 * (recipient, status, owed) are the core's decision, carried on the event so folds need not
 * decode a recipient again.
 */
export interface BurnEvent extends EventBase {
    readonly type: 'Burn'
    /** PolkadotPool revision that emitted it: an R1 burn's shares are floored by the contract (§4.7 MONOTONE) */
    readonly revision: 'R0' | 'R1'
    /** the Ethereum account that burned (schema: Burn.account) */
    readonly ethAccount: string
    /** Kusama address (SS58 prefix 2) when VALID, else null */
    readonly recipient: string | null
    readonly recipientStatus: RecipientStatus
    readonly shares: Shares
    /** what the pool owes on Kusama (§4.5) */
    readonly owedPlanck: Planck
}

export interface PoolTransferEvent extends EventBase {
    readonly type: 'PoolTransfer'
    readonly kind: PoolTransferKind
    readonly from: string
    readonly to: string
    readonly amount: Planck
}

export interface StakingChangeEvent extends EventBase {
    readonly type: 'StakingChange'
    readonly action: StakingAction
    readonly stash: string
    readonly amount: Planck
    /** active era when it happened; null before the first EraPaid seen by the processor */
    readonly activeEra: number | null
}

export interface EraPaidEvent extends EventBase {
    readonly type: 'EraPaid'
    readonly era: number
}

/** TransactionFeePaid by a pool account (free balance out). */
export interface PoolFeeEvent extends EventBase {
    readonly type: 'PoolFee'
    readonly account: string
    readonly amount: Planck
}

/** PolkadotPool TokensClaimed of aKSMb: shares minted (only the share supply of §4.14 uses it). */
export interface ClaimEvent extends EventBase {
    readonly type: 'Claim'
    readonly account: string
    readonly shares: Shares
}

/** aKSMb RatioUpdate: the on-chain ratio history. */
export interface RatioUpdateEvent extends EventBase {
    readonly type: 'RatioUpdate'
    readonly ratio: Ratio
}

export type DomainEvent =
    | DepositEvent
    | RewardEvent
    | SlashEvent
    | BurnEvent
    | PoolTransferEvent
    | StakingChangeEvent
    | EraPaidEvent
    | PoolFeeEvent
    | RatioUpdateEvent
    | ClaimEvent

export type DomainEventType = DomainEvent['type']

/** Events that move S or P (§4.6) and are hashed into a report. */
export type LedgerEvent = DepositEvent | RewardEvent | SlashEvent | BurnEvent

export function isLedgerEvent(e: DomainEvent): e is LedgerEvent {
    return e.type === 'Deposit' || e.type === 'Reward' || e.type === 'Slash' || e.type === 'Burn'
}

function cmpStr(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0
}

export interface ChainPosition {
    readonly timestamp: number
    readonly chain: string
    readonly height: number
    readonly index: number
    readonly id: string
    readonly type?: string
}

/** Canonical order: chain order (timestamp, chain, height, index), then id and type (total even if two types share an id). */
export function compareEvents(a: ChainPosition, b: ChainPosition): number {
    if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1
    let c = cmpStr(a.chain, b.chain)
    if (c !== 0) return c
    if (a.height !== b.height) return a.height < b.height ? -1 : 1
    if (a.index !== b.index) return a.index < b.index ? -1 : 1
    c = cmpStr(a.id, b.id)
    if (c !== 0) return c
    return cmpStr(a.type ?? '', b.type ?? '')
}

/** A sorted copy (canonical order); the input is not modified. */
export function sortEvents<T extends DomainEvent>(events: readonly T[]): T[] {
    return [...events].sort(compareEvents)
}

/** Throws unless `t` is a safe integer number of milliseconds. */
export function assertTimestamp(t: unknown, what: string): asserts t is TimestampMs {
    if (typeof t !== 'number' || !Number.isSafeInteger(t)) {
        throw new TypeError(`${what}: timestamp must be a safe integer of milliseconds, got ${String(t)}`)
    }
}

/** Unit aliases re-exported for convenience of core callers. */
export type { BondAmount, Planck, Ratio, Shares }
