/**
 * Seeded generator of whole event streams for the oracle's property tests: each stream is one
 * pool's history, given both as the product's domain events (src/oracle/core) and as the facts the
 * independent reference (test/reference) reads. A failure names its seed.
 *
 * What the streams contain (SPEC §3, §4.1–§4.9), so that the reference comparison reaches every rule:
 *  - periodSeconds of 3600, 7200, 21600 or 86400; event times often exactly on period boundaries
 *    (start(D) and end(D) − 1 ms), often tied with another event (same block), else anywhere;
 *  - deposits above and below minStake; after an insolvent report (big slashes) deposits are HELD;
 *    refunds: outflows of exactly a BELOW_MINIMUM or HELD deposit to its sender (sometimes to a sender
 *    who also has unstake requests), outflows paying requests (exact, partial, overpaying) and
 *    outflows that match nothing;
 *  - burns of revision R0 and R1 (the revision is switched as a pool upgrade would), of shares the
 *    holder has (some burns take all of them, so the pool empties), priced at the on-chain ratio in
 *    force; recipients as 32-byte keys, valid 35-byte SS58 payloads and invalid bytes (bad checksum,
 *    bad network byte, wrong length);
 *  - raw operator ratio updates above, below and at 1e18, the published R_{D-1}, stale values;
 *  - rewards of every dest, pool fees, inflows, internal transfers, EraPaid (eras sometimes jump, so
 *    chunks unlock inside a stream), Bonded, Unbonded (with and without the processor's active era)
 *    and Withdrawn of unlocked chunks.
 * The generator needs the pool's state to make sensible moves (which holder has shares, what P is,
 * which deposits are refundable, what requests are pending): it asks the reference for it at the
 * start of each period, never the product.
 */
import { blake2AsU8a, encodeAddress } from '@polkadot/util-crypto'
import { bond, planck, ratio as mkRatio, shares as mkShares } from '../../src/domain/units'
import { burnEvent, CoreSettings, DEFAULT_CORE_SETTINGS, DomainEvent, LiquiditySettings } from '../../src/oracle/core'
import { Rng } from '../domain/prng'
import { reference, RefEvent, RefSettings } from '../reference/spec'
import { DAY0 } from './helpers'

const E18 = 10n ** 18n
const E6 = 10n ** 6n

/** Kusama users: depositors, burners' recipients, payees. */
export const USER_KEYS: readonly Uint8Array[] = Array.from({ length: 5 }, (_, i) => Uint8Array.from({ length: 32 }, (_, j) => (i * 53 + j * 7 + 1) & 0xff))
export const USERS: readonly string[] = USER_KEYS.map(k => encodeAddress(k, 2))
export const STRANGER = encodeAddress(new Uint8Array(32).fill(0xee), 2)
export const DEPOSIT = 'DEPOSIT'
export const STASHES = ['STASH0', 'STASH1']
export const HOT = 'HOT'
export const POOL: LiquiditySettings = { poolAccounts: [DEPOSIT, ...STASHES, HOT] }

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

export type RecipientKind = 'KEY' | 'SS58' | 'BAD_CHECKSUM' | 'BAD_NETWORK' | 'BAD_LENGTH'

/** Recipient bytes for user `u` of the given kind (the checksum by @polkadot/util-crypto, not by the reference). */
export function recipientBytes(rng: Rng, u: number, kind: RecipientKind): string {
    const key = USER_KEYS[u]
    const payload = (network: number) => {
        const sum = blake2AsU8a(Uint8Array.from([...Buffer.from('SS58PRE'), network, ...key]), 512).subarray(0, 2)
        return Uint8Array.from([network, ...key, ...sum])
    }
    switch (kind) {
        case 'KEY': return hex(key)
        case 'SS58': return hex(payload(rng.pick([0x00, 0x02, 0x2a])))
        case 'BAD_CHECKSUM': {
            const p = payload(rng.pick([0x00, 0x02, 0x2a]))
            p[33 + rng.int(2)] ^= 1 + rng.int(255)
            return hex(p)
        }
        case 'BAD_NETWORK': {
            const p = payload(rng.pick([0x01, 0x03, 0x05, 0x2b, 0x3f]))
            return hex(p)
        }
        default: return hex(rng.bytes(rng.pick([0, 1, 20, 31, 33, 34, 36, 64])))
    }
}

