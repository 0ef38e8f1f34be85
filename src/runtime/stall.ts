import { envInt } from '../config/env'

/**
 * When a chain counts as stalled. The SDK retries an unreachable or silent endpoint forever, so
 * the product says so: a chain is stalled when its processor has heard nothing from the chain's
 * endpoint for longer than STALL_AFTER_SECONDS (default 120). "Heard" is any answer to the
 * processor's own RPC connection: a request it made for its blocks, or the heartbeat's probe
 * (src/chains/common/heartbeat.ts), which asks for the chain's head every few seconds. A probe answers
 * on a chain that mines nothing (the local simulator, the devnet between scenario steps), so an
 * idle chain is not stalled; a dead endpoint, a stalled proxy, a dead processor (nobody records
 * answers) all are. `stalledSince` is the last answer (or, never answered, the first start).
 */
export const DEFAULT_STALL_AFTER_SECONDS = 120

export function stallAfterMs(env: NodeJS.ProcessEnv = process.env): number {
    const s = envInt(env, 'STALL_AFTER_SECONDS') ?? DEFAULT_STALL_AFTER_SECONDS
    if (s === 0) throw new Error('STALL_AFTER_SECONDS must be at least 1')
    return s * 1000
}

/** How often the heartbeat probes: a few times per stall threshold, at most every 5 s. */
export function probeIntervalMs(afterMs: number): number {
    return Math.max(250, Math.min(5_000, Math.floor(afterMs / 4)))
}

export interface Stall {
    stalled: boolean
    /** unix ms of the last answer, when stalled; null when healthy */
    stalledSince: number | null
    /** 0 when healthy */
    stalledSeconds: number
}

/** `silentSince`: unix ms of the endpoint's last answer (or the processor's first start, before any answer). */
export function stallOf(silentSince: number, nowMs: number, afterMs: number): Stall {
    const silentMs = nowMs - silentSince
    const stalled = silentMs > afterMs
    return { stalled, stalledSince: stalled ? silentSince : null, stalledSeconds: stalled ? silentMs / 1000 : 0 }
}
