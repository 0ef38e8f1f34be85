import { DbConnection } from '../../src/db/connection'
import { EmbeddedPostgresServer } from '../../src/db/embedded'
import { applyMigrations } from '../../src/db/migrate'
import { CpuSplit } from './cpu-time'
import { FetchRate } from './raw-fetch'

/** One processor run of an ingest benchmark. */
export interface IngestRun {
    mode: string
    blocks: number
    /** events (Kusama) or logs (Ethereum) in the chain */
    items: number
    seconds: number
    startupSeconds: number
    steadyBlocksPerSecond: number
    rows: number
    /** false for a run that maps and writes nothing on purpose (its row count is not checked) */
    writesRows?: boolean
    cpu?: CpuSplit
    steadyCpu?: CpuSplit
    steadyBlocks?: number
}

/** Runs every mode on a fresh database, printing each as it ends. */
export async function runModes(pg: EmbeddedPostgresServer, modes: string[], unit: string, run: (mode: string, db: DbConnection) => Promise<IngestRun>): Promise<IngestRun[]> {
    const runs: IngestRun[] = []
    for (const mode of modes) {
        const db = await pg.recreateDatabase(`bench_${mode.replace(/-/g, '_')}`)
        await applyMigrations(db)
        const r = await run(mode, db)
        runs.push(r)
        console.log(`${mode}: ${r.blocks} blocks in ${r.seconds.toFixed(2)} s = ${(r.blocks / r.seconds).toFixed(0)} blocks/s ` +
            `(steady ${r.steadyBlocksPerSecond.toFixed(0)}; first batch committed after ${r.startupSeconds.toFixed(2)} s), ${(r.items / r.seconds).toFixed(0)} ${unit}/s, ${r.rows} domain rows`)
    }
    return runs
}

/** A second baseline printed beside the first (a lighter access pattern). */
export interface ExtraBaseline { label: string; raws: FetchRate[] }

/** The markdown table of BENCHMARKS.md: each run divided by the best raw fetch rate of the same run. */
export function printRatios(runs: IngestRun[], raws: FetchRate[], unit: string, suffix: string, expectedRows: number, extra?: ExtraBaseline): void {
    const best = (rs: FetchRate[]) => Math.max(...rs.map(r => r.blocksPerSecond))
    const base = best(raws)
    console.log(`raw fetch again: ${raws[raws.length - 1].blocksPerSecond.toFixed(0)} blocks/s; baseline = best = ${base.toFixed(0)} blocks/s`)
    const extraBase = extra && best(extra.raws)
    if (extra) console.log(`${extra.label}: best ${extraBase!.toFixed(0)} blocks/s`)
    const extraHead = extra ? ` ratio to ${extra.label} (${extraBase!.toFixed(0)} blocks/s) |` : ''
    console.log(`\n| mode | blocks | ${unit} | pipeline blocks/s | ${unit}/s | first batch after | raw fetch blocks/s | ratio | steady ratio |${extraHead}`)
    console.log('|---|---|---|---|---|---|---|---|---|' + (extra ? '---|' : ''))
    for (const r of runs) {
        const bps = r.blocks / r.seconds
        const extraCell = extra ? ` ${(bps / extraBase!).toFixed(2)} (${(r.steadyBlocksPerSecond / extraBase!).toFixed(2)}) |` : ''
        console.log(`| ${r.mode}${suffix} | ${r.blocks} | ${r.items} | ${bps.toFixed(0)} | ${(r.items / r.seconds).toFixed(0)} | ${r.startupSeconds.toFixed(2)} s | ` +
            `${base.toFixed(0)} | ${(bps / base).toFixed(2)} | ${(r.steadyBlocksPerSecond / base).toFixed(2)} |${extraCell}`)
    }
    for (const r of runs) if (r.writesRows !== false && r.rows !== expectedRows) throw new Error(`${r.mode}: ${r.rows} domain rows, expected ${expectedRows}`)
}

/**
 * Where the machine's cores went, per block, and what that allows: with every party's CPU per block
 * known, no scheduling can index faster than cores / (CPU per block). Compared with the CPU budget
 * a target ratio leaves (cores / (target × raw fetch rate)).
 */
