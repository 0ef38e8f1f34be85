/**
 * An independent reference of SPEC §4.1–§4.9, written from the SPEC text (/work/shared/SPEC.md), not
 * from src/: it imports nothing from src/ and shares no code with src/oracle. Deliberately naive: one
 * batch function recomputes the whole history from the facts known at `now` with plain loops and
 * linear searches (no folds, no indexes, no carried state between calls), so that it is easy to read
 * against the SPEC and independent of the product's incremental design.
 *
 * Input: the domain events as facts (SPEC §3). A Burn is the TokensBurned as the chain said it: its
 * revision, shares, aKSMb amount (R1) and raw recipient bytes; what it owes and to whom is decided here
 * (§4.5), with the on-chain ratio in force found here from the stream's RatioUpdates. A Deposit has no
 * status: §4.1 decides it here.
 *
 * Where the SPEC is silent the reference must still answer; each such reading is marked
 * "SPEC GAP (decided)" or "READING" below, and the answers record when a gap applied (`gaps`), so the
 * property tests can count that those cases are exercised.
 */
import { createHash } from 'crypto'
import { balanceOf, ceilDiv, E18, parseDecimalRat, rat, Rat, ratAdd, ratLte, sharesOf, toBond, toPlanck } from './arith'
import { recipientOf } from './ss58'

// ---------------------------------------------------------------- input (SPEC §3)

export interface RefPosition {
    readonly id: string
    /** block timestamp, Unix ms */
    readonly timestamp: number
    readonly chain: 'ethereum' | 'kusama'
    readonly height: number
    /** event index (Kusama) or log index (Ethereum) within the block */
    readonly index: number
}
export interface RefDepositEvent extends RefPosition { readonly type: 'Deposit'; readonly from: string; readonly to: string; readonly amount: bigint }
export interface RefRewardEvent extends RefPosition { readonly type: 'Reward'; readonly stash: string; readonly amount: bigint; readonly dest: string | null }
export interface RefSlashEvent extends RefPosition { readonly type: 'Slash'; readonly stash: string; readonly amount: bigint }
/** TokensBurned as the chain said it: `amount` is the R1 shape's aKSMb amount (null for R0); `recipientRaw` is 0x hex. */
export interface RefBurnEvent extends RefPosition {
    readonly type: 'Burn'
    readonly revision: 'R0' | 'R1'
    readonly ethAccount: string
    readonly shares: bigint
    readonly amount: bigint | null
    readonly recipientRaw: string
}
export interface RefTransferEvent extends RefPosition {
    readonly type: 'PoolTransfer'
    readonly kind: 'INTERNAL' | 'INFLOW' | 'OUTFLOW'
    readonly from: string
    readonly to: string
    readonly amount: bigint
}
export interface RefStakingEvent extends RefPosition {
    readonly type: 'StakingChange'
    readonly action: 'BONDED' | 'UNBONDED' | 'WITHDRAWN'
    readonly stash: string
    readonly amount: bigint
    /** the active era the processor saw the event at, null when it knew none */
    readonly activeEra: number | null
}
export interface RefEraPaidEvent extends RefPosition { readonly type: 'EraPaid'; readonly era: number }
export interface RefPoolFeeEvent extends RefPosition { readonly type: 'PoolFee'; readonly account: string; readonly amount: bigint }
export interface RefRatioUpdateEvent extends RefPosition { readonly type: 'RatioUpdate'; readonly ratio: bigint }

export type RefEvent =
    | RefDepositEvent | RefRewardEvent | RefSlashEvent | RefBurnEvent | RefTransferEvent
    | RefStakingEvent | RefEraPaidEvent | RefPoolFeeEvent | RefRatioUpdateEvent

export interface RefSettings {
    readonly feeBps: number
    readonly periodSeconds: number
    /** a decimal string, e.g. "0.30" */
    readonly maxApr: string
    readonly releasePeriodSeconds: number
    readonly minStakePlanck: bigint
    /** every pool account (deposit addresses, stashes, others) */
    readonly poolAccounts: readonly string[]
}

