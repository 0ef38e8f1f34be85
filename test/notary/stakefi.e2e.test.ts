/**
 * Ankr's staking dashboard as a client of the notary (SPEC §4.15), end to end on the local chains with
 * the real processors, oracle worker and API:
 *  - the browser-wallet flow exactly as the dashboard walks it: sign the StakeFi message as the polkadot.js
 *    extension does (`<Bytes>` wrapping), POST /claims, isClaimValid(token, claimId, claimBeforeBlock,
 *    nativeAmount, account, signature) true, claimBonds(token, claimId, nativeAmount, claimBeforeBlock,
 *    account, signature) minting exactly the claimed shares, the claim CLAIMED;
 *  - the Ledger flow from the remark extrinsic to CLAIMED, capped at the claimable amount, refusals visible;
 *  - the scenario ops claimStakeFi and claimRemark;
 *  - every bad input answered with a coded error that changes nothing.
 */
import { Keyring } from '@polkadot/keyring'
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util'
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto'
import { Client } from 'pg'
import { pgConfig } from '../../src/db/connection'
import { LocalStack } from '../../src/local/local-stack'
import { encodeClaimRemark } from '../../src/notary/stakefi'
import { startTestStack } from '../support/stack'
import { until as waitUntil } from '../support/until'

const E18 = 10n ** 18n
const KSM = 10n ** 12n
const TTL = 40
const keyring = new Keyring({ type: 'ed25519', ss58Format: 2 })
const pair = (name: string) => keyring.addFromUri('//' + name)

