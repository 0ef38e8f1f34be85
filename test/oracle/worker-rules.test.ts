/**
 * The oracle worker on a hand-made database (real Postgres, real migrations): the rules that
 * depend on what is final where — credits shown before their period closes (SPEC §4.3), chain
 * order inside one Ethereum block, and a minStake change applied by the oracle alone (§4.1).
 */
import { Client } from 'pg'
import { DEFAULT_CORE_SETTINGS } from '../../src/oracle/core'
import { applyPolicy } from '../../src/oracle/worker/policy'
import { LiveQueueWriter } from '../../src/oracle/worker/store'
import { closePeriods, WorkerConfig } from '../../src/oracle/worker/worker'
import { startTestDatabase, TestDatabase } from '../support/database'

let testDb: TestDatabase
let db: Client

beforeAll(async () => {
    testDb = await startTestDatabase('worker-rules')
    db = testDb.client
})

afterAll(async () => {
    await testDb?.stop()
})

const DAY = 86_400_000
const D0 = Date.UTC(2026, 2, 2)
const KSM = 10n ** 12n
const E18 = 10n ** 18n
const cfg: WorkerConfig = { settings: DEFAULT_CORE_SETTINGS, liquidity: { poolAccounts: ['DEPOSIT'] } }

async function deposit(id: string, height: number, index: number, t: number, from: string, amount: bigint) {
    await db.query(`INSERT INTO pool_deposit (id, chain, extrinsic_id, extrinsic_hash, "from", "to", amount, block_height, block_hash, "timestamp", event_index)
        VALUES ($1, 'KUSAMA', $2, '0x', $3, 'DEPOSIT', $4, $5, '0x', $6, $7)`, [id, `${height}-1`, from, amount.toString(), height, new Date(t), index])
}

async function ratioUpdate(id: string, height: number, logIndex: number, t: number, r: bigint) {
    await db.query(`INSERT INTO ratio_update (id, ratio, tx_hash, block_height, block_hash, "timestamp", log_index) VALUES ($1, $2, '0x', $3, '0x', $4, $5)`,
        [id, r.toString(), height, new Date(t), logIndex])
}

/** Each chain final at `height`, whose block time is `t`. */
async function finalize(chain: 'kusama' | 'ethereum', height: number, t: number) {
    const schema = chain === 'kusama' ? 'kusama_processor' : 'eth_processor'
    await db.query(`INSERT INTO chain_clock (id, chain, height, "timestamp") VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [`${chain}-${height}`, chain, height, new Date(t)])
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.status (id int4 primary key, height int4 not null, hash text DEFAULT '0x', nonce int4 DEFAULT 0)`)
    await db.query(`INSERT INTO ${schema}.status (id, height) VALUES (0, $1) ON CONFLICT (id) DO UPDATE SET height = EXCLUDED.height`, [height])
}

const outcomes = async () => (await db.query(`SELECT id, status, shares::text, period FROM deposit_outcome ORDER BY id`)).rows

test('a deposit is credited once its block is final and report D-1 exists, before D closes and before Ethereum reaches it', async () => {
    await deposit('k-0001', 1, 1, D0 + 3_600_000, 'alice', 10n * KSM)
    // day 0 closes: both chains final past its end
    await finalize('kusama', 10, D0 + DAY + 60_000)
    await finalize('ethereum', 10, D0 + DAY + 60_000)
    const first = await closePeriods(db, cfg, undefined, { live: new LiveQueueWriter() })
    expect(first.closed.map(r => r.label)).toEqual(['2026-03-02'])

    // day 1 at 00:05: bob deposits; Kusama finalizes it, Ethereum is still at 00:01
    await deposit('k-0020', 20, 2, D0 + DAY + 300_000, 'bob', 4n * KSM)
    await deposit('k-0021', 21, 1, D0 + DAY + 360_000, 'carol', KSM / 20n)
    await finalize('kusama', 30, D0 + DAY + 600_000)
    const second = await closePeriods(db, cfg, undefined, { live: new LiveQueueWriter() })
    expect(second.finality.watermark).toBe(D0 + DAY + 60_000)
    expect(second.closed).toEqual([])
    // claimable right away: 4 KSM at R_0 = 1e18, fixed; carol's 0.05 is BELOW_MINIMUM
    expect(await outcomes()).toEqual([
        { id: 'k-0001', status: 'CREDITED', shares: String(10n * E18), period: 20514 },
        { id: 'k-0020', status: 'CREDITED', shares: String(4n * E18), period: 20515 },
        { id: 'k-0021', status: 'BELOW_MINIMUM', shares: '0', period: 20515 },
    ])
})

test('two RatioUpdates in one Ethereum block: the later log is the on-chain ratio at the period end', async () => {
    // the later log (index 5) has the smaller id: ordered by id, the earlier one would win
    await ratioUpdate('0xffff-1', 40, 1, D0 + DAY + 900_000, 9n * E18 / 10n)
    await ratioUpdate('0x0000-5', 40, 5, D0 + DAY + 900_000, 8n * E18 / 10n)
    await finalize('kusama', 50, D0 + 2 * DAY + 60_000)
    await finalize('ethereum', 50, D0 + 2 * DAY + 60_000)
    const p = await closePeriods(db, cfg, undefined, { live: new LiveQueueWriter() })
    expect(p.closed.map(r => [r.label, r.onchainRatio, r.onchainRatioId])).toEqual([['2026-03-03', 8n * E18 / 10n, '0x0000-5']])
})

test('a new minStake in the oracle settings changes deposit statuses and reports, without touching the indexed rows', async () => {
    const indexed = (await db.query('SELECT * FROM pool_deposit ORDER BY id')).rows
    expect(await applyPolicy(db, cfg.settings, new Date(D0))).toEqual({ changed: false })   // first start: recorded
    const cheaper: WorkerConfig = { ...cfg, settings: { ...cfg.settings, minStakePlanck: KSM / 100n } }
    const change = await applyPolicy(db, cheaper.settings, new Date(D0 + 3 * DAY))
    expect(change).toMatchObject({ changed: true })
    expect((await db.query('SELECT count(*)::int AS n FROM period_report')).rows[0].n).toBe(0)
    const p = await closePeriods(db, cheaper, undefined, { live: new LiveQueueWriter() })
    expect(p.closed.map(r => [r.label, r.creditedPlanck])).toEqual([['2026-03-02', 10n * KSM], ['2026-03-03', 4n * KSM + KSM / 20n]])
    expect((await outcomes()).map(o => [o.id, o.status, o.shares])).toEqual([
        ['k-0001', 'CREDITED', String(10n * E18)],
        ['k-0020', 'CREDITED', String(4n * E18)],
        ['k-0021', 'CREDITED', String(5n * E18 / 100n)],
    ])
    expect((await db.query('SELECT * FROM pool_deposit ORDER BY id')).rows).toEqual(indexed)
    // the same settings again: nothing to recompute
    expect(await applyPolicy(db, cheaper.settings, new Date(D0 + 4 * DAY))).toEqual({ changed: false })
})
