import { Notary } from '../notary/notary'

let notary: Notary | undefined
/** one notary (and its own connection pool) per API process, shared by the GraphQL mutations and POST /claims */
export function apiNotary(): Notary {
    return (notary ??= Notary.fromEnv())
}
