/**
 * The Asset Hub migration on the simulators (SPEC §4.13, scenario op `migrateToAssetHub`): the relay
 * chain's last block and Asset Hub's first carry no per-account event; Asset Hub's storage at its first
 * block, read over JSON-RPC and decoded with Asset Hub's metadata, holds what the relay's storage held at
 * its last block (per account: total balance, active stake, unlocking chunks, nonce) with stake held in
 * `reserved`; eras continue; ops continue on Asset Hub and the relay refuses them; the test-only
 * `corruptLedger` moves one ledger wrongly and nothing else.
 */
import { Runtime } from '@subsquid/substrate-runtime'
import { BONDING_DURATION, KSM, KusamaSimulator, MinedBlock, migrateToAssetHub } from '../../src/local/kusama-sim'
import { decodeBlock, HOUR, T0 } from './helpers'

const POOL = ['deposit', 'stash0', 'stash1']
const ACCOUNTS = [...POOL, 'alice', 'bob', 'val1']
const ERA = 6 * HOUR

async function rpc(url: string, method: string, params: unknown[]): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  const body: any = await res.json()
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return body.result
}

const runtimes = new Map<number, Runtime>()
/** what a client reads at `hash`: the runtime from the served metadata, then System.Account and Staking.Ledger of `pubkey` */
async function storageAt(url: string, hash: string, pubkey: string) {
  const version = await rpc(url, 'state_getRuntimeVersion', [hash])
  let rt = runtimes.get(version.specVersion)
  if (!rt) runtimes.set(version.specVersion, rt = new Runtime(version, await rpc(url, 'state_getMetadata', [hash])))
  const read = async (item: string) => {
    const v = await rpc(url, 'state_getStorage', [rt.encodeStorageKey(item, pubkey), hash])
    return v == null ? null : rt.decodeStorageValue(item, v)
  }
  return { specVersion: version.specVersion as number, account: await read('System.Account'), ledger: await read('Staking.Ledger') }
}

/** an account as the pool's books see it, whatever the chain's convention (relay: a lock in free; Asset Hub: a hold in reserved) */
function holdings(s: { account: any; ledger: any }) {
  return {
    total: s.account == null ? 0n : s.account.data.free + s.account.data.reserved,
    nonce: s.account?.nonce ?? 0,
    active: s.ledger?.active ?? 0n,
    unlocking: (s.ledger?.unlocking ?? []).map((c: any) => ({ value: c.value, era: c.era })),
  }
}

function twoChains(specVersion = 1009002) {
  const relay = new KusamaSimulator({ genesisTime: T0, specVersion, poolAccounts: POOL, txFeePlanck: 1000n })
  const ah = new KusamaSimulator({ genesisTime: T0, profile: 'asset-hub', poolAccounts: POOL, txFeePlanck: 1000n })
  return { relay, ah }
}

/** a day of pool life on the relay: deposits, sweeps, bonds, two unbonding chunks in different eras, rewards both ways */
function driveRelay(relay: KusamaSimulator): number {
  let t = T0
  const at = (ms: number) => (t += ms)
  relay.transfer(at(60_000), 'alice', 'deposit', 100n * KSM)
  relay.transfer(at(60_000), 'bob', 'deposit', 50n * KSM)
  relay.transfer(at(60_000), 'deposit', 'stash0', 90n * KSM)
  relay.transfer(at(60_000), 'deposit', 'stash1', 40n * KSM)
  relay.bond(at(60_000), 'stash0', 89n * KSM)   // a KSM left for fees
  relay.bond(at(60_000), 'stash1', 39n * KSM)
  relay.unbond(at(60_000), 'stash0', 10n * KSM)
  relay.reward(at(ERA), 'stash0', 'val1', KSM / 10n, 'Staked')
  relay.unbond(at(60_000), 'stash0', 5n * KSM)
  relay.reward(at(60_000), 'stash1', 'val1', KSM / 20n, 'Stash')
  relay.transfer(at(60_000), 'deposit', 'alice', KSM)
  return t
}

