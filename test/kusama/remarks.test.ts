/**
 * The real Kusama processor records Ankr's Ledger claim requests (SPEC §4.15): System.remark calls
 * starting with `Stakefi Signed Message:` from any account, direct, inside every utility batch and
 * through proxy.proxy (for the proxied account), well formed or with the BAD_REMARK reason; other
 * remarks are not recorded.
 */
import type { Client } from 'pg'
import type { LocalStack } from '../../src/local/local-stack'
import { encodeClaimRemark } from '../../src/notary/stakefi'
import { startTestStack } from '../support/stack'
import { at, dbClient, extrinsicHash, KSM, until } from './helpers'

let stack: LocalStack
let db: Client

beforeAll(async () => {
    stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: ['stash0'], steps: [] }, parts: ['kusama-processor'] })
    db = await dbClient(stack)
})

afterAll(async () => {
    await db?.end()
    await stack?.stop()
})

const ETH = '0x5B38Da6a701c568545dCfcB03FcB875f56beddC4'

it('records StakeFi remarks direct, in batch / batch_all / force_batch and through a proxy, with their verdict', async () => {
    const k = stack.kusama
    const good = (planck: bigint) => encodeClaimRemark({ ethAddress: ETH, planck })
    const blocks = {
        direct: k.remark(at(60), 'alice', good(2n * KSM)),
        batch: k.remark(at(120), 'bob', good(3n * KSM), 'batch'),
        batchAll: k.remark(at(180), 'carol', good(4n * KSM), 'batch_all'),
        forceBatch: k.remark(at(240), 'dave', good(5n * KSM), 'force_batch'),
        proxy: k.remark(at(300), 'erin', good(6n * KSM), 'proxy', 'erinsproxy'),
        loan: k.remark(at(360), 'frank', encodeClaimRemark({ ethAddress: ETH, loanId: 7, planck: 1n })),
        long: k.remark(at(420), 'grace', Buffer.concat([Buffer.from('StakeFi Signed Message:\n'), Buffer.alloc(300, 0x41)])),
        other: k.remark(at(480), 'alice', Buffer.from('hello, Kusama')),
    }
    k.emptyBlock(at(540))
    k.finalize()
    await stack.waitForCatchUp()
    const { rows } = await db.query(`SELECT id, account, data, data_length, eth_address, loan_id::text, amount_planck::text, error, via, extrinsic_hash, block_height
        FROM claim_remark ORDER BY block_height`)
    const addr = (n: string) => k.address(n)
    const row = (b: { height: number }, account: string, via: string, planck: bigint) => ({
        account: addr(account), eth_address: ETH, loan_id: '0', amount_planck: planck.toString(), error: null, via, block_height: b.height,
        extrinsic_hash: extrinsicHash(b as any, 1), data_length: 78, data: '0x' + Buffer.from(good(planck)).toString('hex'),
    })
    expect(rows.map(({ id: _id, ...r }) => r)).toEqual([
        row(blocks.direct, 'alice', 'DIRECT', 2n * KSM),
        row(blocks.batch, 'bob', 'BATCH', 3n * KSM),
        row(blocks.batchAll, 'carol', 'BATCH', 4n * KSM),
        row(blocks.forceBatch, 'dave', 'BATCH', 5n * KSM),
        row(blocks.proxy, 'erin', 'PROXY', 6n * KSM),
        {
            account: addr('frank'), eth_address: null, loan_id: null, amount_planck: null, error: 'BAD_REMARK: loanId must be 0, got 7', via: 'DIRECT',
            block_height: blocks.loan.height, extrinsic_hash: extrinsicHash(blocks.loan as any, 1), data_length: 78,
            data: '0x' + Buffer.from(encodeClaimRemark({ ethAddress: ETH, loanId: 7, planck: 1n })).toString('hex'),
        },
        {
            account: addr('grace'), eth_address: null, loan_id: null, amount_planck: null, via: 'DIRECT', block_height: blocks.long.height,
            error: 'BAD_REMARK: wrong header: expected "Stakefi Signed Message:\\nCreateClaim\\n", got "StakeFi Signed Message:\\nAAAAAAAAAAAA"',
            extrinsic_hash: extrinsicHash(blocks.long as any, 1), data_length: 324,
            data: '0x' + Buffer.concat([Buffer.from('StakeFi Signed Message:\n'), Buffer.alloc(300, 0x41)]).subarray(0, 256).toString('hex'),
        },
    ])
    // the remark of another purpose left no row; ids are the SDK's call ids
    expect(rows.some(r => r.block_height === blocks.other.height)).toBe(false)
    for (const r of rows) expect(r.id).toMatch(new RegExp(`^${String(r.block_height).padStart(10, '0')}-`))
})

it('drops the remark of a block a reorg removed', async () => {
    const k = stack.kusama
    const b = k.remark(at(600), 'heidi', encodeClaimRemark({ ethAddress: ETH, planck: KSM }))
    await until('heidi\'s remark indexed while hot', async () =>
        (await db.query('SELECT 1 FROM claim_remark WHERE block_height = $1', [b.height])).rows.length === 1)
    k.reorg(1)
    k.finalize()
    await stack.waitForCatchUp()
    await until('heidi\'s remark rolled back', async () =>
        (await db.query(`SELECT 1 FROM claim_remark WHERE account = $1`, [k.address('heidi')])).rows.length === 0)
})
