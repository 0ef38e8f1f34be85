import { Field, Int, ObjectType } from 'type-graphql'
import { ReservesView } from './reserves-views'

/**
 * The custom GraphQL types of SPEC §5: field names are the contract with the dashboard, analysts
 * and the ratio publisher. Integers that can exceed 2^53 travel as decimal strings.
 */
@ObjectType()
export class RatioCheck {
    @Field() name!: string
    @Field() passed!: boolean
    @Field() blocking!: boolean
    @Field() detail!: string
}

@ObjectType()
export class RatioReportView {
    @Field({ description: 'UTC start of the period, e.g. 2026-03-02' }) period!: string
    @Field() periodStart!: Date
    @Field() periodEnd!: Date
    @Field({ description: '1e18-scaled shares per aKSMb' }) ratio!: string
    @Field({ description: 'S' }) totalShares!: string
    @Field({ description: 'P, aKSMb base units' }) pooledValue!: string
    @Field() creditedPlanck!: string
    @Field() creditedShares!: string
    @Field() grossRewardPlanck!: string
    @Field() feePlanck!: string
    @Field() netRewardPlanck!: string
    @Field() slashedPlanck!: string
    @Field() burnedShares!: string
    @Field() owedPlanck!: string
    @Field() apr!: string
    @Field() publishable!: boolean
    @Field(() => [RatioCheck]) checks!: RatioCheck[]
    @Field() inputsHash!: string
    // beyond the contract
    @Field() prevRatio!: string
    @Field() onchainRatio!: string
    @Field(() => Int) creditedCount!: number
    @Field(() => Int) belowMinimumCount!: number
    @Field() belowMinimumPlanck!: string
    @Field(() => Int) heldCount!: number
    @Field() heldPlanck!: string
    @Field(() => Int) rewardCount!: number
    @Field(() => Int) slashCount!: number
    @Field(() => Int) burnCount!: number
    @Field(() => Int, { description: 'R1 burns: each may leave one share unit in S (the MONOTONE bound)' }) r1BurnCount!: number
    @Field(() => Int) eventCount!: number
    @Field({ nullable: true }) firstEventId?: string
    @Field({ nullable: true }) lastEventId?: string
    @Field(() => ReservesView, { nullable: true, description: 'SPEC §4.14: storage at the last finalized blocks before the period\'s end beside the events (null: not read)' })
    reserves?: ReservesView
}

@ObjectType()
export class DepositView {
    @Field() id!: string
    @Field() from!: string
    @Field() amountPlanck!: string
    @Field({ description: 'CREDITED | BELOW_MINIMUM | HELD | REFUNDED, or PENDING until its block is final and the previous period is reported' }) status!: string
    @Field({ description: 'shares credited at the previous period\'s ratio, fixed as soon as the deposit is final and that period is reported; 0 unless CREDITED' }) shares!: string
    @Field() extrinsicId!: string
    @Field() extrinsicHash!: string
    @Field(() => Int) blockHeight!: number
    @Field() timestamp!: Date
    @Field({ description: 'false while its block is not yet final' }) finalized!: boolean
}

@ObjectType()
export class UnstakeRequestView {
    @Field() id!: string
    @Field() ethAccount!: string
    @Field({ nullable: true }) recipient?: string
    @Field() shares!: string
    @Field() owedPlanck!: string
    @Field() paidPlanck!: string
    @Field({ description: 'PENDING | PARTIALLY_PAID | PAID | INVALID_RECIPIENT' }) status!: string
    @Field() overdue!: boolean
    @Field() requestedAt!: Date
    @Field({ nullable: true }) paidAt?: Date
    @Field({ nullable: true }) eta?: Date
    @Field({ nullable: true, description: 'LIQUID | UNBONDING | NEEDS_UNBOND' }) etaReason?: string
}

@ObjectType()
export class OutflowView {
    @Field() id!: string
    @Field() to!: string
    @Field() amountPlanck!: string
    @Field() unmatchedPlanck!: string
    @Field() timestamp!: Date
}

@ObjectType()
export class UnstakeQueueView {
    @Field({ nullable: true }) watermark?: Date
    @Field(() => [UnstakeRequestView]) requests!: UnstakeRequestView[]
    @Field(() => [OutflowView]) unmatchedOutflows!: OutflowView[]
    @Field() pendingOwedPlanck!: string
    @Field({ description: 'free balance of the pool accounts less refundablePlanck' }) freePlanck!: string
    @Field({ description: 'unrefunded planck of BELOW_MINIMUM and HELD deposits, owed back to their senders' }) refundablePlanck!: string
    @Field() unbondingPlanck!: string
    @Field() toUnbondPlanck!: string
    @Field(() => Int) overdueCount!: number
    @Field(() => Int) requestCount!: number
}

@ObjectType()
export class RewardGroup {
    @Field() key!: string
    @Field() grossPlanck!: string
    @Field() feePlanck!: string
    @Field() netPlanck!: string
    @Field(() => Int) count!: number
}

@ObjectType()
export class HistoryEntry {
    @Field({ description: 'STAKE | CLAIM | UNSTAKE | PAYOUT | TRANSFER' }) kind!: string
    @Field() timestamp!: Date
    @Field({ description: 'planck for STAKE, UNSTAKE and PAYOUT; aKSMb base units for TRANSFER; shares for CLAIM' }) amount!: string
    @Field({ nullable: true }) status?: string
    @Field({ description: 'the id of the record behind the entry' }) ref!: string
}

@ObjectType()
export class AccountSummary {
    @Field() address!: string
    @Field({ description: 'KUSAMA | ETHEREUM' }) chain!: string
    @Field() creditedShares!: string
    @Field() claimableShares!: string
    @Field() claimableValuePlanck!: string
    @Field() claimedShares!: string
    @Field() sharesOnChain!: string
    @Field() bondBalance!: string
    @Field(() => [UnstakeRequestView]) pendingUnstakes!: UnstakeRequestView[]
}

@ObjectType()
export class ChainStatusView {
    @Field() chain!: string
    @Field(() => Int, { description: 'last finalized height the processor has stored' }) finalizedHeight!: number
    @Field({ nullable: true }) finalizedTime?: Date
    @Field({ description: 'the chain endpoint has not answered the processor for longer than STALL_AFTER_SECONDS (the SDK retries forever)' })
    stalled!: boolean
    @Field({ nullable: true, description: 'when stalled: the endpoint\'s last answer to the processor (or the processor\'s first start); null when healthy' })
    stalledSince?: Date
}

@ObjectType()
export class IndexerStatus {
    @Field(() => [ChainStatusView]) chains!: ChainStatusView[]
    @Field({ nullable: true, description: 'the common watermark: periods ending at or before it are closed' }) watermark?: Date
    @Field({ nullable: true }) latestPeriod?: string
}
