/**
 * The unit of every aKSMb `Transfer` log, decided from the call that emitted it (SPEC §1): pure
 * functions, no I/O. The handler fetches the transactions and the token state these functions ask
 * for; the ledger (./ledger.ts) then applies each Transfer with its decision.
 *
 * The token's `Transfer` value is in aKSMb when emitted by `transfer(to, amount)` (it moves
 * `balanceToShares(amount)` shares at the ratio in force), and in shares when emitted by
 * `transferFrom`, `mint` or `burn`. `transfer` to or from the zero address is an ordinary transfer.
 * The rule, in this order:
 *
 *  1. **Mint / burn** — only when the pool's `TokensClaimed` (`TokensBurned`) of aKSMb is in the
 *     same transaction: it is paired with the Transfer from 0x0 to its `account` of its `amount`
 *     (from its `account` to 0x0 of its burned shares), the nearest such Transfer before it (the
 *     pool emits its event after the token's), else the nearest after it. Unit: shares. A pool
 *     event with no such Transfer is an INCONSISTENT issue. A Transfer from/to 0x0 left unpaired is
 *     an ordinary transfer, 0x0 being a holder like any other.
 *  2. **Direct call** — the transaction calls the token itself (`tx.to` = aKSMb) with the canonical
 *     input of `transfer(address,uint256)` (unit aKSMb) or `transferFrom(address,address,uint256)`
 *     (unit shares), and the Transfer is the transaction's only aKSMb Transfer and agrees with the
 *     call: `transfer`: from = tx.from, to and value = the arguments; `transferFrom`: from and to =
 *     the arguments, value = balanceToShares(amount) at the ratio in force.
 *  3. **Token state** — anything else (a router, a multisig, another selector, a check that failed):
 *     the token's `sharesOf` of both parties at the end of the block and of its parent (by block
 *     hash, so a hot block is never read at a reorganised height) gives each party's share change
 *     over the block; the Transfers of the block whose unit is already known (1, 2, and ratio
 *     updates before them) are subtracted, and what is left is solved for the undecided Transfers:
 *       - a party touched by exactly one undecided Transfer gives that Transfer's shares exactly
 *         (repeated until nothing more is solved); the value is checked against the two possible
 *         units (`value` shares, or `balanceToShares(value)` at the ratio in force);
 *       - Transfers still coupled (e.g. two router transfers A→B in one block: only their sum is
 *         seen) are solved by trying both units for each (at most 2^16 combinations per connected
 *         group) against every party's change. One consistent combination: exact. Several (e.g.
 *         equal values, or R = 1e18 where both units agree): every one gives every party exactly its
 *         on-chain shares at the end of the block, only the split between those Transfers is not
 *         observable — the first in a fixed order is taken and the Transfers are counted as
 *         `ambiguous`;
 *       - a self-transfer (from = to) changes no balance; it is recorded in shares, ambiguous when
 *         the two units differ;
 *       - finally every party's change is checked: a difference (a share change no Transfer explains)
 *         is an INCONSISTENT issue.
 *     The state of a block cannot be read between two of its transactions with `eth_call`, so this is
 *     exact per block (the holder ledger, the reconciliation target, is per block), not per log.
 */
import { bond as asBond, ratio as asRatio, sharesOf } from '../../domain/units'
import { ChainEvent, decodeBondCall, LogPosition } from './events'

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'
/** most undecided Transfers in one coupled group tried exhaustively (2^n combinations) */
export const MAX_COUPLED = 16

export type TransferEvent = Extract<ChainEvent, { kind: 'Transfer' }>

/** what eth_getTransactionByHash says about a transaction (addresses lower case) */
export interface TxInfo {
    from: string
    /** null for a contract creation */
    to: string | null
    input: string
}

export type TransferBasis = 'POOL_EVENT' | 'CALL_TRANSFER' | 'CALL_TRANSFER_FROM' | 'STATE'

export interface TransferDecision {
    kind: 'MINT' | 'BURN' | 'TRANSFER'
    /** unit of the log's value: BOND = aKSMb (moves balanceToShares(value) at the ratio in force), SHARES = shares */
    unit: 'BOND' | 'SHARES'
    basis: TransferBasis
    /** the ratio in force that the decision assumed (the ledger checks it is its own) */
    ratio: bigint
    /** STATE only: the shares moved as the chain's state shows, when that matches neither unit */
    shares?: bigint
    /** STATE only: the token's state fits several splits between coupled Transfers of the block */
    ambiguous?: boolean
}

export interface UnitIssue {
    kind: 'INCONSISTENT'
    message: string
    at: LogPosition
}

export interface PendingTransfer {
    e: TransferEvent
    /** ratio in force at the log */
    ratio: bigint
    /** why the call did not decide it */
    why: string
}

