/**
 * Abuse of the GraphQL API (issue 15, item 4), against the real API process on a real Postgres: every
 * abusive request is refused at its bound with a coded error — a 4xx status and `extensions.code` — and no
 * answer carries a stack trace or a file path. The bounds are README "Limits" (src/api/limits/).
 */
import { Client } from 'pg'
import WebSocket from 'ws'
import { pgConfig } from '../../src/db/connection'
import { LocalStack } from '../../src/local/local-stack'
import { startTestStack } from '../support/stack'

let stack: LocalStack

beforeAll(async () => {
    stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: ['stash0'], steps: [] }, parts: ['api'] })
})

afterAll(async () => {
    await stack?.stop()
})

interface Request {
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer
    /** appended to the URL */
    search?: string
}

interface Answer {
    status: number
    text: string
    /** the parsed JSON body (undefined when it is not JSON) */
    body: any
}

async function send(r: Request): Promise<Answer> {
    const res = await fetch(stack.graphqlUrl! + (r.search ?? ''), {
        method: r.method ?? 'POST', headers: r.headers ?? { 'content-type': 'application/json' }, body: r.body,
    })
    const text = await res.text()
    let body: any
    try {
        body = JSON.parse(text)
    } catch {
        body = undefined
    }
    return { status: res.status, text, body }
}

const post = (query: string, variables?: object): Request => ({ body: JSON.stringify({ query, variables }) })
const codesOf = (a: Answer): string[] => (a.body?.errors ?? []).map((e: any) => e.extensions?.code)
const messagesOf = (a: Answer): string[] => (a.body?.errors ?? []).map((e: any) => e.message)

/** `{ a { a { … b } } }`: `depth` fields deep (unknown fields: the guard measures before validation) */
const nested = (depth: number) => '{ ' + 'a { '.repeat(depth - 1) + 'b' + ' }'.repeat(depth - 1) + ' }'
/** 2^levels fields once expanded, in a few hundred bytes: each fragment spreads the next twice */
const fragmentBomb = (levels: number) => '{ __type(name: "Query") { ...F0 } } ' + Array.from({ length: levels }, (_, i) =>
    `fragment F${i} on __Type { a: ofType { ...F${i + 1} } b: ofType { ...F${i + 1} } }`).join(' ') + ` fragment F${levels} on __Type { name }`
/** `tokens` lexical tokens but one field: a long list argument */
const manyTokens = (tokens: number) => `{ poolDeposits(limit: 1, where: { id_in: [${Array.from({ length: tokens - 19 }, (_, i) => `"${i}"`).join(', ')}] }) { id } }`
const aliasBomb = (n: number) => `{ latestRatio { ${Array.from({ length: n }, (_, i) => `a${i}: period`).join(' ')} } }`
/** variables `{"w": {"AND": {"AND": …}}}` as JSON text, `levels` deep (JSON.parse takes it; recursive consumers, JSON.stringify too, overflow) */
const deepWhere = (levels: number) => '{"w":' + '{"AND":'.repeat(levels) + '{}' + '}'.repeat(levels) + '}'
const WHERE_QUERY = 'query($w: PoolDepositWhereInput) { poolDeposits(where: $w, limit: 1) { id } }'
const postDeepWhere = (levels: number): Request => ({ body: `{"query":${JSON.stringify(WHERE_QUERY)},"variables":${deepWhere(levels)}}` })

interface Abuse {
    name: string
    request: Request
    status: number
    code: string
    message: RegExp
}

