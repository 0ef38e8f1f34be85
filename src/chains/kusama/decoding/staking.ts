/**
 * Staking pallet (relay `pallet_staking`, Asset Hub `pallet_staking_async`, both named Staking):
 * every event and call shape the pool needs, newest first. typegen's `is()` only checks that the
 * expected fields are a subset of the runtime's, so an older, smaller struct also matches a newer
 * one: the order below matters.
 *
 * Shapes (Kusama spec versions):
 *   Bonded/Unbonded/Withdrawn   struct {stash, amount} 9300+            tuple (AccountId, Balance) before
 *   Rewarded                    struct {stash, dest, amount} 1001000+   struct {stash, amount} 9300+
 *                               tuple (AccountId, Balance) 9090+        Reward tuple (AccountId, Balance) before 9090
 *   Slashed                     struct {staker, amount} 9300+           tuple 9090+    Slash tuple before 9090
 *   EraPaid                     struct {eraIndex, validatorPayout, remainder} 9300+    tuple 9090+
 *                               EraPayout tuple (EraIndex, Balance, Balance) before 9090
 *   PayoutStarted               struct {eraIndex, validatorStash, page, next} 1009002+ (paged payouts; typegen v1009002)
 *                               struct {eraIndex, validatorStash} 9300+  tuple (EraIndex, AccountId) before
 *   nominate(targets)           MultiAddress (9100+) or LookupSource = AccountId (2008)
 *   payout_stakers(validatorStash, era)
 * The struct shapes of 9300..1001000 without `dest` have no metadata in this project; the one that
 * differs from a typegen'd shape (Rewarded {stash, amount}) is declared here by hand.
 */
import { sts, EventType } from '../types/support'
import * as relay from '../types/staking/events'
import * as relayCalls from '../types/staking/calls'
import * as ah from '../types-asset-hub/staking/events'
import * as ahCalls from '../types-asset-hub/staking/calls'
import * as relayStorage from '../types/staking/storage'
import * as ahStorage from '../types-asset-hub/staking/storage'
import type { Runtime } from '@subsquid/substrate-runtime'
import { encodeKusamaAddress } from '../../../domain/kusama-address'
import { accountHex, DecodableItem, unknownCall, unknownEvent } from './errors'

export interface StakeArgs { stash: string; amount: bigint }
export interface RewardArgs extends StakeArgs {
    /** Staked | Stash | Controller | None | Account:<address>; null when the runtime had no `dest` */
    dest: string | null
}
export interface EraPaidArgs { era: number; validatorPayout: bigint; remainder: bigint | null }
export interface PayoutStartedArgs { era: number; validator: string; page: number | null; next: number | null }
export interface NominateArgs {
    /** 0x hex account ids; other address kinds as `index:<n>`, `raw:<hex>`, `address20:<hex>` */
    targets: string[]
}
export interface PayoutStakersArgs { validator: string; era: number }

/** Rewarded {stash, amount}: Kusama 9300 .. 1001000 (no metadata of these runtimes in the project). */
const rewardedV9300 = new EventType('Staking.Rewarded', sts.struct({ stash: sts.bytes(), amount: sts.bigint() }))

type StakeEvent = typeof relay.bonded
const STAKE_EVENTS: Record<string, { relay: StakeEvent; ah: typeof ah.bonded }> = {
    'Staking.Bonded': { relay: relay.bonded, ah: ah.bonded },
    'Staking.Unbonded': { relay: relay.unbonded, ah: ah.unbonded },
    'Staking.Withdrawn': { relay: relay.withdrawn, ah: ah.withdrawn },
}

/** Staking.Bonded, Staking.Unbonded, Staking.Withdrawn */
export function decodeStakeChange(e: DecodableItem): StakeArgs {
    const t = STAKE_EVENTS[e.name] ?? unknownEvent(e)
    if (t.ah.v1009003.is(e)) {
        const { stash, amount } = t.ah.v1009003.decode(e)
        return { stash: accountHex(stash), amount }
    }
    if (t.relay.v1002000.is(e)) {
        const { stash, amount } = t.relay.v1002000.decode(e)
        return { stash: accountHex(stash), amount }
    }
    if (t.relay.v2008.is(e)) {
        const [stash, amount] = t.relay.v2008.decode(e)
        return { stash: accountHex(stash), amount }
    }
    return unknownEvent(e)
}

