/**
 * Scenario-level reorg fuzz (issue 18): a random three-day scenario with every common op on both chains
 * and random `reorg` steps (src/chaos/scenario-gen.ts), replayed through the real runner, processors, oracle
 * worker, notary and API on fresh local chains and a fresh embedded Postgres, must leave exactly the
 * product state that the same scenario without the lost steps (and without the reorgs) leaves: every
 * period report's canonical JSON, deposit outcomes, unstake requests and their payments, claims,
 * holders, the queue, proof-of-reserves readings and the domain events themselves. What "exactly" means
 * across two block trees (ids, heights and hashes normalized; everything else byte for byte) is
 * src/chaos/run-state.ts (`npm run chaos` compares its runs the same way).
 *
 * The generator knows which blocks each step mines (src/chaos/chain-models.ts): a reorg only replaces
 * unfinalized blocks, never reaches past a sync point (claim, publishRatio, end: they finalize both chains)
 * or a block the runner mines for one (a claim's claimBonds, a publication), and never moves the era
 * clock's EraPaid to another block. The test checks that model against the simulator (the Kusama chain
 * ends with the predicted number of blocks); a wrong model fails the comparison, never passes it.
 *
 * It can fail. Mutations tried (each then reverted):
 *  - comparing the full run with `unreduced` (the scenario without its reorg steps but WITH the steps they
 *    lose: what a runner or processors that never lose them would show) instead of `reduced`: every seed
 *    failed. Seed 1 in the run itself (the kept steps no longer fit the chain: step 95, a withdraw with
 *    nothing unlocked); seeds 2 and 4 at their first report, 2026-02-02 — seed 2: eventCount 12 (unreduced)
 *    vs 9 (full), grossRewardPlanck 0.027 vs 0.014 KSM (lost rewards), onchainRatio 1.007 vs 1 (a lost
 *    setRatio), hence ratio, APR and ONCHAIN_DRIFT. REORG_FUZZ_MUTANT=unreduced runs this mutant again.
 *  - the Kusama processor keeping the rows of reorged blocks (typeorm-store's rollbackBlock reduced to
 *    forgetting the hot block, in a private copy of lib/): seeds 1, 2 and 4 all failed at their first report;
 *    in seed 1 an orphaned sweep of 117.523 KSM stayed in the events (deposit address 94.627 KSM by the
 *    events, 212.15 KSM in storage), so EVENTS_MATCH_STATE failed and the reserves section differed. Before
 *    waitBeforeReorgs (src/chaos/reorg-wait.ts) one run of three missed this mutant: most reorgs replaced blocks no processor
 *    had seen yet.
 * It also found a product bug: the eth-processor exited when a reorg removed a hot block's transaction while
 * its handler fetched it (now ./reorg-eth-tx-race.test.ts, deterministic); should it come back, the failure
 * here points there.
 *
 * A failure names the seed, the report or table, and the differing fields. REORG_FUZZ_SEEDS=<seed>[,<seed>…]
 * picks seeds; REORG_FUZZ_DUMP=<dir> writes the scenario files, each run's normalized state and its log.
 */
import * as fs from 'fs'
import * as path from 'path'
import { Client } from 'pg'
import { generateReorgFuzz, ScenarioFile } from '../../src/chaos/scenario-gen'
import { waitBeforeReorgs, waitsBefore } from '../../src/chaos/reorg-wait'
import { readRunState, RunState } from '../../src/chaos/run-state'
import { connect } from '../oracle-e2e/model'
import { startTestStack } from '../support/stack'

/** seeds whose scenarios hold every op kind of COMMON_OPS (checked below); about 30 s each on two cores */
const SEEDS = (process.env.REORG_FUZZ_SEEDS ?? '1,2,4').split(',').map(Number)
const COMMON_OPS = ['deposit', 'sweep', 'bond', 'unbond', 'withdraw', 'reward', 'slash', 'eraPaid', 'payout', 'claim', 'burn',
    'transferBond', 'setRatio', 'publishRatio', 'reorg']
const KUSAMA_OPS = new Set(['deposit', 'sweep', 'bond', 'unbond', 'withdraw', 'reward', 'slash', 'eraPaid', 'payout', 'transfer', 'nominate'])
const PARTS = ['kusama-processor', 'eth-processor', 'oracle-worker', 'api']

interface Run { state: RunState; kusamaBlocks: number; waits: number; log: string[] }

/** the product bug of ./reorg-eth-tx-race.test.ts, as the eth-processor's last log lines showed it */
const ETH_TX_RACE = /eth_getTransactionByHash\(0x[0-9a-f]+\) answered null|eth_call sharesOf\(.*\) at block/

