import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"
import {CallWrapper} from "./_callWrapper"

/**
 * A successful `nominate` call of a pool account, found also inside utility batches and proxy calls. id = the SDK call id.
 */
@Entity_()
export class Nomination {
    constructor(props?: Partial<Nomination>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    /**
     * the account the call was dispatched for (the signer, or the proxied account)
     */
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
