import { execFile } from 'child_process'
import * as path from 'path'
import { KusamaSimulator, KSM } from '../../src/local/kusama-sim'
import { normalized, T0, HOUR } from './helpers'

function runChild(url: string, to: number): Promise<any[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'sdk-child.ts'), url, String(to)],
      { maxBuffer: 1e9, timeout: 60_000, cwd: path.resolve(__dirname, '../..') }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`${err.message}\n${stderr}`))
        resolve(stdout.trim().split('\n').map(l => JSON.parse(l, (_k, v) => v)))
      })
  })
}

describe('@subsquid/substrate-processor 8.5.1 against the simulator', () => {
  let sim: KusamaSimulator
  let urls: { httpUrl: string; wsUrl: string }
  beforeAll(async () => {
    sim = new KusamaSimulator({ genesisTime: T0, specVersion: 1002000, poolAccounts: ['stash0'], txFeePlanck: 1000n })
    let t = T0
    sim.transfer((t += 6000), 'alice', 'deposit', 10n * KSM)
    sim.batchTransfer((t += 6000), 'alice', [{ to: 'deposit', planck: KSM }, { to: 'bob', planck: 2n * KSM }])
    sim.transfer((t += 6000), 'deposit', 'stash0', 5n * KSM)
    sim.upgrade((t += 6000), 1003000)
    sim.bond((t += 6000), 'stash0', 4n * KSM)
    sim.upgrade((t += 6000), 1009002)
    sim.reward((t += 6 * HOUR), 'stash0', 'val1', KSM / 10n)
    sim.nominate((t += 6000), 'stash0', ['val1'], 'proxy')
    sim.nominate((t += 6000), 'stash0', ['val2'], 'batch')
    sim.slash((t += 6000), 'stash0', KSM / 100n)
    for (let i = 0; i < 30; i++) sim.emptyBlock((t += 6000))
    // a reorg below the head, above the finalized block
    sim.reorg(3)
    urls = await sim.listen()
  })
  afterAll(() => sim.close())

  test.each(['http', 'ws'])('over %s the processor sees exactly the simulated blocks', async kind => {
    const fin = sim.finalizedHead().height
    const out = await runChild(kind === 'http' ? urls.httpUrl : urls.wsUrl, fin)
    const canon = sim.blocks().slice(0, fin + 1)
    expect(out.map(b => b.height)).toEqual(canon.map(b => b.height))
    for (let i = 0; i < canon.length; i++) {
      const b = canon[i]
      const o = out[i]
      expect(o.hash).toBe(b.hash)
      expect(o.parentHash).toBe(b.parentHash)
      expect(o.timestamp).toBe(b.timestamp)
      expect(o.specVersion).toBe(b.specVersion)
      expect(o.events).toEqual(normalized(b.events, 'sdk'))
      expect(o.extrinsics.every((x: any) => x.success)).toBe(true)
    }
    const fees = out.flatMap(b => b.extrinsics.filter((x: any) => x.signer).map((x: any) => x.fee))
    expect(fees.length).toBeGreaterThan(5)
    expect(fees.every((f: string) => f === '1000')).toBe(true)
    const nominate = out.flatMap(b => b.calls).filter((c: any) => c.name === 'Staking.nominate')
    expect(nominate.length).toBe(2)
  })
})
