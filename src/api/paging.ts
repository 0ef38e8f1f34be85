/** Bounded pages (SPEC §5): default 100, at most 1000; anything else is a clear error. */
export const DEFAULT_PAGE = 100
export const MAX_PAGE = 1000
export const MAX_OFFSET = 1_000_000

/** A query's bad argument: answered with `extensions.code` BAD_USER_INPUT (graphql-js takes the thrown error's own extensions). */
export class BadRequest extends Error {
    readonly extensions = { code: 'BAD_USER_INPUT' }
}

/** The paging arguments and their ranges, for our resolvers (page) and for every field of the schema (limits/page-args.ts). */
const RANGES = { limit: [1, MAX_PAGE], first: [0, MAX_PAGE], offset: [0, MAX_OFFSET] } as const
export type PageArg = keyof typeof RANGES

export function isPageArg(name: string): name is PageArg {
    return Object.prototype.hasOwnProperty.call(RANGES, name)
}

/** why a paging argument's value is refused, or undefined */
export function pageArgRefusal(name: PageArg, value: unknown): string | undefined {
    const [min, max] = RANGES[name]
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return undefined
    return `${name} must be an integer from ${min} to ${max}, got ${value}`
}

export function page(limit: number | undefined | null, offset: number | undefined | null): { limit: number; offset: number } {
    const l = limit ?? DEFAULT_PAGE
    const o = offset ?? 0
    const refusal = pageArgRefusal('limit', l) ?? pageArgRefusal('offset', o)
    if (refusal) throw new BadRequest(refusal)
    return { limit: l, offset: o }
}
