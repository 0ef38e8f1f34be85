/** Ratio & APR: the reported ratio and the APR per period over a range, unpublishable periods marked, the on-chain ratio overlaid. */
import * as Plot from '@observablehq/plot'
import { chart, dayTicks } from '../chart'
import { el, errorText, section, setState, table } from '../dom'
import { approx, percent, ratio } from '../format'
import { gql } from '../graphql'
import { describeRange, rangeForm, rangeOf } from '../range'

export const RATIO_QUERY = `query ($from: String, $to: String) {
  ratioReports(from: $from, to: $to, limit: 1000) { period periodStart ratio onchainRatio apr publishable checks { name passed blocking } }
}`

export function ratioTitle(r: any): string {
    return `${r.period} · report ratio ${ratio(r.ratio)}${r.publishable ? '' : ' · NOT publishable'}`
}

export function onchainTitle(r: any): string {
    return `${r.period} · on-chain ratio at the period's end ${ratio(r.onchainRatio)}`
}

export function aprTitle(r: any): string {
    return `${r.period} · APR ${percent(r.apr)}${r.publishable ? '' : ' · NOT publishable'}`
}

export async function renderRatio(page: HTMLElement, params: URLSearchParams): Promise<void> {
    setState(page, 'loading', 'Loading the reports…')
    const range = rangeOf(params)
    let reports: any[]
    try {
        reports = (await gql(RATIO_QUERY, { from: range.from ?? null, to: range.to ?? null })).ratioReports
    } catch (e) {
        return setState(page, 'error', errorText('the reports', e))
    }
    const head = el('div', { class: 'controls' }, rangeForm('ratio', params))
    if (reports.length === 0) {
        page.replaceChildren(head, el('p', { class: 'state state-empty', 'data-testid': 'empty' }, `No period has closed yet in ${describeRange(range)}.`))
        return void (page.dataset.state = 'empty')
    }
    page.replaceChildren(head, ratioSection(reports), aprSection(reports), tableSection(reports))
    setState(page, 'ready')
}

function ratioSection(reports: any[]): HTMLElement {
    const at = (r: any) => new Date(r.periodStart)
    const series = reports.flatMap(r => [
        { at: at(r), value: approx(ratio(r.ratio)), series: 'report ratio', title: ratioTitle(r) },
        { at: at(r), value: approx(ratio(r.onchainRatio)), series: 'on-chain ratio', title: onchainTitle(r) },
    ])
    const unpublishable = reports.filter(r => !r.publishable)
    return section('Ratio per period',
        chart('ratio-chart', 'Shares per aKSMb at each period (report) and on chain at its end; a red cross marks a period that was not publishable.', () => ({
            x: { type: 'utc', label: null },
            y: { label: 'shares per aKSMb', grid: true, zero: false },
            color: { legend: true, domain: ['report ratio', 'on-chain ratio'], range: ['#1f5fa8', '#d9822b'] },
            marks: [
                Plot.ruleX(unpublishable, { x: at, stroke: '#c62828', strokeOpacity: 0.35, strokeWidth: 6 }),
                Plot.line(series, { x: 'at', y: 'value', stroke: 'series', curve: 'step-after' }),
                Plot.dot(series, { x: 'at', y: 'value', stroke: 'series', fill: 'white', r: 3, title: 'title' }),
                Plot.dot(unpublishable, { x: at, y: (r: any) => approx(ratio(r.ratio)), symbol: 'times', stroke: '#c62828', r: 7, strokeWidth: 2 }),
            ],
        })),
        unpublishable.length ? el('p', { class: 'warn', 'data-testid': 'unpublishable' }, `Not publishable: ${unpublishable.map(r => r.period).join(', ')}.`)
            : el('p', { 'data-testid': 'unpublishable' }, 'Every period shown was publishable.'))
}

function aprSection(reports: any[]): HTMLElement {
    return section('APR per period',
        chart('apr-chart', 'APR of each period, (R_prev / R − 1) annualised; red bars were not publishable.', width => ({
            x: { type: 'band', label: null, tickRotate: -45, tickFormat: dayTicks(width, reports.length) },
            y: { label: 'APR %', grid: true },
            color: { legend: true, domain: ['publishable', 'not publishable'], range: ['#2e7d32', '#c62828'] },
            marks: [
                Plot.barY(reports, { x: 'period', y: (r: any) => approx(percent(r.apr, 6).replace(' %', '')), fill: (r: any) => r.publishable ? 'publishable' : 'not publishable', title: aprTitle }),
                Plot.ruleY([0]),
            ],
        })))
}

function tableSection(reports: any[]): HTMLElement {
    return section('Reports', table('ratio-table', [
        { header: 'Period', cell: (r: any) => r.period },
        { header: 'Ratio', cell: (r: any) => ratio(r.ratio), className: 'num' },
        { header: 'On-chain ratio at end', cell: (r: any) => ratio(r.onchainRatio), className: 'num' },
        { header: 'APR', cell: (r: any) => percent(r.apr), className: 'num' },
        { header: 'Publishable', cell: (r: any) => r.publishable ? 'yes' : `no (${r.checks.filter((c: any) => c.blocking && !c.passed).map((c: any) => c.name).join(', ')})` },
    ], reports, (r: any) => r.publishable ? undefined : 'bad'))
}
