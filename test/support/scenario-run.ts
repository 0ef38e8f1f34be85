import { Client } from 'pg'
import { pgConfig } from '../../src/db/connection'
import type { LocalStack } from '../../src/local/local-stack'
import { startTestStack } from './stack'

/**
 * A local stack that has run its whole scenario, and a client of its database: what an end-to-end suite's
 * beforeAll builds and its afterAll takes down. DEBUG_E2E=1 prints the runner's log at the end.
 */
export interface ScenarioRun {
    stack: LocalStack
    db: Client
    log: string[]
    stop(): Promise<void>
}

export async function runScenario(opts: { scenario: object; parts: string[] }): Promise<ScenarioRun> {
    const stack = await startTestStack(opts)
    const db = new Client(pgConfig(stack.db))
    const log: string[] = []
    const run: ScenarioRun = {
        stack, db, log,
        async stop() {
            if (process.env.DEBUG_E2E) console.log(log.join('\n'))
            await db.end().catch(() => {})
            await stack.stop()
        },
    }
    try {
        await db.connect()
        await stack.runner(l => log.push(l)).run()
        return run
    } catch (e) {
        await run.stop()
        throw e
    }
}
