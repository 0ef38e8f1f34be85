/**
 * Entry point of the API part (lib/api/main.js, src/parts.ts and squid.yaml): the stock squid GraphQL
 * server (same command-line flags as `squid-graphql-server`, same GQL_PORT) with the product's HTTP
 * routes on the same port — POST/GET /claims for Ankr's staking dashboard (SPEC §4.15, claims-http.ts) and
 * GET /dashboard, the pool dashboard (dashboard-route.ts).
 * Runs from the project root (it loads lib/server-extension/resolvers and schema.graphql from there).
 */
import { createRequire } from 'module'
import { createLogger } from '@subsquid/logger'
import { mountClaimRoutes } from './claims-http'
import { mountDashboard } from './dashboard-route'
import { DEFAULT_QUERY_LIMITS } from './limits/query-limits'
import { startApiServer } from './server'

const gqlRequire = createRequire(require.resolve('@subsquid/graphql-server/package.json'))
const LOG = createLogger('sqd:graphql-server')

async function main(): Promise<void> {
    gqlRequire('dotenv').config()
    const { Command } = gqlRequire('commander')
    const { nat } = gqlRequire('@subsquid/util-internal-commander')
    const program = new Command()
    program.description('GraphQL server of ksm-lst-squid, with the notary\'s /claims routes on the same port')
    program.option('--no-squid-status', 'disable .squidStatus query')
    program.option('--max-request-size <kb>', 'max request size in kilobytes', nat, 256)
    program.option('--max-root-fields <count>', 'max number of root fields in a query', nat)
    program.option('--max-response-size <nodes>', 'max response size measured in nodes', nat)
    program.option('--sql-statement-timeout <ms>', 'sql statement timeout in ms', nat)
    program.option('--validation-max-errors <count>', 'max validation errors', nat)
    program.option('--subscriptions', 'enable gql subscriptions')
    program.option('--subscription-poll-interval <ms>', 'subscription poll interval in ms', nat, 5000)
    program.option('--subscription-max-response-size <nodes>', 'max response size measured in nodes', nat)
    // bounds of a query document, checked before it is parsed and validated (src/api/limits/query-limits.ts)
    program.option('--max-query-tokens <count>', 'max lexical tokens of a query', nat, DEFAULT_QUERY_LIMITS.maxTokens)
    program.option('--max-query-depth <count>', 'max depth of fields in a query', nat, DEFAULT_QUERY_LIMITS.maxDepth)
    program.option('--max-query-fields <count>', 'max fields of a query, fragments expanded', nat, DEFAULT_QUERY_LIMITS.maxFields)
    const opts = program.parse().opts()
    const { maxRequestSize, maxResponseSize, subscriptionMaxResponseSize, maxQueryTokens, maxQueryDepth, maxQueryFields, ...rest } = opts
    const server = await startApiServer({
        log: LOG,
        maxRequestSizeBytes: maxRequestSize * 1024,
        maxResponseNodes: maxResponseSize,
        subscriptionMaxResponseNodes: subscriptionMaxResponseSize,
        queryLimits: { maxTokens: maxQueryTokens, maxDepth: maxQueryDepth, maxFields: maxQueryFields },
        ...rest,
        mount: app => {
            mountClaimRoutes(app)
            mountDashboard(app)
        },
    })
    LOG.info(`listening on port ${server.port} (GraphQL at /graphql, claims at /claims, dashboard at /dashboard)`)
    const { waitForInterruption } = gqlRequire('@subsquid/util-internal-http-server')
    await waitForInterruption(server)
}

main().then(() => process.exit(0), err => {
    LOG.fatal(err)
    process.exit(1)
})
