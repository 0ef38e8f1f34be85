/**
 * The EvmBatchProcessor of the Ethereum side, configured from the chain profile:
 * PolkadotPool (TokensClaimed, both TokensBurned shapes) and aKSMb (RatioUpdate, Transfer) logs
 * with their transaction's hash. The transaction fields the handler needs — the sender of a claim
 * (its relayer); the `to`, sender and input of a Transfer's transaction (they decide the Transfer's
 * unit, SPEC §1) — it fetches itself for those transactions only, in one batched
 * eth_getTransactionByHash per batch (handler.ts `transactions`): `transaction: true` here would
 * make the SDK fetch every block of the range with all its transactions over RPC.
 *
 * Environment (all optional):
 *  - RPC_RETRY_ATTEMPTS      retries of a failing RPC request (SDK default: forever)
 *  - ETH_RPC_CAPACITY        concurrent RPC requests (default 10)
 *  - ETH_RPC_BATCH           max calls in one JSON-RPC batch (default 100)
 *  - ETH_RPC_TIMEOUT_MS      request timeout (default 30000)
 *  - ETH_HEAD_POLL_MS        head polling interval over HTTP and of the cold phase (default 1000)
 *  - ETH_NEW_HEAD_TIMEOUT_MS over WebSocket: reset the connection after this long without a new
 *                            head (default 120000 on public chains, off on the local devnet, which
 *                            mines only on demand)
 *  - ETH_COALESCE_BLOCKS     historical sync: hand the handler up to this many already fetched
 *                            blocks per batch/transaction instead of the SDK's 10 (default 500; 0 = off)
 *  - ETH_SPLIT_BLOCKS        historical sync: blocks fetched per split (SDK: 10; default 100)
 *  - ETH_TO_BLOCK            stop (exit 0) after this block (benchmarks, profiling)
 *  - SQUID_SDK_PATCHES       0 = none of the SDK patches above (split size, coalescing): the plain SDK.
 *                            Otherwise the installed SDK versions must be the ones the patches were
 *                            written against (src/chains/sdk-patches)
 */
import { EvmBatchProcessor, RpcEndpointSettings } from '@subsquid/evm-processor'
import { envInt } from '../../config/env'
import { EthereumProfile } from '../../config/profile'
import { assertPatchedSdkVersions, coalesceEvmFinalizedBatches, ETHEREUM_PATCHED_PACKAGES, sdkPatchesEnabled, setColdSplitSize } from '../sdk-patches'
import { BOND_TOPICS, POOL_TOPICS } from './events'

export const HARDHAT_CHAIN_ID = 31337

export const FIELDS = {
    block: { timestamp: true },
    log: { address: true, topics: true, data: true, transactionHash: true },
} as const

export function rpcEndpoint(p: EthereumProfile, env: NodeJS.ProcessEnv = process.env): RpcEndpointSettings {
    return {
        url: p.rpc,
        rateLimit: p.rpcRateLimit,
        retryAttempts: envInt(env, 'RPC_RETRY_ATTEMPTS'),
        capacity: envInt(env, 'ETH_RPC_CAPACITY'),
        maxBatchCallSize: envInt(env, 'ETH_RPC_BATCH'),
        requestTimeout: envInt(env, 'ETH_RPC_TIMEOUT_MS'),
    }
}

export function makeProcessor(p: EthereumProfile, env: NodeJS.ProcessEnv = process.env) {
    const patches = sdkPatchesEnabled(env)
    if (patches) assertPatchedSdkVersions({ packages: ETHEREUM_PATCHED_PACKAGES })
    const local = p.chainId === HARDHAT_CHAIN_ID
    const processor = new EvmBatchProcessor()
        .setRpcEndpoint(rpcEndpoint(p, env))
        .setFinalityConfirmation(p.finalityConfirmation)
        // replaces the whole settings object: everything we want is here
        .setRpcDataIngestionSettings({
            headPollInterval: envInt(env, 'ETH_HEAD_POLL_MS') ?? (local ? 250 : 1000),
            newHeadTimeout: envInt(env, 'ETH_NEW_HEAD_TIMEOUT_MS') ?? (local ? 0 : 120_000),
        })
        .setBlockRange({ from: p.startBlock, to: envInt(env, 'ETH_TO_BLOCK') })
        .setFields(FIELDS)
        // every block, so the clock rows hold the exact last block before each period's end: where
        // proof of reserves reads storage (chain-clock.ts). RPC ingestion fetches every header anyway.
        .includeAllBlocks()
        .addLog({
            address: [p.pool],
            topic0: [POOL_TOPICS.TokensClaimed, POOL_TOPICS.TokensBurnedR0, POOL_TOPICS.TokensBurnedR1],
            // no `transaction: true` (see above): the handler asks for the claims' senders alone
        })
        .addLog({
            address: [p.bond],
            topic0: [BOND_TOPICS.RatioUpdate, BOND_TOPICS.Transfer],
            // no `transaction: true` either: the handler fetches the Transfers' transactions itself
        })
    if (p.gateway) processor.setGateway(p.gateway)
    const splitBlocks = envInt(env, 'ETH_SPLIT_BLOCKS') ?? 100
    const coalesce = envInt(env, 'ETH_COALESCE_BLOCKS') ?? 500
    if (patches) {
        setColdSplitSize(splitBlocks)
        if (coalesce > 0) coalesceEvmFinalizedBatches(processor, { maxBlocks: coalesce, maxBuffered: 4 * coalesce })
    }
    return processor
}

export type Processor = ReturnType<typeof makeProcessor>
