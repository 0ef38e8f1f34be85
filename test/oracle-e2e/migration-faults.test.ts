/**
 * Faults across the Kusama → Asset Hub migration (SPEC §4.13), end to end through the real processors (the
 * relay's, then Asset Hub's), Ethereum processor and oracle worker, on one three-day scenario with the migration
 * at 05:00 of day 1 (mid-period):
 *  - a wrong migration (`corruptLedger`: stash0's ledger moved with 1 KSM less active stake) → the day-1 report
 *    fails MIGRATION_CONTINUITY (blocking) naming stash0 and the amounts, and is not publishable; day 0's report
 *    is byte-identical to the undisturbed run's;
 *  - kill -9 of the relay processor just before the migration step and of both Kusama processors just after it
 *    (and of Asset Hub's once more a step later), each restarted after a short delay → the same reports (canonical
 *    JSON, byte for byte: nothing reorgs, so the block trees are the same), deposit outcomes, unstake requests and
 *    Kusama domain rows as the undisturbed run.
 * No API, so no notary: claims mint explicit shares with the notary key, and both chains are deterministic.
 */
import { Client } from 'pg'
import type { LocalStack } from '../../src/local/local-stack'
import type { Step } from '../../src/local/scenario/scenario'
import { startTestStack } from '../support/stack'
import { until } from '../support/until'
import { connect, DAY } from './model'

const T = (d: number, s: number) => d * DAY + s
const MIGRATION = T(1, 18000)
const PARTS = ['kusama-processor', 'kusama-ah-processor', 'eth-processor', 'oracle-worker']
const KUSAMA_TABLES = ['pool_deposit', 'pool_transfer', 'staking_change', 'staking_reward', 'slash', 'era_paid', 'nomination', 'pool_fee']
const PERIODS = ['2026-03-02', '2026-03-03', '2026-03-04']

