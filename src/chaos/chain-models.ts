/**
 * Block-level models of the two local chains as the scenario runner drives them (src/local/scenario/runner.ts,
 * src/local/kusama-sim/chain.ts, src/local/ethereum-devnet/index.ts), for the scenario generator (./scenario-gen.ts): which block
 * each step mines, what is final, which reorgs are allowed and which steps a reorg loses. Each block carries the
 * generator's state after it, so a reorg rolls the state back exactly as the chain does.
 *
 * Times are scenario seconds (t); the Kusama genesis is at t = -60, the Ethereum deployment block too.
 */

/** a step as written in the scenario file */
export type FileStep = { t: number; op: string } & Record<string, unknown>

interface Block<S> {
    ts: number
    step?: FileStep
    /** Ethereum: a block no reorg may replace (the runner's sync blocks, a claim, a publication) */
    pinned?: boolean
    state: S
}

/** SPEC §6: the simulator emits EraPaid in the first block at or after every 6 h boundary (Unix-epoch aligned) */
export const ERA_SECONDS = 6 * 3600

/** era boundaries k·6h with from < k·6h <= to (the start is aligned to 6 h, so scenario t works) */
export function eraBoundaries(from: number, to: number): number {
    return Math.max(0, Math.floor(to / ERA_SECONDS) - Math.floor(from / ERA_SECONDS))
}

abstract class ChainModel<S> {
    protected blocks: Block<S>[]

    constructor(readonly lag: number, genesis: S, protected clone: (s: S) => S) {
        this.blocks = [{ ts: -60, state: genesis, pinned: true }]
    }

    get head(): Block<S> { return this.blocks[this.blocks.length - 1] }
    get state(): S { return this.head.state }
    get height(): number { return this.blocks.length - 1 }

    /** the steps mined in the last `depth` blocks */
    protected lostBy(depth: number): FileStep[] {
        return this.blocks.slice(this.blocks.length - depth).flatMap(b => (b.step ? [b.step] : []))
    }
}

export class KusamaModel<S extends { era: number }> extends ChainModel<S> {
    private finalized = 0

    /**
     * Mines a block at `ts` (the era clock first, as the simulator does), then `build` on a copy of the
     * state: it answers the step's fields or undefined when the op is not valid there (nothing is mined).
     */
    mine(ts: number, build?: (s: S) => FileStep | undefined): FileStep | undefined {
        if (ts < this.head.ts) throw new Error(`kusama model: block at ${ts} before the head (${this.head.ts})`)
        const s = this.clone(this.state)
        s.era += eraBoundaries(this.head.ts, ts)
        const step = build?.(s)
        if (build && !step) return undefined
        this.blocks.push({ ts, step, state: s })
        this.finalized = Math.max(this.finalized, this.height - this.lag)
        return step
    }

    finalize(): void { this.finalized = this.height }

    /** sync point (claim, publishRatio, end): an empty block at t where the head is older, then everything final */
    sync(t: number): void {
        if (this.head.ts < t) this.mine(t)
        this.finalize()
    }

    /**
     * A reorg may only replace unfinalized blocks, and (our own rule) none that carries or whose replacement
     * would carry the era clock's EraPaid: with no era boundary in (fork, head], the EraPaid events sit in the
     * same blocks, at the same times, with or without the lost steps — else the reduced run would emit an
     * EraPaid at another time and the two runs would legitimately differ.
     */
    canReorg(depth: number): boolean {
        const fork = this.height - depth
        return depth >= 1 && fork >= this.finalized && eraBoundaries(this.blocks[fork].ts, this.head.ts) === 0
    }

    /** replaces the last `depth` blocks with depth + 1 empty ones at the replaced times and the head's; answers the lost steps */
    reorg(depth: number): FileStep[] {
        if (!this.canReorg(depth)) throw new Error(`kusama model: reorg ${depth} not allowed`)
        const lost = this.lostBy(depth)
        const times = [...this.blocks.slice(this.blocks.length - depth).map(b => b.ts), this.head.ts]
        this.blocks.length -= depth
        for (const ts of times) this.mine(ts)
        return lost
    }
}

/**
 * Ethereum: every op mines one block at max(t, head + 1); the processor's finalized head is the
 * head − finalityLag, so a reorg of depth < finalityLag only touches unfinalized blocks.
 */
export class EthereumModel<S> extends ChainModel<S> {
    /** the devnet's lastContentHeight: the last block mined by an op, an empty block or a reorg */
    private lastContent = 0

    constructor(lag: number, genesis: S, clone: (s: S) => S) {
        super(lag, genesis, clone)
        this.push(0, { pinned: true })   // the runner's prepare(): setPoolRevision at t = 0
    }

    /** timestamp the devnet gives a block asked for at t */
    private tsFor(t: number): number { return Math.max(t, this.head.ts + 1) }

    private push(t: number, b: { step?: FileStep; pinned?: boolean }, s = this.clone(this.state)): void {
        this.blocks.push({ ts: this.tsFor(t), state: s, ...b })
    }

    /** an op's block at t; `build` as in KusamaModel.mine. Throws if the devnet would move it later than t. */
    mine(t: number, build: (s: S) => FileStep | undefined, pinned = false): FileStep | undefined {
        if (this.tsFor(t) !== t) throw new Error(`ethereum model: a block at ${t} would move to ${this.tsFor(t)}: steps too close`)
        const s = this.clone(this.state)
        const step = build(s)
        if (!step) return undefined
        this.push(t, { step, pinned }, s)
        this.lastContent = this.height
        return step
    }

    /** a block of the runner's own (a claim's claimBonds, a publication): never reorged, its step is not lost */
    pinnedBlock(t: number, change: (s: S) => void = () => {}): void {
        const s = this.clone(this.state)
        change(s)
        this.push(t, { pinned: true }, s)
        this.lastContent = this.height
    }

    /** the `finalize` op (and the end of a sync point): empty blocks until every op block is finalityLag deep */
    finalize(pinned = false): void {
        while (this.height < this.lastContent + this.lag) this.push(this.head.ts + 1, { pinned })
    }

    /** sync point: an empty block at t where the head is older, then finalize */
    sync(t: number): void {
        if (this.head.ts < t) {
            this.push(t, { pinned: true })
            this.lastContent = this.height
        }
        this.finalize(true)
    }

    canReorg(depth: number): boolean {
        return depth >= 1 && depth < this.lag && depth < this.height && this.blocks.slice(this.blocks.length - depth).every(b => !b.pinned)
    }

    /** drops the last `depth` blocks and mines depth + 1 empty ones from head + 1 on; answers the lost steps */
    reorg(depth: number): FileStep[] {
        if (!this.canReorg(depth)) throw new Error(`ethereum model: reorg ${depth} not allowed`)
        const lost = this.lostBy(depth)
        const after = this.head.ts
        this.blocks.length -= depth
        for (let i = 1; i <= depth + 1; i++) this.blocks.push({ ts: after + i, state: this.clone(this.state) })
        this.lastContent = this.height
        return lost
    }
}