// ---------------------------------------------------------------- output

export type RefCheckName = 'SOLVENT' | 'MONOTONE' | 'APR_BOUND' | 'LOSS_EXPLAINED' | 'ONCHAIN_DRIFT'
export interface RefCheck { readonly name: RefCheckName; readonly passed: boolean; readonly blocking: boolean }

/** SPEC gaps the reference had to decide, recorded where they applied */
export type RefGap =
    /** MONOTONE and LOSS_EXPLAINED are waived when S_D = 0 (R resets to 1e18 by §4.6) */
    | 'EMPTY_POOL_WAIVER'
    /** LOSS_EXPLAINED with P_{D-1} < 0 (after an insolvent period) read as P_{D-1} = 0 */
    | 'NEGATIVE_PREV_POOL'

export interface RefReport {
    readonly period: number
    readonly periodStart: number
    readonly periodEnd: number
    readonly prevRatio: bigint
    readonly ratio: bigint
    readonly prevTotalShares: bigint
    readonly totalShares: bigint
    readonly prevPooledValue: bigint
    readonly pooledValue: bigint
    readonly creditedPlanck: bigint
    readonly creditedShares: bigint
    readonly creditedCount: number
    readonly belowMinimumPlanck: bigint
    readonly belowMinimumCount: number
    readonly heldPlanck: bigint
    readonly heldCount: number
    readonly grossRewardPlanck: bigint
    readonly feePlanck: bigint
    readonly netRewardPlanck: bigint
    readonly rewardCount: number
    readonly slashedPlanck: bigint
    readonly slashCount: number
    readonly burnedShares: bigint
    readonly owedPlanck: bigint
    readonly burnCount: number
    readonly r1BurnCount: number
    readonly onchainRatio: bigint
    readonly insolvent: boolean
    /** apr_D = (R_{D-1}/R_D − 1)·365·86400/periodSeconds, exact */
    readonly apr: Rat
    readonly checks: readonly RefCheck[]
    readonly publishable: boolean
    /** ids of the ledger events of D, canonical order */
    readonly ledgerIds: readonly string[]
    readonly inputsHash: string
    readonly gaps: readonly RefGap[]
}

export type RefDepositStatus = 'CREDITED' | 'BELOW_MINIMUM' | 'HELD'
export interface RefDeposit {
    readonly id: string
    readonly from: string
    readonly amount: bigint
    readonly timestamp: number
    readonly period: number
    readonly status: RefDepositStatus
    readonly shares: bigint
    /** status with REFUNDED once its refund was seen */
    readonly finalStatus: RefDepositStatus | 'REFUNDED'
    readonly refundOutflowId: string | null
}

export type RefRequestStatus = 'PENDING' | 'PARTIALLY_PAID' | 'PAID' | 'INVALID_RECIPIENT'
export type RefEtaReason = 'LIQUID' | 'UNBONDING' | 'NEEDS_UNBOND'
export interface RefRequest {
    readonly id: string
    readonly revision: 'R0' | 'R1'
    readonly ethAccount: string
    readonly recipient: string | null
    readonly shares: bigint
    readonly owedPlanck: bigint
    readonly paidPlanck: bigint
    readonly status: RefRequestStatus
    readonly requestedAt: number
    readonly paidAt: number | null
    readonly deadline: number
    readonly overdue: boolean
    readonly eta: number | null
    readonly etaReason: RefEtaReason | null
    /** R_chain the burn was priced at (§4.5), for the tests' bookkeeping */
    readonly chainRatio: bigint
}
export interface RefOutflow { readonly id: string; readonly to: string; readonly amountPlanck: bigint; readonly unmatchedPlanck: bigint; readonly timestamp: number }
export interface RefChunk { readonly stash: string; readonly unbondedId: string; readonly amount: bigint; readonly unlockEra: number | null }
export interface RefLiquidity {
    /** per account, sorted by account */
    readonly freeByAccount: readonly (readonly [string, bigint])[]
    readonly free: bigint
    readonly bondedByStash: readonly (readonly [string, bigint])[]
    readonly bonded: bigint
    /** remaining chunks, by stash then creation */
    readonly chunks: readonly RefChunk[]
    readonly unbonding: bigint
    readonly clock: { readonly activeEra: number; readonly startedAt: number } | null
    /** Withdrawn planck that found no unlocked chunk (outside the SPEC: history before the start) */
    readonly withdrawnWithoutChunk: bigint
}
export interface RefQueue {
    readonly now: number
    /** every request, FIFO order */
    readonly requests: readonly RefRequest[]
    /** the Outflows that are not refunds, canonical order, with what FIFO matching left of each */
    readonly outflows: readonly RefOutflow[]
    readonly pendingOwed: bigint
    readonly invalidRecipientOwed: bigint
    /** pool free balance less refundable */
    readonly free: bigint
    readonly refundable: bigint
    readonly unbonding: bigint
    readonly toUnbond: bigint
    /** requests not PAID whose deadline `now` has passed */
    readonly overdueCount: number
    readonly liquidity: RefLiquidity
}

