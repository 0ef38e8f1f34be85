/**
 * The decoders against the real metadata of every runtime the project knows (Kusama 2008 V11,
 * 9100 V13, 1002000, 1003000, 1009002 and Asset Hub 1009003), one shape per version, and an
 * unknown shape stopping the handler with the block, event and spec version.
 */
import { Runtime } from '@subsquid/substrate-runtime'
import { getOldTypesBundle } from '@subsquid/substrate-runtime/lib/metadata'
import { assetHubSpecVersions, relaySpecVersions } from '../../src/chains/kusama/typegen/build-spec-versions'
import { decodeTransfer } from '../../src/chains/kusama/decoding/balances'
import { DecodableItem, UnknownShapeError } from '../../src/chains/kusama/decoding/errors'
import { decodeNominate, decodeReward, decodeSlash, decodeStakeChange } from '../../src/chains/kusama/decoding/staking'
import { decodeEraPaid, decodeSessionRotated } from '../../src/chains/kusama/decoding/staking-era'
import { decodePayoutCall, decodePayoutStarted, decodeValidatorIncentivePaid } from '../../src/chains/kusama/decoding/staking-payouts'
import { assetHub2003000MetadataHex } from './asset-hub-2003000'
import { decodeFeePaid } from '../../src/chains/kusama/decoding/transaction-payment'
import { makeHandler } from '../../src/chains/kusama/handler'
import { PoolAccounts } from '../../src/chains/kusama/pool'
import { encodeKusamaAddress } from '../../src/domain/kusama-address'
import { SubstrateChain } from '../../src/model'

const A = '0x' + '11'.repeat(32)
const B = '0x' + '22'.repeat(32)
const V = '0x' + '33'.repeat(32)

const runtimes = new Map<number, Runtime>()
beforeAll(() => {
    const bundle = getOldTypesBundle('kusama')!
    for (const s of [...relaySpecVersions(), ...assetHubSpecVersions()]) {
        runtimes.set(s.specVersion, new Runtime(
            { specName: s.specName, specVersion: s.specVersion, implName: 'parity-kusama', implVersion: 0 },
            s.metadata, s.specVersion < 9111 ? bundle : undefined,
        ))
    }
    runtimes.set(2003000, new Runtime(
        { specName: 'statemine', specVersion: 2003000, implName: 'statemine', implVersion: 0 }, assetHub2003000MetadataHex(),
    ))
})

function ev(spec: number, name: string, args: unknown, height = 100): DecodableItem {
    return { name, args, block: { height, specVersion: spec, _runtime: runtimes.get(spec)! } }
}

describe('Balances.Transfer', () => {
    it.each([1009003, 1009002, 1003000, 1002000])('struct {from, to, amount} in %i', spec => {
        expect(decodeTransfer(ev(spec, 'Balances.Transfer', { from: A, to: B, amount: '12345' }))).toEqual({ from: A, to: B, amount: 12345n })
    })
    it.each([9100, 2008])('tuple (from, to, value) in %i', spec => {
        expect(decodeTransfer(ev(spec, 'Balances.Transfer', [A, B, '7']))).toEqual({ from: A, to: B, amount: 7n })
    })
})

