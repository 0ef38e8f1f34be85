/**
 * Property tests over thousands of random event streams (seeded PRNG: a failure names its seed).
 */
import { balanceOf, BondAmount, bond, ONE_RATIO, planck, Ratio, ratio, RATIO_SCALE, shares, sharesOf, toBond } from '../../src/domain/units'
import {
    buildQueueReport,
    burnOwedPlanck,
    compareFifo,
    computeLiquidity,
    computeReport,
    creditBasis,
    DomainEvent,
    genesisState,
    CreditBasis,
    matchQueue,
    periodOf,
    PoolFold,
    replayPeriods,
    PeriodState,
    QueueFold,
    queueTotalsAt,
    sortEvents,
    totalsOfReport,
    RatioReport,
    recomputeAll,
    serializeReport,
} from '../../src/oracle/core'
import { Rng } from '../domain/prng'
import { burn, DAY, DAY0, deposit, eraPaid, fee, outflow, P0, ratioUpdate, reward, SETTINGS, slash, staking, transfer } from './helpers'

const STREAMS = 2000
const HOLDERS = ['h0', 'h1', 'h2', 'h3', 'h4']

interface Generated {
    events: DomainEvent[]
    reports: RatioReport[]
    /** holder shares after each period */
    holders: Map<string, bigint>[]
    /** per period: a burn owed more than its shares are worth at R_{D-1} (contract rounding in the burner's favour) */
    burnerFavoured: boolean[]
    /** per period: every favoured burn used the on-chain ratio R_{D-1} (pure contract rounding, no stale ratio) */
    roundingOnly: boolean[]
    lastPeriod: number
    /** SETTINGS with this stream's minStake */
    settings: typeof SETTINGS
}

function amount(rng: Rng, tiny: boolean): bigint {
    // mixes magnitudes: dust, round KSM amounts, arbitrary large values
    switch (rng.int(4)) {
        case 0: return BigInt(1 + rng.int(1000))
        case 1: return BigInt(1 + rng.int(100)) * (tiny ? 1_000n : 100_000_000_000n)
        case 2: return rng.big(tiny ? 24 : 52)
        default: return rng.big(tiny ? 16 : 44)
    }
}

