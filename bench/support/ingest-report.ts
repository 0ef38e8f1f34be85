import { DbConnection } from '../../src/db/connection'
import { EmbeddedPostgresServer } from '../../src/db/embedded'
import { applyMigrations } from '../../src/db/migrate'
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
