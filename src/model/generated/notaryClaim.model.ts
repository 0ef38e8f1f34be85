import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, Index as Index_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {NotaryClaimStatus} from "./_notaryClaimStatus"

/**
 * A claim signed by the notary: shares reserved for a Kusama account, mintable on Ethereum until claimBeforeBlock. id = claimId as 0x hex (32 bytes).
 */
@Index_(["kusamaAccount", "nonce"], {unique: true})
@Entity_()
export class NotaryClaim {
    constructor(props?: Partial<NotaryClaim>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_({unique: true})
    @BigIntColumn_({nullable: false})
    claimId!: bigint

    /**
     * the Kusama account whose credited shares are reserved (SS58 prefix 2)
     */
    @StringColumn_({nullable: false})
    kusamaAccount!: string

    /**
     * the Ethereum account that receives the shares (checksummed)
     */
    @Index_()
    @StringColumn_({nullable: false})
    ethAccount!: string

    /**
     * the client's nonce: one request per (account, nonce); `stakefi:<timestamp>` for a browser-wallet request of Ankr's dashboard, `remark:<ClaimRemark id>` for a Ledger remark (SPEC §4.15)
     */
    @StringColumn_({nullable: false})
    nonce!: string

    /**
     * the amount as requested: an integer of share base units, or max
     */
    @StringColumn_({nullable: false})
    requestedShares!: string

    @BigIntColumn_({nullable: false})
    shares!: bigint

    /**
     * KSM value of the shares at `ratio` (planck)
     */
    @BigIntColumn_({nullable: false})
    nativeAmount!: bigint

    /**
     * the oracle ratio the value was computed at (1e18-scaled)
     */
    @BigIntColumn_({nullable: false})
    ratio!: bigint

    @BigIntColumn_({nullable: false})
    claimBeforeBlock!: bigint

    /**
     * the Ethereum finalized head the claim was issued at
     */
    @IntColumn_({nullable: false})
    issuedAtEthBlock!: number

    @StringColumn_({nullable: false})
    tokenAddress!: string

    /**
     * the notary's secp256k1 signature over the raw claim hash
     */
    @StringColumn_({nullable: false})
    signature!: string

    /**
     * the Kusama account's signature over the request message (audit); `extrinsic:<hash>` for a Ledger remark
     */
    @StringColumn_({nullable: false})
    requestSignature!: string

    /**
     * sr25519 | ed25519; remark for a Ledger remark (the extrinsic's own signature)
     */
    @StringColumn_({nullable: false})
    requestCrypto!: string

    @Index_()
    @Column_("varchar", {length: 7, nullable: false})
    status!: NotaryClaimStatus

    @Index_()
    @DateTimeColumn_({nullable: false})
    createdAt!: Date

    @DateTimeColumn_({nullable: false})
    expiresAt!: Date

    /**
     * the finalized TokensClaimed that consumed it
     */
    @StringColumn_({nullable: true})
    claimedTxHash!: string | undefined | null

    @IntColumn_({nullable: true})
    claimedBlock!: number | undefined | null

    @DateTimeColumn_({nullable: true})
    claimedAt!: Date | undefined | null

    @DateTimeColumn_({nullable: true})
    expiredAt!: Date | undefined | null

    /**
     * set when the finalized head passed claimBeforeBlock
     */
    @IntColumn_({nullable: true})
    expiredAtEthBlock!: number | undefined | null
}