/** Every abusive request of issue 15 item 4 but the slow query (it takes the statement timeout, below). */
const ABUSES: Abuse[] = [
    { name: 'a query 11 fields deep', request: post(nested(11)), status: 400, code: 'GRAPHQL_VALIDATION_FAILED',
        message: /^the query is 11 fields deep; at most 10 are allowed$/ },
    { name: 'an alias bomb (301 aliases of one field)', request: post(aliasBomb(301)), status: 400, code: 'GRAPHQL_VALIDATION_FAILED',
        message: /^the query selects 302 fields once its fragments are expanded; at most 300 are allowed$/ },
    { name: 'an alias bomb at the root (11 root fields)', request: post(`{ ${Array.from({ length: 11 }, (_, i) => `r${i}: latestRatio { period }`).join(' ')} }`),
        status: 400, code: 'BAD_USER_INPUT', message: /^only 10 root fields allowed, but got 11$/ },
    { name: 'a fragment bomb (over 2^31 fields in 2 KB)', request: post(fragmentBomb(30)), status: 400, code: 'GRAPHQL_VALIDATION_FAILED',
        message: /^the query selects \d+ fields once its fragments are expanded; at most 300 are allowed$/ },
    { name: 'a fragment cycle', request: post('{ __type(name: "Query") { ...A } } fragment A on __Type { ofType { ...B } } fragment B on __Type { ofType { ...A } }'),
        status: 400, code: 'GRAPHQL_VALIDATION_FAILED', message: /^Cannot spread fragment "A" within itself via "B"\.$/ },
    { name: 'a query of 1001 tokens', request: post(manyTokens(1001)), status: 400, code: 'GRAPHQL_PARSE_FAILED',
        message: /^the query has more than 1000 tokens$/ },
    { name: 'brackets nested 33 deep', request: post('{'.repeat(33) + '}'.repeat(33)), status: 400, code: 'GRAPHQL_PARSE_FAILED',
        message: /^the query nests brackets more than 32 levels deep$/ },
    { name: 'brackets nested 50,000 deep (overflows the parser\'s stack)', request: post('{a'.repeat(50_000) + '}'.repeat(50_000)), status: 400,
        code: 'GRAPHQL_PARSE_FAILED', message: /^the query nests brackets more than 32 levels deep$/ },
    { name: 'a page of 1001 (custom query)', request: post('{ deposits(limit: 1001) { id } }'), status: 400, code: 'BAD_USER_INPUT',
        message: /^limit must be an integer from 1 to 1000, got 1001$/ },
    { name: 'an offset past 1,000,000 (custom query)', request: post('{ ratioReports(offset: 1000001) { period } }'), status: 400, code: 'BAD_USER_INPUT',
        message: /^offset must be an integer from 0 to 1000000, got 1000001$/ },
    { name: 'a page of 1001 (entity API, in a variable)', request: post('query($l: Int) { poolDeposits(limit: $l) { id } }', { l: 1001 }), status: 400,
        code: 'BAD_USER_INPUT', message: /^limit must be an integer from 1 to 1000, got 1001$/ },
    { name: 'a negative offset (entity API)', request: post('{ poolDeposits(limit: 1, offset: -1) { id } }'), status: 400, code: 'BAD_USER_INPUT',
        message: /^offset must be an integer from 0 to 1000000, got -1$/ },
    { name: 'a connection page of 1001 (entity API)', request: post('{ poolDepositsConnection(orderBy: id_ASC, first: 1001) { totalCount } }'), status: 400,
        code: 'BAD_USER_INPUT', message: /^first must be an integer from 0 to 1000, got 1001$/ },
    { name: 'an entity list without a page', request: post('{ poolDeposits { id } }'), status: 200, code: 'BAD_USER_INPUT',
        message: /^response might exceed the size limit$/ },
    { name: 'a 5 MB body', request: { body: JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(5_000_000) } }) }, status: 413,
        code: 'BAD_USER_INPUT', message: /^the request body is larger than the 256 KB limit$/ },
    { name: 'a body that is not UTF-8', request: { body: Buffer.concat([Buffer.from('{"query": "{ accountSummary(address: \\"'), Buffer.from([0xff, 0xfe]), Buffer.from('\\") { chain } }"}')]) },
        status: 400, code: 'BAD_USER_INPUT', message: /^the request body is not valid UTF-8$/ },
    { name: 'malformed JSON', request: { body: '{"query": "{ latestRatio { period } }"' }, status: 400, code: 'BAD_USER_INPUT', message: /^the request body is not valid JSON$/ },
    { name: 'an unknown field', request: post('{ latestRatio { period secretKey } }'), status: 400, code: 'GRAPHQL_VALIDATION_FAILED',
        message: /^Cannot query field "secretKey" on type "RatioReportView"\.$/ },
    { name: 'a query that does not parse', request: post('{ latestRatio { period }'), status: 400, code: 'GRAPHQL_PARSE_FAILED', message: /^Syntax Error: Expected Name, found <EOF>\.$/ },
    { name: 'variables nested 30,000 deep', request: postDeepWhere(30_000),
        status: 400, code: 'BAD_USER_INPUT', message: /^variables nest more than 32 levels deep$/ },
    { name: 'a NUL character in a filter (Postgres refuses it as data)', request: post('{ poolDeposits(limit: 1, where: { id_startsWith: "\\u0000" }) { id } }'),
        status: 200, code: 'BAD_USER_INPUT', message: /^invalid byte sequence for encoding "UTF8": 0x00$/ },
    { name: 'a malformed address', request: post('{ accountSummary(address: "nobody") { chain } }'), status: 200, code: 'BAD_USER_INPUT',
        message: /^unknown address format: / },
    { name: 'a batch of operations', request: { body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) }, status: 400,
        code: 'BAD_USER_INPUT', message: /^batched operations are not supported/ },
    { name: 'a query that is not a string', request: { body: JSON.stringify({ query: { kind: 'Document' } }) }, status: 400, code: 'BAD_USER_INPUT',
        message: /^query must be a string$/ },
    { name: 'a body that is not JSON', request: { headers: { 'content-type': 'text/plain' }, body: '{ __typename }' }, status: 415, code: 'BAD_USER_INPUT',
        message: /^send the operation as a JSON body/ },
    { name: 'a PUT', request: { method: 'PUT', body: JSON.stringify({ query: '{ __typename }' }) }, status: 405, code: 'BAD_USER_INPUT', message: /^GraphQL takes GET and POST, not PUT$/ },
    { name: 'a mutation over GET', request: { method: 'GET', headers: { accept: 'application/json' },
        search: '?query=' + encodeURIComponent('mutation { requestClaim(kusamaAddress: "a", ethAddress: "b", shares: "1", nonce: "n", signature: "s") }') },
    status: 405, code: 'BAD_USER_INPUT', message: /^GET supports only query operation$/ },
]

