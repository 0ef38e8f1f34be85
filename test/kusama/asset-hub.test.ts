/**
 * Kusama Asset Hub (statemine 1009003, pallet_staking_async) is the same processor with another
 * profile kind: configuration plus decoders. The real compiled processor indexes an Asset Hub
 * simulator into the same tables, rows marked KUSAMA_ASSET_HUB, equal to what it emitted.
 */
import { ChildProcess, spawn } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import type { Client } from 'pg'
import { DEFAULT_ORACLE, serializeProfile } from '../../src/config/profile'
import { connectionEnv } from '../../src/db/connection'
import { projectDir } from '../../src/db/embedded'
import { KusamaSimulator } from '../../src/local/kusama-sim'
import type { LocalStack } from '../../src/local/local-stack'
import { pgRows, processedHeight } from '../../src/db/processor-status'
import { startTestStack } from '../support/stack'
import { at, dbClient, decideDepositRow, expectedFromSim, KSM, normalizeRow, rows, START, until } from './helpers'


let stack: LocalStack
let db: Client
let ah: KusamaSimulator
let child: ChildProcess | undefined
let log = ''
/** minStake lives in the oracle settings: the processor never reads it */
const ORACLE = { ...DEFAULT_ORACLE, minStakePlanck: KSM / 10n }

beforeAll(async () => {
    // the stack gives the database (its relay simulator and devnet stay idle: no product parts)
    stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: [], steps: [] }, parts: [] })
    db = await dbClient(stack)
    ah = new KusamaSimulator({ genesisTime: START - 60_000, profile: 'asset-hub', poolAccounts: ['deposit', 'stash0'] })
    const urls = await ah.listen()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ksm-ah-'))
    const profileFile = path.join(dir, 'profile.json')
    fs.writeFileSync(profileFile, serializeProfile({
        name: 'asset-hub-test',
        kusama: {
            kind: 'asset-hub', rpc: urls.httpUrl, startBlock: 0,
            depositAddresses: [ah.address('deposit')], stashes: [ah.address('stash0')], otherPoolAccounts: [],
        },
        ethereum: { rpc: 'http://127.0.0.1:1', chainId: 31337, startBlock: 0, finalityConfirmation: 5, pool: '0x' + '00'.repeat(20), bond: '0x' + '00'.repeat(20) },
        oracle: ORACLE,
    }))
    child = spawn(process.execPath, [path.join(projectDir(), 'lib/chains/kusama/main.js')], {
        cwd: projectDir(),
        env: { ...process.env, ...connectionEnv(stack.db), SQUID_PROFILE: profileFile, KUSAMA_STATE_SCHEMA: 'kusama_asset_hub_processor', PROCESSOR_PROMETHEUS_PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', d => { log = (log + d).slice(-4000) })
    child.stderr!.on('data', d => { log = (log + d).slice(-4000) })
})

afterAll(async () => {
    if (child && child.exitCode == null) {
        const exited = new Promise(r => child!.once('exit', r))
        child.kill('SIGTERM')
        await exited
    }
    await ah?.close()
    await db?.end()
    await stack?.stop()
})

it('indexes Asset Hub staking and balances with the same domain logic', async () => {
    ah.transfer(at(60), 'alice', 'deposit', 5n * KSM)
    ah.transfer(at(120), 'bob', 'deposit', KSM / 20n)
    ah.transfer(at(180), 'deposit', 'stash0', 4n * KSM)
    ah.bond(at(240), 'stash0', 3n * KSM)
    ah.nominate(at(300), 'stash0', ['val1'], 'batch')
    ah.reward(at(360), 'stash0', 'val1', KSM, 'Staked')
    ah.unbond(at(6 * 3600 + 60), 'stash0', KSM)
    ah.slash(at(6 * 3600 + 120), 'stash0', KSM / 10n)
    ah.finalize()
    const target = ah.finalizedHead().height
    await until('the Asset Hub processor', async () => {
        if (child!.exitCode != null) throw new Error(`processor exited ${child!.exitCode}:\n${log}`)
        return (await processedHeight(pgRows(db), 'kusama_asset_hub_processor')) >= target
    }, 60_000)

    const expected = expectedFromSim(ah, { deposit: ['deposit'], stashes: ['stash0'], other: [] }, 'KUSAMA_ASSET_HUB')
    for (const table of ['deposit', 'pool_transfer', 'staking_change', 'reward', 'slash', 'era_paid'] as const) {
        expect({ table, rows: (await rows(db, table)).map(normalizeRow) }).toEqual({ table, rows: expected[table] })
    }
    expect(expected.deposit.map(d => d.amount)).toEqual([String(5n * KSM), String(KSM / 20n)])
    // the core decides them as on the relay chain: one credited, one below the minimum
    expect((await rows(db, 'deposit')).map(d => decideDepositRow(d, ORACLE.minStakePlanck).status)).toEqual(['CREDITED', 'BELOW_MINIMUM'])
    expect(expected.reward).toHaveLength(1)
    expect(expected.reward[0]).toMatchObject({ validator: ah.address('val1'), era: 8000, dest: 'Staked' })
    expect(expected.staking_change.map(s => [s.action, s.active_era])).toEqual([['BONDED', 8001], ['UNBONDED', 8002]])
    expect(expected.slash).toHaveLength(1)
    const n = await rows(db, 'nomination')
    expect(n.map(x => [x.chain, x.stash, x.validators, x.via])).toEqual([['KUSAMA_ASSET_HUB', ah.address('stash0'), [ah.address('val1')], 'BATCH']])
})
