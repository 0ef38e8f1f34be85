/**
 * Unstake queue: the operator's liquidity figures (free / unbonding / refundable / toUnbond), every
 * request not yet paid with owed, paid, status, ETA and its reason (overdue ones highlighted), the paid
 * ones, and how far the ETA first shown was from when each request was paid.
 */
import * as Plot from '@observablehq/plot'
import { chart } from '../chart'
import { Column, el, errorText, section, setState, table, tile } from '../dom'
import { approx, etaError, ksm, utc } from '../format'
import { gql } from '../graphql'

export const QUEUE_QUERY = `{
  unstakeQueue(limit: 1000) { watermark pendingOwedPlanck freePlanck refundablePlanck unbondingPlanck toUnbondPlanck overdueCount requestCount
    requests { id ethAccount recipient owedPlanck paidPlanck status overdue requestedAt paidAt eta etaReason } }
  etaAccuracy(limit: 1000) { paidCount measuredCount medianErrorSeconds worstErrorSeconds lateCount requests { id requestedAt firstEta paidAt errorSeconds } }
}`

const REASONS: Record<string, string> = {
    LIQUID: 'free balance covers it',
    UNBONDING: 'paid when an unbonding chunk unlocks',
    NEEDS_UNBOND: 'the operator must unbond (28 eras)',
}

const short = (id: string | null | undefined) => !id ? '—' : id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-6)}` : id
const accountLink = (address: string | null | undefined) => address ? `#/account?${new URLSearchParams({ address })}` : undefined

export const PENDING_COLUMNS: Column<any>[] = [
    { header: 'Requested (UTC)', cell: r => utc(r.requestedAt), className: 'time' },
    { header: 'Request', cell: r => short(r.id) },
    { header: 'Recipient', cell: r => r.recipient ? short(r.recipient) : 'invalid (review)', link: r => accountLink(r.recipient) },
    { header: 'Owed KSM', cell: r => ksm(r.owedPlanck), className: 'num' },
    { header: 'Paid KSM', cell: r => ksm(r.paidPlanck), className: 'num' },
    { header: 'Status', cell: r => r.status },
    { header: 'ETA (UTC)', cell: r => utc(r.eta), className: 'time' },
    { header: 'Reason', cell: r => r.etaReason ? `${r.etaReason}: ${REASONS[r.etaReason] ?? ''}` : '—' },
    { header: 'Overdue', cell: r => r.overdue ? 'OVERDUE' : 'no' },
]

export const PAID_COLUMNS: Column<any>[] = [
    { header: 'Requested (UTC)', cell: r => utc(r.requestedAt), className: 'time' },
    { header: 'Request', cell: r => short(r.id) },
    { header: 'Recipient', cell: r => short(r.recipient), link: r => accountLink(r.recipient) },
    { header: 'Owed KSM', cell: r => ksm(r.owedPlanck), className: 'num' },
    { header: 'Paid at (UTC)', cell: r => utc(r.paidAt), className: 'time' },
    { header: 'On time', cell: r => r.overdue ? 'no: paid after its deadline' : 'yes' },
]

export const ACCURACY_COLUMNS: Column<any>[] = [
    { header: 'Request', cell: r => short(r.id) },
    { header: 'First ETA shown (UTC)', cell: r => utc(r.firstEta), className: 'time' },
    { header: 'Paid at (UTC)', cell: r => utc(r.paidAt), className: 'time' },
    { header: 'Error', cell: r => etaError(r.errorSeconds) },
]

/** the title of a pending request's bar segment (paid or still owed) */
export function requestSegmentTitle(r: any, part: 'paid' | 'still owed'): string {
    const amount = part === 'paid' ? ksm(r.paidPlanck) : ksm((BigInt(r.owedPlanck) - BigInt(r.paidPlanck)).toString())
    const eta = r.eta ? `ETA ${utc(r.eta)} UTC (${r.etaReason})` : 'no ETA'
    return `${short(r.id)} · ${part} ${amount} KSM of ${ksm(r.owedPlanck)} · ${eta}${r.overdue ? ' · OVERDUE' : ''}`
}

