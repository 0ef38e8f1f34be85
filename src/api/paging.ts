/** Bounded pages (SPEC §5): default 100, at most 1000; anything else is a clear error. */
export const DEFAULT_PAGE = 100
export const MAX_PAGE = 1000

export class BadRequest extends Error {}

export function page(limit: number | undefined | null, offset: number | undefined | null): { limit: number; offset: number } {
    const l = limit ?? DEFAULT_PAGE
    const o = offset ?? 0
    if (!Number.isInteger(l) || l < 1 || l > MAX_PAGE) throw new BadRequest(`limit must be an integer from 1 to ${MAX_PAGE}, got ${limit}`)
    if (!Number.isInteger(o) || o < 0 || o > 1_000_000) throw new BadRequest(`offset must be an integer from 0 to 1000000, got ${offset}`)
    return { limit: l, offset: o }
}
