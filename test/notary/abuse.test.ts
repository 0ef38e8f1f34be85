/**
 * Abuse of the claims notary (issue 15, item 4) through the real API process on a real Postgres: forged,
 * truncated, replayed and wrong-network signatures on every entry point (GraphQL requestClaim and
 * claimStakeFi, HTTP POST /claims and GET /claims), malformed bodies, and 10,000 concurrent claim requests
 * for one account. Each is answered with a coded error (HTTP: `{error: {code, message}}` and a 4xx status;
 * GraphQL: `extensions.code`), never a stack trace or a file path, and never reserves a share too many.
 *
 * Only the API runs: the accounts' credited deposits and the Ethereum indexer's finalized head are written
 * as the processors and the oracle would leave them (deposit_outcome rows, eth_processor.status), which is
 * all the notary reads; the local Hardhat chain answers the notary's signer check.
 */
import { createHash, createPrivateKey, sign as cryptoSign } from 'crypto'
import * as http from 'http'
import { Keyring } from '@polkadot/keyring'
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util'
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto'
import { Client } from 'pg'
import { loadProfile } from '../../src/config/profile'
import { pgConfig } from '../../src/db/connection'
import { LocalStack } from '../../src/local/local-stack'
import { shares as mkShares } from '../../src/domain/units'
import { deploymentOf, REQUEST_CLAIM } from '../../src/notary/client'
import { canonicalMessageBytes } from '../../src/notary/message'
import { startTestStack } from '../support/stack'

const E18 = 10n ** 18n
const keyring = new Keyring({ type: 'ed25519', ss58Format: 2 })
/** derived once each: 10,000 requests would otherwise derive 20,000 keys */
const memo = <T>(f: (name: string) => T) => { const m = new Map<string, T>(); return (name: string) => m.get(name) ?? m.set(name, f(name)).get(name)! }
/**
 * Test accounts are ed25519 keys with seed sha256(name), signed by Node's own Ed25519: the same (deterministic)
 * signatures as the keyring's, several times faster than its WASM — the flood has 10,000 requests to sign.
 */
const seedOf = (name: string) => createHash('sha256').update(`ksm-lst-squid abuse test ${name}`).digest()
const pair = memo(name => keyring.addFromSeed(seedOf(name)))
const keyOf = memo(name => createPrivateKey({ format: 'jwk', key: {
    kty: 'OKP', crv: 'Ed25519', d: seedOf(name).toString('base64url'), x: Buffer.from(pair(name).publicKey).toString('base64url') } }))
const sign = (name: string, message: Uint8Array): string => '0x' + cryptoSign(null, message, keyOf(name)).toString('hex')
const ethOf = memo(name => stack.eth.address(name))
/** credited shares per account: alice for replays, bob for the flood, carol for refusals (she never gets a claim) */
const CREDITED: Record<string, bigint> = { alice: 4n * E18, bob: 8n * E18, carol: 1n * E18 }

let stack: LocalStack
let db: Client
let base: string
const savedEnv: Record<string, string | undefined> = {}

beforeAll(async () => {
    await cryptoWaitReady()
    // the product's own rate limit (20 a minute, burst 20): other test files raise it in this process's env
    for (const k of ['NOTARY_RATE_LIMIT_PER_MINUTE', 'NOTARY_RATE_LIMIT_BURST']) {
        savedEnv[k] = process.env[k]
        delete process.env[k]
    }
    stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: ['stash0'], steps: [] }, parts: ['api'] })
    base = stack.graphqlUrl!.replace(/\/graphql$/, '')
    db = new Client(pgConfig(stack.db))
    await db.connect()
    await db.query('CREATE SCHEMA eth_processor')
    await db.query('CREATE TABLE eth_processor.status (id integer PRIMARY KEY, height integer NOT NULL, hash text)')
    await db.query(`INSERT INTO eth_processor.status VALUES (0, 100, '0x00')`)
    for (const [name, shares] of Object.entries(CREDITED)) {
        await db.query(`INSERT INTO deposit_outcome (id, account, amount, status, shares, period, ratio, "timestamp")
            VALUES ($1, $2, $3, 'CREDITED', $3, 20458, $4, now())`, [`deposit-${name}`, pair(name).address, shares.toString(), E18.toString()])
    }
})

afterAll(async () => {
    agent.destroy()
    await db?.end().catch(() => {})
    await stack?.stop()
    for (const [k, v] of Object.entries(savedEnv)) if (v !== undefined) process.env[k] = v
})

