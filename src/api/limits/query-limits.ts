/**
 * The bounds every GraphQL document must stay within before the server validates or runs it (README
 * "Limits"). Why each exists:
 *  - tokens and nesting: graphql-js parses recursively (about 3,000 nested braces overflow the stack) and
 *    validates in time quadratic in repeated fields (OverlappingFieldsCanBeMerged: 3,000 copies of one field
 *    took 2 s of CPU), so a document is measured by a flat lexer pass before it is parsed at all;
 *  - depth and fields: alias and fragment bombs are small documents whose expansion is huge (fragments
 *    spread in fragments double per level), so the expansion is counted, per fragment once, before validation.
 * The largest legitimate documents: GraphiQL's introspection query (about 150 tokens, 190 fields once its
 * fragments are expanded, 12 deep inside `__schema`) and the dashboard's queries (under 100 tokens, 40 fields, 3 deep).
 */
export interface QueryLimits {
    /** lexical tokens of the query text (names, punctuation, values) */
    maxTokens: number
    /** open brackets ({ [ () at any point of the query text, and levels of the JSON variables */
    maxNesting: number
    /** fields nested in fields, counting through fragments; introspection (`__schema`, `__type`) not counted */
    maxDepth: number
    /** fields of the document with every fragment spread expanded where it is spread (aliases count) */
    maxFields: number
}

/**
 * Measured on this API (2 cores): within these bounds the costliest documents we could build — one field
 * repeated 300 times, 40 fragments of 7 repeated fields spread side by side — validate in about 30-50 ms.
 */
export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxTokens: 1000, maxNesting: 32, maxDepth: 10, maxFields: 300 }

/**
 * graphql-js stops validating after this many errors (its own default: 100). Each unknown type or field
 * costs a "did you mean" search over the schema's names (about 1.5 ms for a type), so a document of
 * unknown names is bounded by this, not only by its tokens.
 */
export const DEFAULT_VALIDATION_MAX_ERRORS = 25
