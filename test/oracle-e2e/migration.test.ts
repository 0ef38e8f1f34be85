/**
 * Kusama across the Asset Hub migration, end to end (SPEC §4.13, scenario op `migrateToAssetHub`): one
 * eight-day scenario replayed twice on fresh stacks — all on the relay chain, and with the migration at
 * 05:00 of day 1, in the middle of a period — through the real processors (the relay's, then Asset Hub's),
 * oracle worker, notary, publisher and API:
 *  - day 0, on the relay: deposits (one below the minimum), a sweep and a bond, 20 KSM unbonded (era 8001,
 *    unlocking at 8029 = day 7 00:00), claims through the notary, a reward;
 *  - day 1: a reward on the relay and alice's 25 aKSMb burn (its ETA: the relay's chunk); 05:00: the migration;
 *    two Asset Hub deposits lost in a reorg of Asset Hub's last two blocks (the processor has indexed them);
 *    a deposit and a reward on Asset Hub;
 *  - day 2, on Asset Hub: a reward, a sweep and a bond, 5 KSM unbonded (era 8009, unlocking at 8037 = day 9),
 *    bob's 10 aKSMb burn (its ETA: that chunk);
 *  - day 3: the ratio published (a sync point: both ETAs shown while pending);
 *  - day 7, on Asset Hub: the relay's chunk withdrawn at its era, alice paid out.
 * Both runs must give the same reports (ratio, S, P, APR, every check and its numbers, RESERVES, SHARE_SUPPLY
 * and EVENTS_MATCH_STATE passing), deposit outcomes, unstake queue and ETAs, and domain events — except each
 * Kusama row's chain, its block and ids (src/chaos/run-state.ts normalizes those), and extrinsic hashes (a signed
 * extrinsic commits to its chain's genesis and runtime). The reorg on Asset Hub rolls back only Asset Hub rows.
 */
import { createHash } from 'crypto'
import * as fs from 'fs'
import { Client } from 'pg'
import { parseProfile } from '../../src/config/profile'
import type { LocalStack } from '../../src/local/local-stack'
import type { Step } from '../../src/local/scenario/scenario'
import { KUSAMA_ASSET_HUB_STATE_SCHEMA, KUSAMA_STATE_SCHEMA } from '../../src/parts'
import { readRunState, RunState } from '../../src/chaos/run-state'
import { startTestStack } from '../support/stack'
import { until } from '../support/until'
import { connect, DAY, inputsHashOf } from './model'
import { execFile } from 'child_process'
import * as path from 'path'
import { promisify } from 'util'
import { connectionEnv } from '../../src/db/connection'

const START = Date.parse('2026-03-02T00:00:00Z')
const T = (d: number, s: number) => d * DAY + s
const iso = (d: number, s: number) => new Date(START + T(d, s) * 1000).toISOString()
/** mid-period, and no era boundary since the relay's previous block (01:00): so the relay's last block pays no era
 *  and every EraPaid sits where the relay-only run has it (a boundary crossed there would be paid in the relay's last block) */
const MIGRATION = T(1, 18000)
const PARTS = ['kusama-processor', 'kusama-ah-processor', 'eth-processor', 'oracle-worker', 'api']
/** Kusama domain event tables (their rows carry `chain`) */
const KUSAMA_TABLES = ['pool_deposit', 'pool_transfer', 'staking_change', 'staking_reward', 'slash', 'era_paid', 'nomination', 'pool_fee', 'claim_remark']

