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
 * `submit: false` the Ethereum account checks isClaimValid and submits claimBonds on Hardhat.
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
        const { claim } = await sendWhenUp(url, req)
        log(`step ${step.n} claim: ${claim.data.shares} shares of ${claim.address} for ${claim.data.ethAddress}, claimId ${claim.data.claimId}, before block ${claim.data.claimBeforeBlock}`)
        if (!step.submit) return
        const args = {
            claimId: BigInt(claim.data.claimId), amount: BigInt(claim.data.shares),
            claimBeforeBlock: BigInt(claim.data.claimBeforeBlock), account: claim.data.ethAddress, signature: claim.data.signature,
        }
        const valid: boolean = await stack.eth.contracts.pool.isClaimValid(claim.tokenAddress, args.claimId, args.amount, args.claimBeforeBlock, args.account, args.signature)
        if (!valid) throw new Error(`the notary's claim ${claim.data.claimId} is not valid on the pool (isClaimValid = false)`)
        await stack.eth.claimBonds(at.ethSeconds, step.eth, { ...args, bond: claim.tokenAddress })
    }
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