export interface StreamOptions {
    /** slashes may happen (the no-slash property turns them off) */
    readonly slashes: boolean
    /**
     * Burn ids (`<txHash>-<logIndex>`): 'tx-hash' draws random transaction hashes, as on chain, so two
     * burns of one block sort by id in another order than by log index; 'log-order' picks hashes that
     * sort like the log order (see the KNOWN DISAGREEMENT test of properties.test.ts).
     */
    readonly burnIds?: 'log-order' | 'tx-hash'
}

export interface Stream {
    readonly seed: number
    readonly settings: CoreSettings
    readonly ref: RefSettings
    /** the product's events, in generation order (chain order on each chain; callers sort when they need to) */
    readonly events: DomainEvent[]
    /** the same history as facts for the reference (copies: nothing is shared with the product's objects), same order */
    readonly facts: RefEvent[]
    /** first and last period closed at the watermark (the reference's and product's reports) */
    readonly first: number
    readonly last: number
    readonly watermark: number
    readonly periodMs: number
}

/** dust, round KSM amounts and arbitrary large values */
function amount(rng: Rng, tiny: boolean): bigint {
    switch (rng.int(4)) {
        case 0: return BigInt(1 + rng.int(1000))
        case 1: return BigInt(1 + rng.int(100)) * (tiny ? 1_000n : 100_000_000_000n)
        case 2: return 1n + rng.big(tiny ? 24 : 52)
        default: return 1n + rng.big(tiny ? 16 : 44)
    }
}

