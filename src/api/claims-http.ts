import type { Express, NextFunction, Request, Response } from 'express'
import { Pool } from 'pg'
import { connectionFromEnv, pgConfig } from '../db/connection'
import { pgRows } from '../db/processor-status'
import { NotaryError, NotaryErrorCode } from '../notary/errors'
import { listClaimObjects } from './claims'
import { apiNotary } from './api-notary'
import { bodyRefusal, requireUtf8 } from './limits/error-replies'
import { withoutFilePaths } from './limits/format-error'
import { expressOfGraphqlServer } from './server'

/**
 * Ankr's staking dashboard as a client of the notary (SPEC §4.15), on the API's own HTTP port:
 *   POST /claims   JSON {address, amount, ethAddress, network, signature, timestamp} → 200 the claim object
 *   GET  /claims?address=&loanId=&network=          → 200 [claim objects], newest first
 * A refusal answers `{error: {code, message}, code, message}` (message = "<CODE>: <reason>", as GraphQL's; the
 * top-level pair is the original shape, kept for clients that read it) with 400 for bad input (413 for a body
 * over 16 KB), 409 for a request the account's state refuses, 429 when rate limited, 503 while the notary
 * cannot sign; never a stack trace or a file path.
 * Browsers on another origin may call both (CORS; NOTARY_CORS_ORIGIN, default *).
 */
const STATUS: Partial<Record<NotaryErrorCode, number>> = {
    NOTHING_CLAIMABLE: 409, AMOUNT_TOO_LARGE: 409, NONCE_REUSED: 409,
    RATE_LIMITED: 429,
    NOT_READY: 503, NOT_CONFIGURED: 503, BUSY: 503,
}

/** a claim request is a few hundred bytes */
const MAX_BODY_BYTES = 16 * 1024

export function httpStatusOf(code: NotaryErrorCode): number {
    return STATUS[code] ?? 400
}

let readPool: Pool | undefined
function reads(): Pool {
    if (!readPool) {
        readPool = new Pool(pgConfig(connectionFromEnv(process.env), { max: 2, statement_timeout: 10_000, application_name: 'claims-listing' }))
        readPool.on('error', e => console.error(`claims listing db pool error: ${e.message}`))
    }
    return readPool
}

export function mountClaimRoutes(app: Express, opts: { corsOrigin?: string } = {}): void {
    const express = expressOfGraphqlServer()
    const origin = opts.corsOrigin ?? process.env.NOTARY_CORS_ORIGIN ?? '*'
    const cors = (req: Request, res: Response, next: NextFunction) => {
        res.setHeader('Access-Control-Allow-Origin', origin)
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
        res.setHeader('Access-Control-Allow-Headers', 'content-type')
        res.setHeader('Access-Control-Max-Age', '600')
        if (req.method === 'OPTIONS') return void res.status(204).end()
        next()
    }
    const json = express.json({ limit: MAX_BODY_BYTES, strict: true, type: () => true, verify: requireUtf8 })
    app.use('/claims', cors)
    app.post('/claims', json, (req: Request, res: Response) => answer(res, () => apiNotary().requestStakeFiClaim(req.body)))
    app.get('/claims', (req: Request, res: Response) => answer(res, () => listClaimObjects(pgRows(reads()), {
        address: single(req.query.address), loanId: single(req.query.loanId), network: single(req.query.network),
        limit: numberOrNull(single(req.query.limit)), offset: numberOrNull(single(req.query.offset)),
    })))
    app.all('/claims', (_req: Request, res: Response) => {
        res.setHeader('Allow', 'GET, POST, OPTIONS')
        refuse(res, 405, 'BAD_REQUEST', 'BAD_REQUEST: /claims takes GET (listing) and POST (a claim request)')
    })
    // a body that is not JSON, not UTF-8 or too large (express.json refuses it before the route)
    app.use('/claims', (err: any, _req: Request, res: Response, next: NextFunction) => {
        const r = bodyRefusal(err, MAX_BODY_BYTES)
        if (!r || res.headersSent) return next(err)
        refuse(res, r.status, 'BAD_REQUEST', `BAD_REQUEST: the request body must be a JSON object: ${r.message}`)
    })
}

/** every refusal of /claims: the coded error, and its original top-level `{code, message}` */
function refuse(res: Response, status: number, code: string, message: string): void {
    const m = withoutFilePaths(message, `${code}: the request was refused`)
    res.status(status).json({ error: { code, message: m }, code, message: m })
}

function single(v: unknown): unknown {
    return Array.isArray(v) ? v[0] : v
}

function numberOrNull(v: unknown): number | null {
    return v === undefined || v === '' ? null : Number(v)
}

async function answer(res: Response, fn: () => Promise<unknown>): Promise<void> {
    try {
        res.status(200).json(await fn())
    } catch (e: any) {
        if (e instanceof NotaryError) {
            if (e.code === 'RATE_LIMITED') res.setHeader('Retry-After', String(/retry in (\d+) s/.exec(e.message)?.[1] ?? 60))
            refuse(res, httpStatusOf(e.code), e.code, e.message)
            return
        }
        console.error(`claims endpoint failed: ${e?.stack ?? e}`)
        refuse(res, 500, 'INTERNAL', 'INTERNAL: the notary failed to answer; retry later')
    }
}
