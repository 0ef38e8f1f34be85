/**
 * SPEC §4.14 in the core, with hand-computed numbers. One day of a pool:
 *   alice deposits 100 KSM; 60 swept to STASH0 and bonded; 10 unbonded at era 100 (unlocks at 128);
 *   a 0.05 KSM Staked reward (fee 2 % = 0.001 KSM); 30 shares claimed on Ethereum, 5 burned (owed 5 KSM);
 *   the deposit address pays a 0.0005 KSM transaction fee.
 * Events' view at the end: DEPOSIT free 39.9995 KSM; STASH0 bonded 50.05, unlocking {128: 10}, total 60.05.
 * Report: S = 95e18, P = 100 + 0.049 − 5 = 95.049 KSM. Liabilities 95.049 + 5 (queue) + 0 = 100.049 KSM.
 * Holdings 100.0495 KSM, margin 0.0005 KSM = fees 0.001 − transaction fees 0.0005.
 */
import { createHash } from 'crypto'
import { planck, shares } from '../../src/domain/units'
import { ClaimEvent, DomainEvent, replayReports, ReservesReadings } from '../../src/oracle/core'
import { burn, DAY0, DEPOSIT_ADDR, deposit, E18, fee, HOUR, KSM, P0, reward, SETTINGS, staking, STASH, transfer, DAY } from './helpers'

const MICRO = KSM / 1_000_000n
const claim = (id: string, timestamp: number, s: bigint): ClaimEvent =>
    ({ type: 'Claim', id, timestamp, chain: 'ethereum', height: 0, index: 0, account: '0xeth', shares: shares(s) })

const EVENTS: DomainEvent[] = [
    deposit('d1', DAY0 + 1 * HOUR, 'alice', 100n * KSM),
    transfer('t1', DAY0 + 2 * HOUR, 'INTERNAL', DEPOSIT_ADDR, STASH, 60n * KSM),
    staking('b1', DAY0 + 3 * HOUR, 'BONDED', 60n * KSM, 100),
    staking('u1', DAY0 + 4 * HOUR, 'UNBONDED', 10n * KSM, 100),
    reward('r1', DAY0 + 5 * HOUR, 50_000n * MICRO),
    claim('c1', DAY0 + 6 * HOUR, 30n * E18),
    burn('x1', DAY0 + 7 * HOUR, 5n * E18, 5n * KSM),
    fee('f1', DAY0 + 8 * HOUR, DEPOSIT_ADDR, 500n * MICRO),
]
const POOL = { poolAccounts: [DEPOSIT_ADDR, STASH] }

/** storage as the relay chain keeps it: the staking lock leaves bonded funds in `free` */
function readings(over: { depositFree?: bigint; supply?: bigint } = {}): ReservesReadings {
    const p = planck
    return {
        kusama: {
            height: 40, hash: '0xk', timestamp: DAY0 + DAY - 6000, accounts: [
                { account: DEPOSIT_ADDR, free: p(over.depositFree ?? 39_999_500n * MICRO), reserved: p(0n), frozen: p(0n), ledger: null },
                { account: STASH, free: p(60_050_000n * MICRO), reserved: p(0n), frozen: p(60_050_000n * MICRO),
                    ledger: { total: p(60_050_000n * MICRO), active: p(50_050_000n * MICRO), unlocking: [{ era: 128, value: p(10n * KSM) }] } },
            ],
        },
        ethereum: { height: 20, hash: '0xe', timestamp: DAY0 + DAY - 12000, totalSharesSupply: shares(over.supply ?? 25n * E18) },
        digest: 'd'.repeat(64),
    }
}

function close(r: ReservesReadings) {
    const [period] = replayReports(EVENTS, SETTINGS, POOL, DAY0 + DAY, D => (D === P0 ? r : undefined))
    return period.report
}
const check = (report: ReturnType<typeof close>, name: string) => report.checks.find(c => c.name === name)!

