/**
 * The Ethereum domain (SPEC §3, §4.5) as a pure state machine: chain events in log order in,
 * domain events and the aKSMb share ledger out. No I/O: the batch handler loads the state it
 * needs, decides the unit of every Transfer (./transfer-units.ts) and applies a batch, then writes
 * what changed.
 *
 *  - The share ledger moves only on aKSMb `Transfer` logs, each with its decided unit (SPEC §1: the
 *    unit depends on the function that emitted the log): MINT and BURN (paired with the pool's
 *    TokensClaimed / TokensBurned in the same transaction) carry shares and change the total; a
 *    TRANSFER in SHARES (`transferFrom`) moves its value; a TRANSFER in BOND (`transfer`) moves
 *    floor(value·R/1e18) shares at the ratio in force at that log (the contract's own
 *    `balanceToShares`); a TRANSFER solved from the token's state may carry its shares outright.
 *    A transfer to or from 0x0 that is no mint/burn is ordinary: 0x0 is then a holder.
 *  - `R` is the last RatioUpdate before the log (1e18 before any).
 *  - PolkadotPool events of other tokens (aDOTb) are ignored and counted.
 *  - A burn is recorded as the chain said it (revision, shares, amount, the ratio in force, the raw
 *    recipient bytes): what it owes and to whom is the oracle's decision (src/oracle/core/burns.ts).
 */
import { bond, ratio as asRatio, sharesOf } from '../../domain/units'
import { BondHolder, BondSupply, BondTransfer, BondTransferKind, Burn, BurnRevision, Claim, RatioUpdate } from '../../model'
import { ChainEvent, LogPosition } from './events'
import { TransferDecision, ZERO_ADDRESS } from './transfer-units'

export const SUPPLY_ID = 'aKSMb'
export { ZERO_ADDRESS }
export const ONE = 10n ** 18n

export interface LedgerIssue {
    kind: 'FOREIGN_TOKEN' | 'INCONSISTENT'
    message: string
    at: LogPosition
}

export interface LedgerOutput {
    claims: Claim[]
    burns: Burn[]
    ratioUpdates: RatioUpdate[]
    transfers: BondTransfer[]
    /** holders whose shares changed in the batch (final values) */
    holders: BondHolder[]
    /** the supply row when anything about it changed */
    supply?: BondSupply
    issues: LedgerIssue[]
}

export function logId(p: LogPosition): string {
    return `${p.txHash}-${p.logIndex}`
}

export function newSupply(initialRatio: bigint = ONE): BondSupply {
    return new BondSupply({ id: SUPPLY_ID, totalShares: 0n, ratio: initialRatio, foreignTokenEvents: 0, updatedAtBlock: -1 })
}

export class Ledger {
    private readonly out: LedgerOutput = { claims: [], burns: [], ratioUpdates: [], transfers: [], holders: [], issues: [] }
    private readonly touched = new Map<string, BondHolder>()
    private supplyChanged = false

    /**
     * @param bond aKSMb address (lower case)
     * @param supply the current supply row (mutated in place)
     * @param holders current rows of (at least) every holder the batch touches, by lower-case address
     */
    constructor(
        private readonly bond: string,
        private readonly supply: BondSupply,
        private readonly holders: Map<string, BondHolder>,
    ) {}

    get ratio(): bigint {
        return this.supply.ratio
    }

    /** @param decision the unit of a Transfer (required for Transfers, see ./transfer-units.ts) */
    apply(e: ChainEvent, decision?: TransferDecision): void {
        switch (e.kind) {
            case 'TokensClaimed':
                if (e.token !== this.bond) return this.foreign(e, `TokensClaimed of token ${e.token}`)
                this.out.claims.push(new Claim({
                    id: logId(e), claimId: e.claimId, shares: e.amount, claimBeforeBlock: e.claimBeforeBlock,
                    account: e.account, relayer: e.txFrom, ...where(e),
                }))
                return
            case 'TokensBurned':
                if (e.token !== this.bond) return this.foreign(e, `TokensBurned (${e.revision}) of token ${e.token}`)
                return this.burn(e)
            case 'RatioUpdate':
                this.out.ratioUpdates.push(new RatioUpdate({ id: logId(e), ratio: e.newRatio, ...where(e) }))
                this.supply.ratio = e.newRatio
                this.touchSupply(e)
                return
            case 'Transfer':
                if (!decision) throw new Error(`Transfer at block ${e.blockHeight}, tx ${e.txHash}, log ${e.logIndex} without its decided unit`)
                return this.transfer(e, decision)
        }
    }

