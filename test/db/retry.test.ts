/** withRetry (src/db/retry.ts): which errors run the transaction again, how often, and what is thrown at the end. */
import { DEADLOCK_DETECTED, SERIALIZATION_FAILURE, UNIQUE_VIOLATION, withRetry } from '../../src/db/retry'

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code })

describe('withRetry', () => {
    it('runs again on a listed code until it succeeds', async () => {
        const seen: number[] = []
        const result = await withRetry(async attempt => {
            seen.push(attempt)
            if (attempt < 3) throw pgError(attempt === 1 ? SERIALIZATION_FAILURE : DEADLOCK_DETECTED)
            return 'ok'
        }, { codes: [SERIALIZATION_FAILURE, DEADLOCK_DETECTED], attempts: 10 })
        expect(result).toBe('ok')
        expect(seen).toEqual([1, 2, 3])
    })

    it('throws any other error at once', async () => {
        let runs = 0
        const unique = pgError(UNIQUE_VIOLATION)
        await expect(withRetry(async () => { runs++; throw unique }, { codes: [SERIALIZATION_FAILURE], attempts: 10 })).rejects.toBe(unique)
        const plain = new Error('no code')
        await expect(withRetry(async () => { runs++; throw plain }, { codes: [SERIALIZATION_FAILURE], attempts: 10 })).rejects.toBe(plain)
        expect(runs).toBe(2)
    })

    it('stops after `attempts` runs with the last error, or what `exhausted` makes of it', async () => {
        let runs = 0
        const fail = async () => { runs++; throw pgError(SERIALIZATION_FAILURE) }
        await expect(withRetry(fail, { codes: new Set([SERIALIZATION_FAILURE]), attempts: 4 })).rejects.toMatchObject({ code: SERIALIZATION_FAILURE })
        expect(runs).toBe(4)
        const delays: number[] = []
        await expect(withRetry(fail, {
            codes: [SERIALIZATION_FAILURE], attempts: 3, delayMs: a => { delays.push(a); return 1 }, exhausted: e => new Error(`busy after ${e.code}`),
        })).rejects.toThrow('busy after 40001')
        expect(runs).toBe(7)
        expect(delays).toEqual([1, 2])   // a pause before each run again, none after the last
    })
})
