import { decidePublication, ReportToPublish } from '../../src/publisher/decision'

const RESERVES_OK = [
    { name: 'RESERVES', passed: true, blocking: true, detail: 'holdings 10 KSM ≥ owed 9 KSM' },
    { name: 'SHARE_SUPPLY', passed: true, blocking: true, detail: 'on-chain supply 5 shares = claims 5 − burns 0 = 5' },
]
const report = (over: Partial<ReportToPublish> = {}): ReportToPublish => ({
    period: '2026-01-06', periodEnd: '2026-01-07T00:00:00.000Z', ratio: '999000000000000000', publishable: true,
    checks: [{ name: 'SOLVENT', passed: true, blocking: true, detail: 'P=1 S=1' }, ...RESERVES_OK], ...over,
})

describe('ratio publisher decision', () => {
    it('publishes a publishable report newer than the on-chain ratio', () => {
        const d = decidePublication(report(), { ratio: 10n ** 18n, lastUpdateTime: Date.UTC(2026, 0, 5) / 1000 })
        expect(d).toEqual({ publish: true, ratio: 999000000000000000n, reasons: ['report 2026-01-06: ratio 999000000000000000'] })
    })

    it('publishes when the chain never had an update', () => {
        expect(decidePublication(report(), { ratio: 10n ** 18n }).publish).toBe(true)
    })

    it('refuses without a report', () => {
        expect(decidePublication(null, { ratio: 10n ** 18n })).toEqual({ publish: false, reasons: ['no ratio report yet: no period has closed'] })
    })

    it('refuses a report whose blocking checks failed, naming each', () => {
        const d = decidePublication(report({
            publishable: false,
            checks: [
                { name: 'SOLVENT', passed: false, blocking: true, detail: 'S=5 P=0' },
                { name: 'ONCHAIN_DRIFT', passed: false, blocking: false, detail: 'differs' },
                { name: 'APR_BOUND', passed: false, blocking: true, detail: 'apr 0.9 > 0.30' },
                ...RESERVES_OK,
            ],
        }), { ratio: 10n ** 18n })
        expect(d).toEqual({ publish: false, reasons: ['check SOLVENT failed: S=5 P=0', 'check APR_BOUND failed: apr 0.9 > 0.30'] })
    })

    it('refuses what is already on chain, or older than the last update', () => {
        expect(decidePublication(report(), { ratio: 999000000000000000n }).reasons).toEqual(['on-chain ratio already 999000000000000000 (report 2026-01-06)'])
        const d = decidePublication(report(), { ratio: 10n ** 18n, lastUpdateTime: Date.UTC(2026, 0, 7, 1) / 1000 })
        expect(d.publish).toBe(false)
        expect(d.reasons).toEqual(['on-chain ratio was updated at 2026-01-07T01:00:00.000Z, after report 2026-01-06 ended'])
    })

    it('refuses a report whose proof of reserves failed, with the check\'s numbers (SPEC §4.14)', () => {
        const d = decidePublication(report({
            publishable: false,
            checks: [
                { name: 'SOLVENT', passed: true, blocking: true, detail: 'P=1 S=1' },
                { name: 'RESERVES', passed: false, blocking: true, detail: 'holdings 8 KSM < owed 9 KSM' },
                { name: 'SHARE_SUPPLY', passed: false, blocking: true, detail: 'on-chain supply 6 shares ≠ claims 5 − burns 0 = 5' },
                { name: 'EVENTS_MATCH_STATE', passed: false, blocking: false, detail: '1 difference' },
            ],
        }), { ratio: 10n ** 18n })
        expect(d).toEqual({ publish: false, reasons: [
            'check RESERVES failed: holdings 8 KSM < owed 9 KSM', 'check SHARE_SUPPLY failed: on-chain supply 6 shares ≠ claims 5 − burns 0 = 5',
        ] })
    })

    it('refuses a report that carries no proof of reserves, unless the operator allows it', () => {
        const bare = report({ checks: [{ name: 'SOLVENT', passed: true, blocking: true, detail: 'P=1 S=1' }] })
        expect(decidePublication(bare, { ratio: 10n ** 18n })).toEqual({ publish: false, reasons: [
            'report 2026-01-06 carries no proof of reserves (no RESERVES, SHARE_SUPPLY check): the oracle ran without chain readers',
        ] })
        expect(decidePublication(bare, { ratio: 10n ** 18n }, { allowWithoutReserves: true }).publish).toBe(true)
    })

    it('refuses a malformed ratio', () => {
        expect(decidePublication(report({ ratio: '0' }), { ratio: 1n }).reasons).toEqual(['report 2026-01-06 has no valid ratio (0)'])
        expect(decidePublication(report({ ratio: '-5' }), { ratio: 1n }).publish).toBe(false)
    })
})
