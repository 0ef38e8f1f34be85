import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"

/**
 * Block times recorded by the processors (first/last block of every batch and the first block at or after each period boundary): the time of each chain's finalized head, read from the database alone.
 */
@Entity_()
export class ChainClock {
    constructor(props?: Partial<ChainClock>) {
        Object.assign(this, props)
    }

    /**
     * `<chain>-<height>`
     */
    @PrimaryColumn_()
    id!: string

    /**
     * kusama | ethereum
     */
    @Index_()
    @StringColumn_({nullable: false})
    chain!: string

    @Index_()
    @IntColumn_({nullable: false})
    height!: number

    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    /**
     * the block's hash: where the oracle reads the chain's storage for proof of reserves (SPEC §4.14)
     */
    @StringColumn_({nullable: true})
    hash!: string | undefined | null

    /**
     * Kusama: the runtime the block's state is encoded with (picks the metadata to decode storage)
     */
    @IntColumn_({nullable: true})
    specVersion!: number | undefined | null
}