function generate(seed: number, withSlashes: boolean): Generated {
    const rng = new Rng(seed)
    const tiny = rng.int(3) === 0 // small pools stress rounding
    const minStake = tiny ? 1n : 100_000_000_000n
    const settings = { ...SETTINGS, minStakePlanck: minStake }
    const periods = 1 + rng.int(10)
    const holders = new Map<string, bigint>(HOLDERS.map(h => [h, 0n]))
    const events: DomainEvent[] = []
    const reports: RatioReport[] = []
    const snapshots: Map<string, bigint>[] = []
    const favoured: boolean[] = []
    const roundingOnly: boolean[] = []
    let state: PeriodState = genesisState(P0, SETTINGS.periodSeconds)
    let chainRatio: Ratio = ONE_RATIO
    let seq = 0
    for (let d = P0; d < P0 + periods; d++) {
        const start = DAY0 + (d - P0) * DAY
        const n = d === P0 ? 1 + rng.int(8) : rng.int(9)
        const times = Array.from({ length: n }, () => start + rng.int(DAY)).sort((a, b) => a - b)
        const mine: DomainEvent[] = []
        let fav = false
        let stale = false
        for (let i = 0; i < n; i++) {
            const t = times[i]
            const id = `e${String(seq++).padStart(6, '0')}`
            const kind = i === 0 && d === P0 ? 0 : rng.int(withSlashes ? 7 : 6)
            if (kind <= 1) {
                const h = rng.pick(HOLDERS)
                const p = amount(rng, tiny)
                // SPEC §4.1: credited unless below minStake or report D−1 is insolvent (then HELD)
                const credited = p >= minStake && !state.insolvent
                mine.push(deposit(id, t, h, p))
                if (credited) holders.set(h, holders.get(h)! + sharesOf(toBond(planck(p)), state.ratio))
            } else if (kind === 2) {
                mine.push(reward(id, t, amount(rng, tiny) / BigInt(1 + rng.int(1000))))
            } else if (kind === 3 || kind === 4) {
                const owners = HOLDERS.filter(h => holders.get(h)! > 0n)
                if (owners.length === 0) continue
                const h = rng.pick(owners)
                const have = holders.get(h)!
                let s: bigint
                let owed: bigint
                const revision = rng.int(2) === 0 ? 'R0' as const : 'R1' as const
                if (revision === 'R0') {
                    s = rng.int(10) === 0 ? have : 1n + (rng.bigBits(64) % have)
                    owed = burnOwedPlanck({ revision: 'R0', shares: shares(s), chainRatio })
                } else {
                    const maxA = balanceOf(shares(have), chainRatio)
                    let a = rng.int(10) === 0 ? maxA : rng.bigBits(80) % (maxA + 1n)
                    if (rng.int(2) === 0) a -= a % 1_000_000n // round amounts (whole planck)
                    s = sharesOf(bond(a), chainRatio)
                    if (s > have) continue
                    owed = burnOwedPlanck({ revision: 'R1', amount: bond(a) })
                }
                if (toBond(planck(owed)) * state.ratio > s * RATIO_SCALE) {
                    fav = true
                    if (chainRatio !== state.ratio) stale = true
                }
                holders.set(h, have - s)
                mine.push(burn(`0x${id}-${rng.int(5)}`, t, s, owed, rng.int(6) === 0 ? null : h, '0xeth', revision))
            } else if (kind === 5) {
                // the publisher: usually R_{D-1}, sometimes stale, sometimes a raw operator value
                const c = rng.int(6)
                chainRatio = c < 3 ? state.ratio : rng.int(2) === 0 ? chainRatio : ratio(RATIO_SCALE - RATIO_SCALE / BigInt(2 + rng.int(100)))
                mine.push(ratioUpdate(id, t, chainRatio))
            } else {
                const p = state.pooledValue > 0n ? state.pooledValue / 1_000_000n : 1n
                mine.push(slash(id, t, p > 0n ? rng.bigBits(64) % (p / BigInt(1 + rng.int(50)) + 1n) : 0n))
            }
        }
        const { report, next, deposits } = computeReport(state, mine, settings)
        // every deposit is decided by §4.1 against report D−1; credits are sharesOf(toBond(p), R_{D-1})
        for (const c of deposits) {
            const expected = c.amount < minStake ? 'BELOW_MINIMUM' : state.insolvent ? 'HELD' : 'CREDITED'
            expect(c.status).toBe(expected)
            expect(c.shares).toBe(expected === 'CREDITED' ? sharesOf(toBond(c.amount), state.ratio) : 0n)
        }
        events.push(...mine)
        reports.push(report)
        snapshots.push(new Map(holders))
        favoured.push(fav)
        roundingOnly.push(fav && !stale)
        state = next
    }
    return { events, reports, holders: snapshots, burnerFavoured: favoured, roundingOnly, lastPeriod: P0 + periods - 1, settings }
}

function shuffled<T>(rng: Rng, xs: T[]): T[] {
    const a = [...xs]
    for (let i = a.length - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        ;[a[i], a[j]] = [a[j], a[i]]
    }
    return a
}

