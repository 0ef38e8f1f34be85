import { Client } from 'pg'

/**
 * Wall time spent in SQL statements while `fn` runs on `db` (each statement from send to answer,
 * as the worker awaits them one by one), by the statement's first words: what a pass waits for
 * beside its own JavaScript.
 */
export async function withSqlTime<T>(db: Client, fn: () => Promise<T>): Promise<{ result: T; sqlMs: number; statements: number; byKind: Map<string, number> }> {
    const original = db.query
    const byKind = new Map<string, number>()
    let sqlMs = 0
    let statements = 0
    ;(db as any).query = async function (this: Client, ...args: any[]) {
        const t = performance.now()
        try {
            return await (original as any).apply(this, args)
        } finally {
            const ms = performance.now() - t
            const text = typeof args[0] === 'string' ? args[0] : args[0]?.text ?? ''
            const kind = text.trim().split(/\s+/).slice(0, 3).join(' ').slice(0, 40)
            byKind.set(kind, (byKind.get(kind) ?? 0) + ms)
            sqlMs += ms
            statements++
        }
    }
    try {
        const result = await fn()
        return { result, sqlMs, statements, byKind }
    } finally {
        ;(db as any).query = original
    }
}

/** The statements that took the most time, as "kind 12 ms". */
export function topKinds(byKind: Map<string, number>, n = 4): string {
    return [...byKind.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join('; ')
}