describe('migrateToAssetHub on the simulators', () => {
  let relay: KusamaSimulator
  let ah: KusamaSimulator
  let relayUrl: string
  let ahUrl: string
  let relayLast: MinedBlock
  let ahFirst: MinedBlock
  let t: number
  let eraBefore: number

  beforeAll(async () => {
    ;({ relay, ah } = twoChains())
    relayUrl = (await relay.listen()).httpUrl
    ahUrl = (await ah.listen()).httpUrl   // served from the start, with only its genesis
    t = driveRelay(relay) + 60_000
    eraBefore = relay.activeEra()
    ;({ relayLast, assetHubFirst: ahFirst } = migrateToAssetHub(relay, ah, t))
  })
  afterAll(async () => {
    await relay?.close()
    await ah?.close()
  })

  test('the relay mines its last block and Asset Hub its first at the same time, both final, with no per-account event', () => {
    expect(relayLast.timestamp).toBe(t)
    expect(ahFirst.timestamp).toBe(t)
    expect(ahFirst.height).toBe(1)
    expect(relay.finalizedHead().hash).toBe(relayLast.hash)
    expect(ah.finalizedHead().hash).toBe(ahFirst.hash)
    expect(relay.retiredSince()).toBe(relayLast.height)
    // decoded with each block's own metadata: only the timestamp inherent and the migrators' batch-level events
    expect(decodeBlock(relay, relayLast).events.map(e => e.name)).toEqual(['RcMigrator.AssetHubMigrationFinished', 'System.ExtrinsicSuccess'])
    expect(decodeBlock(ah, ahFirst).events.map(e => e.name))
      .toEqual(['AhMigrator.AssetHubMigrationStarted', 'AhMigrator.AssetHubMigrationFinished', 'System.ExtrinsicSuccess'])
    expect(ahFirst.specVersion).toBe(1009003)
  })

  test("Asset Hub's storage at its first block equals the relay's at its last, per account, stake held in reserved", async () => {
    for (const name of ACCOUNTS) {
      const key = relay.publicKey(name)
      const before = await storageAt(relayUrl, relayLast.hash, key)
      const after = await storageAt(ahUrl, ahFirst.hash, key)
      expect({ name, ...holdings(after) }).toEqual({ name, ...holdings(before) })
      if (after.ledger) {
        // the relay locks stake inside free (frozen); Asset Hub holds it in reserved
        expect(before.account.data.frozen).toBe(before.ledger.total)
        expect(after.account.data).toMatchObject({ reserved: after.ledger.total, frozen: 0n })
        expect(after.account.data.free).toBe(before.account.data.free - before.ledger.total)
      }
    }
    const stash0 = holdings(await storageAt(ahUrl, ahFirst.hash, ah.publicKey('stash0')))
    // the driver is meaningful: two chunks started in two eras, and stake left active
    expect(stash0.unlocking).toEqual([{ value: 10n * KSM, era: 8000 + BONDING_DURATION }, { value: 5n * KSM, era: 8001 + BONDING_DURATION }])
    expect((await storageAt(ahUrl, ahFirst.hash, ah.publicKey('stash0'))).specVersion).toBe(1009003)
    expect(stash0.active).toBe(74n * KSM + KSM / 10n)
    // Asset Hub had no account before the migration
    expect((await storageAt(ahUrl, ah.blocks()[0].hash, ah.publicKey('stash0'))).account).toBeNull()
    expect((await storageAt(ahUrl, ahFirst.hash, ah.publicKey('nobody'))).account).toBeNull()
  })

  test('ops continue on Asset Hub: eras go on (EraPaid every 6 h, the index continuing), relay chunks withdraw at their era, nonces go on', () => {
    expect(ah.activeEra()).toBe(eraBefore)
    expect(ah.nonce('alice')).toBe(relay.nonce('alice'))
    const dep = ah.transfer(t + 60_000, 'carol', 'deposit', 3n * KSM)
    expect(dep.events.map(e => e.name)).toContain('Balances.Transfer')
    // the next 6 h boundary after the migration, and not one before it again
    const nextBoundary = (Math.floor(t / ERA) + 1) * ERA
    const paid = ah.emptyBlock(nextBoundary).events.filter(e => e.name === 'Staking.EraPaid')
    expect(paid.map(e => (e.decodedArgs as any).eraIndex)).toEqual([eraBefore])
    expect(ah.activeEra()).toBe(eraBefore + 1)
    // the relay's first chunk (unbonded in era 8000) unlocks at 8028: not yet, then exactly at that era (the second one stays)
    expect(() => ah.withdraw(nextBoundary + 60_000, 'stash0')).toThrow(/nothing to withdraw for stash0/)
    const unlock = nextBoundary + (8000 + BONDING_DURATION - (eraBefore + 1)) * ERA
    ah.emptyBlock(unlock - 60_000)
    expect(() => ah.withdraw(unlock - 30_000, 'stash0')).toThrow(/nothing to withdraw for stash0/)
    ah.emptyBlock(unlock)
    expect(ah.activeEra()).toBe(8000 + BONDING_DURATION)
    const w = ah.withdraw(unlock + 60_000, 'stash0')
    expect(w.events.find(e => e.name === 'Staking.Withdrawn')!.decodedArgs).toMatchObject({ amount: 10n * KSM })
    expect(ah.ledger('stash0').unlocking).toEqual([{ era: 8001 + BONDING_DURATION, planck: 5n * KSM }])
    expect(ah.nonce('stash0')).toBe(relay.nonce('stash0') + 1)
  })

  test('the relay refuses every later op and mines nothing; a second migration is refused', () => {
    const head = relay.head().hash
    expect(() => relay.transfer(t + 120_000, 'alice', 'deposit', KSM)).toThrow(/mines nothing after its last block .*Asset Hub/)
    expect(() => relay.emptyBlock(t + 120_000)).toThrow(/mines nothing after its last block/)
    expect(() => relay.upgrade(t + 120_000, 1009002)).toThrow()
    expect(() => relay.reorg(1)).toThrow(/cannot reorg/)
    expect(relay.head().hash).toBe(head)
    expect(() => migrateToAssetHub(relay, ah, t + 120_000)).toThrow(/already migrated/)
  })
})

