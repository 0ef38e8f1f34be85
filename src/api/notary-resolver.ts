import { Arg, Mutation, Resolver } from 'type-graphql'
import { JSONObject } from '../notary/json-scalar'
import { apiNotary } from './api-notary'

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

    @Mutation(() => JSONObject, {
        description: 'The browser-wallet claim request of Ankr\'s staking dashboard (SPEC §4.15), the same as POST /claims: `address` the ' +
            'Kusama account (SS58 prefix 2), `amount` the shares to claim (decimal, at most 18 decimals), `ethAddress`, `network` "KSM", ' +
            '`timestamp` the request\'s expiry in Unix milliseconds (as a string here), `signature` the account\'s sr25519/ed25519 signature of ' +
            '"StakeFi Signed Message:\\n<public key>\\n<ethAddress>\\n<timestamp>", <Bytes>-wrapped or bare. Answers the claim object.',
    })
    async claimStakeFi(
        @Arg('address') address: string,
        @Arg('amount') amount: string,
        @Arg('ethAddress') ethAddress: string,
        @Arg('network') network: string,
        @Arg('signature') signature: string,
        @Arg('timestamp') timestamp: string,
    ): Promise<object> {
        return apiNotary().requestStakeFiClaim({ address, amount, ethAddress, network, signature, timestamp })
    }
}
