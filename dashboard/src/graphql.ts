/** The dashboard's one data source: the public GraphQL API on the same origin. Errors come back as sentences. */
export class ApiError extends Error {}

export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let res: Response
    try {
        res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
    } catch (e) {
        throw new ApiError(`the API did not answer (${(e as Error).message}); is the API process running?`)
    }
    const body = await res.json().catch(() => null)
    if (body?.errors?.length) throw new ApiError(body.errors.map((e: { message: string }) => e.message).join('; '))
    if (!res.ok || !body?.data) throw new ApiError(`the API answered HTTP ${res.status}`)
    return body.data as T
}
