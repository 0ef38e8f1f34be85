import { Metadata, TypeRegistry } from '@polkadot/types'
import { metadataV14Hex, runtimeVersion, SUPPORTED_SPECS, unwrapOpaqueMetadata } from '../../src/chains/kusama/metadata'
import { runtimeOf } from './helpers'

const ALL = [...SUPPORTED_SPECS.relay, ...SUPPORTED_SPECS['asset-hub']]

describe('kusama metadata', () => {
  test('supported specs per profile', () => {
    expect(SUPPORTED_SPECS.relay).toEqual([1002000, 1003000, 1009002])
    expect(SUPPORTED_SPECS['asset-hub']).toEqual([1009003])
  })

  test.each(ALL)('spec %i is served as V14 and decodes with @subsquid/substrate-runtime', spec => {
    const hex = metadataV14Hex(spec)
    expect(hex.slice(0, 12)).toBe('0x6d6574610e') // magic + version 14
    const rt = runtimeOf(spec)
    expect(rt.specVersion).toBe(spec)
    for (const e of ['Balances.Transfer', 'Staking.Bonded', 'Staking.Unbonded', 'Staking.Withdrawn', 'Staking.Rewarded',
      'Staking.PayoutStarted', 'Staking.Slashed', 'Staking.EraPaid', 'Utility.BatchCompleted', 'Utility.ItemCompleted',
      'Proxy.ProxyExecuted', 'TransactionPayment.TransactionFeePaid', 'System.CodeUpdated', 'System.ExtrinsicSuccess']) {
      expect([spec, e, rt.hasEvent(e)]).toEqual([spec, e, true])
    }
    for (const c of ['Timestamp.set', 'Balances.transfer_keep_alive', 'Utility.batch', 'Utility.batch_all', 'Staking.bond',
      'Staking.bond_extra', 'Staking.unbond', 'Staking.withdraw_unbonded', 'Staking.payout_stakers', 'Staking.nominate', 'Proxy.proxy']) {
      expect([spec, c, rt.hasCall(c)]).toEqual([spec, c, true])
    }
    // polkadot-js reads the same bytes as V14
    const md = new Metadata(new TypeRegistry(), hex as `0x${string}`)
    expect(md.version).toBe(14)
  })

  test('V15 down-conversion keeps the event shapes (1009002 PayoutStarted has page/next, Rewarded has dest)', () => {
    const rt = runtimeOf(1009002)
    const ps = rt.events.get('Staking.PayoutStarted') as any
    expect(ps.fields.map((f: any) => f.name)).toEqual(['eraIndex', 'validatorStash', 'page', 'next'])
    const rw = rt.events.get('Staking.Rewarded') as any
    expect(rw.fields.map((f: any) => f.name)).toEqual(['stash', 'dest', 'amount'])
    const old = runtimeOf(1002000).events.get('Staking.PayoutStarted') as any
    expect(old.fields.map((f: any) => f.name)).toEqual(['eraIndex', 'validatorStash'])
  })

  test('Option<OpaqueMetadata> prefix is stripped', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const raw: string = require('@polkadot/types-support/metadata/v15/kusama-hex').default
    expect(raw.startsWith('0x01')).toBe(true)
    const body = unwrapOpaqueMetadata(raw)
    expect(Array.from(body.subarray(0, 5))).toEqual([0x6d, 0x65, 0x74, 0x61, 15])
  })

  test('runtime versions', () => {
    expect(runtimeVersion(1009002)).toMatchObject({ specName: 'kusama', specVersion: 1009002, transactionVersion: 26 })
    expect(runtimeVersion(1002000)).toMatchObject({ specName: 'kusama', specVersion: 1002000 })
    expect(runtimeVersion(1009003)).toMatchObject({ specName: 'statemine', specVersion: 1009003, transactionVersion: 15 })
    expect(() => runtimeVersion(42)).toThrow('unsupported Kusama spec version 42')
  })
})