    finish(): LedgerOutput {
        this.out.holders = [...this.touched.values()]
        if (this.supplyChanged) this.out.supply = this.supply
        return this.out
    }

    private burn(e: Extract<ChainEvent, { kind: 'TokensBurned' }>): void {
        const R = this.supply.ratio
        // R1 logs carry both amount and shares; R0 logs carry the shares as `amount`
        const burnedShares = e.revision === 'R1' ? e.shares! : e.amount
        if (e.revision === 'R1') {
            // the contract burned balanceToShares(amount) at its ratio: a witness of our ratio tracking
            const expected = R > 0n ? sharesOf(bond(e.amount), asRatio(R)) : undefined
            if (expected !== burnedShares) {
                this.issue('INCONSISTENT', e, `R1 burn of ${e.amount} aKSMb burned ${burnedShares} shares, but the indexed ratio ${R} gives ${expected}`)
            }
        } else if (R <= 0n) {
            this.issue('INCONSISTENT', e, `R0 burn at a non-positive ratio ${R}`)
        }
        this.out.burns.push(new Burn({
            id: logId(e),
            revision: e.revision === 'R1' ? BurnRevision.R1 : BurnRevision.R0,
            account: e.account,
            recipientRaw: e.recipient,
            shares: burnedShares,
            amount: e.revision === 'R1' ? e.amount : null,
            ratio: R,
            ...where(e),
        }))
    }

    private transfer(e: Extract<ChainEvent, { kind: 'Transfer' }>, d: TransferDecision): void {
        const R = this.supply.ratio
        if (d.ratio !== R) this.issue('INCONSISTENT', e, `Transfer unit decided at ratio ${d.ratio}, but the ratio in force is ${R}`)
        let kind: BondTransferKind
        let moved: bigint
        switch (d.kind) {
            case 'MINT':
                kind = BondTransferKind.MINT
                moved = e.value
                this.supply.totalShares += moved
                this.move(e.to, moved, e)
                break
            case 'BURN':
                kind = BondTransferKind.BURN
                moved = e.value
                this.supply.totalShares -= moved
                this.move(e.from, -moved, e)
                break
            case 'TRANSFER':
                kind = BondTransferKind.TRANSFER
                moved = d.shares ?? (d.unit === 'SHARES' ? e.value : sharesOf(bond(e.value), asRatio(R)))
                this.move(e.from, -moved, e)
                this.move(e.to, moved, e)
                break
        }
        if (kind !== BondTransferKind.TRANSFER) this.touchSupply(e)
        if (this.supply.totalShares < 0n) this.issue('INCONSISTENT', e, `total shares went negative (${this.supply.totalShares})`)
        this.out.transfers.push(new BondTransfer({
            id: logId(e), kind, from: e.from, to: e.to, value: e.value, shares: moved, ratio: R, ...where(e),
        }))
    }

    private move(holder: string, delta: bigint, e: LogPosition): void {
        let h = this.touched.get(holder) ?? this.holders.get(holder)
        if (!h) {
            h = new BondHolder({ id: holder, shares: 0n, updatedAtBlock: e.blockHeight })
            this.holders.set(holder, h)
        }
        h.shares += delta
        h.updatedAtBlock = e.blockHeight
        this.touched.set(holder, h)
        if (h.shares < 0n) this.issue('INCONSISTENT', e, `holder ${holder} went negative (${h.shares} shares)`)
    }

    private foreign(e: LogPosition, what: string): void {
        this.supply.foreignTokenEvents += 1
        this.touchSupply(e)
        this.issue('FOREIGN_TOKEN', e, `ignored ${what}`)
    }

    private touchSupply(e: LogPosition): void {
        this.supply.updatedAtBlock = e.blockHeight
        this.supplyChanged = true
    }

    private issue(kind: LedgerIssue['kind'], at: LogPosition, message: string): void {
        this.out.issues.push({ kind, at, message })
    }
}

function where(p: LogPosition) {
    return { txHash: p.txHash, blockHeight: p.blockHeight, blockHash: p.blockHash, timestamp: new Date(p.timestamp), logIndex: p.logIndex }
}
