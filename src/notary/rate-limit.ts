/**
 * Per-key token bucket (in memory, per API process): `perMinute` tokens refill continuously,
 * at most `burst` saved up. The notary charges a Kusama account only after its signature has
 * verified, so nobody can exhaust another account's budget with forged requests.
 */
export class RateLimiter {
    private buckets = new Map<string, { tokens: number; at: number }>()

    constructor(readonly perMinute: number, readonly burst: number = perMinute, private now: () => number = Date.now, private maxKeys = 100_000) {
        if (!(perMinute > 0) || !(burst >= 1)) throw new Error(`bad rate limit ${perMinute}/min, burst ${burst}`)
    }

    /** Takes one token; returns 0 when allowed, else the seconds until one is available. */
    take(key: string): number {
        const now = this.now()
        const rate = this.perMinute / 60_000
        let b = this.buckets.get(key)
        if (b) {
            b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * rate)
            b.at = now
        } else {
            if (this.buckets.size >= this.maxKeys) this.prune(now)
            b = { tokens: this.burst, at: now }
            this.buckets.set(key, b)
        }
        if (b.tokens >= 1) {
            b.tokens -= 1
            return 0
        }
        return Math.ceil((1 - b.tokens) / rate / 1000)
    }

    /** drops buckets that have refilled completely (equivalent to absent) */
    private prune(now: number): void {
        const rate = this.perMinute / 60_000
        for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) * rate >= this.burst) this.buckets.delete(k)
        if (this.buckets.size >= this.maxKeys) this.buckets.clear()
    }
}

export function rateLimiterFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimiter {
    const perMinute = Number(env.NOTARY_RATE_LIMIT_PER_MINUTE ?? 20)
    const burst = Number(env.NOTARY_RATE_LIMIT_BURST ?? perMinute)
    return new RateLimiter(perMinute, burst)
}
