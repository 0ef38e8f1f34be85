/**
 * When the supervisor restarts a part that died, and when it gives up on it.
 *
 * A part that exits on its own is started again after a pause that doubles with every exit
 * (1 s, 2 s, 4 s … capped at 30 s), so a part failing on a dead dependency does not spin. A part
 * that stayed up `healthyAfterMs` before it died was healthy: its pause and its crash count start
 * over. `maxCrashes` exits within `crashWindowMs` mean restarting does not help (a bad
 * configuration, a bug at start-up): the supervisor stops everything and reports the part's log.
 */
export interface RestartPolicy {
    /** pause before the first restart */
    initialDelayMs: number
    /** longest pause: the pause doubles with every quick exit up to this */
    maxDelayMs: number
    /** a part that ran this long before it exited starts over with initialDelayMs and no crashes counted */
    healthyAfterMs: number
    /** this many exits within crashWindowMs: give up */
    maxCrashes: number
    crashWindowMs: number
    /** log lines quoted when giving up */
    tailLines: number
}

/** The policy of `npm start` and `npm run scenario`. */
export const SELF_HEALING: RestartPolicy = {
    initialDelayMs: 1_000,
    maxDelayMs: 30_000,
    healthyAfterMs: 60_000,
    maxCrashes: 5,
    crashWindowMs: 60_000,
    tailLines: 20,
}

/** The restart bookkeeping of one part. */
export class RestartBackoff {
    private exits: number[] = []
    private delayMs: number

    constructor(private policy: RestartPolicy) {
        this.delayMs = policy.initialDelayMs
    }

    /** At an exit after `uptimeMs` of running: the pause before the next start, or null to give up. */
    onExit(nowMs: number, uptimeMs: number): number | null {
        const p = this.policy
        if (uptimeMs >= p.healthyAfterMs) {
            this.exits = []
            this.delayMs = p.initialDelayMs
        }
        this.exits = this.exits.filter(t => nowMs - t < p.crashWindowMs)
        this.exits.push(nowMs)
        if (this.exits.length >= p.maxCrashes) return null
        const pause = this.delayMs
        this.delayMs = Math.min(this.delayMs * 2, p.maxDelayMs)
        return pause
    }

    /** exits counted in the window (for the give-up message) */
    crashes(): number {
        return this.exits.length
    }
}
