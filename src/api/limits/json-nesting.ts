/**
 * Whether a parsed JSON value nests arrays and objects deeper than `max` levels. Iterative on purpose: a
 * 256 KB body can nest 100,000 levels, which JSON.parse accepts but every recursive consumer after it
 * (graphql-js input coercion, openreader's `where` translation, JSON.stringify) overflows the stack on.
 */
export function jsonNestsDeeper(value: unknown, max: number): boolean {
    const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }]
    while (stack.length) {
        const { v, depth } = stack.pop()!
        if (v === null || typeof v !== 'object') continue
        if (depth + 1 > max) return true
        for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, depth: depth + 1 })
    }
    return false
}
