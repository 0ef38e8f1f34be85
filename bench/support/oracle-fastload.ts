/**
 * A bench-only variant of src/oracle/worker/load-events.ts loadEvents, to measure what the obvious
 * speedups would buy (same rows, same DomainEvent objects, so replayPeriods gives byte-identical reports):
 *  - timestamps selected as epoch milliseconds (int8 text → Number) instead of timestamptz parsed by
 *    postgres-date into a Date and back (`ms(r.timestamp)`),
 *  - rows as arrays (`rowMode: 'array'`) instead of one object per row,
 *  - one query per table as before (finality filter and [from, to) unchanged).
 */
import { Client } from 'pg'
import { planck, ratio, shares } from '../../src/domain/units'
import { DomainEvent } from '../../src/oracle/core'
import { Finality } from '../../src/oracle/worker/finality'

type R = any[]
const int = (x: string | null) => (x == null ? null : Number(x))
const T = `(extract(epoch FROM "timestamp") * 1000)::int8`

const SOURCES: { table: string; chain: 'kusama' | 'ethereum'; columns: string; map: (r: R) => DomainEvent }[] = [
    { table: 'pool_deposit', chain: 'kusama', columns: `id, ${T}, "from", "to", amount, status`,
        map: r => ({ type: 'Deposit', id: r[0], timestamp: Number(r[1]), from: r[2], to: r[3], amount: planck(BigInt(r[4])), status: r[5] }) },
    { table: 'staking_reward', chain: 'kusama', columns: `id, ${T}, stash, amount, dest, validator, era`,
        map: r => ({ type: 'Reward', id: r[0], timestamp: Number(r[1]), stash: r[2], amount: planck(BigInt(r[3])), dest: r[4], validator: r[5], era: int(r[6]) }) },
    { table: 'slash', chain: 'kusama', columns: `id, ${T}, stash, amount`,
        map: r => ({ type: 'Slash', id: r[0], timestamp: Number(r[1]), stash: r[2], amount: planck(BigInt(r[3])) }) },
    { table: 'pool_transfer', chain: 'kusama', columns: `id, ${T}, kind, "from", "to", amount`,
        map: r => ({ type: 'PoolTransfer', id: r[0], timestamp: Number(r[1]), kind: r[2], from: r[3], to: r[4], amount: planck(BigInt(r[5])) }) },
    { table: 'staking_change', chain: 'kusama', columns: `id, ${T}, action, stash, amount, active_era`,
        map: r => ({ type: 'StakingChange', id: r[0], timestamp: Number(r[1]), action: r[2], stash: r[3], amount: planck(BigInt(r[4])), activeEra: int(r[5]) }) },
    { table: 'era_paid', chain: 'kusama', columns: `id, ${T}, era`,
        map: r => ({ type: 'EraPaid', id: r[0], timestamp: Number(r[1]), era: Number(r[2]) }) },
    { table: 'pool_fee', chain: 'kusama', columns: `id, ${T}, account, amount`,
        map: r => ({ type: 'PoolFee', id: r[0], timestamp: Number(r[1]), account: r[2], amount: planck(BigInt(r[3])) }) },
    { table: 'burn', chain: 'ethereum', columns: `id, ${T}, account, recipient, recipient_status, shares, owed_planck`,
        map: r => ({ type: 'Burn', id: r[0], timestamp: Number(r[1]), ethAccount: r[2], recipient: r[3], recipientStatus: r[4], shares: shares(BigInt(r[5])), owedPlanck: planck(BigInt(r[6])) }) },
    { table: 'ratio_update', chain: 'ethereum', columns: `id, ${T}, ratio`,
        map: r => ({ type: 'RatioUpdate', id: r[0], timestamp: Number(r[1]), ratio: ratio(BigInt(r[2])) }) },
]

export async function loadEventsFast(db: Client, finality: Finality, to: number): Promise<DomainEvent[]> {
    const out: DomainEvent[] = []
    for (const s of SOURCES) {
        const res = await db.query({
            text: `SELECT ${s.columns} FROM ${s.table} WHERE block_height <= $1 AND "timestamp" < $2`,
            values: [finality[s.chain].height, new Date(to)],
            rowMode: 'array',
        })
        for (const r of res.rows) out.push(s.map(r))
    }
    return out
}