export interface PendingBlock {
    height: number
    hash: string
    parentHash: string
    transfers: PendingTransfer[]
}

export interface UnitPlan {
    /** decisions made without the token's state, by log id */
    decisions: Map<string, TransferDecision>
    /** blocks (by hash) with Transfers that need the token's state */
    pending: Map<string, PendingBlock>
    issues: UnitIssue[]
    counts: { pool: number; call: number; state: number }
}

/** `sharesOf(address)` at the end of the block `blockHash` */
export interface SharesRead {
    blockHash: string
    address: string
}

export function logKey(p: LogPosition): string {
    return `${p.txHash}-${p.logIndex}`
}

const bts = (value: bigint, R: bigint) => sharesOf(asBond(value), asRatio(R)) as bigint

/**
 * Steps 1 and 2 of the rule; the rest is left pending for the token's state.
 * @param events the batch's chain events in chain order
 * @param opts.bond aKSMb (lower case); `ratio` the ratio in force before the first event;
 *   `txs` the transactions of (at least) every Transfer log; `parents` block hash → parent hash
 */
export function planUnits(events: readonly ChainEvent[], opts: {
    bond: string
    ratio: bigint
    txs: ReadonlyMap<string, TxInfo>
    parents: ReadonlyMap<string, string>
}): UnitPlan {
    const plan: UnitPlan = { decisions: new Map(), pending: new Map(), issues: [], counts: { pool: 0, call: 0, state: 0 } }
    // the ratio in force at each Transfer, and the aKSMb logs of each transaction in log order
    const ratioAt = new Map<string, bigint>()
    const byTx = new Map<string, ChainEvent[]>()
    let R = opts.ratio
    for (const e of events) {
        if (e.kind === 'RatioUpdate') R = e.newRatio
        if (e.kind === 'Transfer') ratioAt.set(logKey(e), R)
        let list = byTx.get(e.txHash)
        if (!list) byTx.set(e.txHash, list = [])
        list.push(e)
    }

    for (const list of byTx.values()) {
        const transfers = list.filter((e): e is TransferEvent => e.kind === 'Transfer')
        const paired = new Set<TransferEvent>()
        // 1. mint / burn: the pool's event of aKSMb in the same transaction
        for (const p of list) {
            let want: { from: string; to: string; value: bigint; kind: 'MINT' | 'BURN' } | undefined
            if (p.kind === 'TokensClaimed' && p.token === opts.bond) {
                want = { from: ZERO_ADDRESS, to: p.account, value: p.amount, kind: 'MINT' }
            } else if (p.kind === 'TokensBurned' && p.token === opts.bond) {
                want = { from: p.account, to: ZERO_ADDRESS, value: p.revision === 'R1' ? p.shares! : p.amount, kind: 'BURN' }
            }
            if (!want) continue
            const match = (t: TransferEvent) => !paired.has(t) && t.from === want!.from && t.to === want!.to && t.value === want!.value
            const before = transfers.filter(t => t.logIndex < p.logIndex && match(t))
            const t = before.length ? before[before.length - 1] : transfers.find(t => t.logIndex > p.logIndex && match(t))
            if (!t) {
                plan.issues.push({
                    kind: 'INCONSISTENT', at: p,
                    message: `${p.kind} of ${want.value} shares for ${p.kind === 'TokensClaimed' ? want.to : want.from} without its ${want.kind.toLowerCase()} Transfer in the transaction`,
                })
                continue
            }
            paired.add(t)
            plan.decisions.set(logKey(t), { kind: want.kind, unit: 'SHARES', basis: 'POOL_EVENT', ratio: ratioAt.get(logKey(t))! })
            plan.counts.pool++
        }
        // 2. the token called directly; 3. otherwise pending
        for (const t of transfers) {
            if (paired.has(t)) continue
            const key = logKey(t)
            const R = ratioAt.get(key)!
            const tx = opts.txs.get(t.txHash)
            if (!tx) throw new Error(`no transaction ${t.txHash} for the aKSMb Transfer at block ${t.blockHeight}, log ${t.logIndex}`)
            const direct = tx.to === opts.bond ? directDecision(t, tx, R, transfers.length) : { why: `the token called through ${tx.to ?? 'a contract creation'}` }
            if ('unit' in direct) {
                plan.decisions.set(key, direct)
                plan.counts.call++
                continue
            }
            let block = plan.pending.get(t.blockHash)
            if (!block) {
                const parentHash = opts.parents.get(t.blockHash)
                if (!parentHash) throw new Error(`no parent hash of block ${t.blockHeight} (${t.blockHash})`)
                plan.pending.set(t.blockHash, block = { height: t.blockHeight, hash: t.blockHash, parentHash, transfers: [] })
            }
            block.transfers.push({ e: t, ratio: R, why: direct.why })
            plan.counts.state++
        }
    }
    return plan
}