describe('Staking rewards', () => {
    it.each([1009003, 1009002, 1003000, 1002000])('Rewarded {stash, dest, amount} in %i, every dest', spec => {
        const r = (dest: unknown) => decodeReward(ev(spec, 'Staking.Rewarded', { stash: A, dest, amount: '5' }))
        expect(r({ __kind: 'Staked' })).toEqual({ stash: A, amount: 5n, dest: 'Staked' })
        expect(r({ __kind: 'Stash' }).dest).toBe('Stash')
        expect(r({ __kind: 'None' }).dest).toBe('None')
        expect(r({ __kind: 'Account', value: B }).dest).toBe(`Account:${encodeKusamaAddress(B)}`)
    })
    it('Rewarded tuple in 9100 and Reward tuple in 2008 have no dest', () => {
        expect(decodeReward(ev(9100, 'Staking.Rewarded', [A, '9']))).toEqual({ stash: A, amount: 9n, dest: null })
        expect(decodeReward(ev(2008, 'Staking.Reward', [A, '8']))).toEqual({ stash: A, amount: 8n, dest: null })
    })
    it('PayoutStarted with page and next (1009002+), without (1002000, 1003000), tuple (9100)', () => {
        for (const spec of [1009003, 1009002]) {
            expect(decodePayoutStarted(ev(spec, 'Staking.PayoutStarted', { eraIndex: 8000, validatorStash: V, page: 1, next: 2 })))
                .toEqual({ era: 8000, validator: V, page: 1, next: 2 })
        }
        for (const spec of [1003000, 1002000]) {
            expect(decodePayoutStarted(ev(spec, 'Staking.PayoutStarted', { eraIndex: 7, validatorStash: V })))
                .toEqual({ era: 7, validator: V, page: null, next: null })
        }
        expect(decodePayoutStarted(ev(9100, 'Staking.PayoutStarted', [6, V]))).toEqual({ era: 6, validator: V, page: null, next: null })
    })
    it('payout_stakers call in every runtime', () => {
        for (const spec of [1009003, 1009002, 1002000, 9100, 2008]) {
            expect(decodePayoutCall(ev(spec, 'Staking.payout_stakers', { validatorStash: V, era: 42 }))).toEqual({ validator: V, era: 42, page: null })
        }
    })
    it('payout_stakers_by_page call on Asset Hub and the relay since 1002000; refused where it did not exist', () => {
        for (const spec of [1009003, 1009002, 1002000]) {
            expect(decodePayoutCall(ev(spec, 'Staking.payout_stakers_by_page', { validatorStash: V, era: 8700, page: 3 })))
                .toEqual({ validator: V, era: 8700, page: 3 })
        }
        expect(() => decodePayoutCall(ev(9100, 'Staking.payout_stakers_by_page', { validatorStash: V, era: 1, page: 0 })))
            .toThrow('unknown shape of call Staking.payout_stakers_by_page in runtime spec version 9100')
    })
    it('ValidatorIncentivePaid {era, validatorStash, dest, amount} in Asset Hub 2003000, every dest; refused in 1009003', () => {
        const paid = (dest: unknown) => decodeValidatorIncentivePaid(ev(2003000, 'Staking.ValidatorIncentivePaid', { era: 8801, validatorStash: V, dest, amount: '250' }))
        expect(paid({ __kind: 'Staked' })).toEqual({ era: 8801, validator: V, dest: 'Staked', destAccount: null, amount: 250n })
        expect(paid({ __kind: 'Stash' }).dest).toBe('Stash')
        expect(paid({ __kind: 'None' }).dest).toBe('None')
        expect(paid({ __kind: 'Account', value: B })).toEqual({ era: 8801, validator: V, dest: `Account:${encodeKusamaAddress(B)}`, destAccount: B, amount: 250n })
        expect(() => decodeValidatorIncentivePaid(ev(1009003, 'Staking.ValidatorIncentivePaid', { era: 1, validatorStash: V, dest: { __kind: 'Staked' }, amount: '1' })))
            .toThrow('unknown shape of event Staking.ValidatorIncentivePaid in runtime spec version 1009003')
    })
})

describe('Staking ledger, slashes, eras, nominations, fees', () => {
    it.each(['Staking.Bonded', 'Staking.Unbonded', 'Staking.Withdrawn'])('%s struct and tuple', name => {
        for (const spec of [1009003, 1009002, 1002000]) expect(decodeStakeChange(ev(spec, name, { stash: A, amount: '3' }))).toEqual({ stash: A, amount: 3n })
        for (const spec of [9100, 2008]) expect(decodeStakeChange(ev(spec, name, [A, '4']))).toEqual({ stash: A, amount: 4n })
    })
    it('Slashed {staker, amount}, Slashed tuple, Slash tuple', () => {
        for (const spec of [1009003, 1009002, 1002000]) expect(decodeSlash(ev(spec, 'Staking.Slashed', { staker: A, amount: '2' }))).toEqual({ stash: A, amount: 2n })
        expect(decodeSlash(ev(9100, 'Staking.Slashed', [A, '2']))).toEqual({ stash: A, amount: 2n })
        expect(decodeSlash(ev(2008, 'Staking.Slash', [A, '2']))).toEqual({ stash: A, amount: 2n })
    })
    it('EraPaid struct and tuple, EraPayout tuple; Asset Hub SessionRotated', () => {
        for (const spec of [1009003, 1009002, 1002000]) {
            expect(decodeEraPaid(ev(spec, 'Staking.EraPaid', { eraIndex: 8000, validatorPayout: '10', remainder: '1' })))
                .toEqual({ era: 8000, validatorPayout: 10n, remainder: 1n })
        }
        expect(decodeEraPaid(ev(9100, 'Staking.EraPaid', [5, '10', '1']))).toEqual({ era: 5, validatorPayout: 10n, remainder: 1n })
        expect(decodeEraPaid(ev(2008, 'Staking.EraPayout', [4, '10', '1']))).toEqual({ era: 4, validatorPayout: 10n, remainder: 1n })
        expect(decodeSessionRotated(ev(1009003, 'Staking.SessionRotated', { startingSession: 52000, activeEra: 8662, plannedEra: 8663 })))
            .toEqual({ startingSession: 52000, activeEra: 8662, plannedEra: 8663 })
        // the relay's pallet_staking never had it
        expect(() => decodeSessionRotated(ev(1009002, 'Staking.SessionRotated', { startingSession: 1, activeEra: 1, plannedEra: 1 })))
            .toThrow(UnknownShapeError)
    })
    it('nominate targets as MultiAddress (9100+) and as plain account ids (2008)', () => {
        for (const spec of [1009003, 1009002, 1003000, 1002000, 9100]) {
            expect(decodeNominate(ev(spec, 'Staking.nominate', { targets: [{ __kind: 'Id', value: A }, { __kind: 'Address32', value: B }] })))
                .toEqual({ targets: [A, B] })
        }
        expect(decodeNominate(ev(9100, 'Staking.nominate', { targets: [{ __kind: 'Index', value: 7 }] }))).toEqual({ targets: ['index:7'] })
        expect(decodeNominate(ev(2008, 'Staking.nominate', { targets: [A, B] }))).toEqual({ targets: [A, B] })
    })
    it('TransactionFeePaid', () => {
        for (const spec of [1009003, 1009002, 1002000]) {
            expect(decodeFeePaid(ev(spec, 'TransactionPayment.TransactionFeePaid', { who: A, actualFee: '100', tip: '0' })))
                .toEqual({ who: A, actualFee: 100n, tip: 0n })
        }
    })
})

