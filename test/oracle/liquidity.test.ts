import { planck } from '../../src/domain/units'
import { buildQueueReport, chunkUnlockTime, computeEtas, computeLiquidity, ERA_MS, Liquidity, matchQueue } from '../../src/oracle/core'
import { burn, DAY0, deposit, E18, eraPaid, fee, HOUR, KSM, outflow, reward, SETTINGS, staking, transfer } from './helpers'

const POOL = { poolAccounts: ['DEPOSIT', 'STASH0', 'STASH1'] }
const cKSM = KSM / 100n // 0.01 KSM

const chain = [
    deposit('k01', DAY0 + 1 * HOUR, 'alice', 100n * KSM),
    deposit('k02', DAY0 + 1 * HOUR + 1, 'bob', 5n * cKSM),
    transfer('k03', DAY0 + 2 * HOUR, 'INTERNAL', 'DEPOSIT', 'STASH0', 60n * KSM),
    staking('k04', DAY0 + 3 * HOUR, 'BONDED', 50n * KSM, null),
    eraPaid('k05', DAY0 + 4 * HOUR, 100),
    staking('k06', DAY0 + 5 * HOUR, 'UNBONDED', 20n * KSM, 101),
    reward('k07', DAY0 + 6 * HOUR, 1n * KSM, 'Staked'),
    reward('k08', DAY0 + 6 * HOUR, 50n * cKSM, 'Stash'),
    reward('k09', DAY0 + 6 * HOUR, 25n * cKSM, 'Account:DEPOSIT'),
    reward('k10', DAY0 + 6 * HOUR, 10n * cKSM, 'Account:EXTERNAL'),
    reward('k11', DAY0 + 6 * HOUR, 20n * cKSM, 'None'),
    reward('k12', DAY0 + 6 * HOUR, 30n * cKSM, null),
    { type: 'Slash' as const, id: 'k13', timestamp: DAY0 + 7 * HOUR, chain: 'kusama' as const, height: 0, index: 0, stash: 'STASH0', amount: planck(1n * KSM) },
    fee('k14', DAY0 + 8 * HOUR, 'STASH0', 1n * cKSM),
    transfer('k15', DAY0 + 9 * HOUR, 'INFLOW', 'EXT', 'STASH1', 2n * KSM),
    eraPaid('k16', DAY0 + 10 * HOUR, 101),
    staking('k17', DAY0 + 11 * HOUR, 'UNBONDED', 5n * KSM, null), // era from the clock: 102
    outflow('k18', DAY0 + 12 * HOUR, 'carol', 3n * KSM),
]

describe('liquidity (SPEC §4.9)', () => {
    test('free per pool account, bonded per stash, unlocking chunks, era clock', () => {
        const l = computeLiquidity(chain, POOL)
        expect(l.freeByAccount).toEqual([
            { account: 'DEPOSIT', amount: 3730n * cKSM }, // 100 + 0.05 − 60 + 0.25 − 3
            { account: 'STASH0', amount: 1049n * cKSM }, // 60 − 50 + 0.5 − 0.01
            { account: 'STASH1', amount: 2n * KSM },
        ])
        expect(l.free).toBe(4979n * cKSM)
        expect(l.bondedByStash).toEqual([{ account: 'STASH0', amount: 2530n * cKSM }]) // 50 − 20 + 1 + 0.3 − 1 − 5
        expect(l.bonded).toBe(2530n * cKSM)
        expect(l.chunks.map(c => [c.unbondedId, c.amount, c.unlockEra])).toEqual([
            ['k06', 20n * KSM, 129],
            ['k17', 5n * KSM, 130],
        ])
        expect(l.unbonding).toBe(25n * KSM)
        expect(l.eraClock).toEqual({ activeEra: 102, startedAt: DAY0 + 10 * HOUR, eraPaidId: 'k16' })
        expect(l.withdrawnWithoutChunk).toBe(0n)
    })

    test('Withdrawn consumes the oldest chunks first, partially; excess is reported', () => {
        const t = DAY0 + 200 * HOUR
        const w1 = computeLiquidity([...chain, eraPaid('k20', t, 128), staking('k21', t + 1, 'WITHDRAWN', 22n * KSM, 129)], POOL)
        expect(w1.chunks.map(c => [c.unbondedId, c.amount])).toEqual([['k17', 3n * KSM]])
        expect(w1.freeByAccount.find(a => a.account === 'STASH0')!.amount).toBe(1049n * cKSM + 22n * KSM)
        const w2 = computeLiquidity([...chain, staking('k21', t + 1, 'WITHDRAWN', 26n * KSM, 130)], POOL)
        expect(w2.chunks).toEqual([])
        expect(w2.unbonding).toBe(0n)
        expect(w2.withdrawnWithoutChunk).toBe(KSM)
    })

    test('an Unbonded before any era is known has no unlock era; its unlock time is now + 28 eras', () => {
        const l = computeLiquidity([staking('u', DAY0, 'UNBONDED', KSM, null)], POOL)
        expect(l.chunks[0].unlockEra).toBeNull()
        expect(chunkUnlockTime(l.chunks[0], l.eraClock, DAY0 + 5)).toBe(DAY0 + 5 + 28 * ERA_MS)
        // already unlocked chunk (unlock era <= active era): now
        expect(chunkUnlockTime({ ...l.chunks[0], unlockEra: 90 }, { activeEra: 100, startedAt: DAY0, eraPaidId: 'e' }, DAY0 + 7)).toBe(DAY0 + 7)
    })

    test('unknown reward dest is refused', () => {
        expect(() => computeLiquidity([reward('r', DAY0, 1n, 'Elsewhere')], POOL)).toThrow(/unknown dest/)
    })
})

