/**
 * The readings behind a report's reserves section (SPEC §4.14): for each chain, the storage at the
 * last finalized block before the period's end, read once and stored as a fact (table
 * reserves_reading), so a recompute or `verify` uses the same bytes without touching the chain,
 * and `verify --reread` can compare them with what an archive node says today.
 */
import { createHash } from 'crypto'
import { ClientBase } from 'pg'
import { createLogger } from '@subsquid/logger'
import { insertEntities } from '../../db/entity-rows'
import { planck, shares } from '../../domain/units'
import { ReservesReading } from '../../model'
import { KusamaReading, KusamaStorageReader } from '../../chains/kusama/storage/reserves-reads'
import { EthereumReading, EthereumStorageReader } from '../../chains/ethereum/storage/reserves-reads'
import { AccountStorage, periodEnd, periodLabel, ReservesReadings } from '../core'
import { Finality } from './finality'

const LOG = createLogger('sqd:oracle:reserves')

export interface ReservesReaders {
    kusama: KusamaStorageReader
    /** a two-part profile's Asset Hub (SPEC §4.13): read for periods ending after the migration */
    kusamaAssetHub?: KusamaStorageReader
    ethereum: EthereumStorageReader
    /** every pool account (SS58), as the liquidity settings list them */
    poolAccounts: readonly string[]
}

type Chain = 'kusama' | 'kusama-asset-hub' | 'ethereum'
interface BlockRow { height: number; hash: string; timestamp: number; specVersion: number | null }

/** canonical JSON: bigints as decimal strings, the reading's own key order */
export const readingJson = (r: KusamaReading | EthereumReading) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))

/** the last block of `chain` before `end` at or below its finalized height, from the processors' clock rows */
export async function lastBlockBefore(db: ClientBase, chain: Chain, end: number, finalizedHeight: number): Promise<BlockRow> {
    const b = await lastBlockBeforeIfAny(db, chain, end, finalizedHeight)
    if (b == null) throw new Error(`proof of reserves: no ${chain} block before ${new Date(end).toISOString()} in chain_clock`)
    return b
}

/** the same, null when the chain has no final block before `end` (Asset Hub before the migration) */
async function lastBlockBeforeIfAny(db: ClientBase, chain: Chain, end: number, finalizedHeight: number): Promise<BlockRow | null> {
    const { rows: [r] } = await db.query(
        `SELECT height, hash, spec_version, (extract(epoch FROM "timestamp") * 1000)::int8 AS t FROM chain_clock
         WHERE chain = $1 AND "timestamp" < $2 AND height <= $3 ORDER BY height DESC LIMIT 1`, [chain, new Date(end), finalizedHeight])
    if (r == null) return null
    if (r.hash == null) {
        throw new Error(`proof of reserves: ${chain} block ${r.height} was indexed without its hash (before chain_clock.hash existed): re-index from the start block`)
    }
    return { height: r.height, hash: r.hash, timestamp: Number(r.t), specVersion: r.spec_version }
}

/** stored readings of `period` (both chains), or null */
export async function storedReadings(db: ClientBase, period: number): Promise<{ kusama: string; ethereum: string } | null> {
    const { rows } = await db.query('SELECT chain, "values" FROM reserves_reading WHERE period = $1', [period])
    const k = rows.find(r => r.chain === 'kusama')
    const e = rows.find(r => r.chain === 'ethereum')
    return k && e ? { kusama: k.values, ethereum: e.values } : null
}

export interface PeriodReadings {
    core: ReservesReadings
    /** rows to store with the period (empty when they were stored before) */
    rows: Record<string, unknown>[]
}

