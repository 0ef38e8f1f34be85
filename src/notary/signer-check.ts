import { randomBytes } from 'crypto'
import { Interface } from 'ethers'
import { WebSocket } from 'ws'
import { signClaim } from '../chains/ethereum/claim-signature'
import { NotaryKey } from './key'

/**
 * Does PolkadotPool accept claims signed by the notary's key? A claim signed by any other key than
 * the pool's consensus address reverts on chain (InvalidSignature) after the user paid gas for it.
 * Asked the way the SPEC's interface allows on any deployment: a probe claim — a fresh random
 * claimId, 1 share, valid for 1,000 blocks, to the notary's own address — signed by the key and
 * passed to the pool's `isClaimValid(token, claimId, claimBeforeBlock, amount, account, signature)`
 * view (claimBeforeBlock BEFORE amount, unlike claimBonds: SPEC §1; both are uint256, so the other
 * order has the same selector and fails silently, as an expired claim). Nothing is sent; the probe
 * is never stored.
 *
 * ACCEPTED: the pool takes the key's signatures. REFUSED: it does not (another consensus key, or no
 * such pool at the address): claims must not be issued.
 * UNVERIFIED: the question could not be asked (endpoint down, garbage answer).
 */
export type SignerVerdict =
    | { status: 'ACCEPTED'; detail: string }
    | { status: 'REFUSED'; detail: string }
    | { status: 'UNVERIFIED'; detail: string }

/** The two reads the check needs from the Ethereum endpoint. */
export interface PoolReader {
    blockNumber(): Promise<number>
    /** answers the view's result for (token, claimId, claimBeforeBlock, amount, account, signature);
     *  throws CallReverted when the call reverted, anything else when it could not be made */
    isClaimValid(pool: string, args: [token: string, claimId: bigint, claimBeforeBlock: bigint, amount: bigint, account: string, signature: string]): Promise<boolean>
}

export class CallReverted extends Error {}

const POOL = new Interface(['function isClaimValid(address token, uint256 claimId, uint256 claimBeforeBlock, uint256 amount, address account, bytes signature) view returns (bool)'])
const PROBE_BLOCKS = 1000n

export async function checkNotarySigner(reader: PoolReader, pool: string, token: string, key: NotaryKey,
    claimId: bigint = BigInt('0x' + randomBytes(32).toString('hex'))): Promise<SignerVerdict> {
    let head: number
    try {
        head = await reader.blockNumber()
    } catch (e: any) {
        return { status: 'UNVERIFIED', detail: `could not read the Ethereum head: ${e?.message ?? e}` }
    }
    const claimBeforeBlock = BigInt(head) + PROBE_BLOCKS
    const amount = 1n
    const signature = signClaim(key.privateKey, token, claimId, amount, claimBeforeBlock, key.address)
    const who = `notary key ${key.address}`
    try {
        const valid = await reader.isClaimValid(pool, [token, claimId, claimBeforeBlock, amount, key.address, signature])
        return valid
            ? { status: 'ACCEPTED', detail: `PolkadotPool ${pool} accepts claims of token ${token} signed by ${who}` }
            : { status: 'REFUSED', detail: `PolkadotPool ${pool} refused a probe claim of token ${token} signed by ${who}: the key is not the pool's consensus signer; claims it signed would revert` }
    } catch (e: any) {
        if (e instanceof CallReverted) return { status: 'REFUSED', detail: `${pool} reverted isClaimValid (${e.message}): it is not a PolkadotPool` }
        return { status: 'UNVERIFIED', detail: `could not call isClaimValid on ${pool}: ${e?.message ?? e}` }
    }
}

type RpcAnswer = { result?: unknown; error?: { message?: string; data?: unknown } }
type RpcCall = (method: string, params: unknown[]) => Promise<RpcAnswer>

function rpcAnswer(method: string, url: string, text: string): RpcAnswer {
    let body: any
    try { body = JSON.parse(text) } catch { throw new Error(`${method}: ${url} answered something that is not JSON`) }
    if (body == null || typeof body !== 'object' || (!('result' in body) && !('error' in body))) throw new Error(`${method}: ${url} answered no JSON-RPC result`)
    return body
}

function httpCall(url: string, timeoutMs: number): RpcCall {
    let id = 0
    return async (method, params) => {
        const res = await fetch(url, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }), signal: AbortSignal.timeout(timeoutMs),
        })
        if (!res.ok) throw new Error(`${method}: HTTP ${res.status} from ${url}`)
        return rpcAnswer(method, url, await res.text())
    }
}

/** One connection per call: the check runs every few minutes at most. */
function wsCall(url: string, timeoutMs: number): RpcCall {
    return (method, params) => new Promise<RpcAnswer>((resolve, reject) => {
        const socket = new WebSocket(url)
        const done = (f: () => void) => { clearTimeout(timer); socket.terminate(); f() }
        const timer = setTimeout(() => done(() => reject(new Error(`${method}: no answer from ${url} in ${timeoutMs} ms`))), timeoutMs)
        socket.on('open', () => socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })))
        socket.on('message', data => done(() => { try { resolve(rpcAnswer(method, url, String(data))) } catch (e) { reject(e) } }))
        socket.on('error', e => done(() => reject(new Error(`${method}: ${e.message}`))))
    })
}

/** PoolReader over JSON-RPC (HTTP or WebSocket endpoint: eth_blockNumber, eth_call at latest), with a timeout per request. */
export function jsonRpcPoolReader(url: string, timeoutMs = 10_000): PoolReader {
    const call = /^wss?:\/\//.test(url) ? wsCall(url, timeoutMs) : httpCall(url, timeoutMs)
    return {
        async blockNumber() {
            const { result, error } = await call('eth_blockNumber', [])
            if (error) throw new Error(`eth_blockNumber: ${error.message}`)
            if (typeof result !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(result)) throw new Error(`eth_blockNumber answered ${JSON.stringify(result)}`)
            return Number(BigInt(result))
        },
        async isClaimValid(pool, args) {
            const data = POOL.encodeFunctionData('isClaimValid', args)
            const { result, error } = await call('eth_call', [{ to: pool, data }, 'latest'])
            // a revert comes back as an error with revert data (or 'execution reverted'); a call to an
            // address without code answers 0x
            if (error) {
                if (/revert/i.test(error.message ?? '')) throw new CallReverted(error.message)
                throw new Error(`eth_call: ${error.message}`)
            }
            if (result === '0x') throw new CallReverted('no code at that address')
            if (typeof result !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(result)) throw new Error(`eth_call answered ${JSON.stringify(result)}`)
            let decoded
            try { decoded = POOL.decodeFunctionResult('isClaimValid', result) } catch { throw new Error(`eth_call answered ${result}, not a bool`) }
            return decoded[0] as boolean
        },
    }
}
