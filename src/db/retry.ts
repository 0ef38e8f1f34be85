/** SQLSTATE codes worth running a transaction again for. */
export const SERIALIZATION_FAILURE = '40001'
export const DEADLOCK_DETECTED = '40P01'
/** a unique index refused a row a concurrent transaction inserted first (a race SERIALIZABLE reports this way) */
export const UNIQUE_VIOLATION = '23505'

export interface RetryOptions {
    /** the SQLSTATE codes (`error.code`) that make `fn` run again; any other error is thrown at once */
    codes: Iterable<string>
    /** most runs of `fn`, the first included */
    attempts: number
    /** pause before run `attempt + 1` (default: none) */
    delayMs?: (attempt: number) => number
    /** what to throw when the last run failed with a retryable code (default: that error) */
    exhausted?: (error: any) => unknown
}

/**
 * Runs `fn` (typically one transaction: BEGIN … COMMIT, rolled back by `fn` itself when it throws)
 * until it succeeds, fails with a code not in `codes`, or has run `attempts` times.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
    const codes = new Set(opts.codes)
    if (!Number.isSafeInteger(opts.attempts) || opts.attempts < 1) throw new Error(`attempts must be a positive integer, got ${opts.attempts}`)
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn(attempt)
        } catch (e: any) {
            if (!codes.has(e?.code)) throw e
            if (attempt >= opts.attempts) throw opts.exhausted ? opts.exhausted(e) : e
            if (opts.delayMs) {
                const ms = opts.delayMs(attempt)
                await new Promise(r => setTimeout(r, ms))
            }
        }
    }
}
