import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {ClaimRemarkStatus} from "./_claimRemarkStatus"

/**
 * The notary's decision on a final ClaimRemark (SPEC §4.15), written once by the oracle worker's notary step. id = the ClaimRemark id.
 */
@Entity_()
export class ClaimRemarkOutcome {
    constructor(props?: Partial<ClaimRemarkOutcome>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    kusamaAccount!: string

    @Column_("varchar", {length: 7, nullable: false})
    status!: ClaimRemarkStatus

    /**
     * the NotaryClaim issued (0x claim id); null when refused
     */
    @Index_()
    @StringColumn_({nullable: true})
    notaryClaimId!: string | undefined | null

    /**
     * the shares of the claim: the remark's amount at the claim ratio, capped at what was claimable
     */
    @BigIntColumn_({nullable: true})
    shares!: bigint | undefined | null

    /**
     * the NotaryError code of a refusal (BAD_REMARK, NOTHING_CLAIMABLE, ...), or CAPPED when the claim is less than asked
     */
    @StringColumn_({nullable: true})
    code!: string | undefined | null

    @StringColumn_({nullable: true})
    reason!: string | undefined | null

    @DateTimeColumn_({nullable: false})
    decidedAt!: Date
}