describe('ETA (SPEC §4.9)', () => {
    const now = DAY0 + 13 * HOUR
    const requests = [
        burn('0xq1-0', DAY0 + 1 * HOUR, 30n * E18, 30n * KSM, 'alice'),
        burn('0xq2-0', DAY0 + 2 * HOUR, 15n * E18, 15n * KSM, 'bob'),
        burn('0xq3-0', DAY0 + 3 * HOUR, 10n * E18, 10n * KSM, 'bob'),
        burn('0xq4-0', DAY0 + 4 * HOUR, 100n * E18, 100n * KSM, 'dave'),
        burn('0xqx-0', DAY0 + 5 * HOUR, 2n * E18, 2n * KSM, null),
        outflow('k19', DAY0 + 12 * HOUR + 30, 'alice', 5n * KSM),
    ]

    test('LIQUID, UNBONDING and NEEDS_UNBOND in FIFO order; pendingOwed, free, unbonding, toUnbond', () => {
        const q = buildQueueReport([...chain, ...requests], now, SETTINGS, POOL)
        // 49.79 − 5 paid to alice − 0.05 of bob's BELOW_MINIMUM deposit, refundable (SPEC §4.1, §4.9)
        expect(q.free).toBe(4474n * cKSM)
        expect(q.refundable).toBe(5n * cKSM)
        expect(q.unbonding).toBe(25n * KSM)
        expect(q.requests.map(r => [r.id, r.status, r.etaReason, r.eta])).toEqual([
            ['0xq1-0', 'PARTIALLY_PAID', 'LIQUID', now], // C = 25
            ['0xq2-0', 'PENDING', 'LIQUID', now], // C = 40
            ['0xq3-0', 'PENDING', 'UNBONDING', DAY0 + 172 * HOUR], // C = 50 <= 44.74 + 20; era 129 = +10h + 27·6h
            ['0xq4-0', 'PENDING', 'NEEDS_UNBOND', now + 168 * HOUR], // C = 150 > 44.74 + 25
            ['0xqx-0', 'INVALID_RECIPIENT', null, null],
        ])
        expect(q.pendingOwed).toBe(152n * KSM)
        expect(q.invalidRecipientOwed).toBe(2n * KSM)
        expect(q.toUnbond).toBe(8226n * cKSM) // 152 − 44.74 − 25
        expect(q.unmatchedOutflows.map(o => o.id)).toEqual(['k18'])
        expect(q.overdueCount).toBe(0)
    })

    test('toUnbond is 0 when free + unbonding cover the queue; the second chunk serves a later request', () => {
        const l: Liquidity = computeLiquidity(chain, POOL)
        const q = matchQueue([burn('0xr1-0', DAY0, E18, 69n * KSM, 'a'), burn('0xr2-0', DAY0 + 1, E18, 3n * KSM, 'a')], now, SETTINGS)
        const etas = computeEtas(q.requests, l, now)
        expect(etas.map(e => [e.requestId, e.cumulativeOwed, e.reason, e.eta])).toEqual([
            ['0xr1-0', 69n * KSM, 'UNBONDING', DAY0 + 172 * HOUR], // 49.79 + 20 >= 69
            ['0xr2-0', 72n * KSM, 'UNBONDING', DAY0 + 178 * HOUR], // needs the era-130 chunk
        ])
        const r = buildQueueReport([...chain, burn('0xr1-0', DAY0, E18, 69n * KSM, 'a')], now, SETTINGS, POOL)
        expect(r.toUnbond).toBe(0n)
    })
})
