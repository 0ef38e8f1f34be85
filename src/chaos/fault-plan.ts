import { ProxyFault } from './fault-proxy'
import { Rng } from './prng'

/**
 * What a chaos seed does to a run, fixed before it starts: each fault at a step of the scenario (it fires just
 * before that step is applied; how far the product is by then is up to timing, the outcome must not be), with
 * its random delay. Every kind at least once: a kill -9 of every part, every proxy fault on both chains'
 * proxies (wsClose on the WebSocket one only), one Postgres restart. The reorgs are the scenario's own (its
 * decoy reorgs, ./scenario-gen.ts).
 */
export type PlannedFault =
    | { kind: 'kill'; part: string; restartAfterMs: number }
    | { kind: 'proxy'; chain: 'kusama' | 'ethereum'; fault: ProxyFault }
    | { kind: 'postgresRestart'; downMs: number }

export interface FaultPlan {
    /** step index (0-based, in replay order) → the faults that fire before it */
    atStep: Map<number, PlannedFault[]>
}

export interface PlanInput {
    seed: number
    steps: number
    /** the product parts to kill, one kill each (`kills` each) */
    parts: string[]
    /** proxy faults per chain */
    proxyFaults: { kusama: readonly ProxyFault[]; ethereum: readonly ProxyFault[] }
    /** kills per part, proxy faults per kind and chain (default 1) */
    repeats?: number
}

export function planFaults(input: PlanInput): FaultPlan {
    const rng = new Rng(input.seed * 2654435761 % 2 ** 32)
    const atStep = new Map<number, PlannedFault[]>()
    // faults land between 3 % and 92 % of the steps: the product is running, and has time to heal before the end
    const at = (f: PlannedFault) => {
        const i = Math.floor(input.steps * 0.03) + rng.int(Math.max(1, Math.floor(input.steps * 0.89)))
        atStep.set(i, [...(atStep.get(i) ?? []), f])
    }
    for (let r = 0; r < (input.repeats ?? 1); r++) {
        for (const part of input.parts) at({ kind: 'kill', part, restartAfterMs: 200 + rng.int(4800) })
        for (const chain of ['kusama', 'ethereum'] as const) for (const fault of input.proxyFaults[chain]) at({ kind: 'proxy', chain, fault })
    }
    at({ kind: 'postgresRestart', downMs: 500 + rng.int(2500) })
    return { atStep }
}
