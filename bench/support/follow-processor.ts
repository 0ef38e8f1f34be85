import { ChildProcess, spawn } from 'child_process'
import * as fs from 'fs'
import { Client } from 'pg'
import { DbConnection, pgConfig } from '../../src/db/connection'
import { projectDir } from '../../src/db/embedded'
import { pgRows, processedHeight } from '../../src/db/processor-status'
import { CpuSplit, ownCpuSeconds, postgresCpuSeconds, processCpuSeconds } from './cpu-time'

/**
 * Runs a compiled processor until its state schema reaches `target`, sampling its progress, and
 * answers the wall time and the steady-state rate (from 10 % of the chain to the end, so start-up
 * does not hide the pipeline's own speed). `countRows` runs on the indexed database before it closes.
 */
export interface FollowOptions {
    entry: string
    nodeArgs?: string[]
    env: Record<string, string>
    db: DbConnection
    stateSchema: string
    target: number
    /** a profiling run stops the processor itself at the target: its clean exit counts as done */
    exitMeansDone?: boolean
    countRows: (c: Client) => Promise<number>
}

export interface FollowResult {
    seconds: number
    /** from spawn until the first batch was committed: process start, connections, first fetch */
    startupSeconds: number
    steadyBlocksPerSecond: number
    rows: number
    /** CPU seconds from spawn to the target, per party */
    cpu: CpuSplit
    /** CPU seconds over the steady part (from 10 % of the chain), and the blocks it covers */
    steadyCpu: CpuSplit
    steadyBlocks: number
}

export async function followProcessor(o: FollowOptions): Promise<FollowResult> {
    if (!fs.existsSync(o.entry)) throw new Error(`${o.entry} missing: run npm run build first`)
    const client = new Client(pgConfig(o.db))
    await client.connect()
    let out = ''
    const pg0 = postgresCpuSeconds()
    const own0 = ownCpuSeconds()
    let cpu: CpuSplit = { processor: NaN, postgres: NaN, bench: NaN }
    const t0 = Date.now()
    const child: ChildProcess = spawn(process.execPath, [...(o.nodeArgs ?? []), o.entry], {
        cwd: projectDir(), env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', d => { out = (out + d).slice(-5000); if (process.env.BENCH_LOG) fs.appendFileSync(process.env.BENCH_LOG, `${Date.now() - t0} ${d}`) })
    child.stderr!.on('data', d => { out = (out + d).slice(-5000); if (process.env.BENCH_LOG) fs.appendFileSync(process.env.BENCH_LOG, `${Date.now() - t0} ${d}`) })
    const samples: { t: number; h: number; cpu: CpuSplit }[] = []
    try {
        for (;;) {
            if (o.exitMeansDone && child.exitCode === 0) { samples.push({ t: Date.now(), h: o.target, cpu }); break }
            if (child.exitCode != null) throw new Error(`processor exited ${child.exitCode}:\n${out}`)
            // read before the height: the figures then cover at least the work up to it
            const processorCpu = processCpuSeconds(child.pid!)
            if (Number.isFinite(processorCpu)) cpu = { processor: processorCpu, postgres: postgresCpuSeconds() - pg0, bench: ownCpuSeconds() - own0 }
            const h = await processedHeight(pgRows(client), o.stateSchema)
            samples.push({ t: Date.now(), h, cpu })
            // a profiling run must exit by itself, or its profile is never written
            if (h >= o.target && !o.exitMeansDone) break
            if (Date.now() - t0 > 30 * 60_000) throw new Error(`timed out at ${h} of ${o.target}`)
            await new Promise(r => setTimeout(r, 50))
        }
        const seconds = (Date.now() - t0) / 1000
        const started = samples.find(s => s.h >= 0) ?? samples[samples.length - 1]
        const startupSeconds = (started.t - t0) / 1000
        const first = samples.find(s => s.h >= o.target * 0.1)!
        const last = samples[samples.length - 1]
        const steadyBlocksPerSecond = (last.h - first.h) / Math.max(0.001, (last.t - first.t) / 1000)
        const steadyCpu = { processor: cpu.processor - first.cpu.processor, postgres: cpu.postgres - first.cpu.postgres, bench: cpu.bench - first.cpu.bench }
        return { seconds, startupSeconds, steadyBlocksPerSecond, cpu, steadyCpu, steadyBlocks: last.h - first.h, rows: await o.countRows(client) }
    } finally {
        if (child.exitCode == null && child.signalCode == null) {
            const exited = new Promise(r => child.once('exit', r))
            child.kill('SIGTERM')
            await exited
        }
        await client.end()
    }
}
