import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * An outflow (or its rest) that matched no unstake request: for review.
 */
@Entity_()
export class UnmatchedOutflow {
    constructor(props?: Partial<UnmatchedOutflow>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    to!: string

    @BigIntColumn_({nullable: false})
    amount!: bigint

    @BigIntColumn_({nullable: false})
    unmatched!: bigint

    @Index_()
    @DateTimeColumn_({nullable: false})
    timestamp!: Date
}
