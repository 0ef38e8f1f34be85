import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"

/**
 * SPEC §4.13: what storage held for every pool account at the first block of a later Kusama part (Asset Hub after the migration), read by that part's processor (a fact). id = the part, e.g. `asset-hub`.
 */
@Entity_()
export class MigrationSnapshot {
    constructor(props?: Partial<MigrationSnapshot>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    @IntColumn_({nullable: false})
    height!: number

    @StringColumn_({nullable: false})
    hash!: string

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    /**
     * canonical JSON of the reading (storage keys, raw and decoded values: System.Account and Staking.Ledger per pool account)
     */
    @StringColumn_({nullable: false})
    values!: string
}
