import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { LocalStack } from '../../src/local/local-stack'
import { parseScenario } from '../../src/local/scenario/scenario'
import { PRODUCT_PARTS } from '../../src/parts'

/**
 * A whole local stack for one test file: its own embedded Postgres cluster in a temp folder
 * (so test files and developers running tests at the same time never share a cluster), the
 * two local chains, and only the named product parts (compiled, from lib/ — `npm test` builds first).
 */
export async function startTestStack(opts: { scenario: object; parts: string[] }): Promise<LocalStack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-test-'))
    fs.chmodSync(dir, 0o755)
    const unknown = opts.parts.filter(n => !PRODUCT_PARTS.some(p => p.name === n))
    if (unknown.length) throw new Error(`unknown parts: ${unknown.join(', ')}`)
    const stack = await LocalStack.start({
        scenario: parseScenario(JSON.stringify(opts.scenario)),
        parts: PRODUCT_PARTS.filter(p => opts.parts.includes(p.name)),
        pgDataRoot: path.join(dir, 'pg'),
        runDir: path.join(dir, 'run'),
        echo: process.env.ECHO_PARTS ? line => process.stderr.write(line + '\n') : undefined,
        // a part that dies in a test is a bug to see (assertAlive throws), not something to heal
        restart: false,
    })
    const stop = stack.stop.bind(stack)
    stack.stop = async () => {
        await stop()
        fs.rmSync(dir, { recursive: true, force: true })
    }
    return stack
}
