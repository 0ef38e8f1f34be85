import * as fs from 'fs'
import { base58Decode, encodeAddress } from '@polkadot/util-crypto'
import { Client } from 'pg'
import { pgConfig } from '../../src/db/connection'
import { LocalStack } from '../../src/local/local-stack'
import { MinedEthBlock } from '../../src/local/ethereum-devnet'
import { startTestStack } from '../support/stack'
import { bond, ratio, shares } from '../../src/domain/units'
import { BurnEvent, burnEvent } from '../../src/oracle/core'

export const E18 = 10n ** 18n
export const ZERO = '0x0000000000000000000000000000000000000000'
export const FINALITY = 5

/** independent re-statements of the contract's rounding (SPEC §1, §2) */
export const toShares = (amount: bigint, r: bigint) => (amount * r) / E18
export const toBalance = (shares: bigint, r: bigint) => (shares === 0n ? 0n : (shares * E18 + r - 1n) / r)
export const toPlanck = (b: bigint) => b / 10n ** 6n

export function key(seed: number): Uint8Array {
    return Uint8Array.from({ length: 32 }, (_, i) => (i * 31 + seed * 17 + 5) & 0xff)
}
export const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')
/** 35-byte SS58 payload (network ‖ key ‖ checksum), computed by @polkadot/util-crypto */
export const ss58Payload = (k: Uint8Array, network: number) => hex(base58Decode(encodeAddress(k, network)))
export const kusamaAddress = (k: Uint8Array) => encodeAddress(k, 2)

/**
 * The unstake request the oracle core makes of a burn's recorded facts (a `burn` row, or a GraphQL
 * Burn with the same fields in camelCase): the row mapped as the oracle's loader does, then `burnEvent`.
 */
export function burnTerms(r: any): BurnEvent {
    const amount = r.amount ?? null
    return burnEvent({
        id: r.id, timestamp: new Date(r.timestamp ?? 0).getTime(), chain: 'ethereum', height: r.block_height ?? r.blockHeight ?? 0,
        index: r.log_index ?? r.logIndex ?? 0, ethAccount: r.account, revision: r.revision, shares: shares(BigInt(r.shares)),
        amount: amount == null ? null : bond(BigInt(amount)), chainRatio: ratio(BigInt(r.ratio)), recipientRaw: r.recipient_raw ?? r.recipientRaw,
    })
}

export class EthHarness {
    private constructor(readonly stack: LocalStack, readonly db: Client) {}

    static async start(parts: string[] = ['eth-processor']): Promise<EthHarness> {
        const stack = await startTestStack({ scenario: { start: '2026-01-05T00:00:00Z', stashes: [], steps: [] }, parts })
        const db = new Client(pgConfig(stack.db))
        await db.connect()
        return new EthHarness(stack, db)
    }

    get eth() { return this.stack.eth }

    async stop(): Promise<void> {
        await this.db.end().catch(() => {})
        await this.stack.stop()
    }

    /** finalize everything mined so far and wait until the processor has indexed it */
    async sync(): Promise<void> {
        await this.eth.finalize(FINALITY)
        await this.stack.waitForCatchUp(60_000)
    }

    async rows(table: string, where = 'true', params: unknown[] = []): Promise<any[]> {
        return (await this.db.query(`SELECT * FROM ${table} WHERE ${where} ORDER BY block_height, log_index`, params)).rows
    }

    async byTx(table: string, b: MinedEthBlock): Promise<any[]> {
        return this.rows(table, 'tx_hash = $1', [b.txHash])
    }

    /** indexed shares of an account name or address */
    async holder(nameOrAddress: string): Promise<bigint> {
        const r = await this.db.query('SELECT shares FROM bond_holder WHERE id = $1', [this.eth.resolve(nameOrAddress).toLowerCase()])
        return r.rows.length ? BigInt(r.rows[0].shares) : 0n
    }

    async supply(): Promise<{ totalShares: bigint; ratio: bigint; foreign: number; updatedAtBlock: number }> {
        const r = (await this.db.query(`SELECT * FROM bond_supply WHERE id = 'aKSMb'`)).rows[0]
        return { totalShares: BigInt(r.total_shares), ratio: BigInt(r.ratio), foreign: r.foreign_token_events, updatedAtBlock: r.updated_at_block }
    }

    async indexedHeight(): Promise<number> {
        return Number((await this.db.query('SELECT height FROM eth_processor.status WHERE id = 0')).rows[0].height)
    }

