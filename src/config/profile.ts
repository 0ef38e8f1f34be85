import * as fs from 'fs'
import * as path from 'path'

/**
 * A chain profile says which chains to index and which accounts and contracts are the pool's.
 * Processes of the product read it from the JSON file named by SQUID_PROFILE (the local stack
 * writes one per run) or take a committed profile by name (`profiles/<name>.json`, e.g. mainnet).
 * Kusama Asset Hub (staking after the migration) is another `kusama.kind`, not another code path; a
 * profile may also give both parts (`kusama.relay` up to its endBlock, then `kusama.assetHub`, SPEC
 * §4.13), each indexed by its own processor.
 */
export interface KusamaProfile {
    kind: 'relay' | 'asset-hub'
    /** JSON-RPC endpoint (http(s) or ws(s)); required */
    rpc: string
    /** optional SQD Network gateway for fast historical sync */
    gateway?: string
    rpcRateLimit?: number
    startBlock: number
    /** last block of this part (the relay chain's part of a two-part profile, SPEC §4.13) */
    endBlock?: number
    /** SS58 addresses (any prefix accepted in the file, normalised to prefix 2 on load) */
    depositAddresses: string[]
    stashes: string[]
    otherPoolAccounts: string[]
}

export interface EthereumProfile {
    rpc: string
    gateway?: string
    rpcRateLimit?: number
    chainId: number
    startBlock: number
    finalityConfirmation: number
    pool: string
    bond: string
}

export interface OracleSettings {
    feeBps: number
    periodSeconds: number
    maxApr: string
    releasePeriodSeconds: number
    claimTtlBlocks: number
    /** smallest credited deposit, planck (a decimal string in the file); applied by the oracle, so a change needs no re-index */
    minStakePlanck: bigint
}

export interface ChainProfile {
    name: string
    /** Kusama's only part, or the relay chain's part when `kusamaAssetHub` is set */
    kusama: KusamaProfile
    /** SPEC §4.13: Asset Hub after the migration (the pool accounts are `kusama`'s) */
    kusamaAssetHub?: KusamaProfile
    ethereum: EthereumProfile
    oracle: OracleSettings
}

export const DEFAULT_ORACLE: OracleSettings = {
    feeBps: 200,
    periodSeconds: 86400,
    maxApr: '0.30',
    releasePeriodSeconds: 7 * 86400,
    claimTtlBlocks: 7200,
    /** KSM 0.1 */
    minStakePlanck: 100_000_000_000n,
}

export const DEFAULT_MIN_STAKE_PLANCK = DEFAULT_ORACLE.minStakePlanck

/** The profile as a file parseProfile reads back: a two-part Kusama as `kusama: {relay, assetHub, <pool accounts>}`. */
export function serializeProfile(p: ChainProfile): string {
    const json = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)
    if (!p.kusamaAssetHub) return json(p)
    const { kusama, kusamaAssetHub, ...rest } = p
    // a part's own settings (its endpoint and block range); the pool accounts sit beside the parts
    const part = (k: KusamaProfile) => ({ rpc: k.rpc, gateway: k.gateway, rpcRateLimit: k.rpcRateLimit, startBlock: k.startBlock, endBlock: k.endBlock })
    return json({
        ...rest,
        kusama: {
            relay: part(kusama), assetHub: part(kusamaAssetHub),
            depositAddresses: kusama.depositAddresses, stashes: kusama.stashes, otherPoolAccounts: kusama.otherPoolAccounts,
        },
    })
}

