/**
 * Rewards: gross / fee / net per day, per era, or per day and validator (stacked), with the slashes
 * marked; each table downloads as CSV holding exactly what it shows.
 */
import * as Plot from '@observablehq/plot'
import { chart, dayTicks, sparseTicks } from '../chart'
import { Column, el, errorText, section, setState } from '../dom'
import { downloadableTable } from '../download'
import { approx, ksm } from '../format'
import { gql } from '../graphql'
import { dateTimeBounds, describeRange, rangeForm, rangeOf } from '../range'

export type RewardsView = 'day' | 'era' | 'validator'
export const REWARD_VIEWS: readonly RewardsView[] = ['day', 'era', 'validator']

export const REWARDS_QUERIES: Record<RewardsView, string> = {
    day: `query ($from: DateTime, $to: DateTime) { rows: rewards(groupBy: "DAY", from: $from, to: $to) { key grossPlanck feePlanck netPlanck count }
      slashes: slashSeries(from: $from, to: $to) { day amountPlanck count } }`,
    era: `query ($from: DateTime, $to: DateTime) { rows: rewards(groupBy: "ERA", from: $from, to: $to) { key grossPlanck feePlanck netPlanck count }
      slashes: slashSeries(from: $from, to: $to) { day amountPlanck count } }`,
    validator: `query ($from: DateTime, $to: DateTime) { rows: rewardSeries(groupBy: "VALIDATOR", from: $from, to: $to) { day key grossPlanck feePlanck netPlanck count }
      slashes: slashSeries(from: $from, to: $to) { day amountPlanck count } }`,
}

const amounts: Column<any>[] = [
    { header: 'Gross KSM', cell: r => ksm(r.grossPlanck), className: 'num' },
    { header: 'Fee KSM', cell: r => ksm(r.feePlanck), className: 'num' },
    { header: 'Net KSM', cell: r => ksm(r.netPlanck), className: 'num' },
    { header: 'Rewards', cell: r => String(r.count), className: 'num' },
]

export const REWARD_COLUMNS: Record<RewardsView, Column<any>[]> = {
    day: [{ header: 'Day', cell: r => r.key }, ...amounts],
    era: [{ header: 'Era', cell: r => r.key }, ...amounts],
    validator: [{ header: 'Day', cell: r => r.day }, { header: 'Validator', cell: r => r.key }, ...amounts],
}

export const SLASH_COLUMNS: Column<any>[] = [
    { header: 'Day', cell: r => r.day },
    { header: 'Slashed KSM', cell: r => ksm(r.amountPlanck), className: 'num' },
    { header: 'Slashes', cell: r => String(r.count), className: 'num' },
]

/** the title of each bar segment: what a reader hovering sees, and what the tests read back */
export function segmentTitle(view: RewardsView, r: any, part: 'net' | 'fee'): string {
    const where = view === 'validator' ? `${r.day} · ${r.key}` : view === 'era' ? `era ${r.key}` : r.key
    const value = part === 'net' ? ksm(r.netPlanck) : ksm(r.feePlanck)
    return `${where} · ${part} ${value} KSM (gross ${ksm(r.grossPlanck)}, ${r.count} rewards)`
}

export function slashTitle(s: any): string {
    return `${s.day} · slashed ${ksm(s.amountPlanck)} KSM (${s.count} slash${s.count === 1 ? '' : 'es'})`
}

export async function renderRewards(page: HTMLElement, params: URLSearchParams): Promise<void> {
    const view = (REWARD_VIEWS as string[]).includes(params.get('view') ?? '') ? params.get('view') as RewardsView : 'day'
    const range = rangeOf(params)
    setState(page, 'loading', 'Loading the rewards…')
    let data: { rows: any[]; slashes: any[] }
    try {
        data = await gql(REWARDS_QUERIES[view], dateTimeBounds(range))
    } catch (e) {
        return setState(page, 'error', errorText('the rewards', e))
    }
    const head = el('div', { class: 'controls' }, viewTabs(view, params), rangeForm('rewards', params))
    if (data.rows.length === 0 && data.slashes.length === 0) {
        page.replaceChildren(head, el('p', { class: 'state state-empty', 'data-testid': 'empty' }, `No reward has been paid to the pool in ${describeRange(range)}.`))
        return void (page.dataset.state = 'empty')
    }
    const file = `rewards-per-${view}${range.from ? `-from-${range.from}` : ''}${range.to ? `-to-${range.to}` : ''}.csv`
    page.replaceChildren(head,
        section(`Rewards per ${view === 'validator' ? 'day and validator' : view}`,
            rewardsChart(view, data.rows, data.slashes),
            downloadableTable('rewards-table', REWARD_COLUMNS[view], data.rows, file)),
        section('Slashes', data.slashes.length
            ? downloadableTable('slashes-table', SLASH_COLUMNS, data.slashes, file.replace(/^rewards-per-\w+/, 'slashes'))
            : el('p', { 'data-testid': 'no-slashes' }, `No slash in ${describeRange(range)}.`)))
    setState(page, 'ready')
}

