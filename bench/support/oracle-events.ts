/**
 * Synthetic, deterministic domain events for bench/oracle: one year of a liquid-staking pool, written
 * straight into the product's tables (the rows the two processors would have stored).
 *
 * Per UTC day (period): 4 EraPaid (era = 6 h); a Reward per era for each stash from each of the
 * validators it is exposed to (6 stashes × 8 validators, one stash paid to 'Stash', the others
 * 'Staked'); one RatioUpdate (the publisher posting R_{D-1} early in D, from day 1); Deposits (about
 * 2/3 of all events, growing over the year, ~3 % BELOW_MINIMUM); ~260 Burns (R0 before the upgrade
 * day, R1 after; ~2 % to an INVALID_RECIPIENT); their payouts as OUTFLOWs 2 h–5 days later (10 % in
 * two parts, 5 % late → OVERDUE, 3 % never), one unmatched outflow a day, daily INTERNAL sweeps from
 * the deposit addresses to the stashes, a few INFLOWs, Bonded/Unbonded/Withdrawn per stash, PoolFees
 * for the pool's extrinsics, and a handful of Slashes on four days.
 *
 * Amounts follow the pool's own ledger (SPEC §4.6, recomputed here with the same bigint rules): rewards
 * are ~13 % a year of the pooled value, burns owe at the on-chain ratio in force (R0) or their amount
 * (R1), so the oracle's checks pass except on slash days where they should.
 *
 * Structure (counts, times, splits, delays) comes from one PRNG and is planned first, so the deposit
 * count that makes the total exactly `total` is known before any amount is drawn from a second PRNG.
 */
import { Client } from 'pg'
import { balanceOf, ratioFromPool, Ratio, ratio as mkRatio, ONE_RATIO, sharesOf, toBond, toPlanck, planck, bond, shares as mkShares } from '../../src/domain/units'
import { decodeAnySs58, encodeKusamaAddress } from '../../src/domain/kusama-address'
import { mulberry32 } from '../../test/domain/prng'

export const DAY_MS = 86_400_000
export const KUSAMA_BLOCK_MS = 6000
export const ETH_BLOCK_MS = 12000
const ERA_MS = 6 * 3600_000
const KSM = 10n ** 12n

export interface GenOptions {
    /** total number of domain events (exact) */
    total: number
    days: number
    /** start of day 0 (UTC midnight) */
    start: number
    seed: number
}

export const DEFAULT_GEN: GenOptions = { total: 1_000_000, days: 365, start: Date.UTC(2025, 0, 1), seed: 20250101 }

const K_BASE = 26_000_000
const E_BASE = 21_500_000
const ERA_BASE = 7_300
const STASHES = 6
const VALIDATORS_PER_STASH = 8
const R1_FROM_DAY = 120
const SLASH_DAYS = new Set([50, 140, 230, 300])


class Rand {
    private n: () => number
    constructor(seed: number) { this.n = mulberry32(seed) }
    u(): number { return this.n() }
    int(k: number): number { return Math.floor(this.n() * k) }
    pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)] }
    normal(): number {
        const a = Math.max(1e-12, this.n()), b = this.n()
        return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b)
    }
    hex(chars: number): string {
        let s = ''
        while (s.length < chars) s += (this.int(2 ** 32) >>> 0).toString(16).padStart(8, '0')
        return s.slice(0, chars)
    }
    /** a real Kusama address (a burn's recipient bytes must decode to it) */
    address(): string {
        return encodeKusamaAddress('0x' + this.hex(64))
    }
}

export interface Accounts {
    deposits: string[]
    stashes: string[]
    payout: string
    validators: string[]
    users: string[]
    eth: string[]
}

export function makeAccounts(seed: number): Accounts {
    const r = new Rand(seed ^ 0x5eed)
    const n = (k: number, f: () => string) => Array.from({ length: k }, f)
    return {
        deposits: n(2, () => r.address()),
        stashes: n(STASHES, () => r.address()),
        payout: r.address(),
        validators: n(48, () => r.address()),
        users: n(40_000, () => r.address()),
        eth: n(30_000, () => '0x' + r.hex(40)),
    }
}

export function poolAccounts(a: Accounts): string[] {
    return [...a.deposits, ...a.stashes, a.payout]
}

