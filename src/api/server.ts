/**
 * The product's API server: the stock `@subsquid/graphql-server` (the entity API from schema.graphql, the
 * custom resolvers of lib/server-extension/resolvers, the same limits and subscriptions) with our own HTTP
 * routes beside /graphql on the same port (POST/GET /claims for Ankr's dashboard; later /dashboard).
 *
 * The stock server builds its express app inside openreader's `runApollo` and exposes no way to add a
 * route. So this module takes everything else from the stock server — its schema (entities, squidStatus,
 * custom resolvers merged), its per-request context (TypeORM connection, response-size limits), its
 * request-check plugin — and repeats only `runApollo` (express app, Apollo, WebSocket subscriptions,
 * GraphiQL console, listen), calling `mount(app)` before Apollo takes /graphql. The modules it uses are
 * the ones the stock server itself loads (resolved from its own location), and the versions it was
 * written against are checked at start-up, so an upgrade fails loudly instead of serving a different API.
 */
import type { Express } from 'express'
import { createRequire } from 'module'
import type { Logger } from '@subsquid/logger'
import { Server, ServerOptions } from '@subsquid/graphql-server/lib/server'
import type { ListeningServer } from '@subsquid/util-internal-http-server'
import { graphqlBodyErrors, lastErrorHandler, requireUtf8, textErrorsAsJson } from './limits/error-replies'
import { formatGraphqlError } from './limits/format-error'
import { graphqlRequestGuard } from './limits/graphql-request-guard'
import { pageArgsPlugin } from './limits/page-args'
import { DEFAULT_QUERY_LIMITS, DEFAULT_VALIDATION_MAX_ERRORS, QueryLimits } from './limits/query-limits'
import { wsQueryGuard } from './limits/ws-guard'

/** the versions whose internals (Server's private methods, openreader's runApollo) this module repeats */
export const EMBEDDED_VERSIONS: Record<string, string> = { '@subsquid/graphql-server': '4.11.0', '@subsquid/openreader': '5.3.0' }

const gqlRequire = createRequire(require.resolve('@subsquid/graphql-server/package.json'))
const orRequire = createRequire(gqlRequire.resolve('@subsquid/openreader/package.json'))

export function assertEmbeddedVersions(): void {
    const found: Record<string, string> = {
        '@subsquid/graphql-server': gqlRequire('./package.json').version,
        '@subsquid/openreader': orRequire('./package.json').version,
    }
    const wrong = Object.keys(EMBEDDED_VERSIONS).filter(p => found[p] !== EMBEDDED_VERSIONS[p])
    if (wrong.length) {
        throw new Error(`src/api/server.ts embeds the internals of ${wrong.map(p => `${p} ${EMBEDDED_VERSIONS[p]}`).join(', ')}, ` +
            `but ${wrong.map(p => `${p} ${found[p]}`).join(', ')} is installed: check runApollo and Server.bootstrap of the new version and update it`)
    }
}

/** The express module of the stock server (its json body parser, for our routes). */
export function expressOfGraphqlServer(): typeof import('express') {
    return orRequire('express')
}

/** The parts of the stock Server that are private in its typings (checked by assertEmbeddedVersions). */
interface StockServer {
    disposals: (() => Promise<void>)[]
    schema(): Promise<import('graphql').GraphQLSchema>
    context(): Promise<() => any>
    customCheck(): any
    model(): any
    cache(): any
    port(): number | string
}

export interface ApiServerOptions extends ServerOptions {
    /** mounts extra routes on the express app before Apollo takes /graphql */
    mount?: (app: Express) => void
    /** default GQL_PORT / GRAPHQL_SERVER_PORT / 4000, as the stock server */
    port?: number
    /** bounds of a GraphQL document (src/api/limits/query-limits.ts); default DEFAULT_QUERY_LIMITS */
    queryLimits?: Partial<QueryLimits>
}

export function startApiServer(options: ApiServerOptions): Promise<ListeningServer> {
    assertEmbeddedVersions()
    const { mount, port, queryLimits, ...serverOptions } = options
    if (serverOptions.dumbCache) throw new Error('the dumb cache of the stock server is not supported by this entry point')
    const stock = new Server(serverOptions) as unknown as StockServer
    const { addServerCleanup } = orRequire('./lib/server')
    const bootstrap = async (): Promise<ListeningServer> => {
        const schema = await stock.schema()
        const context = await stock.context()
        const plugins: unknown[] = []
        const requestCheck = stock.customCheck()
        if (requestCheck) plugins.push(gqlRequire('./lib/check').createCheckPlugin(requestCheck, stock.model()))
        return runApollo({
            port: port ?? stock.port(), disposals: stock.disposals, schema, context, plugins, log: serverOptions.log,
            subscriptions: serverOptions.subscriptions, maxRequestSizeBytes: serverOptions.maxRequestSizeBytes,
            maxRootFields: serverOptions.maxRootFields, validationMaxErrors: serverOptions.validationMaxErrors, cache: stock.cache(), mount,
            queryLimits: { ...DEFAULT_QUERY_LIMITS, ...queryLimits }, statementTimeoutMs: serverOptions.sqlStatementTimeout,
        })
    }
    return addServerCleanup(stock.disposals, bootstrap(), serverOptions.log)
}

