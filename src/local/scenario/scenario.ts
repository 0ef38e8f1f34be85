import { parseBond, parseKsm, parseRatio, parseShares, BondAmount, Planck, Ratio, Shares } from '../../domain/units'
import { DEFAULT_MIN_STAKE_PLANCK } from '../../config/profile'

/**
 * The scenario file of SPEC §6, parsed and checked before anything runs: a malformed file is
 * rejected as a whole with the step number and the reason, never half replayed.
 */
export interface Scenario {
    /** unix ms */
    start: number
    end?: number
    config: ScenarioConfig
    stashes: string[]
    /** in replay order: by t, ties in file order */
    steps: Step[]
}

export interface ScenarioConfig {
    minStakePlanck: Planck
    feeBps: number
    finalityLag: number
    txFeePlanck: Planck
    firstEra: number
    periodSeconds: number
    maxApr: string
    releasePeriodSeconds: number
    claimTtlBlocks: number
    specVersion: number
    poolRevision: 0 | 1
    /** extra dedicated pool accounts (names) besides `deposit` and the stashes */
    poolAccounts: string[]
    /** whether PolkadotPool rejects recipients that are not Kusama addresses; off models a pool that
     *  accepts any bytes, as the indexer must assume on mainnet (SPEC §4.5 INVALID_RECIPIENT) */
    recipientValidation: boolean
}

type At = { /** position in the file, 1-based */ n: number; t: number }
type Chain = 'kusama' | 'ethereum'
export type RewardDest = 'Staked' | 'Stash' | 'Controller' | { Account: string }

export type Step = At & (
    | { op: 'deposit'; from: string; planck: Planck }
    | { op: 'transfer'; from: string; to: string; planck: Planck }
    | { op: 'sweep'; to: string; planck: Planck }
    | { op: 'bond'; stash: string; planck: Planck }
    | { op: 'unbond'; stash: string; planck: Planck }
    | { op: 'withdraw'; stash: string }
    | { op: 'reward'; stash: string; validator: string; planck: Planck; dest: RewardDest }
    | { op: 'slash'; stash: string; planck: Planck }
    | { op: 'eraPaid' }
    | { op: 'nominate'; stash: string; validators: string[]; via: 'direct' | 'batch' | 'proxy' }
    | { op: 'payout'; from: string; to: string; planck: Planck }
    | { op: 'upgrade'; specVersion: number }
    | { op: 'claim'; kusama: string; eth: string; shares: Shares | 'max'; submit: boolean }
    | { op: 'burn'; eth: string; aksmb?: BondAmount; shares?: Shares; recipient: { name: string } | { raw: string } }
    | { op: 'transferBond'; from: string; to: string; aksmb: BondAmount }
    | { op: 'publishRatio' }
    | { op: 'setRatio'; ratio: Ratio }
    | { op: 'setPoolRevision'; revision: 0 | 1 }
    | { op: 'reorg'; chain: Chain; depth: number }
    | { op: 'finalize'; chain?: Chain }
)

export type StepOp = Step['op']

export class ScenarioError extends Error {
    constructor(readonly step: number | undefined, readonly reason: string) {
        super(step === undefined ? `scenario: ${reason}` : `scenario step ${step}: ${reason}`)
    }
}

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/
const RESERVED = new Set(['deposit', 'operator', 'notary'])
export const KUSAMA_OPS = new Set<StepOp>(['deposit', 'transfer', 'sweep', 'bond', 'unbond', 'withdraw', 'reward', 'slash',
    'eraPaid', 'nominate', 'payout', 'upgrade'])
export const ETHEREUM_OPS = new Set<StepOp>(['claim', 'burn', 'transferBond', 'publishRatio', 'setRatio', 'setPoolRevision'])

const CONFIG_KEYS = ['minStake', 'feeBps', 'finalityLag', 'txFee', 'firstEra', 'periodSeconds', 'maxApr', 'releasePeriod',
    'claimTtlBlocks', 'specVersion', 'poolRevision', 'poolAccounts', 'recipientValidation']

