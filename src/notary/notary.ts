import { createHash, randomBytes } from 'crypto'
import { Pool, PoolClient } from 'pg'
import { loadProfile } from '../config/profile'
import { signClaim } from '../chains/ethereum/claim-signature'
import { shares as mkShares } from '../domain/units'
import { claimableShares, claimRatio, RESERVING_CLAIM_STATUSES, sharesValuePlanck } from '../oracle/shared-rules'
import { connectionFromEnv, pgConfig } from '../db/connection'
import { pgRows, processedHeight } from '../db/processor-status'
import { withRetry } from '../db/retry'
import { ETHEREUM_STATE_SCHEMA } from '../parts'
import { ClaimObject, claimObject } from './claim-object'
import { NotaryError } from './errors'
import { devKeyWarning, loadNotaryKey, NotaryKey } from './key'
import { canonicalMessageBytes, ClaimRequestFields, Deployment, parseClaimRequest } from './message'
import { RateLimiter, rateLimiterFromEnv } from './rate-limit'
import { checkNotarySigner, jsonRpcPoolReader, SignerVerdict } from './signer-check'
import { RequestCrypto, verifyRequestSignature } from './verify'

/**
 * The claims notary (SPEC §4.10): verifies a Kusama account's signed claim request, reserves the
 * shares in ONE SERIALIZABLE transaction on its own connection and answers the signed claim.
 *
 * Concurrency: requests of one account are queued in-process, then take a session advisory lock
 * on the account (across API processes) BEFORE the serializable transaction starts, so its snapshot
 * already sees every earlier reservation; SERIALIZABLE is the guarantee, the lock only avoids
 * needless serialization failures. Serialization failures and deadlocks are retried.
 */
export interface NotaryConfig {
    deployment: Deployment
    claimTtlBlocks: number
    /** a key, or the reason there is none (every request is then refused with NOT_CONFIGURED) */
    key: NotaryKey | NotaryError
    limiter: RateLimiter
    log: (line: string) => void
    /** Ethereum seconds per block, for the expiresTimestamp estimate */
    blockSeconds?: number
    /** asks the pool whether it accepts the key's signatures (signer-check.ts); absent: not asked */
    checkSigner?: () => Promise<SignerVerdict>
}

/** How long a verdict of checkSigner holds: the pool's owner may change its consensus key at any time. */
const VERDICT_MS: Record<SignerVerdict['status'], number> = { ACCEPTED: 5 * 60_000, REFUSED: 60_000, UNVERIFIED: 30_000 }

export interface ClaimRequestArgs {
    kusamaAddress: unknown
    ethAddress: unknown
    shares: unknown
    nonce: unknown
    signature: unknown
}

const MAX_ATTEMPTS = 12
const RETRYABLE = new Set(['40001', '40P01', '23505'])   // serialization failure, deadlock, unique race

export class Notary {
    private queues = new Map<string, Promise<unknown>>()
    private verdict: { at: number; value: Promise<SignerVerdict> } | undefined
    private lastStatus: SignerVerdict['status'] | undefined

    constructor(private pool: Pool, readonly cfg: NotaryConfig) {}

    /** From the environment of an API process: SQUID_PROFILE, DB_*, NOTARY_KEY, NOTARY_RATE_LIMIT_*. */
    static fromEnv(env: NodeJS.ProcessEnv = process.env): Notary {
        const profile = loadProfile(env)
        const log = (line: string) => console.error(line)
        let key: NotaryKey | NotaryError
        try {
            key = loadNotaryKey(profile.ethereum.chainId, env)
            if (key.dev) log(devKeyWarning('notary started'))
        } catch (e) {
            if (!(e instanceof NotaryError)) throw e
            key = e
            log(`claims notary disabled: ${e.message}`)
        }
        const pool = new Pool(pgConfig(connectionFromEnv(env), {
            max: Number(env.NOTARY_DB_POOL ?? 4), statement_timeout: 15_000, application_name: 'claims-notary',
        }))
        pool.on('error', e => log(`notary db pool error: ${e.message}`))
        const rpc = profile.ethereum.rpc
        const signerKey = key instanceof NotaryError ? undefined : key
        const checkSigner = signerKey && (rpc.startsWith('env:')
            ? async (): Promise<SignerVerdict> => ({ status: 'UNVERIFIED', detail: 'no Ethereum endpoint configured (ETH_RPC)' })
            : () => checkNotarySigner(jsonRpcPoolReader(rpc), profile.ethereum.pool, profile.ethereum.bond, signerKey))
        return new Notary(pool, {
            deployment: { name: profile.name, ethChainId: profile.ethereum.chainId, token: profile.ethereum.bond },
            claimTtlBlocks: profile.oracle.claimTtlBlocks,
            key, limiter: rateLimiterFromEnv(env), log, checkSigner,
        })
    }

