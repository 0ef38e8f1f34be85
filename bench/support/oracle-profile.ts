/**
 * In-process V8 CPU profiles of single bench phases (BENCH_CPU_PROF=DIR): the .cpuprofile of each
 * phase is written there (open it in Chrome DevTools), and its top functions by self time printed.
 */
import * as fs from 'fs'
import * as inspector from 'inspector'
import * as path from 'path'

const dir = process.env.BENCH_CPU_PROF
let session: inspector.Session | null = null

function post<T = any>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => session!.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r as T))))
}

export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
    if (!dir) return fn()
    if (!session) {
        session = new inspector.Session()
        session.connect()
        await post('Profiler.enable')
        await post('Profiler.setSamplingInterval', { interval: 500 })
    }
    await post('Profiler.start')
    try {
        return await fn()
    } finally {
        const { profile } = await post('Profiler.stop')
        fs.mkdirSync(dir, { recursive: true })
        fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile))
        console.log(`  cpu profile ${name}: top self time\n${summarize(profile, 14)}`)
    }
}

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }

export function summarize(profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] }, top: number): string {
    const self = new Map<number, number>()
    for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
    const byFn = new Map<string, number>()
    let total = 0
    for (const n of profile.nodes) {
        const t = self.get(n.id) ?? 0
        const f = n.callFrame
        // the inspector's own serialisation of the profile and idle time are not the phase's work
        if (f.functionName === '(idle)' || (f.functionName === 'dispatch' && !f.url) || f.url === 'node:inspector') continue
        total += t
        const where = f.url ? `${path.relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : ''
        const key = `${f.functionName || '(anonymous)'} ${where}`.trim()
        byFn.set(key, (byFn.get(key) ?? 0) + t)
    }
    return [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
        .map(([k, t]) => `    ${((100 * t) / total).toFixed(1).padStart(5)} %  ${(t / 1e6).toFixed(2).padStart(7)} s  ${k}`).join('\n')
}
