/**
 * Seeded scenario generators (SPEC §6) with reorgs whose outcome is known in advance:
 *  - the reorg fuzz's (test/scenario/reorg-fuzz.test.ts): from a seed, a random three-day scenario with every
 *    common op on both chains and random `reorg` steps, and the same scenario without the steps those reorgs
 *    lose (and without the reorgs);
 *  - `npm run chaos`'s (src/cli/chaos.ts): a base scenario of any number of days from one seed, and per chaos
 *    seed the same base with decoys — random ops mined into the unfinalized tail of either chain and then lost
 *    by a reorg of exactly their depth. Without its decoys and reorgs every chaos scenario IS the base, so one
 *    undisturbed run of the base is the reference of every seed.
 *
 * Every step is generated against the state the chains will have when it runs — the block models of
 * ./chain-models.ts carry that state per block, so a reorg rolls it back exactly as the chain does.
 * A reorg loses a suffix of one chain, so a step that depends on a lost one (a sweep of a lost deposit)
 * is itself lost or never generated, and every step is valid in both scenarios. The only cross-chain
 * dependency, a claim of a deposit, sits at a sync point that finalizes both chains first.
 */
import { Rng } from './prng'
import { eraBoundaries, EthereumModel, FileStep, KusamaModel } from './chain-models'

export type { FileStep }

export interface ScenarioFile {
    start: string
    end: string
    stashes: string[]
    config: { finalityLag: number }
    steps: FileStep[]
}

export interface FuzzCase {
    seed: number
    full: ScenarioFile
    /** `full` without its reorg steps and the steps they lose */
    reduced: ScenarioFile
    /** `full` without its reorg steps only: the mutation the test must catch (see the test's header) */
    unreduced: ScenarioFile
    /** the steps of `full` its reorgs lose */
    lost: FileStep[]
    reorgs: { kusama: number; ethereum: number }
    /** canonical Kusama blocks after the full run (genesis and the end's sync block included) */
    kusamaBlocks: number
}

const START = '2026-02-02T00:00:00Z'   // a Monday, 00:00 UTC: periods (days) and era boundaries (6 h) are aligned to t = 0
const DAY = 86400
const KSM = 10n ** 12n
const MILLI = 10n ** 9n              // amounts are whole thousandths of a KSM
const MIN_STAKE = KSM / 10n           // the default minStake (SPEC §4.1)
const BONDING_ERAS = 28
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin']
const ETH_ONLY = ['frank', 'gina']    // Ethereum accounts that only receive aKSMb
const STASHES = ['stash0', 'stash1']
const POOL = ['deposit', ...STASHES]

interface Ledger { bonded: bigint; unlocking: { era: number; planck: bigint }[] }
/** Kusama: what the pool accounts hold and what each user may claim */
interface KState {
    era: number
    free: Map<string, bigint>
    ledgers: Map<string, Ledger>
    /** credited (>= minStake) deposit planck not claimed yet */
    credit: Map<string, bigint>
    /** unrefunded BELOW_MINIMUM deposits */
    belowMin: { from: string; planck: bigint }[]
}
/** Ethereum: a safe aKSMb budget (planck) per account, well under its balance, and the burns made */
interface EState {
    budget: Map<string, bigint>
    requests: { recipient: string; planck: bigint }[]
}

const cloneK = (s: KState): KState => ({
    era: s.era, free: new Map(s.free), credit: new Map(s.credit), belowMin: [...s.belowMin],
    ledgers: new Map([...s.ledgers].map(([k, l]) => [k, { bonded: l.bonded, unlocking: [...l.unlocking] }])),
})
const cloneE = (s: EState): EState => ({ budget: new Map(s.budget), requests: [...s.requests] })

/** planck → "1.5" (KSM; also the aKSMb decimal of the same value: 1 planck = 10^6 aKSMb base units) */
export function ksm(p: bigint): string {
    const f = (p % KSM).toString().padStart(12, '0').replace(/0+$/, '')
    return (p / KSM).toString() + (f ? '.' + f : '')
}

const get = (m: Map<string, bigint>, k: string) => m.get(k) ?? 0n
const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, get(m, k) + v)

type Builder<S> = (s: S, t: number) => FileStep | undefined