// ---------------------------------------------------------------------------------------------
// rows

type Col = [name: string, pgType: string]

export class TableRows {
    readonly cols: unknown[][]
    constructor(readonly table: string, readonly columns: Col[]) {
        this.cols = columns.map(() => [])
    }
    get length(): number { return this.cols[0].length }
    push(...values: unknown[]): void {
        for (let i = 0; i < values.length; i++) this.cols[i].push(values[i])
    }
    clear(): void { for (const c of this.cols) c.length = 0 }
}

const ts: Col = ['timestamp', 'timestamptz']
export function newTables(): Record<string, TableRows> {
    const t = (table: string, cols: Col[]) => new TableRows(table, cols)
    return {
        pool_deposit: t('pool_deposit', [['id', 'text'], ['chain', 'text'], ['extrinsic_id', 'text'], ['extrinsic_hash', 'text'], ['from', 'text'], ['to', 'text'],
            ['amount', 'numeric'], ['block_height', 'int4'], ['block_hash', 'text'], ts, ['event_index', 'int4']]),
        staking_reward: t('staking_reward', [['id', 'text'], ['chain', 'text'], ['stash', 'text'], ['amount', 'numeric'], ['dest', 'text'], ['validator', 'text'],
            ['era', 'int4'], ['extrinsic_hash', 'text'], ['block_height', 'int4'], ['block_hash', 'text'], ts, ['event_index', 'int4']]),
        slash: t('slash', [['id', 'text'], ['chain', 'text'], ['stash', 'text'], ['amount', 'numeric'], ['block_height', 'int4'], ['block_hash', 'text'], ts, ['event_index', 'int4']]),
        pool_transfer: t('pool_transfer', [['id', 'text'], ['chain', 'text'], ['kind', 'text'], ['from', 'text'], ['to', 'text'], ['amount', 'numeric'],
            ['extrinsic_id', 'text'], ['extrinsic_hash', 'text'], ['block_height', 'int4'], ['block_hash', 'text'], ts, ['event_index', 'int4']]),
        staking_change: t('staking_change', [['id', 'text'], ['chain', 'text'], ['action', 'text'], ['stash', 'text'], ['amount', 'numeric'], ['active_era', 'int4'],
            ['extrinsic_hash', 'text'], ['block_height', 'int4'], ['block_hash', 'text'], ts, ['event_index', 'int4']]),
        era_paid: t('era_paid', [['id', 'text'], ['chain', 'text'], ['era', 'int4'], ['validator_payout', 'numeric'], ['remainder', 'numeric'],
            ['block_height', 'int4'], ['block_hash', 'text'], ts, ['event_index', 'int4']]),
        pool_fee: t('pool_fee', [['id', 'text'], ['chain', 'text'], ['account', 'text'], ['amount', 'numeric'], ['extrinsic_hash', 'text'],
            ['block_height', 'int4'], ['block_hash', 'text'], ts, ['event_index', 'int4']]),
        burn: t('burn', [['id', 'text'], ['revision', 'text'], ['account', 'text'], ['recipient_raw', 'text'],
            ['shares', 'numeric'], ['amount', 'numeric'], ['ratio', 'numeric'],
            ['tx_hash', 'text'], ['block_height', 'int4'], ['block_hash', 'text'], ts, ['log_index', 'int4']]),
        ratio_update: t('ratio_update', [['id', 'text'], ['ratio', 'numeric'], ['tx_hash', 'text'], ['block_height', 'int4'], ['block_hash', 'text'], ts, ['log_index', 'int4']]),
        chain_clock: t('chain_clock', [['id', 'text'], ['chain', 'text'], ['height', 'int4'], ts, ['hash', 'text'], ['spec_version', 'int4']]),
    }
}

export const EVENT_TABLES = ['pool_deposit', 'staking_reward', 'slash', 'pool_transfer', 'staking_change', 'era_paid', 'pool_fee', 'burn', 'ratio_update']

