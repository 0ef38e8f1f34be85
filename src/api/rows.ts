import type { EntityManager } from 'typeorm'
import { FinalizedHeights, finalizedHeights as processorHeights } from '../db/processor-status'
import { RatioReportView, UnstakeRequestView } from './views'
import { reservesView } from './reserves-views'

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

/** The stored report is read from its canonical JSON (what `verify` checks), so a new report field needs no column list here. */
export const REPORT_COLUMNS = 'canonical'

export function reportView(r: { canonical: string }): RatioReportView {
    const c = JSON.parse(r.canonical)
    return {
        ...c, period: c.label, periodStart: new Date(c.periodStart), periodEnd: new Date(c.periodEnd),
        firstEventId: c.firstEventId ?? undefined, lastEventId: c.lastEventId ?? undefined,
        reserves: c.reserves ? reservesView(c.reserves) : undefined,
    }
}

/** Each processor's finalized height (-1 before its first batch). */
export function finalizedHeights(em: EntityManager): Promise<FinalizedHeights> {
    return processorHeights((sql, params) => em.query(sql, params))
}