class Generator {
    /** the base scenario's draws; swapped for the decoys' PRNG while a decoy is built (withRng) */
    private rng: Rng
    readonly lag: number
    readonly k: KusamaModel<KState>
    readonly e: EthereumModel<EState>
    readonly steps: FileStep[] = []
    readonly lost = new Set<FileStep>()
    readonly reorgs = { kusama: 0, ethereum: 0 }
    t = 0
    /** random part of the gap between steps, set per phase */
    spread = 540

    /** decoys: steps of `decoyRng`'s choosing, each lost by the reorg that follows it (chaos mode) */
    readonly decoys = new Set<FileStep>()
    /** days whose first gap after midnight already has a decoy reorg (a reorg while the oracle closes that day) */
    private dayEndReorgs = new Set<number>()

    /**
     * `fuzzReorgs` (the reorg fuzz): random reorgs drawn from the base PRNG. Chaos mode (false): none; with
     * `decoyRng`, after each base op decoys and their reorg drawn from that PRNG only, so the base steps do not
     * depend on it.
     */
    constructor(readonly seed: number, private readonly decoyRng?: Rng, private readonly fuzzReorgs = true) {
        this.rng = new Rng(seed)
        this.lag = 4 + this.rng.int(3)
        this.k = new KusamaModel<KState>(this.lag, {
            era: 8000, free: new Map(), credit: new Map(), belowMin: [],
            ledgers: new Map(STASHES.map(s => [s, { bonded: 0n, unlocking: [] }])),
        }, cloneK)
        this.e = new EthereumModel<EState>(this.lag, { budget: new Map(), requests: [] }, cloneE)
    }

    // ---------------------------------------------------------------- helpers

    /** the next step's time, 60 s to 60 + spread s on (>= 60 s keeps every Ethereum block at its own t in both runs) */
    private tick(): number {
        this.t += 60 + this.rng.int(this.spread + 1)
        return this.t
    }

    /** a random whole-thousandth amount in [lo, hi] planck (>= 0.001 KSM) */
    private amount(lo: bigint, hi: bigint): bigint {
        const a = lo / MILLI, b = hi / MILLI
        return (b <= a ? a : a + BigInt(this.rng.int(Number(b - a) + 1))) * MILLI || MILLI
    }

    /** a tenth to a half of x */
    private part(x: bigint): bigint { return this.amount(x / 10n, x / 2n) }

    private pickWhere<T>(xs: readonly T[], ok: (x: T) => boolean): T | undefined {
        const c = xs.filter(ok)
        return c.length ? this.rng.pick(c) : undefined
    }

    private push(step: FileStep | undefined): boolean {
        if (step) this.steps.push(step)
        return step !== undefined
    }

    // ---------------------------------------------------------------- Kusama ops

    private readonly kusamaOps: [number, Builder<KState>][] = [
        [4, (s, t) => this.deposit(s, t)],
        [2, (s, t) => this.sweep(s, t)],
        [2, (s, t) => this.bond(s, t)],
        [1, (s, t) => this.unbond(s, t)],
        [2, (s, t) => this.withdraw(s, t)],
        [3, (s, t) => this.reward(s, t)],
        [0.5, (s, t) => this.slash(s, t)],
        [0.5, (s, t) => { s.era++; return { t, op: 'eraPaid' } }],
        [3, (s, t) => this.payout(s, t)],
        [0.5, (s, t) => this.inflow(s, t)],
        [0.3, (s, t) => ({ t, op: 'nominate', stash: this.rng.pick(STASHES), validators: ['val1', 'val2'].slice(this.rng.int(2)) })],
    ]

    private deposit(s: KState, t: number): FileStep {
        const from = this.rng.pick(USERS)
        const p = this.rng.int(8) === 0 ? this.amount(MILLI * 10n, MILLI * 99n) : this.amount(5n * KSM, 300n * KSM)
        add(s.free, 'deposit', p)
        if (p >= MIN_STAKE) add(s.credit, from, p)
        else s.belowMin.push({ from, planck: p })
        return { t, op: 'deposit', from, ksm: ksm(p) }
    }

    private sweep(s: KState, t: number): FileStep | undefined {
        if (get(s.free, 'deposit') < 10n * MILLI) return undefined
        const to = this.rng.pick(STASHES), p = this.part(get(s.free, 'deposit'))
        add(s.free, 'deposit', -p)
        add(s.free, to, p)
        return { t, op: 'sweep', to, ksm: ksm(p) }
    }