describe('report properties', () => {
    test(`shares conserved, rounding never creates value, recompute = incremental (${STREAMS} streams)`, () => {
        let valueChecks = 0
        for (let seed = 1; seed <= STREAMS; seed++) {
            const g = generate(seed, true)
            g.reports.forEach((r, i) => {
                const held = [...g.holders[i].values()]
                const total = held.reduce((a, b) => a + b, 0n)
                if (r.totalShares !== total) throw new Error(`seed ${seed}: S=${r.totalShares} but holders hold ${total}`)
                const solvent = !r.insolvent && !r.negativeShares && r.totalShares > 0n
                if (solvent) {
                    const owners = held.filter(s => s > 0n)
                    const worth = owners.reduce((a, s) => a + balanceOf(shares(s), r.ratio), 0n)
                    if (worth > r.pooledValue + BigInt(owners.length)) throw new Error(`seed ${seed}: Σ balance ${worth} > P ${r.pooledValue} + ${owners.length}`)
                    valueChecks++
                }
            })
            const rng = new Rng(seed * 7919)
            const watermark = DAY0 + (g.lastPeriod - P0 + 1) * DAY + rng.int(DAY) // never closes the next period
            const again = recomputeAll(shuffled(rng, g.events), g.settings, watermark)
            if (again.length !== g.reports.length) throw new Error(`seed ${seed}: ${again.length} reports recomputed, ${g.reports.length} incremental`)
            again.forEach((r, i) => {
                const a = serializeReport(r)
                const b = serializeReport(g.reports[i])
                if (a !== b) throw new Error(`seed ${seed} period ${i}: recompute differs\n${a}\n${b}`)
            })
        }
        expect(valueChecks).toBeGreaterThan(STREAMS * 2)
    })

    test(`without slashes the ratio never rises (${STREAMS} streams)`, () => {
        let checked = 0
        let favouredSeen = 0
        let exitSeen = 0
        let roundingRises = 0
        let total = 0
        for (let seed = 100_001; seed < 100_001 + STREAMS; seed++) {
            const g = generate(seed, false)
            g.reports.forEach((r, i) => {
                total++
                expect(r.slashCount).toBe(0)
                // S·1e18 <= R·P holds from genesis and is only ever broken by a burner-favoured burn
                const prevInvariant = r.prevTotalShares * RATIO_SCALE <= r.prevRatio * r.prevPooledValue
                if (!prevInvariant && !g.burnerFavoured.slice(0, i).some(x => x)) throw new Error(`seed ${seed} period ${i}: S·1e18 > R·P before the period`)
                if (g.burnerFavoured[i] || !prevInvariant) {
                    favouredSeen++
                    // a burn priced in the burner's favour: by contract rounding alone (at the published R_{D-1}),
                    // R may rise by at most what MONOTONE allows (one share unit per R1 burn, §4.7), which it checks;
                    // at a stale on-chain ratio the rise is real value paid out, and MONOTONE may rightly block
                    if (g.roundingOnly[i] && prevInvariant) {
                        if (!r.checks.find(c => c.name === 'MONOTONE')!.passed) throw new Error(`seed ${seed} period ${i}: a rounding-only rise failed MONOTONE`)
                        if (r.ratio > r.prevRatio) roundingRises++
                    }
                    return
                }
                if (r.totalShares === 0n) {
                    exitSeen++
                    return // documented SPEC gap: S_D = 0 resets R to 1e18
                }
                checked++
                if (r.ratio > r.prevRatio) throw new Error(`seed ${seed} period ${i}: R rose ${r.prevRatio} → ${r.ratio}`)
                if (!r.checks.find(c => c.name === 'MONOTONE')!.passed) throw new Error(`seed ${seed}: MONOTONE failed`)
                if (r.totalShares * RATIO_SCALE > r.ratio * r.pooledValue) throw new Error(`seed ${seed}: invariant broken after period ${i}`)
            })
        }
        // most periods are checked; the rest are the two documented exceptions
        expect(checked).toBeGreaterThan(total * 0.6)
        // rises from contract rounding alone happen in these streams, and MONOTONE allowed each of them
        expect(roundingRises).toBeGreaterThan(0)
        // the excluded cases are exercised, not assumed away silently
        expect(favouredSeen).toBeGreaterThan(0)
        expect(exitSeen).toBeGreaterThan(0)
    })
})

