/** Small DOM helpers: elements, tables, and the page states (loading, empty, error) said in words. */

type Child = Node | string | null | undefined | false
type Attrs = Record<string, string | boolean | ((e: Event) => void) | undefined>

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
    const e = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === false) continue
        if (typeof v === 'function') e.addEventListener(k.replace(/^on/, ''), v)
        else if (v === true) e.setAttribute(k, '')
        else e.setAttribute(k, v)
    }
    for (const c of children) if (c) e.append(c)
    return e
}

export interface Column<R> {
    readonly header: string
    readonly cell: (row: R) => string
    /** a class for the cell (e.g. numbers align right) */
    readonly className?: string
    /** where the cell's text links to (the text stays exactly `cell`) */
    readonly link?: (row: R) => string | undefined
}

/**
 * A table whose text is exactly `rows` through `columns` (the CSV download writes the same strings).
 * Wrapped so that a wide table scrolls sideways on a phone instead of widening the page.
 */
export function table<R>(testId: string, columns: readonly Column<R>[], rows: readonly R[], rowClass?: (row: R) => string | undefined): HTMLElement {
    const head = el('tr', {}, ...columns.map(c => el('th', { scope: 'col', class: c.className }, c.header)))
    const body = rows.map(r => el('tr', { class: rowClass?.(r) }, ...columns.map(c => el('td', { class: c.className }, cellContent(c, r)))))
    return el('div', { class: 'table-wrap' }, el('table', { 'data-testid': testId }, el('thead', {}, head), el('tbody', {}, ...body)))
}

function cellContent<R>(c: Column<R>, row: R): Node | string {
    const href = c.link?.(row)
    return href ? el('a', { href }, c.cell(row)) : c.cell(row)
}

/** the rows of a table as its cells' text, as a reader sees them */
export function tableText<R>(columns: readonly Column<R>[], rows: readonly R[]): { header: string[]; rows: string[][] } {
    return { header: columns.map(c => c.header), rows: rows.map(r => columns.map(c => c.cell(r))) }
}

export type PageState = 'loading' | 'ready' | 'empty' | 'error'

/** marks the page's state for readers (the text) and for tests (data-state) */
export function setState(page: HTMLElement, state: PageState, message?: string): void {
    page.dataset.state = state
    if (state === 'ready') return
    page.replaceChildren(el('p', { class: `state state-${state}`, role: state === 'error' ? 'alert' : 'status' }, message ?? ''))
}

export function section(title: string, ...children: Child[]): HTMLElement {
    return el('section', {}, el('h2', {}, title), ...children)
}

/** a figure: a label and its value, for the overview's tiles */
export function tile(label: string, value: string, testId: string, note?: string): HTMLElement {
    return el('div', { class: 'tile' }, el('div', { class: 'tile-label' }, label), el('div', { class: 'tile-value', 'data-testid': testId }, value),
        note ? el('div', { class: 'tile-note' }, note) : null)
}

/** an error as a sentence for the page */
export function errorText(what: string, e: unknown): string {
    return `Could not load ${what}: ${(e as Error)?.message ?? String(e)}`
}
