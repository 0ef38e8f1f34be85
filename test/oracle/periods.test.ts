import {
    firstDepositTimestamp,
    lastClosedPeriod,
    periodEnd,
    periodLabel,
    periodOf,
    periodsOf,
    periodStart,
    reportablePeriods,
} from '../../src/oracle/core'
import { DAY, DAY0, deposit, HOUR, P0, reward } from './helpers'

describe('periods (SPEC §4.2)', () => {
    test('index, start, end and label of a UTC day', () => {
        expect(periodOf(DAY0, 86400)).toBe(20458)
        expect(periodOf(DAY0 + DAY - 1, 86400)).toBe(20458)
        expect(periodOf(DAY0 + DAY, 86400)).toBe(20459)
        expect(periodStart(20458, 86400)).toBe(1767571200000)
        expect(periodEnd(20458, 86400)).toBe(1767657600000)
        expect(periodLabel(20458, 86400)).toBe('2026-01-05')
        expect(periodLabel(20459, 86400)).toBe('2026-01-06')
    })

    test('floor for negative timestamps, epoch alignment', () => {
        expect(periodOf(-1, 86400)).toBe(-1)
        expect(periodOf(0, 86400)).toBe(0)
        expect(periodLabel(0, 86400)).toBe('1970-01-01')
    })

    test('sub-day periods get a full-instant label; multi-day periods a date', () => {
        const d = periodOf(DAY0 + 7 * HOUR, 21600)
        expect(d).toBe(20458 * 4 + 1)
        expect(periodStart(d, 21600)).toBe(DAY0 + 6 * HOUR)
        expect(periodLabel(d, 21600)).toBe('2026-01-05T06:00:00Z')
        expect(periodLabel(20458 * 4, 21600)).toBe('2026-01-05')
        expect(periodLabel(2, 2 * 86400)).toBe('1970-01-05')
    })

    test('a period closes when the watermark reaches its end', () => {
        expect(lastClosedPeriod(DAY0 + DAY, 86400)).toBe(P0)
        expect(lastClosedPeriod(DAY0 + DAY - 1, 86400)).toBe(P0 - 1)
    })

    test('reportable periods: from the first deposit (any status) to the watermark', () => {
        const evs = [reward('r', DAY0 - 5 * DAY, 1n), deposit('b', DAY0 + HOUR, 'bob', 1n), deposit('a', DAY0 + 2 * DAY, 'a', 10n)]
        const first = firstDepositTimestamp(evs)
        expect(first).toBe(DAY0 + HOUR)
        expect(reportablePeriods(first, DAY0 + 3 * DAY, 86400)).toEqual({ first: P0, last: P0 + 2 })
        expect(reportablePeriods(first, DAY0 + 3 * DAY - 1, 86400)).toEqual({ first: P0, last: P0 + 1 })
        expect(reportablePeriods(first, DAY0 + DAY - 1, 86400)).toBeNull()
        expect(reportablePeriods(null, DAY0 + 9 * DAY, 86400)).toBeNull()
        expect(reportablePeriods(first, null, 86400)).toBeNull()
        expect(periodsOf({ first: P0, last: P0 + 2 })).toEqual([P0, P0 + 1, P0 + 2])
    })

    test('rejects bad inputs', () => {
        expect(() => periodOf(1.5, 86400)).toThrow(TypeError)
        expect(() => periodOf(0, 0)).toThrow(RangeError)
        expect(() => periodStart(0.5, 86400)).toThrow(RangeError)
    })
})
