import { matchQueue } from '../../src/oracle/core'
import { burn, DAY, DAY0, E18, HOUR, KSM, outflow, SETTINGS } from './helpers'

const WEEK = 7 * DAY

describe('unstake queue (SPEC §4.8)', () => {
    const events = [
        burn('0xa1-0', DAY0 + 1 * HOUR, 10n * E18, 10n * KSM, 'alice'),
        burn('0xa2-0', DAY0 + 2 * HOUR, 5n * E18, 5n * KSM, 'alice'),
        burn('0xb1-0', DAY0 + 3 * HOUR, 3n * E18, 3n * KSM, 'bob'),
        burn('0xbad-0', DAY0 + 1 * HOUR, 2n * E18, 2n * KSM, null),
        outflow('o0', DAY0 + 2 * HOUR, 'bob', 1n * KSM), // before bob's request: unmatched
        outflow('o1', DAY0 + 4 * HOUR, 'alice', 4n * KSM),
        outflow('o2', DAY0 + 5 * HOUR, 'alice', 8n * KSM),
        outflow('o3', DAY0 + 6 * HOUR, 'alice', 5n * KSM),
        outflow('o4', DAY0 + 6 * HOUR, 'carol', 1n * KSM),
    ]

    test('FIFO allocation: partial then full payout, leftovers unmatched, invalid recipient never matched', () => {
        const q = matchQueue(events, DAY0 + 4 * HOUR + WEEK, SETTINGS)
        expect(q.requests.map(r => [r.id, r.status, r.paidPlanck, r.paidAt])).toEqual([
            ['0xa1-0', 'PAID', 10n * KSM, DAY0 + 5 * HOUR],
            ['0xbad-0', 'INVALID_RECIPIENT', 0n, null],
            ['0xa2-0', 'PAID', 5n * KSM, DAY0 + 6 * HOUR],
            ['0xb1-0', 'PENDING', 0n, null],
        ])
        expect(q.allocations.map(a => [a.outflowId, a.requestId, a.amount])).toEqual([
            ['o1', '0xa1-0', 4n * KSM],
            ['o2', '0xa1-0', 6n * KSM],
            ['o2', '0xa2-0', 2n * KSM],
            ['o3', '0xa2-0', 3n * KSM],
        ])
        expect(q.unmatchedOutflows.map(o => [o.id, o.to, o.amountPlanck, o.unmatchedPlanck])).toEqual([
            ['o0', 'bob', KSM, KSM],
            ['o3', 'alice', 5n * KSM, 2n * KSM],
            ['o4', 'carol', KSM, KSM],
        ])
        // OVERDUE at now = 4h + 7d: bob (3h + 7d < now) and the invalid one; paid ones are on time
        expect(q.requests.map(r => [r.id, r.overdue])).toEqual([
            ['0xa1-0', false],
            ['0xbad-0', true],
            ['0xa2-0', false],
            ['0xb1-0', true],
        ])
    })

    test('PARTIALLY_PAID between the two outflows', () => {
        const q = matchQueue(events.filter(e => e.id !== 'o2' && e.id !== 'o3'), DAY0 + DAY, SETTINGS)
        const a1 = q.requests.find(r => r.id === '0xa1-0')!
        expect(a1.status).toBe('PARTIALLY_PAID')
        expect(a1.paidPlanck).toBe(4n * KSM)
        expect(a1.paidAt).toBeNull()
        expect(q.requests.find(r => r.id === '0xa2-0')!.status).toBe('PENDING')
    })

    test('OVERDUE boundary: paid at the deadline is on time, unpaid at deadline+1 ms is overdue, paid late stays overdue', () => {
        const b = burn('0xc-0', DAY0, E18, KSM, 'dave')
        expect(matchQueue([b], DAY0 + WEEK, SETTINGS).requests[0].overdue).toBe(false)
        expect(matchQueue([b], DAY0 + WEEK + 1, SETTINGS).requests[0].overdue).toBe(true)
        expect(matchQueue([b, outflow('p', DAY0 + WEEK, 'dave', KSM)], DAY0 + 2 * WEEK, SETTINGS).requests[0]).toMatchObject({ status: 'PAID', overdue: false })
        expect(matchQueue([b, outflow('p', DAY0 + WEEK + 1, 'dave', KSM)], DAY0 + 2 * WEEK, SETTINGS).requests[0]).toMatchObject({ status: 'PAID', overdue: true, deadline: DAY0 + WEEK })
        expect(matchQueue([b], DAY0 + 2 * DAY, { releasePeriodSeconds: 86400 }).requests[0].overdue).toBe(true)
    })

    test('same requestedAt: id breaks the tie; an outflow at the request time may pay it', () => {
        const q = matchQueue(
            [burn('0xb-1', DAY0, E18, 2n * KSM, 'eve'), burn('0xa-1', DAY0, E18, 2n * KSM, 'eve'), outflow('p', DAY0, 'eve', 3n * KSM)],
            DAY0 + 1,
            SETTINGS
        )
        expect(q.requests.map(r => [r.id, r.status, r.paidPlanck])).toEqual([
            ['0xa-1', 'PAID', 2n * KSM],
            ['0xb-1', 'PARTIALLY_PAID', KSM],
        ])
    })

    test('a request owing 0 planck (dust burn) is PAID at its request time and takes nothing', () => {
        const q = matchQueue([burn('0xd-0', DAY0, 5n, 0n, 'fred'), outflow('p', DAY0 + 1, 'fred', 7n)], DAY0 + 2, SETTINGS)
        expect(q.requests[0]).toMatchObject({ status: 'PAID', paidPlanck: 0n, paidAt: DAY0, overdue: false })
        expect(q.unmatchedOutflows[0].unmatchedPlanck).toBe(7n)
    })

    test('an outflow is never allocated to a later request of the same recipient', () => {
        const q = matchQueue([outflow('p', DAY0, 'gus', KSM), burn('0xg-0', DAY0 + 1, E18, KSM, 'gus')], DAY0 + 2, SETTINGS)
        expect(q.requests[0].status).toBe('PENDING')
        expect(q.unmatchedOutflows).toHaveLength(1)
    })

    test('rejects duplicate burns and VALID without recipient', () => {
        const b = burn('0xe-0', DAY0, 1n, 1n, 'x')
        expect(() => matchQueue([b, b], DAY0, SETTINGS)).toThrow(/duplicate/)
        expect(() => matchQueue([{ ...b, recipient: null, recipientStatus: 'VALID' as const }], DAY0, SETTINGS)).toThrow(/VALID without/)
    })
})
