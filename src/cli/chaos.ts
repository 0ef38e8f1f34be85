import * as fs from 'fs'
import { parseArgs } from 'util'
import { LoadSummary } from '../chaos/api-load'
import { ChaosRunResult } from '../chaos/chaos-run'
import { FAULT_KINDS, passed, runCampaign, SeedResult } from '../chaos/chaos-campaign'
import { ScenarioFile } from '../chaos/scenario-gen'
import { parseScenario } from '../local/scenario/scenario'

/**
 * npm run chaos -- [--seeds N] [--first-seed S] [--scenario FILE] [--days D] [--scenario-seed X] [--clients C]
 *                  [--dump DIR] [--json FILE] [--verbose]
 * Replays a long scenario undisturbed (the reference), then N times under chaos — kill -9 of every part, fault
 * proxies between the processors and their chains, reorgs on both chains, a Postgres restart, GraphQL clients
 * all along — each seed reproducible, and compares the final product state byte for byte (src/chaos/).
 * Default scenario: a generated pool of D = 4 days (base seed X = 1; about 250 steps, 20 seeds in about an hour on two cores); --scenario FILE replays a scenario file
 * instead (its own reorg steps are then the only reorgs). One line per seed, then `N/N identical`; exit 1
 * unless every seed passed.
 */
async function main(argv: string[]): Promise<number> {
    const { values: a } = parseArgs({
        args: argv,
        options: {
            seeds: { type: 'string', default: '3' },
            'first-seed': { type: 'string', default: '1' },
            scenario: { type: 'string' },
            days: { type: 'string', default: '4' },
            'scenario-seed': { type: 'string', default: '1' },
            clients: { type: 'string', default: '4' },
            dump: { type: 'string' },
            json: { type: 'string' },
            verbose: { type: 'boolean', default: false },
        },
    })
    const n = Number(a.seeds), first = Number(a['first-seed'])
    const seeds = Array.from({ length: n }, (_, i) => first + i)
    const scenarioFile = a.scenario ? readScenario(a.scenario) : undefined
    const t0 = Date.now()
    console.log(`chaos: ${scenarioFile ? a.scenario : `a generated ${a.days}-day pool (scenario seed ${a['scenario-seed']})`}, seeds ${seeds.join(', ')}; `
        + `fault kinds per seed: ${FAULT_KINDS.join(' ')}`)
    const { reference, seeds: results } = await runCampaign({
        seeds, days: Number(a.days), scenarioSeed: Number(a['scenario-seed']), scenarioFile,
        apiClients: Number(a.clients), dumpDir: a.dump,
        log: a.verbose ? line => console.log(`  ${line}`) : undefined,
        onReference: (r, s) => console.log(`reference: ${s.steps.length} steps, ${Object.keys(r.state.reports).length} reports, `
            + `${(r.durationMs / 1000).toFixed(0)} s; api ${api(r.load)}`),
        onSeed: r => console.log(seedLine(r)),
    })
    const ok = results.filter(passed).length
    const identical = results.filter(r => r.identical).length
    console.log(`${identical}/${results.length} identical` + (ok === identical ? '' : ` (${ok}/${results.length} passed every check)`)
        + `; total ${((Date.now() - t0) / 60000).toFixed(1)} min`)
    if (a.json) fs.writeFileSync(a.json, JSON.stringify({ reference: summary(reference), seeds: results.map(r => ({ ...r, run: r.run && summary(r.run) })) }, null, 1))
    return ok === results.length ? 0 : 1
}

function readScenario(file: string): ScenarioFile {
    const text = fs.readFileSync(file, 'utf8')
    parseScenario(text)   // refuses an invalid file before anything starts
    return JSON.parse(text)
}

function seedLine(r: SeedResult): string {
    const head = `seed ${r.seed}: ${r.error ? 'FAILED' : r.identical ? 'identical' : 'DIFFERENT'}`
    if (r.error) return `${head}\n  ${r.error.split('\n').slice(0, 30).join('\n  ')}`
    const run = r.run!
    const counts = Object.entries(r.counts).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(' ')
    return `${head} in ${(run.durationMs / 1000).toFixed(0)} s, ${run.steps} steps (${r.decoys} decoys, ${r.dayEndReorgs} reorgs at a day's close); `
        + `faults: ${counts}${r.missingKinds.length ? `; MISSING: ${r.missingKinds.join(' ')}` : ''}; api ${api(run.load)}`
        + (r.difference ? `\n  first difference (seed ${r.seed}): ${r.difference}` : '')
}

function api(l: LoadSummary): string {
    const during = Object.entries(l.failedDuringFaults).map(([k, v]) => `${v} during ${k}`).join(', ')
    return `${l.requests} requests, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms, ${l.refusedByLimits} refused by limits, `
        + `${l.failedUnexplained} failed unexplained${during ? ` (${during})` : ''}${l.firstUnexplained ? ` — first: ${l.firstUnexplained}` : ''}`
}

/** a run without its state (the JSON record) */
function summary(r: ChaosRunResult): Omit<ChaosRunResult, 'state'> & { reports: number } {
    const { state, ...rest } = r
    return { ...rest, reports: Object.keys(state.reports).length }
}

main(process.argv.slice(2)).then(code => process.exit(code), e => {
    console.error(e?.stack ?? e)
    process.exit(1)
})
