/**
 * SPEC §4.14 — proof of reserves: what the chains' storage held at the last finalized block
 * before end(D), beside what the domain events say, and the three checks on it. Pure: the
 * readings are inputs (the worker reads and stores them as facts), so a recompute from the
 * stored readings gives the same bytes.
 *
 * Per pool account the events' view (§4.9) is: free, bonded (active) and unlocking chunks; its
 * total = free + bonded + unbonding. Storage's total = free + reserved (a lock leaves bonded funds
 * in `free` on the relay chain; Asset Hub's staking hold moves them to `reserved`), and the
 * ledger gives active and unlocking. Chunks are compared per unlock era (the chain merges chunks of
 * one era; chunks of unknown era are compared by their sum only).
 *
 * CHOICES (SPEC silent):
 *  - Liabilities use max(P_D, 0): an insolvent pool owes its shares nothing more than it holds.
 *  - The margin is explained in the detail by the reward fees accrued less the transaction fees
 *    the pool accounts paid (both from events), not checked: unmatched outflows also spend it.
 *  - inputsHash of a report with reserves = sha256(inputsHash of its events + "\n" + sha256 of the
 *    canonical readings), so the readings are covered by the same hash.
 */
import { createHash } from 'crypto'
import { add, formatKsm, formatShares, max, Planck, planck, shares, Shares, sub, toPlanck, ZERO_BOND, ZERO_PLANCK, ZERO_SHARES } from '../../domain/units'
import { isPublishable, RatioCheck } from './checks'
import { DomainEvent } from './events'
import { rewardFee } from './fees'
import { Liquidity } from './liquidity'
import type { RatioReport } from './report'

export interface ChunkAmount { readonly era: number | null; readonly value: Planck }

/** What storage said of one pool account (decoded). */
export interface AccountStorage {
    readonly account: string
    readonly free: Planck
    readonly reserved: Planck
    readonly frozen: Planck
    /** null: no Staking.Ledger */
    readonly ledger: { readonly total: Planck; readonly active: Planck; readonly unlocking: readonly ChunkAmount[] } | null
}

export interface BlockAt { readonly height: number; readonly hash: string; readonly timestamp: number }

export interface ReservesReadings {
    readonly kusama: BlockAt & { readonly accounts: readonly AccountStorage[] }
    readonly ethereum: BlockAt & { readonly totalSharesSupply: Shares }
    /** sha256 of the canonical readings as stored (raw keys and values included) */
    readonly digest: string
}

/** Cumulative figures the events give up to a period's end, beside the liquidity (§4.9). */
export class ReservesFold {
    claimed: Shares = ZERO_SHARES
    burned: Shares = ZERO_SHARES
    feesAccrued: Planck = ZERO_PLANCK
    txFeesPaid: Planck = ZERO_PLANCK

    constructor(private readonly feeBps: number) {}

    apply(e: DomainEvent): void {
        if (e.type === 'Claim') this.claimed = add(this.claimed, e.shares)
        else if (e.type === 'Burn') this.burned = add(this.burned, e.shares)
        else if (e.type === 'Reward') this.feesAccrued = add(this.feesAccrued, rewardFee(e.amount, this.feeBps))
        else if (e.type === 'PoolFee') this.txFeesPaid = add(this.txFeesPaid, e.amount)
    }
}

export interface ReservesEvidence {
    readonly liquidity: Liquidity
    readonly pendingOwed: Planck
    readonly refundable: Planck
    readonly fold: ReservesFold
}

interface AccountView { free: Planck; bonded: Planck; unbonding: Planck; total: Planck; unlocking: ChunkAmount[] }

export interface AccountReserves {
    readonly account: string
    readonly storage: { free: Planck; reserved: Planck; frozen: Planck; total: Planck; active: Planck; ledgerTotal: Planck; unlocking: ChunkAmount[] }
    readonly events: AccountView
    /** every figure where storage and events differ, in words */
    readonly differences: string[]
}

