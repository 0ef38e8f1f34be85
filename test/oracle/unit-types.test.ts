/**
 * Units are distinct types in the core's API: `npx tsc -p tsconfig.test.json` fails if any
 * @ts-expect-error below stops being an error (e.g. if a field lost its unit brand).
 */
import { add, ZERO_PLANCK } from '../../src/domain/units'
import { computeLiquidity, recomputeAll } from '../../src/oracle/core'
import { DAY, DAY0, deposit, KSM, SETTINGS } from './helpers'

test('a planck is never added to a share, a ratio or a bond amount (compile-time)', () => {
    const [r] = recomputeAll([deposit('a', DAY0, 'alice', KSM)], SETTINGS, DAY0 + DAY)
    const l = computeLiquidity([], { poolAccounts: [] })
    // @ts-expect-error Planck + Shares
    add(r.creditedPlanck, r.creditedShares)
    // @ts-expect-error Planck + BondAmount
    add(r.owedPlanck, r.pooledValue)
    // @ts-expect-error Shares + Ratio
    add(r.totalShares, r.ratio)
    // @ts-expect-error Planck + Shares (liquidity side)
    add(l.free, r.burnedShares)
    expect(add(add(ZERO_PLANCK, r.creditedPlanck), l.free)).toBe(KSM)
})
