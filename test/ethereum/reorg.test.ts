/**
 * Hot blocks: a claim and a burn are indexed while unfinalized, then a reorg within the finality
 * depth removes them — from the database and the API — and the ledger is back to the contract's.
 */
import { MinedEthBlock } from '../../src/local/ethereum-devnet'
import { burnTerms, E18, EthHarness, FINALITY, hex, key, kusamaAddress, toShares } from './support'

let h: EthHarness
beforeAll(async () => { h = await EthHarness.start(['eth-processor', 'api']) })
afterAll(async () => { await h?.stop() })

const USERS = ['alice', 'bob', 'carol']

async function apiRows(b: MinedEthBlock): Promise<number> {
    const d = await h.graphql(`{
        claims(where: {txHash_eq: "${b.txHash}"}, limit: 10) { id }
        burns(where: {txHash_eq: "${b.txHash}"}, limit: 10) { id }
        bondTransfers(where: {txHash_eq: "${b.txHash}"}, limit: 10) { id }
    }`)
    return d.claims.length + d.burns.length + d.bondTransfers.length
}

test(`a reorg (≤ finality depth ${FINALITY}) removes a claim and a burn from the database and the API`, async () => {
    await h.eth.mintShares(undefined, 'alice', 10n * E18)
    await h.sync()
    const supplyBefore = await h.supply()
    const aliceBefore = await h.holder('alice')
    expect(aliceBefore).toBe(10n * E18)

    const claim = await h.eth.mintShares(undefined, 'carol', 5n * E18, { relayer: 'bob', claimId: 777n })
    const burn = await h.eth.burn(undefined, 'alice', 4n * E18, hex(key(7)))
    await h.eth.emptyBlock()
    const head = await h.eth.head()
    expect(head.height - claim.height).toBeLessThan(FINALITY) // all three blocks are unfinalized

    // indexed as hot blocks, before finality
    await h.until('the unfinalized claim and burn to be indexed', async () =>
        (await h.byTx('claim', claim)).length === 1 && (await h.byTx('burn', burn)).length === 1)
    expect(await h.indexedHeight()).toBeLessThan(claim.height)
    expect(await h.holder('carol')).toBe(5n * E18)
    expect(await h.holder('alice')).toBe(6n * E18)
    expect(await apiRows(claim)).toBe(2)   // Claim + MINT
    expect(await apiRows(burn)).toBe(2)    // Burn + BURN

    const replaced = await h.eth.reorg(3)
    expect(replaced[0].height).toBe(claim.height)
    await h.sync()

    for (const t of ['claim', 'burn', 'bond_transfer']) {
        expect(await h.byTx(t, claim)).toEqual([])
        expect(await h.byTx(t, burn)).toEqual([])
    }
    expect(await apiRows(claim)).toBe(0)
    expect(await apiRows(burn)).toBe(0)
    expect(await h.holder('carol')).toBe(0n)
    expect(await h.holder('alice')).toBe(aliceBefore)
    expect(await h.supply()).toEqual(supplyBefore)
    expect(await h.eth.sharesOf('carol')).toBe(0n)
    await h.reconcile(USERS)

    // the same claim (its id is unused again on the new chain) and the burn, resubmitted: indexed once
    const claim2 = await h.eth.mintShares(undefined, 'carol', 5n * E18, { relayer: 'bob', claimId: 777n })
    const burn2 = await h.eth.burn(undefined, 'alice', 4n * E18, hex(key(7)))
    await h.sync()
    expect((await h.rows('claim', 'claim_id = 777'))).toEqual([expect.objectContaining({ tx_hash: claim2.txHash, block_height: claim2.height })])
    expect((await h.byTx('burn', burn2))).toEqual([expect.objectContaining({ shares: String(toShares(4n * E18, E18)) })])
    await h.reconcile(USERS)
})

test('the GraphQL entity API serves the Ethereum events and the ledger as indexed', async () => {
    await h.eth.setRatio(undefined, 1_111_111_111_111_111_111n)
    await h.eth.transferBond(undefined, 'carol', 'bob', 1n * E18)
    await h.sync()
    const data = await h.graphql(`{
        claims(orderBy: blockHeight_ASC, limit: 10) { claimId account relayer shares }
        burns(orderBy: blockHeight_ASC, limit: 10) { id revision account recipientRaw shares amount ratio blockHeight logIndex timestamp }
        bondTransfers(where: {kind_eq: TRANSFER}, limit: 10) { from to value shares ratio }
        bondHolders(orderBy: id_ASC, limit: 10) { id shares }
        bondSupplyById(id: "aKSMb") { totalShares ratio foreignTokenEvents }
        ratioUpdates(orderBy: blockHeight_DESC, limit: 1) { ratio }
    }`)
    const lc = (n: string) => h.eth.resolve(n).toLowerCase()
    expect(data.claims).toEqual([
        { claimId: expect.any(String), account: lc('alice'), relayer: lc('alice'), shares: String(10n * E18) },
        { claimId: '777', account: lc('carol'), relayer: lc('bob'), shares: String(5n * E18) },
    ])
    // the burn's facts as indexed (the resubmitted burn2, at ratio 1) ...
    expect(data.burns).toEqual([{
        id: expect.any(String), revision: 'R1', account: lc('alice'), recipientRaw: hex(key(7)), shares: String(4n * E18), amount: String(4n * E18),
        ratio: String(E18), blockHeight: expect.any(Number), logIndex: expect.any(Number), timestamp: expect.any(String),
    }])
    // ... and what the oracle core makes of them: a valid Kusama recipient owed 4 KSM
    expect(burnTerms(data.burns[0])).toMatchObject({ recipientStatus: 'VALID', recipient: kusamaAddress(key(7)), shares: 4n * E18, owedPlanck: 4n * 10n ** 12n })
    expect(kusamaAddress(key(7))).toMatch(/^[C-J]/)
    const R = 1_111_111_111_111_111_111n
    expect(data.bondTransfers).toEqual([{ from: lc('carol'), to: lc('bob'), value: String(E18), shares: String(toShares(E18, R)), ratio: String(R) }])
    const supply = await h.supply()
    expect(data.bondSupplyById).toEqual({ totalShares: String(supply.totalShares), ratio: String(R), foreignTokenEvents: 0 })
    expect(data.ratioUpdates).toEqual([{ ratio: String(R) }])
    expect(data.bondHolders.length).toBeGreaterThanOrEqual(3)
    for (const x of data.bondHolders) expect(BigInt(x.shares)).toBe(await h.holder(x.id))
    await h.reconcile(USERS)
})
