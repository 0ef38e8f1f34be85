/** SPEC §4.4 — the pool's fee on each reward: fee = floor(g·feeBps/10000), net = g − fee. */
import { Planck, planck } from '../../domain/units'

export function rewardFee(gross: Planck, feeBps: number): Planck {
    if (gross < 0n) throw new RangeError(`reward of ${gross} planck is negative`)
    return planck((gross * BigInt(feeBps)) / 10000n)
}