    private bond(s: KState, t: number): FileStep | undefined {
        const stash = this.pickWhere(STASHES, x => get(s.free, x) >= 10n * MILLI)
        if (!stash) return undefined
        const p = this.part(get(s.free, stash))
        add(s.free, stash, -p)
        s.ledgers.get(stash)!.bonded += p
        return { t, op: 'bond', stash, ksm: ksm(p) }
    }

    private unbond(s: KState, t: number): FileStep | undefined {
        const stash = this.pickWhere(STASHES, x => s.ledgers.get(x)!.bonded >= 30n * MILLI)
        if (!stash) return undefined
        const l = s.ledgers.get(stash)!, p = this.part(l.bonded / 3n)
        l.bonded -= p
        l.unlocking.push({ era: s.era + BONDING_ERAS, planck: p })
        return { t, op: 'unbond', stash, ksm: ksm(p) }
    }

    private withdraw(s: KState, t: number): FileStep | undefined {
        const stash = this.pickWhere(STASHES, x => s.ledgers.get(x)!.unlocking.some(c => c.era <= s.era))
        if (!stash) return undefined
        const l = s.ledgers.get(stash)!
        add(s.free, stash, l.unlocking.filter(c => c.era <= s.era).reduce((a, c) => a + c.planck, 0n))
        l.unlocking = l.unlocking.filter(c => c.era > s.era)
        return { t, op: 'withdraw', stash }
    }

    /** rewards of 0.001 to 0.02 KSM on a pool of some hundred KSM: an APR that is sometimes under maxApr, so some reports publish */
    private reward(s: KState, t: number): FileStep {
        const stash = this.rng.pick(STASHES), p = this.amount(MILLI, 20n * MILLI)
        const dest = this.rng.pick(['Staked', 'Staked', 'Stash'] as const)
        if (dest === 'Staked') s.ledgers.get(stash)!.bonded += p
        else add(s.free, stash, p)
        return { t, op: 'reward', stash, validator: this.rng.pick(['val1', 'val2']), ksm: ksm(p), dest }
    }

    /** small slashes (at most 2 % of a stash) keep the pool solvent: no HELD deposits, claims stay valid */
    private slash(s: KState, t: number): FileStep | undefined {
        const stash = this.pickWhere(STASHES, x => s.ledgers.get(x)!.bonded >= KSM)
        if (!stash) return undefined
        const l = s.ledgers.get(stash)!, p = this.amount(MILLI, l.bonded / 50n)
        l.bonded -= p
        return { t, op: 'slash', stash, ksm: ksm(p) }
    }

    /** a refund of a BELOW_MINIMUM deposit, a (part) payment of a burn, or an unmatched outflow */
    private payout(s: KState, t: number): FileStep | undefined {
        const requests = this.e.state.requests
        const kind = this.rng.int(3)
        const [to, p] = kind === 0 && s.belowMin.length ? this.refund(s)
            : kind === 1 && requests.length ? this.paying(requests)
                : [this.rng.pick([...USERS, 'ivy']), this.amount(MILLI, 500n * MILLI)] as const
        const from = this.pickWhere(POOL, x => get(s.free, x) >= p)
        if (!from) return undefined
        add(s.free, from, -p)
        return { t, op: 'payout', from, to, ksm: ksm(p) }
    }

    private refund(s: KState): readonly [string, bigint] {
        const d = s.belowMin.splice(this.rng.int(s.belowMin.length), 1)[0]
        return [d.from, d.planck]
    }

    private paying(requests: EState['requests']): readonly [string, bigint] {
        const r = this.rng.pick(requests)
        return [r.recipient, this.rng.int(2) ? r.planck : this.amount(MILLI, r.planck)]
    }

    private inflow(s: KState, t: number): FileStep {
        const to = this.rng.pick(STASHES), p = this.amount(KSM, 20n * KSM)
        add(s.free, to, p)
        return { t, op: 'transfer', from: 'hank', to, ksm: ksm(p) }
    }

    // ---------------------------------------------------------------- Ethereum ops

    private readonly ethOps: [number, Builder<EState>][] = [
        [2, (s, t) => this.transferBond(s, t)],
        [3, (s, t) => this.burn(s, t)],
        [0.7, (_s, t) => ({ t, op: 'setRatio', ratio: String((990 + this.rng.int(21)) / 1000) })],
    ]

