import { LocalStack } from '../../src/local/local-stack'
import { startTestStack } from '../support/stack'

/** Bad input to the API gets a clear error, never a crash or an unbounded answer (SPEC §5). */
let stack: LocalStack

beforeAll(async () => {
    stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: ['stash0'], steps: [] }, parts: ['api'] })
})

afterAll(async () => {
    await stack?.stop()
})

async function errorsOf(query: string): Promise<string[]> {
    const res = await fetch(stack.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    const body: any = await res.json()
    return (body.errors ?? []).map((e: any) => e.message)
}

describe('GraphQL API bounds and bad input', () => {
    it('refuses pages above 1000 and negative offsets', async () => {
        expect(await errorsOf('{ deposits(limit: 5000) { id } }')).toEqual(['limit must be an integer from 1 to 1000, got 5000'])
        expect(await errorsOf('{ ratioReports(offset: -1) { period } }')).toEqual(['offset must be an integer from 0 to 1000000, got -1'])
        expect(await errorsOf('{ unstakeQueue(limit: 0) { pendingOwedPlanck } }')).toEqual(['limit must be an integer from 1 to 1000, got 0'])
    })

    it('refuses an entity list that could exceed the response size', async () => {
        expect(await errorsOf('{ poolDeposits { id } }')).toEqual(['response might exceed the size limit'])
        expect(await errorsOf('{ poolDeposits(limit: 100) { id } }')).toEqual([])
    })

    it('refuses too many root fields in one query', async () => {
        const fields = Array.from({ length: 11 }, (_, i) => `q${i}: latestRatio { period }`).join(' ')
        const errors = await errorsOf(`{ ${fields} }`)
        expect(errors.length).toBe(1)
        expect(errors[0]).toMatch(/root fields/i)
    })

    it('answers malformed addresses, periods, ids and groupings with the reason', async () => {
        expect(await errorsOf('{ accountSummary(address: "0x1234") { chain } }')).toEqual([
            'unknown address format: expected a Kusama (SS58) or an Ethereum (0x, 20 bytes) address, got "0x1234"'])
        expect(await errorsOf('{ ratioReports(from: "yesterday") { period } }')).toEqual(['from must be a period like 2026-03-02, got yesterday'])
        expect(await errorsOf('{ deposit(extrinsicId: "12") { id } }')).toEqual(['extrinsicId must look like <blockHeight>-<extrinsicIndex>, got 12'])
        expect(await errorsOf('{ deposit { id } }')).toEqual(['give exactly one of extrinsicId or hash'])
        expect(await errorsOf('{ rewards(groupBy: "MONTH") { key } }')).toEqual(['groupBy must be one of DAY, ERA, VALIDATOR, STASH, got MONTH'])
    })

    it('answers empty but well-formed views before anything is indexed', async () => {
        const res = await fetch(stack.graphqlUrl!, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ latestRatio { period } unstakeQueue { watermark pendingOwedPlanck requests { id } } indexerStatus { watermark chains { chain finalizedHeight } } }' }),
        })
        const body: any = await res.json()
        expect(body.errors).toBeUndefined()
        expect(body.data).toEqual({
            latestRatio: null,
            unstakeQueue: { watermark: null, pendingOwedPlanck: '0', requests: [] },
            indexerStatus: { watermark: null, chains: [{ chain: 'kusama', finalizedHeight: -1 }, { chain: 'ethereum', finalizedHeight: -1 }] },
        })
    })
})
