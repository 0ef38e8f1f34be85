/** Every refusal of the notary carries a stable code; the GraphQL message is `<CODE>: <reason>`. */
export type NotaryErrorCode =
    | 'BAD_ADDRESS'        // malformed / unknown address format
    | 'BAD_NONCE'
    | 'BAD_AMOUNT'         // malformed share amount
    | 'BAD_SIGNATURE'      // not a well-formed signature, or not a valid sr25519/ed25519 signature of the message by the account
    | 'NONCE_REUSED'       // the (account, nonce) pair was already used for a request with other parameters
    | 'NOTHING_CLAIMABLE'
    | 'AMOUNT_TOO_LARGE'
    | 'RATE_LIMITED'
    | 'NOT_READY'          // the Ethereum indexer has no finalized head yet
    | 'NOT_CONFIGURED'     // no notary key
    | 'BUSY'               // the reservation kept conflicting; retry

export class NotaryError extends Error {
    readonly extensions: { code: NotaryErrorCode }
    constructor(readonly code: NotaryErrorCode, reason: string) {
        super(`${code}: ${reason}`)
        this.name = 'NotaryError'
        this.extensions = { code }
    }
}
