import { z } from 'zod'
import { DEFAULT_MIN_STAKE_PLANCK } from '../../config/profile'
import { BondAmount, parseBaseUnits, parseBond, parseKsm, parseRatio, parseShares, planck as mkPlanck, Planck, Ratio, Shares } from '../../domain/units'

/**
 * The scenario file of SPEC §6, parsed and checked (by the zod schemas below) before anything runs:
 * a malformed file is rejected as a whole with the step number, the field and the reason, never half
 * replayed.
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
export type RemarkVia = 'direct' | 'batch' | 'batch_all' | 'force_batch' | 'proxy'

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
    /** SPEC §4.13: the relay chain stops, Asset Hub continues with its state; `corruptLedger` is a TEST-ONLY FAULT
     *  (that stash's ledger moves with `planck` less active stake) */
    | { op: 'migrateToAssetHub'; corruptLedger?: { stash: string; planck: Planck } }
    | { op: 'claim'; kusama: string; eth: string; shares: Shares | 'max'; submit: boolean }
    /** Ankr's dashboard, browser wallet (SPEC §4.15): `aksmb` is the `amount` sent (18 decimals); absent = all claimable */
    | { op: 'claimStakeFi'; kusama: string; eth: string; aksmb?: BondAmount }
    /** Ankr's dashboard, Ledger wallet (SPEC §4.15): the CreateClaim remark of `planck`, sent `via` (default direct) */
    | { op: 'claimRemark'; kusama: string; eth: string; planck: Planck; via: RemarkVia }
    | { op: 'burn'; eth: string; aksmb?: BondAmount; shares?: Shares; recipient: { name: string } | { raw: string } }
    | { op: 'transferBond'; from: string; to: string; aksmb: BondAmount }
    | { op: 'publishRatio' }
    | { op: 'setRatio'; ratio: Ratio }
    | { op: 'setPoolRevision'; revision: 0 | 1 }
    | { op: 'reorg'; chain: Chain; depth: number }
    | { op: 'finalize'; chain?: Chain }
    // TEST-ONLY FAULTS (beyond SPEC §6, for the proof-of-reserves fault tests of §4.14): balances that
    // change with no event at all, each in a block of its own. Never part of a real chain's behaviour.
    /** a pool account's free balance raised by `planck`, no event */
    | { op: 'silentMint'; account: string; planck: Planck }
    /** a pool account's free balance lowered by `planck` (it must hold that much), no event */
    | { op: 'silentBurn'; account: string; planck: Planck }
    /** aKSMb sharesOf(eth) and totalSharesSupply() raised by `shares` by writing the token's storage, no log */
    | { op: 'silentShareMint'; eth: string; shares: Shares }
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
    'eraPaid', 'nominate', 'payout', 'upgrade', 'migrateToAssetHub', 'silentMint', 'silentBurn'])
export const ETHEREUM_OPS = new Set<StepOp>(['claim', 'burn', 'transferBond', 'publishRatio', 'setRatio', 'setPoolRevision', 'claimStakeFi',
    'silentShareMint'])
/** ops that run on both chains: the Ledger claim is a Kusama remark, then an Ethereum claim */
export const BOTH_CHAIN_OPS = new Set<StepOp>(['claimRemark'])

// ---- building blocks ----
// Messages are written for the file's author and name no field: reasons() puts the field (and the
// step and op) in front. A message starting with "must" reads `"ksm" must be positive`; any other
// reads `"ksm": <message>`.

/** one message for every issue a schema raises itself (zod's own wording talks about JS types) */
const must = (message: string) => ({ errorMap: () => ({ message }) })

/** an object that rejects unknown fields */
function strictObject<S extends z.ZodRawShape>(shape: S, unknown: (key: string) => string, notObject = 'must be an object') {
    return z.object(shape, {
        errorMap: (issue, ctx) => ({
            message: issue.code === 'unrecognized_keys' ? issue.keys.map(unknown).join('; ')
                : issue.code === 'invalid_type' ? notObject
                    : ctx.defaultError,
        }),
    }).strict()
}

