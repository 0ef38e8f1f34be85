/**
 * npm run audit-reserves -- PERIOD [--graphql URL] [--kusama URL] [--eth URL]
 *
 * An auditor's re-read of a report's proof of reserves (SPEC §4.14), independent of the oracle's
 * own readers: it asks the API for `proofOfReserves(period)`, then asks any Kusama archive node
 * for the same storage keys at the same block hash (`state_queryStorageAt`) and decodes them with
 * @polkadot/types from that node's own metadata, and repeats the Ethereum calls at the same block
 * hash with ethers. Exit 0 when every raw value and decoded balance equals the report's.
 */
import { JsonRpcProvider } from 'ethers'
import { Metadata, TypeRegistry } from '@polkadot/types'

interface Proof {
    period: string
    reserves: { holdingsPlanck: string; ethereum: { totalSharesSupply: string }; kusama: { accounts: { account: string; storage: { free: string; reserved: string } }[] } }
    kusama: { hash: string; keys: { account: string; systemAccountKey: string; systemAccountValue: string | null; ledgerKey: string; ledgerValue: string | null }[] }
    ethereum: { hash: string; calls: { to: string; data: string; result: string }[] }
}

const QUERY = `query($p: String!) { proofOfReserves(period: $p) { period
  reserves { holdingsPlanck ethereum { totalSharesSupply } kusama { accounts { account storage { free reserved } } } }
  kusama { hash keys { account systemAccountKey systemAccountValue ledgerKey ledgerValue } }
  ethereum { hash calls { to data result } } } }`

async function rpc(url: string, method: string, params: unknown[]): Promise<any> {
    const res = await fetch(url.replace(/^ws/, 'http'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
    const body: any = await res.json()
    if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`)
    return body.result
}

async function fetchProof(graphql: string, period: string): Promise<Proof> {
    const res = await fetch(graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: { p: period } }) })
    const body: any = await res.json()
    if (body.errors) throw new Error(body.errors.map((e: any) => e.message).join('; '))
    if (body.data.proofOfReserves == null) throw new Error(`period ${period} has no proof of reserves`)
    return body.data.proofOfReserves
}

/** the Kusama side: raw values at the block, and Σ free + reserved decoded with the node's metadata */
export async function auditKusama(url: string, p: Proof): Promise<string[]> {
    const problems: string[] = []
    const keys = p.kusama.keys.flatMap(k => [k.systemAccountKey, k.ledgerKey])
    const [changes] = await rpc(url, 'state_queryStorageAt', [keys, p.kusama.hash])
    const now = new Map<string, string | null>(changes.changes.map(([k, v]: [string, string | null]) => [k.toLowerCase(), v]))
    const registry = new TypeRegistry()
    registry.setMetadata(new Metadata(registry, await rpc(url, 'state_getMetadata', [p.kusama.hash])))
    let holdings = 0n
    for (const k of p.kusama.keys) {
        for (const [what, key, value] of [['System.Account', k.systemAccountKey, k.systemAccountValue], ['Staking.Ledger', k.ledgerKey, k.ledgerValue]] as const) {
            const again = now.get(key.toLowerCase()) ?? null
            if (again !== (value ?? null)) problems.push(`${k.account} ${what}: report ${value} node ${again}`)
        }
        const info = registry.createType('FrameSystemAccountInfo', now.get(k.systemAccountKey.toLowerCase()) ?? undefined) as any
        holdings += info.data.free.toBigInt() + info.data.reserved.toBigInt()
    }
    if (String(holdings) !== p.reserves.holdingsPlanck) problems.push(`holdings: report ${p.reserves.holdingsPlanck} planck, node ${holdings}`)
    return problems
}

/** the Ethereum side: every call again at the block hash (EIP-1898) */
export async function auditEthereum(url: string, p: Proof): Promise<string[]> {
    const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true })
    try {
        const problems: string[] = []
        for (const c of p.ethereum.calls) {
            const again = await provider.send('eth_call', [{ to: c.to, data: c.data }, { blockHash: p.ethereum.hash }])
            if (again.toLowerCase() !== c.result) problems.push(`eth_call ${c.data.slice(0, 10)}: report ${c.result} node ${again}`)
        }
        const supply = BigInt(p.ethereum.calls[0].result)
        if (String(supply) !== p.reserves.ethereum.totalSharesSupply) problems.push(`totalSharesSupply: report ${p.reserves.ethereum.totalSharesSupply}, call ${supply}`)
        return problems
    } finally {
        provider.destroy()
    }
}

export async function audit(opts: { graphql: string; kusama: string; eth: string; period: string }): Promise<string[]> {
    const proof = await fetchProof(opts.graphql, opts.period)
    return [...await auditKusama(opts.kusama, proof), ...await auditEthereum(opts.eth, proof)]
}

function arg(argv: string[], name: string, fallback?: string): string {
    const i = argv.indexOf(name)
    const v = i >= 0 ? argv[i + 1] : fallback
    if (v == null) throw new Error(`missing ${name}; usage: npm run audit-reserves -- PERIOD --graphql URL --kusama URL --eth URL`)
    return v
}

if (require.main === module) {
    const argv = process.argv.slice(2)
    const period = argv.find(a => /^\d{4}-\d{2}-\d{2}/.test(a))
    audit({
        period: period ?? arg([], 'PERIOD'),
        graphql: arg(argv, '--graphql', process.env.GRAPHQL_URL ?? 'http://127.0.0.1:4350/graphql'),
        kusama: arg(argv, '--kusama', process.env.KUSAMA_RPC), eth: arg(argv, '--eth', process.env.ETH_RPC),
    }).then(problems => {
        for (const p of problems) console.log(`DIFFERS ${p}`)
        console.log(problems.length === 0 ? `period ${period}: every reading equals the chains' storage` : `${problems.length} difference(s)`)
        process.exit(problems.length === 0 ? 0 : 1)
    }, e => {
        console.error(e?.message ?? e)
        process.exit(2)
    })
}
