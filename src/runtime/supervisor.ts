import { ChildProcess, spawn } from 'child_process'
import * as fs from 'fs'
import * as path from 'path'
import { ProductPart } from '../parts'

/**
 * Runs the product's parts as child processes (each part is its own process, as in SQD Cloud),
 * keeps their output in a log file per part, and stops them all with the owner. A part that
 * exits on its own is reported, never silently ignored.
 */
export interface RunningPart {
    part: ProductPart
    child: ChildProcess
    logFile: string
    exited?: { code: number | null; signal: NodeJS.Signals | null }
}

export class Supervisor {
    private running: RunningPart[] = []
    private stopping = false

    constructor(
        private projectDir: string,
        private logDir: string,
        private env: Record<string, string>,
        private echo: (line: string) => void = () => {},
    ) {
        fs.mkdirSync(logDir, { recursive: true })
        process.once('exit', () => this.killAll('SIGKILL'))
    }

    start(part: ProductPart, extraEnv: Record<string, string> = {}): RunningPart {
        const logFile = path.join(this.logDir, `${part.name}.log`)
        const log = fs.createWriteStream(logFile, { flags: 'w' })
        const child = spawn(process.execPath, [...(part.nodeArgs ?? []), path.join(this.projectDir, part.entry), ...(part.args ?? [])], {
            cwd: this.projectDir,
            env: { ...process.env, ...this.env, ...extraEnv },
            stdio: ['ignore', 'pipe', 'pipe'],
        })
        const entry: RunningPart = { part, child, logFile }
        const forward = (chunk: Buffer) => {
            log.write(chunk)
            for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.echo(`[${part.name}] ${line}`)
        }
        child.stdout!.on('data', forward)
        child.stderr!.on('data', forward)
        child.on('exit', (code, signal) => {
            entry.exited = { code, signal }
            log.end()
            if (!this.stopping) this.echo(`[${part.name}] exited (code ${code}, signal ${signal}); log: ${logFile}`)
        })
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
        if (r.exited) return
        await new Promise<void>(resolve => {
            r.child.once('exit', () => resolve())
            r.child.kill(signal)
        })
    }

    /** Throws when a part has died: waiting on it would hang forever. */
    assertAlive(): void {
        for (const r of this.running) {
            if (r.exited) {
                const tail = readTail(r.logFile, 30)
                throw new Error(`${r.part.name} exited (code ${r.exited.code}, signal ${r.exited.signal}); last lines of ${r.logFile}:\n${tail}`)
            }
        }
    }

    async stop(): Promise<void> {
        this.stopping = true
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

    private killAll(signal: NodeJS.Signals) {
        for (const r of this.running) if (!r.exited) r.child.kill(signal)
    }
}

export function readTail(file: string, lines: number): string {
    try {
        return fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n')
    } catch {
        return '(no log)'
    }
}
