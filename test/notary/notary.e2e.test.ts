import * as fs from 'fs'
import { Keyring } from '@polkadot/keyring'
import { u8aToHex } from '@polkadot/util'
import { cryptoWaitReady, randomAsU8a } from '@polkadot/util-crypto'
import { Client } from 'pg'
import { recoverClaimSigner } from '../../src/chains/ethereum/claim-signature'
import { pgConfig } from '../../src/db/connection'
import { LocalStack } from '../../src/local/local-stack'
import { ClaimObject } from '../../src/notary/claim-object'
import { ClaimRequestInput, deploymentOf, sendClaimRequest, signClaimRequest } from '../../src/notary/client'
import { loadNotaryKey } from '../../src/notary/key'
import { Notary } from '../../src/notary/notary'
import { RateLimiter } from '../../src/notary/rate-limit'
import { checkNotarySigner, jsonRpcPoolReader } from '../../src/notary/signer-check'
import { Pool } from 'pg'
import { startTestStack } from '../support/stack'
import { until as waitUntil } from '../support/until'

const E18 = 10n ** 18n
const TTL = 12
const keyring = new Keyring({ type: 'ed25519', ss58Format: 2 })
const pair = (name: string) => keyring.addFromUri('//' + name)
let nonceSeq = 0
const nonce = () => `t-${Date.now()}-${nonceSeq++}`

