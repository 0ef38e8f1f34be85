import * as fs from 'fs'
import * as path from 'path'
import { loadProfile, profileFile, serializeProfile } from '../config/profile'
import { connectionEnv, externalConnectionFromEnv } from '../db/connection'
import { EmbeddedPostgresServer, projectDir } from '../db/embedded'
import { applyMigrations } from '../db/migrate'
import { builtParts } from '../parts'
import { Supervisor } from '../runtime/supervisor'
import { freePort } from '../util/free-port'
import { runScenarioCommand } from './scenario'

/**
 * npm start                         local chains + the demo scenario, then serve GraphQL and the dashboard
 * npm start -- --profile mainnet    index real chains (KUSAMA_RPC / ETH_RPC override the profile's endpoints);
 *                                   --profile also takes a path to a profile file (…/my-profile.json)
 * KUSAMA_RPC=… ETH_RPC=… npm start  the same with the mainnet profile
 */
async function main(argv: string[]): Promise<number> {
    const i = argv.indexOf('--profile')
    const profileName = i >= 0 ? argv[i + 1] : undefined
    if (i >= 0 && !profileName) {
        console.error('usage: npm start [-- --profile NAME]')
        return 2
    }
    if (!profileName && !process.env.KUSAMA_RPC && !process.env.ETH_RPC) {
        return runScenarioCommand(['run', path.join(projectDir(), 'scenarios/demo.json'), '--serve', '--quiet'])
    }
    return serveRealChains(profileName ?? 'mainnet')
}

async function serveRealChains(nameOrPath: string): Promise<number> {
    const root = projectDir()
    const file = profileFile(nameOrPath)
    if (!fs.existsSync(file)) {
        console.error(`no profile ${nameOrPath} (${file})`)
        return 2
    }
    const profile = loadProfile({ ...process.env, SQUID_PROFILE: file })
    const name = profile.name
    const endpoints = [['KUSAMA_RPC', profile.kusama.rpc], ['ETH_RPC', profile.ethereum.rpc]]
    if (profile.kusamaAssetHub) endpoints.push(['KUSAMA_ASSET_HUB_RPC', profile.kusamaAssetHub.rpc])
    for (const [chain, rpc] of endpoints) {
        if (rpc.startsWith('env:')) {
            console.error(`profile ${name} takes its endpoint from ${chain}: set it (e.g. ${chain}=wss://… npm start)`)
            return 2
        }
    }
    const external = externalConnectionFromEnv()
    const pg = external ? undefined : await EmbeddedPostgresServer.start()
    const db = pg ? await pg.ensureDatabase(`squid_${name.replace(/[^a-z0-9_]/g, '_')}`) : external!
    await applyMigrations(db)
    const runDir = path.join(root, '.data', name)
    fs.mkdirSync(runDir, { recursive: true })
    const runProfile = path.join(runDir, "profile.json")
    fs.writeFileSync(runProfile, serializeProfile(profile))
    const supervisor = new Supervisor(root, path.join(runDir, 'logs'), { ...connectionEnv(db), SQUID_PROFILE: runProfile },
        line => console.log(line))
    const port = Number(process.env.GQL_PORT ?? 0) || await freePort()
    for (const part of builtParts(root, undefined, profile)) {
        supervisor.start(part, part.name === 'api' ? { GQL_PORT: String(port) } : {})
    }
    console.log(`indexing profile ${name}; GraphQL API: http://127.0.0.1:${port}/graphql`)
    console.log(`Dashboard: http://127.0.0.1:${port}/dashboard`)
    const stop = async () => {
        await supervisor.stop()
        await pg?.stop()
        process.exit(0)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    // serve until a signal, or until a part keeps dying: the supervisor has then stopped every part
    const failure = await supervisor.failed
    console.error(failure.message)
    await pg?.stop()
    return 1
}

main(process.argv.slice(2)).then(code => process.exit(code), e => {
    console.error(e)
    process.exit(1)
})
