/**
 * The SubstrateBatchProcessor of the Kusama side, configured from the chain profile. The same
 * processor serves the relay chain and (kind `asset-hub`) Kusama Asset Hub: only the endpoint,
 * the start block and the decoders' runtime shapes differ.
 *
 * Requested: Balances.Transfer (filtered by pool account in the handler: RPC cannot filter by
 * argument), the Staking events of the pool (rewards with the payout call that paid them), Asset Hub's
 * SessionRotated and ValidatorIncentivePaid, TransactionPayment.TransactionFeePaid, and the
 * nominate calls and System.remark (Ankr's Ledger claim requests, SPEC §4.15), also
 * inside utility.batch/batch_all/force_batch and proxy.proxy (the SDK unwraps those), each with its
 * extrinsic hash.
 *
 * Environment (all optional):
 *  - KUSAMA_RPC_CAPACITY        concurrent RPC requests (SDK default 10)
 *  - KUSAMA_RPC_BATCH           max calls in one JSON-RPC batch (default 100)
 *  - KUSAMA_RPC_TIMEOUT_MS      request timeout (default 30000)
 *  - KUSAMA_HEAD_POLL_MS        head polling interval over HTTP (default 1000; 100 on a local chain)
 *  - KUSAMA_NEW_HEAD_TIMEOUT_MS over WebSocket: reconnect after this long without a new head
 *  - KUSAMA_COALESCE_BLOCKS     historical sync: hand the handler up to this many already fetched
 *                               blocks per batch/transaction instead of the SDK's 10 (default 500; 0 = off)
 *  - KUSAMA_SPLIT_BLOCKS        historical sync: blocks fetched per split (default 100 on a local chain;
 *                               10, the SDK's, elsewhere: a split's blocks travel in one JSON-RPC batch,
 *                               and Substrate nodes cap a response at 10 MiB (--rpc-max-response-size)
 *                               while a relay-chain block with its ParaInherent runs to hundreds of KB)
 *  - KUSAMA_BATCHED_FETCH       historical sync: fetch each split's blocks in two JSON-RPC batches
 *                               instead of one request per block (default 1; 0 = the SDK's fetch)
 *  - KUSAMA_PREFILTER           drop the items nobody requested before the SDK maps them (default 1;
 *                               0 = the SDK maps everything, then filters; see sdk-patches/prefilter.ts)
 *  - KUSAMA_TO_BLOCK            stop (exit 0) after this block (benchmarks, profiling)
 *  - SQUID_SDK_PATCHES          0 = none of the SDK patches above (batched fetch, split size, pre-filter,
 *                               coalescing): the plain SDK. Otherwise the installed SDK versions must be
 *                               the ones the patches were written against (src/chains/sdk-patches)
 * (substrate-processor 8.5.1 retries failing RPC requests forever: RPC_RETRY_ATTEMPTS has no effect here.)
 */
import { SubstrateBatchProcessor, RpcEndpointSettings } from '@subsquid/substrate-processor'
import { envInt } from '../../config/env'
import { KusamaProfile } from '../../config/profile'
import { REMARK_CALLS } from './decoding/system'
import {
    assertPatchedSdkVersions, coalesceSubstrateFinalizedBatches, installBatchedColdFetch, installPrefilter, KUSAMA_PATCHED_PACKAGES,
    sdkPatchesEnabled, setColdSplitSize,
} from '../sdk-patches'

export const TRANSFER_EVENTS = ['Balances.Transfer']
export const STAKE_EVENTS = ['Staking.Bonded', 'Staking.Unbonded', 'Staking.Withdrawn']
export const REWARD_EVENTS = ['Staking.Rewarded', 'Staking.Reward']
export const SLASH_EVENTS = ['Staking.Slashed', 'Staking.Slash']
export const ERA_EVENTS = ['Staking.EraPaid', 'Staking.EraPayout']
export const PAYOUT_STARTED = 'Staking.PayoutStarted'
/** Asset Hub only: the active era at every session */
export const SESSION_ROTATED = 'Staking.SessionRotated'
/** Asset Hub 2003000+ */
export const VALIDATOR_INCENTIVE_PAID = 'Staking.ValidatorIncentivePaid'
export const FEE_EVENT = 'TransactionPayment.TransactionFeePaid'
export const NOMINATE_CALL = 'Staking.nominate'

export const FIELDS = {
    block: { timestamp: true },
    event: { name: true, args: true, phase: true },
    extrinsic: { hash: true, success: true },
    call: { name: true, args: true, origin: true, success: true },
} as const

function isLocal(url: string): boolean {
    return /^(wss?|https?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)
}

