/**
 * Asset Hub's own shapes through the mapping (issue 14, item 5), on the real metadata of Asset Hub 1009003
 * and, for ValidatorIncentivePaid, the 2003000 stand-in (./asset-hub-2003000.ts):
 *  - a reward attributed by its payout_stakers_by_page call (validator, era and page) when no PayoutStarted
 *    precedes it, and by PayoutStarted {page, next} when one does;
 *  - SessionRotated moving the era clock that stamps unbonds (their unlock era), recorded as a fact;
 *  - ValidatorIncentivePaid recorded when it touches the pool, while the KSM it pays into the pool is the
 *    Balances.Transfer beside it, an inflow like any other.
 */
import { Runtime } from '@subsquid/substrate-runtime'
import { assetHubSpecVersions } from '../../src/chains/kusama/typegen/build-spec-versions'
import { mapBlocks, Block, EraClock } from '../../src/chains/kusama/mapping'
import { PoolAccounts } from '../../src/chains/kusama/pool'
import { encodeKusamaAddress } from '../../src/domain/kusama-address'
import { PoolTransferKind, SubstrateChain } from '../../src/model'
import { assetHub2003000MetadataHex } from './asset-hub-2003000'

const STASH = '0x' + '11'.repeat(32)
const DEPOSIT = '0x' + '12'.repeat(32)
const V1 = '0x' + '31'.repeat(32)
const V2 = '0x' + '32'.repeat(32)
const POT = '0x' + '77'.repeat(32)
const addr = encodeKusamaAddress
const pool = new PoolAccounts({ depositAddresses: [addr(DEPOSIT)], stashes: [addr(STASH)], otherPoolAccounts: [] })
const cfg = { chain: SubstrateChain.KUSAMA_ASSET_HUB, pool }

function runtime(spec: number): Runtime {
    const hex = spec === 2003000 ? assetHub2003000MetadataHex() : assetHubSpecVersions().find(s => s.specVersion === spec)!.metadata
    return new Runtime({ specName: 'statemine', specVersion: spec, implName: 'statemine', implVersion: 0 }, hex)
}

interface EventSpec { name: string; args: unknown; extrinsic?: number; call?: { name: string; args: unknown } }

/** an SDK-shaped block: what the processor hands the mapping */
function block(spec: number, height: number, events: EventSpec[]): Block {
    const rt = runtime(spec)
    const header = { height, hash: `0x${height.toString(16).padStart(64, '0')}`, parentHash: '0x00', timestamp: 1_760_000_000_000 + height * 6000, specVersion: spec, _runtime: rt }
    const sdkEvents = events.map((e, index) => {
        const call = e.call ? { ...e.call, id: `${height}-c${index}`, block: header } : undefined
        return {
            id: `${height}-${index}`, index, name: e.name, args: e.args, block: header, extrinsicIndex: e.extrinsic,
            extrinsic: e.extrinsic != null ? { hash: `0xe${e.extrinsic}`, call } : undefined, call,
        }
    })
    return { header, events: sdkEvents, calls: [], extrinsics: [] } as unknown as Block
}