export interface ReservesSection {
    readonly kusama: BlockAt & { readonly accounts: readonly AccountReserves[] }
    readonly ethereum: BlockAt & { readonly totalSharesSupply: Shares; readonly claimedShares: Shares; readonly burnedShares: Shares; readonly eventsShares: Shares }
    readonly holdingsPlanck: Planck
    readonly liabilities: { readonly pooledPlanck: Planck; readonly pendingOwedPlanck: Planck; readonly refundablePlanck: Planck; readonly totalPlanck: Planck }
    readonly marginPlanck: Planck
    readonly feesAccruedPlanck: Planck
    readonly txFeesPaidPlanck: Planck
    readonly readingsDigest: string
}

const ksm = (p: bigint) => `${formatKsm(planck(p))} KSM`

function eventsView(account: string, l: Liquidity): AccountView {
    const free = l.freeByAccount.find(x => x.account === account)?.amount ?? ZERO_PLANCK
    const bonded = l.bondedByStash.find(x => x.account === account)?.amount ?? ZERO_PLANCK
    const chunks = l.chunks.filter(c => c.stash === account)
    const unlocking = byEra(chunks.map(c => ({ era: c.unlockEra, value: c.amount })))
    const unbonding = chunks.reduce((s, c) => add(s, c.amount), ZERO_PLANCK)
    return { free, bonded, unbonding, total: add(add(free, bonded), unbonding), unlocking }
}

/** chunks summed per unlock era, in era order (unknown era last) */
function byEra(chunks: readonly ChunkAmount[]): ChunkAmount[] {
    const m = new Map<number | null, Planck>()
    for (const c of chunks) m.set(c.era, add(m.get(c.era) ?? ZERO_PLANCK, c.value))
    return [...m.entries()].map(([era, value]) => ({ era, value })).sort((a, b) => (a.era ?? Infinity) - (b.era ?? Infinity))
}

function differencesOf(account: string, s: AccountReserves['storage'], e: AccountView): string[] {
    const out: string[] = []
    const diff = (what: string, st: bigint, ev: bigint) => {
        if (st !== ev) out.push(`${account}: ${what} storage ${ksm(st)}, events ${ksm(ev)} (${st > ev ? '+' : '−'}${ksm(st > ev ? st - ev : ev - st)} unexplained)`)
    }
    diff('balance', s.total, e.total)
    diff('active stake', s.active, e.bonded)
    diff('ledger total', s.ledgerTotal, add(e.bonded, e.unbonding))
    if (!e.unlocking.some(c => c.era == null)) {
        const eras = new Set([...s.unlocking, ...e.unlocking].map(c => c.era as number))
        for (const era of [...eras].sort((a, b) => a - b)) {
            diff(`unlocking at era ${era}`, s.unlocking.find(c => c.era === era)?.value ?? 0n, e.unlocking.find(c => c.era === era)?.value ?? 0n)
        }
    }
    return out
}

/** one pool account's storage beside the events' view of it, with every difference in words */
export function accountReserves(a: AccountStorage, l: Liquidity): AccountReserves {
    const storage = {
        free: a.free, reserved: a.reserved, frozen: a.frozen, total: add(a.free, a.reserved),
        active: a.ledger?.active ?? ZERO_PLANCK, ledgerTotal: a.ledger?.total ?? ZERO_PLANCK, unlocking: byEra(a.ledger?.unlocking ?? []),
    }
    const events = eventsView(a.account, l)
    return { account: a.account, storage, events, differences: differencesOf(a.account, storage, events) }
}

/** The reserves section of `report` from the readings at its end and the events' evidence there. */
export function reservesSection(report: RatioReport, evidence: ReservesEvidence, readings: ReservesReadings): ReservesSection {
    const accounts = readings.kusama.accounts.map(a => accountReserves(a, evidence.liquidity))
    const holdingsPlanck = accounts.reduce((s, a) => add(s, a.storage.total), ZERO_PLANCK)
    const pooledPlanck = toPlanck(max(report.pooledValue, ZERO_BOND))
    const totalPlanck = add(add(pooledPlanck, evidence.pendingOwed), evidence.refundable)
    const { claimed, burned, feesAccrued, txFeesPaid } = evidence.fold
    return {
        kusama: { height: readings.kusama.height, hash: readings.kusama.hash, timestamp: readings.kusama.timestamp, accounts },
        ethereum: {
            height: readings.ethereum.height, hash: readings.ethereum.hash, timestamp: readings.ethereum.timestamp,
            totalSharesSupply: readings.ethereum.totalSharesSupply, claimedShares: claimed, burnedShares: burned, eventsShares: sub(claimed, burned),
        },
        holdingsPlanck,
        liabilities: { pooledPlanck, pendingOwedPlanck: evidence.pendingOwed, refundablePlanck: evidence.refundable, totalPlanck },
        marginPlanck: sub(holdingsPlanck, totalPlanck),
        feesAccruedPlanck: feesAccrued,
        txFeesPaidPlanck: txFeesPaid,
        readingsDigest: readings.digest,
    }
}

