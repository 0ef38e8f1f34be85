/** A table as CSV (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; CRLF lines). */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
    return [header, ...rows].map(r => r.map(field).join(',')).join('\r\n') + '\r\n'
}

function field(v: string): string {
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** The inverse, for the tests: CSV text → rows of fields. */
export function parseCsv(text: string): string[][] {
    const rows: string[][] = []
    let row: string[] = []
    let f = ''
    let quoted = false
    for (let i = 0; i < text.length; i++) {
        const c = text[i]
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { f += '"'; i++ } else if (c === '"') quoted = false
            else f += c
        } else if (c === '"') quoted = true
        else if (c === ',') { row.push(f); f = '' }
        else if (c === '\n') { row.push(f.replace(/\r$/, '')); rows.push(row); row = []; f = '' }
        else f += c
    }
    if (f !== '' || row.length) { row.push(f); rows.push(row) }
    return rows
}
