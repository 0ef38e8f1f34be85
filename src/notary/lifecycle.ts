import { ClientBase } from 'pg'
import { Gauge, Registry } from 'prom-client'
import { DEADLOCK_DETECTED, SERIALIZATION_FAILURE, withRetry } from '../db/retry'
import { claimIdHex } from './claim-object'
import { ethFinalizedHeight } from './notary'

/**
 * Claim lifecycle from finalized indexed events (SPEC §4.10), run by the oracle worker each loop:
 *  - CLAIMED: a TokensClaimed with the claim's id is finalized (block <= eth_processor height);
 *  - EXPIRED: the finalized head passed claimBeforeBlock and no TokensClaimed exists: the contract
 *    can never mint it any more (block.number <= claimBeforeBlock), so its shares are released;
 *  - FOREIGN_CLAIM: a finalized TokensClaimed whose claimId the notary never issued → a ForeignClaim
 *    row, the notary_foreign_claims metric and an ALERT log line.
 * One SERIALIZABLE transaction per run (retried), so the finalized height and the rows are one snapshot.
 */
export interface LifecycleResult {
    ethHeight: number
    claimed: string[]
    expired: string[]
    foreign: string[]
}

export class NotaryMetrics {
    readonly foreign: Gauge
    readonly active: Gauge
    readonly activeShares: Gauge
    readonly anomalies: Gauge
    constructor(registry: Registry) {
        this.foreign = new Gauge({ name: 'notary_foreign_claims', help: 'FOREIGN_CLAIM alerts: finalized TokensClaimed the notary never issued', registers: [registry] })
        this.active = new Gauge({ name: 'notary_active_claims', help: 'notary claims issued and not yet minted nor expired', registers: [registry] })
        this.activeShares = new Gauge({ name: 'notary_active_shares', help: 'shares reserved by ACTIVE claims (in shares, 18 decimals)', registers: [registry] })
        this.anomalies = new Gauge({ name: 'notary_claim_anomalies', help: 'claims minted after being marked EXPIRED or minted with other parameters (must be 0)', registers: [registry] })
    }
}

export interface LifecycleOptions {
    metrics?: NotaryMetrics
    log?: (line: string) => void
    now?: () => Date
}

export class ClaimLifecycle {
    /** claims above this height have not been checked for FOREIGN_CLAIM yet (in memory: a restart rescans once) */
    private foreignCursor = -1
    private anomalies = 0

    constructor(private opts: LifecycleOptions = {}) {}

    async run(db: ClientBase): Promise<LifecycleResult> {
        return withRetry(async () => {
            try {
                await db.query('BEGIN ISOLATION LEVEL SERIALIZABLE')
                const result = await this.step(db)
                await db.query('COMMIT')
                if (result.ethHeight >= 0) this.foreignCursor = Math.max(this.foreignCursor, result.ethHeight)
                await this.updateMetrics(db)
                return result
            } catch (e: any) {
                await db.query('ROLLBACK').catch(() => {})
                throw e
            }
        }, { codes: [SERIALIZATION_FAILURE, DEADLOCK_DETECTED], attempts: 10 })
    }

    private log(line: string): void {
        (this.opts.log ?? (l => console.error(l)))(line)
    }

    private async step(db: ClientBase): Promise<LifecycleResult> {
        const H = await ethFinalizedHeight(db)
        const result: LifecycleResult = { ethHeight: H, claimed: [], expired: [], foreign: [] }
        if (H < 0) return result
        const now = (this.opts.now ?? (() => new Date()))()

        // CLAIMED
        const { rows: minted } = await db.query(
            `SELECT n.id, n.status, n.shares::text AS n_shares, n.eth_account, c.shares::text AS c_shares, lower(c.account) AS c_account,
                    c.tx_hash, c.block_height, c."timestamp"
             FROM notary_claim n JOIN claim c ON c.claim_id = n.claim_id
             WHERE n.status <> 'CLAIMED' AND c.block_height <= $1
             ORDER BY c.block_height, c.log_index`, [H])
        for (const m of minted) {
            if (m.status === 'EXPIRED' || m.n_shares !== m.c_shares || m.c_account !== m.eth_account) {
                this.anomalies++
                this.log(JSON.stringify({ level: 'ALERT', alert: 'CLAIM_ANOMALY', claimId: m.id, wasStatus: m.status, shares: m.c_shares,
                    expectedShares: m.n_shares, account: m.c_account, expectedAccount: m.eth_account, txHash: m.tx_hash }))
            }
            await db.query(
                `UPDATE notary_claim SET status = 'CLAIMED', claimed_tx_hash = $2, claimed_block = $3, claimed_at = $4 WHERE id = $1`,
                [m.id, m.tx_hash, m.block_height, m.timestamp])
            result.claimed.push(m.id)
        }

        // EXPIRED: the head passed claimBeforeBlock; every block <= claimBeforeBlock is finalized and indexed without its TokensClaimed
        const { rows: expired } = await db.query(
            `UPDATE notary_claim n SET status = 'EXPIRED', expired_at = $2, expired_at_eth_block = $1
             WHERE n.status = 'ACTIVE' AND n.claim_before_block < $1
               AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.claim_id = n.claim_id)
             RETURNING n.id, n.kusama_account, n.shares::text AS shares`, [H, now])
        for (const x of expired) {
            this.log(JSON.stringify({ msg: 'claim expired, shares released', claimId: x.id, kusama: x.kusama_account, shares: x.shares, ethHeight: H }))
            result.expired.push(x.id)
        }

        // FOREIGN_CLAIM
        const { rows: foreign } = await db.query(
            `INSERT INTO foreign_claim (id, claim_id, shares, account, tx_hash, block_height, "timestamp", detected_at)
             SELECT c.id, c.claim_id, c.shares, c.account, c.tx_hash, c.block_height, c."timestamp", $3
             FROM claim c
             WHERE c.block_height > $1 AND c.block_height <= $2
               AND NOT EXISTS (SELECT 1 FROM notary_claim n WHERE n.claim_id = c.claim_id)
             ON CONFLICT (id) DO NOTHING
             RETURNING id, claim_id::text AS claim_id, shares::text AS shares, account, tx_hash, block_height`, [this.foreignCursor, H, now])
        for (const f of foreign) {
            this.log(JSON.stringify({ level: 'ALERT', alert: 'FOREIGN_CLAIM', msg: 'a finalized TokensClaimed whose claimId the notary never issued',
                claimId: claimIdHex(BigInt(f.claim_id)), shares: f.shares, account: f.account, txHash: f.tx_hash, block: f.block_height }))
            result.foreign.push(f.id)
        }
        return result
    }

    private async updateMetrics(db: ClientBase): Promise<void> {
        const m = this.opts.metrics
        if (!m) return
        const { rows: [r] } = await db.query(
            `SELECT (SELECT count(*) FROM foreign_claim)::int AS foreign,
                    (SELECT count(*) FROM notary_claim WHERE status = 'ACTIVE')::int AS active,
                    (SELECT coalesce(sum(shares), 0)::text FROM notary_claim WHERE status = 'ACTIVE') AS active_shares`)
        m.foreign.set(r.foreign)
        m.active.set(r.active)
        m.activeShares.set(Number(BigInt(r.active_shares) / 10n ** 12n) / 1e6)
        m.anomalies.set(this.anomalies)
    }
}
