import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {CallWrapper} from "./_callWrapper"

/**
 * A `nominate` call of a pool account, found also inside utility batches and proxy calls.
 */
@Entity_()
export class Nomination {
    constructor(props?: Partial<Nomination>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Index_()
    @StringColumn_({nullable: false})
    stash!: string

    @StringColumn_({array: true, nullable: false})
    validators!: (string)[]

    @Column_("varchar", {length: 6, nullable: false})
    via!: CallWrapper

    @StringColumn_({nullable: false})
    extrinsicHash!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @StringColumn_({nullable: false})
    blockHash!: string

    @Index_()
    @DateTimeColumn_({nullable: false})
    timestamp!: Date
}
