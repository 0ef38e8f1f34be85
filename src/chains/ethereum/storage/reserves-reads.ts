/**
 * Proof of reserves on Ethereum (SPEC §4.14): aKSMb's `totalSharesSupply()` and `ratio()` at one
 * block, by its hash (EIP-1898: a reorged block is never read by mistake), in ONE batched JSON-RPC
 * round trip. The calls' data are kept so anyone can repeat them on an archive node.
 */
import * as token from '../abi/aKSMb'

export interface EthRpc {
    batchCall<T = any>(calls: { method: string; params?: unknown[] }[]): Promise<T[]>
}

export interface EthBlockRef {
    height: number
    hash: string
    /** unix ms */
    timestamp: number
}

export interface EthereumReading {
    chain: 'ethereum'
    height: number
    hash: string
    timestamp: number
    token: string
    calls: { data: string; result: string }[]
    totalSharesSupply: bigint
    ratio: bigint
}

export class EthereumStorageReader {
    /** round trips made */
    roundTrips = 0

    constructor(private rpc: EthRpc, private bond: string) {}

    async read(at: EthBlockRef): Promise<EthereumReading> {
        const data = [token.functions.totalSharesSupply.encode({}), token.functions.ratio.encode({})]
        this.roundTrips++
        const answers = await this.rpc.batchCall(data.map(d => ({ method: 'eth_call', params: [{ to: this.bond, data: d }, { blockHash: at.hash }] })))
        const results = answers.map((res, i) => {
            if (typeof res !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(res)) {
                throw new Error(`eth_call ${data[i].slice(0, 10)} on ${this.bond} at block ${at.height} (${at.hash}) answered ${JSON.stringify(res)?.slice(0, 200)}: `
                    + 'is the endpoint an archive node, and the token deployed at that block?')
            }
            return res.toLowerCase()
        })
        return {
            chain: 'ethereum', height: at.height, hash: at.hash, timestamp: at.timestamp, token: this.bond.toLowerCase(),
            calls: data.map((d, i) => ({ data: d, result: results[i] })),
            totalSharesSupply: token.functions.totalSharesSupply.decodeResult(results[0]),
            ratio: token.functions.ratio.decodeResult(results[1]),
        }
    }
}