/** Knows the fields of each op: required, optional, and how to read them. */
const OP_FIELDS: Record<StepOp, { required: string[]; optional?: string[] }> = {
    deposit: { required: ['from', 'ksm'] },
    transfer: { required: ['from', 'to', 'ksm'] },
    sweep: { required: ['to', 'ksm'] },
    bond: { required: ['stash', 'ksm'] },
    unbond: { required: ['stash', 'ksm'] },
    withdraw: { required: ['stash'] },
    reward: { required: ['stash', 'validator', 'ksm'], optional: ['dest'] },
    slash: { required: ['stash', 'ksm'] },
    eraPaid: { required: [] },
    nominate: { required: ['stash', 'validators'], optional: ['via'] },
    payout: { required: ['to', 'ksm'], optional: ['from'] },
    upgrade: { required: ['specVersion'] },
    claim: { required: ['kusama', 'eth'], optional: ['shares', 'submit'] },
    burn: { required: ['eth', 'recipient'], optional: ['aksmb', 'shares'] },
    transferBond: { required: ['from', 'to', 'aksmb'] },
    publishRatio: { required: [] },
    setRatio: { required: ['ratio'] },
    setPoolRevision: { required: ['revision'] },
    reorg: { required: ['chain', 'depth'] },
    finalize: { required: [], optional: ['chain'] },
}

export function parseScenario(text: string): Scenario {
    let raw: any
    try {
        raw = JSON.parse(text)
    } catch (e) {
        throw new ScenarioError(undefined, `not valid JSON: ${e.message}`)
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ScenarioError(undefined, 'must be a JSON object')
    for (const key of Object.keys(raw)) {
        if (!['start', 'end', 'config', 'stashes', 'steps', 'description'].includes(key)) {
            throw new ScenarioError(undefined, `unknown top-level field "${key}"`)
        }
    }
    const start = parseTime(raw.start, 'start')
    const end = raw.end === undefined ? undefined : parseTime(raw.end, 'end')
    if (end !== undefined && end <= start) throw new ScenarioError(undefined, '"end" must be after "start"')
    const stashes = raw.stashes ?? []
    if (!Array.isArray(stashes) || !stashes.every(s => typeof s === 'string' && NAME.test(s) && !RESERVED.has(s))) {
        throw new ScenarioError(undefined, '"stashes" must be an array of account names (not deposit, operator or notary)')
    }
    if (new Set(stashes).size !== stashes.length) throw new ScenarioError(undefined, '"stashes" lists a name twice')
    const config = parseConfig(raw.config ?? {})
    const pool = new Set<string>(['deposit', ...stashes, ...config.poolAccounts])
    if (!Array.isArray(raw.steps)) throw new ScenarioError(undefined, '"steps" must be an array')

    const steps = raw.steps.map((s: unknown, i: number) => parseStep(s, i + 1, { stashes: new Set(stashes), pool }))
    for (const s of steps) {
        if (end !== undefined && start + s.t * 1000 > end) throw new ScenarioError(s.n, `t=${s.t} is after "end"`)
    }
    // stable sort: ties keep file order
    steps.sort((a: Step, b: Step) => a.t - b.t || a.n - b.n)
    return { start, end, config, stashes, steps }
}

function parseTime(v: unknown, field: string): number {
    if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v)) {
        throw new ScenarioError(undefined, `"${field}" must be an ISO-8601 UTC time like 2026-01-05T00:00:00Z`)
    }
    const ms = Date.parse(v)
    if (!Number.isFinite(ms)) throw new ScenarioError(undefined, `"${field}" is not a valid time: ${v}`)
    return ms
}