export function printCpuBudget(runs: IngestRun[], raws: FetchRate[], cores: number, target: number, chainLabel: string): void {
    const base = Math.max(...raws.map(r => r.blocksPerSecond))
    const us = (seconds: number, blocks: number) => (seconds / blocks * 1e6).toFixed(0)
    const fastest = raws.reduce((a, b) => (b.blocksPerSecond > a.blocksPerSecond ? b : a))
    console.log(`\nCPU per block (µs), ${cores} cores; raw fetch: ${us(fastest.cpuSeconds, fastest.blocks)} µs (client and ${chainLabel} together)`)
    console.log(`| mode | processor | postgres | ${chainLabel} + bench | total | bound: ${cores} cores / total | budget at ${target} of raw fetch |`)
    console.log('|---|---|---|---|---|---|---|')
    const budget = cores / (target * base) * 1e6
    const row = (label: string, cpu: CpuSplit | undefined, blocks: number) => {
        if (!cpu || !Number.isFinite(cpu.processor) || blocks <= 0) { console.log(`| ${label} | (no /proc: not measured) | | | | | |`); return }
        const total = cpu.processor + cpu.postgres + cpu.bench
        const bound = cores * blocks / total
        console.log(`| ${label} | ${us(cpu.processor, blocks)} | ${us(cpu.postgres, blocks)} | ${us(cpu.bench, blocks)} | ${us(total, blocks)} | ` +
            `${bound.toFixed(0)} blocks/s = ${(bound / base).toFixed(2)} | ${budget.toFixed(0)} µs |`)
    }
    for (const r of runs) {
        row(r.mode, r.cpu, r.blocks)
        row(`${r.mode}, steady`, r.steadyCpu, r.steadyBlocks ?? 0)
    }
}

/**
 * What our own code adds to the SDK's: the product's steady rate ÷ the steady rate of the same processor with a
 * handler that does nothing (`floor`), each repeat one run of both in the same bench, min/median/max over the
 * repeats. Also where the difference goes: our mapping (processor CPU above the floor's) and our writes
 * (Postgres CPU above the floor's), per steady block.
 */
export function printOverSdkFloor(repeats: IngestRun[][], product: string, floor: string): void {
    const pairs = repeats.map(rs => [rs.find(r => r.mode === product), rs.find(r => r.mode === floor)] as const)
        .filter((p): p is readonly [IngestRun, IngestRun] => p[0] != null && p[1] != null)
    if (pairs.length === 0) return
    const us = (seconds: number, blocks: number) => (seconds / blocks * 1e6)
    console.log(`
${product} over the SDK floor (${floor}: the same processor, a do-nothing handler), steady rates, same run:`)
    console.log(`| run | ${product} blocks/s | ${floor} blocks/s | ratio | our mapping µs/block | our writes (Postgres) µs/block |`)
    console.log('|---|---|---|---|---|---|')
    const ratios = pairs.map(([p, f], i) => {
        const ratio = p.steadyBlocksPerSecond / f.steadyBlocksPerSecond
        const cpu = p.steadyCpu && f.steadyCpu && p.steadyBlocks && f.steadyBlocks
            ? [us(p.steadyCpu.processor, p.steadyBlocks) - us(f.steadyCpu.processor, f.steadyBlocks), us(p.steadyCpu.postgres, p.steadyBlocks) - us(f.steadyCpu.postgres, f.steadyBlocks)]
            : undefined
        console.log(`| ${i + 1} | ${p.steadyBlocksPerSecond.toFixed(0)} | ${f.steadyBlocksPerSecond.toFixed(0)} | ${ratio.toFixed(2)} | ` +
            `${cpu ? cpu[0].toFixed(0) : 'n/a'} | ${cpu ? cpu[1].toFixed(0) : 'n/a'} |`)
        return ratio
    }).sort((a, b) => a - b)
    const median = ratios[Math.floor(ratios.length / 2)]
    console.log(`ratio ${product} ÷ ${floor}: min ${ratios[0].toFixed(2)}, median ${median.toFixed(2)}, max ${ratios[ratios.length - 1].toFixed(2)} (${ratios.length} run(s))`)
}
