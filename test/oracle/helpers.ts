/** Builders of core domain events for the oracle tests (timestamps in ms). */
import { planck, ratio, shares } from '../../src/domain/units'
import type {
    BurnEvent,
    DepositEvent,
    EraPaidEvent,
    PoolFeeEvent,
    PoolTransferEvent,
    RatioUpdateEvent,
    RewardEvent,
    SlashEvent,
    StakingChangeEvent,
} from '../../src/oracle/core'
import { CoreSettings, DEFAULT_CORE_SETTINGS } from '../../src/oracle/core'

export const HOUR = 3600_000
export const DAY = 86_400_000
/** 2026-01-05T00:00:00Z = period 20458 of 86400 s */
export const DAY0 = Date.UTC(2026, 0, 5)
export const P0 = 20458
export const KSM = 10n ** 12n
export const E18 = 10n ** 18n
export const SETTINGS: CoreSettings = DEFAULT_CORE_SETTINGS
export const DEPOSIT_ADDR = 'DEPOSIT'
export const STASH = 'STASH0'

/** Hand-made events sit at height 0, index 0 of their chain: among themselves they order by id. */
const kusama = { chain: 'kusama' as const, height: 0, index: 0 }
const ethereum = { chain: 'ethereum' as const, height: 0, index: 0 }

/** A deposit is a fact: its status (CREDITED, BELOW_MINIMUM, HELD) is the core's decision. */
export function deposit(id: string, timestamp: number, from: string, amount: bigint, to = DEPOSIT_ADDR): DepositEvent {
    return { type: 'Deposit', id, timestamp, ...kusama, from, to, amount: planck(amount) }
}
export function reward(id: string, timestamp: number, amount: bigint, dest: string | null = 'Staked', stash = STASH): RewardEvent {
    return { type: 'Reward', id, timestamp, ...kusama, stash, amount: planck(amount), dest, validator: 'V', era: 1 }
}
export function slash(id: string, timestamp: number, amount: bigint, stash = STASH): SlashEvent {
    return { type: 'Slash', id, timestamp, ...kusama, stash, amount: planck(amount) }
}
export function burn(id: string, timestamp: number, s: bigint, owed: bigint, recipient: string | null = 'alice', ethAccount = '0xeth', revision: 'R0' | 'R1' = 'R1'): BurnEvent {
    return {
        type: 'Burn',
        id,
        timestamp,
        ...ethereum,
        revision,
        ethAccount,
        recipient,
        recipientStatus: recipient == null ? 'INVALID_RECIPIENT' : 'VALID',
        shares: shares(s),
        owedPlanck: planck(owed),
    }
}
export function transfer(id: string, timestamp: number, kind: 'INTERNAL' | 'INFLOW' | 'OUTFLOW', from: string, to: string, amount: bigint): PoolTransferEvent {
    return { type: 'PoolTransfer', id, timestamp, ...kusama, kind, from, to, amount: planck(amount) }
}
export function outflow(id: string, timestamp: number, to: string, amount: bigint, from = DEPOSIT_ADDR): PoolTransferEvent {
    return transfer(id, timestamp, 'OUTFLOW', from, to, amount)
}
export function staking(id: string, timestamp: number, action: 'BONDED' | 'UNBONDED' | 'WITHDRAWN', amount: bigint, activeEra: number | null, stash = STASH): StakingChangeEvent {
    return { type: 'StakingChange', id, timestamp, ...kusama, action, stash, amount: planck(amount), activeEra }
}
export function eraPaid(id: string, timestamp: number, era: number): EraPaidEvent {
    return { type: 'EraPaid', id, timestamp, ...kusama, era }
}
export function fee(id: string, timestamp: number, account: string, amount: bigint): PoolFeeEvent {
    return { type: 'PoolFee', id, timestamp, ...kusama, account, amount: planck(amount) }
}
export function ratioUpdate(id: string, timestamp: number, r: bigint): RatioUpdateEvent {
    return { type: 'RatioUpdate', id, timestamp, ...ethereum, ratio: ratio(r) }
}
