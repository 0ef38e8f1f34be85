import * as http from 'http'
import { AddressInfo } from 'net'
import { Keyring } from '@polkadot/keyring'
import { cryptoWaitReady } from '@polkadot/util-crypto'
import { AbiCoder, id } from 'ethers'
import { recoverClaimSigner } from '../../src/chains/ethereum/claim-signature'
import { EthereumDevnet } from '../../src/local/ethereum-devnet'
import { Pool } from 'pg'
import { signClaimRequest } from '../../src/notary/client'
import { loadNotaryKey } from '../../src/notary/key'
import { Notary } from '../../src/notary/notary'
import { RateLimiter } from '../../src/notary/rate-limit'
import { checkNotarySigner, jsonRpcPoolReader, SignerVerdict } from '../../src/notary/signer-check'

/**
 * The signer check's answers to every kind of endpoint answer, over real HTTP: a scripted JSON-RPC
 * endpoint stands in for broken nodes; and against the devnet's PolkadotPool, which takes
 * isClaimValid's arguments in the deployed order (claimBeforeBlock before amount, SPEC §1).
 * (The notary using it on the full local stack: test/notary/notary.e2e.test.ts.)
 */
const POOL = '0x59f767EC659E9FE01ebCf930465E2aD4Cc0F208e'
const TOKEN = '0x84DA8e731172827fCB233B911678E2a82E27Baf2'
const KEY = loadNotaryKey(1, { NOTARY_KEY: '0x' + '11'.repeat(32) })
const bool = (b: boolean) => AbiCoder.defaultAbiCoder().encode(['bool'], [b])

type Answer = { status?: number; body: string }
let answers: Record<string, Answer>
let calls: { method: string; params: any[] }[]
let server: http.Server
let url: string

beforeAll(async () => {
    await cryptoWaitReady()
    server = http.createServer((req, res) => {
        let body = ''
        req.on('data', d => (body += d))
        req.on('end', () => {
            const { id, method, params } = JSON.parse(body)
            calls.push({ method, params })
            const a = answers[method] ?? { body: JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32601, message: 'method not found' } }) }
            res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(a.body.replace('"ID"', String(id)))
        })
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
    await new Promise(r => server.close(r))
})

beforeEach(() => {
    calls = []
    answers = {}
})

const ok = (result: unknown): Answer => ({ body: JSON.stringify({ jsonrpc: '2.0', id: 'ID', result }) })
const rpcError = (message: string): Answer => ({ body: JSON.stringify({ jsonrpc: '2.0', id: 'ID', error: { code: 3, message } }) })
const check = () => checkNotarySigner(jsonRpcPoolReader(url, 2000), POOL, TOKEN, KEY, 7n)

test('asks isClaimValid with a probe claim signed by the key, valid for 1,000 blocks from the head', async () => {
    answers = { eth_blockNumber: ok('0x10'), eth_call: ok(bool(true)) }
    expect(await check()).toEqual({ status: 'ACCEPTED', detail: `PolkadotPool ${POOL} accepts claims of token ${TOKEN} signed by notary key ${KEY.address}` })
    const call = calls.find(c => c.method === 'eth_call')!
    expect(call.params[1]).toBe('latest')
    expect(call.params[0].to).toBe(POOL)
    expect(call.params[0].data.slice(0, 10)).toBe(id('isClaimValid(address,uint256,uint256,uint256,address,bytes)').slice(0, 10))
    // isClaimValid(token, claimId, claimBeforeBlock, amount, account, signature): claimBeforeBlock BEFORE amount
    const [token, claimId, before, amount, account, signature] = AbiCoder.defaultAbiCoder().decode(
        ['address', 'uint256', 'uint256', 'uint256', 'address', 'bytes'], '0x' + call.params[0].data.slice(10))
    expect([token, claimId, before, amount, account]).toEqual([TOKEN, 7n, 16n + 1000n, 1n, KEY.address])
    // signed over abi.encode(token, claimId, amount, claimBeforeBlock, account), as claimBonds checks it
    expect(recoverClaimSigner(signature, TOKEN, 7n, 1n, 16n + 1000n, KEY.address)).toBe(KEY.address)
})