describe('Ankr\'s dashboard as a client of the notary', () => {
    let stack: LocalStack
    let db: Client
    let base: string
    const log: string[] = []

    const gql = async (query: string, variables: object = {}): Promise<any> => {
        const res = await fetch(stack.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
        return res.json()
    }
    const post = async (body: unknown, raw = false): Promise<{ status: number; body: any }> => {
        const res = await fetch(`${base}/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ? String(body) : JSON.stringify(body) })
        return { status: res.status, body: await res.json() }
    }
    const list = async (query: string): Promise<{ status: number; body: any }> => {
        const res = await fetch(`${base}/claims?${query}`)
        return { status: res.status, body: await res.json() }
    }
    const claimsOf = async (name: string): Promise<any[]> => {
        const r = await list(`address=${pair(name).address}&loanId=0&network=KSM`)
        expect(r.status).toBe(200)
        return r.body
    }
    const until = <T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000) => waitUntil(what, fn, ms)
    const finalizeEth = async () => {
        await stack.eth.finalize(stack.profile.ethereum.finalityConfirmation)
        await stack.waitForCatchUp()
    }
    /** the Kusama chain's next block time: a minute after its head */
    const nextKusamaTime = () => stack.kusama.head().timestamp + 60_000
    const claimable = async (name: string): Promise<bigint> =>
        BigInt((await gql('query($a: String!) { accountSummary(address: $a) { claimableShares } }', { a: pair(name).address })).data.accountSummary.claimableShares)
    /** what every refusal must leave untouched */
    const snapshot = async () => (await db.query(
        `SELECT (SELECT count(*) FROM notary_claim)::int AS claims, (SELECT coalesce(sum(shares), 0)::text FROM notary_claim) AS shares,
                (SELECT count(*) FROM claim_remark_outcome WHERE status = 'ISSUED')::int AS issued`)).rows[0]

    /** The dashboard's browser-wallet request, signed as the polkadot.js extension's signRaw({type: 'bytes'}) does. */
    function dashboardRequest(name: string, o: { eth: string; amount: string; timestamp?: number; signer?: string; messageEth?: string; address?: string }) {
        const p = pair(name)
        const timestamp = o.timestamp ?? Date.now() + 5 * 60_000
        const message = `StakeFi Signed Message:\n${u8aToHex(p.publicKey)}\n${o.messageEth ?? o.eth}\n${timestamp}`
        const signature = u8aToHex(pair(o.signer ?? name).sign(u8aWrapBytes(stringToU8a(message))))
        return { address: o.address ?? p.address, amount: o.amount, ethAddress: o.eth, network: 'KSM', signature, timestamp }
    }

    beforeAll(async () => {
        await cryptoWaitReady()
        process.env.NOTARY_RATE_LIMIT_PER_MINUTE = '100000'
        stack = await startTestStack({
            scenario: {
                start: '2026-01-05T00:00:00Z', end: '2026-01-06T02:00:00Z', stashes: ['stash0'], config: { claimTtlBlocks: TTL },
                steps: [
                    { t: 3600, op: 'deposit', from: 'alice', ksm: '10' },
                    { t: 3660, op: 'deposit', from: 'bob', ksm: '5' },
                    { t: 3720, op: 'deposit', from: 'carol', ksm: '3' },
                    { t: 3780, op: 'deposit', from: 'dave', ksm: '2' },
                    { t: 3840, op: 'deposit', from: 'erin', ksm: '4' },
                    { t: 90000, op: 'claimStakeFi', kusama: 'alice', eth: 'alice' },
                    { t: 90060, op: 'claimRemark', kusama: 'bob', eth: 'bob', planck: '2000000000000', via: 'batch' },
                    { t: 90120, op: 'claimRemark', kusama: 'carol', eth: 'carol', planck: '100000000000000', via: 'proxy' },
                    { t: 90180, op: 'claimRemark', kusama: 'frank', eth: 'frank', planck: '1000000000000' },
                ],
            },
            parts: ['kusama-processor', 'eth-processor', 'oracle-worker', 'api'],
        })
        base = stack.graphqlUrl!.replace(/\/graphql$/, '')
        db = new Client(pgConfig(stack.db))
        await db.connect()
        await stack.runner(l => log.push(l)).run()
    }, 240_000)

    afterAll(async () => {
        await db?.end().catch(() => {})
        await stack?.stop()
    })

    it('the scenario ops: claimStakeFi claims all of alice\'s claimable, claimRemark issues bob\'s 2 KSM, caps carol\'s, refuses frank\'s', async () => {
        const line = (n: number) => log.find(l => l.startsWith(`step ${n} `))
        expect(line(6)).toMatch(new RegExp(`^step 6 claimStakeFi: 10000000000000000000 shares of ${pair('alice').address} for ${stack.eth.address('alice')}, claimId 0x[0-9a-f]{64}`))
        expect(line(7)).toMatch(new RegExp(`^step 7 claimRemark: 2000000000000000000 shares of ${pair('bob').address} for ${stack.eth.address('bob')}, claimId 0x`))
        expect(line(8)).toMatch(/^step 8 claimRemark: 3000000000000000000 shares of .* \(the remark asked for 100000000000000 planck \(100000000000000000000 shares\); 3000000000000000000 shares were claimable\)$/)
        expect(line(9)).toMatch(/^step 9 claimRemark: refused: NOTHING_CLAIMABLE: .* has no claimable shares \(credited 0, reserved or claimed 0\); the remark asked for 1000000000000 planck$/)
        expect(await stack.eth.sharesOf(stack.eth.address('alice'))).toBe(10n * E18)
        expect(await stack.eth.sharesOf(stack.eth.address('bob'))).toBe(2n * E18)
        expect(await stack.eth.sharesOf(stack.eth.address('carol'))).toBe(3n * E18)
        expect(await stack.eth.sharesOf(stack.eth.address('frank'))).toBe(0n)
        await finalizeEth()
        for (const name of ['alice', 'bob', 'carol']) {
            await until(`${name} CLAIMED`, async () => (await claimsOf(name))[0]?.claim.status === 'CLAIMED')
        }
        const [bobs] = await claimsOf('bob')
        expect(bobs.claim.remark).toMatchObject({ planck: '2000000000000' })
        expect(bobs.claim.code).toBeUndefined()
        const [carols] = await claimsOf('carol')
        expect(carols.claim).toMatchObject({ status: 'CLAIMED', code: 'CAPPED', data: { nativeAmount: '3000000000000000000' }, remark: { planck: '100000000000000' } })
        const franks = await claimsOf('frank')
        expect(franks).toEqual([{
            tokenAddress: stack.eth.addresses.aKSMb,
            claim: expect.objectContaining({
                address: pair('frank').address, status: 'REFUSED', code: 'NOTHING_CLAIMABLE', loanId: 0, tokenAddress: stack.eth.addresses.aKSMb,
                data: expect.objectContaining({ claimId: null, amount: '1', ethAddress: stack.eth.address('frank') }),
                reason: expect.stringMatching(/^NOTHING_CLAIMABLE: /),
            }),
        }])
        // the remark facts, through the entity API
        const { data } = await gql('{ claimRemarks(orderBy: blockHeight_ASC, limit: 10) { account via amountPlanck error } }')
        expect(data.claimRemarks).toEqual([
            { account: pair('bob').address, via: 'BATCH', amountPlanck: '2000000000000', error: null },
            { account: pair('carol').address, via: 'PROXY', amountPlanck: '100000000000000', error: null },
            { account: pair('frank').address, via: 'DIRECT', amountPlanck: '1000000000000', error: null },
        ])
    })

    it('the browser-wallet flow exactly as the dashboard walks it: POST /claims, isClaimValid, claimBonds, CLAIMED', async () => {
        const davesEth = stack.eth.address('dave')
        expect(await claimable('dave')).toBe(2n * E18)
        const ethHead = Number((await db.query('SELECT height FROM eth_processor.status')).rows[0].height)
        // MetaMask gives the dashboard a lower-case address; the message carries it as sent
        const request = dashboardRequest('dave', { eth: davesEth.toLowerCase(), amount: '1.5' })
        const answer = await post(request)
        expect(answer.status).toBe(200)
        const o = answer.body
        expect(Object.keys(o)).toEqual(['claim', 'tokenAddress'])
        expect(Object.keys(o.claim)).toEqual(['address', 'status', 'data', 'createdTimestamp', 'expiresTimestamp', 'tokenAddress', 'loanId'])
        expect(Object.keys(o.claim.data)).toEqual(['network', 'claimId', 'claimBeforeBlock', 'amount', 'nativeAmount', 'shares', 'signature', 'ethAddress'])
        expect(o).toMatchObject({
            tokenAddress: stack.eth.addresses.aKSMb,
            claim: {
                address: pair('dave').address, status: 'ACTIVE', tokenAddress: stack.eth.addresses.aKSMb, loanId: 0,
                data: { network: 2, claimBeforeBlock: ethHead + TTL, amount: '1.5', nativeAmount: '1500000000000000000', shares: '1500000000000000000', ethAddress: davesEth },
            },
        })
        // a replayed identical request answers the same claim
        expect(await post(request)).toEqual({ status: 200, body: o })
        // the dashboard polls the listing for ACTIVE claims, newest first
        expect(await claimsOf('dave')).toEqual([o])

        const d = o.claim.data
        const pool = stack.eth.contracts.pool
        expect(await pool.isClaimValid(o.tokenAddress, d.claimId, d.claimBeforeBlock, d.nativeAmount, d.ethAddress, d.signature)).toBe(true)
        const before = await stack.eth.sharesOf(davesEth)
        await stack.eth.claimBonds(undefined, 'dave', {
            bond: o.tokenAddress, claimId: BigInt(d.claimId), amount: BigInt(d.nativeAmount), claimBeforeBlock: BigInt(d.claimBeforeBlock),
            account: d.ethAddress, signature: d.signature,
        })
        expect(await stack.eth.sharesOf(davesEth) - before).toBe(1_500_000_000_000_000_000n)
        expect(await pool.isClaimValid(o.tokenAddress, d.claimId, d.claimBeforeBlock, d.nativeAmount, d.ethAddress, d.signature)).toBe(false)
        await finalizeEth()
        await until('dave CLAIMED', async () => (await claimsOf('dave'))[0]?.claim.status === 'CLAIMED')
        expect(await claimable('dave')).toBe(E18 / 2n)

        // the same request as a GraphQL mutation (timestamp as a string), for the rest; replayed through POST /claims: the same claim
        const rest = dashboardRequest('dave', { eth: davesEth, amount: '0.5' })
        const viaGraphql = await gql(`mutation($a: String!, $m: String!, $e: String!, $n: String!, $s: String!, $t: String!) {
            claimStakeFi(address: $a, amount: $m, ethAddress: $e, network: $n, signature: $s, timestamp: $t) }`,
        { a: rest.address, m: rest.amount, e: rest.ethAddress, n: rest.network, s: rest.signature, t: String(rest.timestamp) })
        expect(viaGraphql.errors).toBeUndefined()
        expect(viaGraphql.data.claimStakeFi.claim).toMatchObject({ status: 'ACTIVE', data: { nativeAmount: '500000000000000000' } })
        expect((await post(rest)).body).toEqual(viaGraphql.data.claimStakeFi)
        const listed = (await gql('query($a: String!) { accountClaims(address: $a, loanId: 0, network: "KSM") }', { a: pair('dave').address })).data.accountClaims
        expect(listed.map((c: any) => [c.claim.data.nativeAmount, c.claim.status])).toEqual([['500000000000000000', 'ACTIVE'], ['1500000000000000000', 'CLAIMED']])
        expect(await claimable('dave')).toBe(0n)
    })

    it('the Ledger flow from the remark extrinsic to CLAIMED', async () => {
        const eth = stack.eth.address('erin')
        const remark = encodeClaimRemark({ ethAddress: eth, planck: 3n * KSM / 2n })
        const block = stack.kusama.remark(nextKusamaTime(), 'erin', remark, 'force_batch')
        // not final: PENDING, no claim
        await until('the hot remark listed PENDING', async () => (await claimsOf('erin')).some(c => c.claim.status === 'PENDING' && c.claim.remark.blockHeight === block.height))
        expect((await db.query('SELECT count(*)::int AS n FROM notary_claim WHERE kusama_account = $1', [pair('erin').address])).rows[0].n).toBe(0)
        // finality arrives with a new block (substrate-processor 8.5 does not finalize a block it already
        // indexed hot when no block follows it; a live chain always brings the next block)
        stack.kusama.emptyBlock(nextKusamaTime())
        stack.kusama.finalize()
        await stack.waitForCatchUp()
        const issued = await until('the notary issues erin\'s claim', async () =>
            (await claimsOf('erin')).find(c => c.claim.status === 'ACTIVE' && c.claim.remark?.blockHeight === block.height))
        expect(issued.claim).toMatchObject({ address: pair('erin').address, data: { nativeAmount: '1500000000000000000', amount: '1.5', ethAddress: eth } })
        const { rows: [outcome] } = await db.query('SELECT status, notary_claim_id, shares::text, code FROM claim_remark_outcome WHERE id = $1', [issued.claim.remark.id])
        expect(outcome).toEqual({ status: 'ISSUED', notary_claim_id: issued.claim.data.claimId, shares: '1500000000000000000', code: null })
        const d = issued.claim.data
        expect(await stack.eth.contracts.pool.isClaimValid(issued.tokenAddress, d.claimId, d.claimBeforeBlock, d.nativeAmount, d.ethAddress, d.signature)).toBe(true)
        await stack.eth.claimBonds(undefined, 'erin', {
            bond: issued.tokenAddress, claimId: BigInt(d.claimId), amount: BigInt(d.nativeAmount), claimBeforeBlock: BigInt(d.claimBeforeBlock),
            account: d.ethAddress, signature: d.signature,
        })
        expect(await stack.eth.sharesOf(eth)).toBe(1_500_000_000_000_000_000n)
        await finalizeEth()
        await until('erin CLAIMED', async () => (await claimsOf('erin'))[0]?.claim.status === 'CLAIMED')
        expect(await claimable('erin')).toBe(5n * E18 / 2n)
    })

    it('refuses every bad input with a coded error and changes nothing', async () => {
        const erinEth = stack.eth.address('erin')
        const before = await snapshot()
        const erinClaimable = await claimable('erin')
        const refused = async (body: unknown, status: number, message: RegExp) => {
            const r = await post(body)
            expect([r.status, r.body.message]).toEqual([status, expect.stringMatching(message)])
            expect(r.body.code).toBe(r.body.message.split(':')[0])
        }
        await refused(dashboardRequest('erin', { eth: erinEth, amount: '1', timestamp: Date.now() - 1000 }), 400, /^REQUEST_EXPIRED: the request expired at /)
        await refused(dashboardRequest('erin', { eth: erinEth, amount: '1', timestamp: Date.now() + 2 * 3600_000 }), 400, /^TIMESTAMP_TOO_FAR: /)
        await refused(dashboardRequest('erin', { eth: erinEth, amount: '1', messageEth: stack.eth.address('mallory') }), 400, /^BAD_SIGNATURE: /)
        await refused(dashboardRequest('erin', { eth: erinEth, amount: '1', signer: 'mallory' }), 400, /^BAD_SIGNATURE: /)
        await refused(dashboardRequest('erin', { eth: erinEth, amount: '1000' }), 409,
            new RegExp(`^AMOUNT_TOO_LARGE: requested 1000000000000000000000 shares but ${pair('erin').address} can claim at most ${erinClaimable}$`))
        await refused(dashboardRequest('erin', { eth: erinEth, amount: '1', address: encodeAddress(pair('erin').publicKey, 0) }), 400,
            /^WRONG_NETWORK: address .* is an address of SS58 network 0 \(Polkadot\)/)
        await refused({ ...dashboardRequest('erin', { eth: erinEth, amount: '1' }), network: 'DOT' }, 400, /^WRONG_NETWORK: network must be "KSM"/)
        await refused({ ...dashboardRequest('erin', { eth: erinEth, amount: '1' }), timestamp: Math.floor(Date.now() / 1000) + 60 }, 400, /^BAD_TIMESTAMP: /)
        await refused(dashboardRequest('frank', { eth: erinEth, amount: '1' }), 409, /^NOTHING_CLAIMABLE: /)
        const notJson = await post('{"address": ', true)
        expect([notJson.status, notJson.body.code]).toEqual([400, 'BAD_REQUEST'])
        // one signed request is one claim: the same timestamp for another amount is refused, the replay answers the first claim
        const first = dashboardRequest('erin', { eth: erinEth, amount: '0.25' })
        const claimed = await post(first)
        expect(claimed.status).toBe(200)
        await refused({ ...first, amount: '0.5' }, 409, /^NONCE_REUSED: the signed request of .* with timestamp \d+ was already used for claim 0x[0-9a-f]{64} of 250000000000000000 shares/)
        expect((await post(first)).body).toEqual(claimed.body)
        // the GraphQL mutation answers the same codes
        const bad = dashboardRequest('erin', { eth: erinEth, amount: '1', timestamp: Date.now() - 1 })
        const g = await gql(`mutation { claimStakeFi(address: "${bad.address}", amount: "1", ethAddress: "${erinEth}", network: "KSM", signature: "${bad.signature}", timestamp: "${bad.timestamp}") }`)
        expect(g.errors.map((e: any) => [e.message.split(':')[0], e.extensions?.code])).toEqual([['REQUEST_EXPIRED', 'REQUEST_EXPIRED']])
        // listing arguments
        expect((await list(`address=${pair('erin').address}&network=DOT`)).body.code).toBe('WRONG_NETWORK')
        expect((await list(`address=${pair('erin').address}&loanId=x`)).body.code).toBe('BAD_LOAN_ID')
        expect((await list(`address=${pair('erin').address}&loanId=1`)).body).toEqual([])
        expect((await list('address=nobody')).status).toBe(400)

        // Ledger remarks with a wrong header, a wrong length, loanId 1: refused with the reason, no claim
        const good = Buffer.from(encodeClaimRemark({ ethAddress: erinEth, planck: KSM }))
        const bad1 = stack.kusama.remark(nextKusamaTime(), 'erin', Buffer.concat([Buffer.from('StakeFi Signed Message:\nCreateClaim\n'), good.subarray(36)]))
        const bad2 = stack.kusama.remark(nextKusamaTime(), 'erin', good.subarray(0, 70), 'batch_all')
        const bad3 = stack.kusama.remark(nextKusamaTime(), 'erin', encodeClaimRemark({ ethAddress: erinEth, loanId: 1, planck: KSM }), 'proxy')
        stack.kusama.finalize()
        await stack.waitForCatchUp()
        const reasons = await until('the bad remarks refused', async () => {
            const refusedRemarks = (await claimsOf('erin')).filter(c => c.claim.status === 'REFUSED')
            return refusedRemarks.length === 3 && refusedRemarks
        })
        expect(reasons.map(c => [c.claim.remark.blockHeight, c.claim.code, c.claim.reason])).toEqual([
            [bad3.height, 'BAD_REMARK', 'BAD_REMARK: loanId must be 0, got 1'],
            [bad2.height, 'BAD_REMARK', expect.stringMatching(/^BAD_REMARK: wrong length: 70 bytes, expected 78/)],
            [bad1.height, 'BAD_REMARK', expect.stringMatching(/^BAD_REMARK: wrong header: expected /)],
        ])
        const after = await snapshot()
        // only erin's one good request reserved anything
        expect(after).toEqual({ claims: before.claims + 1, shares: (BigInt(before.shares) + E18 / 4n).toString(), issued: before.issued })
        expect(await claimable('erin')).toBe(erinClaimable - E18 / 4n)
    })
})