interface Answer {
    status: number
    text: string
    body: any
}

/** keep-alive connections: 10,000 requests in flight share a hundred sockets instead of opening 10,000 */
const newAgent = () => new http.Agent({ keepAlive: true, maxSockets: 100 })
let agent = newAgent()

function call(method: string, path: string, body?: string | Buffer, contentType = 'application/json'): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const req = http.request(base + path, { method, agent, headers: body === undefined ? {} : { 'content-type': contentType } }, res => {
            const chunks: Buffer[] = []
            res.on('data', c => chunks.push(c))
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString()
                let parsed: any
                try {
                    parsed = JSON.parse(text)
                } catch {
                    parsed = undefined
                }
                resolve({ status: res.statusCode!, text, body: parsed })
            })
        })
        req.on('error', reject)
        req.end(body)
    })
}

const postClaims = (body: unknown) => call('POST', '/claims', typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body))
const listClaims = (query: string) => call('GET', `/claims?${query}`)
const gql = (query: string, variables: object = {}) => call('POST', '/graphql', JSON.stringify({ query, variables }))

interface StakeFiBody {
    address: string
    amount: string
    ethAddress: string
    network: string
    signature: string
    timestamp: number
}

/** the dashboard's browser-wallet request, signed as the polkadot.js extension's signRaw({type: 'bytes'}) does */
function stakeFi(name: string, o: { amount: string; timestamp?: number; signer?: string; address?: string }): StakeFiBody {
    const p = pair(name)
    const eth = ethOf(name)
    const timestamp = o.timestamp ?? Date.now() + 10 * 60_000
    const message = `StakeFi Signed Message:\n${u8aToHex(p.publicKey)}\n${eth}\n${timestamp}`
    const signature = sign(o.signer ?? name, u8aWrapBytes(stringToU8a(message)))
    return { address: o.address ?? p.address, amount: o.amount, ethAddress: eth, network: 'KSM', signature, timestamp }
}

/** requestClaim's variables, signed for this deployment unless told otherwise */
function requestClaimVars(name: string, shares: bigint, nonce: string, o: { signer?: string; deployment?: ReturnType<typeof deploymentOf> } = {}) {
    const fields = { kusamaAddress: pair(name).address, ethAddress: ethOf(name), shares: mkShares(shares), nonce }
    const sig = sign(o.signer ?? name, canonicalMessageBytes(o.deployment ?? deploymentOf(stack.profile), fields))
    return { k: fields.kusamaAddress, e: fields.ethAddress, s: shares.toString(), n: nonce, sig }
}

const CLAIM_STAKEFI = `mutation($a: String!, $m: String!, $e: String!, $n: String!, $sig: String!, $t: String!) {
  claimStakeFi(address: $a, amount: $m, ethAddress: $e, network: $n, signature: $sig, timestamp: $t) }`
const stakeFiVars = (r: StakeFiBody) => ({ a: r.address, m: r.amount, e: r.ethAddress, n: r.network, sig: r.signature, t: String(r.timestamp) })
const claimStakeFi = (r: StakeFiBody) => gql(CLAIM_STAKEFI, stakeFiVars(r))

/** the code of an answer: HTTP `error.code` (and its original top-level twin), or GraphQL's `extensions.code` */
function codeOf(a: Answer): string | undefined {
    if (a.body?.errors) return a.body.errors.map((e: any) => e.extensions?.code).join(',')
    if (a.body?.error) {
        expect(a.body.code).toBe(a.body.error.code)
        return a.body.error.code
    }
    return undefined
}
const messageOf = (a: Answer): string => a.body?.errors?.[0]?.message ?? a.body?.error?.message

interface Abuse {
    name: string
    send: () => Promise<Answer>
    status: number
    code: string
    message: RegExp
}

const flip = (hex: string) => hex.slice(0, -2) + (hex.endsWith('00') ? '01' : '00')
/** the production deployment (profiles/mainnet.json): a signature for it must not work here */
const mainnet = () => deploymentOf(loadProfile({ SQUID_PROFILE_NAME: 'mainnet' }))

