import type { NextFunction, Request, Response } from 'express'
import type { Logger } from '@subsquid/logger'
import { isUtf8 } from 'buffer'

/**
 * How the HTTP layer answers what never reaches a resolver — a refused body, a refused query, an error of
 * express or Apollo's transport — in GraphQL's own error shape `{errors: [{message, extensions: {code}}]}`
 * with a 4xx status for the client's fault: never express's HTML page (which prints the stack trace outside
 * production) nor Apollo's plain-text transport errors.
 */
export function sendGraphqlError(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v)
    // the guard answers before Apollo's CORS middleware, which allows every origin
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.status(status).json({ errors: [{ message, extensions: { code } }] })
}

/** body-parser's refusals (raw-body's error types) as a status and words; undefined for any other error */
export function bodyRefusal(err: any, maxRequestSizeBytes: number): { status: number; message: string } | undefined {
    switch (err?.type) {
        case 'entity.too.large': return { status: 413, message: `the request body is larger than the ${Math.round(maxRequestSizeBytes / 1024)} KB limit` }
        case 'entity.parse.failed': return { status: 400, message: 'the request body is not valid JSON' }
        case 'entity.verify.failed': return { status: 400, message: 'the request body is not valid UTF-8' }
        case 'encoding.unsupported': return { status: 415, message: 'the request body must be JSON in UTF-8, uncompressed or gzip/deflate' }
        case 'charset.unsupported': return { status: 415, message: 'the request body must be JSON in UTF-8' }
        case 'request.aborted': return { status: 400, message: 'the request body was cut off' }
        case 'request.size.invalid': return { status: 400, message: 'the request body does not have the length its header says' }
        default: return undefined
    }
}

/** for body-parser's `verify`: a JSON body must be UTF-8 (RFC 8259); Node would decode bad bytes to U+FFFD silently */
export function requireUtf8(_req: unknown, _res: unknown, buf: Buffer): void {
    if (!isUtf8(buf)) throw Object.assign(new Error('the request body is not valid UTF-8'), { status: 400 })
}

/** the /graphql error handler: body refusals as BAD_USER_INPUT, anything else to the last handler */
export function graphqlBodyErrors(maxRequestSizeBytes: number) {
    return (err: any, _req: Request, res: Response, next: NextFunction): void => {
        const r = bodyRefusal(err, maxRequestSizeBytes)
        if (!r || res.headersSent) return next(err)
        sendGraphqlError(res, r.status, 'BAD_USER_INPUT', r.message)
    }
}

/**
 * Apollo answers a few transport errors as plain text (`GET supports only query operation`, 405 for other
 * methods): on /graphql, a 4xx/5xx string body that is not JSON goes out as a coded GraphQL error instead.
 */
export function textErrorsAsJson(_req: Request, res: Response, next: NextFunction): void {
    const send = res.send.bind(res)
    res.send = ((body?: unknown) => {
        const type = String(res.getHeader('content-type') ?? '')
        if (res.statusCode >= 400 && typeof body === 'string' && !type.includes('json')) {
            const code = res.statusCode >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT'
            res.setHeader('content-type', 'application/json; charset=utf-8')
            return send(JSON.stringify({ errors: [{ message: body, extensions: { code } }] }))
        }
        return send(body)
    }) as Response['send']
    next()
}

/** the app's last error handler: logged here in full, answered without stack or path (express's default prints both) */
export function lastErrorHandler(log?: Logger) {
    return (err: any, req: Request, res: Response, next: NextFunction): void => {
        if (res.headersSent) return next(err)   // express then closes the connection
        const status = Number(err?.status ?? err?.statusCode)
        const clientFault = status >= 400 && status < 500
        if (!clientFault) log?.error(`${req.method} ${req.path} failed: ${err?.stack ?? err}`)
        const code = clientFault ? 'BAD_USER_INPUT' : 'INTERNAL_SERVER_ERROR'
        const message = clientFault ? `the request was refused (HTTP ${status})` : 'internal server error'
        if (req.path.startsWith('/graphql')) sendGraphqlError(res, clientFault ? status : 500, code, message)
        else res.status(clientFault ? status : 500).json({ error: { code, message } })
    }
}
