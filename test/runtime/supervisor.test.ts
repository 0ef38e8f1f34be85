/**
 * The supervisor heals a part that dies: real child processes (tiny scripts written to a temp
 * folder) are restarted with a doubling pause; a part that stayed up long enough starts over; a
 * part stopped on purpose stays stopped; 5 quick exits stop every part and give up, quoting the
 * part's last log lines. Timings use a scaled-down policy (the default's numbers are asserted as data).
 */
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { ProductPart } from '../../src/parts'
import { RestartBackoff, RestartPolicy, SELF_HEALING } from '../../src/runtime/restart-policy'
import { Supervisor } from '../../src/runtime/supervisor'
import { until } from '../support/until'

// a part that logs 6 lines per run, notes its start and exit times, and exits 1 after CRASH_AFTER_MS
const CRASHER = `
const fs = require('fs')
const runs = fs.existsSync(process.env.STARTS) ? fs.readFileSync(process.env.STARTS, 'utf8').split('\\n').filter(Boolean).length : 0
const n = runs + 1
fs.appendFileSync(process.env.STARTS, Date.now() + '\\n')
for (let k = 1; k <= 5; k++) console.log('run ' + n + ' line ' + k)
setTimeout(() => {
    console.error('boom in run ' + n)
    fs.appendFileSync(process.env.EXITS, Date.now() + '\\n')
    process.exit(1)
}, Number(process.env.CRASH_AFTER_MS || 0))
`
const SLEEPER = `console.log('sleeping'); setInterval(() => {}, 1000)`

const FAST: RestartPolicy = { initialDelayMs: 200, maxDelayMs: 800, healthyAfterMs: 10_000, maxCrashes: 5, crashWindowMs: 30_000, tailLines: 20 }

