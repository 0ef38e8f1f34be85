import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, StringColumn as StringColumn_, BigIntColumn as BigIntColumn_, BooleanColumn as BooleanColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * Every unstake request with its live status and ETA at the watermark (SPEC §4.8, §4.9). id = the Burn id.
 */
@Entity_()
export class UnstakeRequest {
    constructor(props?: Partial<UnstakeRequest>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @IntColumn_({nullable: false})
    queuePosition!: number

    @Index_()
    @StringColumn_({nullable: false})
    ethAccount!: string

    @Index_()
    @StringColumn_({nullable: true})
    recipient!: string | undefined | null

    @StringColumn_({nullable: false})
    recipientStatus!: string

    @BigIntColumn_({nullable: false})
    shares!: bigint

    @BigIntColumn_({nullable: false})
    owedPlanck!: bigint

    @BigIntColumn_({nullable: false})
    paidPlanck!: bigint

    /**
     * PENDING | PARTIALLY_PAID | PAID | INVALID_RECIPIENT
     */
    @Index_()
    @StringColumn_({nullable: false})
    status!: string

    @BooleanColumn_({nullable: false})
    overdue!: boolean

    @Index_()
    @DateTimeColumn_({nullable: false})
    requestedAt!: Date

    @DateTimeColumn_({nullable: true})
    paidAt!: Date | undefined | null

    @DateTimeColumn_({nullable: false})
    deadline!: Date

    @DateTimeColumn_({nullable: true})
    eta!: Date | undefined | null

    /**
     * LIQUID | UNBONDING | NEEDS_UNBOND
     */
    @StringColumn_({nullable: true})
    etaReason!: string | undefined | null

    /**
     * the ETA first shown for this request (kept while later passes move eta): ETA accuracy
     */
    @DateTimeColumn_({nullable: true})
    firstEta!: Date | undefined | null

    /**
     * the watermark of the pass that first showed it
     */
    @DateTimeColumn_({nullable: true})
    firstEtaWatermark!: Date | undefined | null
}