/** Multi-row inserts as one `INSERT … SELECT FROM unnest(<one array per column>)` per chunk; timestamps travel as unix seconds. */
export async function flushTables(db: Client, tables: Record<string, TableRows>, chunk = 50_000): Promise<number> {
    let n = 0
    for (const t of Object.values(tables)) {
        const len = t.length
        if (len === 0) continue
        const names = t.columns.map(([c]) => `"${c}"`).join(', ')
        const exprs = t.columns.map(([c, ty], i) => (ty === 'timestamptz' ? `to_timestamp(u.c${i})` : `u.c${i}`)).join(', ')
        const args = t.columns.map(([, ty], i) => `$${i + 1}::${ty === 'timestamptz' ? 'float8' : ty}[]`).join(', ')
        const alias = t.columns.map((_, i) => `c${i}`).join(', ')
        for (let i = 0; i < len; i += chunk) {
            const params = t.cols.map(c => c.slice(i, i + chunk))
            await db.query(`INSERT INTO "${t.table}" (${names}) SELECT ${exprs} FROM unnest(${args}) AS u(${alias})${t.table === 'chain_clock' ? ' ON CONFLICT (id) DO NOTHING' : ''}`, params)
        }
        if (t.table !== 'chain_clock') n += len
        t.clear()
    }
    return n
}

// ---------------------------------------------------------------------------------------------
// plan

interface Payout { t: number; part: 1 | 2 | 0 /* 0 = whole */; burn: BurnPlan }
interface BurnPlan {
    t: number
    valid: boolean
    recipient: string | null
    eth: string
    revision: 'R0' | 'R1'
    size: number
    owed: bigint
    firstPart: bigint
}
interface DayPlan {
    burns: BurnPlan[]
    payouts: Payout[]
    unmatched: number[]
    inflows: number
    slashes: number
    deposits: number
    fees: number
    withdrawn: boolean
    ratioUpdate: boolean
}

export interface Plan {
    opts: GenOptions
    accounts: Accounts
    days: DayPlan[]
}

const kTime = (t: number) => Math.ceil(t / KUSAMA_BLOCK_MS) * KUSAMA_BLOCK_MS
const eTime = (t: number) => Math.ceil(t / ETH_BLOCK_MS) * ETH_BLOCK_MS

export function plan(opts: GenOptions): Plan {
    const accounts = makeAccounts(opts.seed)
    const r = new Rand(opts.seed)
    const days: DayPlan[] = []
    for (let d = 0; d < opts.days; d++) days.push({ burns: [], payouts: [], unmatched: [], inflows: 0, slashes: 0, deposits: 0, fees: 0, withdrawn: d >= 7, ratioUpdate: d >= 1 })
    const scale = opts.total / 1_000_000
    const dayOf = (t: number) => Math.floor((t - opts.start) / DAY_MS)
    for (let d = 0; d < opts.days; d++) {
        const day0 = opts.start + d * DAY_MS
        const p = days[d]
        const nBurns = d === 0 ? 0 : Math.round((200 + r.int(120)) * scale)
        for (let i = 0; i < nBurns; i++) {
            const t = eTime(day0 + 600_000 + r.int(DAY_MS - 1_200_000))
            const valid = r.u() > 0.02
            const b: BurnPlan = { t, valid, recipient: valid ? r.pick(accounts.users) : null, eth: r.pick(accounts.eth),
                revision: d < R1_FROM_DAY ? 'R0' : 'R1', size: r.u(), owed: 0n, firstPart: 0n }
            p.burns.push(b)
            if (!valid) continue
            const k = r.u()
            if (k < 0.03) continue // never paid: stays pending, then OVERDUE
            const delay = k < 0.08 ? 8 * DAY_MS + r.int(4 * DAY_MS) : 2 * 3600_000 + r.int(5 * DAY_MS)
            const t1 = kTime(t + delay)
            const split = r.u() < 0.1
            const add = (at: number, part: 0 | 1 | 2) => { const dd = dayOf(at); if (dd < opts.days) days[dd].payouts.push({ t: at, part, burn: b }) }
            if (split) {
                add(t1, 1)
                add(kTime(t1 + DAY_MS + r.int(DAY_MS)), 2)
            } else add(t1, 0)
        }
        p.unmatched.push(kTime(day0 + r.int(DAY_MS - KUSAMA_BLOCK_MS)))
        p.inflows = 3 + r.int(8)
        if (SLASH_DAYS.has(d)) p.slashes = 1 + r.int(3)
    }
    // fees: one per staking extrinsic, per sweep, and per batch of 20 payouts; then deposits fill up to `total`
    let others = 0
    for (let d = 0; d < opts.days; d++) {
        const p = days[d]
        const staking = STASHES * (2 + (p.withdrawn ? 1 : 0))
        const outflows = p.payouts.length + p.unmatched.length
        p.fees = staking + STASHES + Math.ceil(outflows / 20)
        others += 4 + 4 * STASHES * VALIDATORS_PER_STASH + (p.ratioUpdate ? 1 : 0) + p.slashes + staking + STASHES /*sweeps*/ + p.inflows + outflows + p.burns.length + p.fees
    }
    const deposits = opts.total - others
    if (deposits < opts.days) throw new Error(`total ${opts.total} too small for ${opts.days} days (${others} non-deposit events)`)
    const w = days.map((_, d) => (1 + d / opts.days) * (0.85 + 0.3 * r.u()))
    const ws = w.reduce((a, b) => a + b, 0)
    let left = deposits
    for (let d = 0; d < opts.days; d++) {
        const n = d === opts.days - 1 ? left : Math.max(1, Math.floor(deposits * w[d] / ws))
        days[d].deposits = n
        left -= n
    }
    if (left < 0) throw new Error('deposit allocation overflow')
    return { opts, accounts, days }
}

