/**
 * SPEC §4.9 — liquidity of the pool derived from Kusama events, in canonical event order:
 *  - free balance per pool account: + Deposit (to the deposit address), + Inflow, + Internal (to),
 *    + Withdrawn (stash), + non-Staked Reward (see dest below); − Internal (from), − Outflow,
 *    − Bonded (stash), − PoolFee.
 *  - bonded per stash: + Bonded, + Staked Reward; − Unbonded, − Slash.
 *  - unlocking chunks: each Unbonded at active era e unlocks at era e + 28; Withdrawn consumes
 *    the stash's oldest chunks first (unlock era, then creation order), partially if needed.
 *  - era clock: active era = era_index + 1 of the last EraPaid, started at its timestamp.
 *
 * CHOICES (SPEC silent):
 *  - Deposits of both statuses add to the free balance (BELOW_MINIMUM funds are physically there).
 *  - Reward dest: 'Staked' and null (runtimes before `dest`; pool stashes compound) → bonded;
 *    'Stash' and 'Controller' (controller = stash since controllers were deprecated) → the
 *    stash's free balance; 'Account:<addr>' → free balance of addr if it is a pool account,
 *    otherwise it left the pool; 'None' → paid to nobody. Any other dest throws.
 *  - Slash reduces active bonded only (as written in §4.9), even below zero.
 *  - An Unbonded without activeEra uses the era clock derived from the EraPaid events seen so far;
 *    with no clock at all the chunk's unlockEra is null (unlock time unknown: treated as a full
 *    unbonding period from `now` by the ETA).
 *  - Bonded is assumed to come from the stash's free balance (a rebond is indistinguishable).
 *  - A Withdrawn larger than the stash's chunks consumes them all; the excess is reported in
 *    `withdrawnWithoutChunk` (an anomaly: history before the start block).
 */
import { add, Planck, sub, ZERO_PLANCK } from '../../domain/units'
import { DomainEvent, sortEvents, TimestampMs } from './events'

/** Kusama era length: 6 h. */
export const ERA_MS = 6 * 3600 * 1000
/** Unbonding period in eras (7 days). */
export const UNBONDING_ERAS = 28

export interface EraClock {
    readonly activeEra: number
    readonly startedAt: TimestampMs
    readonly eraPaidId: string
}

export interface UnlockChunk {
    readonly stash: string
    /** the Unbonded event that created it */
    readonly unbondedId: string
    readonly createdAt: TimestampMs
    readonly amount: Planck
    /** era at which it unlocks (Unbonded's active era + 28), null if no era was known */
    readonly unlockEra: number | null
}

export interface AccountAmount {
    readonly account: string
    readonly amount: Planck
}

export interface Liquidity {
    /** sum of freeByAccount */
    readonly free: Planck
    /** per pool account (every configured pool account and every account touched), sorted */
    readonly freeByAccount: readonly AccountAmount[]
    readonly bonded: Planck
    /** per stash, sorted */
    readonly bondedByStash: readonly AccountAmount[]
    /** sum of the remaining chunks */
    readonly unbonding: Planck
    /** remaining chunks, ordered by stash then age */
    readonly chunks: readonly UnlockChunk[]
    readonly eraClock: EraClock | null
    readonly withdrawnWithoutChunk: Planck
}

export interface LiquiditySettings {
    /** every pool account (deposit addresses, stashes, other pool accounts) */
    readonly poolAccounts: readonly string[]
}

interface MutableChunk {
    stash: string
    unbondedId: string
    createdAt: number
    amount: Planck
    unlockEra: number | null
    seq: number
}

function byAccount(m: Map<string, Planck>): AccountAmount[] {
    return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([account, amount]) => ({ account, amount }))
}

export function computeLiquidity(events: readonly DomainEvent[], settings: LiquiditySettings): Liquidity {
    const fold = new LiquidityFold(settings)
    for (const e of sortEvents(events)) fold.apply(e)
    return fold.snapshot()
}

const credit = (m: Map<string, Planck>, k: string, x: Planck) => m.set(k, add(m.get(k) ?? ZERO_PLANCK, x))
const debit = (m: Map<string, Planck>, k: string, x: Planck) => m.set(k, sub(m.get(k) ?? ZERO_PLANCK, x))

/**
 * computeLiquidity as a left fold: events applied one by one in canonical order, a snapshot
 * readable at any point. The oracle worker carries one across the periods it closes, so the
 * liquidity at every period end costs the period's events, not the whole history.
 */
export class LiquidityFold {
    private readonly pool: Set<string>
    private readonly free = new Map<string, Planck>()
    private readonly bonded = new Map<string, Planck>()
    private readonly chunks = new Map<string, MutableChunk[]>()
    private clock: EraClock | null = null
    private withdrawnWithoutChunk = ZERO_PLANCK
    private seq = 0

    constructor(settings: LiquiditySettings) {
        this.pool = new Set(settings.poolAccounts)
        for (const a of this.pool) this.free.set(a, ZERO_PLANCK)
    }

