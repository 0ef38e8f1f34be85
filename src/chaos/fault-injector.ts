import { LocalStack, waitUntilServing } from '../local/local-stack'
import { FaultWindow } from './api-load'
import { FaultPlan, PlannedFault } from './fault-plan'
import { FaultProxy } from './fault-proxy'

/**
 * Fires a seed's planned faults (./fault-plan.ts) into a running local stack as the runner reaches their steps.
 * A kill -9 and its restart, and a Postgres restart, run beside the scenario (the runner goes on mining while a
 * part is down); `settle()` waits until every part is back, which the runner's sync points do before waiting for
 * the product to catch up (a sync point must wait for every part, and the runner's claims need the API).
 */
export class FaultInjector {
    private readonly inFlight = new Set<Promise<void>>()
    /** per part: its kills and restarts, one after the other */
    private readonly perPart = new Map<string, Promise<void>>()
    private readonly fired = new Map<string, number>()
    readonly windows: FaultWindow[] = []

    constructor(
        private readonly stack: LocalStack,
        private readonly plan: FaultPlan,
        private readonly proxies: { kusama: FaultProxy; ethereum: FaultProxy },
        private readonly log: (line: string) => void,
    ) {}

    /** before the step with index `i` (replay order) */
    beforeStep(i: number): void {
        for (const f of this.plan.atStep.get(i) ?? []) this.fire(f, i)
    }

    async settle(): Promise<void> {
        while (this.inFlight.size) await Promise.all([...this.inFlight])
    }

    /** faults applied per kind (the proxies count theirs as they apply them) */
    counts(): Record<string, number> {
        const out: Record<string, number> = Object.fromEntries(this.fired)
        for (const chain of ['kusama', 'ethereum'] as const) {
            for (const [k, n] of Object.entries(this.proxies[chain].counts())) if (n) out[`${chain}:${k}`] = n
        }
        return out
    }

    private fire(f: PlannedFault, step: number): void {
        if (f.kind === 'proxy') {
            this.log(`chaos: before step ${step}: ${f.chain} proxy: ${f.fault}`)
            return this.proxies[f.chain].arm(f.fault)
        }
        const work = f.kind === 'kill' ? this.chained(f.part, () => this.killAndRestart(f.part, f.restartAfterMs, step)) : this.restartPostgres(f.downMs, step)
        this.inFlight.add(work)
        void work.finally(() => this.inFlight.delete(work)).catch(() => {})
    }

    private chained(part: string, fn: () => Promise<void>): Promise<void> {
        const next = (this.perPart.get(part) ?? Promise.resolve()).then(fn)
        this.perPart.set(part, next.catch(() => {}))
        return next
    }

    private note(kind: string): void {
        this.fired.set(kind, (this.fired.get(kind) ?? 0) + 1)
    }

    private async killAndRestart(part: string, restartAfterMs: number, step: number): Promise<void> {
        const running = this.stack.supervisor.parts().find(r => r.part.name === part)
        if (!running) throw new Error(`chaos: no running ${part} to kill`)
        const from = Date.now()
        this.log(`chaos: before step ${step}: kill -9 ${part} (pid ${running.child.pid}), restart in ${restartAfterMs} ms`)
        await this.stack.supervisor.stopPart(running, 'SIGKILL')
        this.note(`kill:${part}`)
        await new Promise(r => setTimeout(r, restartAfterMs))
        if (!(await this.stack.restartPart(part))) throw new Error(`chaos: ${part} could not be started again`)
        if (part === 'api' && this.stack.graphqlUrl) await waitUntilServing(this.stack.graphqlUrl, () => this.stack.supervisor.assertAlive())
        this.windows.push({ kind: `kill ${part}`, from, to: Date.now() })
    }

    private async restartPostgres(downMs: number, step: number): Promise<void> {
        const pg = this.stack.pg
        if (!pg) throw new Error('chaos: a Postgres restart needs the embedded server (DB_HOST is set)')
        const from = Date.now()
        this.log(`chaos: before step ${step}: Postgres fast shutdown, ${downMs} ms down`)
        await pg.restartFast(downMs)
        this.note('postgresRestart')
        this.windows.push({ kind: 'postgres restart', from, to: Date.now() })
    }
}
