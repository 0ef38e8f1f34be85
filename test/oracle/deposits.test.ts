/**
 * SPEC §4.1, §4.3, §4.5 decided by the core: deposit status and credit, HELD after an insolvent
 * report, refunds, and a burn's terms from its facts. Expected values are written out by hand.
 */
import { encodeSs58Payload } from '../../src/domain/recipient'
import { decodeAnySs58, encodeKusamaAddress } from '../../src/domain/kusama-address'
import { bond, ONE_RATIO, ratio, shares } from '../../src/domain/units'
import { buildQueueReport, burnEvent, computeReport, decideDeposit, genesisState, replayPeriods, replayPool } from '../../src/oracle/core'
import { burn, DAY, DAY0, deposit, E18, HOUR, KSM, outflow, P0, SETTINGS, slash } from './helpers'

const POOL = { poolAccounts: ['DEPOSIT', 'STASH0'] }
const cKSM = KSM / 100n

describe('deposit status and credit (SPEC §4.1, §4.3)', () => {
    const solvent = { period: P0 - 1, ratio: ratio(1_250_000_000_000_000_000n), insolvent: false }
    const insolvent = { ...solvent, insolvent: true }

    test('at or above minStake: CREDITED at R_{D-1}, shares = floor(p·10^6·R/1e18)', () => {
        const d = decideDeposit(deposit('d', DAY0, 'alice', 10n * KSM), solvent, SETTINGS)
        // 10 KSM = 10^19 base units; · 1.25 = 1.25·10^19 shares
        expect(d).toMatchObject({ status: 'CREDITED', shares: 12_500_000_000_000_000_000n, ratio: solvent.ratio, period: P0 })
        // exactly minStake (0.1 KSM) is credited
        expect(decideDeposit(deposit('m', DAY0, 'alice', 10n * cKSM), solvent, SETTINGS).status).toBe('CREDITED')
    })

    test('below minStake: BELOW_MINIMUM, no shares; a profile minStake changes it', () => {
        const d = deposit('s', DAY0, 'bob', 10n * cKSM - 1n)
        expect(decideDeposit(d, solvent, SETTINGS)).toMatchObject({ status: 'BELOW_MINIMUM', shares: 0n })
        expect(decideDeposit(d, solvent, { ...SETTINGS, minStakePlanck: 5n * cKSM })).toMatchObject({ status: 'CREDITED', shares: 124_999_999_998_750_000n })   // (0.1 KSM − 1 planck)·10^6·1.25
    })

    test('report D-1 INSOLVENT: HELD, no shares; a small deposit stays BELOW_MINIMUM', () => {
        expect(decideDeposit(deposit('h', DAY0, 'erin', 5n * KSM), insolvent, SETTINGS)).toMatchObject({ status: 'HELD', shares: 0n })
        expect(decideDeposit(deposit('t', DAY0, 'erin', 1n), insolvent, SETTINGS).status).toBe('BELOW_MINIMUM')
    })

    test('refuses a basis that is not report D-1, and a negative amount', () => {
        expect(() => decideDeposit(deposit('d', DAY0 + DAY, 'a', KSM), solvent, SETTINGS)).toThrow(/needs report 20458/)
        expect(() => decideDeposit(deposit('n', DAY0, 'a', -1n), solvent, SETTINGS)).toThrow(/negative/)
    })

    test('a HELD deposit moves neither S nor P; the report counts it', () => {
        // day 0: 10 KSM credited; day 1: a 25 KSM slash makes P < 0 (INSOLVENT); day 2: 5 KSM HELD
        const events = [deposit('d0', DAY0 + HOUR, 'alice', 10n * KSM), slash('s1', DAY0 + DAY + HOUR, 25n * KSM), deposit('d2', DAY0 + 2 * DAY + HOUR, 'erin', 5n * KSM)]
        const [r0, r1, r2] = replayPeriods(events, SETTINGS, DAY0 + 3 * DAY)
        expect(r1.report.insolvent).toBe(true)
        expect(r2.deposits.map(d => [d.depositId, d.status, d.shares])).toEqual([['d2', 'HELD', 0n]])
        expect(r2.report).toMatchObject({ creditedPlanck: 0n, heldPlanck: 5n * KSM, heldCount: 1, totalShares: 10n * E18, pooledValue: -15n * E18 })
        expect(r0.next.insolvent).toBe(false)
        expect(r2.next.insolvent).toBe(true)
    })
})

