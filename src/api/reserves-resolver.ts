import { Arg, Query, Resolver } from 'type-graphql'
import { BadRequest } from './paging'
import { Tx } from './rows'
import { ProofOfReservesView, reservesView } from './reserves-views'

const PERIOD = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/

/**
 * SPEC §4.14 for auditors: a period's reserves section with the storage keys, raw values and the
 * block hashes they were read at, so anyone can re-read them from an archive node (README, "Auditing
 * a report") and compare.
 */
@Resolver()
export class ReservesResolver {
    constructor(private tx: Tx) {}

    @Query(() => ProofOfReservesView, { nullable: true, description: 'a closed period\'s proof of reserves (null: no such period, or it was closed without reading the chains)' })
    async proofOfReserves(@Arg('period') period: string): Promise<ProofOfReservesView | null> {
        if (!PERIOD.test(period)) throw new BadRequest(`period must be a period label like 2026-03-02, got ${period}`)
        const em = await this.tx()
        const [report] = await em.query('SELECT period, canonical FROM period_report WHERE id = $1', [period])
        if (report == null) return null
        const c = JSON.parse(report.canonical)
        if (c.reserves == null) return null
        const readings = await em.query('SELECT chain, "values" FROM reserves_reading WHERE period = $1', [report.period])
        const k = JSON.parse(readings.find((r: any) => r.chain === 'kusama').values)
        const e = JSON.parse(readings.find((r: any) => r.chain === 'ethereum').values)
        return {
            period, publishable: c.publishable, reserves: reservesView(c.reserves),
            kusama: {
                height: k.height, hash: k.hash, specVersion: k.specVersion,
                keys: k.accounts.map((a: any) => ({
                    account: a.account, systemAccountKey: a.systemAccountKey, systemAccountValue: a.systemAccountValue ?? undefined,
                    ledgerKey: a.ledgerKey, ledgerValue: a.ledgerValue ?? undefined,
                })),
            },
            ethereum: { height: e.height, hash: e.hash, calls: e.calls.map((x: any) => ({ to: e.token, data: x.data, result: x.result })) },
        }
    }
}