const ABUSES: Abuse[] = [
    { name: 'a browser-wallet request signed by another key', send: () => postClaims(stakeFi('carol', { amount: '1', signer: 'mallory' })),
        status: 400, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: the signature is not a valid sr25519\/ed25519 signature by / },
    { name: 'a browser-wallet request with a forged signature (64 random bytes)', send: () => postClaims({ ...stakeFi('carol', { amount: '1' }), signature: u8aToHex(new Uint8Array(64).fill(7)) }),
        status: 400, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: / },
    { name: 'a browser-wallet request with one bit of its signature flipped', send: () => { const r = stakeFi('carol', { amount: '1' }); return postClaims({ ...r, signature: flip(r.signature) }) },
        status: 400, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: the signature is not a valid / },
    { name: 'a truncated signature (63 bytes)', send: () => { const r = stakeFi('carol', { amount: '1' }); return postClaims({ ...r, signature: r.signature.slice(0, -2) }) },
        status: 400, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: signature must be 64 bytes \(sr25519 or ed25519\), got 63$/ },
    { name: 'a truncated signature (odd hex)', send: () => { const r = stakeFi('carol', { amount: '1' }); return postClaims({ ...r, signature: r.signature.slice(0, -1) }) },
        status: 400, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: signature must be 0x-prefixed hex$/ },
    { name: 'an address of another network (Polkadot, prefix 0)', send: () => postClaims(stakeFi('carol', { amount: '1', address: encodeAddress(pair('carol').publicKey, 0) })),
        status: 400, code: 'WRONG_NETWORK', message: /^WRONG_NETWORK: address .* is an address of SS58 network 0 \(Polkadot\)/ },
    { name: 'a request for another network ("DOT")', send: () => postClaims({ ...stakeFi('carol', { amount: '1' }), network: 'DOT' }),
        status: 400, code: 'WRONG_NETWORK', message: /^WRONG_NETWORK: network must be "KSM"/ },
    { name: 'an expired request', send: () => postClaims(stakeFi('carol', { amount: '1', timestamp: Date.now() - 1000 })),
        status: 400, code: 'REQUEST_EXPIRED', message: /^REQUEST_EXPIRED: / },
    { name: 'a request valid for days', send: () => postClaims(stakeFi('carol', { amount: '1', timestamp: Date.now() + 3 * 86_400_000 })),
        status: 400, code: 'TIMESTAMP_TOO_FAR', message: /^TIMESTAMP_TOO_FAR: / },
    { name: 'claimStakeFi signed by another key', send: () => claimStakeFi(stakeFi('carol', { amount: '1', signer: 'mallory' })),
        status: 200, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: / },
    { name: 'claimStakeFi with a truncated signature', send: () => { const r = stakeFi('carol', { amount: '1' }); return claimStakeFi({ ...r, signature: r.signature.slice(0, 66) }) },
        status: 200, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: signature must be 64 bytes/ },
    { name: 'requestClaim signed by another key', send: () => gql(REQUEST_CLAIM, requestClaimVars('carol', E18, 'forged-1', { signer: 'mallory' })),
        status: 200, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: / },
    { name: 'requestClaim signed for another deployment (mainnet)', send: () => gql(REQUEST_CLAIM, requestClaimVars('carol', E18, 'mainnet-1', { deployment: mainnet() })),
        status: 200, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: the signature is not a valid / },
    { name: 'requestClaim with a signature replayed for more shares', send: () => gql(REQUEST_CLAIM, { ...requestClaimVars('carol', E18, 'replay-1'), s: (2n * E18).toString() }),
        status: 200, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: / },
    { name: 'requestClaim with a truncated signature', send: () => { const v = requestClaimVars('carol', E18, 'short-1'); return gql(REQUEST_CLAIM, { ...v, sig: v.sig.slice(0, 66) }) },
        status: 200, code: 'BAD_SIGNATURE', message: /^BAD_SIGNATURE: signature must be 64 bytes/ },
    { name: 'a 5 MB claim request', send: () => postClaims(JSON.stringify({ ...stakeFi('carol', { amount: '1' }), pad: 'a'.repeat(5_000_000) })),
        status: 413, code: 'BAD_REQUEST', message: /^BAD_REQUEST: the request body must be a JSON object: the request body is larger than the 16 KB limit$/ },
    { name: 'a claim request that is not UTF-8', send: () => postClaims(Buffer.concat([Buffer.from('{"address": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])),
        status: 400, code: 'BAD_REQUEST', message: /^BAD_REQUEST: the request body must be a JSON object: the request body is not valid UTF-8$/ },
    { name: 'a claim request that is not JSON', send: () => postClaims('{"address": '),
        status: 400, code: 'BAD_REQUEST', message: /^BAD_REQUEST: the request body must be a JSON object: the request body is not valid JSON$/ },
    { name: 'a claim request that is a JSON array', send: () => postClaims('[1, 2]'),
        status: 400, code: 'BAD_REQUEST', message: /^BAD_REQUEST: the request body must be a JSON object/ },
    { name: 'a claim listing page of 5000', send: () => listClaims(`address=${pair('carol').address}&limit=5000`),
        status: 400, code: 'BAD_REQUEST', message: /^BAD_REQUEST: limit must be an integer from 1 to 1000, got 5000$/ },
    { name: 'a claim listing at offset -1', send: () => listClaims(`address=${pair('carol').address}&offset=-1`),
        status: 400, code: 'BAD_REQUEST', message: /^BAD_REQUEST: offset must be an integer from 0 to 1000000, got -1$/ },
    { name: 'a claim listing of another network', send: () => listClaims(`address=${pair('carol').address}&network=DOT`),
        status: 400, code: 'WRONG_NETWORK', message: /^WRONG_NETWORK: / },
    { name: 'a claim listing of no address', send: () => listClaims('address=%2Fsrc%2Fnode_modules'),
        status: 400, code: 'BAD_ADDRESS', message: /^BAD_ADDRESS: / },
    { name: 'a DELETE of /claims', send: () => call('DELETE', '/claims'), status: 405, code: 'BAD_REQUEST', message: /^BAD_REQUEST: \/claims takes GET/ },
]

describe('abuse of the claims notary, bounded and coded', () => {
    it.each(ABUSES)('refuses $name', async a => {
        const answer = await a.send()
        expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: a.status, code: a.code })
        expect(messageOf(answer)).toMatch(a.message)
        expectClean(answer)
    })

    it('no refusal reserved anything: carol has no claim', async () => {
        expect((await db.query('SELECT count(*)::int AS n FROM notary_claim')).rows[0].n).toBe(0)
    })

    it('a replayed request answers the same claim, never a second one; the same signature for another amount is refused', async () => {
        const signed = stakeFi('alice', { amount: '1' })
        const first = await postClaims(signed)
        expect(first.status).toBe(200)
        const replays = await Promise.all(Array.from({ length: 200 }, () => postClaims(signed)))
        expect(new Set(replays.map(r => `${r.status} ${r.text}`))).toEqual(new Set([`200 ${first.text}`]))
        const viaGraphql = await claimStakeFi(signed)
        expect(viaGraphql.body.data.claimStakeFi).toEqual(first.body)
        const other = await postClaims({ ...signed, amount: '2' })
        expect([other.status, codeOf(other)]).toEqual([409, 'NONCE_REUSED'])
        // requestClaim: the same signed request twice is one claim; the same nonce signed again for more shares is refused
        const vars = requestClaimVars('alice', E18, 'replayed')
        const [a, b] = await Promise.all([gql(REQUEST_CLAIM, vars), gql(REQUEST_CLAIM, vars)])
        expect(a.body.data.requestClaim).toEqual(b.body.data.requestClaim)
        const reused = await gql(REQUEST_CLAIM, requestClaimVars('alice', 2n * E18, 'replayed'))
        expect(codeOf(reused)).toBe('NONCE_REUSED')
        const { rows } = await db.query(`SELECT nonce, shares::text FROM notary_claim WHERE kusama_account = $1 ORDER BY nonce`, [pair('alice').address])
        expect(rows).toEqual([{ nonce: 'replayed', shares: E18.toString() }, { nonce: `stakefi:${signed.timestamp}`, shares: E18.toString() }])
    })

    it('10,000 concurrent claim requests for one account never reserve more than it can claim, and the API keeps answering', async () => {
        const bob = pair('bob').address
        const credited = CREDITED.bob
        // one share each (1/8 of bob's): 8,000 browser-wallet requests over HTTP, 1,000 each through claimStakeFi and requestClaim,
        // all signed before the first is sent: signing takes seconds of this event loop, and a keep-alive socket the server
        // closed meanwhile (5 s idle) would still look reusable to a client that could not see the close
        const at = Date.now() + 30 * 60_000
        const requests: { path: string; body: string }[] = []
        for (let i = 0; i < 10_000; i++) {
            const graphql = (query: string, variables: object) => ({ path: '/graphql', body: JSON.stringify({ query, variables }) })
            if (i % 10 === 8) requests.push(graphql(CLAIM_STAKEFI, stakeFiVars(stakeFi('bob', { amount: '1', timestamp: at + i }))))
            else if (i % 10 === 9) requests.push(graphql(REQUEST_CLAIM, requestClaimVars('bob', E18, `flood-${i}`)))
            else requests.push({ path: '/claims', body: JSON.stringify(stakeFi('bob', { amount: '1', timestamp: at + i })) })
        }
        agent.destroy()
        agent = newAgent()
        await new Promise(r => setTimeout(r, 100))   // let the closes that arrived while signing be seen
        const reserved = sampler(async () => BigInt((await db.query(
            `SELECT coalesce(sum(shares), 0)::text AS s FROM notary_claim WHERE kusama_account = $1 AND status = 'ACTIVE'`, [bob])).rows[0].s))
        // on its own connection (fetch's pool), not queued behind the flood in `agent`
        const probes = sampler(async () => {
            const started = Date.now()
            const r = await fetch(stack.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ query: 'query($a: String!) { accountSummary(address: $a) { creditedShares } }', variables: { a: bob } }) })
            expect(await r.json()).toEqual({ data: { accountSummary: { creditedShares: credited.toString() } } })
            return Date.now() - started
        })
        const started = Date.now()
        const answers = await Promise.all(requests.map(r => call('POST', r.path, r.body)))
        const tookMs = Date.now() - started
        const sums = await reserved.stop()
        const latencies = await probes.stop()

        const codes = new Map<string, number>()
        for (const a of answers) {
            const key = `${a.status} ${codeOf(a) ?? 'CLAIM'}`
            codes.set(key, (codes.get(key) ?? 0) + 1)
        }
        const claimIds = new Set(answers.map(a => (a.body?.data?.claimStakeFi ?? a.body?.data?.requestClaim ?? a.body)?.claim?.data?.claimId).filter(Boolean))
        console.log(`10,000 concurrent claim requests in ${tookMs} ms: ${JSON.stringify(Object.fromEntries(codes))}; ` +
            `${latencies.length} probes meanwhile, slowest ${Math.max(...latencies)} ms; reserved sampled ${sums.length} times`)
        // every answer is a claim, a refusal of what bob cannot claim any more, or the rate limit
        const allowed = new Set(['200 CLAIM', '200 AMOUNT_TOO_LARGE', '200 NOTHING_CLAIMABLE', '200 RATE_LIMITED',
            '409 AMOUNT_TOO_LARGE', '409 NOTHING_CLAIMABLE', '429 RATE_LIMITED'])
        expect([...codes.keys()].filter(k => !allowed.has(k))).toEqual([])
        expect(claimIds.size).toBe(8)
        // burst 20, then 20 a minute: all but a handful are rate limited
        const limited = (codes.get('429 RATE_LIMITED') ?? 0) + (codes.get('200 RATE_LIMITED') ?? 0)
        expect(limited).toBeGreaterThanOrEqual(10_000 - 20 - Math.ceil(tookMs / 3000) - 1)
        // never more than claimable, at any sampled moment, and exactly claimable at the end
        expect(sums.every(s => s <= credited)).toBe(true)
        const { rows: [end] } = await db.query(`SELECT count(*)::int AS n, sum(shares)::text AS s FROM notary_claim WHERE kusama_account = $1 AND status = 'ACTIVE'`, [bob])
        expect(end).toEqual({ n: 8, s: credited.toString() })
        expect(latencies.length).toBeGreaterThan(0)
        for (const a of answers.filter((x, i) => i % 97 === 0)) expectClean(a)
    }, 90_000)

    it('answers every abusive request with a coded error and no stack trace or file path', async () => {
        const answers = await Promise.all(ABUSES.map(a => a.send()))
        for (const [i, answer] of answers.entries()) {
            expect([ABUSES[i].name, answer.status, codeOf(answer)]).toEqual([ABUSES[i].name, ABUSES[i].status, ABUSES[i].code])
            expectClean(answer)
        }
    })
})

/** runs `probe` back to back until stopped; resolves every value it returned */
function sampler<T>(probe: () => Promise<T>): { stop(): Promise<T[]> } {
    const values: T[] = []
    let running = true
    const loop = (async () => {
        while (running) {
            values.push(await probe())
            await new Promise(r => setTimeout(r, 20))
        }
    })()
    return { async stop() { running = false; await loop; return values } }
}

/** no stack trace and no file path anywhere in the answer */
function expectClean(a: Answer): void {
    for (const leak of ['stacktrace', 'exception', '/src/', '/lib/', 'node_modules', '.js:', '.ts:']) expect(a.text).not.toContain(leak)
}
