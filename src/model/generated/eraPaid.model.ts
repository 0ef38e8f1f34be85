import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"

/**
 * Staking.EraPaid / EraPayout of any era: the era clock.
 */
@Entity_()
export class EraPaid {
    constructor(props?: Partial<EraPaid>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    @Index_()
    @IntColumn_({nullable: false})
    era!: number

    @BigIntColumn_({nullable: false})
    validatorPayout!: bigint

    @BigIntColumn_({nullable: true})
    remainder!: bigint | undefined | null

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @StringColumn_({nullable: false})
    blockHash!: string

    @Index_()
    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @IntColumn_({nullable: false})
    eventIndex!: number
}