    apply(e: DomainEvent): void {
        const { free, bonded, chunks } = this
        switch (e.type) {
            case 'Deposit':
                credit(free, e.to, e.amount)
                break
            case 'PoolTransfer':
                if (e.kind === 'INTERNAL') {
                    debit(free, e.from, e.amount)
                    credit(free, e.to, e.amount)
                } else if (e.kind === 'INFLOW') credit(free, e.to, e.amount)
                else if (e.kind === 'OUTFLOW') debit(free, e.from, e.amount)
                else throw new RangeError(`PoolTransfer ${e.id}: unknown kind ${String((e as { kind: unknown }).kind)}`)
                break
            case 'PoolFee':
                debit(free, e.account, e.amount)
                break
            case 'Reward': {
                const d = e.dest
                if (d == null || d === 'Staked') credit(bonded, e.stash, e.amount)
                else if (d === 'Stash' || d === 'Controller') credit(free, e.stash, e.amount)
                else if (d.startsWith('Account:')) {
                    const to = d.slice('Account:'.length)
                    if (this.pool.has(to)) credit(free, to, e.amount)
                } else if (d !== 'None') throw new RangeError(`Reward ${e.id}: unknown dest ${JSON.stringify(d)}`)
                break
            }
            case 'Slash':
                debit(bonded, e.stash, e.amount)
                break
            case 'EraPaid':
                this.clock = { activeEra: e.era + 1, startedAt: e.timestamp, eraPaidId: e.id }
                break
            case 'StakingChange':
                if (e.action === 'BONDED') {
                    debit(free, e.stash, e.amount)
                    credit(bonded, e.stash, e.amount)
                } else if (e.action === 'UNBONDED') {
                    debit(bonded, e.stash, e.amount)
                    const era = e.activeEra ?? this.clock?.activeEra ?? null
                    let list = chunks.get(e.stash)
                    if (list == null) chunks.set(e.stash, (list = []))
                    list.push({ stash: e.stash, unbondedId: e.id, createdAt: e.timestamp, amount: e.amount, unlockEra: era == null ? null : era + UNBONDING_ERAS, seq: this.seq++ })
                } else if (e.action === 'WITHDRAWN') {
                    credit(free, e.stash, e.amount)
                    const list = chunks.get(e.stash) ?? []
                    // oldest first: unlock era (unknown last), then creation order
                    list.sort((a, b) => {
                        const ea = a.unlockEra ?? Number.MAX_SAFE_INTEGER
                        const eb = b.unlockEra ?? Number.MAX_SAFE_INTEGER
                        return ea !== eb ? ea - eb : a.seq - b.seq
                    })
                    let left: Planck = e.amount
                    while (left > 0n && list.length > 0) {
                        const c = list[0]
                        if (c.amount <= left) {
                            left = sub(left, c.amount)
                            list.shift()
                        } else {
                            c.amount = sub(c.amount, left)
                            left = ZERO_PLANCK
                        }
                    }
                    this.withdrawnWithoutChunk = add(this.withdrawnWithoutChunk, left)
                } else throw new RangeError(`StakingChange ${e.id}: unknown action ${String((e as { action: unknown }).action)}`)
                break
            default:
                break
        }
    }

    snapshot(): Liquidity {
        const freeList = byAccount(this.free)
        const bondedList = byAccount(this.bonded)
        const chunkList: UnlockChunk[] = [...this.chunks.keys()]
            .sort()
            .flatMap(k => (this.chunks.get(k) as MutableChunk[]).slice().sort((a, b) => a.seq - b.seq))
            .map(c => ({ stash: c.stash, unbondedId: c.unbondedId, createdAt: c.createdAt, amount: c.amount, unlockEra: c.unlockEra }))
        return {
            free: freeList.reduce((s, x) => add(s, x.amount), ZERO_PLANCK),
            freeByAccount: freeList,
            bonded: bondedList.reduce((s, x) => add(s, x.amount), ZERO_PLANCK),
            bondedByStash: bondedList,
            unbonding: chunkList.reduce((s, x) => add(s, x.amount), ZERO_PLANCK),
            chunks: chunkList,
            eraClock: this.clock,
            withdrawnWithoutChunk: this.withdrawnWithoutChunk,
        }
    }

    /** free and unbonding only: what a period's queue totals need, without building the lists */
    totals(): { free: Planck; unbonding: Planck; bonded: Planck } {
        let free = ZERO_PLANCK
        for (const x of this.free.values()) free = add(free, x)
        let unbonding = ZERO_PLANCK
        for (const list of this.chunks.values()) for (const c of list) unbonding = add(unbonding, c.amount)
        let bonded = ZERO_PLANCK
        for (const x of this.bonded.values()) bonded = add(bonded, x)
        return { free, unbonding, bonded }
    }
}

/**
 * Projected unlock time of a chunk: start of its unlock era on the era clock
 * (clock.startedAt + (unlockEra − activeEra)·6 h), never before `now` (an unlocked chunk still
 * needs a withdraw). Without a clock or an unlock era: now + 28 eras.
 */
export function chunkUnlockTime(chunk: UnlockChunk, clock: EraClock | null, now: TimestampMs): TimestampMs {
    if (clock == null || chunk.unlockEra == null) return now + UNBONDING_ERAS * ERA_MS
    return Math.max(now, clock.startedAt + (chunk.unlockEra - clock.activeEra) * ERA_MS)
}
