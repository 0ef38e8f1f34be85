import { Client } from 'pg'
import { blake2AsHex } from '@polkadot/util-crypto'
import { pgConfig } from '../../src/db/connection'
import { encodeKusamaAddress } from '../../src/domain/kusama-address'
import type { LocalStack } from '../../src/local/local-stack'
import type { KusamaSimulator, MinedBlock } from '../../src/local/kusama-sim'
import { planck, ratio } from '../../src/domain/units'
import { rowIdOf } from '../../src/chains/kusama/mapping/block-context'
import { SubstrateChain } from '../../src/model'
import { decideDeposit, DepositEvent, DepositOutcome, periodOf } from '../../src/oracle/core'

export const KSM = 1_000_000_000_000n

/** Genesis time of the Kusama tests' simulated chains; `at(t)` is t seconds later (epoch ms). */
export const START = Date.parse('2026-01-05T00:00:00Z')
export const at = (t: number) => START + t * 1000
export const HOUR = 3600

export async function dbClient(stack: LocalStack): Promise<Client> {
    const c = new Client(pgConfig(stack.db))
    await c.connect()
    return c
}

/** Rows of a table ordered by id, with snake_case columns as returned by pg (numeric as strings). */
const TABLES: Record<string, string> = { deposit: 'pool_deposit', reward: 'staking_reward' }

/** Rows of a domain-event kind (deposit and reward are stored as pool_deposit and staking_reward). */
export async function rows(c: Client, kind: string): Promise<any[]> {
    const r = await c.query(`SELECT * FROM "${TABLES[kind] ?? kind}" ORDER BY id`)
    return r.rows
}

/** The SDK's event id (util-internal-processor-tools formatId). */
export function eventId(height: number, hash: string, index: number): string {
    return `${String(height).padStart(10, '0')}-${hash.slice(2, 7)}-${String(index).padStart(6, '0')}`
}

export function extrinsicHash(block: MinedBlock, index: number): string {
    return blake2AsHex(block.extrinsics[index], 256)
}

/** Polls until `f` returns a truthy value. */
export async function until<T>(what: string, f: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
        const v = await f()
        if (v) return v
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
        await new Promise(r => setTimeout(r, 100))
    }
}

/**
 * What the processor must have written, derived independently from the events the simulator
 * says it emitted (SimEvent args are in the SDK's decoded form). Nominations are calls, not events:
 * the tests assert them explicitly.
 */