test('a pool that answers false, reverts, or has no code refuses the key', async () => {
    answers = { eth_blockNumber: ok('0x10'), eth_call: ok(bool(false)) }
    const refused = await check()
    expect(refused.status).toBe('REFUSED')
    expect(refused.detail).toBe(`PolkadotPool ${POOL} refused a probe claim of token ${TOKEN} signed by notary key ${KEY.address}: ` +
        'the key is not the pool\'s consensus signer; claims it signed would revert')

    answers.eth_call = rpcError('execution reverted')
    expect(await check()).toEqual({ status: 'REFUSED', detail: `${POOL} reverted isClaimValid (execution reverted): it is not a PolkadotPool` })
    answers.eth_call = ok('0x')
    expect(await check()).toEqual({ status: 'REFUSED', detail: `${POOL} reverted isClaimValid (no code at that address): it is not a PolkadotPool` })
})

test('garbage, errors and silence leave the key unverified, with the reason', async () => {
    const cases: [Record<string, Answer>, RegExp][] = [
        [{ eth_blockNumber: { status: 502, body: 'bad gateway' } }, /^could not read the Ethereum head: eth_blockNumber: HTTP 502 from/],
        [{ eth_blockNumber: { body: '<html>' } }, /^could not read the Ethereum head: eth_blockNumber: .* answered something that is not JSON$/],
        [{ eth_blockNumber: { body: '{"jsonrpc":"2.0","id":1}' } }, /answered no JSON-RPC result$/],
        [{ eth_blockNumber: ok('ten') }, /^could not read the Ethereum head: eth_blockNumber answered "ten"$/],
        [{ eth_blockNumber: ok('0x10'), eth_call: ok('0xzz') }, /^could not call isClaimValid on .*: eth_call answered "0xzz"$/],
        [{ eth_blockNumber: ok('0x10'), eth_call: ok('0x1234') }, /^could not call isClaimValid on .*: eth_call answered 0x1234, not a bool$/],
        [{ eth_blockNumber: ok('0x10'), eth_call: rpcError('header not found') }, /^could not call isClaimValid on .*: eth_call: header not found$/],
    ]
    for (const [a, detail] of cases) {
        answers = a
        const v = await check()
        expect(v.status).toBe('UNVERIFIED')
        expect(v.detail).toMatch(detail)
    }
    for (const nowhere of ['http://127.0.0.1:1', 'ws://127.0.0.1:1']) {
        const closed = await checkNotarySigner(jsonRpcPoolReader(nowhere, 2000), POOL, TOKEN, KEY)
        expect(closed.status).toBe('UNVERIFIED')
        expect(closed.detail).toMatch(/^could not read the Ethereum head: /)
    }
})

