import * as fs from 'fs'
import * as path from 'path'
import { chaosRun, ChaosRunResult, CHAOS_PARTS } from './chaos-run'
import { planFaults } from './fault-plan'
import { PROXY_FAULTS } from './fault-proxy'
import { ChaosCase, generateChaosCase, ScenarioFile } from './scenario-gen'
import { firstDifference } from './state-diff'

/**
 * `npm run chaos`'s whole measurement: the reference (the base scenario, undisturbed, once), then per seed the
 * seed's scenario (the base with its decoy reorgs) under the seed's fault plan, each compared with the reference
 * byte for byte. A seed passes when its state is identical, every fault kind was applied at least once, and no
 * API request failed that neither the limits refused nor a fault window explains.
 */
const HTTP_FAULTS = PROXY_FAULTS.filter(f => f !== 'wsClose')

/** every kind a seed must apply at least once */
export const FAULT_KINDS = [
    ...CHAOS_PARTS.map(p => `kill:${p}`),
    ...HTTP_FAULTS.map(f => `kusama:${f}`),
    ...PROXY_FAULTS.map(f => `ethereum:${f}`),
    'reorg:kusama', 'reorg:ethereum', 'postgresRestart',
]

export interface CampaignOptions {
    seeds: number[]
    /** the generated pool: its length in days and the seed of its base scenario */
    days: number
    scenarioSeed: number
    /** a scenario file instead: the reference and every seed replay it as it is (its own reorg steps are the reorgs) */
    scenarioFile?: ScenarioFile
    apiClients?: number
    /** how long a proxy holds a stalled answer (default 15 s) */
    stallMs?: number
    log?: (line: string) => void
    /** per seed: the part logs, the scenario and, on a difference, both states */
    dumpDir?: string
    onReference?(r: ChaosRunResult, scenario: ScenarioFile): void
    onSeed?(r: SeedResult): void
}

export interface SeedResult {
    seed: number
    identical: boolean
    difference?: string
    /** the run failed (a part gave up, a timeout): the error */
    error?: string
    counts: Record<string, number>
    missingKinds: string[]
    run?: ChaosRunResult
    decoys: number
    dayEndReorgs: number
}

export function passed(r: SeedResult): boolean {
    return r.identical && r.missingKinds.length === 0 && (r.run?.load.failedUnexplained ?? 1) === 0
}

export async function runCampaign(opts: CampaignOptions): Promise<{ reference: ChaosRunResult; seeds: SeedResult[] }> {
    const caseOf = (seed: number): ChaosCase => opts.scenarioFile
        ? { reference: opts.scenarioFile, chaos: opts.scenarioFile, decoys: 0, reorgs: reorgsIn(opts.scenarioFile), dayEndReorgs: 0 }
        : generateChaosCase({ scenarioSeed: opts.scenarioSeed, chaosSeed: seed, days: opts.days })
    const base = caseOf(0).reference
    const reference = await chaosRun({ scenario: base, apiClients: opts.apiClients, log: opts.log, keepLogsIn: dump(opts, 'reference', base) })
    opts.onReference?.(reference, base)
    const seeds: SeedResult[] = []
    for (const seed of opts.seeds) {
        const c = caseOf(seed)
        const result = await runSeed(seed, c, reference, opts)
        seeds.push(result)
        opts.onSeed?.(result)
    }
    return { reference, seeds }
}

async function runSeed(seed: number, c: ChaosCase, reference: ChaosRunResult, opts: CampaignOptions): Promise<SeedResult> {
    const plan = planFaults({
        seed, steps: c.chaos.steps.length, parts: CHAOS_PARTS, proxyFaults: { kusama: HTTP_FAULTS, ethereum: PROXY_FAULTS },
    })
    const logDir = dump(opts, `seed-${seed}`, c.chaos)
    const common = { seed, decoys: c.decoys, dayEndReorgs: c.dayEndReorgs }
    try {
        const run = await chaosRun({ scenario: c.chaos, faults: { seed, plan }, apiClients: opts.apiClients, stallMs: opts.stallMs, log: opts.log, keepLogsIn: logDir })
        const difference = firstDifference(reference.state, run.state)
        if (difference && logDir) {
            fs.writeFileSync(path.join(logDir, 'reference-state.json'), JSON.stringify(reference.state, null, 1))
            fs.writeFileSync(path.join(logDir, 'run-state.json'), JSON.stringify(run.state, null, 1))
        }
        return { ...common, identical: !difference, difference, counts: run.counts, missingKinds: FAULT_KINDS.filter(k => !run.counts[k]), run }
    } catch (e) {
        return { ...common, identical: false, error: String(e?.stack ?? e), counts: {}, missingKinds: FAULT_KINDS }
    }
}

function reorgsIn(file: ScenarioFile): { kusama: number; ethereum: number } {
    const n = (chain: string) => file.steps.filter(s => s.op === 'reorg' && s.chain === chain).length
    return { kusama: n('kusama'), ethereum: n('ethereum') }
}

/** the run's folder under dumpDir, with its scenario written in it; undefined without a dumpDir */
function dump(opts: CampaignOptions, name: string, scenario: ScenarioFile): string | undefined {
    if (!opts.dumpDir) return undefined
    const dir = path.join(opts.dumpDir, name)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'scenario.json'), JSON.stringify(scenario, null, 1))
    return dir
}
