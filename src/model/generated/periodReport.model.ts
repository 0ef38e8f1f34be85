import {Entity as Entity_, Column as Column_, PrimaryColumn as PrimaryColumn_, IntColumn as IntColumn_, Index as Index_, DateTimeColumn as DateTimeColumn_, BigIntColumn as BigIntColumn_, StringColumn as StringColumn_, BooleanColumn as BooleanColumn_, JSONColumn as JSONColumn_} from "@subsquid/typeorm-store"
import * as marshal from "./marshal"
import {RatioCheck} from "./_ratioCheck"

/**
 * A closed period's report (SPEC §4.6, §4.7): written once, in one transaction with its deposit credits and queue report.
 */
@Entity_()
export class PeriodReport {
    constructor(props?: Partial<PeriodReport>) {
        Object.assign(this, props)
    }

    /**
     * the period label, e.g. 2026-03-02
     */
    @PrimaryColumn_()
    id!: string

    @Index_({unique: true})
    @IntColumn_({nullable: false})
    period!: number

    @DateTimeColumn_({nullable: false})
    periodStart!: Date

    @DateTimeColumn_({nullable: false})
    periodEnd!: Date

    @BigIntColumn_({nullable: false})
    prevRatio!: bigint

    @BigIntColumn_({nullable: false})
    ratio!: bigint

    @BigIntColumn_({nullable: false})
    prevTotalShares!: bigint

    @BigIntColumn_({nullable: false})
    totalShares!: bigint

    @BigIntColumn_({nullable: false})
    prevPooledValue!: bigint

    @BigIntColumn_({nullable: false})
    pooledValue!: bigint

    @BigIntColumn_({nullable: false})
    creditedPlanck!: bigint

    @BigIntColumn_({nullable: false})
    creditedShares!: bigint

    @IntColumn_({nullable: false})
    creditedCount!: number

    @BigIntColumn_({nullable: false})
    belowMinimumPlanck!: bigint

    @IntColumn_({nullable: false})
    belowMinimumCount!: number

    @BigIntColumn_({nullable: false})
    heldPlanck!: bigint

    @IntColumn_({nullable: false})
    heldCount!: number

    @BigIntColumn_({nullable: false})
    grossRewardPlanck!: bigint

    @BigIntColumn_({nullable: false})
    feePlanck!: bigint

    @BigIntColumn_({nullable: false})
    netRewardPlanck!: bigint

    @IntColumn_({nullable: false})
    rewardCount!: number

    @BigIntColumn_({nullable: false})
    slashedPlanck!: bigint

    @IntColumn_({nullable: false})
    slashCount!: number

    @BigIntColumn_({nullable: false})
    burnedShares!: bigint

    @BigIntColumn_({nullable: false})
    owedPlanck!: bigint

    @IntColumn_({nullable: false})
    burnCount!: number

    /**
     * R1 burns of the period (each may leave one share unit in S: the MONOTONE bound)
     */
    @IntColumn_({nullable: false})
    r1BurnCount!: number

    /**
     * on-chain ratio in force at the end of the period, and the RatioUpdate that set it
     */
    @BigIntColumn_({nullable: false})
    onchainRatio!: bigint

    @StringColumn_({nullable: true})
    onchainRatioId!: string | undefined | null

    @BooleanColumn_({nullable: false})
    insolvent!: boolean

    @BooleanColumn_({nullable: false})
    negativeShares!: boolean

    @StringColumn_({nullable: false})
    apr!: string

    @Column_("jsonb", {transformer: {to: obj => obj.map((val: any) => val.toJSON()), from: obj => obj == null ? undefined : marshal.fromList(obj, val => new RatioCheck(undefined, marshal.nonNull(val)))}, nullable: false})
    checks!: (RatioCheck)[]

    @BooleanColumn_({nullable: false})
    publishable!: boolean

    @IntColumn_({nullable: false})
    eventCount!: number

    @StringColumn_({nullable: true})
    firstEventId!: string | undefined | null

    @StringColumn_({nullable: true})
    lastEventId!: string | undefined | null

    /**
     * sha256 of the sorted ids of the domain events the report consumed
     */
    @StringColumn_({nullable: false})
    inputsHash!: string

    /**
     * SPEC §4.14: storage at the last finalized block before end(D) beside what the events say (null: no chain reader configured)
     */
    @JSONColumn_({nullable: true})
    reserves!: unknown | undefined | null

    /**
     * canonical JSON of the report: a recompute from scratch must reproduce these bytes
     */
    @StringColumn_({nullable: false})
    canonical!: string
}
