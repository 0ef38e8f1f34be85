/** A bare JSON-RPC batch client over HTTP: the baselines measure the chains, not a client library. */
export class JsonRpcBatchClient {
    private id = 0
    constructor(private url: string) {}

    async batch(calls: { method: string; params: unknown[] }[]): Promise<unknown[]> {
        const body = calls.map(c => ({ jsonrpc: '2.0', id: ++this.id, method: c.method, params: c.params }))
        const res = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        const answers = (await res.json()) as { id: number; result?: unknown; error?: { message: string } }[]
        if (!Array.isArray(answers)) throw new Error(`batch answered ${JSON.stringify(answers).slice(0, 200)}`)
        const byId = new Map(answers.map(a => [a.id, a]))
        return body.map(b => {
            const a = byId.get(b.id)
            if (!a || a.error) throw new Error(`${b.method} failed: ${a?.error?.message ?? 'no answer'}`)
            return a.result
        })
    }
}