// ---------------------------------------------------------------------------------------------
// amounts: day by day, in time order, with the pool's ledger

export interface Ledger {
    S: bigint
    P: bigint
    R: Ratio
    chainRatio: Ratio
    amtSeed: number
    /** per-stash unbonding amounts waiting for their Withdrawn (FIFO, 7 days) */
    unbonded: bigint[][]
}

export function newLedger(seed: number): Ledger {
    return { S: 0n, P: 0n, R: ONE_RATIO, chainRatio: ONE_RATIO, amtSeed: seed ^ 0xa11ce, unbonded: Array.from({ length: STASHES }, () => []) }
}

interface Ev { t: number; order: number; kind: string; x?: any }

const hash5 = (h: number) => ((Math.imul(h, 2654435761) >>> 0).toString(16).padStart(8, '0'))
const blockHash = (h: number, chain: string) => '0x' + (chain === 'e' ? 'e' : 'k') + hash5(h).repeat(8).slice(1)

/** Generates the rows of day `d` into `tables`, advancing `ledger`; returns the number of domain events. */
export function generateDay(pl: Plan, d: number, ledger: Ledger, tables: Record<string, TableRows>): number {
    const { opts, accounts } = pl
    const p = pl.days[d]
    const r = new Rand(ledger.amtSeed + d * 7919)
    const day0 = opts.start + d * DAY_MS
    const evs: Ev[] = []
    let order = 0
    const push = (t: number, kind: string, x?: any) => evs.push({ t, order: order++, kind, x })
    const kt = (off: number) => kTime(day0 + off)
    for (let e = 0; e < 4; e++) {
        const eraStart = day0 + e * ERA_MS
        push(kTime(eraStart + 30_000), 'era', { era: ERA_BASE + d * 4 + e - 1 })
        for (let s = 0; s < STASHES; s++) for (let v = 0; v < VALIDATORS_PER_STASH; v++) {
            push(kTime(eraStart + 60_000 + r.int(2 * 3600_000)), 'reward', { s, v: (s * 5 + v) % accounts.validators.length, era: ERA_BASE + d * 4 + e - 1 })
        }
    }
    if (p.ratioUpdate) push(eTime(day0 + 300_000), 'ratio')
    for (let i = 0; i < p.slashes; i++) push(kt(r.int(DAY_MS - KUSAMA_BLOCK_MS)), 'slash', { s: r.int(STASHES) })
    for (let s = 0; s < STASHES; s++) {
        push(kTime(day0 + 20 * 3600_000 + s * 60_000), 'sweep', { s })
        push(kTime(day0 + 20 * 3600_000 + s * 60_000 + 120_000), 'bond', { s })
        push(kTime(day0 + 10 * 3600_000 + s * 60_000), 'unbond', { s })
        if (p.withdrawn) push(kTime(day0 + 11 * 3600_000 + s * 60_000), 'withdraw', { s })
    }
    for (let i = 0; i < p.inflows; i++) push(kt(r.int(DAY_MS - KUSAMA_BLOCK_MS)), 'inflow')
    for (const b of p.burns) push(b.t, 'burn', b)
    for (const o of p.payouts) push(o.t, 'payout', o)
    for (const t of p.unmatched) push(t, 'unmatched')
    const fees = p.fees
    for (let i = 0; i < fees; i++) push(kt(r.int(DAY_MS - KUSAMA_BLOCK_MS)), 'fee', { i })
    for (let i = 0; i < p.deposits; i++) push(kt(r.int(DAY_MS - KUSAMA_BLOCK_MS)), 'deposit')
    evs.sort((a, b) => a.t - b.t || a.order - b.order)

    // ledger of the day (SPEC §4.6), credited at R_{D-1}
    const R = ledger.R
    let credited = 0n, creditedShares = 0n, net = 0n, slashed = 0n, burned = 0n, owed = 0n, depositedToday = 0n, owedToday = 0n
    const Pplanck = ledger.P / 10n ** 6n
    const rewardUnit = Pplanck > 0n ? Pplanck * 13n / (100n * 365n * 4n * BigInt(STASHES * VALIDATORS_PER_STASH)) : 0n
    const blockIdx = new Map<number, number>()
    const kId = (t: number) => {
        const h = K_BASE + (t - opts.start) / KUSAMA_BLOCK_MS
        const i = blockIdx.get(h) ?? 1
        blockIdx.set(h, i + 1)
        return { id: `${String(h).padStart(10, '0')}-${String(i).padStart(6, '0')}-${hash5(h).slice(0, 5)}`, h, i, hash: blockHash(h, 'k') }
    }
    const eHead = (t: number) => { const h = E_BASE + (t - opts.start) / ETH_BLOCK_MS; return { h, hash: blockHash(h, 'e') } }
    const T = tables
    let n = 0
    for (const e of evs) {
        const sec = e.t / 1000
        n++
        switch (e.kind) {
            case 'deposit': {
                const small = r.u() < 0.03
                const amt = small ? BigInt(Math.floor((0.01 + 0.089 * r.u()) * 1e6)) * 10n ** 6n
                    : BigInt(Math.floor(Math.min(50_000, Math.max(0.1, Math.exp(Math.log(20) + 1.4 * r.normal()))) * 1e6)) * 10n ** 6n + BigInt(r.int(1_000_000))
                const k = kId(e.t)
                T.pool_deposit.push(k.id, 'KUSAMA', `${k.h}-${k.i}`, '0x' + r.hex(64), r.pick(accounts.users), accounts.deposits[r.int(2)], amt.toString(), k.h, k.hash, sec, k.i)
                depositedToday += amt
                // the generated pool never goes insolvent: CREDITED unless below the default minStake
                if (amt >= KSM / 10n) {
                    credited += amt
                    creditedShares += sharesOf(toBond(planck(amt)), R)
                }
                break
            }
            case 'era': {
                const k = kId(e.t)
                T.era_paid.push(k.id, 'KUSAMA', e.x.era, (3_000n * KSM + BigInt(r.int(1e9)) * 1000n).toString(), (1_000n * KSM).toString(), k.h, k.hash, sec, k.i)
                break
            }
            case 'reward': {
                const g = rewardUnit * BigInt(800 + r.int(400)) / 1000n
                const k = kId(e.t)
                T.staking_reward.push(k.id, 'KUSAMA', accounts.stashes[e.x.s], g.toString(), e.x.s === 0 ? 'Stash' : 'Staked', accounts.validators[e.x.v], e.x.era,
                    '0x' + r.hex(64), k.h, k.hash, sec, k.i)
                net += g - (g * 200n) / 10000n
                break
            }
            case 'slash': {
                const a = Pplanck / BigInt(STASHES) / 2000n + 1n
                const k = kId(e.t)
                T.slash.push(k.id, 'KUSAMA', accounts.stashes[e.x.s], a.toString(), k.h, k.hash, sec, k.i)
                slashed += a
                break
            }
            case 'ratio': {
                const { h, hash } = eHead(e.t)
                const tx = '0x' + r.hex(64)
                ledger.chainRatio = R
                T.ratio_update.push(`${tx}-0`, R.toString(), tx, h, hash, sec, 0)
                break
            }
            case 'burn': {
                const b = e.x as BurnPlan
                const { h, hash } = eHead(e.t)
                const tx = '0x' + r.hex(64)
                const p = BigInt(Math.floor(Math.min(20_000, Math.exp(Math.log(8) + 1.3 * (b.size * 2 - 1) * 2)) * 1e6)) * 10n ** 6n + 1n
                const CR = ledger.chainRatio
                let s: bigint, amount: bigint | null, o: bigint
                if (b.revision === 'R0') {
                    s = sharesOf(toBond(planck(p)), CR)
                    amount = null
                    o = toPlanck(balanceOf(mkShares(s), CR))
                } else {
                    amount = toBond(planck(p)) + BigInt(r.int(1_000_000))
                    s = sharesOf(bond(amount), CR)
                    o = toPlanck(bond(amount))
                }
                b.owed = o
                b.firstPart = o * BigInt(30 + r.int(40)) / 100n
                // the recipient bytes: the recipient's public key (32 bytes), or 20 bytes that decode to nothing
                const raw = b.valid ? decodeAnySs58(b.recipient as string).publicKey : '0x' + r.hex(40)
                T.burn.push(`${tx}-1`, b.revision, b.eth, raw, s.toString(), amount == null ? null : amount.toString(), CR.toString(), tx, h, hash, sec, 1)
                burned += s
                owed += o
                owedToday += o
                break
            }
            case 'payout': {
                const o = e.x as Payout
                const a = o.part === 0 ? o.burn.owed : o.part === 1 ? o.burn.firstPart : o.burn.owed - o.burn.firstPart
                const k = kId(e.t)
                T.pool_transfer.push(k.id, 'KUSAMA', 'OUTFLOW', accounts.stashes[k.h % STASHES], o.burn.recipient, a.toString(), `${k.h}-${k.i}`, '0x' + r.hex(64), k.h, k.hash, sec, k.i)
                break
            }
            case 'unmatched': {
                const k = kId(e.t)
                T.pool_transfer.push(k.id, 'KUSAMA', 'OUTFLOW', accounts.stashes[k.h % STASHES], r.pick(accounts.users), (BigInt(1 + r.int(50)) * KSM).toString(), `${k.h}-${k.i}`, '0x' + r.hex(64), k.h, k.hash, sec, k.i)
                break
            }
            case 'inflow': {
                const k = kId(e.t)
                T.pool_transfer.push(k.id, 'KUSAMA', 'INFLOW', r.pick(accounts.users), accounts.payout, (BigInt(1 + r.int(500)) * KSM).toString(), `${k.h}-${k.i}`, '0x' + r.hex(64), k.h, k.hash, sec, k.i)
                break
            }
            case 'sweep': {
                const k = kId(e.t)
                const a = depositedToday / BigInt(STASHES)
                T.pool_transfer.push(k.id, 'KUSAMA', 'INTERNAL', accounts.deposits[e.x.s % 2], accounts.stashes[e.x.s], a.toString(), `${k.h}-${k.i}`, '0x' + r.hex(64), k.h, k.hash, sec, k.i)
                break
            }
            case 'bond': case 'unbond': case 'withdraw': {
                const k = kId(e.t)
                const era = ERA_BASE + Math.floor((e.t - opts.start) / ERA_MS)
                let a: bigint
                if (e.kind === 'bond') a = depositedToday / BigInt(STASHES)
                else if (e.kind === 'unbond') {
                    a = (owedToday + ledger.P / 10n ** 6n / 2000n) / BigInt(STASHES) + 1n
                    ledger.unbonded[e.x.s].push(a)
                } else a = ledger.unbonded[e.x.s].length > 28 / 4 ? (ledger.unbonded[e.x.s].shift() as bigint) : 0n
                T.staking_change.push(k.id, 'KUSAMA', e.kind === 'bond' ? 'BONDED' : e.kind === 'unbond' ? 'UNBONDED' : 'WITHDRAWN', accounts.stashes[e.x.s], a.toString(), era,
                    '0x' + r.hex(64), k.h, k.hash, sec, k.i)
                break
            }
            case 'fee': {
                const k = kId(e.t)
                const who = e.x.i < STASHES * 3 ? accounts.stashes[e.x.i % STASHES] : accounts.payout
                T.pool_fee.push(k.id, 'KUSAMA', who, (BigInt(1_000_000_000 + r.int(2_000_000_000))).toString(), '0x' + r.hex(64), k.h, k.hash, sec, k.i)
                break
            }
            default:
                throw new Error(e.kind)
        }
    }
    // end of day: S, P, R as the oracle computes them (§4.6)
    ledger.S = ledger.S + creditedShares - burned
    ledger.P = ledger.P + toBond(planck(credited)) + toBond(planck(net)) - toBond(planck(slashed)) - toBond(planck(owed))
    if (ledger.S > 0n && ledger.P > 0n) ledger.R = ratioFromPool(mkShares(ledger.S), bond(ledger.P))
    else if (ledger.S === 0n) ledger.R = mkRatio(10n ** 18n)
    return n
}

