import {
    add, balanceOf, bond, BondAmount, ceilDiv, floorDiv, formatBond, formatDecimal, formatKsm, formatRatio,
    formatShares, max, min, ONE_RATIO, parseBaseUnits, parseBond, parseKsm, parseRatio, parseShares, Planck,
    planck, ratio, ratioFromPool, Shares, shares, sharesOf, sub, sum, toBond, toPlanck, UnitParseError,
    ZERO_PLANCK,
} from '../../src/domain/units'
import { Rng } from './prng'

const E18 = 10n ** 18n
const R97P1 = ratio(970_000_000_000_000_001n) // 0.97e18 + 1
const R97 = ratio(970_000_000_000_000_000n)
const THIRD = ratio(333_333_333_333_333_333n) // does not divide 1e18

describe('units: compile-time unit safety', () => {
    it('rejects mixing units (checked by tsc -p tsconfig.test.json)', () => {
        // These lines exist for the type checker (each must be an error); run, they only pass bigints through.
        const typeChecks = () => {
            const p = planck(1n)
            const s = shares(1n)
            // @ts-expect-error a Planck is not Shares
            const x: Shares = p
            // @ts-expect-error cannot add planck to shares
            add(p, s)
            // @ts-expect-error toPlanck takes a BondAmount, not a Planck
            toPlanck(p)
            // @ts-expect-error sharesOf takes a BondAmount
            sharesOf(p, ONE_RATIO)
            // @ts-expect-error raw arithmetic drops the brand
            const y: Planck = p + p
            // @ts-expect-error a plain bigint is not a unit
            const z: BondAmount = 5n
            return [x, y, z]
        }
        // the @ts-expect-error lines above are verified by `npm run typecheck` (part of npm test): a brand
        // that stopped rejecting them would fail the build. At run time the unbranded values do pass through:
        expect(typeChecks()).toEqual([1n, 2n, 5n])
    })

    it('constructors reject non-bigint at runtime', () => {
        expect(() => planck(1 as unknown as bigint)).toThrow(TypeError)
        expect(() => bond('1' as unknown as bigint)).toThrow(TypeError)
        expect(() => shares(null as unknown as bigint)).toThrow(/null/)
        expect(() => ratio(undefined as unknown as bigint)).toThrow(TypeError)
    })

    it('typed add/sub/sum/min/max', () => {
        expect(add(planck(1n), planck(2n))).toBe(3n)
        expect(sub(bond(1n), bond(2n))).toBe(-1n)
        expect(sum(ZERO_PLANCK, [planck(1n), planck(2n), planck(3n)])).toBe(6n)
        expect(min(shares(4n), shares(3n))).toBe(3n)
        expect(max(shares(4n), shares(3n))).toBe(4n)
    })
})

describe('units: integer division helpers', () => {
    it('ceilDiv rounds toward +infinity for every sign', () => {
        expect(ceilDiv(7n, 2n)).toBe(4n)
        expect(ceilDiv(6n, 2n)).toBe(3n)
        expect(ceilDiv(-7n, 2n)).toBe(-3n)
        expect(ceilDiv(7n, -2n)).toBe(-3n)
        expect(ceilDiv(-7n, -2n)).toBe(4n)
        expect(ceilDiv(0n, 5n)).toBe(0n)
        expect(() => ceilDiv(1n, 0n)).toThrow(RangeError)
    })
    it('floorDiv rounds toward -infinity for every sign', () => {
        expect(floorDiv(7n, 2n)).toBe(3n)
        expect(floorDiv(-7n, 2n)).toBe(-4n)
        expect(floorDiv(7n, -2n)).toBe(-4n)
        expect(floorDiv(-7n, -2n)).toBe(3n)
        expect(floorDiv(-6n, 2n)).toBe(-3n)
        expect(() => floorDiv(1n, 0n)).toThrow(RangeError)
    })
})