    /**
     * SPEC reconciliation at EVERY block of `[from, to]` (default: the deployment block to the indexed
     * height): the holders' shares rebuilt from the indexed `bond_transfer` rows up to each block, the
     * total and the ratio equal the contract's `sharesOf`, `totalSharesSupply` and `ratio` at that
     * block. Returns the number of blocks and view calls compared.
     */
    async reconcileEveryBlock(extra: string[] = [], from = this.eth.deployBlock, to?: number): Promise<{ blocks: number; calls: number }> {
        const end = to ?? await this.indexedHeight()
        const transfers = (await this.db.query(
            'SELECT kind, "from", "to", shares, block_height FROM bond_transfer WHERE block_height <= $1 ORDER BY block_height, log_index', [end])).rows
        const updates = (await this.db.query('SELECT ratio, block_height FROM ratio_update WHERE block_height <= $1 ORDER BY block_height, log_index', [end])).rows
        const addrs = new Set<string>([...transfers.flatMap(t => [t.from, t.to]), ...extra.map(a => this.eth.resolve(a).toLowerCase())])
        addrs.delete(ZERO)
        for (const t of transfers) if (t.kind === 'TRANSFER' && (t.from === ZERO || t.to === ZERO)) addrs.add(ZERO)
        const held = new Map<string, bigint>([...addrs].map(a => [a, 0n]))
        let total = 0n, ratio = E18, i = 0, j = 0, calls = 0
        for (let height = 0; height <= end; height++) {
            for (; i < transfers.length && transfers[i].block_height === height; i++) {
                const t = transfers[i], s = BigInt(t.shares)
                if (t.kind !== 'MINT') held.set(t.from, held.get(t.from)! - s)
                if (t.kind !== 'BURN') held.set(t.to, held.get(t.to)! + s)
                if (t.kind === 'MINT') total += s
                if (t.kind === 'BURN') total -= s
            }
            for (; j < updates.length && updates[j].block_height === height; j++) ratio = BigInt(updates[j].ratio)
            if (height < from) continue
            const list = [...addrs]
            const [onchain, supply, r] = await Promise.all([
                Promise.all(list.map(a => this.eth.sharesOf(a, height))), this.eth.totalSharesSupply(height), this.eth.ratio(height),
            ])
            calls += list.length + 2
            expect({ height, holders: new Map(list.map(a => [a, held.get(a)])), total, ratio })
                .toEqual({ height, holders: new Map(list.map((a, k) => [a, onchain[k]])), total: supply, ratio: r })
        }
        return { blocks: end - from + 1, calls }
    }

    /** what the processor printed so far */
    processorLog(): string {
        const part = this.stack.supervisor.parts().find(p => p.part.name === 'eth-processor')!
        return fs.readFileSync(part.logFile, 'utf8')
    }

    async graphql(query: string): Promise<any> {
        const res = await fetch(this.stack.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
        const j: any = await res.json()
        if (j.errors) throw new Error(JSON.stringify(j.errors))
        return j.data
    }

    /** polls until `fn` is true (e.g. a hot block has been indexed) */
    async until(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
        const deadline = Date.now() + timeoutMs
        while (!(await fn())) {
            this.stack.supervisor.assertAlive()
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
            await new Promise(r => setTimeout(r, 100))
        }
    }

    /**
     * SPEC reconciliation: at the indexed (finalized) block, every holder's indexed shares, the total
     * and the ratio equal the contract's view calls; `extra` are addresses to check even if never indexed.
     */
    async reconcile(extra: string[] = []): Promise<{ height: number; holders: number }> {
        const height = await this.indexedHeight()
        const supply = await this.supply()
        const holders = (await this.db.query('SELECT id, shares FROM bond_holder')).rows
        const addrs = new Set<string>([...holders.map(h => h.id), ...extra.map(a => this.eth.resolve(a).toLowerCase())])
        const indexed = new Map<string, bigint>(holders.map(h => [h.id, BigInt(h.shares)]))
        const onchain = new Map<string, bigint>()
        for (const a of addrs) onchain.set(a, await this.eth.sharesOf(a, height))
        const fromIndex = new Map<string, bigint>([...addrs].map(a => [a, indexed.get(a) ?? 0n]))
        expect(fromIndex).toEqual(onchain)
        expect(supply.totalShares).toBe(await this.eth.totalSharesSupply(height))
        expect(supply.ratio).toBe(await this.eth.ratio(height))
        expect([...indexed.values()].reduce((a, b) => a + b, 0n)).toBe(supply.totalShares)
        return { height, holders: addrs.size }
    }
}