export function parseProfile(json: string, source: string): ChainProfile {
    let raw: any
    try {
        raw = JSON.parse(json)
    } catch (e) {
        throw new Error(`profile ${source}: not JSON: ${e.message}`)
    }
    const fail = (what: string): never => {
        throw new Error(`profile ${source}: ${what}`)
    }
    const str = (v: unknown, name: string) => (typeof v === 'string' && v.length > 0 ? v : fail(`${name} must be a non-empty string`))
    const int = (v: unknown, name: string) => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : fail(`${name} must be a non-negative integer`))
    const strings = (v: unknown, name: string) =>
        Array.isArray(v) && v.every(x => typeof x === 'string') ? (v as string[]) : fail(`${name} must be an array of strings`)
    const k0 = raw?.kusama ?? fail('kusama section missing')
    const e = raw?.ethereum ?? fail('ethereum section missing')
    // two parts: kusama.relay {…, endBlock} and kusama.assetHub {…, startBlock}; the pool accounts may sit beside them
    const twoParts = k0.relay != null || k0.assetHub != null
    if (twoParts && (k0.relay == null || k0.assetHub == null)) fail('kusama needs both relay and assetHub parts, or neither')
    const k = twoParts ? { ...k0, ...k0.relay, kind: 'relay' } : k0
    const kind = k.kind ?? 'relay'
    if (kind !== 'relay' && kind !== 'asset-hub') fail(`kusama.kind must be relay or asset-hub, got ${kind}`)
    if (twoParts && k0.relay.endBlock == null) fail('kusama.relay.endBlock is required: the last relay block before Asset Hub')
    // oracle.minStakePlanck; kusama.minStakePlanck is where profiles kept it before the oracle applied it
    const minStake = String(raw.oracle?.minStakePlanck ?? k.minStakePlanck ?? DEFAULT_MIN_STAKE_PLANCK)
    if (!/^\d+$/.test(minStake)) fail('oracle.minStakePlanck must be an integer (planck)')
    const addr = (v: unknown, name: string) => {
        const s = str(v, name)
        return /^0x[0-9a-fA-F]{40}$/.test(s) ? s.toLowerCase() : fail(`${name} must be a 0x-address`)
    }
    const kusamaPart = (x: any, partKind: 'relay' | 'asset-hub', name: string): KusamaProfile => ({
        kind: partKind,
        rpc: str(x.rpc, `${name}.rpc`),
        gateway: x.gateway,
        rpcRateLimit: x.rpcRateLimit,
        startBlock: int(x.startBlock ?? 0, `${name}.startBlock`),
        ...(x.endBlock == null ? {} : { endBlock: int(x.endBlock, `${name}.endBlock`) }),
        depositAddresses: strings(k.depositAddresses, 'kusama.depositAddresses'),
        stashes: strings(k.stashes ?? [], 'kusama.stashes'),
        otherPoolAccounts: strings(k.otherPoolAccounts ?? [], 'kusama.otherPoolAccounts'),
    })
    const oracle = { ...DEFAULT_ORACLE, ...(raw.oracle ?? {}), minStakePlanck: BigInt(minStake) }
    return {
        name: str(raw.name ?? path.basename(source, '.json'), 'name'),
        kusama: kusamaPart(k, kind, twoParts ? 'kusama.relay' : 'kusama'),
        ...(twoParts ? { kusamaAssetHub: kusamaPart(k0.assetHub, 'asset-hub', 'kusama.assetHub') } : {}),
        ethereum: {
            rpc: str(e.rpc, 'ethereum.rpc'),
            gateway: e.gateway,
            rpcRateLimit: e.rpcRateLimit,
            chainId: int(e.chainId ?? 1, 'ethereum.chainId'),
            startBlock: int(e.startBlock ?? 0, 'ethereum.startBlock'),
            finalityConfirmation: int(e.finalityConfirmation ?? 75, 'ethereum.finalityConfirmation'),
            pool: addr(e.pool, 'ethereum.pool'),
            bond: addr(e.bond, 'ethereum.bond'),
        },
        oracle,
    }
}

/** A committed profile's name (profiles/NAME.json) or a path to a profile file. */
export function profileFile(nameOrPath: string): string {
    return nameOrPath.endsWith('.json') ? path.resolve(nameOrPath) : path.resolve(__dirname, '../../profiles', `${nameOrPath}.json`)
}

/** The profile of this process: SQUID_PROFILE (a path) or SQUID_PROFILE_NAME (a committed profile). */
export function loadProfile(env: NodeJS.ProcessEnv = process.env): ChainProfile {
    const file = env.SQUID_PROFILE ?? profileFile(env.SQUID_PROFILE_NAME ?? 'mainnet')
    const profile = parseProfile(fs.readFileSync(file, 'utf8'), file)
    // endpoints given in the environment win over the file, so one profile serves several deployments
    if (env.KUSAMA_RPC) profile.kusama.rpc = env.KUSAMA_RPC
    if (env.KUSAMA_ASSET_HUB_RPC && profile.kusamaAssetHub) profile.kusamaAssetHub.rpc = env.KUSAMA_ASSET_HUB_RPC
    if (env.ETH_RPC) profile.ethereum.rpc = env.ETH_RPC
    return profile
}
