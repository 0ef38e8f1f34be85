import { Lexer, Source, TokenKind } from 'graphql'

/**
 * One flat lexer pass over a query text, before graphql-js parses it (its parser recurses once per nested
 * bracket and its validation is quadratic in repeated fields). Stops as soon as a bound is passed, so a
 * 256 KB document costs at most `maxTokens` tokens of work. A lexical error is not ours to report: the
 * caller lets the parser answer it (GRAPHQL_PARSE_FAILED, with its location).
 */
export interface SourceBounds {
    maxTokens: number
    maxNesting: number
}

const OPEN = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L])
const CLOSE = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R])

/** the reason the text is refused, or undefined when it is within the bounds (or does not lex) */
export function sourceBoundsError(query: string, bounds: SourceBounds): string | undefined {
    const lexer = new Lexer(new Source(query))
    let tokens = 0
    let nesting = 0
    try {
        for (let t = lexer.advance(); t.kind !== TokenKind.EOF; t = lexer.advance()) {
            if (++tokens > bounds.maxTokens) return `the query has more than ${bounds.maxTokens} tokens`
            if (OPEN.has(t.kind) && ++nesting > bounds.maxNesting) return `the query nests brackets more than ${bounds.maxNesting} levels deep`
            if (CLOSE.has(t.kind)) nesting--
        }
    } catch {
        return undefined
    }
    return undefined
}