describe('refunds (SPEC §4.1, §4.8, §4.9)', () => {
    const now = DAY0 + 2 * DAY
    const deposits = (events: Parameters<typeof replayPool>[0]) => replayPool(events, SETTINGS, POOL, now).deposits()

    test('an exact outflow to the sender after a BELOW_MINIMUM deposit refunds it and pays no request', () => {
        const events = [
            deposit('k1', DAY0 + HOUR, 'carol', 5n * cKSM),
            burn('0xb-0', DAY0 + 2 * HOUR, E18, 5n * cKSM, 'carol'),   // carol also has an unstake request of the same amount
            outflow('k2', DAY0 + 3 * HOUR, 'carol', 5n * cKSM),
        ]
        expect(deposits(events)).toMatchObject([{ depositId: 'k1', status: 'BELOW_MINIMUM', finalStatus: 'REFUNDED', refund: { outflowId: 'k2', timestamp: DAY0 + 3 * HOUR } }])
        const q = buildQueueReport(events, now, SETTINGS, POOL)
        expect(q.requests[0]).toMatchObject({ status: 'PENDING', paidPlanck: 0n })
        expect(q.allocations).toEqual([])
        expect(q.unmatchedOutflows).toEqual([])
        // 0.05 in, 0.05 back: nothing free, nothing refundable
        expect(q.refundable).toBe(0n)
        expect(q.free).toBe(0n)
    })

    test('an outflow before the deposit is not its refund (it pays or is unmatched); the deposit stays refundable', () => {
        const events = [outflow('k1', DAY0 + HOUR, 'dave', 7n * cKSM), deposit('k2', DAY0 + 2 * HOUR, 'dave', 7n * cKSM)]
        expect(deposits(events)).toMatchObject([{ depositId: 'k2', finalStatus: 'BELOW_MINIMUM', refund: null }])
        const q = buildQueueReport(events, now, SETTINGS, POOL)
        expect(q.unmatchedOutflows.map(o => [o.id, o.unmatchedPlanck])).toEqual([['k1', 7n * cKSM]])
        expect(q.refundable).toBe(7n * cKSM)
        // the deposit address holds 0 after both; free for requests is 0 − 0.07 refundable
        expect(q.free).toBe(-7n * cKSM)
    })

    test('the oldest unrefunded deposit of that sender and amount; another amount or a CREDITED deposit is no refund', () => {
        const events = [
            deposit('k1', DAY0 + HOUR, 'erin', 3n * cKSM),
            deposit('k2', DAY0 + 2 * HOUR, 'erin', 3n * cKSM),
            deposit('k3', DAY0 + 3 * HOUR, 'erin', 2n * KSM),   // CREDITED: never refundable
            outflow('k4', DAY0 + 4 * HOUR, 'erin', 3n * cKSM),
            outflow('k5', DAY0 + 5 * HOUR, 'erin', 2n * KSM),
            outflow('k6', DAY0 + 6 * HOUR, 'erin', 4n * cKSM),
        ]
        expect(deposits(events).map(d => [d.depositId, d.finalStatus, d.refund?.outflowId ?? null])).toEqual([
            ['k1', 'REFUNDED', 'k4'], ['k2', 'BELOW_MINIMUM', null], ['k3', 'CREDITED', null],
        ])
        const q = buildQueueReport(events, now, SETTINGS, POOL)
        expect(q.unmatchedOutflows.map(o => o.id)).toEqual(['k5', 'k6'])
        expect(q.refundable).toBe(3n * cKSM)
    })

    test('a HELD deposit is refunded like a BELOW_MINIMUM one', () => {
        const events = [
            deposit('d0', DAY0 + HOUR, 'alice', 10n * KSM),
            slash('s1', DAY0 + DAY + HOUR, 25n * KSM),
            deposit('d2', DAY0 + 2 * DAY + HOUR, 'erin', 5n * KSM),
            outflow('o2', DAY0 + 2 * DAY + 2 * HOUR, 'erin', 5n * KSM),
        ]
        const pool = replayPool(events, SETTINGS, POOL, DAY0 + 3 * DAY)
        expect(pool.deposits().map(d => [d.depositId, d.status, d.finalStatus])).toEqual([['d0', 'CREDITED', 'CREDITED'], ['d2', 'HELD', 'REFUNDED']])
        expect(pool.freeAndRefundable()).toEqual({ free: 10n * KSM, refundable: 0n })
    })
})

