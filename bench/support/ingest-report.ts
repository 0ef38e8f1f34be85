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
