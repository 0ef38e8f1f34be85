import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql'
import type { EntityManager } from 'typeorm'
import { entityTable } from '../db/entity-rows'
import { FinalizedHeights, finalizedHeights as processorHeights } from '../db/processor-status'
import { PeriodReport } from '../model'
import { EtaReason, etaAt } from '../oracle/shared-rules'
import { RatioReportView, UnstakeRequestView } from './views'
import { reservesView } from './reserves-views'

/** Row → view mappings and reads shared by the resolvers (the API only reads). */
export type Tx = () => Promise<EntityManager>

/**
 * The live watermark is read in the same statement as the requests (one snapshot): the table holds
 * each ETA in its stored form, which means an ETA only at the watermark of the pass that wrote it.
 */
export const UNSTAKE_COLUMNS = `id, eth_account, recipient, shares, owed_planck, paid_planck, status, overdue, requested_at, paid_at, eta, eta_reason,
    (SELECT watermark FROM queue_report WHERE id = 'live') AS live_watermark`

export function unstakeView(r: any): UnstakeRequestView {
    return {
        id: r.id, ethAccount: r.eth_account, recipient: r.recipient ?? undefined, shares: String(r.shares),
        owedPlanck: String(r.owed_planck), paidPlanck: String(r.paid_planck), status: r.status, overdue: r.overdue,
        requestedAt: new Date(r.requested_at), paidAt: r.paid_at ? new Date(r.paid_at) : undefined,
        eta: etaOf(r), etaReason: r.eta_reason ?? undefined,
    }
}

/** the ETA of a pending request at the live watermark (the rule: src/oracle/core/eta.ts) */
function etaOf(r: { eta: Date | null; eta_reason: EtaReason | null; live_watermark: Date | null }): Date | undefined {
    if (r.eta_reason == null || r.live_watermark == null) return r.eta ? new Date(r.eta) : undefined
    return new Date(etaAt(r.eta ? new Date(r.eta).getTime() : null, r.eta_reason, new Date(r.live_watermark).getTime()))
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

/**
 * How to read the report fields a GraphQL query selects. period_report holds each report field in a column of
 * its own beside `canonical` (storePeriod writes both from the same report object): when every selected field
 * has its column, only those columns are read — a list of reports then neither reads nor parses each report's
 * whole canonical JSON (tens of kB with its proof-of-reserves section) to answer a few fields, which made
 * `ratioReports` over a year cost ~0.3 s of the API's one thread (bench/api). Any other selection reads
 * `canonical`, as reportView does. Columns come from the model's metadata (db/entity-rows.ts), not a list here.
 */
export function reportRead(info: GraphQLResolveInfo): { columns: string; view: (row: any) => RatioReportView } {
    const columns: [field: string, column: string][] = []
    for (const field of selectedFields(info)) {
        if (field === '__typename') continue
        // the served `period` is the label, the table's id (its own `period` column is the period's number)
        const column = REPORT_COLUMN_OF.get(field === 'period' ? 'id' : field)
        if (!column) return { columns: REPORT_COLUMNS, view: reportView }
        columns.push([field, column])
    }
    if (columns.length === 0) return { columns: REPORT_COLUMNS, view: reportView }
    return {
        // unaliased: the statements' ORDER BY period must still name the table's column
        columns: columns.map(([, c]) => `"${c}"`).join(', '),
        view: row => {
            const v: any = {}
            for (const [f, c] of columns) {
                const x = row[c]
                v[f] = x == null ? undefined : f === 'reserves' ? reservesView(x) : x
            }
            return v
        },
    }
}

const REPORT_COLUMN_OF = new Map(entityTable(PeriodReport).columns.filter(c => c.property !== 'canonical').map(c => [c.property, c.column]))

/** the names of the fields selected on a resolver's result, through fragments */
function selectedFields(info: GraphQLResolveInfo): Set<string> {
    const out = new Set<string>()
    const visit = (set: SelectionSetNode | undefined) => {
        for (const s of set?.selections ?? []) {
            if (s.kind === 'Field') out.add(s.name.value)
            else if (s.kind === 'InlineFragment') visit(s.selectionSet)
            else visit(info.fragments[s.name.value]?.selectionSet)
        }
    }
    for (const n of info.fieldNodes) visit(n.selectionSet)
    return out
}

/** Each processor's finalized height (-1 before its first batch). */
export function finalizedHeights(em: EntityManager): Promise<FinalizedHeights> {
    return processorHeights((sql, params) => em.query(sql, params))
}
