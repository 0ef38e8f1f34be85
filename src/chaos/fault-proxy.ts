import * as http from 'http'
import { AddressInfo, Socket } from 'net'
import { RawData, WebSocket, WebSocketServer } from 'ws'
import { Rng } from './prng'

/**
 * A JSON-RPC proxy between a processor and its chain that injects faults on demand: `arm(kind)` makes the
 * next request (HTTP) or the next message to the client (WebSocket) fail that way, once. Over HTTP (the
 * Kusama processors' transport) and over WebSocket (the Ethereum processor's: eth_subscribe newHeads) alike:
 *  - latency:   the answer comes 1–3 s late (over WebSocket every later message waits behind it, as on a slow link);
 *  - http5xx:   HTTP 503 instead of the answer (WebSocket: the connection is closed and the next handshake is
 *               answered 503, so the client's reconnect meets it);
 *  - reset:     the client's TCP connection is reset (RST) instead of answered;
 *  - stall:     no answer for `stallMs`, then the connection is dropped (the client's own timeout may come first);
 *  - truncated: the answer's first half only;
 *  - malformed: the answer with its first ':' replaced by ';' — no longer JSON;
 *  - wsClose:   (WebSocket only) the connection closes mid-subscription (code 1012, "service restart").
 * A fault counts once it was applied.
 *
 * Over WebSocket the proxy also answers every `eth_subscribe` newHeads with one notification of the chain's
 * current head, right after the subscription's id. The Ethereum processor follows the head only by that
 * subscription (the SDK), so heads announced while its connection was down or faulted are never made good until
 * the next block — which a live chain mines within 12 s and the local devnet never, while the runner waits for
 * the processor. The announcement stands in for that next block; it changes nothing on the chain. `armFor(method, hold)` (a test's deterministic race) holds the first
 * request calling `method` until `hold` resolves, then forwards it.
 */
export const PROXY_FAULTS = ['latency', 'http5xx', 'reset', 'stall', 'truncated', 'malformed', 'wsClose'] as const
export type ProxyFault = typeof PROXY_FAULTS[number]

export interface FaultProxyOptions {
    /** how long a stalled answer is held before the connection is dropped */
    stallMs?: number
    /** draws the latency spikes */
    rng?: Rng
}

export class FaultProxy {
    private armed: ProxyFault[] = []
    private held?: { method: string; hold: () => Promise<unknown> }
    private heldFired = false
    private refuseNextHandshake = false
    private readonly applied = new Map<ProxyFault, number>()
    private readonly sockets = new Set<Socket>()
    private readonly upstreams = new Set<WebSocket>()
    private readonly stallMs: number
    private readonly rng: Rng

    private constructor(readonly target: string, private readonly server: http.Server, private readonly wss: WebSocketServer | undefined, opts: FaultProxyOptions) {
        this.stallMs = opts.stallMs ?? 15_000
        this.rng = opts.rng ?? new Rng(1)
    }

    /** a proxy for `target` (http(s):// or ws(s)://), listening on a free loopback port with the same scheme */
    static async start(target: string, opts: FaultProxyOptions = {}): Promise<FaultProxy> {
        const ws = /^wss?:/.test(target)
        const server = http.createServer()
        const wss = ws ? new WebSocketServer({ noServer: true }) : undefined
        const proxy = new FaultProxy(target, server, wss, opts)
        server.on('connection', s => {
            proxy.sockets.add(s)
            s.on('close', () => proxy.sockets.delete(s))
        })
        if (wss) server.on('upgrade', (req, socket, head) => proxy.upgrade(req, socket as Socket, head))
        else server.on('request', (req, res) => void proxy.request(req, res))
        await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
        return proxy
    }