function scenario(migrate: boolean): object {
    const steps: object[] = [
        { t: T(0, 600), op: 'deposit', from: 'alice', ksm: '100' },
        { t: T(0, 660), op: 'deposit', from: 'bob', ksm: '50' },
        { t: T(0, 720), op: 'deposit', from: 'carol', ksm: '0.05' },
        { t: T(0, 1200), op: 'sweep', to: 'stash0', ksm: '140' },
        { t: T(0, 1800), op: 'bond', stash: 'stash0', ksm: '140' },
        { t: T(0, 2400), op: 'unbond', stash: 'stash0', ksm: '20' },
        { t: T(0, 3000), op: 'claim', kusama: 'alice', eth: 'alice' },
        { t: T(0, 3060), op: 'claim', kusama: 'bob', eth: 'bob' },
        { t: T(0, 43200), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.05' },
        { t: T(1, 3600), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.05' },
        { t: T(1, 7200), op: 'burn', eth: 'alice', aksmb: '25', recipient: 'alice' },
        ...(migrate ? [{ t: MIGRATION, op: 'migrateToAssetHub' }] : []),
        { t: T(1, 18060), op: 'deposit', from: 'frank', ksm: '5' },
        { t: T(1, 18120), op: 'deposit', from: 'grace', ksm: '7' },
        { t: T(1, 18180), op: 'reorg', chain: 'kusama', depth: 2 },
        { t: T(1, 50000), op: 'deposit', from: 'dave', ksm: '3' },
        { t: T(1, 64800), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.05' },
        { t: T(2, 3600), op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.05' },
        { t: T(2, 7200), op: 'sweep', to: 'stash0', ksm: '3' },
        { t: T(2, 7260), op: 'bond', stash: 'stash0', ksm: '3' },
        { t: T(2, 10000), op: 'unbond', stash: 'stash0', ksm: '5' },
        { t: T(2, 12000), op: 'burn', eth: 'bob', aksmb: '10', recipient: 'bob' },
        // a sync point while both requests wait: the live queue shows both ETAs at this watermark
        { t: T(3, 0), op: 'publishRatio' },
        { t: T(7, 600), op: 'withdraw', stash: 'stash0' },
        { t: T(7, 1200), op: 'payout', from: 'stash0', to: 'alice', ksm: '20' },
        { t: T(7, 1260), op: 'payout', to: 'alice', ksm: '5' },
    ]
    return { start: '2026-03-02T00:00:00Z', end: '2026-03-10T00:00:00Z', stashes: ['stash0'], steps }
}

interface Run {
    state: RunState
    /** every Kusama domain row (id, chain, the rest) just before the reorg step, and at the end */
    beforeReorg: Record<string, any>[]
    after: Record<string, any>[]
    /** the profile file's text just before the migration step (the migrated run) */
    profileBefore?: string
    profileAfter: string
    log: string[]
    kusamaParts: { name: string; exited?: { code: number | null } }[]
    relayEnd?: number
    /** the unstake requests at the end, and at the day-3 sync point (both pending) */
    requests: Record<string, any>[]
    requestsAtDay3: Record<string, any>[]
    reportChecks: { period: string; checks: { name: string; passed: boolean; blocking: boolean; detail: string }[] }[]
    /** `verify --reread` at the end (exit code and output), and how many of the Kusama readings were taken on Asset Hub */
    reread: { code: number; stdout: string; onAssetHub: number }
    /** Asset Hub's SessionRotated rows (active, planned era) and its rewards' payout attribution */
    sessionEras: [number, number][]
    assetHubRewards: { validator: string; era: number; payout_page: number }[]
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

/**
 * The inputsHash of a period: ./model's, and for the period holding the migration the snapshot's digest too
 * (src/oracle/core/migration.ts: sha256(inputsHash + "\nmigration:" + sha256 of the stored snapshot)).
 */
async function inputsHashWithSnapshot(db: Client, from: number, to: number): Promise<string> {
    const base = await inputsHashOf(db, from, to)
    const snap = await db.query(`SELECT "values" FROM migration_snapshot WHERE "timestamp" >= $1 AND "timestamp" < $2`, [new Date(from), new Date(to)])
    return snap.rows.length ? sha256(`${base}\nmigration:${sha256(snap.rows[0].values)}`) : base
}

const requestsOf = async (db: Client) =>
    (await db.query(`SELECT eth_account, status, owed_planck, eta, eta_reason FROM unstake_request ORDER BY queue_position`)).rows

async function kusamaRows(db: Client): Promise<Record<string, any>[]> {
    const out: Record<string, any>[] = []
    for (const t of KUSAMA_TABLES) for (const r of (await db.query(`SELECT * FROM ${t} ORDER BY id`)).rows) out.push({ table: t, ...r })
    return out
}

/**
 * whether Kusama's current processor has indexed the head of Kusama's current chain (as a hot block, or final);
 * after the migration also that the relay processor (restarted at the op) is final up to the relay's last block,
 * so the relay rows read before the reorg are all of them
 */
async function indexedHead(stack: LocalStack, db: Client): Promise<boolean> {
    const ah = stack.kusamaNow() !== stack.kusama
    const schema = ah ? KUSAMA_ASSET_HUB_STATE_SCHEMA : KUSAMA_STATE_SCHEMA
    const { hash } = stack.kusamaNow().head()
    try {
        const r = await db.query(`SELECT 1 FROM "${schema}".hot_block WHERE hash = $1 UNION ALL SELECT 1 FROM "${schema}".status WHERE id = 0 AND hash = $1`, [hash])
        if (r.rows.length === 0) return false
        if (!ah) return true
        const relay = await db.query(`SELECT height FROM "${KUSAMA_STATE_SCHEMA}".status WHERE id = 0`)
        return relay.rows.length > 0 && relay.rows[0].height >= stack.kusama.head().height
    } catch {
        return false   // no state schema yet
    }
}

/** `node lib/oracle/main.js verify --reread` on the stack's profile, while the chains still answer (not spawnSync: they live in this process) */
async function verifyReread(stack: LocalStack): Promise<{ code: number; stdout: string }> {
    const opts = { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, ...connectionEnv(stack.db), SQUID_PROFILE: stack.profileFile }, encoding: 'utf8' as const }
    try {
        const { stdout } = await promisify(execFile)(process.execPath, ['lib/oracle/main.js', 'verify', '--reread'], opts)
        return { code: 0, stdout }
    } catch (e: any) {
        return { code: e.code ?? -1, stdout: `${e.stdout}\n${e.stderr}` }
    }
}

async function run(migrate: boolean): Promise<Run> {
    const stack = await startTestStack({ scenario: scenario(migrate), parts: PARTS })
    const db = connect(stack)
    const log: string[] = []
    try {
        await db.connect()
        let beforeReorg: Record<string, any>[] = []
        let profileBefore: string | undefined
        let requestsAtDay3: Record<string, any>[] = []
        await stack.runner(l => log.push(l), {
            beforeStep: async (step: Step) => {
                if (step.op === 'migrateToAssetHub') profileBefore = fs.readFileSync(stack.profileFile, 'utf8')
                // the step after the day-3 sync point: the live queue is at that watermark
                if (step.op === 'withdraw') requestsAtDay3 = await requestsOf(db)
                if (step.op !== 'reorg') return
                // so the reorg replaces blocks the processor has indexed (its rollback runs), not blocks it never saw
                await until('the Kusama processor to index the head before the reorg', async () => {
                    stack.supervisor.assertAlive()
                    return indexedHead(stack, db)
                }, 60_000, 50)
                beforeReorg = await kusamaRows(db)
            },
        }).run()
        if (migrate) {
            // it exits once final up to its endBlock, which the last sync point has seen: give the exit a moment to land
            await until('the relay processor to finish', async () => stack.supervisor.parts().find(r => r.part.name === 'kusama-processor')?.exited, 10_000, 50)
        }
        const reread = await verifyReread(stack)
        const onAssetHub = (await db.query(`SELECT count(*)::int AS n FROM reserves_reading r
            JOIN chain_clock c ON c.hash = r.hash AND c.chain = 'kusama-asset-hub' WHERE r.chain = 'kusama'`)).rows[0].n
        return {
            reread: { ...reread, onAssetHub },
            sessionEras: (await db.query(`SELECT active_era, planned_era FROM session_rotation ORDER BY block_height, event_index`)).rows
                .map(r => [r.active_era, r.planned_era]),
            assetHubRewards: (await db.query(`SELECT validator, era, payout_page FROM staking_reward WHERE chain = 'KUSAMA_ASSET_HUB' ORDER BY block_height`)).rows,
            state: await readRunState(db, { inputsHashOf: inputsHashWithSnapshot }),
            beforeReorg, after: await kusamaRows(db),
            profileBefore, profileAfter: fs.readFileSync(stack.profileFile, 'utf8'),
            log,
            kusamaParts: stack.supervisor.parts().filter(r => r.part.chain === 'kusama').map(r => ({ name: r.part.name, exited: r.exited })),
            relayEnd: stack.kusama.retiredSince(),
            requests: await requestsOf(db), requestsAtDay3,
            reportChecks: (await db.query(`SELECT id, canonical FROM period_report ORDER BY period`)).rows
                .map(r => ({ period: r.id, checks: JSON.parse(r.canonical).checks })),
        }
    } finally {
        await db.end().catch(() => {})
        await stack.stop()
    }
}

// ---------------------------------------------------------------- what may differ between the two runs
/** checks that only a migrated run has (SPEC §4.13) */
const MIGRATION_ONLY_CHECKS = new Set(['MIGRATION_CONTINUITY'])
const CHAIN_IN_TEXT = /\b(Kusama|Asset Hub) block <height>/g

/** a report without its reserves section (storage shapes differ by chain: a lock in free vs a hold in reserved) and migration-only checks */
function comparableReport(json: string): unknown {
    const r = JSON.parse(json.replace(CHAIN_IN_TEXT, 'Kusama block <height>'))
    delete r.reserves
    r.checks = r.checks.filter((c: any) => !MIGRATION_ONLY_CHECKS.has(c.name))
    return r
}

/**
 * a table's rows without the chain of Kusama rows, their extrinsic hashes (they commit to the chain's genesis and
 * runtime), their event indexes (Asset Hub's blocks carry other events too, SessionRotated among them: the
 * pool's events keep their order, which the normalized ids compare, at other indexes) and the rewards' payout page
 * (the scenario's relay runtime, 1003000, pays unpaged; Asset Hub's pays page 0, asserted above)
 */
function comparableRows(table: string, rows: Record<string, unknown>[]): unknown[] {
    const out = rows.map(r => {
        const { chain: _c, ...rest } = r
        if (KUSAMA_TABLES.includes(table)) {
            delete rest.extrinsic_hash
            delete rest.event_index
            delete rest.payout_page
        }
        if (table === 'period_report') rest.checks = (rest.checks as any[]).filter(c => !MIGRATION_ONLY_CHECKS.has(c.name))
        return JSON.parse(JSON.stringify(rest).replace(CHAIN_IN_TEXT, 'Kusama block <height>'))
    })
    return out.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
}

describe('Kusama across the Asset Hub migration: the same pool history on the relay alone and across the seam', () => {
    let relayOnly: Run
    let migrated: Run

    beforeAll(async () => {
        relayOnly = await run(false)
        migrated = await run(true)
    }, 300_000)

    afterAll(() => {
        if (process.env.DEBUG_E2E) console.log([...relayOnly?.log ?? [], '----', ...migrated?.log ?? []].join('\n'))
    })

    it('the migrated run really spans both parts: relay rows up to 05:00 of day 1, Asset Hub rows after, both processors done', () => {
        const chains = new Map<string, Set<string>>()
        for (const r of migrated.after) {
            const side = r.timestamp.getTime() <= START + MIGRATION * 1000 ? 'KUSAMA' : 'KUSAMA_ASSET_HUB'
            expect({ id: r.id, chain: r.chain }).toEqual({ id: r.id, chain: side })
            chains.set(r.table, (chains.get(r.table) ?? new Set()).add(r.chain))
        }
        // deposits, rewards, era clocks and staking on both sides
        for (const t of ['pool_deposit', 'staking_reward', 'era_paid', 'staking_change']) expect([t, [...chains.get(t)!].sort()]).toEqual([t, ['KUSAMA', 'KUSAMA_ASSET_HUB']])
        // the relay chunk of day 0 is withdrawn on Asset Hub on day 7 (era 8029)
        const withdrawn = migrated.after.filter(r => r.table === 'staking_change' && r.action === 'WITHDRAWN')
        expect(withdrawn.map(r => [r.chain, r.timestamp.toISOString(), String(r.amount)])).toEqual([['KUSAMA_ASSET_HUB', iso(7, 600), '20000000000000']])
        // the relay processor stopped at the relay's last block (exit 0: done); Asset Hub's runs on
        expect(migrated.kusamaParts).toEqual([
            { name: 'kusama-processor', exited: { code: 0, signal: null } },
            { name: 'kusama-ah-processor', exited: undefined },
        ])
        expect(relayOnly.kusamaParts.map(p => p.name)).toEqual(['kusama-processor'])
    })

    it('the profile is one-part until the migration, then two-part with the relay endBlock and the Asset Hub startBlock', () => {
        const before = parseProfile(migrated.profileBefore!, 'before')
        expect(before.kusamaAssetHub).toBeUndefined()
        expect(before.kusama.endBlock).toBeUndefined()
        expect(JSON.parse(migrated.profileBefore!).kusama.kind).toBe('relay')
        const after = parseProfile(migrated.profileAfter, 'after')
        expect(after.kusama.endBlock).toBe(migrated.relayEnd)
        expect(after.kusamaAssetHub).toMatchObject({ kind: 'asset-hub', startBlock: 1, depositAddresses: before.kusama.depositAddresses, stashes: before.kusama.stashes })
        expect(after.kusamaAssetHub!.rpc).not.toBe(after.kusama.rpc)
        expect(JSON.parse(migrated.profileAfter).kusama).toHaveProperty('relay.endBlock', migrated.relayEnd)
        expect(migrated.log.some(l => /migrateToAssetHub: profile has kusama.relay to block \d+ and kusama.assetHub from block 1; \(re\)started kusama-processor, kusama-ah-processor, oracle-worker/.test(l))).toBe(true)
    })

    it('a reorg of Asset Hub right after the migration rolls back only Asset Hub rows', () => {
        const lostTimes = [iso(1, 18060), iso(1, 18120)]
        // the processor had indexed both lost deposits (frank's, grace's), as Asset Hub rows
        const lost = migrated.beforeReorg.filter(r => r.table === 'pool_deposit' && lostTimes.includes(r.timestamp.toISOString()))
        expect(lost.map(r => [r.chain, r.timestamp.toISOString()])).toEqual(lostTimes.map(t => ['KUSAMA_ASSET_HUB', t]))
        // after it: they are gone, and every relay row is exactly as before
        expect(migrated.after.filter(r => lost.some(l => l.id === r.id))).toEqual([])
        const relay = (rows: Record<string, any>[]) => rows.filter(r => r.chain === 'KUSAMA')
        expect(relay(migrated.after)).toEqual(relay(migrated.beforeReorg))
        expect(relay(migrated.after).length).toBeGreaterThan(10)
        // the same steps were lost in the relay-only run
        expect(relayOnly.after.filter(r => r.table === 'pool_deposit').length).toBe(migrated.after.filter(r => r.table === 'pool_deposit').length)
        expect(relayOnly.beforeReorg.filter(r => r.table === 'pool_deposit').length).toBe(5)
    })

    it('every report passes RESERVES, SHARE_SUPPLY and EVENTS_MATCH_STATE on both sides of the seam (and MIGRATION_CONTINUITY where present)', () => {
        expect(migrated.reportChecks.map(r => r.period)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09'])
        for (const run of [relayOnly, migrated]) {
            for (const r of run.reportChecks) {
                for (const c of r.checks.filter(x => ['RESERVES', 'SHARE_SUPPLY', 'EVENTS_MATCH_STATE', 'MIGRATION_CONTINUITY'].includes(x.name))) {
                    expect({ period: r.period, name: c.name, passed: c.passed, detail: c.detail }).toEqual({ period: r.period, name: c.name, passed: true, detail: c.detail })
                }
                expect([r.period, r.checks.filter(c => ['RESERVES', 'SHARE_SUPPLY', 'EVENTS_MATCH_STATE'].includes(c.name)).length]).toEqual([r.period, 3])
            }
        }
    })

    it('ETAs are right on both sides: alice waits for the relay chunk (era 8029), bob for the Asset Hub chunk (era 8037)', () => {
        for (const run of [relayOnly, migrated]) {
            // at the day-3 sync point era 8013 has started at 00:00 (an era starts at the block that paid the one
            // before, SPEC §4.9): 8029 is 16 eras on (day 7 00:00), 8037 24 eras on (day 9 00:00)
            const eta = (rows: Record<string, any>[]) => rows.map(r => [r.status, String(r.owed_planck), r.eta?.toISOString() ?? null, r.eta_reason])
            expect(eta(run.requestsAtDay3)).toEqual([
                ['PENDING', '25000000000000', iso(7, 0), 'UNBONDING'],
                ['PENDING', '10000000000000', iso(9, 0), 'UNBONDING'],
            ])
            // at the end: alice paid (20 KSM from the withdrawn relay chunk, 5 from the deposit address); bob still waits for his chunk
            expect(eta(run.requests)).toEqual([
                ['PAID', '25000000000000', null, null],
                ['PENDING', '10000000000000', iso(9, 0), 'UNBONDING'],
            ])
        }
    })

    it('verify --reread reads every reserves reading again on the part that holds its block: Asset Hub readings on Asset Hub', () => {
        for (const run of [relayOnly, migrated]) {
            expect(run.reread.stdout).toMatch(/\d+ reserves readings re-read from the chains: byte-identical/)
            expect(run.reread.code).toBe(0)
        }
        expect(migrated.reread.onAssetHub).toBeGreaterThan(0)
        expect(relayOnly.reread.onAssetHub).toBe(0)
    })

    it("Asset Hub's own shapes: rewards paid by payout_stakers_by_page keep validator, era and page; SessionRotated carries the era clock on", () => {
        // the relay-only run pays with payout_stakers and has no sessions recorded
        expect(relayOnly.sessionEras).toEqual([])
        expect(relayOnly.assetHubRewards).toEqual([])
        // Asset Hub rotates a session an hour; eras continue from the relay's: 8005 was active at the migration (day 1
        // 05:00), and the first session boundary after it, 06:00, is also an era's, paid first (EraPaid 8005)
        expect(migrated.sessionEras.length).toBeGreaterThan(24)
        expect(migrated.sessionEras[0]).toEqual([8006, 8007])
        for (let i = 1; i < migrated.sessionEras.length; i++) {
            expect(migrated.sessionEras[i][0] - migrated.sessionEras[i - 1][0]).toBeGreaterThanOrEqual(0)
        }
        expect(migrated.assetHubRewards.length).toBeGreaterThan(0)
        for (const r of migrated.assetHubRewards) expect(r).toMatchObject({ payout_page: 0 })
        expect(migrated.assetHubRewards.map(r => r.era).every(e => e >= 8005)).toBe(true)
    })

    it('gives the same reports (ratio, S, P, APR, every check and its numbers) as the relay-only run', () => {
        const periods = Object.keys(relayOnly.state.reports)
        expect(Object.keys(migrated.state.reports)).toEqual(periods)
        for (const p of periods) {
            expect({ p, report: comparableReport(migrated.state.reports[p]) }).toEqual({ p, report: comparableReport(relayOnly.state.reports[p]) })
        }
    })

    it('gives the same deposit outcomes, unstake queue and ETAs, payouts, claims and domain events', () => {
        const tables = Object.keys(relayOnly.state.tables).filter(t => t !== 'reserves_reading')
        expect(Object.keys(migrated.state.tables).filter(t => t !== 'reserves_reading').sort()).toEqual(tables.sort())
        for (const t of tables) {
            expect({ t, rows: comparableRows(t, migrated.state.tables[t]) }).toEqual({ t, rows: comparableRows(t, relayOnly.state.tables[t]) })
        }
        // the comparison is not vacuous
        expect(relayOnly.state.tables.deposit_outcome.map(d => d.status).sort()).toEqual(['BELOW_MINIMUM', 'CREDITED', 'CREDITED', 'CREDITED'])
    })
})
