import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * Part of an outflow paid to an unstake request (FIFO matching at the watermark).
 */
@Entity_()
export class OutflowAllocation {
    constructor(props?: Partial<OutflowAllocation>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    outflowId!: string

    @Index_()
    @StringColumn_({nullable: false})
    requestId!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @DateTimeColumn_({nullable: false})
    timestamp!: Date
}