    get url(): string {
        const scheme = this.wss ? 'ws' : 'http'
        return `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    }

    arm(fault: ProxyFault): void {
        if (fault === 'wsClose' && !this.wss) throw new Error('wsClose needs a WebSocket proxy')
        this.armed.push(fault)
        // over WebSocket a 5xx can only answer a handshake: close the connection so the client makes one
        if (fault === 'http5xx' && this.wss) {
            this.armed.pop()
            this.refuseNextHandshake = true
            for (const c of this.wss.clients) c.close(1012, 'chaos: service restart')
        }
    }

    armFor(method: string, hold: () => Promise<unknown>): void {
        this.held = { method, hold }
    }

    /** whether the request armFor held has been forwarded */
    fired(): boolean {
        return this.heldFired
    }

    /** faults applied so far, per kind */
    counts(): Record<ProxyFault, number> {
        return Object.fromEntries(PROXY_FAULTS.map(k => [k, this.applied.get(k) ?? 0])) as Record<ProxyFault, number>
    }

    /** faults armed but not applied yet (no request came since) */
    pending(): number {
        return this.armed.length + (this.refuseNextHandshake ? 1 : 0)
    }

    async close(): Promise<void> {
        for (const u of this.upstreams) u.terminate()
        for (const c of this.wss?.clients ?? []) c.terminate()
        for (const s of this.sockets) s.destroy()
        await new Promise<void>(r => this.server.close(() => r()))
    }

    private count(fault: ProxyFault): void {
        this.applied.set(fault, (this.applied.get(fault) ?? 0) + 1)
    }

    private latencyMs(): number {
        return 1000 + this.rng.int(2001)
    }

    // ---------------------------------------------------------------- HTTP

    private async request(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const chunks: Buffer[] = []
        for await (const c of req) chunks.push(c as Buffer)
        const body = Buffer.concat(chunks).toString('utf8')
        await this.holdIfAsked(body)
        const fault = this.armed.shift()
        if (fault) this.count(fault)
        if (fault === 'http5xx') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('chaos: service unavailable')
        if (fault === 'reset') return void req.socket.resetAndDestroy()
        if (fault === 'stall') return void setTimeout(() => req.socket.destroy(), this.stallMs)
        if (fault === 'latency') await sleep(this.latencyMs())
        let answer: Response
        try {
            answer = await fetch(this.target, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        } catch {
            return void req.socket.destroy()   // the chain itself is gone (the stack is stopping)
        }
        const text = corrupt(await answer.text(), fault)
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text)
    }

    private async holdIfAsked(body: string): Promise<void> {
        const h = this.held
        if (!h || !body.includes(`"${h.method}"`)) return
        let calls: { method?: string }[]
        try {
            calls = [JSON.parse(body)].flat()
        } catch {
            return
        }
        if (!calls.some(c => c.method === h.method)) return
        this.held = undefined
        await h.hold()
        this.heldFired = true
    }

    // ---------------------------------------------------------------- WebSocket

    private upgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
        if (this.refuseNextHandshake) {
            this.refuseNextHandshake = false
            this.count('http5xx')
            socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
            return
        }
        this.wss!.handleUpgrade(req, socket, head, client => this.pipe(client))
    }

    /** client ⇄ chain; messages to the client pass through `deliver`, in order */
    private pipe(client: WebSocket): void {
        const upstream = new WebSocket(this.target)
        this.upstreams.add(upstream)
        const early: string[] = []
        let chain = Promise.resolve()
        const send = (text: string) => (upstream.readyState === WebSocket.OPEN ? upstream.send(text) : early.push(text))
        upstream.on('open', () => {
            for (const m of early.splice(0)) upstream.send(m)
        })
        const headSubscriptions = new Set<unknown>()
        const announce = new Map<string, unknown>()   // our head request's id → the subscription to announce it on
        client.on('message', (m: RawData) => {
            const text = m.toString()
            const id = newHeadsSubscribeId(text)
            if (id !== undefined) headSubscriptions.add(id)
            send(text)
        })
        upstream.on('message', m => {
            const text = m.toString()
            const head = headAnswer(text, announce)
            if (head) return void (chain = chain.then(() => this.deliver(client, head)))
            const sub = subscriptionAnswer(text, headSubscriptions)
            chain = chain.then(() => this.deliver(client, text))
            if (sub !== undefined) {
                const id = `chaos-head-${announce.size}-${Date.now()}`
                announce.set(id, sub)
                send(JSON.stringify({ jsonrpc: '2.0', id, method: 'eth_getBlockByNumber', params: ['latest', false] }))
            }
        })
        const closeBoth = () => {
            this.upstreams.delete(upstream)
            if (upstream.readyState <= WebSocket.OPEN) upstream.terminate()
            if (client.readyState <= WebSocket.OPEN) client.terminate()
        }
        client.on('close', closeBoth)
        client.on('error', closeBoth)
        upstream.on('close', closeBoth)
        upstream.on('error', closeBoth)
    }

    private async deliver(client: WebSocket, text: string): Promise<void> {
        if (client.readyState !== WebSocket.OPEN) return
        const fault = this.armed.shift()
        if (fault) this.count(fault)
        switch (fault) {
            case 'wsClose':
                return void client.close(1012, 'chaos: service restart')
            case 'reset':
                return void (client as unknown as { _socket: Socket })._socket.resetAndDestroy()
            case 'stall':
                await sleep(this.stallMs)
                return void client.terminate()
            case 'latency':
                await sleep(this.latencyMs())
                break
        }
        if (client.readyState === WebSocket.OPEN) client.send(corrupt(text, fault))
    }
}

/** the id of a client's `eth_subscribe` newHeads request */
function newHeadsSubscribeId(text: string): unknown {
    if (!text.includes('eth_subscribe')) return undefined
    try {
        const m = JSON.parse(text)
        return m.method === 'eth_subscribe' && m.params?.[0] === 'newHeads' ? m.id : undefined
    } catch {
        return undefined
    }
}

/** the subscription id the chain answered one of `requests` with */
function subscriptionAnswer(text: string, requests: Set<unknown>): unknown {
    if (requests.size === 0) return undefined
    try {
        const m = JSON.parse(text)
        if (!requests.has(m.id) || typeof m.result !== 'string') return undefined
        requests.delete(m.id)
        return m.result
    } catch {
        return undefined
    }
}

/** our own head request's answer, turned into a newHeads notification of its subscription */
function headAnswer(text: string, announce: Map<string, unknown>): string | undefined {
    if (announce.size === 0 || !text.includes('chaos-head-')) return undefined
    const m = JSON.parse(text)
    const subscription = announce.get(m.id)
    if (subscription === undefined) return undefined
    announce.delete(m.id)
    return JSON.stringify({ jsonrpc: '2.0', method: 'eth_subscription', params: { subscription, result: m.result } })
}

/** the answer as the fault leaves it: cut in half, or no longer JSON */
function corrupt(text: string, fault: ProxyFault | undefined): string {
    if (fault === 'truncated') return text.slice(0, Math.floor(text.length / 2))
    if (fault === 'malformed') return text.replace(':', ';')
    return text
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))