export interface RefWorld {
    readonly now: number
    /** every period closed at `now`, from the first Deposit's */
    readonly reports: readonly RefReport[]
    /** every Deposit known at `now`, canonical order */
    readonly deposits: readonly RefDeposit[]
    readonly queue: RefQueue
}

// ---------------------------------------------------------------- helpers

const ERA_MS = 6 * 3600 * 1000
const UNBONDING_ERAS = 28

function cmpStr(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0
}

/** Canonical order: (timestamp, chain, height, index, id, type), strings by UTF-16 code units. */
export function refCompare(a: RefEvent, b: RefEvent): number {
    if (a.timestamp !== b.timestamp) return a.timestamp - b.timestamp
    if (a.chain !== b.chain) return cmpStr(a.chain, b.chain)
    if (a.height !== b.height) return a.height - b.height
    if (a.index !== b.index) return a.index - b.index
    if (a.id !== b.id) return cmpStr(a.id, b.id)
    return cmpStr(a.type, b.type)
}

const isLedger = (e: RefEvent): boolean => e.type === 'Deposit' || e.type === 'Reward' || e.type === 'Slash' || e.type === 'Burn'

/** The last RatioUpdate strictly before `position` in `sorted` (canonical), or null. */
function ratioUpdateBefore(sorted: readonly RefEvent[], position: number): RefRatioUpdateEvent | null {
    let last: RefRatioUpdateEvent | null = null
    for (let i = 0; i < position; i++) {
        const e = sorted[i]
        if (e.type === 'RatioUpdate') last = e
    }
    return last
}

/** §4.5: what a burn owes (planck), priced at R_chain. */
function owedOf(b: RefBurnEvent, chainRatio: bigint): bigint {
    if (b.revision === 'R1') {
        if (b.amount == null) throw new RangeError(`R1 burn ${b.id} without its amount`)
        return toPlanck(b.amount)
    }
    // the aKSMb contract requires every ratio > 0 (SPEC §1): anything else is outside the SPEC
    if (chainRatio <= 0n) throw new RangeError(`R0 burn ${b.id} at on-chain ratio ${chainRatio}`)
    return toPlanck(balanceOf(b.shares, chainRatio))
}

// ---------------------------------------------------------------- the reference