/** the Kusama runtime the bench's clock rows name (bench/support/reserves-rpc.ts serves its metadata) */
export const BENCH_SPEC = 1009002

/** chain_clock rows at time `t` (a block exactly at t on both chains) and both processors' status there. */
export async function setFinality(db: Client, opts: GenOptions, t: number, tables: Record<string, TableRows>): Promise<{ kusama: number; ethereum: number }> {
    const kh = K_BASE + (t - opts.start) / KUSAMA_BLOCK_MS
    const eh = E_BASE + (t - opts.start) / ETH_BLOCK_MS
    await flushTables(db, { chain_clock: tables.chain_clock })
    await db.query(`INSERT INTO chain_clock (id, chain, height, "timestamp", hash, spec_version) VALUES ($1, 'kusama', $2, $5, $6, ${BENCH_SPEC}), ($3, 'ethereum', $4, $5, $7, NULL) ON CONFLICT (id) DO NOTHING`,
        [`kusama-${String(kh).padStart(10, '0')}`, kh, `ethereum-${String(eh).padStart(10, '0')}`, eh, new Date(t), blockHash(kh, 'k'), blockHash(eh, 'e')])
    for (const [schema, h] of [['kusama_processor', kh], ['eth_processor', eh]] as const) {
        await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
        await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.status (id int4 primary key, height int4 not null, hash text DEFAULT '0x', nonce int4 DEFAULT 0)`)
        await db.query(`INSERT INTO ${schema}.status (id, height) VALUES (0, $1) ON CONFLICT (id) DO UPDATE SET height = EXCLUDED.height`, [h])
    }
    return { kusama: kh, ethereum: eh }
}

/** The first block of every day on both chains (what the processors' clock rows hold at period boundaries). */
export function dayClockRows(opts: GenOptions, d: number, tables: Record<string, TableRows>): void {
    const t = opts.start + d * DAY_MS
    const kh = K_BASE + (t - opts.start) / KUSAMA_BLOCK_MS
    const eh = E_BASE + (t - opts.start) / ETH_BLOCK_MS
    tables.chain_clock.push(`kusama-${String(kh).padStart(10, '0')}`, 'kusama', kh, t / 1000, blockHash(kh, 'k'), BENCH_SPEC)
    tables.chain_clock.push(`ethereum-${String(eh).padStart(10, '0')}`, 'ethereum', eh, t / 1000, blockHash(eh, 'e'), null)
}

/**
 * Generates days [from, to) of `pl` into the database (flushing every ~150k deposits, as bench/oracle does) and
 * ANALYZEs; returns the number of domain events written. For benches that only need the data loaded.
 */
export async function loadDays(db: Client, pl: Plan, ledger: Ledger, tables: Record<string, TableRows>, from: number, to: number): Promise<number> {
    let events = 0
    for (let d = from; d < to; d++) {
        events += generateDay(pl, d, ledger, tables)
        dayClockRows(pl.opts, d, tables)
        if (tables.pool_deposit.length > 150_000 || d === to - 1) await flushTables(db, tables)
    }
    await db.query('ANALYZE')
    return events
}