function parseConfig(c: any): ScenarioConfig {
    const fail = (reason: string): never => {
        throw new ScenarioError(undefined, `config: ${reason}`)
    }
    if (typeof c !== 'object' || Array.isArray(c)) fail('must be an object')
    for (const key of Object.keys(c)) if (!CONFIG_KEYS.includes(key)) fail(`unknown field "${key}" (known: ${CONFIG_KEYS.join(', ')})`)
    const int = (key: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER) => {
        const v = c[key] ?? dflt
        if (!Number.isSafeInteger(v) || v < min || v > max) fail(`"${key}" must be an integer in [${min}, ${max}]`)
        return v as number
    }
    const ksm = (key: string, dflt: Planck) => {
        if (c[key] === undefined) return dflt
        try {
            return parseKsm(String(c[key]))
        } catch (e) {
            return fail(`"${key}": ${e.message}`)
        }
    }
    const maxApr = String(c.maxApr ?? '0.30')
    if (!/^\d+(\.\d+)?$/.test(maxApr)) fail('"maxApr" must be a decimal string like "0.30"')
    const poolAccounts = c.poolAccounts ?? []
    if (!Array.isArray(poolAccounts) || !poolAccounts.every((s: unknown) => typeof s === 'string' && NAME.test(s) && !RESERVED.has(s))) {
        fail('"poolAccounts" must be an array of account names')
    }
    const revision = int('poolRevision', 1, 0, 1)
    if (c.recipientValidation !== undefined && typeof c.recipientValidation !== 'boolean') fail('"recipientValidation" must be true or false')
    return {
        minStakePlanck: ksm('minStake', DEFAULT_MIN_STAKE_PLANCK as Planck),
        feeBps: int('feeBps', 200, 0, 10000),
        finalityLag: int('finalityLag', 5, 1, 1000),
        txFeePlanck: ksm('txFee', 0n as Planck),
        firstEra: int('firstEra', 8000),
        periodSeconds: int('periodSeconds', 86400, 60),
        maxApr,
        releasePeriodSeconds: int('releasePeriod', 7 * 86400, 0),
        claimTtlBlocks: int('claimTtlBlocks', 7200, 1),
        specVersion: int('specVersion', 1003000, 1),
        poolRevision: revision as 0 | 1,
        poolAccounts,
        recipientValidation: c.recipientValidation ?? true,
    }
}

interface Names {
    stashes: Set<string>
    pool: Set<string>
}

