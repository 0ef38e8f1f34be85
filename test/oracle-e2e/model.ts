/**
 * An independent, deliberately naive restatement of SPEC §4.3–§4.7 for the end-to-end tests:
 * the expected report of each period, computed with plain bigint from the scenario's own numbers.
 * It never imports the product's core (src/oracle/core): the point is to check the product
 * against the SPEC, not against itself. The whole-history reference of SPEC §4.1–§4.9 that the
 * property tests use lives in test/reference/ and is re-exported here.
 */
import { Client } from 'pg'
import { pgConfig } from '../../src/db/connection'

import { aprString, ceilDiv, E12, E18, sharesOf, toBond } from '../reference/arith'

// SPEC §2 arithmetic and the APR string have one home in the tests: test/reference/arith.ts
export { aprString, balanceOf, ceilDiv, E12, E18, E6, sharesOf, toBond, toPlanck } from '../reference/arith'
/** The independent reference of SPEC §4.1–§4.9 (whole histories of domain events), for tests that need more than a period's numbers. */
export * from '../reference/spec'
export const DAY = 86400

/** "1.5" KSM → planck */
export function ksm(s: string): bigint {
    const [i, f = ''] = s.split('.')
    return BigInt(i) * E12 + BigInt((f + '0'.repeat(12)).slice(0, 12))
}
/** planck → "1.5" (scenario files take KSM decimals) */
export function ksmString(p: bigint): string {
    const f = (p % E12).toString().padStart(12, '0').replace(/0+$/, '')
    return (p / E12).toString() + (f ? '.' + f : '')
}
/** r1: an R1 burn, whose shares the contract floors (MONOTONE allows one share unit of rounding each) */
export interface Burn { shares: bigint; owedPlanck: bigint; r1?: boolean }
export interface PeriodInput {
    /** planck of the deposits of at least minStake: credited, or HELD when the previous period was insolvent (§4.1) */
    deposits?: bigint[]
    rewards?: bigint[]           // gross planck
    slashes?: bigint[]           // planck
    burns?: Burn[]
    onchainAtEnd: bigint         // the on-chain ratio in force at end(D)
    /** SPEC §4.14: false when the pool holds less than it owes at end(D) (default: it holds enough) */
    reservesHold?: boolean
}
export interface Check { name: string; passed: boolean; blocking: boolean }
export interface Expected {
    prevRatio: string; ratio: string; totalShares: string; pooledValue: string
    creditedPlanck: string; creditedShares: string; heldPlanck: string; grossRewardPlanck: string; feePlanck: string; netRewardPlanck: string
    slashedPlanck: string; burnedShares: string; owedPlanck: string; apr: string; onchainRatio: string
    publishable: boolean; checks: Check[]
}

const sum = (xs: bigint[] = []) => xs.reduce((a, b) => a + b, 0n)

/** S, P, R carried from period to period (§4.6) and the checks of §4.7. */
export class Ledger {
    R = E18
    S = 0n
    P = 0n
    /** shares credited to each deposit, in call order (0 for a HELD one) */
    credits: bigint[] = []
    /** the last period was INSOLVENT: the next period's deposits are HELD */
    insolvent = false
    constructor(private feeBps = 200n, private maxAprPct = 30n) {}