    async close(): Promise<void> {
        await this.pool.end()
    }

    async requestClaim(args: ClaimRequestArgs): Promise<ClaimObject> {
        const req = parseClaimRequest(args)
        const crypto = await verifyRequestSignature(canonicalMessageBytes(this.cfg.deployment, req), args.signature, req.kusamaAddress)
        const wait = this.cfg.limiter.take(req.kusamaAddress)
        if (wait > 0) throw new NotaryError('RATE_LIMITED', `too many claim requests for ${req.kusamaAddress}; retry in ${wait} s`)
        if (this.cfg.key instanceof NotaryError) throw this.cfg.key
        await this.assertPoolAcceptsKey()
        return this.serialPerAccount(req.kusamaAddress, () => this.reserveWithRetry(req, crypto, String(args.signature)))
    }

    /**
     * Refuses to sign while the pool is known to refuse the key's signatures; signs on, with a log
     * line, while that cannot be checked (the claim may still be good; the notary needs no Ethereum
     * endpoint for anything else). Verdicts are shared by concurrent requests and expire (VERDICT_MS).
     */
    private async assertPoolAcceptsKey(): Promise<void> {
        const checkSigner = this.cfg.checkSigner
        if (!checkSigner) return
        const check = () => checkSigner().catch((e): SignerVerdict => ({ status: 'UNVERIFIED', detail: `the signer check failed: ${e?.message ?? e}` }))
        const now = Date.now()
        if (!this.verdict) {
            this.verdict = { at: now, value: check() }
        } else {
            const v = await this.verdict.value
            if (now - this.verdict.at > VERDICT_MS[v.status]) this.verdict = { at: now, value: check() }
        }
        const v = await this.verdict.value
        if (v.status !== this.lastStatus) {
            this.lastStatus = v.status
            this.cfg.log(JSON.stringify({ msg: 'notary signer check', status: v.status, detail: v.detail }))
        }
        if (v.status === 'REFUSED') throw new NotaryError('NOT_CONFIGURED', v.detail)
    }

    private serialPerAccount<T>(account: string, fn: () => Promise<T>): Promise<T> {
        const prev = this.queues.get(account) ?? Promise.resolve()
        const run = prev.then(fn, fn)
        const tail = run.catch(() => undefined)
        this.queues.set(account, tail)
        tail.then(() => { if (this.queues.get(account) === tail) this.queues.delete(account) })
        return run
    }

    private async reserveWithRetry(req: ClaimRequestFields, crypto: RequestCrypto, requestSignature: string): Promise<ClaimObject> {
        const client = await this.pool.connect()
        const lock = advisoryKey(req.kusamaAddress)
        let broken: Error | undefined
        try {
            await client.query('SELECT pg_advisory_lock($1)', [lock])
            try {
                return await withRetry(async () => {
                    try {
                        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE')
                        const row = await this.reserve(client, req, crypto, requestSignature)
                        await client.query('COMMIT')
                        return claimObject(row)
                    } catch (e: any) {
                        await client.query('ROLLBACK').catch(() => {})
                        throw e   // a NotaryError's code is never a SQLSTATE: it is not retried
                    }
                }, {
                    codes: RETRYABLE, attempts: MAX_ATTEMPTS, delayMs: attempt => Math.random() * 10 * attempt,
                    exhausted: () => new NotaryError('BUSY', 'the reservation kept conflicting with concurrent requests; retry'),
                })
            } finally {
                await client.query('SELECT pg_advisory_unlock($1)', [lock]).catch(e => { broken = e })
            }
        } finally {
            client.release(broken)   // a connection that may still hold the lock is destroyed
        }
    }