function scenario(migration: object): object {
    const steps: object[] = [
        { t: T(0, 600), op: 'deposit', from: 'alice', ksm: '100' },
        { t: T(0, 660), op: 'deposit', from: 'bob', ksm: '50' },
        { t: T(0, 720), op: 'deposit', from: 'carol', ksm: '0.05' },
        { t: T(0, 1200), op: 'sweep', to: 'stash0', ksm: '140' },
        { t: T(0, 1800), op: 'bond', stash: 'stash0', ksm: '140' },
        { t: T(0, 2400), op: 'unbond', stash: 'stash0', ksm: '20' },
        { t: T(0, 3000), op: 'claim', kusama: 'alice', eth: 'alice', shares: '100' },
        { t: T(0, 3060), op: 'claim', kusama: 'bob', eth: 'bob', shares: '50' },
        { t: T(0, 43200), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.05' },
        { t: T(1, 3600), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.05' },
        { t: T(1, 7200), op: 'burn', eth: 'alice', aksmb: '25', recipient: 'alice' },
        { t: MIGRATION, ...migration, op: 'migrateToAssetHub' },
        { t: T(1, 18060), op: 'deposit', from: 'frank', ksm: '5' },
        { t: T(1, 50000), op: 'deposit', from: 'dave', ksm: '3' },
        { t: T(1, 64800), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.05' },
        { t: T(2, 3600), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.05' },
        { t: T(2, 7200), op: 'sweep', to: 'stash0', ksm: '3' },
        { t: T(2, 7260), op: 'bond', stash: 'stash0', ksm: '3' },
        { t: T(2, 10000), op: 'unbond', stash: 'stash0', ksm: '5' },
        { t: T(2, 12000), op: 'burn', eth: 'bob', aksmb: '10', recipient: 'bob' },
    ]
    return { start: '2026-03-02T00:00:00Z', end: '2026-03-05T00:00:00Z', stashes: ['stash0'], steps }
}

interface Run {
    reports: { id: string; canonical: string; inputs_hash: string; publishable: boolean; checks: { name: string; passed: boolean; blocking: boolean; detail: string }[] }[]
    outcomes: Record<string, any>[]
    requests: Record<string, any>[]
    kusamaRows: Record<string, any>[]
    stash0: string
    log: string[]
    kills: string[]
    ms: number
}

type Disturb = (stack: LocalStack, db: Client, kills: string[]) => (step: Step) => Promise<void>

async function run(migration: object, disturb?: Disturb): Promise<Run> {
    const t0 = Date.now()
    const stack = await startTestStack({ scenario: scenario(migration), parts: PARTS })
    const db = connect(stack)
    const log: string[] = []
    const kills: string[] = []
    try {
        await db.connect()
        await stack.runner(l => log.push(l), disturb ? { beforeStep: disturb(stack, db, kills) } : {}).run()
        await until('the relay processor to finish', async () => stack.supervisor.parts().find(r => r.part.name === 'kusama-processor')?.exited, 10_000, 50)
        const reports = (await db.query(`SELECT id, canonical, inputs_hash FROM period_report ORDER BY period`)).rows.map(r => {
            const c = JSON.parse(r.canonical)
            return { id: r.id, canonical: r.canonical, inputs_hash: r.inputs_hash, publishable: c.publishable, checks: c.checks }
        })
        const kusamaRows: Record<string, any>[] = []
        for (const t of KUSAMA_TABLES) for (const r of (await db.query(`SELECT * FROM ${t} ORDER BY id`)).rows) kusamaRows.push({ table: t, ...r })
        return {
            reports,
            outcomes: (await db.query(`SELECT * FROM deposit_outcome ORDER BY id`)).rows,
            // first_eta*: when the worker's first pass saw a request (wall-clock scheduling; a kill delays passes)
            requests: (await db.query(`SELECT * FROM unstake_request ORDER BY queue_position`)).rows.map(r => {
                const { first_eta: _a, first_eta_watermark: _b, ...rest } = r
                return rest
            }),
            kusamaRows,
            stash0: stack.kusama.address('stash0'),
            log, kills, ms: Date.now() - t0,
        }
    } finally {
        await db.end().catch(() => {})
        await stack.stop()
    }
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** SIGKILL the part (if it is still running), wait a moment, start it again with its env (the test stack never restarts a part itself) */
async function killAndRestart(stack: LocalStack, name: string, kills: string[], delayMs = 300): Promise<void> {
    const r = stack.supervisor.parts().find(p => p.part.name === name)
    if (!r) throw new Error(`${name} is not running`)
    if (r.exited) {
        kills.push(`${name}: already exited (${JSON.stringify(r.exited)})`)
    } else {
        await stack.supervisor.stopPart(r, 'SIGKILL')
        kills.push(`${name}: ${JSON.stringify(r.exited ?? { signal: 'SIGKILL' })}`)
    }
    await sleep(delayMs)
    await stack.restartPart(name)
}

/** kill -9 around the migration: the relay processor just before the step, both Kusama processors just after, Asset Hub's once more a step later */
const killAroundMigration: Disturb = (stack, _db, kills) => {
    return async step => {
        if (step.op === 'migrateToAssetHub') {
            await killAndRestart(stack, 'kusama-processor', kills)
        } else if (step.t === T(1, 18060)) {
            // the migrated hook has just (re)started both: the relay's catching up to its endBlock, Asset Hub's starting at its first block
            await killAndRestart(stack, 'kusama-ah-processor', kills, 100)
            await killAndRestart(stack, 'kusama-processor', kills)
        } else if (step.t === T(1, 50000)) {
            await killAndRestart(stack, 'kusama-ah-processor', kills)
        }
    }
}

describe('faults across the Asset Hub migration', () => {
    let clean: Run
    let corrupt: Run
    let killed: Run

    beforeAll(async () => {
        clean = await run({})
        corrupt = await run({ corruptLedger: { stash: 'stash0', ksm: '1' } })
        killed = await run({}, killAroundMigration)
        console.log(`runs: undisturbed ${clean.ms} ms, wrong migration ${corrupt.ms} ms, killed ${killed.ms} ms; kills: ${killed.kills.join('; ')}`)
    }, 240_000)

    afterAll(() => {
        if (process.env.DEBUG_E2E) console.log([...clean?.log ?? [], '----', ...corrupt?.log ?? [], '----', ...killed?.log ?? []].join('\n'))
    })

    it('the undisturbed run: every report publishable, MIGRATION_CONTINUITY passing on the migration period only', () => {
        expect(clean.reports.map(r => r.id)).toEqual(PERIODS)
        expect(clean.reports.map(r => [r.id, r.publishable])).toEqual(PERIODS.map(p => [p, true]))
        expect(clean.reports.map(r => r.checks.filter(c => c.name === 'MIGRATION_CONTINUITY').map(c => c.passed))).toEqual([[], [true], []])
        expect(clean.outcomes.map(d => d.status).sort()).toEqual(['BELOW_MINIMUM', 'CREDITED', 'CREDITED', 'CREDITED', 'CREDITED'])
        expect(clean.requests).toHaveLength(2)
    })

    it('a wrong migration (stash0 moved 1 KSM short): MIGRATION_CONTINUITY fails and blocks the day-1 report; day 0 is unaffected', () => {
        expect(corrupt.log.some(l => l.includes("TEST FAULT: stash0's ledger moved 1000000000000 planck short"))).toBe(true)
        expect(corrupt.reports.map(r => r.id)).toEqual(PERIODS)
        const day1 = corrupt.reports[1]
        const c = day1.checks.find(x => x.name === 'MIGRATION_CONTINUITY')!
        expect(c).toMatchObject({ passed: false, blocking: true })
        // by the events: 140 bonded − 20 unbonded + 0.1 of rewards restaked = 120.1 KSM active, 140.1 in the ledger
        // and in balance; Asset Hub's storage holds 1 KSM less of each (its stake is held from the moved ledger)
        const a = corrupt.stash0
        expect(c.detail).toBe(`3 difference(s) between Asset Hub at block 1 and the relay chain's events: ` +
            `${a}: balance storage 139.1 KSM, events 140.1 KSM (−1 KSM unexplained); ` +
            `${a}: active stake storage 119.1 KSM, events 120.1 KSM (−1 KSM unexplained); ` +
            `${a}: ledger total storage 139.1 KSM, events 140.1 KSM (−1 KSM unexplained)`)
        expect(day1.publishable).toBe(false)
        // which checks fail, per period, beside the undisturbed run's (ONCHAIN_DRIFT warns in both: nothing is
        // published). The missing KSM also shows in the day-end storage readings from day 1 on: holdings fall short
        // of what the pool owes (RESERVES, blocking too) and storage differs from the events (EVENTS_MATCH_STATE)
        const failed = (run: Run) => run.reports.map(r => [r.id, r.checks.filter(x => !x.passed).map(x => `${x.name}${x.blocking ? ' (blocking)' : ''}`)])
        expect(failed(clean)).toEqual([[PERIODS[0], []], [PERIODS[1], ['ONCHAIN_DRIFT']], [PERIODS[2], ['ONCHAIN_DRIFT']]])
        expect(failed(corrupt)).toEqual([
            [PERIODS[0], []],
            [PERIODS[1], ['ONCHAIN_DRIFT', 'RESERVES (blocking)', 'EVENTS_MATCH_STATE', 'MIGRATION_CONTINUITY (blocking)']],
            [PERIODS[2], ['ONCHAIN_DRIFT', 'RESERVES (blocking)', 'EVENTS_MATCH_STATE']],
        ])
        // the period before: byte for byte the undisturbed run's report
        expect(corrupt.reports[0].canonical).toBe(clean.reports[0].canonical)
        expect(corrupt.reports[0].inputs_hash).toBe(clean.reports[0].inputs_hash)
        expect(corrupt.reports[0].publishable).toBe(true)
    })

    it('kill -9 of the Kusama processors around the migration: the same reports, deposit outcomes, unstake requests and Kusama rows', () => {
        expect(killed.kills.length).toBe(4)
        expect(killed.reports.map(r => r.id)).toEqual(PERIODS)
        for (let i = 0; i < PERIODS.length; i++) {
            expect({ p: PERIODS[i], canonical: killed.reports[i].canonical, hash: killed.reports[i].inputs_hash })
                .toEqual({ p: PERIODS[i], canonical: clean.reports[i].canonical, hash: clean.reports[i].inputs_hash })
        }
        expect(killed.outcomes).toEqual(clean.outcomes)
        expect(killed.requests).toEqual(clean.requests)
        expect(killed.kusamaRows).toEqual(clean.kusamaRows)
        expect(killed.kusamaRows.filter(r => r.chain === 'KUSAMA_ASSET_HUB').length).toBeGreaterThan(3)
    })
})