export function formatRewardDest(d: { __kind: string; value?: unknown }): string {
    switch (d.__kind) {
        case 'Account':
            return `Account:${encodeKusamaAddress(d.value as string)}`
        case 'Staked':
        case 'Stash':
        case 'Controller':
        case 'None':
            return d.__kind
        default:
            throw new Error(`unknown reward destination ${d.__kind}`)
    }
}

/** Staking.Rewarded (every shape) and Staking.Reward (before 9090) */
export function decodeReward(e: DecodableItem): RewardArgs {
    if (e.name === 'Staking.Rewarded') {
        if (ah.rewarded.v1009003.is(e)) {
            const { stash, dest, amount } = ah.rewarded.v1009003.decode(e)
            return { stash: accountHex(stash), amount, dest: formatRewardDest(dest) }
        }
        if (relay.rewarded.v1002000.is(e)) {
            const { stash, dest, amount } = relay.rewarded.v1002000.decode(e)
            return { stash: accountHex(stash), amount, dest: formatRewardDest(dest) }
        }
        if (rewardedV9300.is(e)) {
            const { stash, amount } = rewardedV9300.decode(e)
            return { stash: accountHex(stash), amount, dest: null }
        }
        if (relay.rewarded.v9100.is(e)) {
            const [stash, amount] = relay.rewarded.v9100.decode(e)
            return { stash: accountHex(stash), amount, dest: null }
        }
    } else if (e.name === 'Staking.Reward') {
        if (relay.reward.v2008.is(e)) {
            const [stash, amount] = relay.reward.v2008.decode(e)
            return { stash: accountHex(stash), amount, dest: null }
        }
    }
    return unknownEvent(e)
}

/** Staking.Slashed (every shape) and Staking.Slash (before 9090) */
export function decodeSlash(e: DecodableItem): StakeArgs {
    if (e.name === 'Staking.Slashed') {
        if (ah.slashed.v1009003.is(e)) {
            const { staker, amount } = ah.slashed.v1009003.decode(e)
            return { stash: accountHex(staker), amount }
        }
        if (relay.slashed.v1002000.is(e)) {
            const { staker, amount } = relay.slashed.v1002000.decode(e)
            return { stash: accountHex(staker), amount }
        }
        if (relay.slashed.v9100.is(e)) {
            const [staker, amount] = relay.slashed.v9100.decode(e)
            return { stash: accountHex(staker), amount }
        }
    } else if (e.name === 'Staking.Slash') {
        if (relay.slash.v2008.is(e)) {
            const [staker, amount] = relay.slash.v2008.decode(e)
            return { stash: accountHex(staker), amount }
        }
    }
    return unknownEvent(e)
}

/** Staking.EraPaid (every shape) and Staking.EraPayout (before 9090) */
export function decodeEraPaid(e: DecodableItem): EraPaidArgs {
    if (e.name === 'Staking.EraPaid') {
        if (ah.eraPaid.v1009003.is(e)) {
            const { eraIndex, validatorPayout, remainder } = ah.eraPaid.v1009003.decode(e)
            return { era: eraIndex, validatorPayout, remainder }
        }
        if (relay.eraPaid.v1002000.is(e)) {
            const { eraIndex, validatorPayout, remainder } = relay.eraPaid.v1002000.decode(e)
            return { era: eraIndex, validatorPayout, remainder }
        }
        if (relay.eraPaid.v9100.is(e)) {
            const [era, validatorPayout, remainder] = relay.eraPaid.v9100.decode(e)
            return { era, validatorPayout, remainder }
        }
    } else if (e.name === 'Staking.EraPayout') {
        if (relay.eraPayout.v2008.is(e)) {
            const [era, validatorPayout, remainder] = relay.eraPayout.v2008.decode(e)
            return { era, validatorPayout, remainder }
        }
    }
    return unknownEvent(e)
}

