import { signatureVerify } from '@polkadot/util-crypto'
import { KusamaSimulator, KSM, INITIAL_BALANCE } from '../../src/local/kusama-sim'
import { decodeBlock, normalized, T0, HOUR } from './helpers'

const STASH = 'stash0'

function fullScenario(profile: 'relay' | 'asset-hub', specVersion: number, upgrades: number[], txFee = 0n) {
  const sim = new KusamaSimulator({ genesisTime: T0, profile, specVersion, poolAccounts: [STASH], txFeePlanck: txFee })
  let t = T0
  const next = (ms = 6000) => (t += ms)
  sim.transfer(next(), 'alice', 'deposit', 10n * KSM)
  sim.batchTransfer(next(), 'alice', [{ to: 'deposit', planck: KSM }, { to: 'bob', planck: 2n * KSM }])
  sim.transfer(next(), 'deposit', STASH, 10n * KSM)
  for (const u of upgrades) sim.upgrade(next(), u)
  sim.bond(next(), STASH, 4n * KSM)
  sim.bond(next(), STASH, 1n * KSM) // bond_extra
  sim.unbond(next(), STASH, 2n * KSM)
  sim.reward(next(6 * HOUR), STASH, 'val1', KSM / 10n) // crosses an era boundary
  sim.reward(next(), STASH, 'val1', KSM / 20n, 'Stash')
  sim.reward(next(), STASH, 'val1', KSM / 40n, { Account: 'carol' })
  sim.slash(next(), STASH, KSM / 100n)
  sim.eraPaid(next())
  sim.nominate(next(), STASH, ['val1', 'val2'])
  sim.nominate(next(), STASH, ['val1'], 'batch')
  sim.nominate(next(), STASH, ['val2'], 'proxy')
  sim.emptyBlock(next())
  return sim
}

