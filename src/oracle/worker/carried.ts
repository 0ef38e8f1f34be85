import { DomainEvent, LiveCursor, MigrationSnapshotFact, PeriodState, PoolFold, RatioCheck } from '../core'
import { Finality } from './finality'

/**
 * What a running worker carries from one pass to the next so that a pass costs the events since
 * the last one, not the whole history: the pool fold (deposits, refunds, queue, liquidity; every event up to the
 * watermark applied), the state after the last closed period, and the tail of events of the
 * periods not yet closed (already folded; the next period's report needs them).
 *
 * Sound because a pass only ever reads finalized rows with timestamps at or below the watermark,
 * and the watermark never lets a row of an earlier time appear later (finality.ts): the union of
 * the slices read pass by pass is the history a fresh worker reads in one go. Anything that breaks
 * the premise — the stored state is not the one carried (another worker, a manual repair), a chain
 * going backwards (a database reset) — drops the carry, and the pass starts from scratch.
 */
export interface CarriedHistory {
    finality: Finality & { watermark: number }
    state: PeriodState
    pool: PoolFold
    /** events from the start of the first unclosed period up to the watermark, in canonical order */
    tail: DomainEvent[]
    /** where the pass's read of the live queue stopped: the next pass writes only what changed after it */
    cursor: LiveCursor
    /** MIGRATION_CONTINUITY, once a fold has passed the migration snapshot's time (its period may close later) */
    continuity?: RatioCheck
    /** the migration snapshot, once `continuity` is taken (its block is final then) */
    migration?: MigrationSnapshotFact
}

/** Whether a pass at `finality`, with `stored` the last state in the database, may continue from `carried`. */
export function canContinue(carried: CarriedHistory, finality: Finality, stored: PeriodState | null): boolean {
    if (stored == null || !samePeriodState(stored, carried.state)) return false
    if (finality.watermark == null || finality.watermark < carried.finality.watermark) return false
    return finality.kusama.height >= carried.finality.kusama.height && finality.ethereum.height >= carried.finality.ethereum.height
        && (finality.assetHub?.height ?? -1) >= (carried.finality.assetHub?.height ?? -1)
}

export function samePeriodState(a: PeriodState, b: PeriodState): boolean {
    return a.period === b.period && a.ratio === b.ratio && a.totalShares === b.totalShares && a.pooledValue === b.pooledValue
        && a.onchainRatio === b.onchainRatio && (a.onchainRatioId ?? null) === (b.onchainRatioId ?? null) && a.insolvent === b.insolvent
}
