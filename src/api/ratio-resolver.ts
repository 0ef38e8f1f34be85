import type { GraphQLResolveInfo } from 'graphql'
import { Arg, Info, Int, Query, Resolver } from 'type-graphql'
import { BadRequest, page } from './paging'
import { reportRead, Tx } from './rows'
import { RatioReportView } from './views'

const PERIOD = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/

@Resolver()
export class RatioResolver {
    constructor(private tx: Tx) {}

    @Query(() => RatioReportView, { nullable: true, description: 'the latest closed period: what the ratio publisher pushes' })
    async latestRatio(@Info() info: GraphQLResolveInfo): Promise<RatioReportView | null> {
        const read = reportRead(info)
        const em = await this.tx()
        const rows = await em.query(`SELECT ${read.columns} FROM period_report ORDER BY period DESC LIMIT 1`)
        return rows.length ? read.view(rows[0]) : null
    }

    @Query(() => [RatioReportView], { description: 'closed periods, oldest first; from/to are period labels (inclusive)' })
    async ratioReports(
        @Arg('from', { nullable: true }) from?: string,
        @Arg('to', { nullable: true }) to?: string,
        @Arg('limit', () => Int, { nullable: true }) limit?: number,
        @Arg('offset', () => Int, { nullable: true }) offset?: number,
        @Info() info?: GraphQLResolveInfo,
    ): Promise<RatioReportView[]> {
        for (const [name, v] of [['from', from], ['to', to]] as const) {
            if (v != null && !PERIOD.test(v)) throw new BadRequest(`${name} must be a period like 2026-03-02, got ${v}`)
        }
        const p = page(limit, offset)
        const read = reportRead(info!)
        const em = await this.tx()
        const rows = await em.query(
            `SELECT ${read.columns} FROM period_report WHERE ($1::text IS NULL OR id >= $1) AND ($2::text IS NULL OR id <= $2)
             ORDER BY period ASC LIMIT $3 OFFSET $4`, [from ?? null, to ?? null, p.limit, p.offset])
        return rows.map(read.view)
    }
}