describe('units: planck <-> bond', () => {
    it('toBond multiplies by 10^6', () => {
        expect(toBond(planck(0n))).toBe(0n)
        expect(toBond(planck(1n))).toBe(1_000_000n)
        expect(toBond(parseKsm('1'))).toBe(E18)
    })
    it('toPlanck floors', () => {
        expect(toPlanck(bond(0n))).toBe(0n)
        expect(toPlanck(bond(999_999n))).toBe(0n)
        expect(toPlanck(bond(1_000_000n))).toBe(1n)
        expect(toPlanck(bond(1_999_999n))).toBe(1n)
        expect(toPlanck(bond(E18))).toBe(10n ** 12n)
    })
    it('toPlanck throws on negative input', () => {
        expect(() => toPlanck(bond(-1n))).toThrow(RangeError)
        expect(() => toPlanck(bond(-1_000_000n))).toThrow(/negative/)
    })
    it('toPlanck(toBond(p)) === p', () => {
        const rng = new Rng(1)
        for (let i = 0; i < 2000; i++) {
            const p = planck(rng.big(128))
            expect(toPlanck(toBond(p))).toBe(p)
        }
    })
})

describe('units: shares and balance (contract rounding)', () => {
    it('R = 1e18 is the identity', () => {
        for (const x of [0n, 1n, 999n, E18, 123456789012345678901234567890n]) {
            expect(sharesOf(bond(x), ONE_RATIO)).toBe(x)
            expect(balanceOf(shares(x), ONE_RATIO)).toBe(x)
        }
    })
    it('R = 0.97e18 + 1: shares floor, balance ceil', () => {
        expect(sharesOf(bond(E18), R97P1)).toBe(970_000_000_000_000_001n)
        expect(balanceOf(shares(970_000_000_000_000_001n), R97P1)).toBe(E18)
        expect(sharesOf(bond(1n), R97P1)).toBe(0n)
        expect(balanceOf(shares(1n), R97P1)).toBe(2n)
        expect(sharesOf(bond(100n), R97P1)).toBe(97n)
        expect(balanceOf(shares(97n), R97P1)).toBe(100n) // 97e18/(0.97e18+1) = 99.99.. -> 100
        expect(balanceOf(shares(97n), R97)).toBe(100n) // exact
        expect(sharesOf(bond(10n ** 24n), R97P1)).toBe(970_000_000_000_000_001_000_000n)
    })
    it('R not dividing 1e18 (1/3)', () => {
        expect(sharesOf(bond(10n), THIRD)).toBe(3n)
        expect(balanceOf(shares(3n), THIRD)).toBe(10n) // ceil(9.000000000000000027)
        expect(balanceOf(shares(1n), THIRD)).toBe(4n) // ceil(3.000000000000000009)
        expect(sharesOf(bond(4n), THIRD)).toBe(1n)
    })
    it('balance(shares(b)) can be strictly below b', () => {
        expect(balanceOf(sharesOf(bond(1n), R97P1), R97P1)).toBe(0n)
        expect(balanceOf(sharesOf(bond(101n), R97P1), R97P1)).toBe(100n)
    })
    it('rejects negative amounts and non-positive ratio', () => {
        expect(() => sharesOf(bond(-1n), ONE_RATIO)).toThrow(RangeError)
        expect(() => sharesOf(bond(1n), ratio(-1n))).toThrow(RangeError)
        expect(sharesOf(bond(5n), ratio(0n))).toBe(0n)
        expect(() => balanceOf(shares(-1n), ONE_RATIO)).toThrow(RangeError)
        expect(() => balanceOf(shares(1n), ratio(0n))).toThrow(/ratio must be > 0/)
        expect(() => balanceOf(shares(1n), ratio(-5n))).toThrow(RangeError)
    })
    it('true relations: b - 1e18/R < balance(shares(b)) <= b, and shares(balance(s)) = s when R <= 1e18', () => {
        const rng = new Rng(2)
        const ratios = [ONE_RATIO, R97P1, R97, THIRD, ratio(1n), ratio(E18 - 1n), ratio(E18 + 1n), ratio(3n * E18), ratio(7n * E18 + 13n)]
        for (let i = 0; i < 5000; i++) {
            const r = i < ratios.length * 50 ? ratios[i % ratios.length] : ratio(1n + rng.big(70))
            const b = bond(rng.big(150))
            const s = sharesOf(b, r)
            const back = balanceOf(s, r)
            const msg = `seed 2, i=${i}, b=${b}, R=${r}`
            expect([msg, back <= b]).toEqual([msg, true])
            expect([msg, (b - back) * r < E18]).toEqual([msg, true]) // b - balance < 1e18/R
            const s2 = shares(rng.big(150))
            const s2back = sharesOf(balanceOf(s2, r), r)
            expect([msg, s2back >= s2]).toEqual([msg, true])
            expect([msg, (s2back - s2) * E18 < r]).toEqual([msg, true]) // excess < R/1e18
            if (r <= E18) expect([msg, s2back]).toEqual([msg, s2])
        }
    })
})