describe('proof of reserves in the core (SPEC §4.14)', () => {
    it('storage that matches the events: holdings, liabilities and margin with their numbers, every check passed', () => {
        const report = close(readings())
        const r = report.reserves!
        expect(r.holdingsPlanck).toBe(100_049_500n * MICRO)
        expect(r.liabilities).toEqual({ pooledPlanck: 95_049_000n * MICRO, pendingOwedPlanck: 5n * KSM, refundablePlanck: 0n, totalPlanck: 100_049_000n * MICRO })
        expect(r.marginPlanck).toBe(500n * MICRO)
        expect([r.feesAccruedPlanck, r.txFeesPaidPlanck]).toEqual([1000n * MICRO, 500n * MICRO])
        expect(r.ethereum).toMatchObject({ claimedShares: 30n * E18, burnedShares: 5n * E18, eventsShares: 25n * E18, totalSharesSupply: 25n * E18 })
        expect(r.kusama.accounts.map(a => a.differences)).toEqual([[], []])
        expect(check(report, 'RESERVES')).toEqual({
            name: 'RESERVES', passed: true, blocking: true,
            detail: 'holdings 100.0495 KSM ≥ owed 100.049 KSM (pool value 95.049 KSM + unstake requests 5 KSM + refunds 0 KSM); '
                + 'margin 0.0005 KSM (reward fees 0.001 KSM − transaction fees 0.0005 KSM = 0.0005 KSM) at Kusama block 40',
        })
        expect(check(report, 'SHARE_SUPPLY').detail).toBe('on-chain supply 25 shares = claims 30 − burns 5 = 25 at Ethereum block 20')
        expect(check(report, 'EVENTS_MATCH_STATE')).toEqual({
            name: 'EVENTS_MATCH_STATE', passed: true, blocking: false, detail: '2 pool accounts: storage equals events at Kusama block 40',
        })
        expect(report.publishable).toBe(true)
    })

    it('a balance no event explains fails EVENTS_MATCH_STATE for that account and amount (a warning)', () => {
        const report = close(readings({ depositFree: 39_999_500n * MICRO + 2n * KSM }))
        expect(check(report, 'EVENTS_MATCH_STATE')).toEqual({
            name: 'EVENTS_MATCH_STATE', passed: false, blocking: false,
            detail: `1 difference(s) at Kusama block 40: ${DEPOSIT_ADDR}: balance storage 41.9995 KSM, events 39.9995 KSM (+2 KSM unexplained)`,
        })
        expect(report.publishable).toBe(true)
    })

    it('planck missing from the pool fails RESERVES, which blocks publication', () => {
        const report = close(readings({ depositFree: 39_999_500n * MICRO - 30_000n * MICRO }))
        const c = check(report, 'RESERVES')
        expect(c.passed).toBe(false)
        expect(c.detail).toMatch(/^holdings 100\.0195 KSM < owed 100\.049 KSM .*; margin −0\.0295 KSM /)
        expect(report.publishable).toBe(false)
    })

    it('shares minted without an event fail SHARE_SUPPLY (blocking)', () => {
        const report = close(readings({ supply: 26n * E18 }))
        expect(check(report, 'SHARE_SUPPLY')).toEqual({
            name: 'SHARE_SUPPLY', passed: false, blocking: true,
            detail: 'on-chain supply 26 shares ≠ claims 30 − burns 5 = 25 at Ethereum block 20 (+1 shares no event explains)',
        })
        expect(report.publishable).toBe(false)
    })

    it('the readings are covered by inputsHash: sha256(events hash + "\\n" + readings digest)', () => {
        const [bare] = replayReports(EVENTS, SETTINGS, POOL, DAY0 + DAY)
        const eventsHash = createHash('sha256').update(['b1', 'd1', 'r1', 'x1'].sort().join('\n')).digest('hex')
        // only the ledger events (deposit, reward, burn) are hashed: b1 is not one of them
        const ledgerHash = createHash('sha256').update(['d1', 'r1', 'x1'].join('\n')).digest('hex')
        expect(bare.report.inputsHash).toBe(ledgerHash)
        expect(bare.report.inputsHash).not.toBe(eventsHash)
        expect(bare.report.reserves).toBeUndefined()
        expect(close(readings()).inputsHash).toBe(createHash('sha256').update(`${ledgerHash}\n${'d'.repeat(64)}`).digest('hex'))
    })
})
