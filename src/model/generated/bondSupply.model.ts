import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * Totals of the aKSMb ledger (a single row, id `aKSMb`).
 */
@Entity_()
export class BondSupply {
    constructor(props?: Partial<BondSupply>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @BigIntColumn_({nullable: false})
    totalShares!: bigint

    @BigIntColumn_({nullable: false})
    ratio!: bigint

    /**
     * PolkadotPool events of other tokens (aDOTb), ignored
     */
    @IntColumn_({nullable: false})
    foreignTokenEvents!: number

    @IntColumn_({nullable: false})
    updatedAtBlock!: number
}