    /** One serializable transaction: idempotency, claimable, the signed claim row. */
    private async reserve(db: PoolClient, req: ClaimRequestFields, crypto: RequestCrypto, requestSignature: string): Promise<any> {
        const { rows: [existing] } = await db.query('SELECT * FROM notary_claim WHERE kusama_account = $1 AND nonce = $2', [req.kusamaAddress, req.nonce])
        const requested = req.shares === 'max' ? 'max' : req.shares.toString()
        if (existing) {
            if (existing.eth_account === req.ethAddress.toLowerCase() && existing.requested_shares === requested) return existing
            throw new NotaryError('NONCE_REUSED', `nonce ${JSON.stringify(req.nonce)} of ${req.kusamaAddress} was already used for another claim request; use a new nonce`)
        }
        const head = await ethFinalizedHeight(db)
        if (head < 0) throw new NotaryError('NOT_READY', 'the Ethereum indexer has no finalized head yet; retry later')

        const { rows: [c] } = await db.query(
            `SELECT coalesce(sum(shares), 0)::text AS s FROM deposit_outcome WHERE account = $1 AND status = 'CREDITED'`, [req.kusamaAddress])
        const { rows: [r] } = await db.query(
            'SELECT coalesce(sum(shares), 0)::text AS s FROM notary_claim WHERE kusama_account = $1 AND status = ANY($2)', [req.kusamaAddress, RESERVING_CLAIM_STATUSES])
        const claimable = claimableShares(mkShares(BigInt(c.s)), mkShares(BigInt(r.s)))
        if (claimable <= 0n) {
            throw new NotaryError('NOTHING_CLAIMABLE', `${req.kusamaAddress} has no claimable shares (credited ${c.s}, reserved or claimed ${r.s})`)
        }
        const amount = req.shares === 'max' ? claimable : (req.shares as bigint)
        if (amount > claimable) {
            throw new NotaryError('AMOUNT_TOO_LARGE', `requested ${amount} shares but ${req.kusamaAddress} can claim at most ${claimable}`)
        }

        const { rows: [latest] } = await db.query('SELECT ratio::text AS ratio FROM period_report ORDER BY period DESC LIMIT 1')
        const R = claimRatio(latest ? BigInt(latest.ratio) : null)
        const nativeAmount = sharesValuePlanck(mkShares(amount), R)

        let claimId: bigint
        for (;;) {
            claimId = BigInt('0x' + randomBytes(32).toString('hex'))   // 256 random bits: a uint256, never sequential
            const { rows } = await db.query(
                'SELECT 1 FROM notary_claim WHERE claim_id = $1 UNION ALL SELECT 1 FROM claim WHERE claim_id = $1 LIMIT 1', [claimId.toString()])
            if (rows.length === 0) break
        }
        const claimBeforeBlock = BigInt(head) + BigInt(this.cfg.claimTtlBlocks)
        const key = this.cfg.key as NotaryKey
        if (key.dev) this.cfg.log(devKeyWarning(`claim ${claimId.toString(16).slice(0, 12)}… for ${req.kusamaAddress}`))
        const signature = signClaim(key.privateKey, this.cfg.deployment.token, claimId, amount, claimBeforeBlock, req.ethAddress)
        // chain time, not wall clock: the claim is issued against the finalized Ethereum head `head`, and
        // history orders it among the chain events (wall clock only before any chain time is recorded)
        const { rows: [clock] } = await db.query(
            `SELECT max("timestamp") AS t FROM chain_clock WHERE chain = 'ethereum' AND height <= $1`, [head])
        const now = clock?.t ? new Date(clock.t) : new Date()
        const expires = new Date(now.getTime() + this.cfg.claimTtlBlocks * (this.cfg.blockSeconds ?? 12) * 1000)
        const { rows: [row] } = await db.query(
            `INSERT INTO notary_claim (id, claim_id, kusama_account, eth_account, nonce, requested_shares, shares, native_amount, ratio,
                claim_before_block, issued_at_eth_block, token_address, signature, request_signature, request_crypto, status, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'ACTIVE', $16, $17) RETURNING *`,
            ['0x' + claimId.toString(16).padStart(64, '0'), claimId.toString(), req.kusamaAddress, req.ethAddress.toLowerCase(), req.nonce, requested,
                amount.toString(), nativeAmount.toString(), R.toString(), claimBeforeBlock.toString(), head,
                this.cfg.deployment.token.toLowerCase(), signature, requestSignature, crypto, now, expires])
        this.cfg.log(JSON.stringify({ msg: 'claim issued', claimId: row.id, kusama: req.kusamaAddress, eth: req.ethAddress, shares: amount.toString(),
            claimBeforeBlock: claimBeforeBlock.toString() }))
        return row
    }
}

/** The processors' finalized Ethereum height inside the current transaction (-1 before the first batch). */
export function ethFinalizedHeight(db: { query(sql: string, p?: unknown[]): Promise<{ rows: any[] }> }): Promise<number> {
    return processedHeight(pgRows(db), ETHEREUM_STATE_SCHEMA)
}

/** a signed 64-bit advisory lock key of an account */
function advisoryKey(account: string): string {
    return createHash('sha256').update('ksm-lst-squid notary ' + account).digest().readBigInt64BE(0).toString()
}
