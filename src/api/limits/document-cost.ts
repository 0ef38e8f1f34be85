import { DocumentNode, FragmentDefinitionNode, Kind, SelectionSetNode } from 'graphql'

/**
 * How deep and how large a document is once every fragment spread is expanded where it is spread —
 * what alias and fragment bombs inflate — computed without expanding anything: each fragment is measured
 * once (memoized), so a fragment doubled at each of 50 levels costs 50 steps, not 2^50. A spread of an
 * unknown fragment or a fragment cycle counts nothing here (validation reports both). Runs on a document
 * whose nesting the source scan has already bounded, so the recursion is shallow.
 */
export interface DocumentCost {
    /** fields nested in fields; the introspection fields `__schema` and `__type` count 1 whatever their subtree */
    depth: number
    /** fields with fragments expanded, aliases included */
    fields: number
}

/** the largest depth and field count of any operation of the document */
export function documentCost(doc: DocumentNode): DocumentCost {
    const fragments = new Map<string, FragmentDefinitionNode>()
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)
    const memo = new Map<string, DocumentCost | 'measuring'>()

    const fragmentCost = (name: string): DocumentCost => {
        const known = memo.get(name)
        if (known === 'measuring') return { depth: 0, fields: 0 }   // a cycle: NoFragmentCycles refuses it
        if (known) return known
        const f = fragments.get(name)
        if (!f) return { depth: 0, fields: 0 }
        memo.set(name, 'measuring')
        const cost = setCost(f.selectionSet)
        memo.set(name, cost)
        return cost
    }

    const setCost = (set: SelectionSetNode): DocumentCost => {
        let depth = 0
        let fields = 0
        for (const s of set.selections) {
            let c: DocumentCost
            if (s.kind === Kind.FIELD) {
                const introspection = s.name.value === '__schema' || s.name.value === '__type'
                const sub = s.selectionSet ? setCost(s.selectionSet) : { depth: 0, fields: 0 }
                c = { depth: introspection ? 1 : 1 + sub.depth, fields: 1 + sub.fields }
            } else if (s.kind === Kind.INLINE_FRAGMENT) {
                c = setCost(s.selectionSet)
            } else {
                c = fragmentCost(s.name.value)
            }
            depth = Math.max(depth, c.depth)
            fields += c.fields
        }
        return { depth, fields }
    }

    let worst: DocumentCost = { depth: 0, fields: 0 }
    for (const d of doc.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue
        const c = setCost(d.selectionSet)
        worst = { depth: Math.max(worst.depth, c.depth), fields: Math.max(worst.fields, c.fields) }
    }
    return worst
}
