import { randomBytes } from 'crypto'
import { Keyring } from '@polkadot/keyring'
import { cryptoWaitReady } from '@polkadot/util-crypto'
import type { LocalStack } from '../local-stack'
import { ClaimObject } from '../../notary/claim-object'
import { ClaimRequestInput, deploymentOf, sendClaimRequest, signClaimRequest } from '../../notary/client'
import type { ScenarioHooks } from './runner'

/**
 * The scenario op `claim` (SPEC §6): the Kusama account (ed25519 from `//<name>`, as on the
 * simulator) signs a claim request, the notary answers through the real GraphQL API, and unless
 * `submit: false` the Ethereum account checks isClaimValid and submits claimBonds on Hardhat, with the
 * claim object's fields exactly as Ankr's dashboard passes them (`submitClaim`).
 * Without a running API there is no notary: the runner's own fallback applies (undefined hook).
 */
export function makeClaimHook(stack: Pick<LocalStack, 'graphqlUrl' | 'profile' | 'eth'>, log: (line: string) => void = () => {}): ScenarioHooks['claim'] {
    const url = stack.graphqlUrl
    if (!url) return undefined
    const keyring = new Keyring({ type: 'ed25519', ss58Format: 2 })
    return async (step, at) => {
        await cryptoWaitReady()
        const pair = keyring.addFromUri('//' + step.kusama)
        const req = signClaimRequest(pair, deploymentOf(stack.profile), {
            ethAddress: stack.eth.address(step.eth), shares: step.shares, nonce: 'scenario-' + randomBytes(12).toString('hex'),
        })
        const answer = await sendWhenUp(url, req)
        const { claim } = answer
        log(`step ${step.n} claim: ${claim.data.shares} shares of ${claim.address} for ${claim.data.ethAddress}, claimId ${claim.data.claimId}, before block ${claim.data.claimBeforeBlock}`)
        if (!step.submit) return
        await submitClaim(stack.eth, answer, step.eth, at.ethSeconds)
    }
}

/**
 * Submits a notary claim object exactly as Ankr's staking dashboard does (SPEC §1, §4.10): the claim's
 * fields as they are, `data.nativeAmount` as the on-chain amount —
 * `isClaimValid(token, claimId, claimBeforeBlock, nativeAmount, account, signature)` first (note
 * claimBeforeBlock BEFORE the amount), then, if true,
 * `claimBonds(token, claimId, nativeAmount, claimBeforeBlock, account, signature)` sent by `sender`.
 */
export async function submitClaim(eth: Pick<LocalStack['eth'], 'contracts' | 'claimBonds'>, { claim, tokenAddress }: ClaimObject,
    sender: string, ethSeconds?: number): Promise<void> {
    const d = claim.data
    const valid: boolean = await eth.contracts.pool.isClaimValid(tokenAddress, d.claimId, d.claimBeforeBlock, d.nativeAmount, d.ethAddress, d.signature)
    if (!valid) throw new Error(`the notary's claim ${d.claimId} is not valid on the pool (isClaimValid = false)`)
    await eth.claimBonds(ethSeconds, sender, {
        bond: tokenAddress, claimId: BigInt(d.claimId), amount: BigInt(d.nativeAmount),
        claimBeforeBlock: BigInt(d.claimBeforeBlock), account: d.ethAddress, signature: d.signature,
    })
}

/** The API may still be starting: retry while nothing answers (safe: a request is idempotent by its nonce). */
async function sendWhenUp(url: string, req: ClaimRequestInput, timeoutMs = 60_000): Promise<ClaimObject> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
        try {
            return await sendClaimRequest(url, req)
        } catch (e: any) {
            const down = /fetch failed/.test(String(e?.message))
            if (!down || Date.now() > deadline) throw e
            await new Promise(r => setTimeout(r, 250))
        }
    }
}
