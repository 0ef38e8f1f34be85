import { planck, ratio } from '../../src/domain/units'
import { QueueReport } from '../../src/oracle/core'
import { OracleMetrics } from '../../src/oracle/worker/metrics'
import { Progress } from '../../src/oracle/worker/worker'

/** What an operator scrapes from the oracle worker, after two passes. */
const T = Date.UTC(2026, 0, 5)
const KSM = 10n ** 12n

function progress(loaded: number, live: Partial<QueueReport> | null, kusamaTime: number | null): Progress {
    return {
        finality: { kusama: { height: 10, time: kusamaTime }, ethereum: { height: 5, time: T - 60_000 }, watermark: kusamaTime },
        closed: [],
        live: live as QueueReport | null,
        loaded,
    }
}

const value = (text: string, name: string) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
    if (!m) throw new Error(`${name} missing from\n${text}`)
    return Number(m[1])
}

test('gauges follow the latest pass; events read add up over passes', async () => {
    const m = new OracleMetrics()
    const live = { pendingOwed: planck(12n * KSM + KSM / 2n), overdueCount: 3, toUnbond: planck(2n * KSM) }
    // a start reads the whole history; the next pass only what finalized since
    m.update(progress(1_000, live, T - 30_000), { ratio: ratio(950_000_000_000_000_000n), publishable: true }, T)
    m.update(progress(7, null, T - 6_000), null, T)
    const text = await m.registry.metrics()
    expect(value(text, 'oracle_events_read_total')).toBe(1_007)
    expect(value(text, 'oracle_latest_ratio')).toBe(0.95)
    expect(value(text, 'oracle_latest_publishable')).toBe(1)
    // a pass without a live queue (nothing moved) leaves the last figures
    expect(value(text, 'oracle_pending_owed_ksm')).toBe(12.5)
    expect(value(text, 'oracle_overdue_requests')).toBe(3)
    expect(value(text, 'oracle_to_unbond_ksm')).toBe(2)
    expect(value(text, 'oracle_chain_lag_seconds\\{chain="kusama"\\}')).toBe(6)
    expect(value(text, 'oracle_chain_lag_seconds\\{chain="ethereum"\\}')).toBe(60)
})

test("a two-part profile's Asset Hub has its own lag sample (SPEC §4.13); none while its processor has not run", async () => {
    const m = new OracleMetrics()
    const two = progress(0, null, T - 6_000)
    m.update({ ...two, finality: { ...two.finality, assetHub: { height: -1, time: null } } }, null, T)
    expect(await m.registry.metrics()).not.toMatch(/chain="kusama-asset-hub"/)
    m.update({ ...two, finality: { ...two.finality, assetHub: { height: 11_150_200, time: T - 12_000 } } }, null, T)
    const text = await m.registry.metrics()
    expect(value(text, 'oracle_chain_lag_seconds\\{chain="kusama-asset-hub"\\}')).toBe(12)
    expect(value(text, 'oracle_chain_lag_seconds\\{chain="kusama"\\}')).toBe(6)
})

test('a chain with no finalized head yet has no lag sample', async () => {
    const m = new OracleMetrics()
    m.update(progress(0, null, null), null, T)
    const text = await m.registry.metrics()
    expect(text).not.toMatch(/chain="kusama"/)
    expect(value(text, 'oracle_chain_lag_seconds\\{chain="ethereum"\\}')).toBe(60)
    expect(value(text, 'oracle_events_read_total')).toBe(0)
})

test('proof of reserves gauges: holdings, liabilities and margin of the latest report, in KSM (SPEC §4.14)', async () => {
    const m = new OracleMetrics()
    const reserves = { holdingsPlanck: planck(100_049_500_000_000n), liabilities: { totalPlanck: planck(100_049_000_000_000n) }, marginPlanck: planck(500_000_000n) }
    m.update(progress(1, null, T), { ratio: ratio(10n ** 18n), publishable: true, reserves: reserves as any }, T)
    const text = await m.registry.metrics()
    expect(value(text, 'oracle_reserves_holdings_ksm')).toBe(100.0495)
    expect(value(text, 'oracle_reserves_liabilities_ksm')).toBe(100.049)
    expect(value(text, 'oracle_reserves_margin_ksm')).toBe(0.0005)
})