describe('supervisor: restarts with backoff, gives up after 5 quick crashes', () => {
    let dir: string
    const supervisors: Supervisor[] = []
    const part = (name: string, entry: string): ProductPart => ({ name, entry })
    const times = (file: string) => fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []

    /** a supervisor over the temp folder, echoing into `lines` */
    function supervise(policy: RestartPolicy | false, lines: string[]): Supervisor {
        const s = new Supervisor(dir, path.join(dir, `logs-${supervisors.length}`), {}, l => lines.push(l), { restart: policy })
        supervisors.push(s)
        return s
    }
    const crashEnv = (tag: string, crashAfterMs = 0) =>
        ({ STARTS: path.join(dir, `${tag}.starts`), EXITS: path.join(dir, `${tag}.exits`), CRASH_AFTER_MS: String(crashAfterMs) })

    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-supervisor-'))
        fs.writeFileSync(path.join(dir, 'crasher.js'), CRASHER)
        fs.writeFileSync(path.join(dir, 'sleeper.js'), SLEEPER)
    })

    afterAll(async () => {
        await Promise.all(supervisors.map(s => s.stop()))
        fs.rmSync(dir, { recursive: true, force: true })
    })

    it('the default policy: 1 s doubling to 30 s, healthy after 60 s, 5 exits within 60 s give up, 20 log lines', () => {
        expect(SELF_HEALING).toEqual({ initialDelayMs: 1000, maxDelayMs: 30_000, healthyAfterMs: 60_000, maxCrashes: 5, crashWindowMs: 60_000, tailLines: 20 })
        const b = new RestartBackoff(SELF_HEALING)
        const pauses = [0, 1, 2, 3, 4].map(i => b.onExit(i * 1000, 100))
        expect(pauses).toEqual([1000, 2000, 4000, 8000, null])
        // exits spread over more than the window are not "quick": the pause keeps doubling to its cap, no give-up
        const slow = new RestartBackoff(SELF_HEALING)
        expect([0, 1, 2, 3, 4, 5, 6, 7].map(i => slow.onExit(i * 20_000, 100))).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
        // a part up for 60 s was healthy: pause and crash count start over
        const healed = new RestartBackoff(SELF_HEALING)
        healed.onExit(0, 100)
        healed.onExit(1000, 100)
        expect(healed.onExit(70_000, 60_000)).toBe(1000)
        expect(healed.crashes()).toBe(1)
    })

    it('restarts a crashing part after 0.2, 0.4, 0.8, 0.8 s; the 5th quick exit stops every part and reports the last 20 log lines', async () => {
        const lines: string[] = []
        const s = supervise(FAST, lines)
        const env = crashEnv('quick')
        const t0 = Date.now()
        const crasher = s.start(part('crasher', 'crasher.js'), env)
        const sleeper = s.start(part('sleeper', 'sleeper.js'))
        let timer: NodeJS.Timeout | undefined
        const failure = await Promise.race([s.failed, new Promise<never>((_, no) => { timer = setTimeout(() => no(new Error('never gave up')), 30_000) })])
        clearTimeout(timer)
        const took = Date.now() - t0

        const starts = times(env.STARTS), exits = times(env.EXITS)
        expect(starts).toHaveLength(5)
        expect(crasher.restarts).toBe(4)
        expect(lines.filter(l => l.startsWith('[crasher] restarting in'))).toEqual(
            ['[crasher] restarting in 0.2 s', '[crasher] restarting in 0.4 s', '[crasher] restarting in 0.8 s', '[crasher] restarting in 0.8 s'])
        // each start came at least its pause after the exit before it (and not absurdly later)
        const pauses = [200, 400, 800, 800]
        for (let i = 0; i < 4; i++) {
            expect(starts[i + 1] - exits[i]).toBeGreaterThanOrEqual(pauses[i])
            expect(starts[i + 1] - exits[i]).toBeLessThan(pauses[i] + 5_000)
        }
        console.log(`5 crashes, gave up after ${took} ms; pauses exit→start: ${pauses.map((_, i) => starts[i + 1] - exits[i]).join(', ')} ms`)

        // gave up: every part stopped, the message names the part and quotes its last 20 lines
        expect(sleeper.exited).toEqual({ code: null, signal: 'SIGTERM' })
        expect(crasher.exited).toEqual({ code: 1, signal: null })
        expect(() => s.assertAlive()).toThrow(failure)
        const [head, ...tail] = failure.message.split('\n')
        expect(head).toBe(`crasher exited 5 times within 30 s (last: code 1, signal null); stopping every part. Last 20 lines of ${crasher.logFile}:`)
        expect(tail).toHaveLength(20)
        expect(tail[tail.length - 1]).toBe('boom in run 5')
        expect(tail).toContain('run 5 line 1')
        expect(tail).toContain('--- restart 4 by the supervisor ---')
        expect(tail).not.toContain('run 1 line 1')   // the log holds all 5 runs (30 lines); only the last 20 are quoted
        expect(fs.readFileSync(crasher.logFile, 'utf8')).toContain('run 1 line 1')
    }, 40_000)

    it('a part that stayed up long enough starts over: the pause stays 0.2 s and 6 exits do not give up', async () => {
        const lines: string[] = []
        const s = supervise({ ...FAST, healthyAfterMs: 500 }, lines)
        const env = crashEnv('healthy', 700)
        const flaky = s.start(part('flaky', 'crasher.js'), env)
        await until('6 exits', async () => times(env.EXITS).length >= 6, 30_000, 50)
        expect(lines.filter(l => l.startsWith('[flaky] restarting in')).every(l => l === '[flaky] restarting in 0.2 s')).toBe(true)
        expect(() => s.assertAlive()).not.toThrow()

        // stopped on purpose: not restarted
        await s.stopPart(flaky)
        const n = times(env.STARTS).length
        await new Promise(r => setTimeout(r, 1500))
        expect(times(env.STARTS)).toHaveLength(n)
        expect(flaky.exited).toBeDefined()
        expect(s.parts()).not.toContain(flaky)
    }, 40_000)

    it('a part stopped on purpose while it waits for its restart stays stopped', async () => {
        const lines: string[] = []
        const s = supervise({ ...FAST, initialDelayMs: 500 }, lines)
        const env = crashEnv('pending')
        const r = s.start(part('pending', 'crasher.js'), env)
        await until('the restart to be scheduled', async () => lines.includes('[pending] restarting in 0.5 s'), 10_000, 20)
        await s.stopPart(r)
        await new Promise(res => setTimeout(res, 1200))
        expect(times(env.STARTS)).toHaveLength(1)
        expect(r.restarts).toBe(0)
    })

    it('restart: false only reports a dead part: assertAlive throws with its log, nothing restarts', async () => {
        const lines: string[] = []
        const s = supervise(false, lines)
        const env = crashEnv('never')
        const r = s.start(part('once', 'crasher.js'), env)
        await until('the exit', async () => r.exited, 10_000, 20)
        expect(() => s.assertAlive()).toThrow(/once exited \(code 1, signal null\); last lines of .*\n[\s\S]*boom in run 1/)
        await new Promise(res => setTimeout(res, 700))
        expect(times(env.STARTS)).toHaveLength(1)
        expect(lines.some(l => l.includes('restarting'))).toBe(false)
    })
})