/** The readings of period D: the stored ones, or read now at each chain's last block before end(D). */
export async function readingsForPeriod(db: ClientBase, readers: ReservesReaders, period: number, periodSeconds: number,
    finality: Finality): Promise<PeriodReadings> {
    const stored = await storedReadings(db, period)
    if (stored) return { core: coreReadings(stored.kusama, stored.ethereum), rows: [] }
    const end = periodEnd(period, periodSeconds)
    const label = periodLabel(period, periodSeconds)
    const { block: kb, reader } = await kusamaBlockBefore(db, readers, end, finality)
    const eb = await lastBlockBefore(db, 'ethereum', end, finality.ethereum.height)
    const k0 = reader.roundTrips
    const e0 = readers.ethereum.roundTrips
    const kusama = readingJson(await reader.read(kb, readers.poolAccounts))
    const ethereum = readingJson(await readers.ethereum.read(eb))
    const now = new Date()
    const row = (chain: Chain, b: BlockRow, values: string, roundTrips: number) =>
        ({ id: `${chain}-${label}`, chain, period, height: b.height, hash: b.hash, timestamp: new Date(b.timestamp), values, roundTrips, readAt: now })
    const rows = [row('kusama', kb, kusama, reader.roundTrips - k0), row('ethereum', eb, ethereum, readers.ethereum.roundTrips - e0)]
    LOG.info(`period ${label}: reserves read at Kusama block ${kb.height} and Ethereum block ${eb.height} `
        + `(${rows[0].roundTrips} + ${rows[1].roundTrips} storage round trips)`)
    return { core: coreReadings(kusama, ethereum), rows }
}

/** Kusama's last block before `end`: on Asset Hub once its part holds one (after the migration), else on the relay chain */
async function kusamaBlockBefore(db: ClientBase, readers: ReservesReaders, end: number, finality: Finality): Promise<{ block: BlockRow; reader: KusamaStorageReader }> {
    if (finality.assetHub != null && finality.assetHub.height >= 0 && readers.kusamaAssetHub) {
        const ah = await lastBlockBeforeIfAny(db, 'kusama-asset-hub', end, finality.assetHub.height)
        if (ah) return { block: ah, reader: readers.kusamaAssetHub }
    }
    return { block: await lastBlockBefore(db, 'kusama', end, finality.kusama.height), reader: readers.kusama }
}

export async function storeReadings(db: ClientBase, rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length) await insertEntities(db, ReservesReading, rows)
}

/** a stored Kusama reading's account, as the core reads it (decoded values; bigints from their strings) */
export function accountStorageOf(a: any): AccountStorage {
    const p = (x: string) => planck(BigInt(x))
    return {
        account: a.account, free: p(a.free), reserved: p(a.reserved), frozen: p(a.frozen),
        ledger: a.ledger == null ? null : {
            total: p(a.ledger.total), active: p(a.ledger.active),
            unlocking: a.ledger.unlocking.map((u: any) => ({ era: u.era, value: p(u.value) })),
        },
    }
}

/** the core's view of two stored readings (decoded values only; the digest covers the raw ones) */
export function coreReadings(kusamaJson: string, ethereumJson: string): ReservesReadings {
    const k = JSON.parse(kusamaJson)
    const e = JSON.parse(ethereumJson)
    return {
        kusama: { height: k.height, hash: k.hash, timestamp: k.timestamp, accounts: k.accounts.map(accountStorageOf) },
        ethereum: { height: e.height, hash: e.hash, timestamp: e.timestamp, totalSharesSupply: shares(BigInt(e.totalSharesSupply)) },
        digest: createHash('sha256').update(`${kusamaJson}\n${ethereumJson}`, 'utf8').digest('hex'),
    }
}

/** every stored pair of readings by period (a recompute uses the facts read at close, never the chain) */
export async function storedReadingsByPeriod(db: ClientBase): Promise<Map<number, ReservesReadings>> {
    const { rows } = await db.query('SELECT period, chain, "values" FROM reserves_reading ORDER BY period')
    const byPeriod = new Map<number, Record<string, string>>()
    for (const r of rows) byPeriod.set(r.period, { ...byPeriod.get(r.period), [r.chain]: r.values })
    const out = new Map<number, ReservesReadings>()
    for (const [period, v] of byPeriod) if (v.kusama && v.ethereum) out.set(period, coreReadings(v.kusama, v.ethereum))
    return out
}
