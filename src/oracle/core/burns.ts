/**
 * SPEC §4.5 — what a Burn owes on Kusama and to whom. The only home of the rule: the Ethereum
 * processor records the burn's facts (revision, shares, amount, the on-chain ratio in force, the
 * raw recipient bytes); the oracle's loader turns them into a BurnEvent with `burnEvent`.
 *  - R1 owes a = its aKSMb `amount`;
 *  - R0 owes a = balance(shares, R_chain) with R_chain the on-chain ratio in force at that log;
 *  - owedPlanck = toPlanck(a) = floor(a / 10^6);
 *  - the recipient bytes decode to a Kusama address (src/domain/recipient.ts), else INVALID_RECIPIENT.
 */
import { DecodedRecipient, decodeRecipient } from '../../domain/recipient'
import { balanceOf, BondAmount, Planck, Ratio, Shares, toPlanck, ZERO_PLANCK } from '../../domain/units'
import { BurnEvent, ChainName, TimestampMs } from './events'

export type BurnRevision = 'R0' | 'R1'

/** A TokensBurned as the chain said it. */
export interface BurnFacts {
    readonly id: string
    readonly timestamp: TimestampMs
    readonly chain: ChainName
    readonly height: number
    readonly index: number
    readonly ethAccount: string
    readonly revision: BurnRevision
    readonly shares: Shares
    /** the aKSMb amount of an R1 burn; null for R0 */
    readonly amount: BondAmount | null
    /** the on-chain ratio in force at the log */
    readonly chainRatio: Ratio
    /** the recipient bytes as 0x hex */
    readonly recipientRaw: string
}

export type BurnInput =
    | { readonly revision: 'R0'; readonly shares: Shares; readonly chainRatio: Ratio }
    | { readonly revision: 'R1'; readonly amount: BondAmount }

export function burnOwedPlanck(b: BurnInput): Planck {
    if (b.revision === 'R1') return toPlanck(b.amount)
    // a non-positive on-chain ratio cannot price shares: nothing is owed, and the ledger flags the log
    return b.chainRatio > 0n ? toPlanck(balanceOf(b.shares, b.chainRatio)) : ZERO_PLANCK
}

// decoding is a pure function of the bytes, and a year of burns repeats a few tens of thousands of
// recipients: the SS58 checksum and encoding of each is done once (bounded, so memory stays flat)
const RECIPIENT_CACHE_LIMIT = 200_000
const recipients = new Map<string, DecodedRecipient>()

function recipientOf(raw: string): DecodedRecipient {
    let r = recipients.get(raw)
    if (r === undefined) {
        if (recipients.size >= RECIPIENT_CACHE_LIMIT) recipients.clear()
        r = decodeRecipient(raw)
        recipients.set(raw, r)
    }
    return r
}

/** The unstake request a burn makes: its facts plus the core's terms (recipient, status, owed). */
export function burnEvent(f: BurnFacts): BurnEvent {
    if (f.revision === 'R1' && f.amount == null) throw new RangeError(`R1 Burn ${f.id} without its aKSMb amount`)
    const input: BurnInput = f.revision === 'R1' ? { revision: 'R1', amount: f.amount as BondAmount } : { revision: 'R0', shares: f.shares, chainRatio: f.chainRatio }
    const r = recipientOf(f.recipientRaw)
    return {
        type: 'Burn', id: f.id, timestamp: f.timestamp, chain: f.chain, height: f.height, index: f.index,
        revision: f.revision, ethAccount: f.ethAccount,
        recipient: r.kind === 'INVALID' ? null : r.address,
        recipientStatus: r.kind === 'INVALID' ? 'INVALID_RECIPIENT' : 'VALID',
        shares: f.shares,
        owedPlanck: burnOwedPlanck(input),
    }
}
