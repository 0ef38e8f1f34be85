import type { Express, NextFunction, Request, Response } from 'express'
import { Pool } from 'pg'
import { connectionFromEnv, pgConfig } from '../db/connection'
import { pgRows } from '../db/processor-status'
import { NotaryError, NotaryErrorCode } from '../notary/errors'
import { listClaimObjects } from './claims'
import { apiNotary } from './api-notary'
import { expressOfGraphqlServer } from './server'

/**
 * Ankr's staking dashboard as a client of the notary (SPEC §4.15), on the API's own HTTP port:
 *   POST /claims   JSON {address, amount, ethAddress, network, signature, timestamp} → 200 the claim object
 *   GET  /claims?address=&loanId=&network=          → 200 [claim objects], newest first
 * A refusal answers `{code, message}` (message = "<CODE>: <reason>", as GraphQL's) with 400 for bad input,
 * 409 for a request the account's state refuses, 429 when rate limited, 503 while the notary cannot sign.
 * Browsers on another origin may call both (CORS; NOTARY_CORS_ORIGIN, default *).
 */
const STATUS: Partial<Record<NotaryErrorCode, number>> = {
    NOTHING_CLAIMABLE: 409, AMOUNT_TOO_LARGE: 409, NONCE_REUSED: 409,
    RATE_LIMITED: 429,
    NOT_READY: 503, NOT_CONFIGURED: 503, BUSY: 503,
}

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
    const json = express.json({ limit: '16kb', strict: true, type: () => true })
    app.use('/claims', cors)
    app.post('/claims', json, (req: Request, res: Response) => answer(res, () => apiNotary().requestStakeFiClaim(req.body)))
    app.get('/claims', (req: Request, res: Response) => answer(res, () => listClaimObjects(pgRows(reads()), {
        address: single(req.query.address), loanId: single(req.query.loanId), network: single(req.query.network),
        limit: numberOrNull(single(req.query.limit)), offset: numberOrNull(single(req.query.offset)),
    })))
    app.all('/claims', (_req: Request, res: Response) => void res.status(405).setHeader('Allow', 'GET, POST, OPTIONS').json(
        { code: 'BAD_REQUEST', message: 'BAD_REQUEST: /claims takes GET (listing) and POST (a claim request)' }))
    // a body that is not JSON (express.json refuses it before the route)
    app.use('/claims', (err: any, _req: Request, res: Response, next: NextFunction) => {
        if (!err) return next()
        const status = err.type === 'entity.too.large' ? 413 : 400
        res.status(status).json({ code: 'BAD_REQUEST', message: `BAD_REQUEST: the request body must be a JSON object (${err.message})` })
    })
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
            res.status(httpStatusOf(e.code)).json({ code: e.code, message: e.message })
            return
        }
        console.error(`claims endpoint failed: ${e?.stack ?? e}`)
        res.status(500).json({ code: 'INTERNAL', message: 'INTERNAL: the notary failed to answer; retry later' })
    }
}
