/**
 * The simulator's System.Account / Staking.Ledger storage (SPEC §4.14) at any canonical block, read over
 * JSON-RPC and decoded with @subsquid/substrate-runtime from the metadata the simulator serves for that
 * block; and the test-only silent balance faults.
 */
import { Runtime } from '@subsquid/substrate-runtime'
import { RpcClient } from '@subsquid/rpc-client'
import { KusamaSimulator, KSM, INITIAL_BALANCE, BONDING_DURATION, MinedBlock } from '../../src/local/kusama-sim'
import { SYSTEM_EVENTS_KEY } from '../../src/local/kusama-sim/server'
import { T0, HOUR } from './helpers'

const STASH = 'stash0'
type Profile = 'relay' | 'asset-hub'

async function rpc(url: string, method: string, params: unknown[]): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
  return res.json()
}

const runtimes = new Map<string, Runtime>()
/** the runtime a client builds from what the simulator serves for this block (one per served metadata) */
async function runtimeAt(url: string, hash: string): Promise<Runtime> {
  const [rtv, md] = await Promise.all([rpc(url, 'state_getRuntimeVersion', [hash]), rpc(url, 'state_getMetadata', [hash])])
  let rt = runtimes.get(md.result)
  if (!rt) {
    rt = new Runtime(rtv.result, md.result)
    runtimes.set(md.result, rt)
  }
  return rt
}

/** raw value (null when absent) and its decoding */
async function read(url: string, hash: string, item: 'System.Account' | 'Staking.Ledger', pubkey: string) {
  const rt = await runtimeAt(url, hash)
  const key = rt.encodeStorageKey(item, pubkey)
  const r = await rpc(url, 'state_getStorage', [key, hash])
  if (r.error) throw new Error(r.error.message)
  return r.result == null ? null : rt.decodeStorageValue(item, r.result)
}

/** what a block's storage must say, from the simulator's own views right after the block */
interface Expected { hash: string; free: bigint; bonded: bigint; unlocking: { era: number; planck: bigint }[]; nonce: number; existed: boolean }

function snapshot(sim: KusamaSimulator, b: MinedBlock, existed: boolean): Expected {
  const l = sim.ledger(STASH)
  return { hash: b.hash, free: sim.freeBalance(STASH), bonded: l.bonded, unlocking: l.unlocking, nonce: sim.nonce(STASH), existed }
}

function expectedAccount(profile: Profile, e: Expected) {
  const locked = e.bonded + e.unlocking.reduce((s, c) => s + c.planck, 0n)
  const data = profile === 'relay'
    ? { free: e.free + locked, reserved: 0n, frozen: locked }
    : { free: e.free, reserved: locked, frozen: 0n }
  return { nonce: e.nonce, providers: 1, consumers: locked > 0n ? 1 : 0, sufficients: 0, data: { ...data, flags: 1n << 127n } }
}

function expectedLedger(sim: KusamaSimulator, e: Expected) {
  const total = e.bonded + e.unlocking.reduce((s, c) => s + c.planck, 0n)
  if (total === 0n) return null
  return { stash: sim.publicKey(STASH), total, active: e.bonded, unlocking: e.unlocking.map(c => ({ value: c.planck, era: c.era })) }
}

/** deposit, sweep, bond, unbond, rewards (Staked, Stash), slash, withdraw; a snapshot after every block */
function drive(sim: KusamaSimulator, upgradeTo?: number): Expected[] {
  let t = T0
  const next = (ms = 6000) => (t += ms)
  const out: Expected[] = [snapshot(sim, sim.blocks()[0], false)]
  const step = (b: MinedBlock) => out.push(snapshot(sim, b, true))
  out.push(snapshot(sim, sim.transfer(next(), 'alice', 'deposit', 20n * KSM), false)) // stash untouched: absent
  step(sim.transfer(next(), 'deposit', STASH, 12n * KSM))
  step(sim.bond(next(), STASH, 8n * KSM))
  if (upgradeTo) step(sim.upgrade(next(), upgradeTo))
  step(sim.unbond(next(), STASH, 3n * KSM))
  step(sim.reward(next(6 * HOUR), STASH, 'val1', KSM / 10n, 'Staked'))
  step(sim.reward(next(), STASH, 'val1', KSM / 20n, 'Stash'))
  step(sim.slash(next(), STASH, KSM / 100n))
  step(sim.unbond(next(), STASH, 2n * KSM))
  step(sim.emptyBlock(next(BONDING_DURATION * 6 * HOUR)))
  step(sim.withdraw(next(), STASH))
  step(sim.unbond(next(), STASH, sim.ledger(STASH).bonded)) // everything unlocking, nothing active
  step(sim.emptyBlock(next(BONDING_DURATION * 6 * HOUR)))
  step(sim.withdraw(next(), STASH)) // ledger empty: absent again
  return out
}

