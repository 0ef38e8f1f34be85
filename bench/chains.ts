/**
 * bench/chains — raw fetch rate (blocks/s) of each local chain for the processors' access pattern.
 * These are the baselines the ingest benchmarks divide by. Usage: npm run bench:chains [-- BLOCKS]
 */
import { KusamaSimulator } from '../src/local/kusama-sim'
import { EthereumDevnet } from '../src/local/ethereum-devnet'
import { generateEthChain, generateKusamaChain } from './support/generate'
import { bestOf, ethRawFetch, kusamaRawFetch, SenderLogs } from './support/raw-fetch'
import { POOL_TOPICS } from '../src/chains/ethereum/events'

async function main() {
    const blocks = Number(process.argv[2] ?? 20000)
    const start = Date.UTC(2026, 0, 5)

    const sim = new KusamaSimulator({ genesisTime: start, poolAccounts: ['deposit', 'stash0'] })
    let t0 = Date.now()
    generateKusamaChain(sim, blocks, start + 6000)
    const events = sim.blocks().reduce((n, b) => n + b.events.length, 0)
    console.log(`kusama: generated ${blocks} blocks, ${events} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    sim.finalize()
    const { httpUrl } = await sim.listen()
    const head = sim.head().height
    const k = await bestOf([() => kusamaRawFetch(httpUrl, 0, head, 1), () => kusamaRawFetch(httpUrl, 0, head, 5)])
    console.log(`kusama raw fetch: ${k.blocks} blocks in ${k.seconds.toFixed(2)} s = ${k.blocksPerSecond.toFixed(0)} blocks/s, ${(events / k.seconds).toFixed(0)} events/s`)
    await sim.close()

    const devnet = await EthereumDevnet.start({ startTime: Math.floor(start / 1000) })
    try {
        t0 = Date.now()
        await generateEthChain(devnet, blocks)
        const ethHead = (await devnet.head()).height
        console.log(`ethereum: generated ${blocks} blocks in ${((Date.now() - t0) / 1000).toFixed(1)} s (head ${ethHead})`)
        const claims: SenderLogs = { address: devnet.addresses.pool.toLowerCase(), topic0: POOL_TOPICS.TokensClaimed }
        for (const [label, senders] of [['headers + logs + claim senders', claims], ['headers + logs only', undefined]] as const) {
            const e = await bestOf([() => ethRawFetch(devnet.rpcUrl, 0, ethHead, 1, 100, senders), () => ethRawFetch(devnet.rpcUrl, 0, ethHead, 5, 100, senders)])
            console.log(`ethereum raw fetch (${label}): ${e.blocks} blocks, ${e.logs} logs in ${e.seconds.toFixed(2)} s = ` +
                `${e.blocksPerSecond.toFixed(0)} blocks/s, ${(e.logs / e.seconds).toFixed(0)} logs/s`)
        }
    } finally {
        await devnet.stop()
    }
}

main().then(() => process.exit(0), e => {
    console.error(e)
    process.exit(1)
})
