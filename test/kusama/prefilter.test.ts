/**
 * The pre-filter (src/chains/sdk-patches/prefilter.ts) must be invisible: the SDK's data source, fed
 * the narrowed parsed blocks, hands the handler exactly the blocks it hands it without the
 * pre-filter — same items, same args, same links between events, calls and extrinsics. Compared
 * on a simulated chain with every shape the processor meets (across three runtime versions), for the
 * product's own data request and for requests that lean on every relation the SDK knows.
 */
import { execFile } from 'child_process'
import * as path from 'path'
import { planFor, prefilterBlock, ParsedBlock } from '../../src/chains/sdk-patches/prefilter'
import { KusamaSimulator } from '../../src/local/kusama-sim'
import { at, HOUR, KSM, START } from './helpers'


let sim: KusamaSimulator
let url: string

beforeAll(async () => {
    sim = new KusamaSimulator({ genesisTime: START, specVersion: 1002000, txFeePlanck: KSM / 1000n, poolAccounts: ['deposit', 'stash0', 'stash1', 'hot'] })
    const k = sim
    k.transfer(at(60), 'alice', 'deposit', 10n * KSM)
    k.transfer(at(90), 'alice', 'stash0', 10n * KSM)
    k.transfer(at(100), 'alice', 'stash1', 10n * KSM)
    k.batchTransfer(at(120), 'carol', [{ to: 'deposit', planck: 2n * KSM }, { to: 'dave', planck: KSM }, { to: 'stash0', planck: KSM }], 'batch')
    k.bond(at(180), 'stash0', 4n * KSM)
    k.nominate(at(240), 'stash0', ['val1', 'val2'])
    k.reward(at(300), 'stash0', 'val1', KSM, 'Staked')
    k.reward(at(330), 'outsider', 'val1', KSM, 'Staked')
    k.unbond(at(6 * HOUR + 60), 'stash0', KSM)
    k.slash(at(6 * HOUR + 120), 'stash0', KSM / 2n)
    k.upgrade(at(6 * HOUR + 180), 1003000)
    k.reward(at(6 * HOUR + 240), 'stash0', 'val2', 2n * KSM, 'Stash')
    k.nominate(at(6 * HOUR + 300), 'stash1', ['val3'], 'batch')
    k.batchTransfer(at(6 * HOUR + 330), 'erin', [{ to: 'deposit', planck: KSM }, { to: 'hot', planck: KSM }], 'batch_all')
    k.upgrade(at(6 * HOUR + 360), 1009002)
    k.reward(at(6 * HOUR + 420), 'stash1', 'val3', KSM / 2n, { Account: 'alice' })
    k.nominate(at(6 * HOUR + 480), 'stash0', ['val1'], 'proxy')
    k.eraPaid(at(6 * HOUR + 540))
    k.transfer(at(6 * HOUR + 600), 'stash1', 'hot', KSM / 4n)
    k.withdraw(at(8 * 24 * HOUR), 'stash0')
    k.finalize()
    url = (await sim.listen()).httpUrl
})

afterAll(async () => {
    await sim?.close()
})

function profile() {
    return {
        kind: 'relay' as const, rpc: url, startBlock: 0,
        depositAddresses: [sim.address('deposit')], stashes: [sim.address('stash0'), sim.address('stash1')],
        otherPoolAccounts: [sim.address('hot')], minStakePlanck: String(KSM / 10n),
    }
}

function blocksSeen(requests: 'product' | 'relations', prefilter: 'on' | 'off'): Promise<any[]> {
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'prefilter-child.ts'), url, requests, prefilter, JSON.stringify(profile())],
            { maxBuffer: 1e9, timeout: 60_000, cwd: path.resolve(__dirname, '../..') }, (err, stdout, stderr) => {
                if (err) return reject(new Error(`${err.message}\n${stderr}`))
                resolve(stdout.trim().split('\n').map(l => JSON.parse(l)))
            })
    })
}

