/** A table with a "Download CSV" link whose file holds exactly the table's text. */
import { toCsv } from './csv'
import { Column, el, table, tableText } from './dom'

export function downloadableTable<R>(testId: string, columns: readonly Column<R>[], rows: readonly R[], filename: string, rowClass?: (row: R) => string | undefined): HTMLElement {
    const { header, rows: cells } = tableText(columns, rows)
    const csv = toCsv(header, cells)
    const link = el('a', { class: 'button', 'data-testid': `${testId}-csv`, download: filename, href: '#' }, `Download CSV (${rows.length} row${rows.length === 1 ? '' : 's'})`)
    // the file is made when asked for, from the very strings the table shows
    link.addEventListener('click', () => {
        link.setAttribute('href', URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' })))
    })
    return el('div', {}, link, table(testId, columns, rows, rowClass))
}
