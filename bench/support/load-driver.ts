/**
 * Closed-loop load for bench/api: `clients` concurrent loops, each picking a query kind and an input from
 * its own seeded PRNG, sending it, and waiting for the answer before the next; latencies per kind.
 */
import * as fs from 'fs'
import * as path from 'path'
import { mulberry32 } from '../../test/domain/prng'

export class Rand {
    private n: () => number
    constructor(seed: number) { this.n = mulberry32(seed) }
    u(): number { return this.n() }
    int(k: number): number { return Math.floor(this.n() * k) }
    pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)] }
}

export interface LoadResult {
    /** latencies (ms) per kind index */
    latencies: number[][]
    /** wall time of the measured window, ms */
    elapsedMs: number
}

/**
 * Runs the loops for `warmupMs` (not recorded), then for `seconds` (recorded: every request started in the
 * window, until it answers). `exec` throws on a wrong answer; the first failure stops the run.
 */
export async function closedLoop<I>(opts: {
    clients: number
    seconds: number
    warmupMs: number
    seed: number
    kinds: number
    input: (kind: number, r: Rand) => I
    exec: (kind: number, input: I) => Promise<void>
}): Promise<LoadResult> {
    const latencies: number[][] = Array.from({ length: opts.kinds }, () => [])
    let failure: unknown
    const loop = async (c: number, until: number, record: boolean, seed: number) => {
        const r = new Rand(seed * 7919 + c)
        while (performance.now() < until && failure === undefined) {
            const k = r.int(opts.kinds)
            const input = opts.input(k, r)
            const t = performance.now()
            try {
                await opts.exec(k, input)
            } catch (e) {
                failure ??= e
                return
            }
            if (record) latencies[k].push(performance.now() - t)
        }
    }
    if (opts.warmupMs > 0) {
        const until = performance.now() + opts.warmupMs
        await Promise.all(Array.from({ length: opts.clients }, (_, c) => loop(c, until, false, opts.seed + 1_000_003)))
    }
    const start = performance.now()
    const until = start + opts.seconds * 1000
    await Promise.all(Array.from({ length: opts.clients }, (_, c) => loop(c, until, true, opts.seed)))
    if (failure !== undefined) throw failure
    return { latencies, elapsedMs: performance.now() - start }
}

/** nearest-rank percentile of unsorted values */
export function percentile(xs: number[], p: number): number {
    if (xs.length === 0) return NaN
    const s = [...xs].sort((a, b) => a - b)
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]
}

export function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b)
    const n = s.length
    return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
}

const TICKS_PER_SECOND = 100

function procTimes(pid: number): { own: number; children: number } | null {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return { own: (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND, children: (Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND }
    } catch {
        return null
    }
}

/** CPU seconds of one process (user + system), NaN when unreadable */
export function cpuSecondsOf(pid: number): number {
    return procTimes(pid)?.own ?? NaN
}

/**
 * CPU seconds of ONE Postgres cluster: its postmaster (read from postmaster.pid), its live children, and the
 * children it has reaped (backends that exited). Other clusters on the machine are not counted.
 */
export function clusterCpuSeconds(dataDir: string): number {
    let postmaster: number
    try { postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) } catch { return NaN }
    const pm = procTimes(postmaster)
    if (!pm) return NaN
    let total = pm.own + pm.children
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue
        let stat: string
        try { stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8') } catch { continue }
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        if (Number(f[1]) === postmaster) total += (Number(f[11]) + Number(f[12])) / TICKS_PER_SECOND
    }
    return total
}