describe('abuse of the GraphQL API, bounded and coded', () => {
    it.each(ABUSES)('refuses $name', async a => {
        const answer = await send(a.request)
        expect({ status: answer.status, codes: codesOf(answer) }).toEqual({ status: a.status, codes: [a.code] })
        expect(messagesOf(answer)[0]).toMatch(a.message)
    })

    it('lets through what is just within each bound', async () => {
        const within = async (query: string, variables?: object) => send(post(query, variables))
        // 10 deep passes the guard and reaches validation (the fields are unknown)
        expect(messagesOf(await within(nested(10)))).toEqual(['Cannot query field "a" on type "Query".'])
        expect((await within(aliasBomb(299))).body).toEqual({ data: { latestRatio: null } })
        expect((await within(fragmentBomb(6))).body).toEqual({ data: { __type: { a: null, b: null } } })   // 191 fields
        expect((await within(manyTokens(1000))).body).toEqual({ data: { poolDeposits: [] } })
        expect((await within('{ deposits(limit: 1000, offset: 1000000) { id } }')).body).toEqual({ data: { deposits: [] } })
        expect((await within('query($l: Int) { poolDeposits(limit: $l) { id } }', { l: 1000 })).body).toEqual({ data: { poolDeposits: [] } })
        expect((await send(postDeepWhere(20))).body).toEqual({ data: { poolDeposits: [] } })
        // a 250 KB body is parsed (and refused for its query, not its size)
        const big = await send({ body: JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(250_000) } }) })
        expect([big.status, big.body]).toEqual([200, { data: { __typename: 'Query' } }])
        // GraphiQL's introspection (190 fields expanded, deep inside __schema) still works
        const { getIntrospectionQuery } = await import('graphql')
        const introspection = await within(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true }))
        expect(introspection.body.errors).toBeUndefined()
        expect(introspection.body.data.__schema.queryType).toEqual({ name: 'Query' })
    })

    it('cancels a slow query at the 10 s statement timeout with STATEMENT_TIMEOUT, and keeps answering meanwhile', async () => {
        const db = new Client(pgConfig(stack.db))
        await db.connect()
        try {
            // a writer holding the table: the entity query waits on its lock until the statement timeout cancels it
            await db.query('BEGIN')
            await db.query('LOCK TABLE pool_deposit IN ACCESS EXCLUSIVE MODE')
            const started = Date.now()
            const slow = send(post('{ poolDeposits(limit: 1) { id } }'))
            await new Promise(r => setTimeout(r, 1000))
            const quickStarted = Date.now()
            expect((await send(post('{ latestRatio { period } }'))).body).toEqual({ data: { latestRatio: null } })
            expect(Date.now() - quickStarted).toBeLessThan(2000)
            const answer = await slow
            const took = Date.now() - started
            expect(took).toBeGreaterThanOrEqual(9_900)
            expect(took).toBeLessThan(15_000)
            expect(codesOf(answer)).toEqual(['STATEMENT_TIMEOUT'])
            expect(messagesOf(answer)).toEqual(['the query was cancelled after the 10000 ms statement timeout; ask for less (a smaller page, a narrower range or filter)'])
            expectClean(answer)
        } finally {
            await db.query('ROLLBACK').catch(() => {})
            await db.end()
        }
    }, 30_000)

    it('applies the query limits to subscriptions over the WebSocket too', async () => {
        const ws = new WebSocket(stack.graphqlUrl!.replace(/^http/, 'ws'), 'graphql-transport-ws')
        const messages: any[] = []
        const next = () => new Promise<any>((resolve, reject) => {
            ws.once('message', data => resolve(JSON.parse(String(data))))
            ws.once('error', reject)
        })
        try {
            await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) })
            ws.send(JSON.stringify({ type: 'connection_init' }))
            messages.push(await next())
            ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: fragmentBomb(30) } }))
            messages.push(await next())
            ws.send(`{"id":"2","type":"subscribe","payload":{"query":${JSON.stringify(WHERE_QUERY)},"variables":${deepWhere(100)}}}`)
            messages.push(await next())
            ws.send(JSON.stringify({ id: '3', type: 'subscribe', payload: { query: 'subscription($l: Int) { poolDeposits(limit: $l) { id } }', variables: { l: 5000 } } }))
            messages.push(await next())
        } finally {
            ws.close()
        }
        expect(messages.map(m => m.type)).toEqual(['connection_ack', 'error', 'error', 'error'])
        expect(messages[1].payload).toEqual([{ message: expect.stringMatching(/^the query selects \d+ fields once its fragments are expanded; at most 300/),
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }])
        expect(messages[2].payload).toEqual([{ message: 'variables nest more than 32 levels deep', extensions: { code: 'BAD_USER_INPUT' } }])
        expect(messages[3].payload).toEqual([{ message: 'limit must be an integer from 1 to 1000, got 5000', extensions: { code: 'BAD_USER_INPUT' } }])
    })

    it('answers every abusive request with a coded JSON error and no stack trace or file path', async () => {
        const answers = await Promise.all(ABUSES.map(a => send(a.request)))
        for (const [i, answer] of answers.entries()) {
            expect([ABUSES[i].name, answer.status]).toEqual([ABUSES[i].name, ABUSES[i].status])
            expect([ABUSES[i].name, codesOf(answer).length]).toEqual([ABUSES[i].name, 1])
            expectClean(answer)
        }
    })
})

/** no stack trace and no file path anywhere in the answer */
function expectClean(a: Answer): void {
    for (const leak of ['stacktrace', 'exception', '/src/', '/lib/', 'node_modules', '.js:', '.ts:']) expect(a.text).not.toContain(leak)
}
