import { ClientBase } from 'pg'
import { insertEntities, upsertEntities } from '../../db/entity-rows'
import { DepositOutcome as DepositOutcomeRow, PeriodReport, QueueReport as QueueReportRow } from '../../model'
import { ONE_RATIO, ratio } from '../../domain/units'
import { CreditBasis, DepositState, periodStateFrom, PeriodResult, PeriodState, QueueReportTotals, serializeReport } from '../core'
import { depositRow, queueReportRow } from './oracle-rows'

export { LiveQueueWriter } from './live-queue-writer'
export type { LiveState } from './live-queue-writer'

/**
 * The oracle's tables (schema.graphql, "Oracle" section), written through the model's metadata
 * (src/db/entity-rows.ts). A period's report, its queue report and its deposits' outcomes are
 * written together, once; the live tables (the queue, and the deposit outcomes that can still
 * change) are written by the LiveQueueWriter (live-queue-writer.ts).
 */
export async function lastStoredState(db: ClientBase): Promise<PeriodState | null> {
    const res = await db.query(
        'SELECT period, ratio, total_shares, pooled_value, onchain_ratio, onchain_ratio_id, insolvent FROM period_report ORDER BY period DESC LIMIT 1')
    const r = res.rows[0]
    if (!r) return null
    return periodStateFrom({
        period: r.period, ratio: BigInt(r.ratio), totalShares: BigInt(r.total_shares), pooledValue: BigInt(r.pooled_value),
        onchainRatio: BigInt(r.onchain_ratio), onchainRatioId: r.onchain_ratio_id, insolvent: r.insolvent,
    })
}

/** Every stored report as the basis of the next period's deposits, and the genesis basis before the first. */
export async function storedBases(db: ClientBase): Promise<CreditBasis[]> {
    const res = await db.query('SELECT period, ratio::text AS ratio, insolvent FROM period_report ORDER BY period')
    const bases: CreditBasis[] = res.rows.map(r => ({ period: r.period, ratio: ratio(BigInt(r.ratio)), insolvent: r.insolvent }))
    if (bases.length > 0) bases.unshift({ period: bases[0].period - 1, ratio: ONE_RATIO, insolvent: false })
    return bases
}

/** `deposits`: the period's deposits with the refunds seen up to its end (some may be stored already, decided early). */
export async function storePeriod(db: ClientBase, result: PeriodResult, queue: QueueReportTotals, deposits: readonly DepositState[]): Promise<void> {
    const r = result.report
    const canonical = serializeReport(r)
    // the JSON column holds the section exactly as the canonical report has it (bigints as strings)
    const reserves = r.reserves ? JSON.parse(canonical).reserves : null
    await insertEntities(db, PeriodReport, [{ ...r, id: r.label, canonical, reserves }])
    await insertEntities(db, QueueReportRow, [queueReportRow(r.label, queue)])
    await upsertEntities(db, DepositOutcomeRow, deposits.map(depositRow))
}

