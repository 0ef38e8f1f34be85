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
    // Ankr's dashboard requests (SPEC §4.15, src/notary/stakefi.ts)
    | 'WRONG_NETWORK'      // an address or `network` of another chain than Kusama (SS58 prefix 2, "KSM")
    | 'BAD_TIMESTAMP'      // the request's timestamp is not Unix milliseconds
    | 'REQUEST_EXPIRED'    // the request's timestamp (its expiry) is not in the future
    | 'TIMESTAMP_TOO_FAR'  // the request's timestamp is more than 1 h ahead of the notary's clock
    | 'BAD_REMARK'         // a Ledger remark that is not `Stakefi Signed Message:\nCreateClaim\n…` (header, lengths, loanId 0)
    | 'BAD_LOAN_ID'        // a loanId that is not a non-negative integer
    | 'BAD_REQUEST'        // a request body that is not a JSON object

export class NotaryError extends Error {
    readonly extensions: { code: NotaryErrorCode }
    constructor(readonly code: NotaryErrorCode, reason: string) {
        super(`${code}: ${reason}`)
        this.name = 'NotaryError'
        this.extensions = { code }
    }
}
