import { Arg, Mutation, Resolver } from 'type-graphql'
import { JSONObject } from '../notary/json-scalar'
import { Notary } from '../notary/notary'

let notary: Notary | undefined
/** one notary (and its own connection pool) per API process */
export function apiNotary(): Notary {
    return (notary ??= Notary.fromEnv())
}

/** The product's one write path: requestClaim (SPEC §4.10, §5). */
@Resolver()
export class NotaryResolver {
    // the request transaction (READ COMMITTED) is not used: reservations run SERIALIZABLE on the notary's own pool

    @Mutation(() => JSONObject, {
        description: 'Reserve claimable shares of a Kusama account and answer the notary-signed claim object (SPEC §4.10). ' +
            '`shares` is an integer of 18-decimal share base units or "max"; `signature` is the account\'s sr25519/ed25519 ' +
            'signature over the canonical message (src/notary/message.ts).',
    })
    async requestClaim(
        @Arg('kusamaAddress') kusamaAddress: string,
        @Arg('ethAddress') ethAddress: string,
        @Arg('shares') shares: string,
        @Arg('nonce') nonce: string,
        @Arg('signature') signature: string,
    ): Promise<object> {
        return apiNotary().requestClaim({ kusamaAddress, ethAddress, shares, nonce, signature })
    }
}