export async function renderQueue(page: HTMLElement): Promise<void> {
    setState(page, 'loading', 'Loading the unstake queue…')
    let data: any
    try {
        data = await gql(QUEUE_QUERY)
    } catch (e) {
        return setState(page, 'error', errorText('the unstake queue', e))
    }
    const q = data.unstakeQueue
    const pending = q.requests.filter((r: any) => r.status !== 'PAID')
    const paid = q.requests.filter((r: any) => r.status === 'PAID')
    page.replaceChildren(
        liquiditySection(q),
        section(`Pending requests (${pending.length})`, pending.length
            ? el('div', {}, pendingChart(pending), table('pending-table', PENDING_COLUMNS, pending, r => r.overdue ? 'overdue' : undefined))
            : el('p', { class: 'state state-empty', 'data-testid': 'no-pending' }, 'No request is waiting: every unstake request has been paid.')),
        section(`Paid requests (${paid.length})`, paid.length
            ? table('paid-table', PAID_COLUMNS, paid, r => r.overdue ? 'overdue' : undefined)
            : el('p', { class: 'state state-empty' }, 'No request has been paid yet.')),
        accuracySection(data.etaAccuracy))
    setState(page, 'ready')
}

function liquiditySection(q: any): HTMLElement {
    return section(`Liquidity at ${utc(q.watermark)} UTC`,
        el('div', { class: 'tiles' },
            tile('To unbond', `${ksm(q.toUnbondPlanck)} KSM`, 'q-to-unbond', 'max(0, pending owed − free − unbonding)'),
            tile('Pending owed', `${ksm(q.pendingOwedPlanck)} KSM`, 'q-pending-owed'),
            tile('Free', `${ksm(q.freePlanck)} KSM`, 'q-free', 'free balance less refundable'),
            tile('Unbonding', `${ksm(q.unbondingPlanck)} KSM`, 'q-unbonding'),
            tile('Refundable', `${ksm(q.refundablePlanck)} KSM`, 'q-refundable', 'owed back to below-minimum and held depositors'),
            tile('Overdue', `${q.overdueCount} of ${q.requestCount}`, 'q-overdue')))
}

/** each pending request as one bar: what was paid and what is still owed, overdue ones outlined in red */
function pendingChart(pending: any[]): HTMLElement {
    const segments = pending.flatMap(r => (['paid', 'still owed'] as const).map(part => ({
        request: short(r.id), part, overdue: r.overdue, title: requestSegmentTitle(r, part),
        ksm: approx(part === 'paid' ? ksm(r.paidPlanck) : ksm((BigInt(r.owedPlanck) - BigInt(r.paidPlanck)).toString())),
    })))
    return chart('pending-chart', 'Each pending request, oldest first: paid so far and still owed (KSM); overdue requests are outlined in red.', () => ({
        x: { type: 'band', label: null, domain: pending.map(r => short(r.id)), padding: 0.4 },
        y: { label: 'KSM', grid: true },
        color: { legend: true, domain: ['paid', 'still owed'], range: ['#2e7d32', '#1f5fa8'] },
        marks: [
            Plot.barY(segments, Plot.stackY({ x: 'request', y: 'ksm', fill: 'part', stroke: (d: any) => d.overdue ? '#c62828' : 'none', strokeWidth: 2, title: 'title', order: ['paid', 'still owed'] })),
            Plot.ruleY([0]),
        ],
    }))
}

function accuracySection(a: any): HTMLElement {
    const measured = a.measuredCount > 0
    return section('ETA accuracy',
        el('div', { class: 'tiles' },
            tile('Paid requests', String(a.paidCount), 'acc-paid'),
            tile('Measured', String(a.measuredCount), 'acc-measured', 'paid requests that were shown an ETA first'),
            tile('Median error', measured ? etaError(a.medianErrorSeconds) : '—', 'acc-median', 'paid time − first ETA shown'),
            tile('Worst error', measured ? etaError(a.worstErrorSeconds) : '—', 'acc-worst'),
            tile('Paid late', measured ? `${a.lateCount} of ${a.measuredCount}` : '—', 'acc-late')),
        measured
            ? table('accuracy-table', ACCURACY_COLUMNS, a.requests)
            : el('p', { class: 'state state-empty', 'data-testid': 'acc-empty' }, a.paidCount
                ? 'No paid request was shown an ETA before it was paid, so there is nothing to measure yet.'
                : 'No request has been paid yet, so there is no ETA to compare.'))
}
