/**
 * Postgres restarting under a serving API (issue 15: the chaos runs saw HTTP 500 INTERNAL_SERVER_ERROR with the
 * driver's "Connection terminated unexpectedly" or "connect ECONNREFUSED <host>:<port>" while it was down).
 * Queries during the outage get the coded DATABASE_UNAVAILABLE with a message to retry, naming no host, port or
 * file; the API process stays up and answers normally once Postgres is back. Real processes, real Postgres
 * (a fast shutdown and start of the same cluster, as `npm run chaos` does).
 */
import { startTestStack } from '../support/stack'
import { until } from '../support/until'

const QUERIES = [
    '{ ratioReports(limit: 1) { period } }',        // a custom resolver (type-graphql, TypeORM's pool)
    '{ poolDeposits(limit: 1) { id } }',            // the entity API (openreader's own pool)
]

async function post(url: string, query: string): Promise<{ status: number; body: any; text: string }> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    const text = await res.text()
    let body: any
    try { body = JSON.parse(text) } catch { body = undefined }
    return { status: res.status, body, text }
}

test('while Postgres restarts the API answers DATABASE_UNAVAILABLE, then serves again', async () => {
    const stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: [], steps: [] }, parts: ['api'] })
    try {
        const url = stack.graphqlUrl!
        for (const q of QUERIES) expect((await post(url, q)).body.errors).toBeUndefined()

        const restarted = stack.pg!.restartFast(6000)
        const seen: { query: string; codes: string[]; text: string }[] = []
        await until('an answer from each query while Postgres is down', async () => {
            for (const q of QUERIES) {
                const a = await post(url, q)
                const codes = (a.body?.errors ?? []).map((e: any) => e.extensions?.code)
                if (codes.length) seen.push({ query: q, codes, text: a.text })
            }
            return QUERIES.every(q => seen.some(s => s.query === q))
        }, 5_500, 100)
        await restarted

        for (const s of seen) {
            expect({ query: s.query, codes: s.codes }).toEqual({ query: s.query, codes: ['DATABASE_UNAVAILABLE'] })
            expect(s.text).toContain('retry in a few seconds')
            expect(s.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|Connection terminated|node_modules|\.js:\d+|stacktrace/)
        }
        // back: the same process answers (its pools reconnect)
        for (const q of QUERIES) {
            await until(`${q} to answer again`, async () => (await post(url, q)).body?.errors == null, 30_000, 200)
        }
        stack.supervisor.assertAlive()
    } finally {
        await stack.stop()
    }
}, 120_000)
