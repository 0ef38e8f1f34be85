import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, StringColumn as StringColumn_, Index as Index_, IntColumn as IntColumn_, BigIntColumn as BigIntColumn_, DateTimeColumn as DateTimeColumn_} from "@subsquid/typeorm-store"
import {BurnRevision} from "./_burnRevision"
import {RecipientStatus} from "./_recipientStatus"

/**
 * PolkadotPool.TokensBurned for aKSMb: an unstake request (SPEC §4.5, §4.8). id = `<txHash>-<logIndex>`.
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

    @StringColumn_({nullable: false})
    recipientRaw!: string

    @Index_()
    @Column_("varchar", {length: 17, nullable: false})
    recipientStatus!: RecipientStatus

    /**
     * the Kusama address (SS58 prefix 2) when valid
     */
    @Index_()
    @StringColumn_({nullable: true})
    recipient!: string | undefined | null

    /**
     * network byte of a 35-byte SS58 payload
     */
    @IntColumn_({nullable: true})
    recipientNetwork!: number | undefined | null

    @StringColumn_({nullable: true})
    invalidReason!: string | undefined | null

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

    /**
     * what the pool owes on Kusama (SPEC §4.5)
     */
    @BigIntColumn_({nullable: false})
    owedPlanck!: bigint

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
