import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, IntColumn as IntColumn_, Index as Index_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * What a chain's storage held at the last finalized block before a period's end (SPEC §4.14): a fact read by the oracle worker, input of that period's reserves section, kept across policy recomputes. id = `<chain>-<period label>`.
 */
@Entity_()
export class ReservesReading {
    constructor(props?: Partial<ReservesReading>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    /**
     * kusama | ethereum
     */
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @IntColumn_({nullable: false})
    period!: number

    @IntColumn_({nullable: false})
    height!: number

    @StringColumn_({nullable: false})
    hash!: string

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    /**
     * canonical JSON of the values read (storage keys, raw and decoded values)
     */
    @StringColumn_({nullable: false})
    values!: string

    /**
     * JSON-RPC round trips the read took (metadata fetches excluded)
     */
    @IntColumn_({nullable: false})
    roundTrips!: number

    @DateTimeColumn_({nullable: false})
    readAt!: Date
}
