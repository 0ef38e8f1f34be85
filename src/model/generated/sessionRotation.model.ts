import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, StringColumn as StringColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {SubstrateChain} from "./_substrateChain"

/**
 * Staking.SessionRotated (Asset Hub): the active era named at every session, an input of the era clock beside EraPaid.
 */
@Entity_()
export class SessionRotation {
    constructor(props?: Partial<SessionRotation>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 16, nullable: false})
    chain!: SubstrateChain

    @IntColumn_({nullable: false})
    startingSession!: number

    @Index_()
    @IntColumn_({nullable: false})
    activeEra!: number

    @IntColumn_({nullable: false})
    plannedEra!: number

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
