import type { NextFunction, Request, Response } from 'express'
import { jsonNestsDeeper } from './json-nesting'
import { queryLimitRefusal } from './query-guard'
import { QueryLimits } from './query-limits'
import { sendGraphqlError } from './error-replies'

/**
 * The /graphql request as Apollo may see it, checked before Apollo: one JSON object (no batch) with a
 * query string, variables that are an object nesting at most `maxNesting` levels, and a query within the
 * limits (query-guard.ts). Apollo would answer most of these itself, but as plain text, as
 * INTERNAL_SERVER_ERROR, or after the quadratic validation the limits are there to avoid.
 * GET carries the same fields in the URL (variables as a JSON string); browsers asking for HTML got
 * GraphiQL before this point; OPTIONS (CORS preflight) and HEAD pass to Apollo.
 */
export interface Refusal {
    status: number
    code: string
    message: string
}

export function graphqlRequestGuard(limits: QueryLimits) {
    return (req: Request, res: Response, next: NextFunction): void => {
        const r = requestRefusal(req, limits)
        if (!r) return next()
        sendGraphqlError(res, r.status, r.code, r.message, r.status === 405 ? { Allow: 'GET, POST' } : {})
    }
}

export function requestRefusal(req: Request, limits: QueryLimits): Refusal | undefined {
    switch (req.method) {
        case 'POST':
            if (!req.is('application/json')) return bad(415, 'send the operation as a JSON body with content-type application/json')
            return payloadRefusal(req.body, limits, false)
        case 'GET':
            return payloadRefusal(req.query, limits, true)
        case 'OPTIONS':
        case 'HEAD':
            return undefined
        default:
            return bad(405, `GraphQL takes GET and POST, not ${req.method}`)
    }
}

function payloadRefusal(p: unknown, limits: QueryLimits, fromUrl: boolean): Refusal | undefined {
    if (Array.isArray(p)) return bad(400, 'batched operations are not supported: send one operation per request')
    if (p === null || typeof p !== 'object') return bad(400, 'the request must be a JSON object {query, variables?, operationName?}')
    const { query, operationName, extensions } = p as Record<string, unknown>
    let { variables } = p as Record<string, unknown>
    if (fromUrl && typeof variables === 'string' && variables !== '') {
        try {
            variables = JSON.parse(variables)
        } catch {
            return bad(400, 'variables must be a JSON object')
        }
    }
    if (variables != null && variables !== '' && (typeof variables !== 'object' || Array.isArray(variables))) return bad(400, 'variables must be a JSON object')
    if (jsonNestsDeeper(variables, limits.maxNesting)) return bad(400, `variables nest more than ${limits.maxNesting} levels deep`)
    if (operationName != null && typeof operationName !== 'string') return bad(400, 'operationName must be a string')
    if (query == null || query === '') {
        // a persisted query (APQ) by hash alone: its text passed this guard when it was registered
        return hasPersistedQuery(extensions) ? undefined : bad(400, 'the request has no query')
    }
    if (typeof query !== 'string') return bad(400, 'query must be a string')
    const refusal = queryLimitRefusal(query, limits)
    return refusal && { status: 400, ...refusal }
}

function hasPersistedQuery(extensions: unknown): boolean {
    if (typeof extensions === 'string') return extensions.includes('persistedQuery')
    return typeof extensions === 'object' && extensions !== null && 'persistedQuery' in extensions
}

function bad(status: number, message: string): Refusal {
    return { status, code: 'BAD_USER_INPUT', message }
}
