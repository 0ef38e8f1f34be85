/**
 * SPEC §4.13 — MIGRATION_CONTINUITY (blocking) on the report of the period holding the Asset Hub
 * migration: what Asset Hub's storage held for every pool account at its first block (the
 * migration snapshot, a fact the Asset Hub processor records) must equal what the relay chain's
 * events left — balance, active stake, ledger total and unlocking chunks per era — since the
 * migration moved them without per-account events. The liquidity carries on from the events
 * either way; a difference means the migration (or our reading of it) moved an account otherwise.
 *
 * CHOICES (SPEC silent): the events compared are those up to and including the snapshot's block
 * time (its storage includes that block's own events); the snapshot is covered by inputsHash like
 * the reserves readings: sha256(inputsHash + "\n" + "migration:" + digest).
 */
import { createHash } from 'crypto'
import { isPublishable, RatioCheck } from './checks'
import { TimestampMs } from './events'
import { Liquidity } from './liquidity'
import type { RatioReport } from './report'
import { AccountStorage, accountReserves } from './reserves'

export interface MigrationSnapshotFact {
    readonly timestamp: TimestampMs
    readonly height: number
    readonly hash: string
    readonly accounts: readonly AccountStorage[]
    /** sha256 of the stored snapshot (raw keys and values) */
    readonly digest: string
}

export function checkMigrationContinuity(snapshot: MigrationSnapshotFact, relayLiquidity: Liquidity): RatioCheck {
    const diffs = snapshot.accounts.flatMap(a => accountReserves(a, relayLiquidity).differences)
    return {
        name: 'MIGRATION_CONTINUITY', passed: diffs.length === 0, blocking: true,
        detail: diffs.length === 0
            ? `${snapshot.accounts.length} pool accounts on Asset Hub at block ${snapshot.height} equal what the relay chain's events left`
            : `${diffs.length} difference(s) between Asset Hub at block ${snapshot.height} and the relay chain's events: ${diffs.join('; ')}`,
    }
}

/** The report with MIGRATION_CONTINUITY appended, publishable and inputsHash recomputed. */
export function withMigrationContinuity(report: RatioReport, check: RatioCheck, snapshotDigest: string): RatioReport {
    const checks = [...report.checks, check]
    const inputsHash = createHash('sha256').update(`${report.inputsHash}\nmigration:${snapshotDigest}`, 'utf8').digest('hex')
    return { ...report, checks, publishable: isPublishable(checks), inputsHash }
}
