/** Polls `fn` until it returns something truthy; throws, naming `what`, after `ms`. Every wait in the tests times out loudly. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 60_000, pollMs = 200): Promise<T> {
    const deadline = Date.now() + ms
    for (;;) {
        const v = await fn()
        if (v) return v
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
        await new Promise(r => setTimeout(r, pollMs))
    }
}