/** one scenario on a whole fresh stack; answers the normalized final state */
async function run(file: ScenarioFile): Promise<Run> {
    const stack = await startTestStack({ scenario: file, parts: PARTS })
    const db = connect(stack)
    const log: string[] = []
    try {
        await db.connect()
        // before two reorgs in three, wait until the reorged chain's processor has indexed the head, so its
        // rollback of indexed hot blocks runs (src/chaos/reorg-wait.ts); the test checks the number of waits
        const reorgWait = waitBeforeReorgs(stack, async () => db)
        await stack.runner(l => log.push(l), { beforeStep: reorgWait.beforeStep }).run()
        return { state: await readRunState(db), kusamaBlocks: stack.kusama.blocks().length, waits: reorgWait.waits(), log }
    } catch (e) {
        if (!ETH_TX_RACE.test(String(e?.message))) throw e
        throw new Error('the product bug of test/scenario/reorg-eth-tx-race.test.ts (run it: deterministic): the eth-processor '
            + `exits when a reorg removes a hot block's transaction while its handler fetches it.\n${e.message}`)
    } finally {
        await db.end().catch(() => {})
        await stack.stop()
    }
}

/** REORG_FUZZ_DUMP=<dir>: the scenario files, then each run's normalized state and log */
function dump(name: string, what: unknown): void {
    const dir = process.env.REORG_FUZZ_DUMP
    if (!dir) return
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, name), typeof what === 'string' ? what : JSON.stringify(what, null, 1))
}

/** an assertion whose failure starts with `what` (jest's diff alone would not show which report or table) */
function named(what: string, assertion: () => void): void {
    try {
        assertion()
    } catch (e) {
        e.message = `${what}:\n${e.message}`
        throw e
    }
}

/** report by report (parsed first, for a readable diff, then byte for byte), then table by table */
function expectSameState(seed: number, a: RunState, b: RunState): void {
    named(`seed ${seed}, the periods reported`, () => expect(Object.keys(a.reports)).toEqual(Object.keys(b.reports)))
    for (const p of Object.keys(b.reports)) {
        named(`seed ${seed}, report ${p}`, () => expect(JSON.parse(a.reports[p])).toEqual(JSON.parse(b.reports[p])))
        named(`seed ${seed}, report ${p}, canonical JSON`, () => expect(a.reports[p]).toBe(b.reports[p]))
    }
    named(`seed ${seed}, the tables`, () => expect(Object.keys(a.tables).sort()).toEqual(Object.keys(b.tables).sort()))
    for (const t of Object.keys(b.tables)) named(`seed ${seed}, table ${t}`, () => expect(a.tables[t]).toEqual(b.tables[t]))
}

describe.each(SEEDS)('reorg fuzz, seed %i', seed => {
    const c = generateReorgFuzz(seed)
    for (const k of ['full', 'reduced', 'unreduced'] as const) dump(`seed-${seed}-${k}.json`, c[k])

    it('the scenario holds every common op and reorgs of both chains that lose steps of both chains', () => {
        expect(COMMON_OPS.filter(op => !c.full.steps.some(s => s.op === op))).toEqual([])
        expect(c.reorgs.kusama).toBeGreaterThanOrEqual(2)
        expect(c.reorgs.ethereum).toBeGreaterThanOrEqual(2)
        expect(c.lost.some(s => KUSAMA_OPS.has(s.op))).toBe(true)
        expect(c.lost.some(s => !KUSAMA_OPS.has(s.op))).toBe(true)
    })

    it('with its reorgs leaves the same product state as without the lost steps', async () => {
        const t0 = Date.now()
        const full = await run(c.full)
        const t1 = Date.now()
        // the generator's block model is the simulator's: same number of canonical blocks at the end
        expect({ seed, kusamaBlocks: full.kusamaBlocks }).toEqual({ seed, kusamaBlocks: c.kusamaBlocks })
        const reorgs = c.full.steps.filter(st => st.op === 'reorg').length
        expect({ seed, waits: full.waits }).toEqual({ seed, waits: Array.from({ length: reorgs }, (_, i) => i).filter(waitsBefore).length })
        const other = await run(process.env.REORG_FUZZ_MUTANT === 'unreduced' ? c.unreduced : c.reduced)
        const t2 = Date.now()
        for (const [k, r] of [['full', full], ['other', other]] as const) {
            dump(`seed-${seed}-${k}-state.json`, r.state)
            dump(`seed-${seed}-${k}.log`, r.log.join('\n'))
        }
        process.stderr.write(`reorg fuzz seed ${seed}: ${c.full.steps.length} steps, ${c.lost.length} lost, reorgs ${JSON.stringify(c.reorgs)}; `
            + `runs ${((t1 - t0) / 1000).toFixed(1)} s + ${((t2 - t1) / 1000).toFixed(1)} s\n`)
        expect(Object.keys(full.state.reports).length).toBeGreaterThanOrEqual(3)
        expectSameState(seed, full.state, other.state)
    }, 300_000)
})