/** absent or null: the default */
const orDefault = <S extends z.ZodTypeAny>(schema: S, dflt: unknown) => z.preprocess(v => v ?? dflt, schema)

const safeInt = (message: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
    z.number(must(message)).int().min(min).max(max)

const accountName = (message = 'must be an account name') => z.string(must(message)).regex(NAME)

/** stashes and poolAccounts: names that are not reserved */
const accountNames = (message: string) =>
    z.array(accountName(message).refine(s => !RESERVED.has(s), { message }), must(message))

/** a decimal string in the given unit, > 0 */
function amount<T extends bigint>(parse: (s: string) => T) {
    return z.string(must('must be a decimal string')).transform((s, ctx) => parsePositive(s, parse, ctx))
}

function parsePositive<T extends bigint>(s: string, parse: (s: string) => T, ctx: z.RefinementCtx): T {
    let v: T
    try {
        v = parse(s)
    } catch (e) {
        ctx.addIssue({ code: 'custom', message: e.message })
        return z.NEVER
    }
    if (v <= 0n) {
        ctx.addIssue({ code: 'custom', message: 'must be positive' })
        return z.NEVER
    }
    return v
}

const time = z.string(must('must be an ISO-8601 UTC time like 2026-01-05T00:00:00Z'))
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
    .transform((v, ctx) => {
        const ms = Date.parse(v)
        if (Number.isFinite(ms)) return ms
        ctx.addIssue({ code: 'custom', message: `must be a valid time (${v} is not)` })
        return z.NEVER
    })

// ---- the file ----

/** `minStake`, `txFee`: KSM as a decimal string (a number is read as its decimal form), ≥ 0 */
const configKsm = z.coerce.string().transform((s, ctx) => {
    try {
        return parseKsm(s)
    } catch (e) {
        ctx.addIssue({ code: 'custom', message: e.message })
        return z.NEVER
    }
}).optional()

const configShape = {
    minStake: configKsm,
    feeBps: orDefault(safeInt('must be an integer in [0, 10000]', 0, 10000), 200),
    finalityLag: orDefault(safeInt('must be an integer in [1, 1000]', 1, 1000), 5),
    txFee: configKsm,
    firstEra: orDefault(safeInt(`must be an integer in [0, ${Number.MAX_SAFE_INTEGER}]`, 0), 8000),
    periodSeconds: orDefault(safeInt(`must be an integer in [60, ${Number.MAX_SAFE_INTEGER}]`, 60), 86400),
    maxApr: orDefault(z.coerce.string(must('must be a decimal string like "0.30"')).regex(/^\d+(\.\d+)?$/), '0.30'),
    releasePeriod: orDefault(safeInt(`must be an integer in [0, ${Number.MAX_SAFE_INTEGER}]`, 0), 7 * 86400),
    claimTtlBlocks: orDefault(safeInt(`must be an integer in [1, ${Number.MAX_SAFE_INTEGER}]`, 1), 7200),
    specVersion: orDefault(safeInt(`must be an integer in [1, ${Number.MAX_SAFE_INTEGER}]`, 1), 1003000),
    poolRevision: orDefault(z.union([z.literal(0), z.literal(1)], must('must be an integer in [0, 1]')), 1),
    poolAccounts: orDefault(accountNames('must be an array of account names'), []),
    recipientValidation: z.boolean(must('must be true or false')).default(true),
}
const CONFIG_KEYS = Object.keys(configShape)

const configSchema = strictObject(configShape, key => `unknown field "${key}" (known: ${CONFIG_KEYS.join(', ')})`)
    .transform((c): ScenarioConfig => ({
        minStakePlanck: c.minStake ?? (DEFAULT_MIN_STAKE_PLANCK as Planck),
        feeBps: c.feeBps,
        finalityLag: c.finalityLag,
        txFeePlanck: c.txFee ?? (0n as Planck),
        firstEra: c.firstEra,
        periodSeconds: c.periodSeconds,
        maxApr: c.maxApr,
        releasePeriodSeconds: c.releasePeriod,
        claimTtlBlocks: c.claimTtlBlocks,
        specVersion: c.specVersion,
        poolRevision: c.poolRevision,
        poolAccounts: c.poolAccounts,
        recipientValidation: c.recipientValidation,
    }))

/** everything but the steps, which are checked against the stashes and pool accounts read here */
const fileSchema = strictObject({
    start: time,
    end: time.optional(),
    stashes: orDefault(accountNames('must be an array of account names (not deposit, operator or notary)')
        .refine(s => new Set(s).size === s.length, { message: 'must not list a name twice' }), []),
    config: orDefault(configSchema, {}),
    steps: z.array(z.unknown(), must('must be an array')),
    description: z.unknown().optional(),
}, key => `unknown top-level field "${key}"`, 'must be a JSON object')
    .superRefine((f, ctx) => {
        if (f.end !== undefined && f.end <= f.start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after "start"' })
    })

// ---- steps ----

interface Names {
    stashes: Set<string>
    pool: Set<string>
}

const OPS = new Set<string>([...KUSAMA_OPS, ...ETHEREUM_OPS, ...BOTH_CHAIN_OPS, 'reorg', 'finalize'])

const CHAIN = z.enum(['kusama', 'ethereum'], must('must be "kusama" or "ethereum"'))
const DEST_MESSAGE = 'must be Staked, Stash, Controller or {"Account": name}'
const RECIPIENT_MESSAGE = 'must be an account name or 0x-hex bytes'

/** One object per op: its fields, their defaults and units. */
function stepOptions(names: Names) {
    const name = accountName()
    const user = name.refine(v => !names.pool.has(v), v => ({ message: `must not be a pool account (${v})` }))
    const stash = name.refine(v => names.stashes.has(v), v => ({ message: `"${v}" is not one of the stashes` }))
    const poolAccount = name.refine(v => names.pool.has(v), { message: 'must be a pool account' })
    const ksm = amount(parseKsm)
    const op = <O extends StepOp, S extends z.ZodRawShape>(op: O, shape: S) => strictObject({
        t: safeInt('must be a non-negative integer (seconds after start)', 0),
        op: z.literal(op),
        note: z.unknown().optional(),
        ...shape,
    }, key => `unknown field "${key}"`)

    return [
        op('deposit', { from: user, ksm }),
        op('transfer', { from: name, to: name, ksm }),
        op('sweep', { to: name.refine(v => names.pool.has(v) && v !== 'deposit', { message: 'must be a pool account other than deposit' }), ksm }),
        op('bond', { stash, ksm }),
        op('unbond', { stash, ksm }),
        op('withdraw', { stash }),
        op('reward', {
            stash, validator: user, ksm,
            dest: z.union([
                z.enum(['Staked', 'Stash', 'Controller']),
                z.object({ Account: accountName(DEST_MESSAGE) }),
            ], must(DEST_MESSAGE)).default('Staked'),
        }),
        op('slash', { stash, ksm }),
        op('eraPaid', {}),
        op('nominate', {
            stash,
            validators: z.array(accountName('must be a non-empty array of names'), must('must be a non-empty array of names')).min(1),
            via: z.enum(['direct', 'batch', 'proxy'], must('must be direct, batch or proxy')).default('direct'),
        }),
        op('payout', { from: name.refine(v => names.pool.has(v), { message: 'must be a pool account' }).default('deposit'), to: user, ksm }),
        op('upgrade', { specVersion: safeInt('must be a positive integer', 1) }),
        op('migrateToAssetHub', {
            corruptLedger: strictObject({ stash, ksm }, key => `unknown field "${key}" (known: stash, ksm)`)
                .transform(c => ({ stash: c.stash, planck: c.ksm })).optional(),
        }),
        op('claim', {
            kusama: user, eth: name,
            shares: z.string(must('must be a decimal string or "max"'))
                .transform((s, ctx) => (s === 'max' ? 'max' as const : parsePositive(s, parseShares, ctx))).default('max'),
            submit: z.boolean(must('must be true or false')).default(true),
        }),
        op('claimStakeFi', { kusama: user, eth: name, aksmb: amount(parseBond).optional() }),
        op('claimRemark', {
            kusama: user, eth: name,
            planck: amount(s => mkPlanck(parseBaseUnits(s, 'planck amount'))),
            via: z.enum(['direct', 'batch', 'batch_all', 'force_batch', 'proxy'], must('must be direct, batch, batch_all, force_batch or proxy')).default('direct'),
        }),
        op('burn', {
            eth: name,
            recipient: z.string(must(RECIPIENT_MESSAGE)).transform((r, ctx) => {
                if (NAME.test(r)) return { name: r }
                if (/^0x([0-9a-fA-F]{2})*$/.test(r)) return { raw: r.toLowerCase() }
                ctx.addIssue({ code: 'custom', message: RECIPIENT_MESSAGE })
                return z.NEVER
            }),
            aksmb: amount(parseBond).optional(),
            shares: amount(parseShares).optional(),
        }),
        op('transferBond', { from: name, to: name, aksmb: amount(parseBond) }),
        op('publishRatio', {}),
        op('setRatio', { ratio: amount(parseRatio) }),
        op('setPoolRevision', { revision: z.union([z.literal(0), z.literal(1)], must('must be 0 or 1')) }),
        op('reorg', { chain: CHAIN, depth: safeInt('must be a positive integer', 1) }),
        op('finalize', { chain: CHAIN.optional() }),
        // test-only faults (see Step): no event explains them
        op('silentMint', { account: poolAccount, ksm }),
        op('silentBurn', { account: poolAccount, ksm }),
        op('silentShareMint', { eth: name, shares: amount(parseShares) }),
    ] as const
}

/** A step of the file: one of stepOptions by its op, then as a Step (`ksm` becomes `planck`). */
function stepSchema(names: Names) {
    return z.discriminatedUnion('op', stepOptions(names), {
        errorMap: (issue, ctx) => ({
            message: issue.code !== 'invalid_union_discriminator' ? 'must be an object'
                : ctx.data?.op === undefined ? 'missing "op"'
                    : `unknown op ${JSON.stringify(ctx.data.op)} (known: ${issue.options.join(', ')})`,
        }),
    }).transform((s, ctx) => {
        if (s.op === 'burn' && (s.aksmb === undefined) === (s.shares === undefined)) {
            ctx.addIssue({ code: 'custom', message: 'give exactly one of "aksmb" (revision R1) or "shares" (R0)' })
            return z.NEVER
        }
        return asStep(s)
    })
}

type ParsedStep = z.output<ReturnType<typeof stepOptions>[number]>
/** a step without its position; the schema's output is checked against it at compile time (asStep) */
type StepBody = Step extends infer S ? (S extends unknown ? Omit<S, 'n'> : never) : never
type Renamed<T> = T extends { ksm: infer P } ? Omit<T, 'ksm' | 'note'> & { planck: P } : Omit<T, 'note'>
/** compile-time: the schema has an option for every op of Step */
const EVERY_OP: Exclude<StepOp, ParsedStep['op']> extends never ? true : never = true
void EVERY_OP

/** `ksm` → `planck`; `note` dropped */
function asStep(s: ParsedStep): StepBody {
    const { note: _note, ksm, ...rest } = s as ParsedStep & { ksm?: Planck }
    const step = ksm === undefined ? rest : { ...rest, planck: ksm }
    return step as Renamed<ParsedStep>   // the line above, in types: so the compiler checks the schema against Step
}

export function parseScenario(text: string): Scenario {
    let raw: unknown
    try {
        raw = JSON.parse(text)
    } catch (e) {
        throw new ScenarioError(undefined, `not valid JSON: ${e.message}`)
    }
    const file = check(fileSchema, raw, [])
    const { start, end, config, stashes } = file
    const names: Names = { stashes: new Set(stashes), pool: new Set(['deposit', ...stashes, ...config.poolAccounts]) }
    const steps: Step[] = check(z.array(stepSchema(names)), file.steps, ['steps']).map((s, i) => ({ n: i + 1, ...s }))
    for (const s of steps) {
        if (end !== undefined && start + s.t * 1000 > end) throw new ScenarioError(s.n, `t=${s.t} is after "end"`)
    }
    // stable sort: ties keep file order
    steps.sort((a, b) => a.t - b.t || a.n - b.n)
    checkMigration(steps)
    return { start, end, config, stashes, steps }
}

/**
 * At most one migrateToAssetHub, and no runtime upgrade after it: the simulator has Asset Hub's metadata of
 * one spec only (1009003), so there is nothing to upgrade Asset Hub to (SPEC §4.13, §6). Checked in replay
 * order, before anything runs.
 */
function checkMigration(steps: Step[]): void {
    const migration = steps.find(s => s.op === 'migrateToAssetHub')
    if (!migration) return
    const second = steps.find(s => s.op === 'migrateToAssetHub' && s !== migration)
    if (second) throw new ScenarioError(second.n, `migrateToAssetHub: Kusama already migrated at step ${migration.n} (t=${migration.t})`)
    const upgrade = steps.find(s => s.op === 'upgrade' && steps.indexOf(s) > steps.indexOf(migration))
    if (upgrade) {
        throw new ScenarioError(upgrade.n, `upgrade: Kusama runs on Asset Hub after step ${migration.n} (migrateToAssetHub), ` +
            'and the simulator has Asset Hub\'s runtime 1009003 only: there is no Asset Hub upgrade to replay')
    }
}

/** The parsed value, or a ScenarioError naming the first step (or the file) at fault and every field wrong in it. */
function check<S extends z.ZodTypeAny>(schema: S, value: unknown, at: (string | number)[]): z.output<S> {
    const res = schema.safeParse(value)
    if (res.success) return res.data
    const issues = res.error.issues.map(i => ({ ...i, path: [...at, ...i.path] }))
    const stepOf = (i: z.ZodIssue) => (i.path[0] === 'steps' && typeof i.path[1] === 'number' ? i.path[1] : undefined)
    const first = stepOf(issues[0])
    const mine = issues.filter(i => stepOf(i) === first)
    if (first === undefined) throw new ScenarioError(undefined, reasons(mine, 0))
    const op = Array.isArray(value) ? value[first]?.op : undefined
    const prefix = OPS.has(op) ? `${op}: ` : ''
    throw new ScenarioError(first + 1, prefix + reasons(mine, 2))
}

/**
 * One reason per field, in the order zod found them: `"field" must ...`, `"field": ...`, `missing "field"`;
 * a field of config reads `config: "field" ...`. `depth` is where the field sits in the path.
 */
function reasons(issues: z.ZodIssue[], depth: number): string {
    const seen = new Set<string>()
    const out: string[] = []
    for (const issue of issues) {
        let d = depth
        let section = ''
        if (depth === 0 && issue.path[0] === 'config') {
            section = 'config: '
            d = 1
        }
        // a nested field is named by its path (`corruptLedger.ksm`); array positions are left out (`validators`)
        const field = issue.path[d] === undefined ? undefined : issue.path.slice(d).filter(x => typeof x === 'string').join('.')
        const key = `${section}${field ?? ''}`
        if (field !== undefined && seen.has(key)) continue
        seen.add(key)
        const what = field === undefined || issue.code === 'invalid_union_discriminator' ? issue.message
            : issue.code === 'invalid_type' && issue.received === 'undefined' ? `missing "${field}"`
                : issue.message.startsWith('must ') ? `"${field}" ${issue.message}`
                    : `"${field}": ${issue.message}`
        out.push(section + what)
    }
    return out.join('; ')
}
