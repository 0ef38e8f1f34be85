import { FragmentDefinitionNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode, ValueNode } from 'graphql'
import { isPageArg, pageArgRefusal } from '../paging'

/**
 * An Apollo plugin that holds every field's paging arguments — `limit`, `offset`, `first` of the entity API
 * as of our own queries — to the ranges of src/api/paging.ts (a page of at most 1000, an offset of at most
 * 1,000,000), before anything runs. Our resolvers check the same with the same words (page()); the entity
 * API (openreader) would otherwise pass `limit: -1` or `offset: -1` to Postgres (an internal error that
 * printed the SQL) and `limit: 5000` up to its response-size bound.
 * A refusal is BAD_USER_INPUT with HTTP status 400.
 */
export function pageArgsPlugin(): object {
    return {
        async requestDidStart() {
            return {
                async didResolveOperation(rc: { operation?: OperationDefinitionNode; document: { definitions: readonly any[] }; request: { variables?: Record<string, unknown> } }) {
                    if (!rc.operation) return
                    const refusal = operationPageRefusal(rc.operation, rc.document.definitions, rc.request.variables ?? {})
                    if (refusal) throw new GraphQLError(refusal, undefined, undefined, undefined, undefined, undefined, { code: 'BAD_USER_INPUT' })
                },
            }
        },
    }
}

/** the first paging argument out of range in the operation (fragments followed once each), or undefined */
export function operationPageRefusal(op: OperationDefinitionNode, definitions: readonly any[], variables: Record<string, unknown>): string | undefined {
    const fragments = new Map<string, FragmentDefinitionNode>()
    for (const d of definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
    const defaults = new Map<string, ValueNode>()
    for (const v of op.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, v.defaultValue)
    const seen = new Set<string>()

    const valueOf = (v: ValueNode): unknown => {
        if (v.kind === Kind.INT) return Number(v.value)
        if (v.kind === Kind.VARIABLE) {
            const name = v.name.value
            if (name in variables) return variables[name]
            const d = defaults.get(name)
            return d ? valueOf(d) : null
        }
        return null   // a value of another type: validation or coercion refuses it
    }

    const walk = (set: SelectionSetNode): string | undefined => {
        for (const s of set.selections) {
            let refusal: string | undefined
            if (s.kind === Kind.FIELD) {
                for (const a of s.arguments ?? []) {
                    const name = a.name.value
                    if (!isPageArg(name)) continue
                    const value = valueOf(a.value)
                    if (value != null) refusal ??= pageArgRefusal(name, value)
                }
                if (!refusal && s.selectionSet) refusal = walk(s.selectionSet)
            } else if (s.kind === Kind.INLINE_FRAGMENT) {
                refusal = walk(s.selectionSet)
            } else if (!seen.has(s.name.value)) {
                seen.add(s.name.value)
                const f = fragments.get(s.name.value)
                if (f) refusal = walk(f.selectionSet)
            }
            if (refusal) return refusal
        }
        return undefined
    }
    return walk(op.selectionSet)
}
