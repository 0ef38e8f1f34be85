/**
 * SPEC §4.13's seam in the oracle: Kusama in two parts (the relay chain up to its endBlock, then Asset
 * Hub), each with its own processor, state schema, heights and clock rows. Issue 14 named the bug: rows
 * of a second Kusama part were judged by the relay part's finalized height.
 */
import { Client } from 'pg'
import { parseProfile, serializeProfile } from '../../src/config/profile'
import { insertEntities } from '../../src/db/entity-rows'
import { PoolDeposit, SubstrateChain } from '../../src/model'
import { kusamaTimeAcrossParts as kusamaTime } from '../../src/oracle/core'
import { readFinality } from '../../src/oracle/worker/finality'
import { loadEvents } from '../../src/oracle/worker/load-events'
import { startTestDatabase, TestDatabase } from '../support/database'
import { finalizedHeights, isFinalKusamaRow, kusamaFinalSql, pgRows } from '../../src/db/processor-status'

const ACCOUNTS = { depositAddresses: ['GUDy5gwmUTaHxcX8v2U3wyYdjSF8Zswnt47ZhYBuTCobDqX'], stashes: [] }
const ETH = { rpc: 'http://eth', pool: '0x59f767ec659e9fe01ebcf930465e2ad4cc0f208e', bond: '0x84da8e731172827fcb233b911678e2a82e27baf2' }

describe('a two-part Kusama profile', () => {
    it('parses relay (with its endBlock) and assetHub; the one-part form is unchanged', () => {
        const p = parseProfile(JSON.stringify({
            name: 'x', ethereum: ETH,
            kusama: { ...ACCOUNTS, relay: { rpc: 'wss://relay', startBlock: 1, endBlock: 30425590 }, assetHub: { rpc: 'wss://ah', startBlock: 11150168 } },
        }), 'x.json')
        expect(p.kusama).toMatchObject({ kind: 'relay', rpc: 'wss://relay', startBlock: 1, endBlock: 30425590, depositAddresses: ACCOUNTS.depositAddresses })
        expect(p.kusamaAssetHub).toMatchObject({ kind: 'asset-hub', rpc: 'wss://ah', startBlock: 11150168, depositAddresses: ACCOUNTS.depositAddresses })
        const one = parseProfile(JSON.stringify({ name: 'y', ethereum: ETH, kusama: { ...ACCOUNTS, rpc: 'wss://relay' } }), 'y.json')
        expect(one.kusamaAssetHub).toBeUndefined()
        expect(one.kusama.endBlock).toBeUndefined()
    })

    it('is written back to a file in the form it is read from (serializeProfile round trip)', () => {
        const p = parseProfile(JSON.stringify({
            name: 'x', ethereum: ETH,
            kusama: { ...ACCOUNTS, relay: { rpc: 'wss://relay', startBlock: 1, endBlock: 30425590 }, assetHub: { rpc: 'wss://ah', startBlock: 11150168 } },
        }), 'x.json')
        expect(parseProfile(serializeProfile(p), 'again.json')).toEqual(p)
    })

    it('refuses half a pair, and a relay part without its last block', () => {
        const parse = (kusama: object) => () => parseProfile(JSON.stringify({ name: 'z', ethereum: ETH, kusama: { ...ACCOUNTS, ...kusama } }), 'z.json')
        expect(parse({ relay: { rpc: 'wss://relay', endBlock: 5 } })).toThrow('profile z.json: kusama needs both relay and assetHub parts, or neither')
        expect(parse({ relay: { rpc: 'wss://relay' }, assetHub: { rpc: 'wss://ah' } })).toThrow('kusama.relay.endBlock is required')
    })

    it("Kusama's time is the relay's until the relay is final up to its end block, then Asset Hub's", () => {
        const relay = (height: number, time: number | null) => ({ height, time })
        expect(kusamaTime(relay(99, 1000), relay(5, 5000), 100)).toBe(1000)      // relay rows may still come
        expect(kusamaTime(relay(100, 1000), relay(5, 5000), 100)).toBe(5000)     // relay done: Asset Hub's clock
        expect(kusamaTime(relay(100, 1000), relay(-1, null), 100)).toBe(1000)    // Asset Hub not indexed yet
    })
})

