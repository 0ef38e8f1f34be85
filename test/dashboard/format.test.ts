/** The dashboard writes the API's integer strings as exact decimals (dashboard/src/format.ts), its checks in words, and CSV. */
import { checkInWords, rationalDecimal } from '../../dashboard/src/check-words'
import { parseCsv, toCsv } from '../../dashboard/src/csv'
import { duration, etaError, ksm, percent, percentSci, ratio, roundDecimal, units18, utc } from '../../dashboard/src/format'

describe('dashboard formatting', () => {
    it('writes planck, shares and ratios exactly, with no float on the way', () => {
        expect(ksm('19110000000')).toBe('0.01911')
        expect(ksm('20010005002501')).toBe('20.010005002501')
        expect(ksm('0')).toBe('0')
        expect(ksm('-500000000000')).toBe('-0.5')
        expect(units18('360488223327403691372')).toBe('360.488223327403691372')
        expect(ratio('1000000000000000000')).toBe('1')
        expect(ratio('999999999999999999')).toBe('0.999999999999999999')
    })

    it('rounds percentages half away from zero, and writes tiny ones in scientific notation', () => {
        expect(percent('0.151420280862146782')).toBe('15.14 %')
        expect(percent('0.15145')).toBe('15.15 %')
        expect(percent('-0.311416433293995757', 4)).toBe('-31.1416 %')
        expect(percent('0')).toBe('0.00 %')
        expect(percent('-0.00001')).toBe('0.00 %')
        expect(roundDecimal('9.995', 2)).toBe('10.00')
        expect(percentSci('-0.000000000000000363836171799829186')).toBe('-3.63e-14 %')
        expect(percentSci('0.0000000000000000129463732938536652', 2)).toBe('1.2e-15 %')
        expect(percentSci('0')).toBe('0 %')
        expect(percentSci('12.5')).toBe('1.25e3 %')
    })

    it('writes times and ETA errors in words', () => {
        expect(utc('2026-01-18T13:00:00.000Z')).toBe('2026-01-18 13:00')
        expect(utc(null)).toBe('—')
        expect(duration(39600)).toBe('11 h')
        expect(duration(93784)).toBe('1 d 2 h')
        expect(etaError(39600)).toBe('11 h late')
        expect(etaError(-300)).toBe('5 min early')
        expect(etaError(0)).toBe('on time')
    })

    it('says checks in words, not fractions', () => {
        expect(rationalDecimal('1/3')).toBe('0.333333333333333333')
        expect(checkInWords('APR_BOUND', 'apr=13026120265897090992000/86026258779404111366400 maxApr=300000000000000000e-18', true)).toBe('APR 15.14 % ≤ 30.00 %')
        expect(checkInWords('APR_BOUND', 'apr=1/2 maxApr=300000000000000000e-18', false)).toBe('APR 50.00 % > 30.00 %')
        expect(checkInWords('MONOTONE', 'R_prev=996087346992275423 R=995674291428288326 slashes=0 r1Burns=0', true))
            .toBe('ratio 0.995674291428288326 ≤ previous 0.996087346992275423: no holder lost value')
        expect(checkInWords('LOSS_EXPLAINED', 'R_prev=1 R=2 loss=1/2 slashedBond=5 P_prev=10 bound=5/10+1e-12', true))
            .toBe('loss per share 50.000000 %, explained by slashes up to 50.000000 % of the pool')
        expect(checkInWords('SOLVENT', 'S=5 P=-1 reason=INSOLVENT', false)).toBe('insolvent: the pooled value is not above zero (0.000000000000000005 shares, -0.000000000000000001 aKSMb)')
        // a check this dashboard has no words for keeps its own text
        expect(checkInWords('RESERVES', 'holdings 3 KSM ≥ owed 2 KSM', true)).toBe('holdings 3 KSM ≥ owed 2 KSM')
        expect(checkInWords('NEW_CHECK', 'a=1 b=2', true)).toBe('a 1, b 2')
        expect(checkInWords('NEW_CHECK', 'margin a = 2 KSM x=1', true)).toBe('margin a = 2 KSM x=1')
    })

    it('writes CSV that reads back to the same cells', () => {
        const rows = [['2026-01-05', '0.1149'], ['a,b', 'say "hi"\nthere']]
        const csv = toCsv(['Day', 'Gross KSM'], rows)
        expect(csv).toBe('Day,Gross KSM\r\n2026-01-05,0.1149\r\n"a,b","say ""hi""\nthere"\r\n')
        expect(parseCsv(csv)).toEqual([['Day', 'Gross KSM'], ...rows])
    })
})