    period(i: PeriodInput): Expected {
        const Rprev = this.R, Pprev = this.P
        const credited = this.insolvent ? [] : i.deposits ?? []
        const held = this.insolvent ? i.deposits ?? [] : []
        const creditedShares = credited.map(p => sharesOf(toBond(p), Rprev))
        this.credits.push(...(this.insolvent ? held.map(() => 0n) : creditedShares))
        const gross = sum(i.rewards)
        const fee = sum((i.rewards ?? []).map(g => (g * this.feeBps) / 10000n))
        const net = gross - fee
        const slashed = sum(i.slashes)
        const burned = sum((i.burns ?? []).map(b => b.shares))
        const owed = sum((i.burns ?? []).map(b => b.owedPlanck))
        const S = this.S + sum(creditedShares) - burned
        const P = Pprev + toBond(sum(credited)) + toBond(net) - toBond(slashed) - toBond(owed)
        const insolvent = S > 0n && P <= 0n
        const R = insolvent ? Rprev : S === 0n ? E18 : ceilDiv(S * E18, P)
        const nSlashes = (i.slashes ?? []).length
        const nR1 = (i.burns ?? []).filter(b => b.r1).length
        // §4.7 MONOTONE: R_D <= R_{D-1} + ceil(n·1e18/P_D) + 1 with no slash
        const monotoneBound = Rprev + (P > 0n ? ceilDiv(BigInt(nR1) * E18, P) : 0n) + 1n
        let lossExplained = true
        if (R > Rprev) {
            lossExplained = Pprev <= 0n
                ? nSlashes > 0
                : (R - Rprev) * Pprev * E12 <= toBond(slashed) * R * E12 + R * Pprev
        }
        const checks: Check[] = [
            { name: 'SOLVENT', passed: !insolvent, blocking: true },
            { name: 'MONOTONE', passed: nSlashes > 0 || S === 0n || R <= monotoneBound, blocking: true },
            { name: 'APR_BOUND', passed: (Rprev - R) * 365n * 100n <= this.maxAprPct * R, blocking: true },
            { name: 'LOSS_EXPLAINED', passed: lossExplained, blocking: true },
            { name: 'ONCHAIN_DRIFT', passed: i.onchainAtEnd === Rprev, blocking: false },
            // §4.14 on the local chains: the simulator's storage is exactly what the events say, and
            // every claim and burn has its log, so the supply matches and no account differs
            { name: 'RESERVES', passed: i.reservesHold ?? true, blocking: true },
            { name: 'SHARE_SUPPLY', passed: true, blocking: true },
            { name: 'EVENTS_MATCH_STATE', passed: true, blocking: false },
        ]
        this.R = R
        this.S = S
        this.P = P
        this.insolvent = insolvent
        return {
            prevRatio: String(Rprev), ratio: String(R), totalShares: String(S), pooledValue: String(P),
            creditedPlanck: String(sum(credited)), creditedShares: String(sum(creditedShares)), heldPlanck: String(sum(held)), grossRewardPlanck: String(gross),
            feePlanck: String(fee), netRewardPlanck: String(net), slashedPlanck: String(slashed), burnedShares: String(burned),
            owedPlanck: String(owed), apr: aprString(Rprev, R), onchainRatio: String(i.onchainAtEnd),
            publishable: checks.every(c => !c.blocking || c.passed), checks,
        }
    }
}

export const REPORT_FIELDS = `period periodStart periodEnd prevRatio ratio totalShares pooledValue creditedPlanck creditedShares heldPlanck
    grossRewardPlanck feePlanck netRewardPlanck slashedPlanck burnedShares owedPlanck apr onchainRatio publishable
    checks { name passed blocking detail } inputsHash`

/** the GraphQL report without the fields the model does not state (check details, inputsHash, period bounds) */
export function comparable(r: any): Expected & { period: string } {
    const { periodStart, periodEnd, inputsHash, ...rest } = r
    return { ...rest, checks: r.checks.map((c: any) => ({ name: c.name, passed: c.passed, blocking: c.blocking })) }
}

export async function gql(url: string, query: string, variables: object = {}): Promise<any> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
    const body: any = await res.json()
    if (body.errors) throw new Error(body.errors.map((e: any) => e.message).join('; '))
    return body.data
}

export function label(ms: number): string {
    return new Date(ms).toISOString().slice(0, 10)
}

/** SPEC §4.6 inputsHash recomputed from the event tables: moved to src/chaos/inputs-hash.ts (`npm run chaos` checks every report with it). */
export { inputsHashOf } from '../../src/chaos/inputs-hash'

export { until } from '../support/until'

export function connect(stack: { db: { host: string; port: number; database: string; user: string; password: string } }): Client {
    return new Client(pgConfig(stack.db))
}