interface ApolloOptions {
    port: number | string
    disposals: (() => Promise<void>)[]
    schema: import('graphql').GraphQLSchema
    context: () => any
    plugins: unknown[]
    log?: Logger
    subscriptions?: boolean
    maxRequestSizeBytes?: number
    maxRootFields?: number
    validationMaxErrors?: number
    cache?: unknown
    mount?: (app: Express) => void
    queryLimits: QueryLimits
    statementTimeoutMs?: number
}

/**
 * @subsquid/openreader 5.3.0 lib/server.js `runApollo`, plus `mount(app)` and the API's limits (README
 * "Limits"): the request guard before Apollo on /graphql (body size, UTF-8, one JSON operation, query
 * tokens / nesting / depth / expanded fields), paging arguments of every field, errors without stack
 * traces or paths and with a code, and coded JSON for every transport error.
 */
async function runApollo(options: ApolloOptions): Promise<ListeningServer> {
    const http = require('http') as typeof import('http')
    const express = expressOfGraphqlServer()
    const { WebSocketServer } = orRequire('ws')
    const { useServer } = orRequire('graphql-ws/lib/use/ws')
    const { ApolloServer } = orRequire('@subsquid/apollo-server-express')
    const { openreaderExecute, openreaderSubscribe } = orRequire('./lib/util/execute')
    const { setupGraphiqlConsole } = orRequire('./lib/server')
    const { listen } = orRequire('@subsquid/util-internal-http-server')

    const { disposals, context, schema, maxRootFields, validationMaxErrors } = options
    const maxRequestSizeBytes = options.maxRequestSizeBytes ?? 256 * 1024
    const app = express()
    const server = http.createServer(app)
    const execute = (args: unknown) => openreaderExecute(args, { maxRootFields })
    if (options.subscriptions) {
        const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: maxRequestSizeBytes })
        const wsServerCleanup = useServer({
            schema, context, execute, subscribe: openreaderSubscribe, onSubscribe: wsQueryGuard(options.queryLimits),
            onNext(_ctx: unknown, _message: unknown, args: any, result: unknown) {
                args.contextValue.openreader.close()
                return result
            },
        }, wsServer)
        disposals.push(async () => wsServerCleanup.dispose())
    }
    const apollo = new ApolloServer({
        // without the stock server's (--dumb-cache) Apollo would keep persisted queries in an unbounded cache: bounded instead
        schema, context, cache: options.cache ?? 'bounded',
        // debug would put every error's stack trace in `extensions.exception`; formatError drops the rest of it
        debug: false, formatError: formatGraphqlError({ statementTimeoutMs: options.statementTimeoutMs }),
        stopOnTerminationSignals: false, allowBatchedHttpRequests: false, dangerouslyDisableValidation: false,
        validateOptions: { maxErrors: validationMaxErrors ?? DEFAULT_VALIDATION_MAX_ERRORS },
        executor: async (req: any) => execute({
            schema, document: req.document, rootValue: {}, contextValue: req.context,
            variableValues: req.request.variables, operationName: req.operationName,
        }),
        plugins: [
            ...options.plugins,
            pageArgsPlugin(),
            { async requestDidStart() { return { willSendResponse(req: any) { return req.context.openreader.close() } } } },
        ],
    })
    setupGraphiqlConsole(app)
    options.mount?.(app)
    // parsed here, so Apollo's own body parser (same limit) finds the body parsed and skips
    app.use('/graphql', express.json({ limit: maxRequestSizeBytes, verify: requireUtf8 }), textErrorsAsJson, graphqlRequestGuard(options.queryLimits))
    await apollo.start()
    disposals.push(() => apollo.stop())
    apollo.applyMiddleware({ app, bodyParserConfig: { limit: maxRequestSizeBytes } })
    app.use('/graphql', graphqlBodyErrors(maxRequestSizeBytes))
    app.use(lastErrorHandler(options.log))
    return listen(server, options.port)
}
