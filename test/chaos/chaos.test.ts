/**
 * `npm run chaos`, short (issue 15): a generated two-day pool (every common op on both chains, about 100 steps)
 * replayed once undisturbed, then three seeds under chaos — kill -9 of every part with its restart, every fault of
 * the proxies between the processors and their chains (WebSocket close included: the Ethereum processor follows
 * heads over WebSocket), decoy reorgs on both chains (one in the first gap after a midnight, while the oracle
 * waits to close that day), a Postgres fast shutdown, GraphQL clients all along — must leave the reference's
 * product state byte for byte (src/chaos/run-state.ts: every report with its inputsHash, deposits, unstake
 * requests, claims, holders, the events themselves), with every fault kind applied at least once and no API
 * request failed that neither the limits refused nor the API's or Postgres' own downtime explains.
 * The long run is `npm run chaos -- --seeds 20` (RELIABILITY.md). CHAOS_SEEDS=<seed>[,<seed>…] picks seeds;
 * CHAOS_DUMP=<dir> keeps each run's scenario, part logs and, on a difference, both states.
 *
 * It can fail: the comparison is the one `npm run chaos` prints (src/chaos/state-diff.ts, checked below on a
 * one-byte change). Seed 1 here failed with the first runner (the Ethereum processor never caught up after a
 * WebSocket stall: no new head on the idle devnet), and seed 12 of the 20-seed run for the same reason
 * (./lost-head.test.ts, RELIABILITY.md).
 */
import { CHAOS_PARTS } from '../../src/chaos/chaos-run'
import { FAULT_KINDS, runCampaign, SeedResult } from '../../src/chaos/chaos-campaign'
import { planFaults } from '../../src/chaos/fault-plan'
import { PROXY_FAULTS } from '../../src/chaos/fault-proxy'
import { generateChaosCase } from '../../src/chaos/scenario-gen'
import { firstDifference } from '../../src/chaos/state-diff'

const SEEDS = (process.env.CHAOS_SEEDS ?? '1,2,3').split(',').map(Number)
const DAYS = 2

describe('chaos scenarios and fault plans (no stack)', () => {
    it.each(Array.from({ length: 20 }, (_, i) => i + 1))('chaos seed %i: the base scenario plus decoys lost by reorgs of both chains, one at a day\'s close', seed => {
        const c = generateChaosCase({ scenarioSeed: 1, chaosSeed: seed, days: 4 })   // throws unless it reduces to the base
        expect(c.reorgs.kusama).toBeGreaterThanOrEqual(1)
        expect(c.reorgs.ethereum).toBeGreaterThanOrEqual(1)
        expect(c.dayEndReorgs).toBeGreaterThanOrEqual(1)
        expect(c.reference).toEqual(generateChaosCase({ scenarioSeed: 1, chaosSeed: seed + 100, days: 4 }).reference)
    })

    it('a fault plan holds a kill of every part, every proxy fault on both chains and a Postgres restart', () => {
        const plan = planFaults({ seed: 7, steps: 120, parts: CHAOS_PARTS, proxyFaults: { kusama: PROXY_FAULTS.filter(f => f !== 'wsClose'), ethereum: PROXY_FAULTS } })
        const kinds = [...plan.atStep.values()].flat().map(f => f.kind === 'kill' ? `kill:${f.part}` : f.kind === 'proxy' ? `${f.chain}:${f.fault}` : f.kind)
        expect(FAULT_KINDS.filter(k => !k.startsWith('reorg:') && !kinds.includes(k))).toEqual([])
        expect([...plan.atStep.keys()].every(i => i >= 3 && i < 120)).toBe(true)
    })

    it('the comparison finds a one-byte difference and names the row', () => {
        const state = { reports: { '2026-02-02': '{"ratio":"1000000000000000000"}' }, tables: { deposit_outcome: [{ status: 'CREDITED', shares: '5' }] } }
        const copy = JSON.parse(JSON.stringify(state))
        expect(firstDifference(state, copy)).toBeUndefined()
        copy.tables.deposit_outcome[0].shares = '6'
        expect(firstDifference(state, copy)).toMatch(/table deposit_outcome .*first differing row 0:\n {2}reference: .*"shares":"5".*\n {2}run: .*"shares":"6"/)
        copy.reports['2026-02-02'] = '{"ratio":"1000000000000000001"}'
        expect(firstDifference(state, copy)).toMatch(/^report 2026-02-02: ratio/)
    })
})

describe(`chaos: ${SEEDS.length} seeds of a ${DAYS}-day pool`, () => {
    it('every seed leaves the undisturbed run\'s state, with every fault kind applied and the API answering', async () => {
        const t0 = Date.now()
        const results: SeedResult[] = []
        const { reference } = await runCampaign({
            // stalled answers held 5 s instead of 15 and two GraphQL clients instead of four: the same faults, a shorter run
            seeds: SEEDS, days: DAYS, scenarioSeed: 1, stallMs: 5000, apiClients: 2, dumpDir: process.env.CHAOS_DUMP,
            onSeed: r => {
                results.push(r)
                process.stderr.write(`chaos seed ${r.seed}: ${r.identical ? 'identical' : 'DIFFERENT'} in ${((r.run?.durationMs ?? 0) / 1000).toFixed(0)} s; `
                    + `${JSON.stringify(r.counts)}; api ${JSON.stringify(r.run?.load)}\n`)
            },
        })
        process.stderr.write(`chaos: reference ${(reference.durationMs / 1000).toFixed(0)} s; all ${((Date.now() - t0) / 1000).toFixed(0)} s\n`)
        expect(Object.keys(reference.state.reports).length).toBeGreaterThanOrEqual(2)
        for (const r of results) {
            expect({ seed: r.seed, error: r.error, difference: r.difference }).toEqual({ seed: r.seed, error: undefined, difference: undefined })
            expect({ seed: r.seed, missing: r.missingKinds }).toEqual({ seed: r.seed, missing: [] })
            const load = r.run!.load
            expect({ seed: r.seed, unexplained: load.failedUnexplained, first: load.firstUnexplained }).toEqual({ seed: r.seed, unexplained: 0, first: undefined })
            expect(load.refusedByLimits).toBeGreaterThan(0)
            expect(load.ok).toBeGreaterThan(50)
        }
    }, 600_000)   // measured 151 s on this 2-core machine at load ~3 (RELIABILITY.md); the margin is for a loaded CI machine, not the budget
})