function viewTabs(view: RewardsView, params: URLSearchParams): HTMLElement {
    const link = (v: RewardsView, label: string) => {
        const next = new URLSearchParams(params)
        next.set('view', v)
        return el('a', { href: `#/rewards?${next}`, class: v === view ? 'tab active' : 'tab', 'aria-current': v === view ? 'page' : undefined }, label)
    }
    return el('nav', { class: 'tabs', 'aria-label': 'group rewards by' }, link('day', 'Per day'), link('era', 'Per era'), link('validator', 'Per validator'))
}

function rewardsChart(view: RewardsView, rows: any[], slashes: any[]): HTMLElement {
    if (view === 'validator') return validatorChart(rows, slashes)
    const segments = rows.flatMap(r => [
        { x: r.key, part: 'net', ksm: approx(ksm(r.netPlanck)), title: segmentTitle(view, r, 'net') },
        { x: r.key, part: 'fee', ksm: approx(ksm(r.feePlanck)), title: segmentTitle(view, r, 'fee') },
    ])
    const caption = view === 'day'
        ? 'Net reward and fee per UTC day (together: gross); a red line marks a day with a slash.'
        : 'Net reward and fee per era (together: gross). Slashes are listed below.'
    const keys = rows.length
    return chart('rewards-chart', caption, width => ({
        x: view === 'day'
            ? { type: 'band', label: null, tickRotate: -45, tickFormat: dayTicks(width, keys) }
            : { type: 'band', label: 'era', tickFormat: sparseTicks(width, keys) },
        y: { label: 'KSM', grid: true },
        color: { legend: true, domain: ['net', 'fee'], range: ['#2e7d32', '#d9822b'] },
        marks: [
            Plot.barY(segments, Plot.stackY({ x: 'x', y: 'ksm', fill: 'part', title: 'title', order: ['net', 'fee'] })),
            ...(view === 'day' ? slashMarks(slashes) : []),
            Plot.ruleY([0]),
        ],
    }))
}

function validatorChart(rows: any[], slashes: any[]): HTMLElement {
    const short = (k: string) => k.length > 14 ? `${k.slice(0, 6)}…${k.slice(-4)}` : k
    const segments = rows.map(r => ({ day: r.day, validator: short(r.key), ksm: approx(ksm(r.netPlanck)), title: segmentTitle('validator', r, 'net') }))
    const days = new Set([...rows.map(r => r.day), ...slashes.map(s => s.day)]).size
    return chart('rewards-chart', 'Net reward per UTC day, stacked by the validator whose payout it was; a red line marks a day with a slash.', width => ({
        x: { type: 'band', label: null, tickRotate: -45, tickFormat: dayTicks(width, days) },
        y: { label: 'net KSM', grid: true },
        color: { legend: true, scheme: 'tableau10' },
        marks: [
            Plot.barY(segments, Plot.stackY({ x: 'day', y: 'ksm', fill: 'validator', title: 'title' })),
            ...slashMarks(slashes),
            Plot.ruleY([0]),
        ],
    }))
}

function slashMarks(slashes: any[]): Plot.Markish[] {
    return [
        Plot.ruleX(slashes, { x: 'day', stroke: '#c62828', strokeWidth: 2, strokeDasharray: '4,3' }),
        Plot.dot(slashes, { x: 'day', frameAnchor: 'top', symbol: 'triangle', fill: '#c62828', r: 6, title: slashTitle }),
    ]
}