    private spender(s: EState): string | undefined {
        return this.pickWhere([...USERS, ...ETH_ONLY], x => get(s.budget, x) >= 20n * MILLI)
    }

    private transferBond(s: EState, t: number): FileStep | undefined {
        const from = this.spender(s)
        if (!from) return undefined
        const to = this.rng.pick([...USERS, ...ETH_ONLY].filter(x => x !== from)), a = this.part(get(s.budget, from))
        add(s.budget, from, -a)
        add(s.budget, to, a / 2n)
        return { t, op: 'transferBond', from, to, aksmb: ksm(a) }
    }

    /** an R1 burn to a valid recipient (a Kusama name) */
    private burn(s: EState, t: number): FileStep | undefined {
        const eth = this.spender(s)
        if (!eth) return undefined
        const a = this.part(get(s.budget, eth)), recipient = this.rng.pick([...USERS, 'ivy'])
        add(s.budget, eth, -a)
        s.requests.push({ recipient, planck: a })
        return { t, op: 'burn', eth, aksmb: ksm(a), recipient }
    }

    // ---------------------------------------------------------------- steps

    private weighted<S>(ops: [number, Builder<S>][]): Builder<S> {
        let x = this.rng.int(1000) / 1000 * ops.reduce((a, [w]) => a + w, 0)
        for (const [w, b] of ops) if ((x -= w) < 0) return b
        return ops[ops.length - 1][1]
    }

    /** one random op on a random chain at the next time (a few tries: not every op is valid everywhere) */
    private randomOp(): void {
        const t = this.tick()
        for (let i = 0; i < 6; i++) {
            const done = this.rng.int(3) < 2
                ? this.push(this.k.mine(t, s => this.weighted(this.kusamaOps)(s, t)))
                : this.push(this.e.mine(t, s => this.weighted(this.ethOps)(s, t)))
            if (done) return
        }
    }

    /** a reorg of a random chain, depth 1..finalityLag−1, where the chain model allows it */
    private maybeReorg(): void {
        if (this.rng.int(100) >= 20) return
        const chain = this.rng.pick(['kusama', 'ethereum'] as const)
        const model = chain === 'kusama' ? this.k : this.e
        let depth = 1 + this.rng.int(this.lag - 1)
        if (!model.canReorg(depth)) depth = 1
        if (!model.canReorg(depth)) return
        const t = this.tick()
        for (const s of model.reorg(depth)) this.lost.add(s)
        this.reorgs[chain]++
        this.steps.push({ t, op: 'reorg', chain, depth })
    }

    /** after each base op: the fuzz's random reorg and finalization, or (chaos mode) a finalization and decoys */
    private afterOp(): void {
        if (this.fuzzReorgs) this.maybeReorg()
        this.maybeFinalize()
        if (this.decoyRng) this.maybeDecoys(this.decoyRng)
    }

    dayEndReorgCount(): number { return this.dayEndReorgs.size }

    private withRng<T>(rng: Rng, fn: () => T): T {
        const base = this.rng
        this.rng = rng
        try {
            return fn()
        } finally {
            this.rng = base
        }
    }

    /**
     * Chaos mode: in one gap between base steps in eight (and in the first gap after every midnight: a reorg
     * while the oracle waits to close that day), 1..finalityLag−1 decoy ops on one chain, each its own block
     * within seconds after the last base step, then a reorg of exactly their depth: every decoy is lost and the
     * models are back at the state before them. The chains alternate (Kusama first), so both get reorgs.
     */
    private maybeDecoys(rng: Rng): void {
        const day = Math.floor(this.t / DAY)
        const dayEnd = day > 0 && !this.dayEndReorgs.has(day)
        if (!dayEnd && rng.int(8) !== 0) return
        const chain = (this.reorgs.kusama + this.reorgs.ethereum) % 2 === 0 ? 'kusama' : 'ethereum'
        const depth = 1 + rng.int(this.lag - 1)
        const mined = this.withRng(rng, () => chain === 'kusama' ? this.kusamaDecoys(depth) : this.ethereumDecoys(depth))
        if (mined.length === 0) return
        const model = chain === 'kusama' ? this.k : this.e
        const lost = model.reorg(mined.length)
        if (lost.length !== mined.length || lost.some(x => !mined.includes(x))) throw new Error(`seed ${this.seed}: a decoy reorg would lose more than its decoys`)
        for (const x of mined) this.decoys.add(x)
        this.reorgs[chain]++
        if (dayEnd) this.dayEndReorgs.add(day)
        this.steps.push(...mined, { t: mined[mined.length - 1].t + 1, op: 'reorg', chain, depth: mined.length })
    }

