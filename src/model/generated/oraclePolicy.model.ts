import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * The core settings the stored oracle tables were computed with (one row, id `core`). When the profile's settings change (minStake, feeBps, ...), the worker recomputes every oracle table from the finalized events: a policy change, never a re-index.
 */
@Entity_()
export class OraclePolicy {
    constructor(props?: Partial<OraclePolicy>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    /**
     * canonical JSON of the core settings
     */
    @StringColumn_({nullable: false})
    settings!: string

    @DateTimeColumn_({nullable: false})
    appliedAt!: Date
}
