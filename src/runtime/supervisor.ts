import { ChildProcess, spawn } from 'child_process'
import * as fs from 'fs'
import * as path from 'path'
import { ProductPart } from '../parts'
import { RestartBackoff, RestartPolicy, SELF_HEALING } from './restart-policy'

/**
 * Runs the product's parts as child processes (each part is its own process, as in SQD Cloud),
 * keeps their output in a log file per part, and stops them all with the owner. A part that
 * exits on its own is reported, never silently ignored, and (by default) started again with
 * backoff; after too many quick exits the supervisor stops every part and gives up, quoting the
 * part's last log lines (see restart-policy.ts). A part stopped on purpose (stopPart) is not restarted.
 */
export interface RunningPart {
    part: ProductPart
    /** the part's current process: a restart replaces it */
    child: ChildProcess
    logFile: string
    /** how the current process exited; cleared when the part is started again */
    exited?: { code: number | null; signal: NodeJS.Signals | null }
    /** how many times the supervisor started the part again after it died */
    restarts: number
}

export interface SupervisorOptions {
    /**
     * Restart a part that dies (default SELF_HEALING). false: only report it, and let
     * assertAlive() throw — for tests, where a crash is a bug to see, not to heal.
     */
    restart?: RestartPolicy | false
}

/** What the supervisor keeps per part to restart it. */
interface Watch {
    extraEnv: Record<string, string>
    backoff?: RestartBackoff
    startedAt: number
    timer?: NodeJS.Timeout
}

export class Supervisor {
    private running: RunningPart[] = []
    private watches = new Map<RunningPart, Watch>()
    private stopping = false
    private failure?: Error
    private giveUp!: (e: Error) => void
    private restart: RestartPolicy | false
    /** Resolves, once every part is stopped, with the reason the supervisor gave up on a part. */
    readonly failed: Promise<Error> = new Promise(resolve => { this.giveUp = resolve })

    constructor(
        private projectDir: string,
        private logDir: string,
        private env: Record<string, string>,
        private echo: (line: string) => void = () => {},
        opts: SupervisorOptions = {},
    ) {
        this.restart = opts.restart ?? SELF_HEALING
        fs.mkdirSync(logDir, { recursive: true })
        process.once('exit', this.killOnExit)
    }

    /** a part must not outlive the process that started it; removed at stop, so many supervisors in one process add no listeners */
    private readonly killOnExit = () => this.killAll('SIGKILL')

    start(part: ProductPart, extraEnv: Record<string, string> = {}): RunningPart {
        const entry = { part, logFile: path.join(this.logDir, `${part.name}.log`), restarts: 0 } as RunningPart
        this.watches.set(entry, { extraEnv, backoff: this.restart ? new RestartBackoff(this.restart) : undefined, startedAt: 0 })
        this.spawn(entry, 'w')
        this.running.push(entry)
        return entry
    }

    parts(): RunningPart[] {
        return this.running
    }

    /** Stops one part on purpose (a restart, a crash test): it is no longer watched, so its exit is no failure. */
    async stopPart(r: RunningPart, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
        const i = this.running.indexOf(r)
        if (i >= 0) this.running.splice(i, 1)
        clearTimeout(this.watches.get(r)?.timer)
        if (r.exited) return
        await new Promise<void>(resolve => {
            r.child.once('exit', () => resolve())
            r.child.kill(signal)
        })
    }

    /** Throws when the supervisor gave up on a part (or, without restarts, when a part has died): waiting on it would hang forever. */
    assertAlive(): void {
        if (this.failure) throw this.failure
        if (this.restart) return
        for (const r of this.running) {
            // a processor that reached its last block (mayFinish, code 0) is done, not dead: as onDied treats it
            if (r.exited && !(r.part.mayFinish && r.exited.code === 0)) {
                const tail = readTail(r.logFile, 30)
                throw new Error(`${r.part.name} exited (code ${r.exited.code}, signal ${r.exited.signal}); last lines of ${r.logFile}:\n${tail}`)
            }
        }
    }

