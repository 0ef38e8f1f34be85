import { Arg, Field, Int, ObjectType, Query, Resolver } from 'type-graphql'
import { bond, planck, ratio, shares } from '../domain/units'
import { APR_PART_NAMES, decomposeApr, formatRational } from '../oracle/shared-rules'
import { BadRequest, page } from './paging'
import { Tx } from './rows'

/**
 * The APR of each closed period split into where it came from (the rule and its algebra:
 * src/oracle/core/apr-decomposition.ts). A separate query rather than a field of RatioReportView, so
 * the report's contract stays as SPEC §5 has it. Every rate is a decimal string in the APR's format.
 */
@ObjectType()
export class AprDecompositionView {
    @Field({ description: 'period label, e.g. 2026-03-02' }) period!: string
    @Field() periodStart!: Date
    @Field() periodEnd!: Date
    @Field({ description: "the period's APR as reported" }) apr!: string
    @Field({ nullable: true, description: 'active bonded stake of the stashes at the period\'s end (planck); null when no queue report of the period exists' }) bondedPlanck?: string
    @Field({ description: 'false for an empty pool (S = 0), an INSOLVENT period or negative S: see `reason`' }) decomposed!: boolean
    @Field({ nullable: true, description: 'EMPTY_POOL | INSOLVENT | NEGATIVE_SHARES when not decomposed' }) reason?: string
    @Field({ nullable: true, description: 'gross reward ÷ bonded stake, annualised' }) grossOnBonded?: string
    @Field({ nullable: true, description: 'what the stake that was not bonded cost (≤ 0)' }) idleDrag?: string
    @Field({ nullable: true, description: 'the fee (≤ 0)' }) fee?: string
    @Field({ nullable: true, description: 'slashes (≤ 0)' }) slashes?: string
    @Field({ nullable: true, description: 'deposits and unstakes not priced at exactly the previous ratio (e.g. a burn at a stale on-chain ratio)' }) flows?: string
    @Field({ nullable: true, description: 'the sum of the five parts' }) sum?: string
    @Field({ nullable: true, description: 'APR − sum, exact: the ratio\'s own rounding (ceil)' }) difference?: string
    @Field({ nullable: true, description: 'the most the ratio\'s rounding can make `difference`' }) roundingBound?: string
    @Field({ nullable: true, description: '|difference| ≤ roundingBound' }) withinRounding?: boolean
}

const PERIOD = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/

@Resolver()
export class DashboardAprDecompositionResolver {
    constructor(private tx: Tx) {}

    @Query(() => [AprDecompositionView], { description: 'the APR of each closed period in parts that sum to it within rounding, oldest first; from/to are period labels (inclusive)' })
    async aprDecomposition(
        @Arg('from', { nullable: true }) from?: string,
        @Arg('to', { nullable: true }) to?: string,
        @Arg('limit', () => Int, { nullable: true }) limit?: number,
        @Arg('offset', () => Int, { nullable: true }) offset?: number,
    ): Promise<AprDecompositionView[]> {
        for (const [name, v] of [['from', from], ['to', to]] as const) {
            if (v != null && !PERIOD.test(v)) throw new BadRequest(`${name} must be a period like 2026-03-02, got ${v}`)
        }
        const p = page(limit, offset)
        const em = await this.tx()
        const rows = await em.query(
            `SELECT r.canonical, q.bonded_planck::text AS bonded FROM period_report r LEFT JOIN queue_report q ON q.id = r.id
             WHERE ($1::text IS NULL OR r.id >= $1) AND ($2::text IS NULL OR r.id <= $2)
             ORDER BY r.period ASC LIMIT $3 OFFSET $4`, [from ?? null, to ?? null, p.limit, p.offset])
        return rows.map((r: { canonical: string; bonded: string | null }) => decompositionView(JSON.parse(r.canonical), r.bonded))
    }
}

/** One stored report (its canonical JSON) and its bonded stake → the view. */
function decompositionView(c: any, bonded: string | null): AprDecompositionView {
    const periodStart = new Date(c.periodStart)
    const periodEnd = new Date(c.periodEnd)
    const head = { period: c.label, periodStart, periodEnd, apr: c.apr, bondedPlanck: bonded ?? undefined }
    const d = decomposeApr({
        prevRatio: ratio(BigInt(c.prevRatio)), ratio: ratio(BigInt(c.ratio)),
        totalShares: shares(BigInt(c.totalShares)), pooledValue: bond(BigInt(c.pooledValue)),
        grossRewardPlanck: planck(BigInt(c.grossRewardPlanck)), feePlanck: planck(BigInt(c.feePlanck)),
        netRewardPlanck: planck(BigInt(c.netRewardPlanck)), slashedPlanck: planck(BigInt(c.slashedPlanck)),
        // no queue report for the period: no bonded figure, the gross yield is taken on the pool (the rule's B = 0 case)
        bondedPlanck: planck(BigInt(bonded ?? 0)),
        insolvent: c.insolvent === true,
        periodSeconds: (periodEnd.getTime() - periodStart.getTime()) / 1000,
    })
    if (d.kind === 'NOT_DECOMPOSABLE') return { ...head, decomposed: false, reason: d.reason }
    const parts = Object.fromEntries(APR_PART_NAMES.map(n => [n, formatRational(d.parts[n])]))
    return {
        ...head, decomposed: true, ...parts,
        sum: formatRational(d.sum), difference: formatRational(d.rounding), roundingBound: formatRational(d.roundingBound), withinRounding: d.withinRounding,
    }
}
