/**
 * SPEC §4.2 — periods of `periodSeconds` aligned to the Unix epoch. Period D covers
 * [start(D), end(D)) in block-timestamp milliseconds, start(D) = D·periodSeconds·1000.
 * A period is closed when the common watermark (the older of the two chains' finalized
 * head timestamps) is >= end(D).
 */
import { floorDiv } from '../../domain/units'
import { assertTimestamp, DomainEvent, TimestampMs } from './events'

function periodMs(periodSeconds: number): number {
    if (!Number.isSafeInteger(periodSeconds) || periodSeconds <= 0) {
        throw new RangeError(`periodSeconds must be a positive integer, got ${periodSeconds}`)
    }
    return periodSeconds * 1000
}

/** Index of the period holding timestamp `t` (floor, also for t < 0). */
export function periodOf(t: TimestampMs, periodSeconds: number): number {
    assertTimestamp(t, 'periodOf')
    return Number(floorDiv(BigInt(t), BigInt(periodMs(periodSeconds))))
}

export function periodStart(period: number, periodSeconds: number): TimestampMs {
    if (!Number.isSafeInteger(period)) throw new RangeError(`period must be an integer, got ${period}`)
    const t = period * periodMs(periodSeconds)
    assertTimestamp(t, 'periodStart')
    return t
}

/** Exclusive end of the period = start of the next one. */
export function periodEnd(period: number, periodSeconds: number): TimestampMs {
    return periodStart(period + 1, periodSeconds)
}

/**
 * Label of a period: "YYYY-MM-DD" (UTC date of its start) when the period starts at UTC
 * midnight — always the case for periodSeconds a multiple of 86400.
 * CHOICE (SPEC silent): a period starting inside a day (periodSeconds not a multiple of a
 * day) is labelled with the full instant "YYYY-MM-DDTHH:MM:SSZ" so labels stay unique and
 * still sort chronologically as strings.
 */
export function periodLabel(period: number, periodSeconds: number): string {
    const start = periodStart(period, periodSeconds)
    const iso = new Date(start).toISOString() // pure conversion of a given instant, not the clock
    if (start % 86_400_000 === 0) return iso.slice(0, 10)
    return iso.slice(0, 19) + 'Z'
}

/** Index of the last closed period at `watermark` (end(D) <= watermark). */
export function lastClosedPeriod(watermark: TimestampMs, periodSeconds: number): number {
    assertTimestamp(watermark, 'lastClosedPeriod')
    return periodOf(watermark, periodSeconds) - 1
}

export interface PeriodRange {
    readonly first: number
    readonly last: number
}

/**
 * Periods that get a report at `watermark`: from the period of the first Deposit (of any
 * status) to the last period with end <= watermark. null when there is no deposit yet, no
 * watermark yet, or no such period has closed.
 */
export function reportablePeriods(
    firstDepositAt: TimestampMs | null,
    watermark: TimestampMs | null,
    periodSeconds: number
): PeriodRange | null {
    if (firstDepositAt == null || watermark == null) return null
    const first = periodOf(firstDepositAt, periodSeconds)
    const last = lastClosedPeriod(watermark, periodSeconds)
    return first <= last ? { first, last } : null
}

/** Timestamp of the earliest Deposit (any status) among `events`, or null. */
export function firstDepositTimestamp(events: readonly DomainEvent[]): TimestampMs | null {
    let t: TimestampMs | null = null
    for (const e of events) {
        if (e.type === 'Deposit' && (t == null || e.timestamp < t)) t = e.timestamp
    }
    return t
}

/** All period indexes of a range, ascending. */
export function periodsOf(range: PeriodRange | null): number[] {
    if (range == null) return []
    const out: number[] = []
    for (let d = range.first; d <= range.last; d++) out.push(d)
    return out
}

/** SPEC §4.2 — the common watermark: the earlier of both chains' finalized head times; null until both have one. */
export function watermarkOf(kusamaTime: TimestampMs | null, ethereumTime: TimestampMs | null): TimestampMs | null {
    return kusamaTime == null || ethereumTime == null ? null : Math.min(kusamaTime, ethereumTime)
}

/**
 * SPEC §4.2 with §4.13: Kusama's finalized time when it is indexed in two parts — the relay's until
 * the relay part is final up to its last block, then Asset Hub's (never earlier than the relay's).
 */
export function kusamaTimeAcrossParts(relay: { height: number; time: number | null }, assetHub: { height: number; time: number | null },
    relayEndBlock: number): number | null {
    if (relay.height < relayEndBlock) return relay.time
    return assetHub.time == null ? relay.time : Math.max(assetHub.time, relay.time ?? assetHub.time)
}