describe.each([
  ['relay', 1009002, undefined],
  ['relay', 1002000, 1003000],
  ['asset-hub', 1009003, undefined],
] as const)('System.Account and Staking.Ledger on %s (spec %d, upgrade %s)', (profile, specVersion, upgradeTo) => {
  let sim: KusamaSimulator
  let url: string
  let wsUrl: string
  let snaps: Expected[]

  beforeAll(async () => {
    sim = new KusamaSimulator({ genesisTime: T0, profile, specVersion, poolAccounts: [STASH], txFeePlanck: 1000n, finalityLag: 3 })
    snaps = drive(sim, upgradeTo)
    ;({ httpUrl: url, wsUrl } = await sim.listen())
  })
  afterAll(() => sim.close())

  test('the ledger went through every shape (the driver is meaningful)', () => {
    expect(snaps.some(s => s.bonded > 0n && s.unlocking.length > 0)).toBe(true)
    expect(snaps.some(s => s.bonded === 0n && s.unlocking.length > 0)).toBe(true)
    const last = snaps[snaps.length - 1]
    expect(last.bonded + last.unlocking.reduce((s, c) => s + c.planck, 0n)).toBe(0n)
  })

  test('every block, finalized and pruned or at the head, answers what the simulator held after it', async () => {
    sim.finalize() // all states but the head's are pruned: the history answers
    const stash = sim.publicKey(STASH)
    for (const e of snaps) {
      const account = await read(url, e.hash, 'System.Account', stash)
      const ledger = await read(url, e.hash, 'Staking.Ledger', stash)
      if (!e.existed) {
        expect(account).toBeNull()
        expect(ledger).toBeNull()
        continue
      }
      expect(account).toEqual(expectedAccount(profile, e))
      const want = expectedLedger(sim, e)
      if (want == null) expect(ledger).toBeNull()
      else expect(ledger).toMatchObject(want)
    }
  })

  test('ledger shape: claimed rewards empty where the runtime has them, unlock eras are the sim chunks', async () => {
    const withChunks = snaps.find(s => s.bonded > 0n && s.unlocking.length > 0)!
    const ledger = await read(url, withChunks.hash, 'Staking.Ledger', sim.publicKey(STASH))
    expect(ledger.unlocking[0].era).toBe(8000 + BONDING_DURATION)
    for (const k of ['legacyClaimedRewards', 'claimedRewards']) if (k in ledger) expect(ledger[k]).toEqual([])
  })

  test('the deposit account and accounts that never existed', async () => {
    const head = sim.head().hash
    const dep = await read(url, head, 'System.Account', sim.publicKey('deposit'))
    expect(dep.data.free).toBe(sim.freeBalance('deposit'))
    expect(dep.nonce).toBe(1)
    expect(await read(url, snaps[0].hash, 'System.Account', sim.publicKey('deposit'))).toBeNull()
    expect(await read(url, head, 'System.Account', sim.publicKey('nobody'))).toBeNull()
    expect(await read(url, head, 'Staking.Ledger', sim.publicKey('nobody'))).toBeNull()
    // a non-pool account appears with its endowment, less what it spent
    const alice = await read(url, head, 'System.Account', sim.publicKey('alice'))
    expect(alice.data.free).toBe(INITIAL_BALANCE - 20n * KSM - 1000n)
  })

  test('state_queryStorageAt answers the node shape, unknown keys null; a subsquid Runtime reads it', async () => {
    const head = sim.head().hash
    const client = new RpcClient({ url: wsUrl }) // (its HTTP transport needs ESM, which jest does not load)
    const rt = new Runtime((await rpc(url, 'state_getRuntimeVersion', [head])).result, (await rpc(url, 'state_getMetadata', [head])).result,
      undefined, client)
    try {
      const keys = [rt.encodeStorageKey('System.Account', sim.publicKey(STASH)), rt.encodeStorageKey('Staking.Ledger', sim.publicKey('deposit')),
        '0x1234', SYSTEM_EVENTS_KEY]
      const r = (await rpc(url, 'state_queryStorageAt', [keys.map(k => k.toUpperCase().replace('0X', '0x')), head])).result
      expect(r).toHaveLength(1)
      expect(r[0].block).toBe(head)
      expect(r[0].changes.map((c: any) => c[0])).toEqual(keys)
      expect(r[0].changes[0][1]).toMatch(/^0x/)
      expect(r[0].changes[1][1]).toBeNull()
      expect(r[0].changes[2][1]).toBeNull()
      expect(r[0].changes[3][1]).toBe(JSON.parse(sim.chain.byHash.get(head)!.eventsJson))
      const [a, b] = await rt.queryStorage(head, 'System.Account', [sim.publicKey(STASH), sim.publicKey('alice')])
      expect(a.data.free).toBe(sim.freeBalance(STASH))
      expect(b.data.free).toBe(sim.freeBalance('alice'))
      // without a hash: the head
      expect((await rpc(url, 'state_queryStorageAt', [[keys[0]]])).result[0].block).toBe(head)
      expect((await rpc(url, 'state_getStorage', [keys[0]])).result).toBe(r[0].changes[0][1])
    } finally {
      client.close()
    }
  })
})