    /** Kusama decoys at t+1.. (no era boundary among them: the era clock's EraPaid must not be lost) */
    private kusamaDecoys(depth: number): FileStep[] {
        const mined: FileStep[] = []
        if (eraBoundaries(this.k.head.ts, this.t + depth) > 0) return mined
        for (let i = 1; i <= depth; i++) {
            const t = this.t + i
            for (let tries = 0; tries < 6 && mined.length < i; tries++) {
                const step = this.k.mine(t, s => this.weighted(this.kusamaOps)(s, t))
                if (step) mined.push(step)
            }
            if (mined.length < i) break
        }
        return mined
    }

    /** Ethereum decoys, one a second after the later of the last base step and the head */
    private ethereumDecoys(depth: number): FileStep[] {
        const mined: FileStep[] = []
        const from = Math.max(this.t, this.e.head.ts) + 1
        for (let i = 0; i < depth; i++) {
            const t = from + i
            let step: FileStep | undefined
            for (let tries = 0; tries < 6 && !step; tries++) step = this.e.mine(t, s => this.weighted(this.ethOps)(s, t))
            if (!step) break
            mined.push(step)
        }
        return mined
    }

    private maybeFinalize(): void {
        if (this.rng.int(100) >= 4) return
        const chain = this.rng.pick(['kusama', 'ethereum', undefined] as const)
        if (chain !== 'ethereum') this.k.finalize()
        if (chain !== 'kusama') this.e.finalize()
        this.steps.push({ t: this.tick(), op: 'finalize', ...(chain ? { chain } : {}) })
    }

    /** about n random ops (with reorgs and finalizations between them) spread until time `to`, all before it */
    phase(to: number, n: number): void {
        this.spread = Math.max(0, Math.floor(2 * (to - this.t) / (1.4 * n)) - 120)
        for (let i = 0; i < n && this.t + 3 * (60 + this.spread) < to; i++) {
            this.randomOp()
            this.afterOp()
        }
    }

    /** both chains brought to t and finalized (the runner's sync point) */
    private sync(t: number): void {
        this.k.sync(t)
        this.e.sync(t)
    }

    /** claims (each a sync point, SPEC §6) of every credited amount of some users, minted to their own Ethereum account */
    claims(at: number): void {
        this.t = Math.max(this.t, Math.round(at))
        const users = USERS.filter(u => get(this.k.state.credit, u) > 0n && this.rng.int(5) > 0)
        for (const user of users) {
            const t = this.tick()
            this.sync(t)
            const credit = get(this.k.state.credit, user)
            this.k.state.credit.delete(user)   // the head is final: no reorg rolls this back
            this.e.pinnedBlock(t, s => add(s.budget, user, credit / 2n))
            this.steps.push({ t, op: 'claim', kusama: user, eth: user })
        }
    }

    /** publishRatio (a sync point); its updateRatio block, if the publisher sends one, is never reorged */
    publish(at: number): void {
        this.t = Math.max(this.t, Math.round(at))
        const t = this.tick()
        this.sync(t)
        this.e.pinnedBlock(t)
        this.steps.push({ t, op: 'publishRatio' })
    }

    /** a sweep and a bond where no stash has 1 KSM bonded, so the era burst has something to unbond */
    private bondSome(): void {
        if (STASHES.some(x => this.k.state.ledgers.get(x)!.bonded >= KSM)) return
        this.push(this.k.mine(this.tick(), s => this.sweep(s, this.t)))
        this.push(this.k.mine(this.tick(), s => this.bond(s, this.t)))
    }

    /** eraPaid steps until a stash's oldest unlocking chunk has come (so a withdraw becomes valid), with reorgs between */
    eraBurst(): void {
        const first = () => Math.min(...STASHES.flatMap(x => this.k.state.ledgers.get(x)!.unlocking.map(c => c.era)))
        this.spread = 120
        if (first() === Infinity) this.bondSome()
        if (first() === Infinity) this.push(this.k.mine(this.tick(), s => this.unbond(s, this.t)))
        if (first() === Infinity) return
        for (let i = 0; i < 45 && first() > this.k.state.era; i++) {
            const t = this.tick()
            this.push(this.k.mine(t, s => { s.era++; return { t, op: 'eraPaid' } }))
            if (this.fuzzReorgs) this.maybeReorg()
            if (this.decoyRng) this.maybeDecoys(this.decoyRng)
        }
    }