describe('unknown shapes stop the processor loudly', () => {
    // a runtime in which no known shape matches (a future runtime that changed the event)
    const alien = { events: { checkType: () => false }, calls: { checkType: () => false }, checkStorageType: () => false } as any
    const alienEvent = (name: string): DecodableItem => ({ name, args: {}, block: { height: 31_000_123, specVersion: 2_000_000, _runtime: alien } })

    it('each decoder names the block, the event and the spec version', () => {
        const cases: [string, (e: DecodableItem) => unknown][] = [
            ['Balances.Transfer', decodeTransfer], ['Staking.Rewarded', decodeReward], ['Staking.Reward', decodeReward],
            ['Staking.Bonded', decodeStakeChange], ['Staking.Slashed', decodeSlash], ['Staking.EraPaid', decodeEraPaid],
            ['Staking.PayoutStarted', decodePayoutStarted], ['TransactionPayment.TransactionFeePaid', decodeFeePaid],
            ['Staking.SessionRotated', decodeSessionRotated], ['Staking.ValidatorIncentivePaid', decodeValidatorIncentivePaid],
        ]
        for (const [name, decode] of cases) {
            expect(() => decode(alienEvent(name))).toThrow(UnknownShapeError)
            expect(() => decode(alienEvent(name))).toThrow(`Kusama block 31000123: unknown shape of event ${name} in runtime spec version 2000000`)
        }
        expect(() => decodeNominate(alienEvent('Staking.nominate'))).toThrow('unknown shape of call Staking.nominate in runtime spec version 2000000')
        for (const call of ['Staking.payout_stakers', 'Staking.payout_stakers_by_page']) {
            expect(() => decodePayoutCall(alienEvent(call))).toThrow(`unknown shape of call ${call} in runtime spec version 2000000`)
        }
    })

    it('a real runtime without the expected event type is refused too', () => {
        // 2008 has Staking.Reward, not Rewarded; 1002000 has no EraPayout any more
        expect(() => decodeReward(ev(2008, 'Staking.Rewarded', [A, '1']))).toThrow('block 100: unknown shape of event Staking.Rewarded in runtime spec version 2008')
        expect(() => decodeEraPaid(ev(1002000, 'Staking.EraPayout', [1, '1', '1']))).toThrow(UnknownShapeError)
    })

    it('the batch handler rejects (the SDK then exits non-zero) before writing anything', async () => {
        const pool = new PoolAccounts({ depositAddresses: [encodeKusamaAddress(A)], stashes: [], otherPoolAccounts: [] })
        const handler = makeHandler({ chain: SubstrateChain.KUSAMA, pool })
        const header = { height: 31_000_123, hash: '0xab', parentHash: '0xaa', specVersion: 2_000_000, timestamp: 0, _runtime: alien }
        const event = { id: 'x', index: 0, name: 'Balances.Transfer', args: {}, block: header, extrinsicIndex: 1 }
        const inserted: unknown[] = []
        const store = { findOne: async () => undefined, insert: async (xs: unknown) => { inserted.push(xs) } }
        const ctx = { blocks: [{ header, events: [event], calls: [], extrinsics: [] }], store } as any
        await expect(handler(ctx)).rejects.toThrow('Kusama block 31000123: unknown shape of event Balances.Transfer in runtime spec version 2000000')
        expect(inserted).toEqual([])
    })
})
