import { latestReportFromApi, publishLatestRatio } from '../../publisher/publish'
import { EthereumDevnet } from '../ethereum-devnet'

/**
 * The scenario op `publishRatio`: the real publisher decision on the real API's latestRatio,
 * sending through the devnet so the update is mined at the step's time. Answers the line to log.
 */
export function makePublishHook(graphqlUrl: string | undefined, eth: EthereumDevnet) {
    return async (at: { ethSeconds: number }): Promise<string> => {
        if (!graphqlUrl) return 'refused: the GraphQL API is not running'
        const outcome = await publishLatestRatio({
            latestReport: latestReportFromApi(graphqlUrl),
            onChain: async () => {
                const res = await fetch(graphqlUrl, {
                    method: 'POST', headers: { 'content-type': 'application/json' },
                    body: JSON.stringify({ query: '{ ratioUpdates(orderBy: blockHeight_DESC, limit: 1) { timestamp } }' }),
                })
                const last = ((await res.json()) as any).data?.ratioUpdates?.[0]
                return { ratio: await eth.ratio(), lastUpdateTime: last ? Date.parse(last.timestamp) / 1000 : undefined }
            },
            send: async ratio => (await eth.setRatio(at.ethSeconds, ratio)).txHash ?? '(no hash)',
        })
        const d = outcome.decision
        return d.publish ? `published ratio ${d.ratio} (${d.reasons.join('; ')}), tx ${outcome.txHash}` : `refused: ${d.reasons.join('; ')}`
    }
}