test('the notary refuses to sign while the pool refuses its key, and asks again once the verdict expires', async () => {
    const verdicts: SignerVerdict[] = [
        { status: 'REFUSED', detail: 'PolkadotPool X refused a probe claim' },
    ]
    let asked = 0
    const log: string[] = []
    // no database behind this pool: a refusal must come before any query
    const notary = new Notary(new Pool({ host: '127.0.0.1', port: 1 }), {
        deployment: { name: 'mainnet', ethChainId: 1, token: TOKEN }, claimTtlBlocks: 10, key: KEY, limiter: new RateLimiter(1e6),
        log: l => log.push(l), checkSigner: async () => verdicts[Math.min(asked++, verdicts.length - 1)],
    })
    const pair = new Keyring({ type: 'sr25519', ss58Format: 2 }).addFromUri('//alice')
    const request = (nonce: string) => {
        const r = signClaimRequest(pair, notary.cfg.deployment, { ethAddress: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4', shares: 5n, nonce })
        return notary.requestClaim({ ...r, shares: r.shares.toString() })
    }
    await expect(request('a')).rejects.toThrow(/^NOT_CONFIGURED: PolkadotPool X refused a probe claim$/)
    await expect(request('b')).rejects.toThrow(/^NOT_CONFIGURED/)
    // one question for both requests while the verdict holds; one log line per change of verdict
    expect(asked).toBe(1)
    expect(log).toEqual([JSON.stringify({ msg: 'notary signer check', status: 'REFUSED', detail: 'PolkadotPool X refused a probe claim' })])
    // the pool's owner may rotate its consensus key: a refusal is asked again after a minute
    const now = Date.now()
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 61_000)
    try {
        await expect(request('b2')).rejects.toThrow(/^NOT_CONFIGURED/)
    } finally {
        clock.mockRestore()
    }
    expect(asked).toBe(2)

    // a check that throws is a verdict too (unverified), not a stuck notary
    const throwing = new Notary(new Pool({ host: '127.0.0.1', port: 1 }), {
        ...notary.cfg, log: l => log.push(l), checkSigner: async () => { throw new Error('boom') },
    })
    const r = signClaimRequest(pair, notary.cfg.deployment, { ethAddress: '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4', shares: 5n, nonce: 'c' })
    // unverified: the notary goes on to the database, which is not there
    await expect(throwing.requestClaim({ ...r, shares: r.shares.toString() })).rejects.toThrow(/ECONNREFUSED|connect/)
    expect(log[log.length - 1]).toBe(JSON.stringify({ msg: 'notary signer check', status: 'UNVERIFIED', detail: 'the signer check failed: boom' }))
    await notary.close()
    await throwing.close()
})

describe('against the devnet PolkadotPool (isClaimValid as deployed: claimBeforeBlock before amount)', () => {
    let devnet: EthereumDevnet
    beforeAll(async () => { devnet = await EthereumDevnet.start() })
    afterAll(async () => { await devnet?.stop() })

    test('accepts the pool\'s consensus key and refuses another, over HTTP and WebSocket', async () => {
        const { pool, aKSMb, aDOTb } = devnet.addresses
        const notary = loadNotaryKey(31337, { NOTARY_KEY: EthereumDevnet.privateKey('notary') })
        expect(notary.address).toBe(await devnet.contracts.pool.consensus())
        for (const endpoint of [devnet.rpcUrl, devnet.wsUrl]) {
            const reader = jsonRpcPoolReader(endpoint, 5000)
            expect(await checkNotarySigner(reader, pool, aKSMb, notary)).toEqual({
                status: 'ACCEPTED', detail: `PolkadotPool ${pool} accepts claims of token ${aKSMb} signed by notary key ${notary.address}`,
            })
            expect(await checkNotarySigner(reader, pool, aKSMb, KEY)).toEqual({
                status: 'REFUSED', detail: `PolkadotPool ${pool} refused a probe claim of token ${aKSMb} signed by notary key ${KEY.address}: ` +
                    'the key is not the pool\'s consensus signer; claims it signed would revert',
            })
        }
        // aDOTb shares the pool and its consensus key
        expect((await checkNotarySigner(jsonRpcPoolReader(devnet.rpcUrl), pool, aDOTb, notary)).status).toBe('ACCEPTED')
        // the token is no pool: the call reverts
        expect((await checkNotarySigner(jsonRpcPoolReader(devnet.rpcUrl), aKSMb, aKSMb, notary)).detail)
            .toMatch(new RegExp(`^${aKSMb} reverted isClaimValid \\(.*\\): it is not a PolkadotPool$`))
    })

    test('the probe in claimBonds\' order (amount before claimBeforeBlock) would be refused even for the right key: same selector, an "expired" claim', async () => {
        const { pool, aKSMb } = devnet.addresses
        const notary = loadNotaryKey(31337, { NOTARY_KEY: EthereumDevnet.privateKey('notary') })
        const right = jsonRpcPoolReader(devnet.rpcUrl)
        const swapped = { ...right, isClaimValid: (p: string, [t, c, before, amount, a, sig]: [string, bigint, bigint, bigint, string, string]) => right.isClaimValid(p, [t, c, amount, before, a, sig]) }
        expect((await checkNotarySigner(right, pool, aKSMb, notary)).status).toBe('ACCEPTED')
        expect((await checkNotarySigner(swapped, pool, aKSMb, notary)).status).toBe('REFUSED')
    })
})