describe('a burn\'s terms from its facts (SPEC §4.5)', () => {
    const alice = encodeKusamaAddress('0x' + 'ab'.repeat(32))
    const key = decodeAnySs58(alice).publicKey
    const facts = { id: '0xt-1', timestamp: DAY0, chain: 'ethereum' as const, height: 1, index: 1, ethAccount: '0xe' }

    test('R1 owes its amount; R0 owes balance(shares, R_chain), floored to planck', () => {
        const r1 = burnEvent({ ...facts, revision: 'R1', shares: shares(8n * E18), amount: bond(10n * E18 + 999_999n), chainRatio: ratio(8n * E18 / 10n), recipientRaw: key })
        expect(r1).toMatchObject({ owedPlanck: 10n * KSM, recipient: alice, recipientStatus: 'VALID' })
        // R0: 10 shares at R = 0.8: ceil(10e18·1e18 / 0.8e18) = 12.5e18 aKSMb = 12.5 KSM
        const r0 = burnEvent({ ...facts, revision: 'R0', shares: shares(10n * E18), amount: null, chainRatio: ratio(8n * E18 / 10n), recipientRaw: key })
        expect(r0.owedPlanck).toBe(12_500_000_000_000n)
        expect(burnEvent({ ...facts, revision: 'R0', shares: shares(3n), amount: null, chainRatio: ONE_RATIO, recipientRaw: key }).owedPlanck).toBe(0n)
    })

    test('a 35-byte SS58 payload decodes to the same account; anything else is INVALID_RECIPIENT and still owed', () => {
        const payload = '0x' + Buffer.from(encodeSs58Payload(0x02, Buffer.from(key.slice(2), 'hex'))).toString('hex')
        expect(burnEvent({ ...facts, revision: 'R1', shares: shares(1n), amount: bond(KSM * 10n ** 6n), chainRatio: ONE_RATIO, recipientRaw: payload }).recipient).toBe(alice)
        const bad = burnEvent({ ...facts, revision: 'R1', shares: shares(1n), amount: bond(KSM * 10n ** 6n), chainRatio: ONE_RATIO, recipientRaw: '0x1234' })
        expect(bad).toMatchObject({ recipient: null, recipientStatus: 'INVALID_RECIPIENT', owedPlanck: KSM })
    })

    test('an R1 burn without its amount is refused loudly', () => {
        expect(() => burnEvent({ ...facts, revision: 'R1', shares: shares(1n), amount: null, chainRatio: ONE_RATIO, recipientRaw: key })).toThrow(/without its aKSMb amount/)
    })
})

describe('canonical order is chain order (SPEC §3)', () => {
    test('two RatioUpdates of one block: the later log wins, whatever their transaction hashes', () => {
        const at = DAY0 + HOUR
        const ru = (id: string, index: number, r: bigint) => ({ type: 'RatioUpdate' as const, id, timestamp: at, chain: 'ethereum' as const, height: 7, index, ratio: ratio(r) })
        // the later log (index 3) has the smaller id: id order would pick the wrong one
        const events = [deposit('d', DAY0, 'a', KSM), ru('0xff-1', 1, 9n * E18 / 10n), ru('0x00-3', 3, 8n * E18 / 10n)]
        const [r] = replayPeriods(events, SETTINGS, DAY0 + DAY)
        expect(r.report.onchainRatio).toBe(8n * E18 / 10n)
        expect(r.report.onchainRatioId).toBe('0x00-3')
        expect(computeReport(genesisState(P0, SETTINGS.periodSeconds), [...events].reverse(), SETTINGS).report.onchainRatioId).toBe('0x00-3')
    })
})
