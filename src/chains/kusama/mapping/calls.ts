/** Calls of pool accounts: nominations (also inside batch and proxy) and Ankr's Ledger claim remarks (SPEC §4.15). */
import { CallWrapper, ClaimRemark, Nomination } from '../../../model'
import { isStakeFiRemark, parseClaimRemark } from '../../../notary/stakefi'
import { NotaryError } from '../../../notary/errors'
import { decodeNominate } from '../decoding/staking'
import { decodeRemark } from '../decoding/system'
import { kusamaAddress } from '../pool'
import { BlockContext, Call, item } from './block-context'

/** a longer remark is stored cut to this many bytes (its length is kept) */
const REMARK_KEEP_BYTES = 256

export function mapNominate(c: Call, ctx: BlockContext): void {
    if (!c.success) return
    const who = signedOrigin(c.origin)
    if (who == null || !ctx.cfg.pool.isPool(who)) return
    const n = decodeNominate(item(c))
    ctx.rows.nominations.push(new Nomination({
        ...ctx.fields(),
        id: ctx.rowId(c),
        stash: kusamaAddress(who),
        validators: n.targets.map(t => (/^0x[0-9a-f]{64}$/.test(t) ? kusamaAddress(t) : t)),
        via: wrapperOf(c),
        extrinsicHash: c.extrinsic?.hash ?? '',
    }))
}

export function mapRemark(c: Call, ctx: BlockContext): void {
    if (!c.success) return
    const remark = claimRemark(c, ctx)
    if (remark) ctx.rows.claimRemarks.push(remark)
}

/**
 * A Ledger-wallet claim request of Ankr's dashboard (SPEC §4.15): a remark starting with
 * `Stakefi Signed Message:` from a signed origin; other remarks are not ours. A malformed one is
 * kept with its BAD_REMARK reason.
 */
function claimRemark(c: Call, ctx: BlockContext): ClaimRemark | undefined {
    const who = signedOrigin(c.origin)
    if (who == null) return undefined
    const hex = decodeRemark(item(c)).data
    const data = Buffer.from(hex.slice(2), 'hex')
    if (!isStakeFiRemark(data)) return undefined
    let parsed: ReturnType<typeof parseClaimRemark> | undefined
    let error: string | undefined
    try {
        parsed = parseClaimRemark(data)
    } catch (e) {
        if (!(e instanceof NotaryError)) throw e
        error = e.message
    }
    return new ClaimRemark({
        ...ctx.fields(),
        id: ctx.rowId(c),
        account: kusamaAddress(who),
        data: '0x' + data.subarray(0, REMARK_KEEP_BYTES).toString('hex'),
        dataLength: data.length,
        ethAddress: parsed?.ethAddress,
        loanId: parsed ? BigInt(parsed.loanId) : undefined,
        amountPlanck: parsed?.planck,
        error,
        via: wrapperOf(c),
        extrinsicHash: c.extrinsic?.hash ?? '',
    })
}

/** The signer of a call: `system.Signed(account)` origins (the SDK computes them through batch and proxy). */
export function signedOrigin(origin: unknown): string | undefined {
    const o = origin as { __kind?: string; value?: { __kind?: string; value?: unknown } } | undefined
    if (o?.__kind !== 'system' || o.value?.__kind !== 'Signed') return undefined
    const v = o.value.value
    return typeof v === 'string' ? v.toLowerCase() : undefined
}

function wrapperOf(c: Call): CallWrapper {
    let via = CallWrapper.DIRECT
    for (let p = c.parentCall; p; p = p.parentCall) {
        if (p.name?.startsWith('Proxy.')) return CallWrapper.PROXY
        via = CallWrapper.BATCH
    }
    return via
}