export function expectedFromSim(sim: KusamaSimulator, names: { deposit: string[]; stashes: string[]; other: string[] }, chain = 'KUSAMA') {
    const key = (n: string) => sim.publicKey(n)
    const deposit = new Set(names.deposit.map(key))
    const stashes = new Set(names.stashes.map(key))
    const pool = new Set([...deposit, ...stashes, ...names.other.map(key)])
    const addr = (hex: string) => encodeKusamaAddress(hex)
    const out = {
        deposit: [] as any[], pool_transfer: [] as any[], staking_change: [] as any[], reward: [] as any[],
        slash: [] as any[], era_paid: [] as any[], pool_fee: [] as any[],
    }
    let lastEra: number | undefined
    for (const b of sim.blocks()) {
        const ts = new Date(b.timestamp).toISOString()
        const base = (i: number) => ({ id: rowIdOf(chain as SubstrateChain, eventId(b.height, b.hash, i)), chain, block_height: b.height, block_hash: b.hash, timestamp: ts, event_index: i })
        const started = new Map<number, { era: number; validator: string; page: number | null }>()
        for (const e of b.events) {
            const a = e.args as any
            const exHash = e.extrinsicIndex != null ? extrinsicHash(b, e.extrinsicIndex) : null
            switch (e.name) {
                case 'Balances.Transfer': {
                    const fromPool = pool.has(a.from)
                    const toPool = pool.has(a.to)
                    if (!fromPool && !toPool) break
                    const common = { ...base(e.index), from: addr(a.from), to: addr(a.to), amount: String(a.amount) }
                    if (!fromPool && deposit.has(a.to)) {
                        // a fact only: its status is the oracle's decision (see decideDepositRow)
                        out.deposit.push({ ...common, extrinsic_id: `${b.height}-${e.extrinsicIndex}`, extrinsic_hash: exHash })
                    } else {
                        out.pool_transfer.push({ ...common, kind: fromPool && toPool ? 'INTERNAL' : fromPool ? 'OUTFLOW' : 'INFLOW',
                            extrinsic_id: `${b.height}-${e.extrinsicIndex}`, extrinsic_hash: exHash })
                    }
                    break
                }
                case 'Staking.PayoutStarted':
                    started.set(e.extrinsicIndex!, { era: a.eraIndex, validator: a.validatorStash, page: a.page ?? null })
                    break
                case 'Staking.Rewarded': {
                    if (!stashes.has(a.stash)) break
                    const p = started.get(e.extrinsicIndex!)
                    const dest = a.dest.__kind === 'Account' ? `Account:${addr(a.dest.value)}` : a.dest.__kind
                    out.reward.push({ ...base(e.index), stash: addr(a.stash), amount: String(a.amount), dest,
                        validator: p ? addr(p.validator) : null, era: p ? p.era : null, payout_page: p ? p.page : null, extrinsic_hash: exHash })
                    break
                }
                case 'Staking.Bonded':
                case 'Staking.Unbonded':
                case 'Staking.Withdrawn':
                    if (!stashes.has(a.stash)) break
                    out.staking_change.push({ ...base(e.index), action: e.name.slice(8).toUpperCase(), stash: addr(a.stash),
                        amount: String(a.amount), active_era: lastEra != null ? lastEra + 1 : null, extrinsic_hash: exHash })
                    break
                case 'Staking.Slashed':
                    if (!stashes.has(a.staker)) break
                    out.slash.push({ ...base(e.index), stash: addr(a.staker), amount: String(a.amount) })
                    break
                case 'Staking.EraPaid':
                    lastEra = a.eraIndex
                    out.era_paid.push({ ...base(e.index), era: a.eraIndex, validator_payout: String(a.validatorPayout), remainder: String(a.remainder) })
                    break
                case 'Staking.SessionRotated':
                    // Asset Hub names the active era at every session
                    lastEra = a.activeEra - 1
                    break
                case 'TransactionPayment.TransactionFeePaid':
                    if (!pool.has(a.who)) break
                    out.pool_fee.push({ ...base(e.index), account: addr(a.who), amount: String(a.actualFee), extrinsic_hash: exHash })
                    break
            }
        }
    }
    for (const xs of Object.values(out)) xs.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
    return out
}

/** A DB row in the shape expectedFromSim produces (timestamps as ISO strings). */
export function normalizeRow(r: any): any {
    const o: any = {}
    for (const [k, v] of Object.entries(r)) o[k] = v instanceof Date ? v.toISOString() : v
    return o
}

/**
 * What the oracle core decides for an indexed pool_deposit row: the row mapped to the core's
 * DepositEvent as the oracle's loader does, decided with `decideDeposit` against a solvent report
 * of the period before at ratio 1 (so a credited deposit gets toBond(amount) shares).
 */
export function decideDepositRow(r: any, minStakePlanck: bigint, periodSeconds = 86400): DepositOutcome {
    const d: DepositEvent = {
        type: 'Deposit', id: r.id, timestamp: new Date(r.timestamp).getTime(), chain: 'kusama', height: r.block_height, index: r.event_index,
        from: r.from, to: r.to, amount: planck(BigInt(r.amount)),
    }
    const basis = { period: periodOf(d.timestamp, periodSeconds) - 1, ratio: ratio(10n ** 18n), insolvent: false }
    return decideDeposit(d, basis, { minStakePlanck, periodSeconds })
}
