/**
 * The account queries use an index for every table they filter, at any size (bench/api, BENCHMARKS.md "API under
 * load"): the resolvers' own statements, run through the real resolvers on a database with enough rows that
 * Postgres prefers an index when there is one, each EXPLAINed as it runs.
 *
 *  - deposit_outcome (refund_outflow_id): a Kusama account's history joins each of its payouts to the deposit
 *    it refunded; without the index every history read scans every deposit outcome (711k rows a year).
 *  - unstake_request (lower(eth_account)), claim (lower(account)), bond_transfer (lower("from")) and
 *    (lower("to")): an Ethereum account's history and summary match these case-insensitively; an index on the
 *    plain column cannot serve lower(column), so each read scans the whole table.
 *
 * These pass once the indexes exist in the migration (until then the plans are sequential scans).
 */
import { Client } from 'pg'
import { AccountResolver } from '../../src/api/account-resolver'
import { encodeKusamaAddress } from '../../src/domain/kusama-address'
import { startTestDatabase, TestDatabase } from '../support/database'

let t: TestDatabase
let db: Client

const KUSAMA = encodeKusamaAddress('0x' + '11'.repeat(32))
const ETH = '0x00000000000000000000000000000000000000aa'

beforeAll(async () => {
    t = await startTestDatabase('query-plans')
    db = t.client
    // enough rows that a sequential scan is the planner's last resort; a few of them belong to the two accounts
    await db.query(`INSERT INTO deposit_outcome (id, account, amount, status, shares, period, ratio, "timestamp", refund_outflow_id, refunded_at)
        SELECT 'd' || g, 'acct' || (g % 5000), 1, 'CREDITED', 1, 20000, 1, now(), CASE WHEN g % 50 = 0 THEN 'o' || g END, NULL
        FROM generate_series(1, 50000) g`)
    await db.query(`INSERT INTO pool_transfer (id, chain, kind, "from", "to", amount, block_height, block_hash, "timestamp", event_index)
        SELECT 'o' || g, 'KUSAMA', 'OUTFLOW', 'stash', CASE WHEN g % 10000 = 0 THEN $1 ELSE 'acct' || (g % 5000) END, 1, g, '0x', now(), 0
        FROM generate_series(1, 50000) g`, [KUSAMA])
    await db.query(`INSERT INTO unstake_request (id, queue_position, eth_account, recipient, recipient_status, shares, owed_planck, paid_planck,
            status, overdue, requested_at, deadline)
        SELECT 'u' || g, g, CASE WHEN g % 5000 = 0 THEN $1 ELSE '0x' || lpad(to_hex(g % 9000), 40, '0') END, 'acct' || (g % 5000), 'VALID', 1, 1, 0,
            'PENDING', false, now(), now()
        FROM generate_series(1, 50000) g`, [ETH])
    await db.query(`INSERT INTO claim (id, claim_id, shares, claim_before_block, account, relayer, tx_hash, block_height, block_hash, "timestamp", log_index)
        SELECT 'c' || g, g, 1, 1, CASE WHEN g % 5000 = 0 THEN $1 ELSE '0x' || lpad(to_hex(g % 9000), 40, '0') END, '0x', '0x', g, '0x', now(), 0
        FROM generate_series(1, 50000) g`, [ETH])
    await db.query(`INSERT INTO bond_transfer (id, kind, "from", "to", value, shares, ratio, tx_hash, block_height, block_hash, "timestamp", log_index)
        SELECT 't' || g, 'TRANSFER', '0x' || lpad(to_hex(g % 9000), 40, '0'), CASE WHEN g % 5000 = 0 THEN $1 ELSE '0x' || lpad(to_hex(g % 7000), 40, '0') END,
            1, 1, 1, '0x', g, '0x', now(), 0
        FROM generate_series(1, 100000) g`, [ETH])
    await db.query('ANALYZE')
})

afterAll(async () => {
    await t?.stop()
})

interface PlanNode {
    'Node Type': string
    'Relation Name'?: string
    'Index Name'?: string
    'Index Cond'?: string
    Plans?: PlanNode[]
}

/** Runs a resolver on the test database; every statement it sends is EXPLAINed (same parameters) before it runs. */
async function plansOf(run: (r: AccountResolver) => Promise<unknown>): Promise<PlanNode[]> {
    const plans: PlanNode[] = []
    const em = {
        async query(sql: string, params?: unknown[]) {
            const res = await db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)
            plans.push(res.rows[0]['QUERY PLAN'][0].Plan)
            return (await db.query(sql, params)).rows
        },
    }
    await run(new AccountResolver(async () => em as any))
    return plans
}

function nodes(plans: PlanNode[]): PlanNode[] {
    const out: PlanNode[] = []
    const walk = (n: PlanNode) => { out.push(n); n.Plans?.forEach(walk) }
    plans.forEach(walk)
    return out
}

/** the table and definition of each index the plans read */
async function indexesRead(plans: PlanNode[]): Promise<{ table: string; def: string }[]> {
    const out: { table: string; def: string }[] = []
    for (const n of nodes(plans).filter(x => x['Index Name'])) {
        const r = await db.query('SELECT tablename, indexdef FROM pg_indexes WHERE indexname = $1', [n['Index Name']])
        out.push({ table: r.rows[0]?.tablename, def: r.rows[0]?.indexdef ?? '' })
    }
    return out
}

const seqScanned = (plans: PlanNode[]) => nodes(plans).filter(n => n['Node Type'] === 'Seq Scan').map(n => n['Relation Name'])

/** `table` is read through an index whose definition matches `key`, and never scanned whole */
async function expectIndexed(plans: PlanNode[], table: string, key: RegExp): Promise<void> {
    expect(seqScanned(plans)).not.toContain(table)
    const defs = (await indexesRead(plans)).filter(i => i.table === table).map(i => i.def)
    expect(defs).toEqual(expect.arrayContaining([expect.stringMatching(key)]))
}

describe('the account queries use an index on every large table they filter', () => {
    it('a Kusama account\'s history finds its refunds by deposit_outcome.refund_outflow_id', async () => {
        const plans = await plansOf(r => r.accountHistory(KUSAMA))
        await expectIndexed(plans, 'deposit_outcome', /\(refund_outflow_id\)/)
    })

    it('an Ethereum account\'s history matches unstake requests, claims and transfers through lower() indexes', async () => {
        const plans = await plansOf(r => r.accountHistory(ETH))
        await expectIndexed(plans, 'unstake_request', /\(lower\(eth_account\)\)/)
        await expectIndexed(plans, 'claim', /\(lower\(account\)\)/)
        await expectIndexed(plans, 'bond_transfer', /\(lower\("from"\)\)/)
        await expectIndexed(plans, 'bond_transfer', /\(lower\("to"\)\)/)
    })

    it('an Ethereum account\'s summary reads its claims and pending unstakes through lower() indexes', async () => {
        const plans = await plansOf(r => r.accountSummary(ETH))
        await expectIndexed(plans, 'unstake_request', /\(lower\(eth_account\)\)/)
        await expectIndexed(plans, 'claim', /\(lower\(account\)\)/)
    })
})