/**
 * The endpoint the processor talks to. A WebSocket endpoint of a LOCAL chain is used over HTTP
 * (the simulator, like Substrate nodes since 0.9.43, serves both on one port): the SDK's
 * WebSocket head subscription (substrate-data-raw 8.x `subscription()`) ignores a new head at or
 * below the finalized height, so a chain that finalizes its head and then mines nothing — the
 * simulator at every scenario sync point — is never caught up in the hot phase. HTTP polling
 * passes the finalized head by hash and has no such gap. Real chains produce a head every 6 s
 * and keep their WebSocket endpoint. KUSAMA_RPC_KEEP_WS=1 disables the rewrite.
 */
export function effectiveRpcUrl(url: string, env: NodeJS.ProcessEnv = process.env): string {
    if (env.KUSAMA_RPC_KEEP_WS === '1' || !isLocal(url)) return url
    return url.replace(/^ws(s?):\/\//, 'http$1://')
}

export function rpcEndpoint(p: KusamaProfile, env: NodeJS.ProcessEnv = process.env): RpcEndpointSettings {
    return {
        url: effectiveRpcUrl(p.rpc, env),
        rateLimit: p.rpcRateLimit,
        capacity: envInt(env, 'KUSAMA_RPC_CAPACITY'),
        maxBatchCallSize: envInt(env, 'KUSAMA_RPC_BATCH'),
        requestTimeout: envInt(env, 'KUSAMA_RPC_TIMEOUT_MS'),
    }
}

export function makeProcessor(p: KusamaProfile, env: NodeJS.ProcessEnv = process.env) {
    const patches = sdkPatchesEnabled(env)
    if (patches) assertPatchedSdkVersions({ packages: KUSAMA_PATCHED_PACKAGES })
    const local = isLocal(p.rpc)
    const processor = new SubstrateBatchProcessor()
        .setRpcEndpoint(rpcEndpoint(p, env))
        .setRpcDataIngestionSettings({
            headPollInterval: envInt(env, 'KUSAMA_HEAD_POLL_MS') ?? (local ? 100 : 1000),
            // the local simulator mines only on demand: no head for minutes is normal there
            newHeadTimeout: envInt(env, 'KUSAMA_NEW_HEAD_TIMEOUT_MS') ?? (local ? 0 : 120_000),
        })
        .setBlockRange({ from: p.startBlock, to: envInt(env, 'KUSAMA_TO_BLOCK') ?? p.endBlock })
        .setFields(FIELDS)
        // every block, so the clock rows hold the exact last block before each period's end: where
        // proof of reserves reads storage (chain-clock.ts). RPC ingestion fetches every block anyway.
        .includeAllBlocks()
        .addEvent({ name: TRANSFER_EVENTS, extrinsic: true })
        .addEvent({
            name: [...STAKE_EVENTS, ...SLASH_EVENTS, ...ERA_EVENTS, SESSION_ROTATED, PAYOUT_STARTED, VALIDATOR_INCENTIVE_PAID],
            extrinsic: true,
        })
        // a reward without a PayoutStarted before it is attributed by its payout_stakers(_by_page) call
        .addEvent({ name: REWARD_EVENTS, extrinsic: true, call: true })
        .addEvent({ name: [FEE_EVENT], extrinsic: true })
        // stack: the wrapping batch/proxy calls, to tell DIRECT, BATCH and PROXY apart
        .addCall({ name: [NOMINATE_CALL], extrinsic: true, stack: true })
        // Ankr's Ledger claim requests (SPEC §4.15): remarks of any account, kept by their data in the mapping
        .addCall({ name: REMARK_CALLS, extrinsic: true, stack: true })
    if (p.gateway) processor.setGateway(p.gateway)
    // runtimes before metadata V14 (Kusama < 9111) need the built-in Kusama types bundle
    if (p.kind === 'relay') processor.setTypesBundle('kusama')
    const splitBlocks = envInt(env, 'KUSAMA_SPLIT_BLOCKS') ?? (local ? 100 : 10)
    const coalesce = envInt(env, 'KUSAMA_COALESCE_BLOCKS') ?? 500
    if (patches) {
        if (env.KUSAMA_BATCHED_FETCH !== '0') installBatchedColdFetch()
        setColdSplitSize(splitBlocks)
        if (env.KUSAMA_PREFILTER !== '0') installPrefilter(processor)
        if (coalesce > 0) coalesceSubstrateFinalizedBatches(processor, { maxBlocks: coalesce, maxBuffered: 4 * coalesce })
    }
    return processor
}

export type Processor = ReturnType<typeof makeProcessor>