describe('kusama simulator semantics', () => {
  test('balances, ledger, eras and fees', () => {
    const sim = fullScenario('relay', 1009002, [], 1000n)
    expect(sim.activeEra()).toBe(8002)
    // alice paid 13 KSM + 2 fees
    expect(sim.freeBalance('alice')).toBe(INITIAL_BALANCE - 13n * KSM - 2000n)
    expect(sim.freeBalance('bob')).toBe(INITIAL_BALANCE + 2n * KSM)
    expect(sim.freeBalance('carol')).toBe(INITIAL_BALANCE + KSM / 40n)
    expect(sim.freeBalance('deposit')).toBe(KSM - 1000n) // 11 in, 10 out, one fee
    expect(sim.freeBalance(STASH)).toBe(10n * KSM - 5n * KSM + KSM / 20n - 5n * 1000n)
    expect(sim.ledger(STASH)).toEqual({
      bonded: 5n * KSM - 2n * KSM + KSM / 10n - KSM / 100n,
      unlocking: [{ era: 8000 + 28, planck: 2n * KSM }],
    })
    expect(sim.nonce(STASH)).toBe(5) // bond, bond_extra, unbond, nominate, nominate(batch)
    expect(sim.nonce('proxy')).toBe(1)
  })

  test('deposit account pays its own fee', () => {
    const sim = new KusamaSimulator({ genesisTime: T0, txFeePlanck: 7n })
    sim.transfer(T0 + 1, 'alice', 'deposit', 100n)
    expect(() => sim.transfer(T0 + 2, 'deposit', 'bob', 100n)).toThrow(/insufficient free balance: deposit has 93 planck, transfer to bob needs 100/)
    sim.transfer(T0 + 2, 'deposit', 'bob', 93n)
    expect(sim.freeBalance('deposit')).toBe(0n)
  })

  test('invalid ops throw without mining', () => {
    const sim = new KusamaSimulator({ genesisTime: T0, poolAccounts: [STASH] })
    const h = sim.head().height
    expect(() => sim.transfer(T0 + 1000, STASH, 'bob', 1n)).toThrow('insufficient free balance: stash0 has 0 planck')
    expect(() => sim.transfer(T0 + 1000, 'alice', 'bob', INITIAL_BALANCE + 1n)).toThrow('insufficient free balance')
    expect(() => sim.unbond(T0 + 1000, STASH, 1n)).toThrow('cannot unbond 1 planck: stash0 has only 0 bonded')
    expect(() => sim.withdraw(T0 + 1000, STASH)).toThrow('nothing to withdraw for stash0 at active era 8000')
    expect(() => sim.slash(T0 + 1000, STASH, 1n)).toThrow('cannot slash')
    expect(() => sim.emptyBlock(T0 - 1)).toThrow('is before the head')
    expect(() => sim.upgrade(T0 + 1000, 1009003)).toThrow('not supported on profile relay')
    expect(sim.head().height).toBe(h)
    expect(sim.nonce(STASH)).toBe(0)
  })

  test('withdraw after 28 eras emits Withdrawn for the unlocked chunks only', () => {
    const sim = new KusamaSimulator({ genesisTime: T0, poolAccounts: [STASH] })
    sim.transfer(T0 + 1000, 'alice', STASH, 100n * KSM)
    sim.bond(T0 + 2000, STASH, 50n * KSM)
    sim.unbond(T0 + 3000, STASH, 10n * KSM) // unlocks at 8028
    sim.emptyBlock(T0 + 6 * HOUR) // era 8000 paid -> active 8001
    sim.unbond(T0 + 6 * HOUR + 1000, STASH, 5n * KSM) // unlocks at 8029
    const b = sim.emptyBlock(T0 + 28 * 6 * HOUR) // 27 more EraPaid in one block -> active 8028
    expect(b.events.filter(e => e.name === 'Staking.EraPaid').length).toBe(27)
    expect(sim.activeEra()).toBe(8028)
    const w = sim.withdraw(T0 + 28 * 6 * HOUR + 1000, STASH)
    expect(w.events.find(e => e.name === 'Staking.Withdrawn')!.args).toEqual({ stash: sim.publicKey(STASH), amount: String(10n * KSM) })
    expect(sim.ledger(STASH)).toEqual({ bonded: 35n * KSM, unlocking: [{ era: 8029, planck: 5n * KSM }] })
    expect(sim.freeBalance(STASH)).toBe(60n * KSM)
    expect(() => sim.withdraw(T0 + 28 * 6 * HOUR + 2000, STASH)).toThrow('nothing to withdraw')
  })

  test('event shapes on 1009002', () => {
    const sim = fullScenario('relay', 1009002, [])
    const ev = sim.blocks().flatMap(b => b.events).map(e => ({ ...e, args: e.decodedArgs }))
    const pk = (n: string) => sim.publicKey(n)
    expect(ev.find(e => e.name === 'Staking.PayoutStarted')!.args).toEqual({ eraIndex: 8000, validatorStash: pk('val1'), page: 0, next: undefined })
    expect(ev.filter(e => e.name === 'Staking.Rewarded').map(e => e.args)).toEqual([
      { stash: pk(STASH), dest: { __kind: 'Staked' }, amount: KSM / 10n },
      { stash: pk(STASH), dest: { __kind: 'Stash' }, amount: KSM / 20n },
      { stash: pk(STASH), dest: { __kind: 'Account', value: pk('carol') }, amount: KSM / 40n },
    ])
    expect(ev.find(e => e.name === 'Staking.Slashed')).toMatchObject({ phase: 'Initialization', args: { staker: pk(STASH), amount: KSM / 100n } })
    expect(ev.find(e => e.name === 'Staking.EraPaid')).toMatchObject({ phase: 'Initialization', args: { eraIndex: 8000, validatorPayout: 1000n * KSM, remainder: 100n * KSM } })
    expect(ev.find(e => e.name === 'Balances.Transfer')!.args).toEqual({ from: pk('alice'), to: pk('deposit'), amount: 10n * KSM })
    expect(sim.address('alice')).toMatch(/^[C-J]/) // SS58 prefix 2
  })

  test.each([
    ['relay', 1002000, [1003000, 1009002]],
    ['relay', 1009002, []],
    ['asset-hub', 1009003, []],
  ] as const)('%s %i (+upgrades %j): every block decodes with @subsquid/substrate-runtime to the recorded args', (profile, spec, ups) => {
    const sim = fullScenario(profile, spec, [...ups], 5n)
    const blocks = sim.blocks()
    let prevState = blocks[0].specVersion
    for (const b of blocks) {
      if (b.height > 0) expect(b.encodedWithSpec).toBe(prevState)
      prevState = b.specVersion
      const d = decodeBlock(sim, b)
      expect(d.events).toEqual(normalized(b.events, 'decoded'))
      // invariants: timestamp inherent first, every extrinsic's events end with ExtrinsicSuccess
      expect(d.extrinsics[0].call.name).toBe('Timestamp.set')
      expect((d.extrinsics[0].call.args as any).now).toBe(BigInt(b.timestamp))
      d.extrinsics.forEach((x, i) => {
        const mine = d.events.filter(e => e.extrinsicIndex === i)
        expect(mine[mine.length - 1].name).toBe('System.ExtrinsicSuccess')
      })
      // signatures are real: ed25519 over the signing payload, by the named account
      for (const x of d.extrinsics.slice(1)) {
        expect(x.signature).toBeDefined()
        expect((x.signature!.address as any).__kind).toBe('Id')
        expect((x.signature!.signature as any).__kind).toBe('Ed25519')
      }
    }
    expect(blocks[blocks.length - 1].specVersion).toBe(ups.length ? ups[ups.length - 1] : spec)
    // the nominate-in-proxy block: the proxy signs, the inner call names the stash
    const px = blocks.find(b => b.events.some(e => e.name === 'Proxy.ProxyExecuted'))!
    const pd = decodeBlock(sim, px)
    expect((pd.extrinsics[1].signature!.address as any).value).toBe(sim.publicKey('proxy'))
    expect(pd.extrinsics[1].call.name).toBe('Proxy.proxy')
    expect((pd.extrinsics[1].call.args as any).real).toEqual({ __kind: 'Id', value: sim.publicKey(STASH) })
    expect((pd.extrinsics[1].call.args as any).call.__kind).toBe('Staking')
  })

  test('a signed extrinsic verifies with the signer key (polkadot-js)', () => {
    const sim = new KusamaSimulator({ genesisTime: T0 })
    const b = sim.transfer(T0 + 6000, 'alice', 'bob', 5n)
    const { TypeRegistry, Metadata } = require('@polkadot/types')
    const { metadataV14Hex } = require('../../src/chains/kusama/metadata')
    const reg = new TypeRegistry()
    reg.setMetadata(new Metadata(reg, metadataV14Hex(1009002)))
    const ext = reg.createType('Extrinsic', b.extrinsics[1])
    expect(ext.isSigned).toBe(true)
    expect(ext.signer.toString()).toBe(sim.address('alice'))
    expect(ext.nonce.toNumber()).toBe(0)
    const payload = reg.createType('ExtrinsicPayload', {
      method: ext.method.toHex(), era: ext.era, nonce: ext.nonce, tip: ext.tip, mode: 0,
      specVersion: 1009002, transactionVersion: 26, genesisHash: sim.blocks()[0].hash, blockHash: sim.blocks()[0].hash,
      metadataHash: null,
    }, { version: 4 })
    expect(signatureVerify(payload.toU8a({ method: true }), ext.signature.toU8a(), sim.publicKey('alice')).isValid).toBe(true)
  })
})