describe('claims notary on the local chains, through the GraphQL API', () => {
    let stack: LocalStack
    let db: Client
    const log: string[] = []

    const gql = async (query: string, variables: object = {}): Promise<any> => {
        const res = await fetch(stack.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
        const body: any = await res.json()
        if (body.errors) throw new Error(body.errors.map((e: any) => e.message).join('; '))
        return body.data
    }
    const summary = async (address: string) => (await gql(`query($a: String!) { accountSummary(address: $a) {
        creditedShares claimableShares claimableValuePlanck claimedShares } }`, { a: address })).accountSummary
    const sign = (name: string, eth: string, shares: bigint | 'max', n = nonce()): ClaimRequestInput =>
        signClaimRequest(pair(name), deploymentOf(stack.profile), { ethAddress: stack.eth.address(eth), shares, nonce: n })
    const request = (r: ClaimRequestInput) => sendClaimRequest(stack.graphqlUrl!, r)
    const statusOf = async (claimId: string) => (await db.query('SELECT status FROM notary_claim WHERE id = $1', [claimId])).rows[0]?.status
    const until = <T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000) => waitUntil(what, fn, ms)
    /** every Ethereum block mined so far becomes final and indexed */
    const finalizeEth = async () => {
        await stack.eth.finalize(stack.profile.ethereum.finalityConfirmation)
        await stack.waitForCatchUp()
    }

    beforeAll(async () => {
        await cryptoWaitReady()
        process.env.NOTARY_RATE_LIMIT_PER_MINUTE = '100000'   // the API inherits it: the concurrency test must not be rate limited
        stack = await startTestStack({
            scenario: {
                start: '2026-01-05T00:00:00Z', end: '2026-01-06T02:00:00Z', stashes: ['stash0'], config: { claimTtlBlocks: TTL },
                steps: [
                    { t: 3600, op: 'deposit', from: 'alice', ksm: '10' },
                    { t: 3660, op: 'deposit', from: 'bob', ksm: '5' },
                    { t: 3720, op: 'deposit', from: 'carol', ksm: '3' },
                    { t: 3780, op: 'deposit', from: 'dave', ksm: '2' },
                    { t: 3840, op: 'deposit', from: 'erin', ksm: '1' },
                    { t: 90000, op: 'claim', kusama: 'alice', eth: 'alice' },
                ],
            },
            parts: ['kusama-processor', 'eth-processor', 'oracle-worker', 'api'],
        })
        db = new Client(pgConfig(stack.db))
        await db.connect()
        await stack.runner(l => log.push(l)).run()
    }, 150_000)

    afterAll(async () => {
        await db?.end().catch(() => {})
        await stack?.stop()
    })

    it('the scenario claim op goes through the notary and mints; the indexer marks it CLAIMED', async () => {
        expect(log.some(l => /^step 6 claim: 10000000000000000000 shares of .* for 0x/.test(l))).toBe(true)
        expect(await stack.eth.sharesOf(stack.eth.address('alice'))).toBe(10n * E18)
        const alice = pair('alice').address
        await until('alice CLAIMED', async () => (await summary(alice)).claimedShares === (10n * E18).toString())
        expect(await summary(alice)).toEqual({ creditedShares: '10000000000000000000', claimableShares: '0', claimableValuePlanck: '0', claimedShares: '10000000000000000000' })
        const history = (await gql(`query($a: String!) { accountHistory(address: $a) { kind amount status } }`, { a: alice })).accountHistory
        expect(history).toEqual([
            { kind: 'CLAIM', amount: '10000000000000000000', status: 'CLAIMED' },
            { kind: 'STAKE', amount: '10000000000000', status: 'CREDITED' },
        ])
        const ethHistory = (await gql(`query($a: String!) { accountHistory(address: $a) { kind amount status } }`, { a: stack.eth.address('alice') })).accountHistory
        expect(ethHistory).toEqual([{ kind: 'CLAIM', amount: '10000000000000000000', status: 'CLAIMED' }])
    })

    it('a notary-issued claim is the seed claim object, passes isClaimValid and mints on Hardhat', async () => {
        const dave = pair('dave').address
        const davesEth = stack.eth.address('dave')
        const ethHead = Number((await db.query('SELECT height FROM eth_processor.status')).rows[0].height)
        const o: ClaimObject = await request(sign('dave', 'dave', 15n * E18 / 10n))
        expect(Object.keys(o)).toEqual(['claim', 'tokenAddress'])
        expect(Object.keys(o.claim)).toEqual(['address', 'status', 'data', 'createdTimestamp', 'expiresTimestamp', 'tokenAddress', 'loanId'])
        expect(Object.keys(o.claim.data)).toEqual(['network', 'claimId', 'claimBeforeBlock', 'amount', 'nativeAmount', 'shares', 'signature', 'ethAddress'])
        expect(o.tokenAddress).toBe(stack.eth.addresses.aKSMb)
        expect(o.claim).toMatchObject({
            address: dave, status: 'ACTIVE', tokenAddress: stack.eth.addresses.aKSMb, loanId: 0,
            // nativeAmount: the on-chain amount (shares, base units), as Ankr's dashboard passes it; shares repeats it; amount: its KSM value
            data: { network: 2, claimBeforeBlock: ethHead + TTL, amount: '1.5', nativeAmount: '1500000000000000000', shares: '1500000000000000000', ethAddress: davesEth },
        })
        expect(o.claim.data.claimId).toMatch(/^0x[0-9a-f]{64}$/)
        expect(o.claim.expiresTimestamp - o.claim.createdTimestamp).toBe(TTL * 12)
        const d = o.claim.data
        expect(recoverClaimSigner(d.signature, o.tokenAddress, d.claimId, d.nativeAmount, d.claimBeforeBlock, d.ethAddress)).toBe(stack.eth.address('notary'))
        // as Ankr's dashboard calls it: isClaimValid(token, claimId, claimBeforeBlock, nativeAmount, account, signature)
        expect(await stack.eth.contracts.pool.isClaimValid(o.tokenAddress, d.claimId, d.claimBeforeBlock, d.nativeAmount, d.ethAddress, d.signature)).toBe(true)
        // claimBonds' order is not isClaimValid's
        expect(await stack.eth.contracts.pool.isClaimValid(o.tokenAddress, d.claimId, d.nativeAmount, d.claimBeforeBlock, d.ethAddress, d.signature)).toBe(false)
        expect(await summary(dave)).toMatchObject({ claimableShares: '500000000000000000', claimableValuePlanck: '500000000000', claimedShares: '0' })

        // then claimBonds(token, claimId, nativeAmount, claimBeforeBlock, account, signature)
        await stack.eth.claimBonds(undefined, 'dave', { bond: o.tokenAddress, claimId: BigInt(d.claimId), amount: BigInt(d.nativeAmount), claimBeforeBlock: BigInt(d.claimBeforeBlock), account: d.ethAddress, signature: d.signature })
        expect(await stack.eth.sharesOf(davesEth)).toBe(15n * E18 / 10n)
        await finalizeEth()
        await until('dave CLAIMED', async () => (await statusOf(d.claimId)) === 'CLAIMED')
        expect(await summary(dave)).toMatchObject({ claimableShares: '500000000000000000', claimedShares: '1500000000000000000' })
        const claims = (await gql(`query($a: String!) { accountClaims(address: $a) }`, { a: dave })).accountClaims
        expect(claims.map((c: ClaimObject) => [c.claim.data.claimId, c.claim.status])).toEqual([[d.claimId, 'CLAIMED']])
    })

    it('100 concurrent requests for one account never reserve more than its claimable shares', async () => {
        const bob = pair('bob').address
        const each = 7n * E18 / 100n   // 0.07 of 5 credited shares: 71 fit, 0.03 remain
        const results = await Promise.allSettled(Array.from({ length: 100 }, () => request(sign('bob', 'bob', each))))
        const ok = results.filter((r): r is PromiseFulfilledResult<ClaimObject> => r.status === 'fulfilled').map(r => r.value)
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map(r => String(r.reason.message))
        expect(ok.length).toBe(71)
        expect(new Set(ok.map(o => o.claim.data.claimId)).size).toBe(71)
        expect(refused.every(m => m.startsWith('AMOUNT_TOO_LARGE: requested 70000000000000000 shares but'))).toBe(true)
        const { rows: [r] } = await db.query(`SELECT count(*)::int AS n, sum(shares)::text AS s FROM notary_claim WHERE kusama_account = $1`, [bob])
        expect(r).toEqual({ n: 71, s: (71n * each).toString() })
        expect((await summary(bob)).claimableShares).toBe((5n * E18 - 71n * each).toString())
        // and "max" takes exactly the rest, once
        const max = await Promise.allSettled(Array.from({ length: 10 }, () => request(sign('bob', 'bob', 'max'))))
        const maxOk = max.filter((r): r is PromiseFulfilledResult<ClaimObject> => r.status === 'fulfilled')
        expect(maxOk.map(r => r.value.claim.data.shares)).toEqual(['30000000000000000'])
        expect(max.filter(r => r.status === 'rejected').every(r => /^NOTHING_CLAIMABLE: /.test((r as PromiseRejectedResult).reason.message))).toBe(true)
        expect((await summary(bob)).claimableShares).toBe('0')
    })

    it('asks the pool on chain whether it accepts the notary key before signing: the devnet key yes, another key or a non-pool no', async () => {
        const reader = jsonRpcPoolReader(stack.profile.ethereum.rpc)
        const { pool, bond } = stack.profile.ethereum
        const dev = loadNotaryKey(31337, {})
        expect(await checkNotarySigner(reader, pool, bond, dev)).toMatchObject({ status: 'ACCEPTED' })
        const stranger = loadNotaryKey(31337, { NOTARY_KEY: '0x' + '22'.repeat(32) })
        const refused = await checkNotarySigner(reader, pool, bond, stranger)
        expect(refused.status).toBe('REFUSED')
        expect(refused.detail).toBe(`PolkadotPool ${pool} refused a probe claim of token ${bond} signed by notary key ${stranger.address}: ` +
            'the key is not the pool\'s consensus signer; claims it signed would revert')
        // the token is no pool: the call reverts
        expect((await checkNotarySigner(reader, bond, bond, dev)).detail).toMatch(new RegExp(`^${bond} reverted isClaimValid \\(.*\\): it is not a PolkadotPool$`))

        // a notary holding the stranger's key refuses before reserving anything
        const log: string[] = []
        const notary = new Notary(
            new Pool(pgConfig(stack.db, { max: 1 })),
            { deployment: deploymentOf(stack.profile), claimTtlBlocks: TTL, key: stranger, limiter: new RateLimiter(1e6), log: l => log.push(l),
                checkSigner: () => checkNotarySigner(reader, pool, bond, stranger) })
        try {
            const r = sign('carol', 'carol', 1n, 'stranger-key-1')
            await expect(notary.requestClaim({ ...r, shares: r.shares.toString() })).rejects.toThrow(/^NOT_CONFIGURED: PolkadotPool 0x[0-9a-fA-F]{40} refused a probe claim/)
            expect((await db.query(`SELECT count(*)::int AS n FROM notary_claim WHERE nonce = 'stranger-key-1'`)).rows[0].n).toBe(0)
            expect(JSON.parse(log[0])).toMatchObject({ msg: 'notary signer check', status: 'REFUSED' })
        } finally {
            await notary.close()
        }
    })

    it('two notary processes racing for one account never over-reserve (advisory lock + SERIALIZABLE)', async () => {
        const notaries = [0, 1].map(() => new Notary(
            new Pool(pgConfig(stack.db, { max: 4 })),
            { deployment: deploymentOf(stack.profile), claimTtlBlocks: TTL, key: loadNotaryKey(31337, {}), limiter: new RateLimiter(1e6), log: () => {} }))
        try {
            const each = E18 / 10n - 1n   // 10 of these fit in erin's 1 share
            const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => {
                const r = sign('erin', 'erin', each)
                return notaries[i % 2].requestClaim({ ...r, shares: r.shares.toString() })
            }))
            expect(results.filter(r => r.status === 'fulfilled').length).toBe(10)
            const { rows: [r] } = await db.query(`SELECT sum(shares)::text AS s FROM notary_claim WHERE kusama_account = $1`, [pair('erin').address])
            expect(r.s).toBe((10n * each).toString())
            expect((await summary(pair('erin').address)).claimableShares).toBe('10')
        } finally {
            await Promise.all(notaries.map(n => n.close()))
        }
    })

    it('rejects forged, replayed, other-account and tampered signatures; a repeated request returns the same claim', async () => {
        const carol = pair('carol').address
        const good = sign('carol', 'carol', E18, 'carol-1')
        await expect(request({ ...good, signature: u8aToHex(randomAsU8a(64)) })).rejects.toThrow(/^BAD_SIGNATURE: the signature is not a valid/)
        const byDave = signClaimRequest(pair('dave'), deploymentOf(stack.profile), { ethAddress: stack.eth.address('carol'), shares: E18, nonce: 'carol-1' })
        await expect(request({ ...byDave, kusamaAddress: carol })).rejects.toThrow(/^BAD_SIGNATURE/)
        await expect(request({ ...good, shares: 2n * E18 })).rejects.toThrow(/^BAD_SIGNATURE/)
        await expect(request({ ...good, shares: 'max' })).rejects.toThrow(/^BAD_SIGNATURE/)
        await expect(request({ ...good, ethAddress: stack.eth.address('mallory') })).rejects.toThrow(/^BAD_SIGNATURE/)
        await expect(request({ ...good, nonce: 'carol-2' })).rejects.toThrow(/^BAD_SIGNATURE/)   // a signature replayed under another nonce
        expect((await summary(carol)).claimableShares).toBe((3n * E18).toString())

        const first = await request(good)
        const again = await request(good)   // the same signed request replayed: the same claim, reserved once
        const resigned = await request(sign('carol', 'carol', E18, 'carol-1'))
        expect(again).toEqual(first)
        expect(resigned.claim.data.claimId).toBe(first.claim.data.claimId)
        expect((await summary(carol)).claimableShares).toBe((2n * E18).toString())
        await expect(request(sign('carol', 'carol', 2n * E18, 'carol-1'))).rejects.toThrow(/^NONCE_REUSED: nonce "carol-1" of .* was already used/)
        await expect(request(sign('carol', 'carol', 3n * E18))).rejects.toThrow('AMOUNT_TOO_LARGE: requested 3000000000000000000 shares but ' + carol + ' can claim at most 2000000000000000000')
        await expect(request(sign('zed', 'zed', 'max'))).rejects.toThrow(/^NOTHING_CLAIMABLE: /)
        await expect(request({ ...good, kusamaAddress: 'not-an-address' })).rejects.toThrow(/^BAD_ADDRESS: unknown address format/)
        await expect(request({ ...good, nonce: 'bad nonce!' })).rejects.toThrow(/^BAD_NONCE/)
        await expect(request({ ...good, signature: '0x00' })).rejects.toThrow(/^BAD_SIGNATURE: signature must be 64 bytes/)
    })

    it('an unsubmitted claim expires and its shares become claimable again', async () => {
        const carol = pair('carol').address
        const o = await request(sign('carol', 'carol', E18, 'carol-1'))   // the ACTIVE claim of the test above, never submitted
        expect(o.claim.status).toBe('ACTIVE')
        const d = o.claim.data
        const head = (await stack.eth.head()).height
        for (let h = head; h <= d.claimBeforeBlock; h++) await stack.eth.emptyBlock()
        expect(await stack.eth.contracts.pool.isClaimValid(o.tokenAddress, d.claimId, d.claimBeforeBlock, d.nativeAmount, d.ethAddress, d.signature)).toBe(false)
        await finalizeEth()
        await until('carol EXPIRED', async () => (await statusOf(d.claimId)) === 'EXPIRED')
        expect((await summary(carol)).claimableShares).toBe((3n * E18).toString())
        const replay = await request(sign('carol', 'carol', E18, 'carol-1'))
        expect(replay.claim).toMatchObject({ status: 'EXPIRED', data: { claimId: d.claimId } })
        expect((await summary(carol)).claimableShares).toBe((3n * E18).toString())
        const history = (await gql(`query($a: String!) { accountHistory(address: $a) { kind status } }`, { a: carol })).accountHistory
        expect(history).toEqual([{ kind: 'CLAIM', status: 'EXPIRED' }, { kind: 'STAKE', status: 'CREDITED' }])
        const fresh = await request(sign('carol', 'carol', 'max'))
        expect(fresh.claim.data.shares).toBe((3n * E18).toString())
    })

    it('detects a foreign claim: a finalized TokensClaimed the notary never issued', async () => {
        const minted = await stack.eth.mintShares(undefined, 'mallory', 4n * E18)
        await finalizeEth()
        const rows = await until('foreign claim', async () => {
            const r = (await gql(`{ foreignClaims(limit: 10) { claimId shares account txHash } }`)).foreignClaims
            return r.length ? r : undefined
        })
        expect(rows).toEqual([{ claimId: minted.claimId.toString(), shares: (4n * E18).toString(), account: stack.eth.address('mallory').toLowerCase(), txHash: minted.txHash }])
        const logFile = stack.supervisor.parts().find(p => p.part.name === 'oracle-worker')!.logFile
        await until('alert log line', async () => fs.readFileSync(logFile, 'utf8').includes('"alert":"FOREIGN_CLAIM"'))
        // notary-issued claims are never reported
        expect((await db.query('SELECT count(*)::int AS n FROM foreign_claim f JOIN notary_claim n ON n.claim_id = f.claim_id')).rows[0].n).toBe(0)
    })
})