    async stop(): Promise<void> {
        this.stopping = true
        process.off('exit', this.killOnExit)
        for (const w of this.watches.values()) clearTimeout(w.timer)
        await Promise.all(this.running.map(r => new Promise<void>(resolve => {
            if (r.exited) return resolve()
            const timer = setTimeout(() => r.child.kill('SIGKILL'), 5000)
            r.child.once('exit', () => {
                clearTimeout(timer)
                resolve()
            })
            r.child.kill('SIGTERM')
        })))
    }

    /** Starts the part's process; a restart appends to the log, so the crash and the restart read as one story. */
    private spawn(entry: RunningPart, flags: 'w' | 'a'): void {
        const { part, logFile } = entry
        const watch = this.watches.get(entry)!
        const log = fs.createWriteStream(logFile, { flags })
        if (flags === 'a') log.write(`--- restart ${entry.restarts} by the supervisor ---\n`)
        const child = spawn(process.execPath, [...(part.nodeArgs ?? []), path.join(this.projectDir, part.entry), ...(part.args ?? [])], {
            cwd: this.projectDir,
            env: { ...process.env, ...this.env, ...watch.extraEnv },
            stdio: ['ignore', 'pipe', 'pipe'],
        })
        entry.child = child
        entry.exited = undefined
        watch.startedAt = Date.now()
        const forward = (chunk: Buffer) => {
            log.write(chunk)
            for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.echo(`[${part.name}] ${line}`)
        }
        child.stdout!.on('data', forward)
        child.stderr!.on('data', forward)
        child.on('exit', (code, signal) => {
            entry.exited = { code, signal }
            if (this.watched(entry)) this.echo(`[${part.name}] exited (code ${code}, signal ${signal}); log: ${logFile}`)
        })
        // 'close' comes after the last output: the log is complete before a restart or a give-up quotes it
        child.on('close', () => log.end(() => this.onDied(entry)))
    }

    private watched(entry: RunningPart): boolean {
        return !this.stopping && this.running.includes(entry)
    }

    /** A watched part died: start it again after its backoff pause, or give up. */
    private onDied(entry: RunningPart): void {
        const watch = this.watches.get(entry)!
        if (!this.watched(entry) || !watch.backoff) return
        // a processor with a last block (a two-part profile's relay part, SPEC §4.13) ends with code 0: done, not dead
        if (entry.part.mayFinish && entry.exited?.code === 0) return void this.echo(`[${entry.part.name}] finished its block range`)
        const now = Date.now()
        const pause = watch.backoff.onExit(now, now - watch.startedAt)
        if (pause == null) return this.fail(entry, watch.backoff.crashes())
        this.echo(`[${entry.part.name}] restarting in ${pause / 1000} s`)
        watch.timer = setTimeout(() => {
            watch.timer = undefined
            if (!this.watched(entry)) return
            entry.restarts++
            this.spawn(entry, 'a')
        }, pause)
    }

    /** Too many quick exits: stop every part, then resolve `failed` with the part's last log lines. */
    private fail(entry: RunningPart, crashes: number): void {
        const policy = this.restart as RestartPolicy
        const e = entry.exited
        this.failure = new Error(
            `${entry.part.name} exited ${crashes} times within ${policy.crashWindowMs / 1000} s ` +
            `(last: code ${e?.code ?? null}, signal ${e?.signal ?? null}); stopping every part. ` +
            `Last ${policy.tailLines} lines of ${entry.logFile}:\n${readTail(entry.logFile, policy.tailLines)}`)
        void this.stop().then(() => this.giveUp(this.failure!))
    }

    private killAll(signal: NodeJS.Signals) {
        for (const r of this.running) if (!r.exited) r.child.kill(signal)
    }
}

/** The last `lines` non-empty lines of a file. */
export function readTail(file: string, lines: number): string {
    try {
        return fs.readFileSync(file, 'utf8').split('\n').filter(l => l.trim()).slice(-lines).join('\n')
    } catch {
        return '(no log)'
    }
}
