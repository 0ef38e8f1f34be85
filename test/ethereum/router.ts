/**
 * Test only: transactions the devnet's ops do not make — a router contract (contracts/TestRouter.sol
 * beside this file) that calls aKSMb inside its own call, and several transactions mined in one
 * block. Transactions are signed and put in the mempool here; `mine` then mines them with the
 * devnet's own `emptyBlock` (which takes its snapshot and keeps its finality bookkeeping) and checks
 * every receipt.
 */
import * as fs from 'fs'
import * as path from 'path'
import { getAddress, getCreateAddress, Interface } from 'ethers'
import { EthereumDevnet, MinedEthBlock } from '../../src/local/ethereum-devnet'

/** the settings of src/local/ethereum-devnet/compile.ts (which compiles contracts/ only) */
const SETTINGS = {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
}

let compiled: { abi: any[]; bytecode: string } | undefined

function compileRouter(): { abi: any[]; bytecode: string } {
    if (compiled) return compiled
    const file = 'TestRouter.sol'
    const content = fs.readFileSync(path.join(__dirname, 'contracts', file), 'utf8')
    const solc = require('solc')
    const out = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources: { [file]: { content } }, settings: SETTINGS })))
    const errors = (out.errors ?? []).filter((e: any) => e.severity === 'error')
    if (errors.length) throw new Error('solc: ' + errors.map((e: any) => e.formattedMessage).join('\n'))
    const c = out.contracts[file].TestRouter
    return compiled = { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object }
}

const MAX_FEE = 100n * 10n ** 9n
const PRIORITY_FEE = 10n ** 9n

export interface MinedTxs extends MinedEthBlock {
    txHashes: string[]
    logsOf(txHash: string): MinedEthBlock['logs']
}

/** Signs and sends a transaction to the mempool (not mined). */
export async function sendRaw(eth: EthereumDevnet, from: string, to: string | null, data: string, gasLimit = 2_000_000n): Promise<string> {
    const w = eth.wallet(from)
    await eth.fund(w.address)
    const nonce = Number(BigInt(await eth.provider.send('eth_getTransactionCount', [w.address, 'pending'])))
    const signed = await w.signTransaction({
        type: 2, chainId: eth.chainId, nonce, to, data, value: 0n, gasLimit, maxFeePerGas: MAX_FEE, maxPriorityFeePerGas: PRIORITY_FEE,
    })
    const hash: string = await eth.provider.send('eth_sendRawTransaction', [signed])
    for (let i = 0; i < 400 && !(await eth.provider.send('eth_getTransactionByHash', [hash])); i++) await new Promise(r => setTimeout(r, 5))
    return hash
}

/** Mines the mempool into one block (the devnet's `emptyBlock`); every given transaction must be in it and have succeeded. */
export async function mine(eth: EthereumDevnet, txHashes: string[], at?: number): Promise<MinedTxs> {
    const b = await eth.emptyBlock(at)
    const logs: MinedEthBlock['logs'] = []
    const byTx = new Map<string, MinedEthBlock['logs']>()
    for (const h of txHashes) {
        const r = await eth.provider.send('eth_getTransactionReceipt', [h])
        if (!r || r.blockHash !== b.hash) throw new Error(`transaction ${h} is not in block ${b.height}`)
        if (r.status !== '0x1') throw new Error(`transaction ${h} reverted in block ${b.height}`)
        const ls = r.logs.map((l: any) => ({ address: getAddress(l.address), topics: l.topics, data: l.data, logIndex: Number(BigInt(l.logIndex)) }))
        byTx.set(h, ls)
        logs.push(...ls)
    }
    return { ...b, txHash: txHashes[0], logs, txHashes, logsOf: h => byTx.get(h) ?? [] }
}

export type RouteStep =
    | { pull: string; to: string; amount: bigint }     // token.transferFrom(pull, to, amount): Transfer in shares
    | { send: string; amount: bigint }                 // token.transfer(send, amount) of the router's own: Transfer in aKSMb

export class TestRouter {
    readonly iface: Interface

    private constructor(readonly eth: EthereumDevnet, readonly address: string, abi: any[]) {
        this.iface = new Interface(abi)
    }

    /** deploys a router in its own block */
    static async deploy(eth: EthereumDevnet, deployer = 'router-deployer'): Promise<TestRouter> {
        const { abi, bytecode } = compileRouter()
        const w = eth.wallet(deployer)
        await eth.fund(w.address)
        const nonce = Number(BigInt(await eth.provider.send('eth_getTransactionCount', [w.address, 'pending'])))
        const hash = await sendRaw(eth, deployer, null, bytecode, 3_000_000n)
        await mine(eth, [hash])
        const address = getCreateAddress({ from: w.address, nonce })
        if ((await eth.provider.send('eth_getCode', [address, 'latest'])) === '0x') throw new Error('router not deployed')
        return new TestRouter(eth, address, abi)
    }

    /** the calldata of `route(aKSMb, steps)` */
    calldata(steps: RouteStep[], token = this.eth.addresses.aKSMb): string {
        const zero = '0x' + '00'.repeat(20)
        return this.iface.encodeFunctionData('route', [
            token,
            steps.map(s => ('pull' in s ? 0 : 1)),
            steps.map(s => ('pull' in s ? this.eth.resolve(s.pull) : zero)),
            steps.map(s => this.eth.resolve('pull' in s ? s.to : s.send)),
            steps.map(s => s.amount),
        ])
    }

    /** sends `route` from `caller` to the mempool (not mined) */
    send(caller: string, steps: RouteStep[]): Promise<string> {
        return sendRaw(this.eth, caller, this.address, this.calldata(steps))
    }

    /** `route` from `caller` in its own block */
    async route(caller: string, steps: RouteStep[]): Promise<MinedTxs> {
        return mine(this.eth, [await this.send(caller, steps)])
    }
}
