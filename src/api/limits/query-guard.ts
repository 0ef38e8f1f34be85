import { parse } from 'graphql'
import { documentCost } from './document-cost'
import { QueryLimits } from './query-limits'
import { sourceBoundsError } from './source-scan'

/** A refusal in GraphQL's terms: the code a client branches on, and the bound in words. */
export interface LimitRefusal {
    code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'
    message: string
}

/**
 * Measures a query text against the limits before the server parses and validates it for real: first the
 * text (tokens, nesting; refused as GRAPHQL_PARSE_FAILED, like graphql-js 16's own `maxTokens`), then the
 * parsed document (depth, expanded fields; GRAPHQL_VALIDATION_FAILED, as a validation rule would). A text
 * that does not parse passes: Apollo's parser then answers it with the location of the error.
 */
export function queryLimitRefusal(query: string, limits: QueryLimits): LimitRefusal | undefined {
    const lexical = sourceBoundsError(query, limits)
    if (lexical) return { code: 'GRAPHQL_PARSE_FAILED', message: lexical }
    let cost
    try {
        cost = documentCost(parse(query, { noLocation: true }))
    } catch {
        return undefined
    }
    if (cost.depth > limits.maxDepth) {
        return { code: 'GRAPHQL_VALIDATION_FAILED', message: `the query is ${cost.depth} fields deep; at most ${limits.maxDepth} are allowed` }
    }
    if (cost.fields > limits.maxFields) {
        return { code: 'GRAPHQL_VALIDATION_FAILED',
            message: `the query selects ${cost.fields} fields once its fragments are expanded; at most ${limits.maxFields} are allowed` }
    }
    return undefined
}