describe('queue properties', () => {
    const ADDRS = ['qa', 'qb', 'qc', 'qd']
    function genQueue(seed: number): { events: DomainEvent[]; now: number } {
        const rng = new Rng(seed)
        const events: DomainEvent[] = []
        const n = 1 + rng.int(30)
        for (let i = 0; i < n; i++) {
            const t = DAY0 + rng.int(10) * DAY / 4 + rng.int(3) // coarse times: many ties
            if (rng.int(2) === 0) {
                const owed = rng.int(5) === 0 ? 0n : BigInt(rng.int(1000))
                events.push(burn(`0x${String(i).padStart(3, '0')}-${rng.int(3)}`, t, BigInt(rng.int(1000)), owed, rng.int(8) === 0 ? null : rng.pick(ADDRS)))
            } else {
                events.push(outflow(`o${String(i).padStart(3, '0')}`, t, rng.int(6) === 0 ? 'stranger' : rng.pick(ADDRS), BigInt(rng.int(1500))))
            }
        }
        return { events, now: DAY0 + rng.int(20) * DAY }
    }

    test(`FIFO order holds, paid never exceeds owed, outflows are conserved (${STREAMS * 2} streams)`, () => {
        for (let seed = 1; seed <= STREAMS * 2; seed++) {
            const { events, now } = genQueue(seed)
            const q = matchQueue(events, now, SETTINGS)
            const fail = (m: string) => { throw new Error(`seed ${seed}: ${m}`) }
            const byId = new Map(q.requests.map(r => [r.id, r]))
            // requests come out in FIFO order
            for (let i = 1; i < q.requests.length; i++) if (compareFifo(q.requests[i - 1], q.requests[i]) >= 0) fail('requests not in FIFO order')
            // replay the allocations
            const paid = new Map<string, bigint>()
            const outLeft = new Map<string, bigint>()
            for (const e of events) if (e.type === 'PoolTransfer') outLeft.set(e.id, e.amount)
            const outTo = new Map(events.filter(e => e.type === 'PoolTransfer').map(e => [e.id, e as { to: string; timestamp: number }]))
            let lastOutflow: string | null = null
            const closeOutflow = (oid: string) => {
                const o = outTo.get(oid)!
                const match = q.outflows.find(x => x.id === oid)!
                if (match.unmatchedPlanck !== outLeft.get(oid)) fail(`outflow ${oid} unmatched ${match.unmatchedPlanck} != ${outLeft.get(oid)}`)
                if (match.unmatchedPlanck > 0n) {
                    for (const r of q.requests) {
                        if (r.recipient === o.to && r.recipientStatus === 'VALID' && r.requestedAt <= o.timestamp && (paid.get(r.id) ?? 0n) !== r.owedPlanck && r.owedPlanck > 0n) {
                            fail(`outflow ${oid} left ${match.unmatchedPlanck} unmatched while ${r.id} was unpaid`)
                        }
                    }
                }
            }
            for (const a of q.allocations) {
                if (lastOutflow != null && a.outflowId !== lastOutflow) closeOutflow(lastOutflow)
                lastOutflow = a.outflowId
                const r = byId.get(a.requestId)!
                const o = outTo.get(a.outflowId)!
                if (r.recipientStatus !== 'VALID') fail('allocation to an invalid recipient')
                if (r.recipient !== o.to) fail('allocation to another recipient')
                if (r.requestedAt > o.timestamp) fail('allocation to a later request')
                if (a.amount <= 0n) fail('empty allocation')
                for (const r2 of q.requests) {
                    if (r2.recipient === r.recipient && r2.recipientStatus === 'VALID' && compareFifo(r2, r) < 0 && (paid.get(r2.id) ?? 0n) !== r2.owedPlanck) {
                        fail(`FIFO: ${r.id} paid before ${r2.id}`)
                    }
                }
                paid.set(r.id, (paid.get(r.id) ?? 0n) + a.amount)
                outLeft.set(a.outflowId, outLeft.get(a.outflowId)! - a.amount)
                if (outLeft.get(a.outflowId)! < 0n) fail('outflow over-allocated')
            }
            for (const o of q.outflows) if (!q.allocations.some(a => a.outflowId === o.id) || o.id === lastOutflow) closeOutflow(o.id)
            for (const r of q.requests) {
                const p = paid.get(r.id) ?? 0n
                if (p !== r.paidPlanck) fail(`${r.id} paid ${r.paidPlanck} but allocations sum to ${p}`)
                if (r.paidPlanck > r.owedPlanck || r.paidPlanck < 0n) fail(`${r.id} paid ${r.paidPlanck} of ${r.owedPlanck}`)
                if (r.recipientStatus !== 'VALID' && r.status !== 'INVALID_RECIPIENT') fail('invalid recipient with a payable status')
                if (r.status === 'PAID' !== (r.recipientStatus === 'VALID' && r.paidPlanck === r.owedPlanck)) fail(`${r.id} status ${r.status}`)
                if (r.status === 'PAID') {
                    const last = q.allocations.filter(a => a.requestId === r.id).pop()
                    if (r.paidAt !== (last?.timestamp ?? r.requestedAt)) fail(`${r.id} paidAt`)
                }
                const expectOverdue = r.paidAt != null ? r.paidAt > r.deadline : now > r.deadline
                if (r.overdue !== expectOverdue) fail(`${r.id} overdue`)
            }
        }
    })

    test(`ETAs are monotone along the FIFO queue; liquidity conserves value (${STREAMS} streams)`, () => {
        const POOL = { poolAccounts: ['D', 'S0', 'S1'] }
        for (let seed = 1; seed <= STREAMS; seed++) {
            const rng = new Rng(seed + 500_000)
            const fail = (m: string) => { throw new Error(`seed ${seed}: ${m}`) }
            const events: DomainEvent[] = []
            let inputs = 0n
            let era = 1000
            const n = rng.int(40)
            // times ascend with generation order so the era counter matches the chain's era clock
            const times = Array.from({ length: n }, () => DAY0 + rng.int(4 * DAY)).sort((a, b) => a - b)
            for (let i = 0; i < n; i++) {
                const t = times[i]
                const id = `k${String(i).padStart(3, '0')}`
                const x = BigInt(rng.int(1000))
                const stash = rng.pick(['S0', 'S1'])
                switch (rng.int(11)) {
                    case 0: events.push(deposit(id, t, 'u', x, 'D')); inputs += x; break
                    case 1: events.push(transfer(id, t, 'INFLOW', 'ext', rng.pick(POOL.poolAccounts), x)); inputs += x; break
                    case 2: events.push(transfer(id, t, 'INTERNAL', rng.pick(POOL.poolAccounts), rng.pick(POOL.poolAccounts), x)); break
                    case 3: events.push(outflow(id, t, rng.pick(['qa', 'qb']), x, 'D')); inputs -= x; break
                    case 4: events.push(fee(id, t, stash, x)); inputs -= x; break
                    case 5: {
                        const dest = rng.pick(['Staked', 'Stash', 'Controller', 'Account:D', 'Account:ext', 'None', null])
                        events.push(reward(id, t, x, dest, stash))
                        if (dest !== 'None' && dest !== 'Account:ext') inputs += x
                        break
                    }
                    case 6: events.push(slash(id, t, x, stash)); inputs -= x; break
                    case 7: events.push(eraPaid(id, t, era++)); break
                    case 8: events.push(staking(id, t, 'BONDED', x, null, stash)); break
                    case 9: events.push(staking(id, t, 'UNBONDED', x, rng.int(2) ? era : null, stash)); break
                    default: events.push(staking(id, t, 'WITHDRAWN', x, era, stash)); break
                }
            }
            for (let i = 0; i < rng.int(12); i++) {
                events.push(burn(`0xq${i}-0`, DAY0 + rng.int(4 * DAY), 1n, BigInt(rng.int(800)), rng.int(8) === 0 ? null : rng.pick(['qa', 'qb'])))
            }
            const l = computeLiquidity(events, POOL)
            if (l.free + l.bonded + l.unbonding !== inputs + l.withdrawnWithoutChunk) fail(`liquidity not conserved: ${l.free}+${l.bonded}+${l.unbonding} vs ${inputs}+${l.withdrawnWithoutChunk}`)
            const now = DAY0 + 4 * DAY
            const q = buildQueueReport(events, now, SETTINGS, POOL)
            const pending = q.requests.filter(r => r.etaReason != null)
            const rank = { LIQUID: 0, UNBONDING: 1, NEEDS_UNBOND: 2 }
            for (let i = 1; i < pending.length; i++) {
                if (pending[i].eta! < pending[i - 1].eta!) fail('ETA decreases along the queue')
                if (rank[pending[i].etaReason!] < rank[pending[i - 1].etaReason!]) fail('reason order')
            }
            for (const r of q.requests) {
                if ((r.status === 'PENDING' || r.status === 'PARTIALLY_PAID') !== (r.etaReason != null)) fail(`${r.id}: eta presence`)
                if (r.eta != null && r.eta < now) fail('ETA in the past')
            }
            const expectTo = q.pendingOwed - q.free - q.unbonding
            if (q.toUnbond !== (expectTo > 0n ? expectTo : 0n)) fail('toUnbond')
        }
    })
})

