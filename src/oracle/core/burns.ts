/**
 * SPEC §4.5 — what a Burn owes on Kusama. The Ethereum processor stores owedPlanck on each Burn
 * row; this is the same rule as a pure function, for cross-checks, tests and generators.
 *  - R1 owes a = its aKSMb `amount`;
 *  - R0 owes a = balance(shares, R_chain) with R_chain the on-chain ratio in force at that log.
 * owedPlanck = toPlanck(a) = floor(a / 10^6).
 */
import { balanceOf, BondAmount, Planck, Ratio, Shares, sharesOf, toPlanck } from '../../domain/units'

export type BurnInput =
    | { readonly revision: 'R0'; readonly shares: Shares; readonly chainRatio: Ratio }
    | { readonly revision: 'R1'; readonly amount: BondAmount }

export function burnOwedPlanck(b: BurnInput): Planck {
    return b.revision === 'R1' ? toPlanck(b.amount) : toPlanck(balanceOf(b.shares, b.chainRatio))
}

/** Shares an R1 burn of `amount` burns on chain: balanceToShares(amount) at the on-chain ratio. */
export function r1BurnedShares(amount: BondAmount, chainRatio: Ratio): Shares {
    return sharesOf(amount, chainRatio)
}