describe('finality and reorgs', () => {
  test('finalized head lags by finalityLag; finalize() catches up', () => {
    const sim = new KusamaSimulator({ genesisTime: T0, finalityLag: 3 })
    for (let i = 1; i <= 10; i++) sim.emptyBlock(T0 + i * 6000)
    expect(sim.head().height).toBe(10)
    expect(sim.finalizedHead().height).toBe(7)
    sim.finalize()
    expect(sim.finalizedHead()).toEqual(sim.head())
    sim.emptyBlock(T0 + 11 * 6000)
    expect(sim.finalizedHead().height).toBe(10)
  })

  test('reorg replaces unfinalized blocks with depth+1 empty blocks and rolls state back', () => {
    const sim = new KusamaSimulator({ genesisTime: T0, finalityLag: 5 })
    for (let i = 1; i <= 5; i++) sim.emptyBlock(T0 + i * 6000)
    const fork = sim.head()
    const a = sim.transfer(T0 + 36000, 'alice', 'deposit', 7n * KSM)
    const b2 = sim.transfer(T0 + 42000, 'alice', 'bob', 1n * KSM)
    expect(sim.freeBalance('deposit')).toBe(7n * KSM)
    expect(sim.nonce('alice')).toBe(2)
    const mined = sim.reorg(2)
    expect(mined.map(b => b.height)).toEqual([6, 7, 8])
    expect(mined[0].parentHash).toBe(fork.hash)
    expect(mined.map(b => b.hash)).not.toContain(a.hash)
    expect(mined.map(b => b.hash)).not.toContain(b2.hash)
    expect(mined.map(b => b.timestamp)).toEqual([T0 + 36000, T0 + 42000, T0 + 42000])
    expect(mined.every(b => b.extrinsics.length === 1)).toBe(true)
    expect(sim.freeBalance('deposit')).toBe(0n)
    expect(sim.nonce('alice')).toBe(0)
    const chain = sim.blocks()
    for (let i = 1; i < chain.length; i++) expect(chain[i].parentHash).toBe(chain[i - 1].hash)
    // the new alice transfer reuses nonce 0
    sim.transfer(T0 + 48000, 'alice', 'deposit', 1n)
    expect(sim.nonce('alice')).toBe(1)
  })

  test('reorg into finalized blocks throws', () => {
    const sim = new KusamaSimulator({ genesisTime: T0, finalityLag: 2 })
    for (let i = 1; i <= 6; i++) sim.emptyBlock(T0 + i * 6000)
    expect(sim.finalizedHead().height).toBe(4)
    expect(() => sim.reorg(3)).toThrow('cannot reorg 3 blocks: finalized head is at 4')
    sim.reorg(2)
    sim.finalize()
    expect(() => sim.reorg(1)).toThrow('cannot reorg')
  })
})