/** Staking.PayoutStarted, with and without `page`/`next` */
export function decodePayoutStarted(e: DecodableItem): PayoutStartedArgs {
    if (ah.payoutStarted.v1009003.is(e)) {
        const { eraIndex, validatorStash, page, next } = ah.payoutStarted.v1009003.decode(e)
        return { era: eraIndex, validator: accountHex(validatorStash), page, next: next ?? null }
    }
    if (relay.payoutStarted.v1009002.is(e)) {
        const { eraIndex, validatorStash, page, next } = relay.payoutStarted.v1009002.decode(e)
        return { era: eraIndex, validator: accountHex(validatorStash), page, next: next ?? null }
    }
    if (relay.payoutStarted.v1002000.is(e)) {
        const { eraIndex, validatorStash } = relay.payoutStarted.v1002000.decode(e)
        return { era: eraIndex, validator: accountHex(validatorStash), page: null, next: null }
    }
    if (relay.payoutStarted.v9100.is(e)) {
        const [eraIndex, validatorStash] = relay.payoutStarted.v9100.decode(e)
        return { era: eraIndex, validator: accountHex(validatorStash), page: null, next: null }
    }
    return unknownEvent(e)
}

function target(t: string | { __kind: string; value?: unknown }): string {
    if (typeof t === 'string') return accountHex(t)
    switch (t.__kind) {
        case 'Id':
        case 'Address32':
            return accountHex(t.value as string)
        case 'Index':
            return `index:${String(t.value ?? '')}`
        case 'Address20':
            return `address20:${String(t.value)}`
        case 'Raw':
            return `raw:${String(t.value)}`
        default:
            throw new Error(`unknown address kind ${t.__kind}`)
    }
}

/** Staking.nominate */
export function decodeNominate(c: DecodableItem): NominateArgs {
    if (ahCalls.nominate.v1009003.is(c)) return { targets: ahCalls.nominate.v1009003.decode(c).targets.map(target) }
    if (relayCalls.nominate.v1002000.is(c)) return { targets: relayCalls.nominate.v1002000.decode(c).targets.map(target) }
    if (relayCalls.nominate.v9100.is(c)) return { targets: relayCalls.nominate.v9100.decode(c).targets.map(target) }
    if (relayCalls.nominate.v2008.is(c)) return { targets: relayCalls.nominate.v2008.decode(c).targets.map(target) }
    return unknownCall(c)
}

/** Staking.payout_stakers */
export function decodePayoutStakers(c: DecodableItem): PayoutStakersArgs {
    if (ahCalls.payoutStakers.v1009003.is(c)) {
        const { validatorStash, era } = ahCalls.payoutStakers.v1009003.decode(c)
        return { validator: accountHex(validatorStash), era }
    }
    if (relayCalls.payoutStakers.v2008.is(c)) {
        const { validatorStash, era } = relayCalls.payoutStakers.v2008.decode(c)
        return { validator: accountHex(validatorStash), era }
    }
    return unknownCall(c)
}

/**
 * Staking.ActiveEra in the state before `block` (its parent's), for the era clock when indexing
 * starts after the last EraPaid. Best effort: undefined when the node has no such state (pruned,
 * or the simulator, which serves only System.Events) or the runtime has an unknown shape.
 */
export async function readActiveEraBefore(block: { height: number; parentHash: string; _runtime: Runtime }): Promise<number | undefined> {
    if (block.height === 0) return undefined
    const parent = { hash: block.parentHash, height: block.height - 1, _runtime: block._runtime }
    let info: { index: number } | undefined
    try {
        if (ahStorage.activeEra.v1009003.is(block)) info = await ahStorage.activeEra.v1009003.get(parent)
        else if (relayStorage.activeEra.v2008.is(block)) info = await relayStorage.activeEra.v2008.get(parent)
    } catch {
        // a pruned node answers "State already discarded": the clock starts at the first EraPaid instead
        return undefined
    }
    return info?.index
}