/** Everything SPEC §4.1–§4.9 says about the facts known at `now` (events with timestamp <= now). */
export function reference(events: readonly RefEvent[], s: RefSettings, now: number): RefWorld {
    const periodMs = s.periodSeconds * 1000
    const periodOf = (t: number) => Math.floor(t / periodMs)
    const start = (D: number) => D * periodMs
    const end = (D: number) => (D + 1) * periodMs
    const maxApr = parseDecimalRat(s.maxApr)

    const known = events.filter(e => e.timestamp <= now).sort(refCompare)

    // §4.5 the on-chain ratio in force at each burn: the last RatioUpdate before it, 1e18 if none
    const chainRatioAt = new Map<string, bigint>()
    known.forEach((e, i) => {
        if (e.type === 'Burn') chainRatioAt.set(e.id, ratioUpdateBefore(known, i)?.ratio ?? E18)
    })
    const owed = (b: RefBurnEvent) => owedOf(b, chainRatioAt.get(b.id) as bigint)

    // §4.2 periods: from the one holding the first Deposit to the last with end(D) <= now
    const depositEvents = known.filter((e): e is RefDepositEvent => e.type === 'Deposit')
    const first = depositEvents.length > 0 ? Math.min(...depositEvents.map(d => periodOf(d.timestamp))) : null
    const last = Math.floor(now / periodMs) - 1

    // §4.1/§4.3/§4.6/§4.7, period by period
    const reports: RefReport[] = []
    const decided = new Map<string, { status: RefDepositStatus; shares: bigint }>()
    let R = E18
    let S = 0n
    let P = 0n
    let prevInsolvent = false
    /** §4.1: decide a deposit of period D against report D−1 (R = 1e18 and solvent before any report) */
    const decide = (d: RefDepositEvent, Rprev: bigint, insolventPrev: boolean) => {
        // READING: "A deposit of at least minStake is CREDITED; a smaller one is BELOW_MINIMUM. A deposit
        // made ... while report D−1 is INSOLVENT is HELD instead": HELD takes the place of CREDITED;
        // a deposit below the minimum stays BELOW_MINIMUM (both are refundable alike).
        const status: RefDepositStatus = d.amount < s.minStakePlanck ? 'BELOW_MINIMUM' : insolventPrev ? 'HELD' : 'CREDITED'
        decided.set(d.id, { status, shares: status === 'CREDITED' ? sharesOf(toBond(d.amount), Rprev) : 0n })
    }
    if (first != null) {
        for (let D = first; D <= last; D++) {
            const inD = known.filter(e => e.timestamp >= start(D) && e.timestamp < end(D))
            let creditedPlanck = 0n, creditedShares = 0n, creditedCount = 0
            let belowMinimumPlanck = 0n, belowMinimumCount = 0, heldPlanck = 0n, heldCount = 0
            let gross = 0n, fee = 0n, rewardCount = 0, slashed = 0n, slashCount = 0
            let burned = 0n, owedSum = 0n, burnCount = 0, r1BurnCount = 0
            for (const e of inD) {
                if (e.type === 'Deposit') {
                    decide(e, R, prevInsolvent)
                    const x = decided.get(e.id)!
                    if (x.status === 'CREDITED') {
                        creditedPlanck += e.amount
                        creditedShares += x.shares
                        creditedCount++
                    } else if (x.status === 'BELOW_MINIMUM') {
                        belowMinimumPlanck += e.amount
                        belowMinimumCount++
                    } else {
                        heldPlanck += e.amount
                        heldCount++
                    }
                } else if (e.type === 'Reward') {
                    // §4.4 fee = floor(g·feeBps/10000), net = g − fee
                    gross += e.amount
                    fee += (e.amount * BigInt(s.feeBps)) / 10000n
                    rewardCount++
                } else if (e.type === 'Slash') {
                    slashed += e.amount
                    slashCount++
                } else if (e.type === 'Burn') {
                    burned += e.shares
                    owedSum += owed(e)
                    burnCount++
                    if (e.revision === 'R1') r1BurnCount++
                }
            }
            const net = gross - fee
            // §4.6
            const Sd = S + creditedShares - burned
            const Pd = P + toBond(creditedPlanck) + toBond(net) - toBond(slashed) - toBond(owedSum)
            if (Sd < 0n) throw new RangeError(`period ${D}: S = ${Sd} < 0 (more shares burned than credited) is outside the SPEC`)
            const insolvent = Sd > 0n && Pd <= 0n
            const Rd = Sd === 0n ? E18 : insolvent ? R : ceilDiv(Sd * E18, Pd)
            const apr = rat((R - Rd) * 365n * 86400n, Rd * BigInt(s.periodSeconds))
            const gaps: RefGap[] = []

            // §4.7
            // MONOTONE: with no Slash in D, R_D <= R_{D-1} + ceil(n·1e18/P_D) + 1, n = R1 burns of D.
            // SPEC GAP (decided, as the product decided it): when S_D = 0 every holder has left and §4.6
            // resets R to 1e18, whatever R_{D-1} was: nothing to protect, so MONOTONE is waived too.
            // (With S_D > 0 and P_D <= 0 the pool is insolvent and R_D = R_{D-1}: the ceil term is not
            // needed, 0 is used.)
            let monotone: boolean
            if (slashCount > 0) monotone = true
            else if (Sd === 0n) {
                monotone = true
                if (Rd > R) gaps.push('EMPTY_POOL_WAIVER')
            } else monotone = Rd <= R + (Pd > 0n ? ceilDiv(BigInt(r1BurnCount) * E18, Pd) : 0n) + 1n
            // APR_BOUND: apr_D <= maxApr, exactly
            const aprBound = ratLte(apr, maxApr)
            // LOSS_EXPLAINED: when R_D > R_{D-1}: 1 − R_{D-1}/R_D <= Σslashes·10^6/P_{D-1} + 1e-12;
            // when P_{D-1} = 0 only a slash in D explains a loss.
            // SPEC GAP (decided): S_D = 0 — no shares, no loss per share: passes (the reset of §4.6).
            // SPEC GAP (decided): P_{D-1} < 0 (only after an insolvent period) is read as P_{D-1} = 0.
            let lossExplained = true
            if (Rd > R) {
                if (Sd === 0n) {
                    lossExplained = true
                    if (!gaps.includes('EMPTY_POOL_WAIVER')) gaps.push('EMPTY_POOL_WAIVER')
                } else if (P <= 0n) {
                    lossExplained = slashCount > 0
                    if (P < 0n) gaps.push('NEGATIVE_PREV_POOL')
                } else {
                    const loss = rat(Rd - R, Rd)
                    const explained = ratAdd(rat(toBond(slashed), P), rat(1n, 10n ** 12n))
                    lossExplained = ratLte(loss, explained)
                }
            }
            // ONCHAIN_DRIFT (warning): the on-chain ratio at end(D) differs from R_{D-1}.
            // READING: "at end(D)" = after every event of D, i.e. the last RatioUpdate with timestamp < end(D)
            // (a block at end(D) exactly belongs to D+1, §4.2).
            const endPos = known.findIndex(e => e.timestamp >= end(D))
            const inForce = ratioUpdateBefore(known, endPos < 0 ? known.length : endPos)
            const onchainRatio = inForce?.ratio ?? E18
            const checks: RefCheck[] = [
                { name: 'SOLVENT', passed: !insolvent, blocking: true },
                { name: 'MONOTONE', passed: monotone, blocking: true },
                { name: 'APR_BOUND', passed: aprBound, blocking: true },
                { name: 'LOSS_EXPLAINED', passed: lossExplained, blocking: true },
                { name: 'ONCHAIN_DRIFT', passed: onchainRatio === R, blocking: false },
            ]
            // inputsHash: "sha256 of the sorted ids of the domain events it consumed". The encoding is the
            // product's documented CHOICE, restated: ids sorted by code units, joined by '\n', UTF-8; the
            // consumed events are D's ledger events and the RatioUpdate in force at end(D) (ONCHAIN_DRIFT).
            const ledgerIds = inD.filter(isLedger).map(e => e.id)
            const hashed = inForce ? [...ledgerIds, inForce.id] : [...ledgerIds]
            hashed.sort(cmpStr)
            reports.push({
                period: D, periodStart: start(D), periodEnd: end(D),
                prevRatio: R, ratio: Rd, prevTotalShares: S, totalShares: Sd, prevPooledValue: P, pooledValue: Pd,
                creditedPlanck, creditedShares, creditedCount, belowMinimumPlanck, belowMinimumCount, heldPlanck, heldCount,
                grossRewardPlanck: gross, feePlanck: fee, netRewardPlanck: net, rewardCount, slashedPlanck: slashed, slashCount,
                burnedShares: burned, owedPlanck: owedSum, burnCount, r1BurnCount, onchainRatio, insolvent, apr, checks,
                publishable: checks.every(c => !c.blocking || c.passed),
                ledgerIds, inputsHash: createHash('sha256').update(hashed.join('\n'), 'utf8').digest('hex'), gaps,
            })
            R = Rd
            S = Sd
            P = Pd
            prevInsolvent = insolvent
        }
        // deposits of the open period (last + 1, not closed at `now`) are decided against the last report
        for (const d of depositEvents) if (!decided.has(d.id)) decide(d, R, prevInsolvent)
    }

    // §4.1 refunds: an Outflow to a BELOW_MINIMUM or HELD deposit's sender, at or after it, of exactly its
    // amount refunds the oldest such unrefunded deposit of that sender and pays no unstake request.
    // READING: "at or after it" is chain order: the outflow comes after the deposit in canonical order
    // (an outflow in the same block, earlier in it, is not a refund of it).
    const refundedBy = new Map<string, string>()
    const refundOutflows = new Set<string>()
    known.forEach((o, i) => {
        if (o.type !== 'PoolTransfer' || o.kind !== 'OUTFLOW') return
        for (let j = 0; j < i; j++) {
            const d = known[j]
            if (d.type !== 'Deposit' || d.from !== o.to || d.amount !== o.amount || refundedBy.has(d.id)) continue
            if (decided.get(d.id)!.status === 'CREDITED') continue
            refundedBy.set(d.id, o.id)
            refundOutflows.add(o.id)
            return
        }
    })
    const deposits: RefDeposit[] = depositEvents.map(d => {
        const x = decided.get(d.id)!
        const refund = refundedBy.get(d.id) ?? null
        return {
            id: d.id, from: d.from, amount: d.amount, timestamp: d.timestamp, period: periodOf(d.timestamp),
            status: x.status, shares: x.shares, finalStatus: refund ? 'REFUNDED' : x.status, refundOutflowId: refund,
        }
    })
    const refundable = deposits.filter(d => d.finalStatus === 'BELOW_MINIMUM' || d.finalStatus === 'HELD').reduce((a, d) => a + d.amount, 0n)

    // §4.8 the unstake queue: every Burn is a request; other Outflows pay A's requests FIFO
    interface Req { b: RefBurnEvent; recipient: string | null; owed: bigint; paid: bigint; paidAt: number | null }
    const reqs: Req[] = known
        .filter((e): e is RefBurnEvent => e.type === 'Burn')
        .map(b => ({ b, recipient: recipientOf(b.recipientRaw), owed: owed(b), paid: 0n, paidAt: null as number | null }))
        .sort((x, y) => (x.b.timestamp !== y.b.timestamp ? x.b.timestamp - y.b.timestamp : cmpStr(x.b.id, y.b.id)))
    // SPEC GAP (decided): a VALID request owing 0 planck has paid what it owes from the start: PAID at requestedAt
    for (const r of reqs) if (r.recipient != null && r.owed === 0n) r.paidAt = r.b.timestamp
    const outflows: RefOutflow[] = []
    for (const o of known) {
        if (o.type !== 'PoolTransfer' || o.kind !== 'OUTFLOW' || refundOutflows.has(o.id)) continue
        let left = o.amount
        for (const r of reqs) {
            if (left === 0n) break
            if (r.recipient !== o.to || r.b.timestamp > o.timestamp || r.owed - r.paid <= 0n) continue
            const x = r.owed - r.paid < left ? r.owed - r.paid : left
            r.paid += x
            left -= x
            if (r.paid === r.owed) r.paidAt = o.timestamp
        }
        outflows.push({ id: o.id, to: o.to, amountPlanck: o.amount, unmatchedPlanck: left, timestamp: o.timestamp })
    }

    // §4.9 liquidity from the Kusama events
    const free = new Map<string, bigint>(s.poolAccounts.map(a => [a, 0n]))
    const bonded = new Map<string, bigint>()
    const move = (m: Map<string, bigint>, k: string, x: bigint) => m.set(k, (m.get(k) ?? 0n) + x)
    interface Chunk { stash: string; unbondedId: string; amount: bigint; unlockEra: number | null }
    let chunks: Chunk[] = []
    let clock: { activeEra: number; startedAt: number } | null = null
    let withdrawnWithoutChunk = 0n
    for (const e of known) {
        if (e.type === 'Deposit') move(free, e.to, e.amount)
        else if (e.type === 'PoolTransfer') {
            // an internal transfer moves free balance between two pool accounts
            if (e.kind === 'INFLOW' || e.kind === 'INTERNAL') move(free, e.to, e.amount)
            if (e.kind === 'OUTFLOW' || e.kind === 'INTERNAL') move(free, e.from, -e.amount)
        } else if (e.type === 'PoolFee') move(free, e.account, -e.amount)
        else if (e.type === 'Reward') {
            // "non-Staked rewards in" the free balance, "Staked rewards in" bonded.
            // SPEC GAP (decided): dest null (runtimes before `dest`) compounds like Staked; Stash and
            // Controller pay the stash; Account:X pays X, in the pool only when X is a pool account; None pays nobody.
            const d = e.dest
            if (d == null || d === 'Staked') move(bonded, e.stash, e.amount)
            else if (d === 'Stash' || d === 'Controller') move(free, e.stash, e.amount)
            else if (d.startsWith('Account:')) {
                if (s.poolAccounts.includes(d.slice(8))) move(free, d.slice(8), e.amount)
            } else if (d !== 'None') throw new RangeError(`reward ${e.id}: dest ${d} is outside the SPEC`)
        } else if (e.type === 'Slash') move(bonded, e.stash, -e.amount)
        else if (e.type === 'EraPaid') clock = { activeEra: e.era + 1, startedAt: e.timestamp }
        else if (e.type === 'StakingChange') {
            // the active era at the event: the processor's, else the era clock's
            const era = e.activeEra ?? clock?.activeEra ?? null
            if (e.action === 'BONDED') {
                move(free, e.stash, -e.amount)
                move(bonded, e.stash, e.amount)
            } else if (e.action === 'UNBONDED') {
                move(bonded, e.stash, -e.amount)
                // each Unbonded at active era e unlocks at era e + 28 (SPEC GAP: unknown era → unknown unlock)
                chunks.push({ stash: e.stash, unbondedId: e.id, amount: e.amount, unlockEra: era == null ? null : era + UNBONDING_ERAS })
            } else {
                move(free, e.stash, e.amount)
                // Withdrawn consumes the oldest unlocked chunks (unlock era, then creation order)
                let left = e.amount
                while (left > 0n) {
                    let oldest: Chunk | null = null
                    for (const c of chunks) {
                        if (c.stash !== e.stash || c.unlockEra == null || era == null || c.unlockEra > era) continue
                        if (oldest == null || c.unlockEra < oldest.unlockEra!) oldest = c
                    }
                    if (oldest == null) break
                    const x = oldest.amount < left ? oldest.amount : left
                    oldest.amount -= x
                    left -= x
                    if (oldest.amount === 0n) chunks = chunks.filter(c => c !== oldest)
                }
                withdrawnWithoutChunk += left
            }
        }
    }
    const sortedEntries = (m: Map<string, bigint>) => [...m.entries()].sort(([a], [b]) => cmpStr(a, b))
    const poolFree = [...free.values()].reduce((a, b) => a + b, 0n)
    const unbonding = chunks.reduce((a, c) => a + c.amount, 0n)
    const liquidity: RefLiquidity = {
        freeByAccount: sortedEntries(free), free: poolFree,
        bondedByStash: sortedEntries(bonded), bonded: [...bonded.values()].reduce((a, b) => a + b, 0n),
        chunks: [...chunks].sort((a, b) => cmpStr(a.stash, b.stash)).map(c => ({ ...c })), unbonding, clock, withdrawnWithoutChunk,
    }

    // §4.9 ETAs: pending requests in FIFO order, C_i the cumulative owed − paid; `free` excludes refundable.
    // SPEC GAP (decided): a chunk's unlock time is the start of its unlock era on the era clock, never
    // before `now` (an unlocked chunk still waits for a withdraw); with no clock or no unlock era it is now + 28 eras.
    const freeForRequests = poolFree - refundable
    const unlockTime = (c: Chunk) =>
        clock == null || c.unlockEra == null ? now + UNBONDING_ERAS * ERA_MS : Math.max(now, clock.startedAt + (c.unlockEra - clock.activeEra) * ERA_MS)
    const byUnlock = chunks.map(c => ({ c, t: unlockTime(c) })).sort((a, b) => a.t - b.t)
    const etas = new Map<string, { eta: number; reason: RefEtaReason }>()
    let C = 0n
    for (const r of reqs) {
        if (r.recipient == null || r.paid === r.owed) continue
        C += r.owed - r.paid
        if (freeForRequests >= C) {
            etas.set(r.b.id, { eta: now, reason: 'LIQUID' })
            continue
        }
        let unlocked = 0n
        let at: number | null = null
        for (const x of byUnlock) {
            unlocked += x.c.amount
            if (freeForRequests + unlocked >= C) {
                at = x.t
                break
            }
        }
        etas.set(r.b.id, at != null ? { eta: at, reason: 'UNBONDING' } : { eta: now + UNBONDING_ERAS * ERA_MS, reason: 'NEEDS_UNBOND' })
    }

    const releaseMs = s.releasePeriodSeconds * 1000
    const requests: RefRequest[] = reqs.map(r => {
        const status: RefRequestStatus = r.recipient == null ? 'INVALID_RECIPIENT' : r.paid === r.owed ? 'PAID' : r.paid > 0n ? 'PARTIALLY_PAID' : 'PENDING'
        const deadline = r.b.timestamp + releaseMs
        const paidAt = status === 'PAID' ? r.paidAt : null
        // OVERDUE: not PAID by the deadline; paying exactly at the deadline is on time
        const overdue = paidAt != null ? paidAt > deadline : now > deadline
        const eta = etas.get(r.b.id)
        return {
            id: r.b.id, revision: r.b.revision, ethAccount: r.b.ethAccount, recipient: r.recipient, shares: r.b.shares, owedPlanck: r.owed, paidPlanck: r.paid,
            status, requestedAt: r.b.timestamp, paidAt, deadline, overdue, eta: eta?.eta ?? null, etaReason: eta?.reason ?? null,
            chainRatio: chainRatioAt.get(r.b.id) as bigint,
        }
    })
    // pendingOwed: what every request not PAID still owes; an INVALID_RECIPIENT request "counts as a liability" (§4.5)
    const unpaid = requests.filter(r => r.status !== 'PAID')
    const pendingOwed = unpaid.reduce((a, r) => a + r.owedPlanck - r.paidPlanck, 0n)
    const invalidRecipientOwed = unpaid.filter(r => r.status === 'INVALID_RECIPIENT').reduce((a, r) => a + r.owedPlanck - r.paidPlanck, 0n)
    const toUnbond = pendingOwed - freeForRequests - unbonding
    return {
        now,
        reports,
        deposits,
        queue: {
            now, requests, outflows, pendingOwed, invalidRecipientOwed, free: freeForRequests, refundable, unbonding,
            toUnbond: toUnbond > 0n ? toUnbond : 0n, overdueCount: unpaid.filter(r => r.overdue).length, liquidity,
        },
    }
}