export function checkReserves(r: ReservesSection): RatioCheck {
    const l = r.liabilities
    const ok = r.holdingsPlanck >= l.totalPlanck
    return {
        name: 'RESERVES', passed: ok, blocking: true,
        detail: `holdings ${ksm(r.holdingsPlanck)} ${ok ? '≥' : '<'} owed ${ksm(l.totalPlanck)} (pool value ${ksm(l.pooledPlanck)} + unstake requests `
            + `${ksm(l.pendingOwedPlanck)} + refunds ${ksm(l.refundablePlanck)}); margin ${r.marginPlanck < 0n ? '−' : ''}${ksm(r.marginPlanck < 0n ? -r.marginPlanck : r.marginPlanck)} `
            + `(reward fees ${ksm(r.feesAccruedPlanck)} − transaction fees ${ksm(r.txFeesPaidPlanck)} = ${ksm(r.feesAccruedPlanck - r.txFeesPaidPlanck)})`
            + ` at Kusama block ${r.kusama.height}`,
    }
}

export function checkShareSupply(r: ReservesSection): RatioCheck {
    const e = r.ethereum
    const ok = e.totalSharesSupply === e.eventsShares
    const d = e.totalSharesSupply - e.eventsShares
    return {
        name: 'SHARE_SUPPLY', passed: ok, blocking: true,
        detail: `on-chain supply ${formatShares(e.totalSharesSupply)} shares ${ok ? '=' : '≠'} claims ${formatShares(e.claimedShares)} − burns `
            + `${formatShares(e.burnedShares)} = ${formatShares(e.eventsShares)} at Ethereum block ${e.height}`
            + (ok ? '' : ` (${d > 0n ? '+' : '−'}${formatShares(shares(d > 0n ? d : -d))} shares no event explains)`),
    }
}

export function checkEventsMatchState(r: ReservesSection): RatioCheck {
    const diffs = r.kusama.accounts.flatMap(a => a.differences)
    return {
        name: 'EVENTS_MATCH_STATE', passed: diffs.length === 0, blocking: false,
        detail: diffs.length === 0
            ? `${r.kusama.accounts.length} pool accounts: storage equals events at Kusama block ${r.kusama.height}`
            : `${diffs.length} difference(s) at Kusama block ${r.kusama.height}: ${diffs.join('; ')}`,
    }
}

/** The report with its reserves section, the three checks appended, publishable and inputsHash recomputed. */
export function withReserves(report: RatioReport, section: ReservesSection): RatioReport {
    const checks = [...report.checks, checkReserves(section), checkShareSupply(section), checkEventsMatchState(section)]
    const inputsHash = createHash('sha256').update(`${report.inputsHash}\n${section.readingsDigest}`, 'utf8').digest('hex')
    return { ...report, checks, publishable: isPublishable(checks), inputsHash, reserves: section }
}

/**
 * A period's report with its reserves when its readings exist: `pool` has been given exactly the
 * events before the period's end and `queue` is its queue at that end. The worker and the
 * from-scratch replay (replay-reports.ts) both close a period through this.
 */
export function attachReserves(report: RatioReport, pool: { liquidity: { snapshot(): Liquidity }; reserves: ReservesFold },
    queue: { pendingOwed: Planck; refundable: Planck }, readings: ReservesReadings | undefined): RatioReport {
    if (readings == null) return report
    const evidence = { liquidity: pool.liquidity.snapshot(), pendingOwed: queue.pendingOwed, refundable: queue.refundable, fold: pool.reserves }
    return withReserves(report, reservesSection(report, evidence, readings))
}
