/**
 * What SQL a process really sends to Postgres: a TCP proxy between it and the server that forwards every
 * byte unchanged and decodes the frontend messages it carries — simple queries ('Q') and the extended
 * protocol's Parse ('P', the statement text) and Bind ('B', its parameter values). bench/api points a first
 * API process at it to learn the exact statements (and parameters) each GraphQL query runs; the measured
 * API process connects to Postgres directly.
 */
import * as net from 'net'

export interface CapturedStatement {
    /** the connection it came on (0, 1, …) */
    conn: number
    sql: string
    /** parameters as sent (text format), null for NULL; binary ones as hex with a \x prefix */
    params: (string | null)[]
}

export class PgWireCapture {
    readonly statements: CapturedStatement[] = []
    private server?: net.Server
    private sockets = new Set<net.Socket>()
    port = 0

    constructor(private target: { host: string; port: number }) {}

    async listen(): Promise<number> {
        let conns = 0
        this.server = net.createServer(client => {
            const conn = conns++
            const upstream = net.connect(this.target.port, this.target.host)
            this.sockets.add(client).add(upstream)
            const decoder = new FrontendDecoder(s => this.statements.push({ conn, ...s }))
            client.on('data', chunk => { decoder.push(chunk); upstream.write(chunk) })
            upstream.on('data', chunk => client.write(chunk))
            const close = () => { client.destroy(); upstream.destroy() }
            client.on('close', close).on('error', close)
            upstream.on('close', close).on('error', close)
        })
        await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve))
        this.port = (this.server!.address() as net.AddressInfo).port
        return this.port
    }

    async close(): Promise<void> {
        for (const s of this.sockets) s.destroy()
        await new Promise<void>(resolve => this.server ? this.server.close(() => resolve()) : resolve())
    }
}

/**
 * The frontend side of the Postgres protocol v3: a startup packet (or an SSLRequest, answered 'N' by the
 * server, then a startup packet) without a type byte, then typed messages. Only Q, P and B are decoded; an
 * unnamed Parse followed by its Bind is one statement with parameters (node-postgres' unnamed statements).
 */
class FrontendDecoder {
    private buf: Buffer = Buffer.alloc(0)
    private started = false
    private parsed = new Map<string, string>()

    constructor(private emit: (s: { sql: string; params: (string | null)[] }) => void) {}

    push(chunk: Buffer): void {
        this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk
        for (;;) {
            if (!this.started) {
                if (this.buf.length < 8) return
                const len = this.buf.readInt32BE(0)
                if (this.buf.length < len) return
                const code = this.buf.readInt32BE(4)
                // SSLRequest / GSSENCRequest: another startup packet follows
                if (code !== 80877103 && code !== 80877104) this.started = true
                this.buf = this.buf.subarray(len)
                continue
            }
            if (this.buf.length < 5) return
            const type = String.fromCharCode(this.buf[0])
            const len = this.buf.readInt32BE(1)
            if (this.buf.length < 1 + len) return
            const body = this.buf.subarray(5, 1 + len)
            this.buf = this.buf.subarray(1 + len)
            this.message(type, body)
        }
    }

    private message(type: string, body: Buffer): void {
        const cstr = (at: number): [string, number] => {
            const end = body.indexOf(0, at)
            return [body.toString('utf8', at, end), end + 1]
        }
        if (type === 'Q') {
            this.emit({ sql: cstr(0)[0], params: [] })
        } else if (type === 'P') {
            const [name, at] = cstr(0)
            this.parsed.set(name, cstr(at)[0])
        } else if (type === 'B') {
            let [, at] = cstr(0)
            let stmt: string
            ;[stmt, at] = cstr(at)
            const nFormats = body.readInt16BE(at); at += 2
            const formats: number[] = []
            for (let i = 0; i < nFormats; i++) { formats.push(body.readInt16BE(at)); at += 2 }
            const n = body.readInt16BE(at); at += 2
            const params: (string | null)[] = []
            for (let i = 0; i < n; i++) {
                const l = body.readInt32BE(at); at += 4
                if (l < 0) { params.push(null); continue }
                const binary = (nFormats === 1 ? formats[0] : formats[i] ?? 0) === 1
                params.push(binary ? '\\x' + body.toString('hex', at, at + l) : body.toString('utf8', at, at + l))
                at += l
            }
            this.emit({ sql: this.parsed.get(stmt) ?? `<unknown prepared statement ${stmt}>`, params })
        }
    }
}