describe('units: ratioFromPool (SPEC 4.6)', () => {
    it('ceil(S*1e18/P), 1e18 when S = 0, throws when insolvent', () => {
        expect(ratioFromPool(shares(0n), bond(0n))).toBe(E18)
        expect(ratioFromPool(shares(0n), bond(-5n))).toBe(E18)
        expect(ratioFromPool(shares(97n), bond(100n))).toBe(970_000_000_000_000_000n)
        expect(ratioFromPool(shares(1n), bond(3n))).toBe(333_333_333_333_333_334n)
        expect(ratioFromPool(shares(E18), bond(E18))).toBe(E18)
        expect(() => ratioFromPool(shares(1n), bond(0n))).toThrow(/insolvent/)
        expect(() => ratioFromPool(shares(1n), bond(-1n))).toThrow(/insolvent/)
        expect(() => ratioFromPool(shares(-1n), bond(1n))).toThrow(RangeError)
    })
})

describe('units: parsing', () => {
    it('parseKsm accepts plain decimals with up to 12 fraction digits', () => {
        expect(parseKsm('10.5')).toBe(10_500_000_000_000n)
        expect(parseKsm('0')).toBe(0n)
        expect(parseKsm('0.1')).toBe(100_000_000_000n)
        expect(parseKsm('0.000000000001')).toBe(1n)
        expect(parseKsm('1.000000000000')).toBe(10n ** 12n)
        expect(parseKsm('1000000')).toBe(E18)
        expect(parseKsm('123456789012345678901234567890.123456789012')).toBe(123456789012345678901234567890123456789012n)
    })
    it('parseBond / parseShares use 18 decimals', () => {
        expect(parseBond('1.5')).toBe(1_500_000_000_000_000_000n)
        expect(parseBond('0.000000000000000001')).toBe(1n)
        expect(parseShares('2')).toBe(2n * E18)
        expect(() => parseBond('0.0000000000000000001')).toThrow(/at most 18 fraction digits/)
    })
    it('parseRatio', () => {
        expect(parseRatio('0.98')).toBe(980_000_000_000_000_000n)
        expect(parseRatio('1')).toBe(E18)
        expect(parseRatio('0.970000000000000001')).toBe(R97P1)
        expect(parseRatio('1.25')).toBe(1_250_000_000_000_000_000n)
        expect(() => parseRatio('0')).toThrow(/must be > 0/)
        expect(() => parseRatio('0.000')).toThrow(/must be > 0/)
        expect(() => parseRatio('-0.98')).toThrow(/negative/)
    })
    it('parseBaseUnits accepts integer strings only', () => {
        expect(parseBaseUnits('123')).toBe(123n)
        expect(parseBaseUnits('0')).toBe(0n)
        expect(() => parseBaseUnits('1.5')).toThrow(/at most 0 fraction digits/)
        expect(() => parseBaseUnits('-1')).toThrow(/negative/)
    })
    const errors: [unknown, RegExp][] = [
        ['', /empty string/],
        [' 1', /whitespace/],
        ['1 ', /whitespace/],
        ['1\n', /whitespace/],
        ['-1', /negative/],
        ['-0.5', /negative/],
        ['+1', /explicit sign/],
        ['1e3', /exponent/],
        ['1E-3', /exponent/],
        ['1.5e+2', /exponent/],
        ['01', /leading zeros/],
        ['00.5', /leading zeros/],
        ['1.', /dot needs digits/],
        ['.5', /dot needs digits/],
        ['.', /dot needs digits/],
        ['1..2', /not a plain decimal/],
        ['abc', /not a plain decimal/],
        ['1,5', /not a plain decimal/],
        ['1_000', /not a plain decimal/],
        ['0x10', /not a plain decimal/],
        ['Infinity', /not a plain decimal/],
        ['NaN', /not a plain decimal/],
        ['１', /not a plain decimal/], // full-width digit
        ['1.0000000000001', /at most 12 fraction digits allowed, got 13/],
        ['0.0000000000000', /at most 12 fraction digits/],
        [1, /expected a decimal string, got number/],
        [1n, /expected a decimal string, got bigint/],
        [null, /got null/],
        [undefined, /got undefined/],
    ]
    it.each(errors)('parseKsm(%p) throws UnitParseError %p', (input, re) => {
        expect(() => parseKsm(input as string)).toThrow(UnitParseError)
        expect(() => parseKsm(input as string)).toThrow(re)
    })
    it('error message names the unit and the input', () => {
        expect(() => parseKsm('abc')).toThrow('invalid KSM amount "abc": not a plain decimal number')
        expect(() => parseBond('-1')).toThrow('invalid aKSMb amount "-1": negative amounts are not allowed')
        expect(() => parseRatio('x')).toThrow('invalid ratio "x"')
    })
})