function parseStep(s: any, n: number, names: Names): Step {
    const fail = (reason: string): never => {
        throw new ScenarioError(n, reason)
    }
    if (s === null || typeof s !== 'object' || Array.isArray(s)) fail('must be an object')
    if (!Number.isSafeInteger(s.t) || s.t < 0) fail('"t" must be a non-negative integer (seconds after start)')
    const op = s.op as StepOp
    const fields = OP_FIELDS[op]
    if (typeof op !== 'string' || !fields) fail(`unknown op ${JSON.stringify(s.op)} (known: ${Object.keys(OP_FIELDS).join(', ')})`)
    for (const f of fields.required) if (s[f] === undefined) fail(`${op}: missing "${f}"`)
    const allowed = new Set(['t', 'op', 'note', ...fields.required, ...(fields.optional ?? [])])
    for (const key of Object.keys(s)) if (!allowed.has(key)) fail(`${op}: unknown field "${key}"`)

    const name = (f: string): string => (typeof s[f] === 'string' && NAME.test(s[f]) ? s[f] : fail(`${op}: "${f}" must be an account name`))
    const user = (f: string): string => {
        const v = name(f)
        if (names.pool.has(v)) fail(`${op}: "${f}" must not be a pool account (${v})`)
        return v
    }
    const stash = (f = 'stash'): string => {
        const v = name(f)
        if (!names.stashes.has(v)) fail(`${op}: "${v}" is not one of the stashes`)
        return v
    }
    const amount = <T>(f: string, parse: (x: string) => T): T => {
        if (typeof s[f] !== 'string') fail(`${op}: "${f}" must be a decimal string`)
        let v: T
        try {
            v = parse(s[f])
        } catch (e) {
            return fail(`${op}: "${f}": ${e.message}`)
        }
        if ((v as unknown as bigint) <= 0n) fail(`${op}: "${f}" must be positive`)
        return v
    }
    const ksm = () => amount('ksm', parseKsm)
    const chain = (required: boolean): Chain | undefined => {
        const v = s.chain
        if (v === undefined && !required) return undefined
        return v === 'kusama' || v === 'ethereum' ? v : fail(`${op}: "chain" must be "kusama" or "ethereum"`)
    }
    const base = { n, t: s.t }

    switch (op) {
        case 'deposit':
            return { ...base, op, from: user('from'), planck: ksm() }
        case 'transfer':
            return { ...base, op, from: name('from'), to: name('to'), planck: ksm() }
        case 'sweep': {
            const to = name('to')
            if (!names.pool.has(to) || to === 'deposit') fail(`sweep: "to" must be a pool account other than deposit`)
            return { ...base, op, to, planck: ksm() }
        }
        case 'bond':
        case 'unbond':
        case 'slash':
            return { ...base, op, stash: stash(), planck: ksm() }
        case 'withdraw':
            return { ...base, op, stash: stash() }
        case 'reward': {
            let dest: RewardDest = 'Staked'
            if (s.dest !== undefined) {
                if (s.dest === 'Staked' || s.dest === 'Stash' || s.dest === 'Controller') dest = s.dest
                else if (typeof s.dest === 'object' && s.dest && typeof s.dest.Account === 'string' && NAME.test(s.dest.Account)) dest = { Account: s.dest.Account }
                else fail('reward: "dest" must be Staked, Stash, Controller or {"Account": name}')
            }
            return { ...base, op, stash: stash(), validator: user('validator'), planck: ksm(), dest }
        }
        case 'eraPaid':
            return { ...base, op }
        case 'nominate': {
            const vs = s.validators
            if (!Array.isArray(vs) || vs.length === 0 || !vs.every((v: unknown) => typeof v === 'string' && NAME.test(v))) {
                fail('nominate: "validators" must be a non-empty array of names')
            }
            const via = s.via ?? 'direct'
            if (!['direct', 'batch', 'proxy'].includes(via)) fail('nominate: "via" must be direct, batch or proxy')
            return { ...base, op, stash: stash(), validators: vs, via }
        }
        case 'payout': {
            const from = s.from === undefined ? 'deposit' : name('from')
            if (!names.pool.has(from)) fail(`payout: "from" must be a pool account`)
            return { ...base, op, from, to: user('to'), planck: ksm() }
        }
        case 'upgrade':
            if (!Number.isSafeInteger(s.specVersion) || s.specVersion <= 0) fail('upgrade: "specVersion" must be a positive integer')
            return { ...base, op, specVersion: s.specVersion }
        case 'claim': {
            const shares = s.shares === undefined || s.shares === 'max' ? 'max' : amount('shares', parseShares)
            if (s.submit !== undefined && typeof s.submit !== 'boolean') fail('claim: "submit" must be true or false')
            return { ...base, op, kusama: user('kusama'), eth: name('eth'), shares, submit: s.submit ?? true }
        }
        case 'burn': {
            if ((s.aksmb === undefined) === (s.shares === undefined)) fail('burn: give exactly one of "aksmb" (revision R1) or "shares" (R0)')
            const r = s.recipient
            let recipient: { name: string } | { raw: string }
            if (typeof r === 'string' && NAME.test(r)) recipient = { name: r }
            else if (typeof r === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(r)) recipient = { raw: r.toLowerCase() }
            else return fail('burn: "recipient" must be an account name or 0x-hex bytes')
            return {
                ...base, op, eth: name('eth'), recipient,
                aksmb: s.aksmb === undefined ? undefined : amount('aksmb', parseBond),
                shares: s.shares === undefined ? undefined : amount('shares', parseShares),
            }
        }
        case 'transferBond':
            return { ...base, op, from: name('from'), to: name('to'), aksmb: amount('aksmb', parseBond) }
        case 'publishRatio':
            return { ...base, op }
        case 'setRatio':
            return { ...base, op, ratio: amount('ratio', parseRatio) }
        case 'setPoolRevision':
            if (s.revision !== 0 && s.revision !== 1) fail('setPoolRevision: "revision" must be 0 or 1')
            return { ...base, op, revision: s.revision }
        case 'reorg':
            if (!Number.isSafeInteger(s.depth) || s.depth < 1) fail('reorg: "depth" must be a positive integer')
            return { ...base, op, chain: chain(true)!, depth: s.depth }
        case 'finalize':
            return { ...base, op, chain: chain(false) }
    }
}
