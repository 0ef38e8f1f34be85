import { parseScenario, ScenarioError } from '../../src/local/scenario/scenario'

const base = { start: '2026-01-05T00:00:00Z', stashes: ['stash0'] }
const parse = (steps: unknown[], extra: object = {}) => parseScenario(JSON.stringify({ ...base, ...extra, steps }))

function rejection(steps: unknown[], extra: object = {}): { step?: number; reason: string } {
    try {
        parse(steps, extra)
    } catch (e) {
        if (!(e instanceof ScenarioError)) throw e
        return { step: e.step, reason: e.reason }
    }
    throw new Error('expected a rejection')
}

describe('scenario parsing (SPEC §6)', () => {
    it('reads every op with its amounts in chain units and defaults', () => {
        const s = parse([
            { t: 3600, op: 'deposit', from: 'alice', ksm: '10' },
            { t: 10, op: 'reward', stash: 'stash0', validator: 'val1', ksm: '0.000000000001' },
            { t: 10, op: 'burn', eth: 'alice', aksmb: '1.5', recipient: 'alice' },
            { t: 20, op: 'burn', eth: 'alice', shares: '2', recipient: '0x0102' },
            { t: 30, op: 'setRatio', ratio: '0.98' },
            { t: 40, op: 'payout', to: 'bob', ksm: '1' },
            { t: 50, op: 'nominate', stash: 'stash0', validators: ['val1'], via: 'batch' },
            { t: 60, op: 'claim', kusama: 'alice', eth: 'alice' },
            { t: 70, op: 'reorg', chain: 'kusama', depth: 2 },
        ], { end: '2026-01-12T00:00:00Z', config: { minStake: '0.1', feeBps: 150 } })
        expect(s.start).toBe(Date.UTC(2026, 0, 5))
        expect(s.end).toBe(Date.UTC(2026, 0, 12))
        expect(s.config.minStakePlanck).toBe(100_000_000_000n)
        expect(s.config.feeBps).toBe(150)
        expect(s.config.finalityLag).toBe(5)
        expect(s.config.firstEra).toBe(8000)
        // sorted by t, ties in file order
        expect(s.steps.map(x => [x.t, x.op, x.n])).toEqual([
            [10, 'reward', 2], [10, 'burn', 3], [20, 'burn', 4], [30, 'setRatio', 5], [40, 'payout', 6],
            [50, 'nominate', 7], [60, 'claim', 8], [70, 'reorg', 9], [3600, 'deposit', 1],
        ])
        const byN = (n: number) => s.steps.find(x => x.n === n) as any
        expect(byN(1).planck).toBe(10_000_000_000_000n)
        expect(byN(2).planck).toBe(1n)
        expect(byN(2).dest).toBe('Staked')
        expect(byN(3).aksmb).toBe(1_500_000_000_000_000_000n)
        expect(byN(3).recipient).toEqual({ name: 'alice' })
        expect(byN(4).shares).toBe(2_000_000_000_000_000_000n)
        expect(byN(4).recipient).toEqual({ raw: '0x0102' })
        expect(byN(5).ratio).toBe(980_000_000_000_000_000n)
        expect(byN(6).from).toBe('deposit')
        expect(byN(8).shares).toBe('max')
        expect(byN(8).submit).toBe(true)
    })

    it.each([
        [[{ t: 0, op: 'fly' }], 1, 'unknown op "fly"'],
        [[{ t: -1, op: 'eraPaid' }], 1, '"t" must be a non-negative integer'],
        [[{ t: 0, op: 'eraPaid' }, { t: 1.5, op: 'eraPaid' }], 2, '"t" must be a non-negative integer'],
        [[{ t: 0, op: 'deposit', from: 'alice' }], 1, 'deposit: missing "ksm"'],
        [[{ t: 0, op: 'deposit', from: 'alice', ksm: '1', extra: 1 }], 1, 'deposit: unknown field "extra"'],
        [[{ t: 0, op: 'deposit', from: 'alice', ksm: '1.0000000000001' }], 1, 'deposit: "ksm"'],
        [[{ t: 0, op: 'deposit', from: 'alice', ksm: '-1' }], 1, 'deposit: "ksm"'],
        [[{ t: 0, op: 'deposit', from: 'alice', ksm: 10 }], 1, 'deposit: "ksm" must be a decimal string'],
        [[{ t: 0, op: 'deposit', from: 'alice', ksm: '0' }], 1, 'deposit: "ksm" must be positive'],
        [[{ t: 0, op: 'deposit', from: 'stash0', ksm: '1' }], 1, 'must not be a pool account'],
        [[{ t: 0, op: 'bond', stash: 'alice', ksm: '1' }], 1, '"alice" is not one of the stashes'],
        [[{ t: 0, op: 'burn', eth: 'a', recipient: 'bob' }], 1, 'give exactly one of "aksmb"'],
        [[{ t: 0, op: 'burn', eth: 'a', aksmb: '1', recipient: '0x123' }], 1, '"recipient" must be an account name or 0x-hex bytes'],
        [[{ t: 0, op: 'reorg', chain: 'polkadot', depth: 1 }], 1, '"chain" must be "kusama" or "ethereum"'],
        [[{ t: 0, op: 'reorg', chain: 'kusama', depth: 0 }], 1, '"depth" must be a positive integer'],
        [[{ t: 0, op: 'setPoolRevision', revision: 2 }], 1, '"revision" must be 0 or 1'],
        [[{ t: 0, op: 'reward', stash: 'stash0', validator: 'v', ksm: '1', dest: 'Moon' }], 1, '"dest" must be'],
        [[{ t: 0, op: 'sweep', to: 'alice', ksm: '1' }], 1, '"to" must be a pool account'],
        [['nope'], 1, 'must be an object'],
    ])('rejects step %#: %j', (steps, step, reason) => {
        const r = rejection(steps as unknown[])
        expect(r.step).toBe(step)
        expect(r.reason).toContain(reason)
    })

    // a step's error names its position in the file (1-based, as `n`), its op and the field at fault
    it.each([
        ['an unknown op', { t: 5, op: 'teleport', from: 'alice' }, 'unknown op "teleport" (known: deposit, transfer,'],
        ['a missing op', { t: 5, from: 'alice' }, 'missing "op"'],
        ['a missing field', { t: 5, op: 'transfer', from: 'alice', ksm: '1' }, 'transfer: missing "to"'],
        ['a bad decimal', { t: 5, op: 'transferBond', from: 'alice', to: 'bob', aksmb: '1,5' }, 'transferBond: "aksmb": invalid'],
        ['too many decimals', { t: 5, op: 'unbond', stash: 'stash0', ksm: '0.0000000000001' }, 'unbond: "ksm": '],
        ['a number for a decimal', { t: 5, op: 'setRatio', ratio: 0.98 }, 'setRatio: "ratio" must be a decimal string'],
        ['a negative t', { t: -60, op: 'deposit', from: 'alice', ksm: '1' }, 'deposit: "t" must be a non-negative integer'],
        ['a missing t', { op: 'eraPaid' }, 'eraPaid: missing "t"'],
        ['a mistyped optional field', { t: 5, op: 'claim', kusama: 'alice', eth: 'alice', submit: 'yes' }, 'claim: "submit" must be true or false'],
    ])('names the step and the field of %s', (_what, bad, reason) => {
        const good = { t: 1, op: 'eraPaid' }
        const err = (() => {
            try {
                parse([good, good, bad, good])
            } catch (e) {
                return e
            }
        })()
        expect(err).toBeInstanceOf(ScenarioError)
        expect(err.step).toBe(3)
        expect(err.message).toMatch(/^scenario step 3: /)
        expect(err.reason).toContain(reason)
    })

    it('lists every wrong field of the first bad step, once each, and nothing of later steps', () => {
        const r = rejection([
            { t: 0, op: 'eraPaid' },
            { t: 1.5, op: 'deposit', from: 'stash0', ksm: 'ten', colour: 'red' },
            { t: 0, op: 'fly' },
        ])
        expect(r).toEqual({
            step: 2,
            reason: 'deposit: "t" must be a non-negative integer (seconds after start); "from" must not be a pool account (stash0); '
                + '"ksm": invalid KSM amount "ten": not a plain decimal number; unknown field "colour"',
        })
        // a field that breaks two rules is reported once
        expect(rejection([{ t: 0, op: 'bond', stash: 'Bad!', ksm: '1' }])).toEqual({ step: 1, reason: 'bond: "stash" must be an account name' })
    })

    it('reads the test-only fault ops (silentMint, silentBurn, silentShareMint)', () => {
        const s = parse([
            { t: 10, op: 'silentMint', account: 'stash0', ksm: '1.5' },
            { t: 20, op: 'silentBurn', account: 'deposit', ksm: '0.000000000001' },
            { t: 30, op: 'silentShareMint', eth: 'alice', shares: '2.5' },
        ])
        expect(s.steps).toEqual([
            { n: 1, t: 10, op: 'silentMint', account: 'stash0', planck: 1_500_000_000_000n },
            { n: 2, t: 20, op: 'silentBurn', account: 'deposit', planck: 1n },
            { n: 3, t: 30, op: 'silentShareMint', eth: 'alice', shares: 2_500_000_000_000_000_000n },
        ])
    })

    it.each([
        [{ t: 0, op: 'silentMint', account: 'alice', ksm: '1' }, 'silentMint: "account" must be a pool account'],
        [{ t: 0, op: 'silentBurn', account: 'stash0' }, 'silentBurn: missing "ksm"'],
        [{ t: 0, op: 'silentBurn', account: 'stash0', ksm: '0' }, 'silentBurn: "ksm" must be positive'],
        [{ t: 0, op: 'silentMint', account: 'stash0', ksm: '1', planck: '1' }, 'silentMint: unknown field "planck"'],
        [{ t: 0, op: 'silentShareMint', eth: 'alice', shares: '0.0000000000000000001' }, 'silentShareMint: "shares": '],
        [{ t: 0, op: 'silentShareMint', shares: '1' }, 'silentShareMint: missing "eth"'],
    ])('rejects a malformed test-only fault %#: %j', (step, reason) => {
        const r = rejection([step])
        expect(r.step).toBe(1)
        expect(r.reason).toContain(reason)
    })

    it('reads migrateToAssetHub, with the test-only corruptLedger fault in planck (SPEC §4.13, §6)', () => {
        const s = parse([
            { t: 10, op: 'upgrade', specVersion: 1009002 },
            { t: 20, op: 'migrateToAssetHub', corruptLedger: { stash: 'stash0', ksm: '1.5' } },
            { t: 30, op: 'deposit', from: 'alice', ksm: '1' },
        ])
        expect(s.steps[1]).toEqual({ n: 2, t: 20, op: 'migrateToAssetHub', corruptLedger: { stash: 'stash0', planck: 1_500_000_000_000n } })
        expect(parse([{ t: 20, op: 'migrateToAssetHub' }]).steps).toEqual([{ n: 1, t: 20, op: 'migrateToAssetHub' }])
    })

    it.each([
        [[{ t: 0, op: 'migrateToAssetHub', corruptLedger: { stash: 'alice', ksm: '1' } }], 1, 'migrateToAssetHub: "corruptLedger.stash": "alice" is not one of the stashes'],
        [[{ t: 0, op: 'migrateToAssetHub', corruptLedger: { stash: 'stash0' } }], 1, 'migrateToAssetHub: missing "corruptLedger.ksm"'],
        [[{ t: 0, op: 'migrateToAssetHub', corruptLedger: { stash: 'stash0', ksm: '1', era: 2 } }], 1, 'migrateToAssetHub: "corruptLedger": unknown field "era" (known: stash, ksm)'],
        [[{ t: 0, op: 'migrateToAssetHub', to: 'polkadot' }], 1, 'migrateToAssetHub: unknown field "to"'],
        // in replay order: the later migration is the second one, whatever the file order
        [[{ t: 50, op: 'migrateToAssetHub' }, { t: 40, op: 'migrateToAssetHub' }], 1, 'migrateToAssetHub: Kusama already migrated at step 2 (t=40)'],
        [[{ t: 50, op: 'upgrade', specVersion: 1009002 }, { t: 40, op: 'migrateToAssetHub' }], 1,
            "upgrade: Kusama runs on Asset Hub after step 2 (migrateToAssetHub), and the simulator has Asset Hub's runtime 1009003 only"],
    ])('rejects a migration step %#: %j', (steps, step, reason) => {
        const r = rejection(steps as unknown[])
        expect(r.step).toBe(step)
        expect(r.reason).toContain(reason)
    })

    it('names the field of a malformed config or header', () => {
        expect(() => parse([], { config: { feeBps: 10001 } })).toThrow('scenario: config: "feeBps" must be an integer in [0, 10000]')
        expect(() => parse([], { config: { finalityLag: '5' } })).toThrow('scenario: config: "finalityLag" must be an integer in [1, 1000]')
        expect(() => parse([], { stashes: ['stash0', 'stash0'] })).toThrow('scenario: "stashes" must not list a name twice')
        expect(() => parseScenario(JSON.stringify({ steps: [] }))).toThrow('scenario: missing "start"')
        // null means the default, as an absent field does
        expect(parse([], { config: { feeBps: null }, stashes: null }).config.feeBps).toBe(200)
    })

    it('rejects malformed files as a whole, before any step', () => {
        expect(() => parseScenario('{')).toThrow('scenario: not valid JSON')
        expect(() => parseScenario('[]')).toThrow('scenario: must be a JSON object')
        expect(() => parseScenario(JSON.stringify({ start: 'yesterday', steps: [] }))).toThrow('"start" must be an ISO-8601 UTC time')
        expect(() => parse([], { end: '2026-01-04T00:00:00Z' })).toThrow('"end" must be after "start"')
        expect(() => parse([], { config: { minStake: 'lots' } })).toThrow('config: "minStake"')
        expect(() => parse([], { config: { colour: 'blue' } })).toThrow('config: unknown field "colour"')
        expect(() => parse([], { stashes: ['deposit'] })).toThrow('"stashes" must be an array of account names')
        expect(() => parseScenario(JSON.stringify({ ...base, steps: {} }))).toThrow('"steps" must be an array')
        const late = rejection([{ t: 999999999, op: 'eraPaid' }], { end: '2026-01-06T00:00:00Z' })
        expect(late).toEqual({ step: 1, reason: 't=999999999 is after "end"' })
    })
})
