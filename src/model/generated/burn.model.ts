import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, BigIntColumn as BigIntColumn_, IntColumn as IntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {BurnRevision} from "./_burnRevision"

/**
 * PolkadotPool.TokensBurned for aKSMb, as the chain said it. id = `<txHash>-<logIndex>`. What it owes and to whom (SPEC §4.5) is the oracle's decision: see UnstakeRequest.
 */
@Entity_()
export class Burn {
    constructor(props?: Partial<Burn>) {
        Object.assign(this, props)
    }

    @PrimaryColumn_()
    id!: string

    @Column_("varchar", {length: 2, nullable: false})
    revision!: BurnRevision

    @Index_()
    @StringColumn_({nullable: false})
    account!: string

    /**
     * the recipient bytes of the log, 0x hex
     */
    @StringColumn_({nullable: false})
    recipientRaw!: string

    @BigIntColumn_({nullable: false})
    shares!: bigint

    /**
     * aKSMb amount of an R1 burn; null for R0
     */
    @BigIntColumn_({nullable: true})
    amount!: bigint | undefined | null

    /**
     * on-chain ratio in force at this log (1e18-scaled)
     */
    @BigIntColumn_({nullable: false})
    ratio!: bigint

    @Index_()
    @StringColumn_({nullable: false})
    txHash!: string

    @Index_()
    @IntColumn_({nullable: false})
    blockHeight!: number

    @StringColumn_({nullable: false})
    blockHash!: string

    @Index_()
    @DateTimeColumn_({nullable: false})
    timestamp!: Date

    @IntColumn_({nullable: false})
    logIndex!: number
}
