/** The test-only fault silentShareMint: aKSMb shares that no log explains (SPEC §4.14 fault tests). */
import { EthereumDevnet } from '../../src/local/ethereum-devnet'
import { KusamaSimulator, KSM } from '../../src/local/kusama-sim'
import { parseScenario } from '../../src/local/scenario/scenario'
import { ScenarioRunner } from '../../src/local/scenario/runner'
import { E18, START } from './helpers'

let d: EthereumDevnet
beforeAll(async () => { d = await EthereumDevnet.start({ startTime: START }) })
afterAll(async () => { await d?.stop() })

async function logsOf(blockHash: string): Promise<unknown[]> {
    return d.provider.send('eth_getLogs', [{ blockHash }])
}

describe('silentShareMint', () => {
    test('raises sharesOf and totalSharesSupply in a block of its own with no transaction and no log', async () => {
        await d.mintShares(undefined, 'alice', 10n * E18)
        const before = await d.head()
        const b = await d.silentShareMint(START + 1000, 'alice', 3n * E18)
        expect(b.height).toBe(before.height + 1)
        expect(b.timestamp).toBe(START + 1000)
        expect(b.logs).toEqual([])
        expect(await logsOf(b.hash)).toEqual([])
        const block = await d.provider.send('eth_getBlockByHash', [b.hash, false])
        expect(block.transactions).toEqual([])
        // read back by eth_call, at the new block and (unchanged) at its parent
        expect(await d.sharesOf('alice', b.height)).toBe(13n * E18)
        expect(await d.totalSharesSupply(b.height)).toBe(13n * E18)
        expect(await d.sharesOf('alice', before.height)).toBe(10n * E18)
        expect(await d.totalSharesSupply(before.height)).toBe(10n * E18)
        // by block hash (EIP-1898), as the proof-of-reserves reader asks
        const token = d.contracts.aKSMb
        const call = async (hash: string) => BigInt(await d.provider.send('eth_call', [
            { to: d.addresses.aKSMb, data: token.interface.encodeFunctionData('totalSharesSupply', []) }, { blockHash: hash }]))
        expect(await call(b.hash)).toBe(13n * E18)
        expect(await call(before.hash)).toBe(10n * E18)
        // another account's entry is its own mapping slot
        const c = await d.silentShareMint(undefined, 'carol', 5n)
        expect(await d.sharesOf('carol', c.height)).toBe(5n)
        expect(await d.sharesOf('alice', c.height)).toBe(13n * E18)
        expect(await d.totalSharesSupply(c.height)).toBe(13n * E18 + 5n)
        expect(await d.totalSharesSupply(undefined, 'aDOTb')).toBe(0n)
    })

    test('the shares are real token state: they transfer like any others', async () => {
        const b = await d.silentShareMint(undefined, 'dave', 2n * E18)
        expect(await d.sharesOf('dave', b.height)).toBe(2n * E18)
        await d.transferBond(undefined, 'dave', 'erin', E18)
        expect(await d.sharesOf('erin')).toBe(E18)
        expect(await d.sharesOf('dave')).toBe(E18)
    })

    test('a reorg of its block undoes it', async () => {
        const total = await d.totalSharesSupply()
        await d.silentShareMint(undefined, 'frank', 7n)
        expect(await d.totalSharesSupply()).toBe(total + 7n)
        await d.reorg(1)
        expect(await d.totalSharesSupply()).toBe(total)
        expect(await d.sharesOf('frank')).toBe(0n)
    })

    test('refuses a non-positive amount', () => {
        expect(() => d.silentShareMint(undefined, 'alice', 0n)).toThrow('silentShareMint: shares must be a positive bigint')
    })
})

describe('the scenario ops silentMint, silentBurn, silentShareMint', () => {
    test('run on the local chains, each in a block of its own without events or logs', async () => {
        const start = (START + 86400) * 1000
        const scenario = parseScenario(JSON.stringify({
            start: new Date(start).toISOString(), stashes: ['stash0'], steps: [
                { t: 60, op: 'deposit', from: 'alice', ksm: '10' },
                { t: 120, op: 'silentMint', account: 'stash0', ksm: '2' },
                { t: 180, op: 'silentBurn', account: 'deposit', ksm: '4' },
                { t: 240, op: 'silentShareMint', eth: 'grace', shares: '1.5' },
            ],
        }))
        const kusama = new KusamaSimulator({ genesisTime: start, poolAccounts: ['stash0'] })
        await new ScenarioRunner(scenario, kusama, d, { waitForCatchUp: async () => {}, log: () => {} }).run()
        expect(kusama.freeBalance('stash0')).toBe(2n * KSM)
        expect(kusama.freeBalance('deposit')).toBe(6n * KSM)
        const silent = kusama.blocks().filter(b => b.timestamp === start + 120_000 || b.timestamp === start + 180_000)
        expect(silent.map(b => b.events.map(e => e.name))).toEqual([['System.ExtrinsicSuccess'], ['System.ExtrinsicSuccess']])
        expect(await d.sharesOf('grace')).toBe(1_500_000_000_000_000_000n)
        // the Ethereum block of t=240 carries no transaction and no log
        let block: any = await d.provider.send('eth_getBlockByNumber', ['latest', false])
        while (Number(block.timestamp) > START + 86400 + 240) block = await d.provider.send('eth_getBlockByHash', [block.parentHash, false])
        expect(Number(block.timestamp)).toBe(START + 86400 + 240)
        expect(block.transactions).toEqual([])
        expect(await logsOf(block.hash)).toEqual([])
        expect(await d.sharesOf('grace', Number(block.number) - 1)).toBe(0n)
    })
})