function directDecision(t: TransferEvent, tx: TxInfo, R: bigint, transfersInTx: number): TransferDecision | { why: string } {
    const where = `block ${t.blockHeight} (${t.blockHash}), tx ${t.txHash}`
    const call = decodeBondCall(tx.input, where)
    if (call.method === 'other') return { why: call.reason ?? `the token called with selector ${call.selector}` }
    if (transfersInTx !== 1) return { why: `${call.method} with ${transfersInTx} Transfer logs` }
    if (call.method === 'transfer') {
        if (t.from === tx.from && t.to === call.to && t.value === call.amount) {
            return { kind: 'TRANSFER', unit: 'BOND', basis: 'CALL_TRANSFER', ratio: R }
        }
        return { why: `transfer(${call.to}, ${call.amount}) from ${tx.from} does not match Transfer(${t.from}, ${t.to}, ${t.value})` }
    }
    if (t.from === call.from && t.to === call.to && t.value === bts(call.amount, R)) {
        return { kind: 'TRANSFER', unit: 'SHARES', basis: 'CALL_TRANSFER_FROM', ratio: R }
    }
    return { why: `transferFrom(${call.from}, ${call.to}, ${call.amount}) at ratio ${R} does not match Transfer(${t.from}, ${t.to}, ${t.value})` }
}

/** the `sharesOf` reads step 3 needs: both parties of every pending Transfer, at its block and the parent */
export function sharesReads(plan: UnitPlan): SharesRead[] {
    const seen = new Set<string>()
    const reads: SharesRead[] = []
    const add = (blockHash: string, address: string) => {
        const k = `${blockHash}/${address}`
        if (seen.has(k)) return
        seen.add(k)
        reads.push({ blockHash, address })
    }
    for (const b of plan.pending.values()) {
        for (const { e } of b.transfers) {
            if (e.from === e.to) continue   // no balance changes: nothing to read
            for (const a of [e.from, e.to]) {
                add(b.hash, a)
                add(b.parentHash, a)
            }
        }
    }
    return reads
}

export interface Resolution {
    /** every Transfer's decision (the plan's and the state's) */
    decisions: Map<string, TransferDecision>
    issues: UnitIssue[]
    /** Transfers whose split between coupled Transfers of their block is not observable */
    ambiguous: number
}

/** the share change of `a` made by a Transfer moving `x` shares with this decision */
function delta(a: string, t: TransferEvent, kind: TransferDecision['kind'], x: bigint): bigint {
    let d = 0n
    if (kind !== 'MINT' && t.from === a) d -= x
    if (kind !== 'BURN' && t.to === a) d += x
    return d
}

function moved(t: TransferEvent, d: TransferDecision): bigint {
    return d.shares ?? (d.unit === 'SHARES' ? t.value : bts(t.value, d.ratio))
}

/**
 * Step 3: the pending Transfers solved from the token's state.
 * @param events the batch's events (for the Transfers already decided in the pending blocks)
 * @param shares `sharesOf(address)` at the end of a block, for every read of `sharesReads(plan)`
 */
