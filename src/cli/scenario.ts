import * as fs from 'fs'
import { LocalStack } from '../local/local-stack'
import { parseScenario, ScenarioError } from '../local/scenario/scenario'

/**
 * npm run scenario -- run FILE [--serve] [--quiet]
 * Replays FILE on fresh local chains and a fresh database while every built part of the product
 * runs; prints `scenario done` once the product has caught up; with --serve keeps the API up.
 */
export async function runScenarioCommand(argv: string[]): Promise<number> {
    const [command, file, ...flags] = argv
    if (command !== 'run' || !file) {
        console.error('usage: npm run scenario -- run FILE [--serve] [--quiet]')
        return 2
    }
    const unknown = flags.filter(f => f !== '--serve' && f !== '--quiet')
    if (unknown.length) {
        console.error(`unknown option ${unknown[0]}`)
        return 2
    }
    const serve = flags.includes('--serve')
    const quiet = flags.includes('--quiet')
    let text: string
    try {
        text = fs.readFileSync(file, 'utf8')
    } catch (e) {
        console.error(`cannot read ${file}: ${e.message}`)
        return 2
    }
    let scenario
    try {
        scenario = parseScenario(text)
    } catch (e) {
        console.error(e instanceof ScenarioError ? e.message : e)
        return 1
    }
    const apiPort = Number(process.env.GQL_PORT ?? 0) || undefined   // README: GQL_PORT, else a free port
    const stack = await LocalStack.start({ scenario, apiPort, echo: quiet ? undefined : line => console.log(line) })
    const stop = async () => {
        await stack.stop()
        process.exit(0)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    try {
        console.log(`kusama simulator: ${stack.kusamaUrls.wsUrl}  ethereum devnet: ${stack.eth.rpcUrl}`)
        if (serve && stack.graphqlUrl) {
            console.log(`GraphQL API: ${stack.graphqlUrl}`)
            console.log(`Dashboard: ${stack.graphqlUrl.replace(/\/graphql$/, '/dashboard')}`)
        }
        await stack.runner(line => console.log(line)).run()
        console.log('scenario done')
    } catch (e) {
        console.error(e instanceof ScenarioError ? e.message : e?.stack ?? e)
        await stack.stop()
        return 1
    }
    if (!serve) {
        await stack.stop()
        return 0
    }
    // serve until stopped by a signal, or until a part keeps dying (the supervisor has then stopped every part)
    const failure = await stack.supervisor.failed
    console.error(failure.message)
    await stack.stop()
    return 1
}

if (require.main === module) {
    runScenarioCommand(process.argv.slice(2)).then(code => process.exit(code), e => {
        console.error(e)
        process.exit(1)
    })
}