describe('Asset Hub shapes through the mapping', () => {
    it('attributes a reward by payout_stakers_by_page, or by the PayoutStarted {page, next} before it', () => {
        const rows = mapBlocks([block(1009003, 11_200_000, [
            // a paged payout whose PayoutStarted the reward must not need: the call names validator, era and page
            { name: 'Staking.Rewarded', args: { stash: STASH, dest: { __kind: 'Staked' }, amount: '5000' }, extrinsic: 1,
              call: { name: 'Staking.payout_stakers_by_page', args: { validatorStash: V1, era: 8700, page: 2 } } },
            { name: 'Staking.PayoutStarted', args: { eraIndex: 8701, validatorStash: V2, page: 1, next: 2 }, extrinsic: 2 },
            { name: 'Staking.Rewarded', args: { stash: STASH, dest: { __kind: 'Stash' }, amount: '7000' }, extrinsic: 2,
              call: { name: 'Staking.payout_stakers_by_page', args: { validatorStash: V2, era: 8701, page: 1 } } },
        ])], cfg, { activeEra: 8702 })
        expect(rows.rewards.map(r => [r.validator, r.era, r.payoutPage, r.amount, r.dest])).toEqual([
            [addr(V1), 8700, 2, 5000n, 'Staked'],
            [addr(V2), 8701, 1, 7000n, 'Stash'],
        ])
    })

    it('stamps unbonds with the active era SessionRotated names, and records each rotation', () => {
        const clock: EraClock = { activeEra: undefined }
        const rows = mapBlocks([
            block(1009003, 11_150_170, [
                { name: 'Staking.SessionRotated', args: { startingSession: 52_000, activeEra: 8662, plannedEra: 8663 } },
                { name: 'Staking.Unbonded', args: { stash: STASH, amount: '10' }, extrinsic: 1 },
            ]),
            block(1009003, 11_150_900, [
                { name: 'Staking.EraPaid', args: { eraIndex: 8662, validatorPayout: '1', remainder: '0' } },
                { name: 'Staking.SessionRotated', args: { startingSession: 52_001, activeEra: 8663, plannedEra: 8664 } },
                { name: 'Staking.Unbonded', args: { stash: STASH, amount: '20' }, extrinsic: 1 },
            ]),
        ], cfg, clock)
        expect(rows.stakingChanges.map(c => [c.amount, c.activeEra])).toEqual([[10n, 8662], [20n, 8663]])
        expect(rows.sessionRotations.map(s => [s.startingSession, s.activeEra, s.plannedEra])).toEqual([[52_000, 8662, 8663], [52_001, 8663, 8664]])
        expect(clock.activeEra).toBe(8663)
    })

    it('records validator incentives that touch the pool; the KSM paid in is the transfer beside them', () => {
        const rows = mapBlocks([block(2003000, 12_000_000, [
            // a pool stash that validates, paid as Staked: the pallet pays it liquid to the stash
            { name: 'Balances.Transfer', args: { from: POT, to: STASH, amount: '300' }, extrinsic: 1 },
            { name: 'Staking.ValidatorIncentivePaid', args: { era: 8801, validatorStash: STASH, dest: { __kind: 'Staked' }, amount: '300' }, extrinsic: 1 },
            // somebody else's validator paying its incentive to the pool's deposit address
            { name: 'Balances.Transfer', args: { from: POT, to: DEPOSIT, amount: '40' }, extrinsic: 2 },
            { name: 'Staking.ValidatorIncentivePaid', args: { era: 8801, validatorStash: V1, dest: { __kind: 'Account', value: DEPOSIT }, amount: '40' }, extrinsic: 2 },
            // not the pool's: neither recorded nor income
            { name: 'Balances.Transfer', args: { from: POT, to: V2, amount: '900' }, extrinsic: 3 },
            { name: 'Staking.ValidatorIncentivePaid', args: { era: 8801, validatorStash: V2, dest: { __kind: 'Stash' }, amount: '900' }, extrinsic: 3 },
        ])], cfg, { activeEra: 8802 })
        expect(rows.validatorIncentives.map(v => [v.validator, v.era, v.dest, v.amount, v.toPool])).toEqual([
            [addr(STASH), 8801, 'Staked', 300n, true],
            [addr(V1), 8801, `Account:${addr(DEPOSIT)}`, 40n, true],
        ])
        expect(rows.poolTransfers.map(t => [t.kind, t.to, t.amount])).toEqual([[PoolTransferKind.INFLOW, addr(STASH), 300n]])
        // into a deposit address it is a deposit by the pot, as every transfer there is (SPEC §3)
        expect(rows.deposits.map(d => [d.from, d.amount])).toEqual([[addr(POT), 40n]])
        expect(rows.rewards).toEqual([])
    })
})
