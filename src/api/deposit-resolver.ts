import { Arg, Int, Query, Resolver } from 'type-graphql'
import { parseAccountAddress } from './address'
import { BadRequest, page } from './paging'
import { finalizedHeights, Tx } from './rows'
import { isFinalKusamaRow } from '../db/processor-status'
import { DepositView } from './views'

// the status and shares are the oracle's decision (deposit_outcome); until it is taken the deposit is PENDING
const COLUMNS = `d.id, d."from", d.amount, coalesce(c.status::text, 'PENDING') AS status, d.extrinsic_id, d.extrinsic_hash, d.block_height,
    d."timestamp", c.shares`

@Resolver()
export class DepositResolver {
    constructor(private tx: Tx) {}

    @Query(() => [DepositView], { description: 'a deposit by its extrinsic id `<height>-<index>` or extrinsic hash (a batch may hold several)' })
    async deposit(
        @Arg('extrinsicId', { nullable: true }) extrinsicId?: string,
        @Arg('hash', { nullable: true }) hash?: string,
    ): Promise<DepositView[]> {
        if ((extrinsicId == null) === (hash == null)) throw new BadRequest('give exactly one of extrinsicId or hash')
        if (extrinsicId != null && !/^\d+-\d+$/.test(extrinsicId)) throw new BadRequest(`extrinsicId must look like <blockHeight>-<extrinsicIndex>, got ${extrinsicId}`)
        if (hash != null && !/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new BadRequest('hash must be a 0x-prefixed 32-byte hex string')
        const em = await this.tx()
        const rows = await em.query(
            `SELECT ${COLUMNS} FROM pool_deposit d LEFT JOIN deposit_outcome c ON c.id = d.id
             WHERE ${extrinsicId != null ? 'd.extrinsic_id = $1' : 'd.extrinsic_hash = $1'} ORDER BY d.id`,
            [extrinsicId ?? hash!.toLowerCase()])
        return this.views(rows)
    }

    @Query(() => [DepositView], { description: 'deposits oldest first, optionally of one sender' })
    async deposits(
        @Arg('from', { nullable: true }) from?: string,
        @Arg('limit', () => Int, { nullable: true }) limit?: number,
        @Arg('offset', () => Int, { nullable: true }) offset?: number,
    ): Promise<DepositView[]> {
        const p = page(limit, offset)
        let sender: string | null = null
        if (from != null) {
            const a = parseAccountAddress(from)
            if (a.chain !== 'KUSAMA') throw new BadRequest('deposits are made from Kusama addresses')
            sender = a.address
        }
        const em = await this.tx()
        const rows = await em.query(
            `SELECT ${COLUMNS} FROM pool_deposit d LEFT JOIN deposit_outcome c ON c.id = d.id
             WHERE ($1::text IS NULL OR d."from" = $1) ORDER BY d."timestamp", d.id LIMIT $2 OFFSET $3`, [sender, p.limit, p.offset])
        return this.views(rows)
    }

    private async views(rows: any[]): Promise<DepositView[]> {
        const heights = await finalizedHeights(await this.tx())
        return rows.map(r => ({
            id: r.id, from: r.from, amountPlanck: String(r.amount), status: r.status, shares: String(r.shares ?? 0),
            extrinsicId: r.extrinsic_id, extrinsicHash: r.extrinsic_hash, blockHeight: r.block_height, timestamp: new Date(r.timestamp),
            finalized: isFinalKusamaRow(r.chain, r.block_height, heights),
        }))
    }
}
