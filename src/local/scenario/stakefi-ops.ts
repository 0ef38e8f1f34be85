import { Keyring } from '@polkadot/keyring'
import { cryptoWaitReady } from '@polkadot/util-crypto'
import type { LocalStack } from '../local-stack'
import { formatBond, formatShares, shares as mkShares } from '../../domain/units'
import { ClaimObject } from '../../notary/claim-object'
import { apiBaseUrl, listClaims, postStakeFiClaim, signStakeFiRequest } from '../../notary/stakefi-client'
import { submitClaim } from './claim-op'
import type { ScenarioHooks } from './runner'

/**
 * The scenario ops of Ankr's dashboard as a client (SPEC §4.15, §6), through the real API:
 *  - claimStakeFi {kusama, eth, aksmb?}: the browser-wallet request — signed as the polkadot.js extension
 *    signs (`<Bytes>` wrapping), expiring 10 minutes ahead by the wall clock (the notary's clock), POSTed to
 *    /claims — then isClaimValid and claimBonds with the claim object's fields as the dashboard passes them;
 *    `aksmb` absent: the account's claimable figure (accountSummary.claimableShares), formatted.
 *  - claimRemark {kusama, eth, planck}: the runner mines the Ledger remark and brings both chains to a final
 *    sync point; this hook waits until the notary (oracle worker) has decided it, then submits the ACTIVE
 *    claim the same way; a refusal is logged with its reason and the scenario goes on.
 */
type At = { kusamaMs: number; ethSeconds: number }

const keyring = new Keyring({ type: 'ed25519', ss58Format: 2 })

export function makeClaimStakeFiHook(stack: Pick<LocalStack, 'graphqlUrl' | 'eth'>, log: (line: string) => void = () => {}): ScenarioHooks['claimStakeFi'] {
    const url = stack.graphqlUrl
    if (!url) return undefined
    return async (step, at: At) => {
        await cryptoWaitReady()
        const pair = keyring.addFromUri('//' + step.kusama)
        const amount = step.aksmb !== undefined ? formatBond(step.aksmb) : await claimableFigure(url, pair.address)
        // MetaMask hands the dashboard lower-case addresses: the message carries the address as sent
        const body = signStakeFiRequest(pair, { ethAddress: stack.eth.address(step.eth).toLowerCase(), amount, timestamp: Date.now() + 10 * 60_000 })
        const answer = await postStakeFiClaim(apiBaseUrl(url), body)
        log(`step ${step.n} claimStakeFi: ${answer.claim.data.nativeAmount} shares of ${answer.claim.address} for ${answer.claim.data.ethAddress}, ` +
            `claimId ${answer.claim.data.claimId}, before block ${answer.claim.data.claimBeforeBlock}`)
        await submitClaim(stack.eth, answer, step.eth, at.ethSeconds)
    }
}

export function makeClaimRemarkHook(stack: Pick<LocalStack, 'graphqlUrl' | 'eth'>, log: (line: string) => void = () => {}): ScenarioHooks['claimRemark'] {
    const url = stack.graphqlUrl
    if (!url) return undefined
    return async (step, at: At & { remarkBlock: number }) => {
        const address = keyring.addFromUri('//' + step.kusama).address
        const decided = await waitForRemarkDecision(apiBaseUrl(url), address, at.remarkBlock)
        const c = decided.claim
        if (c.status === 'REFUSED') {
            log(`step ${step.n} claimRemark: refused: ${c.reason}`)
            return
        }
        log(`step ${step.n} claimRemark: ${c.data.nativeAmount} shares of ${c.address} for ${c.data.ethAddress}, claimId ${c.data.claimId}` +
            (c.code === 'CAPPED' ? ` (${c.reason})` : ''))
        await submitClaim(stack.eth, decided as ClaimObject, step.eth, at.ethSeconds)
    }
}

/** The listing entry of the account's remark mined at `block`, once the notary decided it (a claim, or REFUSED). */
export async function waitForRemarkDecision(baseUrl: string, address: string, block: number, timeoutMs = 60_000): Promise<any> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
        const entries = await listClaims(baseUrl, { address })
        const mine = entries.filter(e => e.claim.remark?.blockHeight === block)
        const decided = mine.find(e => e.claim.status !== 'PENDING')
        if (decided) return decided
        if (Date.now() > deadline) {
            throw new Error(`the notary did not decide the Ledger remark of ${address} in block ${block} within ${timeoutMs / 1000} s ` +
                `(${mine.length ? 'it is PENDING' : 'it is not indexed'})`)
        }
        await new Promise(r => setTimeout(r, 200))
    }
}

/** What the dashboard shows as claimable: accountSummary.claimableShares, as an 18-decimal figure. */
async function claimableFigure(graphqlUrl: string, address: string): Promise<string> {
    const res = await fetch(graphqlUrl, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query($a: String!) { accountSummary(address: $a) { claimableShares } }', variables: { a: address } }),
    })
    const body: any = await res.json()
    if (body.errors?.length) throw new Error(body.errors.map((e: any) => e.message).join('; '))
    const claimable = BigInt(body.data.accountSummary.claimableShares)
    if (claimable === 0n) throw new Error(`${address} has nothing claimable: give "aksmb" to send a request anyway`)
    return formatShares(mkShares(claimable))
}
