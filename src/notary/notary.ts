import { createHash, randomBytes } from 'crypto'
import { Pool, PoolClient } from 'pg'
import { loadProfile } from '../config/profile'
import { signClaim } from '../chains/ethereum/claim-signature'
import { planck as mkPlanck, shares as mkShares, Shares, sharesOf, toBond } from '../domain/units'
import { sharesValuePlanck } from '../oracle/shared-rules'
import { readClaimable, readClaimRatio } from './claimable-reads'
import { connectionFromEnv, pgConfig } from '../db/connection'
import { finalizedHeights, kusamaFinalSql, pgRows, processedHeight } from '../db/processor-status'
import { withRetry } from '../db/retry'
import { ETHEREUM_STATE_SCHEMA } from '../parts'
import { ClaimObject, claimObject } from './claim-object'
import { NotaryError } from './errors'
import { devKeyWarning, loadNotaryKey, NotaryKey } from './key'
import { canonicalMessageBytes, ClaimRequestFields, Deployment, parseClaimRequest } from './message'
import { RateLimiter, rateLimiterFromEnv } from './rate-limit'
import { checkNotarySigner, jsonRpcPoolReader, SignerVerdict } from './signer-check'
import { RequestCrypto, verifyRequestSignature } from './verify'
import { checkStakeFiExpiry, parseStakeFiRequest, stakeFiMessageBytes, stakeFiNonce } from './stakefi'

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
    /** the wall clock browser-wallet request expiries are checked against (SPEC §4.15); default Date.now */
    now?: () => number
}

/** What the notary did with one final Ledger remark (SPEC §4.15); see issueRemarkClaims. */
export interface RemarkDecision {
    remarkId: string
    kusamaAccount: string
    status: 'ISSUED' | 'REFUSED'
    /** the notary claim id (0x, 32 bytes) when ISSUED */
    claimId?: string
    shares?: string
    /** a refusal's NotaryError code, or CAPPED when the claim is less than the remark asked */
    code?: string
    reason?: string
}

