import * as fs from 'fs'

/**
 * CPU seconds (user + system) from /proc, to say where a benchmark's cores went: the processor,
 * Postgres, and the bench process itself (which hosts the Kusama simulator). Linux only; elsewhere
 * every figure is NaN and the report says so.
 */
const TICKS_PER_SECOND = 100 // CLK_TCK on Linux x86-64 and arm64

export function processCpuSeconds(pid: number): number {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
        // fields after the parenthesised command name; utime and stime are fields 14 and 15
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
    } catch {
        return NaN
    }
}

/** Every running postgres process (postmaster, backends, background workers), summed. */
export function postgresCpuSeconds(): number {
    let total = 0
    let found = false
    for (const entry of safeReaddir('/proc')) {
        if (!/^\d+$/.test(entry)) continue
        let comm: string
        try { comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() } catch { continue }
        if (comm !== 'postgres') continue
        const s = processCpuSeconds(Number(entry))
        if (Number.isFinite(s)) { total += s; found = true }
    }
    return found ? total : NaN
}

export function ownCpuSeconds(): number {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1e6
}

function safeReaddir(dir: string): string[] {
    try { return fs.readdirSync(dir) } catch { return [] }
}

/** CPU spent during a benchmark run, per party. */
export interface CpuSplit {
    processor: number
    postgres: number
    /** the bench process: the in-process simulator serving the processor, plus the bench's own polling */
    bench: number
}
