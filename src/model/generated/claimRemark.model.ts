import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"
import {CallWrapper} from "./_callWrapper"

/**
 * A Ledger-wallet claim request of Ankr's dashboard (SPEC §4.15): a successful `System.remark` whose data starts
 * with `Stakefi Signed Message:`, direct or inside utility batches and proxy calls, from any account. A fact: what
 * the notary did with it is ClaimRemarkOutcome. Malformed ones are recorded too, with the reason (`error`), so the
 * account sees why no claim came of them. id = the SDK call id.
 */
@Entity_()
export class ClaimRemark {
    constructor(props?: Partial<ClaimRemark>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    /**
     * the account the remark was dispatched for (the signer, or the proxied account), SS58 prefix 2
     */
    @Index_()
    @StringColumn_({nullable: false})
    account!: string

    /**
     * the remark bytes, 0x hex (the first 256 bytes of a longer one)
     */
    @StringColumn_({nullable: false})
    data!: string

    @IntColumn_({nullable: false})
    dataLength!: number

    /**
     * the receiving Ethereum address (checksummed); null when the remark is malformed
     */
    @StringColumn_({nullable: true})
    ethAddress!: string | undefined | null

    @BigIntColumn_({nullable: true})
    loanId!: bigint | undefined | null

    /**
     * the amount to claim, in planck
     */
    @BigIntColumn_({nullable: true})
    amountPlanck!: bigint | undefined | null

    /**
     * `BAD_REMARK: <reason>` when the data is not the CreateClaim form; null when well formed
     */
    @StringColumn_({nullable: true})
    error!: string | undefined | null

    @Column_("varchar", {length: 6, nullable: false})
    via!: CallWrapper

    @StringColumn_({nullable: false})
    extrinsicHash!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @StringColumn_({nullable: false})
    blockHash!: string

    @Index_()
    @DateTimeColumn_({nullable: false})
    timestamp!: Date
}
