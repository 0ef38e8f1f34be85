import type { EntityManager } from 'typeorm'
import { finalizedHeights as processorHeights } from '../db/processor-status'
import { RatioReportView, UnstakeRequestView } from './views'

/** Row → view mappings and reads shared by the resolvers (the API only reads). */
export type Tx = () => Promise<EntityManager>

export const UNSTAKE_COLUMNS = 'id, eth_account, recipient, shares, owed_planck, paid_planck, status, overdue, requested_at, paid_at, eta, eta_reason'

export function unstakeView(r: any): UnstakeRequestView {
    return {
        id: r.id, ethAccount: r.eth_account, recipient: r.recipient ?? undefined, shares: String(r.shares),
        owedPlanck: String(r.owed_planck), paidPlanck: String(r.paid_planck), status: r.status, overdue: r.overdue,
        requestedAt: new Date(r.requested_at), paidAt: r.paid_at ? new Date(r.paid_at) : undefined,
        eta: r.eta ? new Date(r.eta) : undefined, etaReason: r.eta_reason ?? undefined,
    }
}

export const REPORT_COLUMNS = `id, period_start, period_end, ratio, prev_ratio, onchain_ratio, total_shares, pooled_value, credited_planck,
    credited_shares, gross_reward_planck, fee_planck, net_reward_planck, slashed_planck, burned_shares, owed_planck, apr, publishable,
    checks, inputs_hash, credited_count, below_minimum_count, reward_count, slash_count, burn_count, event_count, first_event_id, last_event_id`

export function reportView(r: any): RatioReportView {
    return {
        period: r.id, periodStart: new Date(r.period_start), periodEnd: new Date(r.period_end), ratio: String(r.ratio),
        totalShares: String(r.total_shares), pooledValue: String(r.pooled_value), creditedPlanck: String(r.credited_planck),
        creditedShares: String(r.credited_shares), grossRewardPlanck: String(r.gross_reward_planck), feePlanck: String(r.fee_planck),
        netRewardPlanck: String(r.net_reward_planck), slashedPlanck: String(r.slashed_planck), burnedShares: String(r.burned_shares),
        owedPlanck: String(r.owed_planck), apr: r.apr, publishable: r.publishable, checks: r.checks, inputsHash: r.inputs_hash,
        prevRatio: String(r.prev_ratio), onchainRatio: String(r.onchain_ratio), creditedCount: r.credited_count,
        belowMinimumCount: r.below_minimum_count, rewardCount: r.reward_count, slashCount: r.slash_count, burnCount: r.burn_count,
        eventCount: r.event_count, firstEventId: r.first_event_id ?? undefined, lastEventId: r.last_event_id ?? undefined,
    }
}

/** Each processor's finalized height (-1 before its first batch). */
export function finalizedHeights(em: EntityManager): Promise<{ kusama: number; ethereum: number }> {
    return processorHeights((sql, params) => em.query(sql, params))
}