describe('storage after a reorg', () => {
  test('values of the lost blocks are gone; their state is discarded', async () => {
    const sim = new KusamaSimulator({ genesisTime: T0, poolAccounts: [STASH], finalityLag: 10 })
    const url = (await sim.listen()).httpUrl
    try {
      sim.transfer(T0 + 6000, 'alice', 'deposit', 5n * KSM)
      sim.finalize()
      const kept = sim.head()
      const lost = [sim.transfer(T0 + 12000, 'alice', 'deposit', 7n * KSM), sim.silentMint(T0 + 18000, 'deposit', KSM)]
      const lostBond = sim.transfer(T0 + 24000, 'alice', STASH, KSM)
      const replacement = sim.reorg(3)
      expect(replacement).toHaveLength(4)
      const dep = sim.publicKey('deposit')
      for (const b of [kept, ...replacement]) {
        expect((await read(url, b.hash, 'System.Account', dep)).data.free).toBe(5n * KSM)
        expect(await read(url, b.hash, 'System.Account', sim.publicKey(STASH))).toBeNull()
      }
      for (const b of [...lost, lostBond]) {
        const rt = await runtimeAt(url, b.hash)
        const r = await rpc(url, 'state_getStorage', [rt.encodeStorageKey('System.Account', dep), b.hash])
        expect(r.error.message).toContain('State already discarded')
        // its events stay readable by hash, as before
        expect((await rpc(url, 'state_getStorage', [SYSTEM_EVENTS_KEY, b.hash])).result).toMatch(/^0x/)
      }
      // the new chain builds on the kept values
      const after = sim.transfer(T0 + 60_000, 'alice', 'deposit', KSM)
      expect((await read(url, after.hash, 'System.Account', dep)).data.free).toBe(6n * KSM)
    } finally {
      await sim.close()
    }
  })
})

describe('test-only faults: silentMint / silentBurn', () => {
  test('change the balance in storage with no Balances event, each in its own block', async () => {
    const sim = new KusamaSimulator({ genesisTime: T0, poolAccounts: [STASH] })
    const url = (await sim.listen()).httpUrl
    try {
      sim.transfer(T0 + 6000, 'alice', STASH, 10n * KSM)
      const mint = sim.silentMint(T0 + 12000, STASH, 3n * KSM)
      const burn = sim.silentBurn(T0 + 18000, STASH, 2n * KSM)
      for (const b of [mint, burn]) {
        expect(b.events.map(e => e.name)).toEqual(['System.ExtrinsicSuccess'])
        expect(b.extrinsics).toHaveLength(1) // the Timestamp inherent only
      }
      expect(mint.height + 1).toBe(burn.height)
      const stash = sim.publicKey(STASH)
      expect((await read(url, mint.hash, 'System.Account', stash)).data.free).toBe(13n * KSM)
      expect((await read(url, burn.hash, 'System.Account', stash)).data.free).toBe(11n * KSM)
      expect(sim.freeBalance(STASH)).toBe(11n * KSM)
      const h = sim.head().height
      expect(() => sim.silentBurn(T0 + 24000, STASH, 12n * KSM)).toThrow('insufficient free balance: stash0 has 11000000000000 planck, silentBurn needs 12000000000000')
      expect(() => sim.silentMint(T0 + 24000, STASH, -1n)).toThrow('silentMint: amount must be a non-negative bigint')
      expect(sim.head().height).toBe(h)
    } finally {
      await sim.close()
    }
  })
})