export function resolveUnits(plan: UnitPlan, events: readonly ChainEvent[], shares: (r: SharesRead) => bigint): Resolution {
    const out: Resolution = { decisions: new Map(plan.decisions), issues: [...plan.issues], ambiguous: 0 }
    for (const block of plan.pending.values()) {
        const decided = events.filter((e): e is TransferEvent => e.kind === 'Transfer' && e.blockHash === block.hash && plan.decisions.has(logKey(e)))
        const unknown: PendingTransfer[] = []
        for (const p of block.transfers) {
            if (p.e.from !== p.e.to) {
                unknown.push(p)
                continue
            }
            const differ = p.e.value !== bts(p.e.value, p.ratio)
            out.decisions.set(logKey(p.e), { kind: 'TRANSFER', unit: 'SHARES', basis: 'STATE', ratio: p.ratio, ambiguous: differ || undefined })
            if (differ) out.ambiguous++
        }
        if (unknown.length === 0) continue

        // what each party's shares did over the block, minus what the decided Transfers explain
        const parties = [...new Set(unknown.flatMap(p => [p.e.from, p.e.to]))]
        const rest = new Map<string, bigint>()
        for (const a of parties) {
            let d = shares({ blockHash: block.hash, address: a }) - shares({ blockHash: block.parentHash, address: a })
            for (const t of decided) {
                const dec = out.decisions.get(logKey(t))!
                d -= delta(a, t, dec.kind, moved(t, dec))
            }
            rest.set(a, d)
        }
        const solved = new Map<PendingTransfer, bigint>()
        const open = (a: string) => unknown.filter(p => !solved.has(p) && (p.e.from === a || p.e.to === a))
        const remaining = (a: string) => {
            let r = rest.get(a)!
            for (const [p, x] of solved) r -= delta(a, p.e, 'TRANSFER', x)
            return r
        }
        const candidates = (p: PendingTransfer) => [...new Set([p.e.value, bts(p.e.value, p.ratio)])]

        // a party with a single unsolved Transfer gives it exactly
        for (let progress = true; progress;) {
            progress = false
            for (const a of parties) {
                const o = open(a)
                if (o.length !== 1) continue
                const p = o[0]
                const x = p.e.to === a ? remaining(a) : -remaining(a)
                solved.set(p, x)
                progress = true
                if (!candidates(p).includes(x)) {
                    out.issues.push({
                        kind: 'INCONSISTENT', at: p.e,
                        message: `Transfer(${p.e.from}, ${p.e.to}, ${p.e.value}) moved ${x} shares by the token's state, neither the value in shares nor in aKSMb at ratio ${p.ratio}`,
                    })
                }
            }
        }

        // coupled Transfers: every combination of units, per connected group of parties
        const left = unknown.filter(p => !solved.has(p))
        const ambiguousHere = new Set<PendingTransfer>()
        for (const group of connectedGroups(left)) {
            const groupParties = [...new Set(group.flatMap(p => [p.e.from, p.e.to]))]
            const choices = group.map(candidates)
            const total = choices.reduce((n, c) => n * c.length, 1)
            let first: bigint[] | undefined
            const differs = new Set<number>()   // indexes whose shares differ between fitting combinations
            if (group.length <= MAX_COUPLED) {
                const want = new Map(groupParties.map(a => [a, remaining(a)]))
                for (let i = 0; i < total; i++) {
                    let k = i
                    const xs = choices.map(c => { const x = c[k % c.length]; k = Math.floor(k / c.length); return x })
                    const ok = groupParties.every(a => group.reduce((s, p, j) => s + delta(a, p.e, 'TRANSFER', xs[j]), 0n) === want.get(a))
                    if (!ok) continue
                    if (!first) first = xs
                    else xs.forEach((x, j) => { if (x !== first![j]) differs.add(j) })
                }
            }
            if (!first) {
                const why = group.length > MAX_COUPLED ? `more than ${MAX_COUPLED} coupled Transfers` : 'no combination of units fits'
                out.issues.push({
                    kind: 'INCONSISTENT', at: group[0].e,
                    message: `${group.length} Transfers of block ${block.height} between ${groupParties.join(', ')} not solved from the token's state (${why}): taken in shares`,
                })
            }
            const xs = first ?? group.map(p => p.e.value)
            group.forEach((p, j) => {
                solved.set(p, xs[j])
                if (differs.has(j)) ambiguousHere.add(p)
            })
        }

        for (const p of unknown) {
            const x = solved.get(p)!
            const unit = x === p.e.value ? 'SHARES' : x === bts(p.e.value, p.ratio) ? 'BOND' : undefined
            out.decisions.set(logKey(p.e), {
                kind: 'TRANSFER', unit: unit ?? 'SHARES', basis: 'STATE', ratio: p.ratio,
                shares: unit ? undefined : x, ambiguous: ambiguousHere.has(p) || undefined,
            })
        }
        out.ambiguous += ambiguousHere.size

        // every party ends the block with exactly its on-chain shares, or it is said loudly
        for (const a of parties) {
            const r = remaining(a)
            if (r !== 0n) {
                out.issues.push({
                    kind: 'INCONSISTENT', at: unknown.find(p => p.e.from === a || p.e.to === a)!.e,
                    message: `shares of ${a} over block ${block.height} differ by ${r} from what its Transfers explain`,
                })
            }
        }
    }
    return out
}

/** Transfers grouped by shared parties (union-find over addresses) */
function connectedGroups(ps: PendingTransfer[]): PendingTransfer[][] {
    const parent = new Map<string, string>()
    const find = (a: string): string => {
        let r = a
        while (parent.get(r) !== undefined && parent.get(r) !== r) r = parent.get(r)!
        parent.set(a, r)
        return r
    }
    for (const p of ps) {
        if (!parent.has(p.e.from)) parent.set(p.e.from, p.e.from)
        if (!parent.has(p.e.to)) parent.set(p.e.to, p.e.to)
        parent.set(find(p.e.from), find(p.e.to))
    }
    const groups = new Map<string, PendingTransfer[]>()
    for (const p of ps) {
        const r = find(p.e.from)
        let g = groups.get(r)
        if (!g) groups.set(r, g = [])
        g.push(p)
    }
    return [...groups.values()]
}
