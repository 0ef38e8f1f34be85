import type { GraphQLError, GraphQLFormattedError } from 'graphql'

/**
 * Apollo's `formatError` for every GraphQL error the API answers. What a client gets: the message, its
 * location and path, and `extensions.code` — never `extensions.exception` (with Apollo's debug mode it holds
 * the stack trace; without it, still the failing SQL and Postgres internals) and never a file path.
 *
 * Codes: the error's own (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT of the resolvers'
 * BadRequest and openreader's limits, the notary's codes); for errors that reach Apollo without one:
 *  - STATEMENT_TIMEOUT when Postgres cancelled the query at the statement timeout (SQLSTATE 57014);
 *  - DATABASE_UNAVAILABLE when Postgres is not there to answer (restarting, shutting down, unreachable:
 *    SQLSTATE class 08, 57P01–57P03, a refused or dropped connection), with a message to retry instead of
 *    the driver's (which names hosts and ports);
 *  - BAD_USER_INPUT for a value Postgres refuses as data (SQLSTATE class 22: a NUL character in a filter,
 *    a number out of range), and for Apollo's transport refusals (an HttpQueryError with a 4xx status,
 *    e.g. a mutation sent with GET);
 *  - INTERNAL_SERVER_ERROR otherwise, with its message unless that names a file.
 */
export interface FormatErrorOptions {
    /** the pool's statement timeout (ms), named in the STATEMENT_TIMEOUT message */
    statementTimeoutMs?: number
}

/** a module path or a source location (every line of a stack trace has one) */
const FILE_PATH = /node_modules|\/src\/|\/lib\/|\.(?:js|ts):\d+/

export function formatGraphqlError(opts: FormatErrorOptions = {}): (e: GraphQLError) => GraphQLFormattedError {
    return e => {
        const { exception: _dropped, ...extensions } = (e.extensions ?? {}) as Record<string, unknown>
        let code = typeof extensions.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR'
        let message = e.message
        if (code === 'INTERNAL_SERVER_ERROR') {
            const state = sqlState(e.originalError)
            if (isDatabaseUnavailable(e.originalError, state) || CONNECTION_LOST.test(e.message)) {
                code = 'DATABASE_UNAVAILABLE'
                message = 'the database is not available right now (restarting or unreachable); retry in a few seconds'
            } else if (state === '57014') {
                code = 'STATEMENT_TIMEOUT'
                message = `the query was cancelled after the ${opts.statementTimeoutMs ? `${opts.statementTimeoutMs} ms ` : ''}statement timeout; ` +
                    'ask for less (a smaller page, a narrower range or filter)'
            } else if (state?.startsWith('22') || isClientStatus((e.originalError as { statusCode?: unknown } | undefined)?.statusCode)) {
                code = 'BAD_USER_INPUT'
            }
        }
        message = withoutFilePaths(message, code === 'INTERNAL_SERVER_ERROR' ? 'internal server error' : `${code}: the request was refused`)
        return {
            message,
            ...(e.locations ? { locations: e.locations } : {}),
            ...(e.path ? { path: e.path } : {}),
            extensions: { ...extensions, code },
        }
    }
}

/** the message, or `instead` when it names a file (an internal error's, or one that echoes such input) */
export function withoutFilePaths(message: string, instead: string): string {
    return FILE_PATH.test(message) ? instead : message
}

function isClientStatus(status: unknown): boolean {
    return typeof status === 'number' && status >= 400 && status < 500
}

/** the SQLSTATE of a pg error, also when TypeORM wrapped it (QueryFailedError copies it, and keeps driverError) */
function sqlState(e: unknown): string | undefined {
    const err = e as { code?: unknown; driverError?: { code?: unknown } } | undefined
    const code = err?.code ?? err?.driverError?.code
    return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/** Postgres gone, or going: shutdown, restart, a refused or broken connection (node-postgres and TypeORM wordings) */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'])
const CONNECTION_LOST = /Connection terminated|connection error|terminating connection due to administrator command|the database system is (?:shutting down|starting up|in recovery mode)|ECONNREFUSED|ECONNRESET/i

function isDatabaseUnavailable(e: unknown, state: string | undefined): boolean {
    if (state != null) return state.startsWith('08') || /^57P0[123]$/.test(state)
    const err = e as { code?: unknown; message?: unknown; driverError?: { code?: unknown } } | undefined
    const errno = err?.code ?? err?.driverError?.code
    if (typeof errno === 'string' && CONNECTION_ERRNOS.has(errno)) return true
    return typeof err?.message === 'string' && CONNECTION_LOST.test(err.message)
}