describe('units: formatting and round trips', () => {
    it('formats minimal decimals', () => {
        expect(formatKsm(planck(10_500_000_000_000n))).toBe('10.5')
        expect(formatKsm(planck(0n))).toBe('0')
        expect(formatKsm(planck(1n))).toBe('0.000000000001')
        expect(formatKsm(planck(10n ** 12n))).toBe('1')
        expect(formatKsm(planck(-500_000_000_000n))).toBe('-0.5')
        expect(formatBond(bond(1_500_000_000_000_000_000n))).toBe('1.5')
        expect(formatBond(bond(1n))).toBe('0.000000000000000001')
        expect(formatShares(shares(2n * E18))).toBe('2')
        expect(formatRatio(ONE_RATIO)).toBe('1')
        expect(formatRatio(ratio(980_000_000_000_000_000n))).toBe('0.98')
        expect(formatRatio(R97P1)).toBe('0.970000000000000001')
        expect(formatDecimal(123n, 0)).toBe('123')
    })
    it('parse(format(x)) === x for random values (seed 3)', () => {
        const rng = new Rng(3)
        for (let i = 0; i < 5000; i++) {
            const x = rng.big(200)
            expect(parseKsm(formatKsm(planck(x)))).toBe(x)
            expect(parseBond(formatBond(bond(x)))).toBe(x)
            expect(parseShares(formatShares(shares(x)))).toBe(x)
            if (x > 0n) expect(parseRatio(formatRatio(ratio(x)))).toBe(x)
        }
    })
    it('format(parse(s)) === s for canonical strings', () => {
        for (const s of ['0', '1', '10.5', '0.000000000001', '999999999.999999999999', '1000000']) {
            expect(formatKsm(parseKsm(s))).toBe(s)
        }
        expect(formatKsm(parseKsm('1.500'))).toBe('1.5')
    })
})
