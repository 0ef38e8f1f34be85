/**
 * SPEC §4.13 MIGRATION_CONTINUITY in the core, hand-computed. The pool of test/oracle/reserves.test.ts
 * migrates to Asset Hub at 04:30 of its first day, after alice's 100 KSM deposit, the 60 KSM sweep and
 * bond and the 10 KSM unbond at era 100 (unlocking at era 128): the relay's events leave the deposit
 * address 40 KSM free and stash0 50 KSM active with a 10 KSM chunk at era 128. Asset Hub holds stake in
 * `reserved` (a staking hold): its storage says the same with stash0's 60 KSM reserved.
 */
import { createHash } from 'crypto'
import { planck } from '../../src/domain/units'
import {
    checkMigrationContinuity, continuityAtClose, creditBasis, foldCapturing, foldPeriod, genesisState, MigrationSnapshotFact, periodOf,
    PoolFold, replayReports, sortEvents, TimestampMs,
} from '../../src/oracle/core'
import { DAY, DAY0, DEPOSIT_ADDR, deposit, E18, HOUR, KSM, reward, SETTINGS, staking, STASH, transfer } from './helpers'

const EVENTS = [
    deposit('d1', DAY0 + 1 * HOUR, 'alice', 100n * KSM),
    transfer('t1', DAY0 + 2 * HOUR, 'INTERNAL', DEPOSIT_ADDR, STASH, 60n * KSM),
    staking('b1', DAY0 + 3 * HOUR, 'BONDED', 60n * KSM, 100),
    staking('u1', DAY0 + 4 * HOUR, 'UNBONDED', 10n * KSM, 100),
    reward('r1', DAY0 + 5 * HOUR, KSM / 20n),
    deposit('d2', DAY0 + DAY + HOUR, 'bob', 5n * KSM),
]
const POOL = { poolAccounts: [DEPOSIT_ADDR, STASH] }

function snapshot(stashActive = 50n * KSM): MigrationSnapshotFact {
    const p = planck
    return {
        timestamp: DAY0 + 4.5 * HOUR, height: 11150168, hash: '0xah', digest: 'a'.repeat(64),
        accounts: [
            { account: DEPOSIT_ADDR, free: p(40n * KSM), reserved: p(0n), frozen: p(0n), ledger: null },
            { account: STASH, free: p(0n), reserved: p(stashActive + 10n * KSM), frozen: p(0n),
                ledger: { total: p(stashActive + 10n * KSM), active: p(stashActive), unlocking: [{ era: 128, value: p(10n * KSM) }] } },
        ],
    }
}
const reports = (s: MigrationSnapshotFact) => replayReports(EVENTS, SETTINGS, POOL, DAY0 + 2 * DAY, () => undefined, s).map(r => r.report)

describe('MIGRATION_CONTINUITY (SPEC §4.13)', () => {
    it('a migration that moved every account as the relay left it passes, on the report of its period only', () => {
        const [day0, day1] = reports(snapshot())
        expect(day0.checks.find(c => c.name === 'MIGRATION_CONTINUITY')).toEqual({
            name: 'MIGRATION_CONTINUITY', passed: true, blocking: true,
            detail: '2 pool accounts on Asset Hub at block 11150168 equal what the relay chain\'s events left',
        })
        expect(day0.publishable).toBe(true)
        expect(day1.checks.map(c => c.name)).not.toContain('MIGRATION_CONTINUITY')
        // the snapshot is an input of that report: inputsHash = sha256(events hash + "\nmigration:" + digest)
        const eventsHash = createHash('sha256').update(['d1', 'r1'].join('\n')).digest('hex')
        expect(day0.inputsHash).toBe(createHash('sha256').update(`${eventsHash}\nmigration:${'a'.repeat(64)}`).digest('hex'))
        expect(day0.totalShares).toBe(100n * E18)
    })

    it('a ledger moved wrongly fails it, naming the account and the amounts, and blocks publication', () => {
        const [day0] = reports(snapshot(49n * KSM))
        const c = day0.checks.find(x => x.name === 'MIGRATION_CONTINUITY')!
        expect(c.passed).toBe(false)
        expect(c.detail).toBe('3 difference(s) between Asset Hub at block 11150168 and the relay chain\'s events: '
            + `${STASH}: balance storage 59 KSM, events 60 KSM (−1 KSM unexplained); `
            + `${STASH}: active stake storage 49 KSM, events 50 KSM (−1 KSM unexplained); `
            + `${STASH}: ledger total storage 59 KSM, events 60 KSM (−1 KSM unexplained)`)
        expect(day0.publishable).toBe(false)
    })

    it("is taken where the fold passes the snapshot's time, also when a running worker's live fold passes it before the day closes", () => {
        const s = snapshot()
        const sorted = sortEvents(EVENTS)
        const ps = SETTINGS.periodSeconds
        const fresh = () => {
            const pool = new PoolFold(SETTINGS, POOL)
            pool.addBasis(creditBasis(genesisState(periodOf(DAY0, ps), ps, sorted)))
            return pool
        }
        const upTo = (t: TimestampMs) => sorted.filter(e => e.timestamp <= t).length
        const end = DAY0 + DAY
        // a worker that closes the day in one pass
        const once = foldPeriod(fresh(), sorted, 0, end, s).continuity!
        expect(once.passed).toBe(true)
        // a running worker: a pass at 06:00 (its live fold passes the 04:30 snapshot and r1's 0.05 KSM staked at 05:00), then the close
        const pool = fresh()
        const live = foldCapturing(pool, sorted, 0, upTo(DAY0 + 6 * HOUR), s, undefined)
        const close = foldCapturing(pool, sorted, live.folded, upTo(end - 1), s, live.continuity)
        expect(continuityAtClose(pool, s, close.continuity)).toEqual(once)
        // what the close took before this fix: the relay's state at the close, r1 included, a false difference
        expect(checkMigrationContinuity(s, pool.liquidity.snapshot()).detail).toContain(`${STASH}: active stake storage 50 KSM, events 50.05 KSM`)
    })
})
