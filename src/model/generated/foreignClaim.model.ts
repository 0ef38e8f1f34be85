import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, BigIntColumn as BigIntColumn_, Index as Index_, StringColumn as StringColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * FOREIGN_CLAIM alert: a finalized TokensClaimed whose claimId the notary never issued. id = the Claim row id.
 */
@Entity_()
export class ForeignClaim {
    constructor(props?: Partial<ForeignClaim>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @BigIntColumn_({nullable: false})
    claimId!: bigint

    @BigIntColumn_({nullable: false})
    shares!: bigint

    @Index_()
    @StringColumn_({nullable: false})
    account!: string

    @StringColumn_({nullable: false})
    txHash!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @DateTimeColumn_({nullable: false})
    detectedAt!: Date
}
