/**
 * The failing seed `npm run chaos -- --seeds 20` found (seed 12 of the default 4-day pool, RELIABILITY.md): a
 * WebSocket fault armed just before a claim's sync point took the newHeads notifications of the blocks the sync
 * point mined; the Ethereum processor follows the head only by that subscription (the SDK, over WebSocket), the
 * local devnet mines nothing while the runner waits, so the processor never caught up ("eth-processor at 0 of 4"),
 * and restarting it did not help (a processor with only hot blocks stored resumes from the subscription too).
 * On a live chain the next block comes within 12 s; the fault proxy now stands in for it by announcing the
 * current head on every newHeads subscription (src/chaos/fault-proxy.ts). Here: the processor caught up, a stall
 * on its connection while blocks are mined and finalized, no block after — it must catch up with no restart.
 */
import { FaultProxy } from '../../src/chaos/fault-proxy'
import { PRODUCT_PARTS } from '../../src/parts'
import { startTestStack } from '../support/stack'

const E18 = 10n ** 18n
const LAG = 5   // the scenario default finalityLag: the devnet profile's finalityConfirmation

test('a processor whose head notifications were lost to a fault catches up on an idle chain, without a restart', async () => {
    const stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: [], steps: [] }, parts: [] })
    const proxy = await FaultProxy.start(stack.eth.wsUrl, { stallMs: 4000 })
    try {
        stack.supervisor.start(PRODUCT_PARTS.find(p => p.name === 'eth-processor')!, { ETH_RPC: proxy.url })
        await stack.eth.mintShares(undefined, 'alice', 10n * E18)
        await stack.eth.finalize(LAG)
        await stack.waitForCatchUp(60_000)

        proxy.arm('stall')   // the next message to the processor is held 4 s, then its connection is dropped
        for (let i = 0; i < 3; i++) await stack.eth.transferBond(undefined, 'alice', 'bob', E18)
        await stack.eth.finalize(LAG)
        await stack.waitForCatchUp(30_000)   // before the fix: timed out, the processor a few blocks behind for good
        expect(proxy.counts().stall).toBe(1)
        expect(stack.supervisor.parts().find(r => r.part.name === 'eth-processor')!.restarts).toBe(0)
    } finally {
        await proxy.close()
        await stack.stop()
    }
}, 120_000)
