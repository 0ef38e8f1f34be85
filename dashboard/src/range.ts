/**
 * The date range of a page, kept in the address (#/page?from=2026-01-05&to=2026-01-18, both days
 * inclusive, UTC) so a view can be linked and reloaded as it was.
 */
import { el } from './dom'

export interface DayRange {
    readonly from?: string
    readonly to?: string
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

export function rangeOf(params: URLSearchParams): DayRange {
    const pick = (k: string) => {
        const v = params.get(k)
        return v && DAY.test(v) ? v : undefined
    }
    return { from: pick('from'), to: pick('to') }
}

/** the range as the DateTime bounds of a [from, to) query: `to` is the day after the last day shown */
export function dateTimeBounds(r: DayRange): { from: string | null; to: string | null } {
    const next = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString()
    return { from: r.from ? `${r.from}T00:00:00.000Z` : null, to: r.to ? next(r.to) : null }
}

export function describeRange(r: DayRange): string {
    if (!r.from && !r.to) return 'all days'
    return `${r.from ?? 'the start'} to ${r.to ?? 'the latest day'} (inclusive, UTC)`
}

/** a form that moves to the same page with the chosen range (extra parameters kept) */
export function rangeForm(route: string, params: URLSearchParams): HTMLElement {
    const r = rangeOf(params)
    const from = el('input', { type: 'date', name: 'from', value: r.from ?? '', 'aria-label': 'first day' })
    const to = el('input', { type: 'date', name: 'to', value: r.to ?? '', 'aria-label': 'last day' })
    const go = (e: Event) => {
        e.preventDefault()
        const next = new URLSearchParams(params)
        for (const input of [from, to]) input.value ? next.set(input.name, input.value) : next.delete(input.name)
        location.hash = `#/${route}?${next}`
    }
    return el('form', { class: 'range', onsubmit: go },
        el('label', {}, 'From ', from), el('label', {}, 'to ', to), el('button', { type: 'submit' }, 'Show'),
        el('a', { href: `#/${route}` }, 'all'))
}
