/**
 * The real Kusama processor (lib/chains/kusama/main.js) indexing the simulator end to end:
 * every domain event kind, across runtime upgrades 1002000 → 1003000 → 1009002, compared
 * value for value with what the simulator emitted, plus a reorg that removes a deposit.
 */
import type { Client } from 'pg'
import type { LocalStack } from '../../src/local/local-stack'
import { encodeKusamaAddress } from '../../src/domain/kusama-address'
import { startTestStack } from '../support/stack'
import { at, dbClient, decideDepositRow, expectedFromSim, extrinsicHash, HOUR, KSM, normalizeRow, rows, until } from './helpers'


let stack: LocalStack
let db: Client

beforeAll(async () => {
    stack = await startTestStack({
        scenario: {
            start: '2026-01-05T00:00:00Z',
            stashes: ['stash0', 'stash1'],
            config: { specVersion: 1002000, txFee: '0.001', poolAccounts: ['hot'] },
            steps: [],
        },
        parts: ['kusama-processor', 'api'],
    })
    db = await dbClient(stack)
})

afterAll(async () => {
    await db?.end()
    await stack?.stop()
})

const addr = (name: string) => stack.kusama.address(name)

async function graphql(query: string): Promise<any> {
    const res = await fetch(stack.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
    const body: any = await res.json()
    if (body.errors) throw new Error(JSON.stringify(body.errors))
    return body.data
}

describe('Kusama processor on the simulator', () => {
    const mined: Record<string, { height: number; hash: string; specVersion: number }> = {}

    it('indexes every domain event kind across runtime upgrades, equal to what the simulator emitted', async () => {
        const k = stack.kusama
        const m = (label: string, b: { height: number; hash: string; specVersion: number }) => { mined[label] = b }
        // ---- spec 1002000 (the first block also crosses the 6 h boundary at START: EraPaid 8000)
        m('deposit', k.transfer(at(60), 'alice', 'deposit', 10n * KSM))
        m('small', k.transfer(at(120), 'bob', 'deposit', 5n * KSM / 100n))
        m('batch', k.batchTransfer(at(180), 'carol', [{ to: 'deposit', planck: 2n * KSM }, { to: 'dave', planck: 1n * KSM }], 'batch'))
        m('sweep', k.transfer(at(240), 'deposit', 'stash0', 5n * KSM))
        m('inflow', k.transfer(at(300), 'alice', 'stash1', 3n * KSM))
        m('outflow', k.transfer(at(360), 'deposit', 'alice', 1n * KSM))
        m('bond', k.bond(at(420), 'stash0', 4n * KSM))
        m('nominate', k.nominate(at(480), 'stash0', ['val1', 'val2']))
        m('reward', k.reward(at(540), 'stash0', 'val1', 1n * KSM, 'Staked'))
        k.transfer(at(600), 'alice', 'bob', 1n * KSM) // not the pool's
        k.reward(at(660), 'outsider', 'val1', 1n * KSM, 'Staked') // not a pool stash
        m('unbond', k.unbond(at(6 * HOUR + 60), 'stash0', 1n * KSM)) // EraPaid 8001 in the same block, before it
        m('slash', k.slash(at(6 * HOUR + 120), 'stash0', KSM / 2n))
        k.upgrade(at(6 * HOUR + 180), 1003000)
        // ---- spec 1003000
        m('exactMin', k.transfer(at(6 * HOUR + 240), 'dave', 'deposit', KSM / 10n))
        m('rewardStash', k.reward(at(6 * HOUR + 300), 'stash0', 'val2', 2n * KSM, 'Stash'))
        m('nominateBatch', k.nominate(at(6 * HOUR + 360), 'stash1', ['val3'], 'batch'))
        m('bond1', k.bond(at(6 * HOUR + 420), 'stash1', 2n * KSM))
        k.upgrade(at(6 * HOUR + 480), 1009002)
        // ---- spec 1009002
        m('deposit3', k.transfer(at(6 * HOUR + 540), 'erin', 'deposit', 7n * KSM))
        m('rewardAccount', k.reward(at(6 * HOUR + 600), 'stash1', 'val3', KSM / 2n, { Account: 'alice' }))
        m('nominateProxy', k.nominate(at(6 * HOUR + 660), 'stash0', ['val1'], 'proxy'))
        m('eraPaid', k.eraPaid(at(6 * HOUR + 720)))
        m('hot', k.transfer(at(6 * HOUR + 780), 'stash1', 'hot', KSM / 4n)) // internal, to an "other" pool account
        // 8 days later: many EraPaid in one block, then the chunk unbonded at era 8002 is withdrawable
        m('withdraw', k.withdraw(at(8 * 24 * HOUR), 'stash0'))
        k.finalize()
        await stack.waitForCatchUp(60_000)

        expect(mined.deposit.specVersion).toBe(1002000)
        expect(mined.exactMin.specVersion).toBe(1003000)
        expect(mined.deposit3.specVersion).toBe(1009002)

        // ---- value for value against the simulator's events
        const expected = expectedFromSim(k, { deposit: ['deposit'], stashes: ['stash0', 'stash1'], other: ['hot'] })
        for (const table of ['deposit', 'pool_transfer', 'staking_change', 'reward', 'slash', 'era_paid', 'pool_fee'] as const) {
            const got = (await rows(db, table)).map(normalizeRow)
            expect({ table, rows: got }).toEqual({ table, rows: expected[table] })
        }
        // every kind is there
        expect(expected.deposit).toHaveLength(5)
        expect(expected.pool_transfer).toHaveLength(4)
        expect(expected.staking_change).toHaveLength(4)
        expect(expected.reward).toHaveLength(3)
        expect(expected.slash).toHaveLength(1)
        expect(expected.era_paid.length).toBeGreaterThan(30)
        expect(expected.pool_fee.length).toBeGreaterThan(5)
    })

    it('records deposits as facts (credited or below minimum is the core\'s decision), inside utility.batch, found by extrinsic id and hash', async () => {
        const deposits = await rows(db, 'deposit')
        const byFrom = (n: string) => deposits.filter(d => d.from === addr(n))
        expect(byFrom('alice')).toHaveLength(1)
        expect(byFrom('alice')[0]).toMatchObject({
            amount: String(10n * KSM), to: addr('deposit'),
            extrinsic_id: `${mined.deposit.height}-1`, block_height: mined.deposit.height,
        })
        expect(byFrom('bob')[0]).toMatchObject({ amount: String(5n * KSM / 100n), to: addr('deposit') })
        expect(byFrom('dave')[0]).toMatchObject({ amount: String(KSM / 10n), to: addr('deposit') }) // exactly minStake
        // the processor decides nothing: no status column
        for (const d of deposits) expect(d).not.toHaveProperty('status')
        // the core's decision on these very rows (minStake 0.1 KSM, a solvent pool at ratio 1)
        const decided = (n: string) => { const o = decideDepositRow(byFrom(n)[0], KSM / 10n); return [o.status, o.shares] }
        expect(decided('alice')).toEqual(['CREDITED', 10n * KSM * 10n ** 6n])
        expect(decided('bob')).toEqual(['BELOW_MINIMUM', 0n])
        expect(decided('dave')).toEqual(['CREDITED', KSM / 10n * 10n ** 6n]) // exactly minStake is credited
        // no oracle runs in this stack: the API shows every deposit PENDING, with no shares
        const api = await graphql(`{ deposits(from: "${addr('alice')}") { amountPlanck status shares } }`)
        expect(api.deposits).toEqual([{ amountPlanck: String(10n * KSM), status: 'PENDING', shares: '0' }])
        // the batched one: only the item to the deposit address, with the batch extrinsic's id and hash
        const batched = byFrom('carol')
        expect(batched).toHaveLength(1)
        const block = stack.kusama.blocks().find(b => b.height === mined.batch.height)!
        expect(batched[0]).toMatchObject({ amount: String(2n * KSM), extrinsic_id: `${mined.batch.height}-1`, extrinsic_hash: extrinsicHash(block, 1) })
        const byHash = await db.query('SELECT id FROM pool_deposit WHERE extrinsic_hash = $1', [extrinsicHash(block, 1)])
        expect(byHash.rows).toHaveLength(1)
    })

    it('tells internal transfers, inflows and outflows apart (a transfer between pool accounts is not a deposit)', async () => {
        const t = await rows(db, 'pool_transfer')
        const summary = t.map(r => [r.kind, r.from, r.to, r.amount])
        expect(summary).toEqual([
            ['INTERNAL', addr('deposit'), addr('stash0'), String(5n * KSM)],
            ['INFLOW', addr('alice'), addr('stash1'), String(3n * KSM)],
            ['OUTFLOW', addr('deposit'), addr('alice'), String(1n * KSM)],
            ['INTERNAL', addr('stash1'), addr('hot'), String(KSM / 4n)],
        ])
        const fromDeposit = await db.query(`SELECT count(*)::int AS n FROM pool_deposit WHERE "from" IN ($1, $2)`, [addr('deposit'), addr('stash1')])
        expect(fromDeposit.rows[0].n).toBe(0)
    })

    it('attributes rewards to the validator and era of their payout, with dest in every runtime', async () => {
        const r = await rows(db, 'reward')
        expect(r.map(x => [x.stash, x.amount, x.dest, x.validator, x.era, x.block_height])).toEqual([
            [addr('stash0'), String(KSM), 'Staked', addr('val1'), 8000, mined.reward.height],
            [addr('stash0'), String(2n * KSM), 'Stash', addr('val2'), 8001, mined.rewardStash.height],
            [addr('stash1'), String(KSM / 2n), `Account:${addr('alice')}`, addr('val3'), 8001, mined.rewardAccount.height],
        ])
    })

    it('records bond, unbond (with the active era) and withdraw, slashes and the era clock', async () => {
        const s = await rows(db, 'staking_change')
        expect(s.map(x => [x.action, x.stash, x.amount, x.active_era])).toEqual([
            ['BONDED', addr('stash0'), String(4n * KSM), 8001],
            ['UNBONDED', addr('stash0'), String(KSM), 8002],
            ['BONDED', addr('stash1'), String(2n * KSM), 8002],
            ['WITHDRAWN', addr('stash0'), String(KSM), stack.kusama.activeEra()],
        ])
        expect(stack.kusama.activeEra()).toBeGreaterThanOrEqual(8002 + 28)
        const slash = await rows(db, 'slash')
        expect(slash.map(x => [x.stash, x.amount, x.block_height])).toEqual([[addr('stash0'), String(KSM / 2n), mined.slash.height]])
        const eras = (await rows(db, 'era_paid')).map(x => x.era)
        expect(eras.slice(0, 3)).toEqual([8000, 8001, 8002])
        expect(eras).toEqual([...eras].sort((a, b) => a - b))
    })

    it('finds nominate calls of pool accounts directly, in a batch and through a proxy', async () => {
        const n = await rows(db, 'nomination')
        expect(n.map(x => [x.stash, x.validators, x.via, x.block_height])).toEqual([
            [addr('stash0'), [addr('val1'), addr('val2')], 'DIRECT', mined.nominate.height],
            [addr('stash1'), [addr('val3')], 'BATCH', mined.nominateBatch.height],
            [addr('stash0'), [addr('val1')], 'PROXY', mined.nominateProxy.height],
        ])
        const block = stack.kusama.blocks().find(b => b.height === mined.nominateProxy.height)!
        expect(n[2].extrinsic_hash).toBe(extrinsicHash(block, 1))
    })

    it('records fees paid by pool accounts only', async () => {
        const fees = await rows(db, 'pool_fee')
        const payers = new Set(fees.map(f => f.account))
        expect(payers).toEqual(new Set([addr('deposit'), addr('stash0'), addr('stash1')]))
        expect(fees.every(f => f.amount === String(KSM / 1000n))).toBe(true)
    })

    it('removes a deposit whose block is replaced by a reorg', async () => {
        const k = stack.kusama
        const t0 = 8 * 24 * HOUR
        const b = k.transfer(at(t0 + 60), 'frank', 'deposit', 3n * KSM)
        k.emptyBlock(at(t0 + 120))
        const frank = encodeKusamaAddress(k.publicKey('frank'))
        // the hot (unfinalized) block is indexed first ...
        await until('the unfinalized deposit', async () => (await db.query('SELECT id FROM pool_deposit WHERE "from" = $1', [frank])).rows.length === 1)
        expect(k.finalizedHead().height).toBeLessThan(b.height)
        // the API shows it, marked as not final yet
        const api = async () => graphql(`{ deposits(from: "${frank}") { amountPlanck finalized } poolDeposits(where: { from_eq: "${frank}" }, limit: 10) { id } }`)
        expect(await api()).toEqual({ deposits: [{ amountPlanck: String(3n * KSM), finalized: false }], poolDeposits: [{ id: expect.any(String) }] })
        // ... then its block leaves the chain
        k.reorg(2)
        k.emptyBlock(at(t0 + 180))
        k.finalize()
        await stack.waitForCatchUp(60_000)
        await until('the rollback', async () => (await db.query('SELECT id FROM pool_deposit WHERE "from" = $1', [frank])).rows.length === 0)
        expect(await api()).toEqual({ deposits: [], poolDeposits: [] })
        // and everything else still equals the canonical chain
        const expected = expectedFromSim(k, { deposit: ['deposit'], stashes: ['stash0', 'stash1'], other: ['hot'] })
        expect((await rows(db, 'deposit')).map(normalizeRow)).toEqual(expected.deposit)
        expect(expected.deposit.some(d => d.from === frank)).toBe(false)
    })
})
