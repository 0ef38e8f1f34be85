import { spawnSync } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { ScenarioError } from '../../src/local/scenario/scenario'
import { startTestStack } from '../support/stack'

const start = '2026-01-05T00:00:00Z'

async function runOnChains(steps: object[], config: object = {}): Promise<ScenarioError | undefined> {
    const stack = await startTestStack({ scenario: { start, stashes: ['stash0'], config, steps }, parts: [] })
    try {
        await stack.runner(() => {}).run()
        return undefined
    } catch (e) {
        if (e instanceof ScenarioError) return e
        throw e
    } finally {
        await stack.stop()
    }
}

describe('scenario runner on the local chains', () => {
    it('replays Kusama and Ethereum steps at start + t and reports chain rejections with the step number', async () => {
        const err = await runOnChains([
            { t: 60, op: 'deposit', from: 'alice', ksm: '10' },
            { t: 120, op: 'sweep', to: 'stash0', ksm: '10' },
            { t: 180, op: 'bond', stash: 'stash0', ksm: '10' },
            { t: 240, op: 'unbond', stash: 'stash0', ksm: '11' },
        ])
        expect(err).toBeInstanceOf(ScenarioError)
        expect(err!.step).toBe(4)
        expect(err!.message).toMatch(/^scenario step 4: unbond at t=240 failed: .*/)
    })

    it('fails a withdraw with nothing unlocked', async () => {
        const err = await runOnChains([{ t: 60, op: 'withdraw', stash: 'stash0' }])
        expect(err?.step).toBe(1)
        expect(err?.message).toContain('withdraw at t=60 failed')
    })

    it('refuses a burn whose amount kind does not match the pool revision', async () => {
        const err = await runOnChains([{ t: 60, op: 'burn', eth: 'alice', shares: '1', recipient: 'alice' }])
        expect(err?.step).toBe(1)
        expect(err?.message).toContain('pool revision R1 burns an "aksmb" amount')
    })

    it('mines each step at its time on both chains, ties one second apart on Ethereum', async () => {
        const stack = await startTestStack({
            scenario: {
                start, stashes: ['stash0'], steps: [
                    { t: 100, op: 'deposit', from: 'alice', ksm: '1' },
                    { t: 200, op: 'claim', kusama: 'alice', eth: 'alice', shares: '1' },
                    { t: 300, op: 'transferBond', from: 'alice', to: 'bob', aksmb: '0.5' },
                    { t: 300, op: 'setRatio', ratio: '0.99' },
                ],
            },
            parts: [],
        })
        try {
            await stack.runner(() => {}).run()
            const t0 = Date.parse(start)
            const deposit = stack.kusama.blocks().find(b => b.events.some(e => e.name === 'Balances.Transfer'))!
            expect(deposit.timestamp).toBe(t0 + 100_000)
            expect(await stack.eth.sharesOf(stack.eth.address('bob'))).toBe(5n * 10n ** 17n)
            expect(await stack.eth.ratio()).toBe(99n * 10n ** 16n)
            const blocks = await Promise.all(Array.from({ length: 8 }, (_, i) => stack.eth.provider.getBlock(-1 - i)))
            const times = blocks.map(b => b!.timestamp)
            for (let i = 1; i < times.length; i++) expect(times[i - 1]).toBeGreaterThan(times[i])
        } finally {
            await stack.stop()
        }
    })
})

describe('npm run scenario', () => {
    const cli = path.resolve(__dirname, '../../lib/cli/scenario.js')

    it('rejects a malformed scenario with the step number and reason, before starting anything', () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scn-')), 'bad.json')
        fs.writeFileSync(file, JSON.stringify({ start, steps: [{ t: 0, op: 'eraPaid' }, { t: 5, op: 'deposit', from: 'alice' }] }))
        const res = spawnSync(process.execPath, [cli, 'run', file], { encoding: 'utf8' })
        expect(res.status).toBe(1)
        expect(res.stderr).toContain('scenario step 2: deposit: missing "ksm"')
    })

    it('answers usage errors with exit code 2', () => {
        const res = spawnSync(process.execPath, [cli, 'replay'], { encoding: 'utf8' })
        expect(res.status).toBe(2)
        expect(res.stderr).toContain('usage: npm run scenario -- run FILE')
    })
})
