import { JsonRpcProvider } from 'ethers'
import { loadProfile } from '../config/profile'
import { latestReportFromApi, onChainFrom, publishLatestRatio, sendWithKey } from '../publisher/publish'

/**
 * npm run publish-ratio [-- --dry-run] [--allow-without-reserves]
 * Reads latestRatio from the GraphQL API (GRAPHQL_URL), refuses (exit 1, reasons printed) unless it
 * is publishable and newer than the on-chain ratio, otherwise sends updateRatio with OPERATOR_KEY
 * to the profile's aKSMb on ETH_RPC and prints the transaction.
 */
async function main(argv: string[]): Promise<number> {
    const unknown = argv.filter(a => a !== '--dry-run' && a !== '--allow-without-reserves')
    if (unknown.length) {
        console.error(`unknown option ${unknown[0]}; usage: npm run publish-ratio [-- --dry-run] [--allow-without-reserves]`)
        return 2
    }
    const dryRun = argv.includes('--dry-run')
    const url = process.env.GRAPHQL_URL ?? 'http://127.0.0.1:4350/graphql'
    const profile = loadProfile()
    const rpc = process.env.ETH_RPC ?? profile.ethereum.rpc
    if (rpc.startsWith('env:')) {
        console.error('set ETH_RPC to the Ethereum endpoint')
        return 2
    }
    const key = process.env.OPERATOR_KEY
    if (!key && !dryRun) {
        console.error('set OPERATOR_KEY (the aKSMb operator private key), or use --dry-run')
        return 2
    }
    const provider = new JsonRpcProvider(rpc)
    try {
        const outcome = await publishLatestRatio({
            latestReport: latestReportFromApi(url),
            onChain: onChainFrom(url, provider, profile.ethereum.bond),
            send: ratio => sendWithKey(provider, profile.ethereum.bond, key!)(ratio),
        }, dryRun, { allowWithoutReserves: argv.includes('--allow-without-reserves') })
        for (const r of outcome.decision.reasons) console.log(`${outcome.decision.publish ? 'publish' : 'refuse'}: ${r}`)
        if (!outcome.decision.publish) return 1
        console.log(dryRun ? 'dry run: nothing sent' : `sent updateRatio(${outcome.decision.ratio}): transaction ${outcome.txHash}`)
        return 0
    } finally {
        provider.destroy()
    }
}

main(process.argv.slice(2)).then(code => process.exit(code), e => {
    console.error(`publish-ratio failed: ${e?.message ?? e}`)
    process.exit(1)
})