describe('Kusama pre-filter', () => {
    it('gives the handler exactly the SDK\'s blocks for the product\'s request', async () => {
        const [plain, narrowed] = await Promise.all([blocksSeen('product', 'off'), blocksSeen('product', 'on')])
        expect(narrowed).toEqual(plain)
        // the comparison covered what matters: transfers in batches, nominations behind wrappers, rewards with their calls
        const all = plain.flatMap(b => b.events.map((e: any) => e.name))
        expect([...new Set(all)].sort()).toEqual([
            'Balances.Transfer', 'Staking.Bonded', 'Staking.EraPaid', 'Staking.PayoutStarted', 'Staking.Rewarded', 'Staking.Slashed',
            'Staking.Unbonded', 'Staking.Withdrawn', 'TransactionPayment.TransactionFeePaid',
        ])
        const calls = plain.flatMap(b => b.calls.map((c: any) => [c.name, c.parent != null]))
        expect(calls).toEqual(expect.arrayContaining([['Staking.nominate', false], ['Staking.nominate', true], ['Utility.batch', false], ['Proxy.proxy', false]]))
        expect(plain.flatMap(b => b.events).some((e: any) => e.name.startsWith('Staking.Reward') && e.call)).toBe(true)
        expect(plain.length).toBe(sim.head().height + 1)
    }, 60_000)

    it('is invisible for every relation: call, stack, extrinsic on events; events, stack, extrinsic on calls', async () => {
        // the requests are in prefilter-child.ts
        const [plain, narrowed] = await Promise.all([blocksSeen('relations', 'off'), blocksSeen('relations', 'on')])
        expect(narrowed).toEqual(plain)
        const events = plain.flatMap(b => b.events)
        expect(events.some((e: any) => e.name === 'Balances.Transfer' && e.call)).toBe(true)
        expect(plain.flatMap(b => b.calls).some((c: any) => c.name.startsWith('Balances.transfer') && c.events.length > 0)).toBe(true)
    }, 60_000)

    it('narrows what nobody asked for, and leaves requests it does not understand whole', () => {
        const block = (): ParsedBlock => ({
            header: { height: 7 },
            events: [
                { name: 'System.ExtrinsicSuccess', extrinsicIndex: 0 },
                { name: 'Balances.Transfer', extrinsicIndex: 1 },
                { name: 'Utility.ItemCompleted', extrinsicIndex: 1 },
                { name: 'Staking.Rewarded', extrinsicIndex: 2 },
                { name: 'Balances.Deposit', extrinsicIndex: 2 },
                { name: 'Session.NewSession' },
            ],
            calls: [
                { name: 'Timestamp.set', extrinsicIndex: 0 },
                { name: 'Utility.batch', extrinsicIndex: 1 },
                { name: 'Balances.transfer', extrinsicIndex: 1 },
                { name: 'Staking.payout_stakers', extrinsicIndex: 2 },
                { name: 'Staking.nominate', extrinsicIndex: 3 },
            ],
            extrinsics: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }],
        })
        const b = block()
        expect(prefilterBlock(b, {
            events: [{ name: ['Balances.Transfer'], extrinsic: true }, { name: ['Staking.Rewarded'], call: true }],
            calls: [{ name: ['Staking.nominate'], stack: true }],
        })).toBe(true)
        expect(b.events!.map(e => e.name)).toEqual(['Balances.Transfer', 'Staking.Rewarded'])
        // whole call trees of extrinsic 2 (a reward wants its call) and 3 (a requested call), none of 1
        expect(b.calls!.map(c => c.name)).toEqual(['Staking.payout_stakers', 'Staking.nominate'])
        expect(b.extrinsics!.map(x => x.index)).toEqual([1, 2, 3])

        // a call with `events` keeps every event of its extrinsic
        const c = block()
        prefilterBlock(c, { calls: [{ name: ['Balances.transfer'], events: true }] })
        expect(c.events!.map(e => e.name)).toEqual(['Balances.Transfer', 'Utility.ItemCompleted'])
        expect(c.calls!.map(x => x.name)).toEqual(['Utility.batch', 'Balances.transfer'])

        // no request at this height: the SDK keeps nothing, neither do we
        const d = block()
        expect(prefilterBlock(d, undefined)).toBe(true)
        expect([d.events, d.calls, d.extrinsics]).toEqual([[], [], []])

        // requests outside the rules: the block stays whole
        for (const r of [{ evmLogs: [{ address: ['0x00'] }] }, { events: [{ extrinsic: true }] }, { calls: [{ stack: true }] }, { gearMessagesQueued: [{}] }]) {
            const e = block()
            expect(planFor(r as any)).toBeNull()
            expect(prefilterBlock(e, r as any)).toBe(false)
            expect(e).toEqual(block())
        }
        // empty lists of other kinds are not requests
        expect(planFor({ events: [{ name: ['X.Y'] }], evmLogs: [] })).not.toBeNull()
    })
})

