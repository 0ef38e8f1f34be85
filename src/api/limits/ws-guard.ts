import { getOperationAST, GraphQLError, parse } from 'graphql'
import { jsonNestsDeeper } from './json-nesting'
import { operationPageRefusal } from './page-args'
import { queryLimitRefusal } from './query-guard'
import { QueryLimits } from './query-limits'

/**
 * graphql-ws's `onSubscribe` for the subscriptions WebSocket on /graphql: the same limits as HTTP (the query
 * guard, the paging arguments), answered as that operation's error message, before graphql-ws parses and
 * validates the query itself. Returning nothing lets graphql-ws go on as usual (and report a query that
 * does not parse).
 */
export function wsQueryGuard(limits: QueryLimits) {
    return (_ctx: unknown, message: { payload?: { query?: unknown; variables?: unknown; operationName?: unknown } }): GraphQLError[] | undefined => {
        const { query, variables, operationName } = message.payload ?? {}
        if (jsonNestsDeeper(variables, limits.maxNesting)) return [coded('BAD_USER_INPUT', `variables nest more than ${limits.maxNesting} levels deep`)]
        if (typeof query !== 'string') return undefined
        const refusal = queryLimitRefusal(query, limits)
        if (refusal) return [coded(refusal.code, refusal.message)]
        return pageRefusal(query, typeof operationName === 'string' ? operationName : undefined, variables)
    }
}

function pageRefusal(query: string, operationName: string | undefined, variables: unknown): GraphQLError[] | undefined {
    let doc
    try {
        doc = parse(query, { noLocation: true })
    } catch {
        return undefined
    }
    const op = getOperationAST(doc, operationName)
    const vars = variables !== null && typeof variables === 'object' ? variables as Record<string, unknown> : {}
    const refusal = op && operationPageRefusal(op, doc.definitions, vars)
    return refusal ? [coded('BAD_USER_INPUT', refusal)] : undefined
}

function coded(code: string, message: string): GraphQLError {
    return new GraphQLError(message, undefined, undefined, undefined, undefined, undefined, { code })
}