export function generateStream(seed: number, opts: StreamOptions = { slashes: true }): Stream {
    const rng = new Rng(seed)
    const periodSeconds = rng.pick([3600, 7200, 21600, 86400, 86400])
    const periodMs = periodSeconds * 1000
    const tiny = rng.int(3) === 0 // small pools stress rounding
    const settings: CoreSettings = {
        ...DEFAULT_CORE_SETTINGS,
        periodSeconds,
        feeBps: rng.pick([200, 200, 0, 10000, rng.int(10001)]),
        minStakePlanck: tiny ? rng.pick([1n, 1000n, 50_000n]) : rng.pick([100_000_000_000n, 100_000_000_000n, 1n, 10n ** 12n]),
        maxApr: rng.pick(['0.30', '0.30', '0.30', '0', '0.05', '1000', '12.5', '0.000001']),
        releasePeriodSeconds: rng.pick([7 * 86400, 7 * 86400, 2 * periodSeconds, periodSeconds / 2, 0]),
    }
    const ref: RefSettings = { ...settings, poolAccounts: POOL.poolAccounts }
    const bigSlashes = opts.slashes && rng.int(3) === 0
    const nPeriods = 1 + rng.int(10)
    const first = Math.floor(DAY0 / periodMs) + rng.int(3)
    const last = first + nPeriods - 1
    const start = (D: number) => D * periodMs
    const end = (D: number) => (D + 1) * periodMs
    const watermark = rng.int(4) === 0 ? end(last) : end(last) + rng.int(periodMs)

    const events: DomainEvent[] = []
    const facts: RefEvent[] = []
    const blocks = { kusama: { t: -1, height: 100, index: 0 }, ethereum: { t: -1, height: 5000, index: 0 } }
    /** the block position of an event at `t` on `chain`: one block per timestamp, events in generation order */
    const at = (chain: 'kusama' | 'ethereum', t: number) => {
        const b = blocks[chain]
        if (t < b.t) throw new Error(`generator: time went back on ${chain}`)
        if (t === b.t) b.index += rng.int(4) === 0 ? 5 + rng.int(10) : 1
        else {
            b.t = t
            b.height += 1 + rng.int(3)
            b.index = rng.int(3)
        }
        return { chain, height: b.height, index: b.index }
    }
    let seq = 0
    const nextId = (p: string) => `${p}${String(seq++).padStart(5, '0')}`
    const push = (e: DomainEvent, fact?: RefEvent) => {
        events.push(e)
        facts.push(fact ?? ({ ...e } as RefEvent))
    }

    // generator-side bookkeeping (only to choose sensible moves; the rules are decided by the reference and the product)
    let chainRatio = E18
    let revision: 'R0' | 'R1' = rng.int(3) === 0 ? 'R0' : 'R1'
    let era: number | null = null // index of the last EraPaid
    const chunks: { stash: string; amount: bigint; unlockEra: number | null }[] = []
    const bonded = new Map<string, bigint>(STASHES.map(s => [s, 0n]))
    const burnedBy = new Map<number, bigint>()
    let lastBurnTx: { height: number; hash: string } | null = null

    const kusamaEvent = (t: number) => ({ timestamp: t, ...at('kusama', t) })

    /** events of one period (or of the open period up to the watermark) */
    const genPeriod = (D: number, n: number, upTo: number) => {
        const world = reference(facts, ref, start(D))
        const lastReport = world.reports.length > 0 ? world.reports[world.reports.length - 1] : null
        const Rprev = lastReport?.ratio ?? E18
        const Pprev = lastReport?.pooledValue ?? 0n
        const insolventPrev = lastReport?.insolvent ?? false
        // holders' shares: credits of earlier periods' deposits less what each burned
        const have = USERS.map((u, i) => world.deposits.filter(d => d.from === u).reduce((a, d) => a + d.shares, 0n) - (burnedBy.get(i) ?? 0n))
        const refundable = world.deposits.filter(d => d.finalStatus === 'BELOW_MINIMUM' || d.finalStatus === 'HELD').map(d => ({ from: d.from, amount: d.amount }))
        const owedTo = new Map<string, bigint[]>()
        for (const r of world.queue.requests) {
            if (r.recipient != null && r.paidPlanck < r.owedPlanck) owedTo.set(r.recipient, [...(owedTo.get(r.recipient) ?? []), r.owedPlanck - r.paidPlanck])
        }
        const limit = Math.min(end(D) - 1, upTo)
        const times = Array.from({ length: n }, () => {
            const c = rng.int(10)
            return c < 2 ? start(D) : c < 4 ? end(D) - 1 : start(D) + rng.int(periodMs)
        })
            .filter(t => t <= limit)
            .sort((a, b) => a - b)
        // some ties: same timestamp as the event before (same block)
        for (let i = 1; i < times.length; i++) if (rng.int(8) === 0) times[i] = times[i - 1]
        for (let i = 0; i < times.length; i++) {
            const t = times[i]
            const kind = D === first && i === 0 ? 0 : rng.int(100)
            if (kind < 22) {
                // Deposit
                const u = rng.int(USERS.length)
                const small = settings.minStakePlanck > 1n && rng.int(4) === 0
                const p = small ? 1n + rng.bigBits(62) % (settings.minStakePlanck - 1n) : settings.minStakePlanck + amount(rng, tiny)
                const id = nextId('d')
                push({ type: 'Deposit', id, ...kusamaEvent(t), from: USERS[u], to: DEPOSIT, amount: planck(p) })
                if (small || insolventPrev) refundable.push({ from: USERS[u], amount: p })
            } else if (kind < 34) {
                // Reward (after an insolvent report, sometimes large enough to make P positive again)
                const g = insolventPrev && Pprev <= 0n && rng.int(2) === 0 ? -Pprev / E6 + amount(rng, tiny) : amount(rng, tiny) / BigInt(1 + rng.int(1000))
                const dest = rng.pick(['Staked', 'Staked', 'Staked', null, 'Stash', 'Controller', `Account:${HOT}`, 'Account:elsewhere', 'None'])
                push({ type: 'Reward', id: nextId('r'), ...kusamaEvent(t), stash: rng.pick(STASHES), amount: planck(g), dest, validator: 'V', era })
            } else if (kind < 40) {
                if (!opts.slashes) continue
                // Slash: small, or (in some streams) at least the whole pool: INSOLVENT
                const pool = Pprev > 0n ? Pprev / E6 : 1n
                const x = bigSlashes && rng.int(2) === 0 ? pool + BigInt(rng.int(1000)) : rng.int(8) === 0 ? 0n : rng.bigBits(64) % (pool / BigInt(1 + rng.int(50)) + 1n)
                push({ type: 'Slash', id: nextId('s'), ...kusamaEvent(t), stash: rng.pick(STASHES), amount: planck(x) })
            } else if (kind < 54) {
                // Burn of shares a holder has
                const owners = USERS.map((_, k) => k).filter(k => have[k] > 0n)
                if (owners.length === 0) continue
                const h = rng.pick(owners)
                if (rng.int(12) === 0) revision = revision === 'R0' ? 'R1' : 'R0' // setPoolRevision
                let s: bigint
                let a: bigint | null = null
                if (revision === 'R0') {
                    const c = rng.int(10)
                    if (c < 2) s = have[h]
                    else if (c < 3) s = 0n // R0 allows amount 0
                    else if (c < 6) {
                        // shares worth a round aKSMb amount (a whole number of planck): R0 rounding in the burner's favour
                        const target = (1n + rng.bigBits(40) % (have[h] * E18 / chainRatio / E6 + 1n)) * E6
                        s = (target * chainRatio) / E18
                        if (s > have[h]) s = have[h]
                    } else s = 1n + rng.bigBits(64) % have[h]
                } else {
                    const maxA = have[h] === 0n ? 0n : (have[h] * E18 + chainRatio - 1n) / chainRatio
                    a = rng.int(8) === 0 ? maxA : rng.bigBits(80) % (maxA + 1n)
                    if (rng.int(2) === 0) a -= a % E6 // round amounts (whole planck)
                    s = (a * chainRatio) / E18 // balanceToShares: the contract floors
                    if (s > have[h]) continue
                }
                have[h] -= s
                burnedBy.set(h, (burnedBy.get(h) ?? 0n) + s)
                const c = rng.int(20)
                const to = rng.int(2) === 0 ? h : rng.int(USERS.length)
                const kindR: RecipientKind = c < 11 ? 'KEY' : c < 15 ? 'SS58' : c < 17 ? 'BAD_CHECKSUM' : c < 18 ? 'BAD_NETWORK' : 'BAD_LENGTH'
                const raw = recipientBytes(rng, to, kindR)
                const pos = { timestamp: t, ...at('ethereum', t) }
                // id = <txHash>-<logIndex>; with random tx hashes FIFO's id order (SPEC §4.8) is not the log order, and
                // burns of one block sometimes share a transaction (then "-10" sorts before "-2")
                const hash = Buffer.from(rng.bytes(8)).toString('hex')
                let id: string
                if (opts.burnIds === 'tx-hash') {
                    if (!(lastBurnTx && lastBurnTx.height === pos.height && rng.int(3) === 0)) lastBurnTx = { height: pos.height, hash }
                    id = `0x${lastBurnTx.hash}-${pos.index}`
                } else id = `0x${String(pos.height).padStart(8, '0')}${String(seq++).padStart(6, '0')}${hash}-${pos.index}`
                const ethAccount = `0xeth${h}`
                const f = { id, ...pos, ethAccount, revision, shares: mkShares(s), amount: a == null ? null : bond(a), chainRatio: mkRatio(chainRatio), recipientRaw: raw }
                const product = burnEvent(f)
                push(product, { type: 'Burn', id, ...pos, ethAccount, revision, shares: s, amount: a, recipientRaw: raw })
                if (kindR === 'KEY' || kindR === 'SS58') owedTo.set(USERS[to], [...(owedTo.get(USERS[to]) ?? []), product.owedPlanck])
            } else if (kind < 61) {
                // RatioUpdate: the publisher (R_{D-1}), a stale repeat, or a raw operator value above/below/at 1e18
                const c = rng.int(8)
                chainRatio = c < 3 ? Rprev : c < 4 ? chainRatio : c < 5 ? E18 : c < 7 ? E18 + 1n + rng.big(59) : E18 - 1n - rng.big(59)
                push({ type: 'RatioUpdate', id: nextId('u'), timestamp: t, ...at('ethereum', t), ratio: mkRatio(chainRatio) })
            } else if (kind < 76) {
                // Outflow: a refund, a payout of requests, or one that matches nothing
                const c = rng.int(10)
                let to: string
                let x: bigint
                if (c < 4 && refundable.length > 0) {
                    const k = rng.int(refundable.length)
                    ;({ from: to, amount: x } = refundable[k])
                    refundable.splice(k, 1)
                } else if (c < 8 && owedTo.size > 0) {
                    to = rng.pick([...owedTo.keys()])
                    const owed = owedTo.get(to)!
                    const all = owed.reduce((p, q) => p + q, 0n)
                    const d = rng.int(4)
                    x = d === 0 ? owed[0] : d === 1 ? all : d === 2 ? 1n + rng.bigBits(60) % (all + 1n) : all + BigInt(1 + rng.int(1000))
                    owedTo.delete(to)
                } else {
                    to = rng.int(2) === 0 ? STRANGER : rng.pick(USERS)
                    x = amount(rng, tiny)
                }
                push({ type: 'PoolTransfer', id: nextId('o'), ...kusamaEvent(t), kind: 'OUTFLOW', from: rng.pick([DEPOSIT, DEPOSIT, HOT]), to, amount: planck(x) })
            } else if (kind < 82) {
                const c = rng.int(3)
                const x = planck(amount(rng, tiny))
                if (c === 0) push({ type: 'PoolTransfer', id: nextId('i'), ...kusamaEvent(t), kind: 'INFLOW', from: STRANGER, to: rng.pick(POOL.poolAccounts), amount: x })
                else if (c === 1) push({ type: 'PoolTransfer', id: nextId('n'), ...kusamaEvent(t), kind: 'INTERNAL', from: DEPOSIT, to: rng.pick([...STASHES, HOT]), amount: x })
                else push({ type: 'PoolFee', id: nextId('f'), ...kusamaEvent(t), account: rng.pick(POOL.poolAccounts), amount: planck(BigInt(1 + rng.int(100_000))) })
            } else if (kind < 85) {
                // the operator follows the queue report (§4.9): tops up free liquidity by exactly what the
                // pending requests lack, or unbonds exactly toUnbond (so ETAs meet their bounds with equality)
                const pending = world.queue.requests.filter(r => r.status === 'PENDING' || r.status === 'PARTIALLY_PAID')
                const lack = pending.reduce((a, r) => a + r.owedPlanck - r.paidPlanck, 0n) - world.queue.free
                if (rng.int(2) === 0 && lack > 0n) {
                    push({ type: 'PoolTransfer', id: nextId('i'), ...kusamaEvent(t), kind: 'INFLOW', from: STRANGER, to: rng.pick(POOL.poolAccounts), amount: planck(lack) })
                } else if (world.queue.toUnbond > 0n) {
                    const stash = rng.pick(STASHES)
                    const active = era == null ? null : era + 1
                    bonded.set(stash, bonded.get(stash)! - world.queue.toUnbond)
                    chunks.push({ stash, amount: world.queue.toUnbond, unlockEra: active == null ? null : active + 28 })
                    push({ type: 'StakingChange', id: nextId('k'), ...kusamaEvent(t), action: 'UNBONDED', stash, amount: planck(world.queue.toUnbond), activeEra: active })
                }
            } else if (kind < 90) {
                // EraPaid: usually the next era, sometimes a jump (so chunks unlock within a stream)
                era = era == null ? 5000 + rng.int(100) : era + (rng.int(4) === 0 ? 10 + rng.int(25) : 1)
                push({ type: 'EraPaid', id: nextId('e'), ...kusamaEvent(t), era })
            } else {
                const stash = rng.pick(STASHES)
                const active = era == null ? null : era + 1
                const c = rng.int(3)
                if (c === 0) {
                    const x = amount(rng, tiny)
                    bonded.set(stash, bonded.get(stash)! + x)
                    push({ type: 'StakingChange', id: nextId('k'), ...kusamaEvent(t), action: 'BONDED', stash, amount: planck(x), activeEra: active })
                } else if (c === 1) {
                    const b = bonded.get(stash)!
                    const x = b > 1n && rng.int(4) > 0 ? 1n + rng.bigBits(64) % (b - 1n) : amount(rng, tiny)
                    bonded.set(stash, b - x)
                    const fact = rng.int(5) === 0 ? null : active
                    chunks.push({ stash, amount: x, unlockEra: (fact ?? active) == null ? null : (fact ?? active)! + 28 })
                    push({ type: 'StakingChange', id: nextId('k'), ...kusamaEvent(t), action: 'UNBONDED', stash, amount: planck(x), activeEra: fact })
                } else {
                    // Withdrawn: the unlocked chunks of the stash (all of them, or a part)
                    const unlocked = chunks.filter(ch => ch.stash === stash && ch.unlockEra != null && active != null && ch.unlockEra <= active)
                    const all = unlocked.reduce((p, ch) => p + ch.amount, 0n)
                    if (all === 0n) continue
                    let x = rng.int(3) === 0 ? 1n + rng.bigBits(64) % all : all
                    push({ type: 'StakingChange', id: nextId('k'), ...kusamaEvent(t), action: 'WITHDRAWN', stash, amount: planck(x), activeEra: rng.int(5) === 0 ? null : active })
                    unlocked.sort((p, q) => p.unlockEra! - q.unlockEra!)
                    for (const ch of unlocked) {
                        const y = ch.amount < x ? ch.amount : x
                        ch.amount -= y
                        x -= y
                    }
                    for (let k = chunks.length - 1; k >= 0; k--) if (chunks[k].amount === 0n) chunks.splice(k, 1)
                }
            }
        }
    }

    // sometimes a history before the first deposit: a ratio update, the era clock, a bond, a reward no report consumes
    if (rng.int(3) === 0) {
        const D = first - 1 - rng.int(2)
        const t0 = start(D) + rng.int(periodMs - 10)
        era = 4000 + rng.int(100)
        push({ type: 'EraPaid', id: nextId('e'), ...kusamaEvent(t0), era })
        chainRatio = rng.int(2) === 0 ? E18 + 1n + rng.big(59) : E18 - 1n - rng.big(59)
        push({ type: 'RatioUpdate', id: nextId('u'), timestamp: t0, ...at('ethereum', t0), ratio: mkRatio(chainRatio) })
        push({ type: 'PoolTransfer', id: nextId('i'), ...kusamaEvent(t0 + 1), kind: 'INFLOW', from: STRANGER, to: STASHES[0], amount: planck(10n ** 12n) })
        push({ type: 'Reward', id: nextId('r'), ...kusamaEvent(t0 + 2), stash: STASHES[0], amount: planck(BigInt(1 + rng.int(10 ** 6))), dest: 'Staked', validator: 'V', era })
    }
    for (let D = first; D <= last; D++) genPeriod(D, D === first ? 1 + rng.int(10) : rng.int(12), end(D) - 1)
    // the open period, up to the watermark
    genPeriod(last + 1, rng.int(6), watermark)
    return { seed, settings, ref, events, facts, first, last, watermark, periodMs }
}
