import { parseScenario, ScenarioError } from '../../src/local/scenario/scenario'

/** The scenario ops of Ankr's dashboard (SPEC §6): claimStakeFi {kusama, eth, aksmb?}, claimRemark {kusama, eth, planck}. */
const parse = (steps: unknown[]) => parseScenario(JSON.stringify({ start: '2026-01-05T00:00:00Z', stashes: ['stash0'], steps }))

function rejection(steps: unknown[]): string {
    try {
        parse(steps)
    } catch (e) {
        if (e instanceof ScenarioError) return e.message
        throw e
    }
    throw new Error('expected a rejection')
}

it('reads claimStakeFi with an optional aKSMb amount and claimRemark with planck and a wrapper', () => {
    const s = parse([
        { t: 10, op: 'claimStakeFi', kusama: 'alice', eth: 'alice' },
        { t: 20, op: 'claimStakeFi', kusama: 'bob', eth: 'bobby', aksmb: '1.5' },
        { t: 30, op: 'claimRemark', kusama: 'carol', eth: 'carol', planck: '2000000000000' },
        { t: 40, op: 'claimRemark', kusama: 'dave', eth: 'dave', planck: '1', via: 'proxy' },
    ])
    expect(s.steps.map(({ n: _n, ...x }) => x)).toEqual([
        { t: 10, op: 'claimStakeFi', kusama: 'alice', eth: 'alice' },
        { t: 20, op: 'claimStakeFi', kusama: 'bob', eth: 'bobby', aksmb: 1_500_000_000_000_000_000n },
        { t: 30, op: 'claimRemark', kusama: 'carol', eth: 'carol', planck: 2_000_000_000_000n, via: 'direct' },
        { t: 40, op: 'claimRemark', kusama: 'dave', eth: 'dave', planck: 1n, via: 'proxy' },
    ])
})

it.each([
    [{ t: 0, op: 'claimStakeFi', kusama: 'deposit', eth: 'alice' }, 'scenario step 1: claimStakeFi: "kusama" must not be a pool account (deposit)'],
    [{ t: 0, op: 'claimStakeFi', kusama: 'alice', eth: 'alice', aksmb: '0' }, 'scenario step 1: claimStakeFi: "aksmb" must be positive'],
    [{ t: 0, op: 'claimStakeFi', kusama: 'alice', eth: 'alice', shares: '1' }, 'scenario step 1: claimStakeFi: unknown field "shares"'],
    [{ t: 0, op: 'claimRemark', kusama: 'alice', eth: 'alice' }, 'scenario step 1: claimRemark: missing "planck"'],
    [{ t: 0, op: 'claimRemark', kusama: 'alice', eth: 'alice', planck: '1.5' }, 'scenario step 1: claimRemark: "planck": invalid planck amount "1.5": at most 0 fraction digits allowed, got 1'],
    [{ t: 0, op: 'claimRemark', kusama: 'alice', eth: 'alice', planck: '1', via: 'multisig' }, 'scenario step 1: claimRemark: "via" must be direct, batch, batch_all, force_batch or proxy'],
])('refuses %j', (step, message) => {
    expect(rejection([step])).toBe(message)
})