/** Refusals that depend on nothing but the remark and the account's claims: decided once, for good. */
const FINAL_REMARK_REFUSALS = new Set(['BAD_REMARK', 'BAD_ADDRESS', 'BAD_AMOUNT', 'NOTHING_CLAIMABLE'])

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

        const { credited, reserved, claimable } = await readClaimable(db, req.kusamaAddress)
        if (claimable <= 0n) {
            throw new NotaryError('NOTHING_CLAIMABLE', `${req.kusamaAddress} has no claimable shares (credited ${credited}, reserved or claimed ${reserved})`)
        }
        const amount = req.shares === 'max' ? claimable : (req.shares as bigint)
        if (amount > claimable) {
            throw new NotaryError('AMOUNT_TOO_LARGE', `requested ${amount} shares but ${req.kusamaAddress} can claim at most ${claimable}`)
        }

        const R = await readClaimRatio(db)
        // stored as native_amount: the KSM value of the shares (the claim object's data.amount)
        const valuePlanck = sharesValuePlanck(mkShares(amount), R)

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
                amount.toString(), valuePlanck.toString(), R.toString(), claimBeforeBlock.toString(), head,
                this.cfg.deployment.token.toLowerCase(), signature, requestSignature, crypto, now, expires])
        this.cfg.log(JSON.stringify({ msg: 'claim issued', claimId: row.id, kusama: req.kusamaAddress, eth: req.ethAddress, shares: amount.toString(),
            claimBeforeBlock: claimBeforeBlock.toString() }))
        return row
    }

    // ---------------------------------------------------------------- Ankr's dashboard as a client (SPEC §4.15)

    /**
     * The dashboard's browser-wallet request `{address, amount, ethAddress, network, signature, timestamp}`
     * (src/notary/stakefi.ts): verified like requestClaim, keyed for idempotency as nonce `stakefi:<timestamp>`,
     * so the same signed request answers the same claim again — even once its expiry has passed; a new
     * reservation needs an expiry in the future and at most 1 h ahead. Every refusal is a coded NotaryError
     * and changes nothing.
     */
    async requestStakeFiClaim(body: unknown): Promise<ClaimObject> {
        const req = parseStakeFiRequest(body)
        const message = stakeFiMessageBytes(req.publicKey, req.ethAddressAsSent, req.timestamp)
        const crypto = await verifyRequestSignature(message, req.signature, req.kusamaAddress)
        const fields: ClaimRequestFields = { kusamaAddress: req.kusamaAddress, ethAddress: req.ethAddress, shares: req.shares, nonce: stakeFiNonce(req.timestamp) }
        const replay = await this.sameRequestClaim(fields, `the signed request of ${req.kusamaAddress} with timestamp ${req.timestamp}`)
        if (replay) return replay
        checkStakeFiExpiry(req.timestamp, (this.cfg.now ?? Date.now)())
        const wait = this.cfg.limiter.take(req.kusamaAddress)
        if (wait > 0) throw new NotaryError('RATE_LIMITED', `too many claim requests for ${req.kusamaAddress}; retry in ${wait} s`)
        if (this.cfg.key instanceof NotaryError) throw this.cfg.key
        await this.assertPoolAcceptsKey()
        return this.serialPerAccount(req.kusamaAddress, () => this.reserveWithRetry(fields, crypto, req.signature))
    }

    /**
     * The claim an earlier request with the same (account, nonce) got, if it asked for the same; a NONCE_REUSED
     * refusal if it asked for something else. Claims are never deleted, so this read needs no transaction;
     * reserve() checks again inside its own.
     */
    private async sameRequestClaim(req: ClaimRequestFields, what: string): Promise<ClaimObject | undefined> {
        const { rows: [existing] } = await this.pool.query('SELECT * FROM notary_claim WHERE kusama_account = $1 AND nonce = $2', [req.kusamaAddress, req.nonce])
        if (!existing) return undefined
        const requested = req.shares === 'max' ? 'max' : req.shares.toString()
        if (existing.eth_account === req.ethAddress.toLowerCase() && existing.requested_shares === requested) return claimObject(existing)
        throw new NotaryError('NONCE_REUSED', `${what} was already used for claim ${existing.id} of ${existing.requested_shares} shares to ` +
            `${existing.eth_account}; sign a new request (a new timestamp) for another claim`)
    }

    /**
     * The dashboard's Ledger-wallet requests (SPEC §4.15): for every FINAL ClaimRemark (block <= the Kusama
     * processor's finalized height) without an outcome, oldest first, issues the claim (ACTIVE) for the
     * remark's amount at the claim ratio, capped at what the account can claim, or refuses it (a malformed
     * remark, nothing claimable) with the reason, which the account's claim listing shows. Each decision is
     * written once (claim_remark_outcome); the claim itself goes through the same serializable reservation
     * as every request, keyed as nonce `remark:<remark id>`, so a crash between the two writes re-finds the
     * claim instead of issuing a second one.
     *
     * Run by ONE process, the oracle worker, each loop (src/oracle/main.ts): the remark is chain data, not a
     * request anyone waits on, so its single writer is the loop that already follows both chains' finality and
     * the claim lifecycle; API replicas stay request-driven. Transient refusals (no key, no Ethereum head,
     * a pool refusing the key, a race with a concurrent request) leave the remark undecided for the next run.
     */
    async issueRemarkClaims(limit = 100): Promise<RemarkDecision[]> {
        if (this.cfg.key instanceof NotaryError) {
            if (!this.remarkKeyLogged) this.cfg.log(`Ledger remark claims wait: ${this.cfg.key.message}`)
            this.remarkKeyLogged = true
            return []
        }
        // a remark is final by its own Kusama part (the relay chain's or Asset Hub's, SPEC §4.13)
        const final = await finalizedHeights(pgRows(this.pool))
        if (final.kusama < 0 && final.kusamaAssetHub < 0) return []
        const { rows: remarks } = await this.pool.query(
            `SELECT r.id, r.account, r.eth_address, r.amount_planck::text AS amount_planck, r.error, r.extrinsic_hash
             FROM claim_remark r
             WHERE ${kusamaFinalSql('r', 1)} AND NOT EXISTS (SELECT 1 FROM claim_remark_outcome o WHERE o.id = r.id)
             ORDER BY r."timestamp", r.block_height, r.id LIMIT $3`, [final.kusama, final.kusamaAssetHub, limit])
        const decisions: RemarkDecision[] = []
        for (const r of remarks) {
            let d: RemarkDecision
            try {
                d = await this.decideRemark(r)
            } catch (e) {
                if (e instanceof NotaryError && FINAL_REMARK_REFUSALS.has(e.code)) {
                    d = { remarkId: r.id, kusamaAccount: r.account, status: 'REFUSED', code: e.code, reason: e.message }
                } else {
                    this.cfg.log(JSON.stringify({ msg: 'Ledger remark claim postponed', remark: r.id, kusama: r.account, reason: String(e?.message ?? e) }))
                    break   // transient: the same remark first, next run
                }
            }
            await this.pool.query(
                `INSERT INTO claim_remark_outcome (id, kusama_account, status, notary_claim_id, shares, code, reason, decided_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
                [d.remarkId, d.kusamaAccount, d.status, d.claimId ?? null, d.shares ?? null, d.code ?? null, d.reason ?? null, new Date()])
            this.cfg.log(JSON.stringify({ msg: 'Ledger remark decided', ...d }))
            decisions.push(d)
        }
        return decisions
    }

    private remarkKeyLogged = false

    private async decideRemark(r: { id: string; account: string; eth_address: string | null; amount_planck: string | null; error: string | null; extrinsic_hash: string }): Promise<RemarkDecision> {
        const base = { remarkId: r.id, kusamaAccount: r.account }
        if (r.error) {
            const code = /^([A-Z_]+): /.exec(r.error)?.[1] ?? 'BAD_REMARK'
            return { ...base, status: 'REFUSED', code, reason: r.error }
        }
        const nonce = `remark:${r.id}`
        const { rows: [existing] } = await this.pool.query('SELECT * FROM notary_claim WHERE kusama_account = $1 AND nonce = $2', [r.account, nonce])
        if (existing) return { ...base, status: 'ISSUED', claimId: existing.id, shares: String(existing.shares) }

        const { credited, reserved, claimable } = await readClaimable(this.pool, r.account)
        const asked = BigInt(r.amount_planck!)
        if (claimable <= 0n) {
            throw new NotaryError('NOTHING_CLAIMABLE', `${r.account} has no claimable shares (credited ${credited}, reserved or claimed ${reserved}); ` +
                `the remark asked for ${asked} planck`)
        }
        const R = await readClaimRatio(this.pool)
        const wanted: Shares = sharesOf(toBond(mkPlanck(asked)), R)
        if (wanted <= 0n) throw new NotaryError('BAD_AMOUNT', `${asked} planck is less than one share unit at ratio ${R}`)
        // 'max' is what is claimable inside the reservation's own transaction; an exact amount that a concurrent
        // request made too large fails AMOUNT_TOO_LARGE, which postpones the remark to the next run
        const shares: Shares | 'max' = wanted >= claimable ? 'max' : wanted
        if (this.cfg.key instanceof NotaryError) throw this.cfg.key
        await this.assertPoolAcceptsKey()
        const o = await this.serialPerAccount(r.account, () => this.reserveWithRetry(
            { kusamaAddress: r.account, ethAddress: r.eth_address!, shares, nonce }, 'remark' as RequestCrypto, `extrinsic:${r.extrinsic_hash}`))
        const capped = shares === 'max' && BigInt(o.claim.data.shares) < wanted
        return {
            ...base, status: 'ISSUED', claimId: o.claim.data.claimId, shares: o.claim.data.shares,
            ...(capped ? { code: 'CAPPED', reason: `the remark asked for ${asked} planck (${wanted} shares); ${o.claim.data.shares} shares were claimable` } : {}),
        }
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
