import { RunState } from './run-state'

/**
 * The first place two normalized run states (./run-state.ts) differ, byte for byte: the periods reported, then
 * each report's canonical JSON, then table by table, row by row (rows are sorted by their JSON). Answers
 * undefined when they are identical, else where and both sides.
 */
export function firstDifference(reference: RunState, run: RunState): string | undefined {
    const periods = [Object.keys(reference.reports), Object.keys(run.reports)].map(x => JSON.stringify(x))
    if (periods[0] !== periods[1]) return `the periods reported: reference ${periods[0]}, run ${periods[1]}`
    for (const p of Object.keys(reference.reports)) {
        const [a, b] = [reference.reports[p], run.reports[p]]
        if (a !== b) return `report ${p}: ${firstDifferingField(JSON.parse(a), JSON.parse(b)) ?? 'canonical JSON'}\n  reference: ${a}\n  run:       ${b}`
    }
    const tables = [Object.keys(reference.tables).sort(), Object.keys(run.tables).sort()].map(x => JSON.stringify(x))
    if (tables[0] !== tables[1]) return `the tables: reference ${tables[0]}, run ${tables[1]}`
    for (const t of Object.keys(reference.tables).sort()) {
        const [a, b] = [reference.tables[t], run.tables[t]]
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
            const [x, y] = [JSON.stringify(a[i]), JSON.stringify(b[i])]
            if (x !== y) return `table ${t} (${a.length} rows in the reference, ${b.length} in the run), first differing row ${i}:\n  reference: ${x}\n  run:       ${y}`
        }
    }
    return undefined
}

/** the path of the first field whose JSON differs, e.g. `checks[3].detail` */
function firstDifferingField(a: unknown, b: unknown, at = ''): string | undefined {
    if (JSON.stringify(a) === JSON.stringify(b)) return undefined
    if (a && b && typeof a === 'object' && typeof b === 'object') {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
        for (const k of keys) {
            const inner = firstDifferingField((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k)
            if (inner) return inner
        }
    }
    return at || '(the whole value)'
}
