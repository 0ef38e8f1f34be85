/**
 * The other half of the Ethereum processor's reorg window (the first: ../scenario/reorg-eth-tx-race.test.ts):
 * an aKSMb Transfer made through another contract gets its unit from the token's `sharesOf` at its block and
 * the parent, read by block hash. A reorg that replaces the block between the SDK's fetch and that read made
 * the read fail, and the processor exit. Now the handler asks the node which read blocks it still knows and
 * leaves the vanished ones to the new branch (src/chains/ethereum/vanished-blocks.ts). A JSON-RPC proxy
 * (src/chaos/fault-proxy.ts) holds the first `eth_call` until the devnet has reorged the routed transfer's
 * block away (the devnet mines the transaction again on the new branch): deterministic, not a race left to chance. Checked against the handler before the fix: the
 * processor exited (Hardhat: "Received invalid block tag 0x…", the vanished hash).
 */
import * as fs from 'fs'
import { Client } from 'pg'
import { FaultProxy } from '../../src/chaos/fault-proxy'
import { pgConfig } from '../../src/db/connection'
import { PRODUCT_PARTS } from '../../src/parts'
import { startTestStack } from '../support/stack'
import { until } from '../support/until'
import { TestRouter } from './router'

const E18 = 10n ** 18n
const LAG = 5   // the devnet profile's finalityConfirmation
const R = 1_100_000_000_000_000_000n   // not 1: a Transfer's unit (aKSMb or shares) changes its shares

test("the eth-processor survives a reorg that removes a routed Transfer's block while it reads sharesOf there", async () => {
    const stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: [], steps: [] }, parts: [] })
    const proxy = await FaultProxy.start(stack.eth.rpcUrl)
    const db = new Client(pgConfig(stack.db))
    try {
        const eth = stack.eth
        await eth.setRatio(undefined, R)
        const router = await TestRouter.deploy(eth)
        await eth.mintShares(undefined, 'bob', 10n * E18)
        await eth.approveBond(undefined, 'bob', router.address, 10n * E18)
        await eth.finalize(LAG)
        stack.supervisor.start(PRODUCT_PARTS.find(p => p.name === 'eth-processor')!, { ETH_RPC: proxy.url })
        await stack.waitForCatchUp(60_000)

        // bob → dave through the router, unfinalized: its unit needs sharesOf at its block, which a reorg removes just then
        proxy.armFor('eth_call', () => eth.reorg(1))
        const routed = await router.route('carol', [{ pull: 'bob', to: 'dave', amount: 3n * E18 }])
        await until('the processor to read sharesOf at the routed block', async () => { stack.supervisor.assertAlive(); return proxy.fired() })
        await eth.finalize(LAG)
        await stack.waitForCatchUp(60_000)   // before the fix: "eth-processor exited (code 1)"

        // the devnet mines the reorged transaction again on the new branch: indexed once, at its new block
        await db.connect()
        const receipt = await eth.provider.send('eth_getTransactionReceipt', [routed.txHash])
        expect(receipt.blockHash).not.toBe(routed.hash)
        expect((await db.query('SELECT block_hash FROM bond_transfer WHERE tx_hash = $1', [routed.txHash])).rows).toEqual([{ block_hash: receipt.blockHash }])
        const holders = (await db.query('SELECT id, shares FROM bond_holder WHERE shares <> 0 ORDER BY id')).rows
        const onChain = await Promise.all(['bob', 'dave'].map(async n => ({ id: eth.address(n).toLowerCase(), shares: String(await eth.sharesOf(n)) })))
        expect(holders).toEqual(onChain.sort((a, b) => (a.id < b.id ? -1 : 1)))
        expect(await eth.sharesOf('dave')).toBeGreaterThan(0n)
        const log = stack.supervisor.parts().find(p => p.part.name === 'eth-processor')!.logFile
        expect(fs.readFileSync(log, 'utf8')).toContain('while this batch read sharesOf there')
    } finally {
        await db.end().catch(() => {})
        await proxy.close()
        await stack.stop()
    }
}, 120_000)
