/**
 * Staking pallet (relay `pallet_staking`, Asset Hub `pallet_staking_async`, both named Staking): the
 * stake changes, rewards, slashes and nominations of the pool, every shape, newest first. typegen's
 * `is()` only checks that the expected fields are a subset of the runtime's, so an older, smaller
 * struct also matches a newer one: the order below matters. Payouts are in ./staking-payouts.ts, the
 * era clock in ./staking-era.ts.
 *
 * Shapes (Kusama spec versions):
 *   Bonded/Unbonded/Withdrawn   struct {stash, amount} 9300+            tuple (AccountId, Balance) before
 *   Rewarded                    struct {stash, dest, amount} 1001000+   struct {stash, amount} 9300+
 *                               tuple (AccountId, Balance) 9090+        Reward tuple (AccountId, Balance) before 9090
 *   Slashed                     struct {staker, amount} 9300+           tuple 9090+    Slash tuple before 9090
 *   nominate(targets)           MultiAddress (9100+) or LookupSource = AccountId (2008)
 * The struct shapes of 9300..1001000 without `dest` have no metadata in this project; the one that
 * differs from a typegen'd shape (Rewarded {stash, amount}) is declared here by hand.
 */
import { sts, EventType } from '../types/support'
import * as relay from '../types/staking/events'
import * as relayCalls from '../types/staking/calls'
import * as ah from '../types-asset-hub/staking/events'
import * as ahCalls from '../types-asset-hub/staking/calls'
import { encodeKusamaAddress } from '../../../domain/kusama-address'
import { accountHex, DecodableItem, unknownCall, unknownEvent } from './errors'

export interface StakeArgs { stash: string; amount: bigint }
export interface RewardArgs extends StakeArgs {
    /** Staked | Stash | Controller | None | Account:<address>; null when the runtime had no `dest` */
    dest: string | null
}
export interface NominateArgs {
    /** 0x hex account ids; other address kinds as `index:<n>`, `raw:<hex>`, `address20:<hex>` */
    targets: string[]
}

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