describe('migrateToAssetHub refusals and the corruptLedger fault', () => {
  test('corruptLedger moves one ledger with less active stake and everything else as it was', async () => {
    const { relay, ah } = twoChains(1003000)
    const t = driveRelay(relay) + 60_000
    const before = { stash0: relay.ledger('stash0'), stash1: relay.ledger('stash1'), free: relay.freeBalance('stash1') }
    const m = migrateToAssetHub(relay, ah, t, { corruptLedger: { stash: 'stash1', planck: 2n * KSM } })
    expect(ah.ledger('stash1')).toEqual({ ...before.stash1, bonded: before.stash1.bonded - 2n * KSM })
    expect(ah.ledger('stash0')).toEqual(before.stash0)
    expect(ah.freeBalance('stash1')).toBe(before.free)
    const url = (await ah.listen()).httpUrl
    try {
      const s = await storageAt(url, m.assetHubFirst.hash, ah.publicKey('stash1'))
      expect(s.ledger.active).toBe(37n * KSM)
      expect(s.account.data.reserved).toBe(37n * KSM)
    } finally {
      await ah.close()
    }
    // a relay without the RcMigrator pallet (spec 1003000) ends with an empty block
    expect(decodeBlock(relay, m.relayLast).events.map(e => e.name)).toEqual(['System.ExtrinsicSuccess'])
  })

  test('a last block on a 6 h boundary pays that era on the relay; Asset Hub continues from the next, without paying it again', () => {
    const { relay, ah } = twoChains()
    const t = driveRelay(relay)
    const boundary = (Math.floor(t / ERA) + 1) * ERA
    const m = migrateToAssetHub(relay, ah, boundary)
    const paid = (b: MinedBlock) => b.events.filter(e => e.name === 'Staking.EraPaid').map(e => (e.decodedArgs as any).eraIndex)
    expect(paid(m.relayLast)).toEqual([8001])
    expect(paid(m.assetHubFirst)).toEqual([])
    expect([relay.activeEra(), ah.activeEra()]).toEqual([8002, 8002])
    expect(paid(ah.emptyBlock(boundary + ERA))).toEqual([8002])
  })

  test('a fault that cannot apply, a used Asset Hub, or other pool accounts refuse before either chain changes', () => {
    const { relay, ah } = twoChains()
    const t = driveRelay(relay) + 60_000
    const head = relay.head().hash
    expect(() => migrateToAssetHub(relay, ah, t, { corruptLedger: { stash: 'stash1', planck: 41n * KSM } }))
      .toThrow('stash1 has 39000000000000 planck active, cannot move it 41000000000000 short')
    expect(() => migrateToAssetHub(relay, ah, t, { corruptLedger: { stash: 'deposit', planck: 1n } })).toThrow('deposit has 0 planck active')
    const other = new KusamaSimulator({ genesisTime: T0, profile: 'asset-hub', poolAccounts: ['deposit'] })
    expect(() => migrateToAssetHub(relay, other, t)).toThrow(/different pool accounts/)
    ah.emptyBlock(T0 + 1000)
    expect(() => migrateToAssetHub(relay, ah, t)).toThrow(/Asset Hub must be fresh/)
    expect(() => migrateToAssetHub(ah, relay, t)).toThrow(/must be a relay chain simulator/)
    expect(relay.head().hash).toBe(head)
    expect(relay.retiredSince()).toBeUndefined()
  })
})
