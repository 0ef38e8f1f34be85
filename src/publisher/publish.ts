import { Contract, JsonRpcProvider, Wallet } from 'ethers'
import { decidePublication, Decision, OnChainRatio, ReportToPublish } from './decision'

/** What the publisher reads and how it sends; the CLI uses GraphQL + an Ethereum RPC, the scenario runner its devnet. */
export interface PublisherIO {
    latestReport(): Promise<ReportToPublish | null>
    onChain(): Promise<OnChainRatio>
    /** sends updateRatio(ratio) and answers the transaction hash */
    send(ratio: bigint): Promise<string>
}

export interface PublishOutcome {
    decision: Decision
    txHash?: string
}

export async function publishLatestRatio(io: PublisherIO, dryRun = false, opts: { allowWithoutReserves?: boolean } = {}): Promise<PublishOutcome> {
    const [report, onChain] = await Promise.all([io.latestReport(), io.onChain()])
    const decision = decidePublication(report, onChain, opts)
    if (!decision.publish || dryRun) return { decision }
    return { decision, txHash: await io.send(decision.ratio!) }
}

const REPORT_FIELDS = 'period periodEnd ratio publishable checks { name passed blocking detail }'

async function graphql<T>(url: string, query: string): Promise<T> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    if (!res.ok) throw new Error(`GraphQL ${url} answered HTTP ${res.status}`)
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] }
    if (body.errors?.length) throw new Error(`GraphQL ${url}: ${body.errors.map(e => e.message).join('; ')}`)
    if (!body.data) throw new Error(`GraphQL ${url} answered no data`)
    return body.data
}

export function latestReportFromApi(url: string): () => Promise<ReportToPublish | null> {
    return async () => (await graphql<{ latestRatio: ReportToPublish | null }>(url, `{ latestRatio { ${REPORT_FIELDS} } }`)).latestRatio
}

/** The last indexed RatioUpdate tells when the on-chain ratio last changed; ratio() is read from the chain itself. */
export function onChainFrom(url: string, provider: JsonRpcProvider, bond: string): () => Promise<OnChainRatio> {
    const token = new Contract(bond, ['function ratio() view returns (uint256)'], provider)
    return async () => {
        const [ratio, data] = await Promise.all([
            token.ratio() as Promise<bigint>,
            graphql<{ ratioUpdates: { timestamp: string }[] }>(url, '{ ratioUpdates(orderBy: blockHeight_DESC, limit: 1) { timestamp } }'),
        ])
        const last = data.ratioUpdates[0]
        return { ratio, lastUpdateTime: last ? Date.parse(last.timestamp) / 1000 : undefined }
    }
}

export function sendWithKey(provider: JsonRpcProvider, bond: string, operatorKey: string): (ratio: bigint) => Promise<string> {
    const token = new Contract(bond, ['function updateRatio(uint256)'], new Wallet(operatorKey, provider))
    return async ratio => {
        const tx = await token.updateRatio(ratio)
        return tx.hash as string
    }
}
