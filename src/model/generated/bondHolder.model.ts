import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_} from "@subsquid/typeorm-store"

/**
 * Share ledger of one aKSMb holder, exact to the unit.
 */
@Entity_()
export class BondHolder {
    constructor(props?: Partial<BondHolder>) {
        Object.assign(this, props)
    }

    /**
     * the Ethereum address, lower case
     */
    @PrimaryColumn_()
    id!: string

    @BigIntColumn_({nullable: false})
    shares!: bigint

    @IntColumn_({nullable: false})
    updatedAtBlock!: number
}