describe('rows are final by their own part', () => {
    let testDb: TestDatabase
    let db: Client
    beforeAll(async () => {
        testDb = await startTestDatabase('twopart')
        db = testDb.client
    })
    afterAll(async () => {
        await testDb?.stop()
    })

    it('loadEvents takes relay rows by the relay height and Asset Hub rows by Asset Hub\'s, and readFinality follows the seam', async () => {
        const t0 = Date.UTC(2025, 9, 7)
        const row = (chain: SubstrateChain, height: number, minutes: number) => ({
            id: `${chain}-${height}`, chain, extrinsicId: `${height}-1`, extrinsicHash: '0x' + '1'.repeat(64), from: 'alice', to: 'deposit',
            amount: 10n ** 12n, blockHeight: height, blockHash: '0x' + String(height).padStart(64, '0'), timestamp: new Date(t0 + minutes * 60_000), eventIndex: 1,
        })
        await insertEntities(db, PoolDeposit, [
            row(SubstrateChain.KUSAMA, 100, 1), row(SubstrateChain.KUSAMA, 101, 2),
            row(SubstrateChain.KUSAMA_ASSET_HUB, 10, 3), row(SubstrateChain.KUSAMA_ASSET_HUB, 11, 4),
        ])
        for (const [schema, height] of [['kusama_processor', 100], ['kusama_ah_processor', 10], ['eth_processor', 50]] as const) {
            await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
            await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.status (id int4 primary key, height int4 not null, hash text, nonce int4)`)
            await db.query(`INSERT INTO ${schema}.status (id, height) VALUES (0, $1)`, [height])
        }
        await db.query(`INSERT INTO chain_clock (id, chain, height, "timestamp") VALUES
            ('kusama-100', 'kusama', 100, $1), ('kusama-asset-hub-10', 'kusama-asset-hub', 10, $2), ('ethereum-50', 'ethereum', 50, $3)`,
        [new Date(t0 + 60_000), new Date(t0 + 3 * 60_000), new Date(t0 + 10 * 60_000)])

        const finality = await readFinality(db, { relayEndBlock: 100 })
        expect(finality.kusama).toEqual({ height: 100, time: t0 + 3 * 60_000 })
        expect(finality.assetHub).toEqual({ height: 10, time: t0 + 3 * 60_000 })
        const ids = (await loadEvents(db, finality, null, t0 + 3_600_000)).map(e => e.id).sort()
        expect(ids).toEqual(['KUSAMA-100', 'KUSAMA_ASSET_HUB-10'])
        // the API and the notary judge rows the same way (src/db/processor-status.ts)
        const heights = await finalizedHeights(pgRows(db))
        expect(heights).toEqual({ kusama: 100, kusamaAssetHub: 10, ethereum: 50 })
        const final = (await db.query(`SELECT id FROM pool_deposit d WHERE ${kusamaFinalSql('d', 1)} ORDER BY id`, [heights.kusama, heights.kusamaAssetHub])).rows
        expect(final.map(r => r.id)).toEqual(['KUSAMA-100', 'KUSAMA_ASSET_HUB-10'])
        expect([isFinalKusamaRow('KUSAMA_ASSET_HUB', 11, heights), isFinalKusamaRow('KUSAMA_ASSET_HUB', 10, heights), isFinalKusamaRow('KUSAMA', 101, heights)])
            .toEqual([false, true, false])
        // a one-part profile (no end block) reads the relay alone, as before
        const one = await readFinality(db)
        expect(one.assetHub).toBeUndefined()
        expect(one.kusama).toEqual({ height: 100, time: t0 + 60_000 })
    })
})
