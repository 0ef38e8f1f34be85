/**
 * APR decomposition: each period's APR split into the reward yield of the bonded stake, what the
 * idle (unbonded) stake cost, the fee, slashes, and deposits/unstakes not priced at the previous
 * ratio. The API computes the parts (src/oracle/core/apr-decomposition.ts); this page shows them
 * and says whether they sum to the APR within the ratio's rounding.
 */
import * as Plot from '@observablehq/plot'
import { chart, dayTicks } from '../chart'
import { Column, el, errorText, section, setState, table } from '../dom'
import { approx, ksm, percent, percentSci } from '../format'
import { gql } from '../graphql'
import { describeRange, rangeForm, rangeOf } from '../range'

export const APR_QUERY = `query ($from: String, $to: String) {
  aprDecomposition(from: $from, to: $to, limit: 1000) { period periodStart apr bondedPlanck decomposed reason
    grossOnBonded idleDrag fee slashes flows sum difference roundingBound withinRounding }
}`

export const APR_PARTS = [
    { key: 'grossOnBonded', label: 'gross yield on bonded stake', column: 'Bonded yield', color: '#2e7d32' },
    { key: 'idleDrag', label: 'idle (unbonded) stake', column: 'Idle stake', color: '#9e9e9e' },
    { key: 'fee', label: 'fee', column: 'Fee', color: '#d9822b' },
    { key: 'slashes', label: 'slashes', column: 'Slashes', color: '#c62828' },
    { key: 'flows', label: 'deposits & unstakes off R_prev', column: 'Flows', color: '#6a4c93' },
] as const

/** parts are shown to 4 decimals of a percent; tables and titles keep the same text */
export const pct = (decimal: string) => percent(decimal, 4)

export function partTitle(row: any, part: (typeof APR_PARTS)[number]): string {
    return `${row.period} · ${part.label} ${pct(row[part.key])}`
}

export function aprDotTitle(row: any): string {
    return `${row.period} · APR ${pct(row.apr)} = sum of parts ${pct(row.sum)}`
}

const REASONS: Record<string, string> = {
    EMPTY_POOL: 'no shares at the period\'s end',
    INSOLVENT: 'insolvent period: the ratio was held, not earned',
    NEGATIVE_SHARES: 'more shares burned than credited',
}

export async function renderApr(page: HTMLElement, params: URLSearchParams): Promise<void> {
    setState(page, 'loading', 'Loading the APR decomposition…')
    const range = rangeOf(params)
    let rows: any[]
    try {
        rows = (await gql(APR_QUERY, { from: range.from ?? null, to: range.to ?? null })).aprDecomposition
    } catch (e) {
        return setState(page, 'error', errorText('the APR decomposition', e))
    }
    const head = el('div', { class: 'controls' }, rangeForm('apr', params))
    if (rows.length === 0) {
        page.replaceChildren(head, el('p', { class: 'state state-empty', 'data-testid': 'empty' }, `No period has closed yet in ${describeRange(range)}.`))
        return void (page.dataset.state = 'empty')
    }
    const decomposed = rows.filter(r => r.decomposed)
    page.replaceChildren(head,
        section('Where the APR came from', identityStatement(rows), decompositionChart(decomposed)),
        section('Per period', decompositionTable(rows)))
    setState(page, 'ready')
}

/** the sentence that says the parts sum to the APR (or which periods do not) */
function identityStatement(rows: any[]): HTMLElement {
    const decomposed = rows.filter(r => r.decomposed)
    const off = decomposed.filter(r => !r.withinRounding)
    const worst = decomposed.reduce<any>((w, r) => (!w || Math.abs(approx(r.difference)) > Math.abs(approx(w.difference)) ? r : w), null)
    const skipped = rows.length - decomposed.length
    const text = off.length
        ? `The parts do NOT sum to the APR within rounding in ${off.map(r => r.period).join(', ')}.`
        : `In every one of the ${decomposed.length} periods decomposed, the five parts sum to the period's APR within rounding` +
          (worst ? `: the largest difference is ${percentSci(worst.difference)} (${worst.period}), within the ${percentSci(worst.roundingBound)} the ratio's rounding allows.` : '.')
    return el('div', {},
        el('p', { class: off.length ? 'verdict bad' : 'verdict ok', 'data-testid': 'identity' }, text),
        el('p', { class: 'note' }, 'APR = bonded yield (gross reward ÷ bonded stake) + idle stake (what the unbonded part of the pool cost) + fee + slashes + flows (deposits and unstakes not priced at the previous ratio: zero up to rounding when they are). All in APR percent.' +
            (skipped ? ` ${skipped} period(s) could not be decomposed (see the table).` : '')))
}

function decompositionChart(rows: any[]): HTMLElement {
    const segments = rows.flatMap(r => APR_PARTS.map(p => ({ period: r.period, part: p.label, value: approx(percent(r[p.key], 8).replace(' %', '')), title: partTitle(r, p) })))
    const dots = rows.map(r => ({ period: r.period, value: approx(percent(r.apr, 8).replace(' %', '')), title: aprDotTitle(r) }))
    return chart('apr-decomposition-chart', 'Each period\'s parts, in APR percent (below zero: what reduced it); the black dot is the period\'s APR.', width => ({
        x: { type: 'band', label: null, tickRotate: -45, tickFormat: dayTicks(width, rows.length) },
        y: { label: 'APR %', grid: true },
        color: { legend: true, domain: APR_PARTS.map(p => p.label), range: APR_PARTS.map(p => p.color) },
        marks: [
            Plot.barY(segments, Plot.stackY({ x: 'period', y: 'value', fill: 'part', title: 'title' })),
            Plot.ruleY([0]),
            Plot.dot(dots, { x: 'period', y: 'value', fill: 'black', r: 4, title: 'title' }),
        ],
    }))
}

export const APR_COLUMNS: Column<any>[] = [
    { header: 'Period', cell: r => r.period },
    { header: 'APR', cell: r => pct(r.apr), className: 'num' },
    ...APR_PARTS.map(p => ({ header: p.column, cell: (r: any) => r.decomposed ? pct(r[p.key]) : '—', className: 'num' })),
    { header: 'Sum', cell: r => r.decomposed ? pct(r.sum) : '—', className: 'num' },
    { header: 'APR − sum', cell: r => r.decomposed ? percentSci(r.difference) : '—', className: 'num' },
    { header: 'Within rounding', cell: r => r.decomposed ? (r.withinRounding ? 'yes' : 'NO') : `not decomposed: ${REASONS[r.reason] ?? r.reason}` },
    { header: 'Bonded KSM', cell: r => r.bondedPlanck == null ? '—' : ksm(r.bondedPlanck), className: 'num' },
]

function decompositionTable(rows: any[]): HTMLElement {
    return table('apr-table', APR_COLUMNS, rows, r => r.decomposed && !r.withinRounding ? 'bad' : undefined)
}