describe('queue and liquidity folds (the worker carries them across periods)', () => {
    const POOL = { poolAccounts: ['D', 'S0', 'S1'] }
    const RECIPIENTS = ['qa', 'qb', 'qc']
    /** burns, outflows and liquidity events at coarse times (many ties, many at period boundaries) */
    function genMixed(seed: number): DomainEvent[] {
        const rng = new Rng(seed + 900_000)
        const events: DomainEvent[] = []
        let era = 1000
        const n = 1 + rng.int(60)
        for (let i = 0; i < n; i++) {
            const t = DAY0 + rng.int(16) * DAY / 4 + (rng.int(3) === 0 ? 0 : rng.int(2))
            const id = `${String.fromCharCode(97 + rng.int(26))}${String(i).padStart(3, '0')}`
            const x = BigInt(rng.int(1000))
            const stash = rng.pick(['S0', 'S1'])
            switch (rng.int(9)) {
                case 0: case 1: {
                    const owed = rng.int(6) === 0 ? 0n : BigInt(rng.int(900))
                    events.push(burn(`0x${id}-0`, t, 1n, owed, rng.int(8) === 0 ? null : rng.pick(RECIPIENTS)))
                    break
                }
                case 2: case 3: events.push(outflow(id, t, rng.int(6) === 0 ? 'stranger' : rng.pick(RECIPIENTS), BigInt(rng.int(1200)), 'D')); break
                case 4: events.push(deposit(id, t, 'u', x, 'D')); break
                case 5: events.push(eraPaid(id, t, era++)); break
                case 6: events.push(staking(id, t, 'BONDED', x, null, stash)); break
                case 7: events.push(staking(id, t, 'UNBONDED', x, rng.int(2) ? era : null, stash)); break
                default: events.push(staking(id, t, 'WITHDRAWN', x, era, stash)); break
            }
        }
        return events
    }

    /** the report D−1 each event's period decides its deposits against (as the worker enters periods) */
    function basisOf(events: readonly DomainEvent[]): (t: number) => CreditBasis {
        const m = new Map(replayPeriods(events, SETTINGS, DAY0 + 5 * DAY).map(r => [r.report.period + 1, creditBasis(r.next)]))
        return t => {
            const p = periodOf(t, SETTINGS.periodSeconds)
            return m.get(p) ?? { period: p - 1, ratio: ONE_RATIO, insolvent: false }
        }
    }

    /** bigint-safe JSON, to compare and print the folds' figures */
    const show = (x: unknown) => JSON.stringify(x, (_k, v) => typeof v === 'bigint' ? v.toString() : v)

    test(`at every period end, the carried folds equal the queue rebuilt from the whole history (${STREAMS / 2} streams)`, () => {
        for (let seed = 1; seed <= STREAMS / 2; seed++) {
            const events = sortEvents(genMixed(seed))
            const pool = new PoolFold(SETTINGS, POOL)
            const { queue, liquidity } = pool
            const basis = basisOf(events)
            let folded = 0
            for (let k = 1; k <= 17; k++) {
                const end = DAY0 + k * DAY / 4
                const before = events.filter(e => e.timestamp < end)
                for (; folded < before.length; folded++) {
                    pool.addBasis(basis(events[folded].timestamp))
                    pool.apply(events[folded])
                }
                const expected = totalsOfReport(buildQueueReport(before, end, SETTINGS, POOL))
                const got = queueTotalsAt(pool, end)
                if (show(got) !== show(expected)) {
                    throw new Error(`seed ${seed}, period end ${k}: ${show(got)} != ${show(expected)}`)
                }
                // the whole queue read from the fold mid-stream is the batch result too
                expect(queue.result(end)).toEqual(matchQueue(before, end, SETTINGS))
                expect(liquidity.snapshot()).toEqual(computeLiquidity(before, POOL))
            }
        }
    })

    test(`reads at any watermark between period ends, as a running worker's passes make them, change nothing (${STREAMS / 2} streams)`, () => {
        for (let seed = 1; seed <= STREAMS / 2; seed++) {
            const events = sortEvents(genMixed(seed))
            const rng = new Rng(seed * 104729)
            const pool = new PoolFold(SETTINGS, POOL)
            const { queue, liquidity } = pool
            const basis = basisOf(events)
            let folded = 0
            const foldUpTo = (n: number) => {
                for (; folded < n; folded++) {
                    pool.addBasis(basis(events[folded].timestamp))
                    pool.apply(events[folded])
                }
            }
            let lastRead = DAY0 - 1
            for (let k = 1; k <= 17; k++) {
                const end = DAY0 + k * DAY / 4
                // a pass at watermark w folds every event at or before w and reads the live queue at w
                for (let passes = rng.int(3); passes > 0; passes--) {
                    const w = Math.max(lastRead + 1, end - DAY / 4 + rng.int(DAY / 4))
                    if (w >= end) break
                    const upTo = events.filter(e => e.timestamp <= w)
                    foldUpTo(upTo.length)
                    expect(queue.result(w)).toEqual(matchQueue(upTo, w, SETTINGS))
                    lastRead = w
                }
                const before = events.filter(e => e.timestamp < end)
                foldUpTo(before.length)
                const expected = totalsOfReport(buildQueueReport(before, end, SETTINGS, POOL))
                const got = queueTotalsAt(pool, end)
                if (show(got) !== show(expected)) throw new Error(`seed ${seed}, period end ${k}: ${show(got)} != ${show(expected)}`)
                expect(liquidity.snapshot()).toEqual(computeLiquidity(before, POOL))
                lastRead = end
            }
        }
    })

    test('refuses events out of canonical order, or at a time already read', () => {
        const q = new QueueFold(SETTINGS)
        q.apply(burn('0xb-0', DAY0 + 10, 1n, 5n, 'qa'))
        expect(() => q.apply(outflow('o1', DAY0 + 5, 'qa', 5n))).toThrow(/canonical order/)
        // chain order: an Ethereum burn sorts before a Kusama outflow of the same second
        q.apply(burn('0xc-0', DAY0 + 10, 1n, 2n, 'qa'))
        q.apply(outflow('0xbz', DAY0 + 10, 'qa', 8n))
        expect(() => q.apply(burn('0xd-0', DAY0 + 10, 1n, 1n, 'qa'))).toThrow(/canonical order/)
        expect(q.totals(DAY0 + 20)).toEqual({ pendingOwed: planck(0n), invalidRecipientOwed: planck(0n), overdueCount: 0, requestCount: 2 })
        expect(q.result(DAY0 + 20).unmatchedOutflows.map(o => o.unmatchedPlanck)).toEqual([1n])
        expect(() => q.apply(outflow('zz', DAY0 + 10, 'qb', 1n))).toThrow(/already read/)
        q.apply(burn('0xd-0', DAY0 + 11, 1n, 1n, 'qb'))
        expect(() => new QueueFold({ releasePeriodSeconds: -1 })).toThrow(/releasePeriodSeconds/)
    })
})