    result(endT: number): FuzzCase {
        this.sync(endT)
        const file = (steps: FileStep[]): ScenarioFile => ({
            start: START, end: new Date(Date.parse(START) + endT * 1000).toISOString().replace('.000', ''),
            stashes: STASHES, config: { finalityLag: this.lag }, steps,
        })
        const notReorg = this.steps.filter(s => s.op !== 'reorg')
        return {
            seed: this.seed,
            full: file(this.steps),
            reduced: file(notReorg.filter(s => !this.lost.has(s))),
            unreduced: file(notReorg),
            lost: this.steps.filter(s => this.lost.has(s)),
            reorgs: this.reorgs,
            kusamaBlocks: this.k.height + 1,
        }
    }
}

/**
 * Three days: deposits and pool operations on day 0, claims in the evening; day 1: burns, transfers, the
 * ratio published, an era burst (so unbonded chunks unlock) and more claims; day 2: withdrawals and payouts
 * of the burns, the ratio published again. Random reorgs of either chain all along.
 */
export function generateReorgFuzz(seed: number): FuzzCase {
    const g = new Generator(seed)
    g.t = 600
    g.phase(0.75 * DAY, 22)
    g.claims(0.78 * DAY)
    g.phase(1.05 * DAY, 10)
    g.publish(1.05 * DAY)
    g.phase(1.3 * DAY, 10)
    g.eraBurst()
    g.phase(1.6 * DAY, 10)
    g.claims(1.62 * DAY)
    g.phase(2.05 * DAY, 14)
    g.publish(2.05 * DAY)
    g.phase(2.95 * DAY, 18)
    return g.result(3 * DAY)
}

export interface ChaosCase {
    /** the base scenario: the undisturbed reference of every chaos seed */
    reference: ScenarioFile
    /** the base with this chaos seed's decoys and the reorgs that lose them */
    chaos: ScenarioFile
    decoys: number
    reorgs: { kusama: number; ethereum: number }
    /** decoy reorgs in the first gap after a midnight, while the oracle waits to close that day */
    dayEndReorgs: number
}

/**
 * The chaos scenario of `days` days from `scenarioSeed`, with `chaosSeed`'s decoys and reorgs. Throws unless,
 * without its decoys and reorgs, it is exactly the base scenario generated without any (the decoys' PRNG must
 * not leak into the base).
 */
export function generateChaosCase(opts: { scenarioSeed: number; chaosSeed: number; days: number }): ChaosCase {
    const base = new Generator(opts.scenarioSeed, undefined, false)
    const reference = poolDays(base, opts.days).result(opts.days * DAY).full
    const g = poolDays(new Generator(opts.scenarioSeed, new Rng(opts.chaosSeed), false), opts.days)
    const chaos = g.result(opts.days * DAY).full
    const reduced = { ...chaos, steps: chaos.steps.filter(s => s.op !== 'reorg' && !g.decoys.has(s)) }
    if (JSON.stringify(reduced) !== JSON.stringify(reference)) {
        throw new Error(`chaos seed ${opts.chaosSeed}: without its decoys the scenario is not the base scenario ${opts.scenarioSeed}`)
    }
    return { reference, chaos, decoys: g.decoys.size, reorgs: g.reorgs, dayEndReorgs: g.dayEndReorgCount() }
}

/**
 * Day 0 as the fuzz's (deposits and pool operations, claims in the evening); then every day the ratio
 * published, burns, transfers and pool operations, on odd days an era burst (so unbonded chunks unlock and
 * are withdrawn), claims, payouts of the burns.
 */
function poolDays(g: Generator, days: number): Generator {
    g.t = 600
    g.phase(0.75 * DAY, 22)
    g.claims(0.78 * DAY)
    for (let d = 1; d < days; d++) {
        g.phase((d + 0.05) * DAY, 10)
        g.publish((d + 0.05) * DAY)
        g.phase((d + 0.3) * DAY, 10)
        if (d % 2 === 1) g.eraBurst()
        g.phase((d + 0.6) * DAY, 10)
        g.claims((d + 0.62) * DAY)
        g.phase((d + 0.95) * DAY, 14)
    }
    return g
}
