import { spawn } from 'child_process'
import * as fs from 'fs'
import * as path from 'path'
import { WebSocket } from 'ws'
import { abiJson, ABI_DIR, ABI_FILES, compileContracts, REPO_ROOT } from '../../src/local/ethereum-devnet/compile'
import { EthereumDevnet, MinedEthBlock } from '../../src/local/ethereum-devnet'
import { E18, expectRevert, START } from './helpers'

let d: EthereumDevnet
beforeAll(async () => { d = await EthereumDevnet.start({ startTime: START }) })
afterAll(async () => { await d?.stop() })

const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }
const waitDead = async (pid: number, ms = 10_000) => {
    const until = Date.now() + ms
    while (alive(pid) && Date.now() < until) await new Promise(r => setTimeout(r, 50))
    return !alive(pid)
}

describe('devnet', () => {
    test('committed abi/ files match the compiled contracts', () => {
        const artifacts = compileContracts()
        for (const [name, file] of Object.entries(ABI_FILES)) {
            expect(fs.readFileSync(path.join(ABI_DIR, file), 'utf8')).toBe(abiJson(artifacts[name].abi))
        }
        expect(fs.readdirSync(path.join(REPO_ROOT, '.cache', 'contracts')).some(f => f.endsWith('.json'))).toBe(true)
    })

    test('deployment block at startTime, genesis before it, chain id and urls', async () => {
        expect(d.chainId).toBe(31337)
        expect(d.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
        expect(d.wsUrl).toBe(d.rpcUrl.replace('http', 'ws'))
        const deploy = await d.provider.getBlock(d.deployBlock)
        expect(deploy!.timestamp).toBe(START)
        expect((await d.provider.getBlock(0))!.timestamp).toBeLessThan(START)
        for (const a of Object.values(d.addresses)) expect((await d.provider.getCode(a)).length).toBeGreaterThan(2)
        expect(await d.contracts.pool.isBondSupported(d.addresses.aKSMb)).toBe(true)
        expect(await d.contracts.pool.isBondSupported(d.addresses.aDOTb)).toBe(true)
        expect(await d.contracts.pool.owner()).toBe(d.address('operator'))
        expect(await d.provider.send('eth_getBlockByNumber', ['latest', false])).toMatchObject({ number: '0x' + d.deployBlock.toString(16) })
    })

    test('accounts: key = keccak256("eth:" + name), 1,000 ETH on first use', async () => {
        const w = d.wallet('zed')
        expect(w.privateKey).toBe(EthereumDevnet.privateKey('zed'))
        expect(d.address('zed')).toBe(w.address)
        expect(await d.provider.getBalance(w.address)).toBe(0n)
        await d.fund('zed')
        expect(await d.provider.getBalance(w.address)).toBe(1000n * E18)
    })

    test('the websocket endpoint answers', async () => {
        const ws = new WebSocket(d.wsUrl)
        const res = await new Promise<any>((resolve, reject) => {
            ws.on('open', () => ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] })))
            ws.on('message', m => resolve(JSON.parse(m.toString())))
            ws.on('error', reject)
        })
        ws.close()
        expect(res.result).toBe('0x7a69')
    })

    test('each op mines exactly one block at max(at, head + 1); timestamps strictly increase', async () => {
        const h0 = await d.head()
        const blocks: MinedEthBlock[] = []
        blocks.push(await d.emptyBlock(START + 1000))
        blocks.push(await d.mintShares(START + 1000, 'alice', 10n)) // tie → one second later
        blocks.push(await d.setRatio(START + 5, E18 - 1n))         // in the past → head + 1
        blocks.push(await d.transferBond(undefined, 'alice', 'bob', 5n))
        blocks.push(await d.emptyBlock())
        expect(blocks.map(b => b.height)).toEqual([1, 2, 3, 4, 5].map(i => h0.height + i))
        expect(blocks.map(b => b.timestamp)).toEqual([START + 1000, START + 1001, START + 1002, START + 1003, START + 1004])
        for (const b of blocks) {
            const blk = await d.provider.getBlock(b.height)
            expect([blk!.hash, blk!.timestamp]).toEqual([b.hash, b.timestamp])
            expect(blk!.transactions.length).toBe(b.txHash ? 1 : 0)
        }
        expect(blocks[1].txHash).toMatch(/^0x[0-9a-f]{64}$/)
        expect(blocks[1].logs.map(l => l.logIndex)).toEqual([0, 1])
    })

    test('a reverted op throws and mines nothing; concurrent ops are serialized', async () => {
        const h = await d.head()
        await expectRevert(d.burn(undefined, 'nobody', E18, '0x' + '00'.repeat(32)), 'InsufficientShares')
        expect(await d.head()).toEqual(h)
        const [a, b, c] = await Promise.all([d.emptyBlock(), d.mintShares(undefined, 'carol', 1n), d.emptyBlock()])
        expect([a.height, b.height, c.height]).toEqual([h.height + 1, h.height + 2, h.height + 3])
        expect(b.timestamp).toBeGreaterThan(a.timestamp)
        expect(c.timestamp).toBeGreaterThan(b.timestamp)
    })

    test('reorg replaces the last blocks with depth + 1 new empty blocks and drops their state', async () => {
        const base = await d.emptyBlock()
        const baseShares = await d.sharesOf('dave')
        const baseRatio = await d.ratio()
        const m1 = await d.mintShares(undefined, 'dave', 1000n)
        const m2 = await d.setRatio(undefined, 900000000000000000n)
        const m3 = await d.transferBond(undefined, 'dave', 'erin', 100n)
        expect(await d.sharesOf('dave')).toBe(baseShares + 1000n - 90n)
        const oldHead = await d.head()
        const replaced = await d.reorg(3)
        expect(replaced.map(b => b.height)).toEqual([m1.height, m2.height, m3.height, m3.height + 1])
        expect(replaced.map(b => b.timestamp)).toEqual([1, 2, 3, 4].map(i => oldHead.timestamp + i))
        const oldHashes = new Set([m1.hash, m2.hash, m3.hash])
        for (const b of replaced) {
            expect(oldHashes.has(b.hash)).toBe(false)
            expect(b.logs).toEqual([])
            expect((await d.provider.getBlock(b.height))!.hash).toBe(b.hash)
        }
        expect((await d.provider.getBlock(m1.height))!.parentHash).toBe(base.hash)
        expect(await d.sharesOf('dave')).toBe(baseShares)
        expect(await d.sharesOf('erin')).toBe(0n)
        expect(await d.ratio()).toBe(baseRatio)
        expect(await d.contracts.pool.isClaimUsed(m1.claimId)).toBe(false)
        expect(await d.provider.getTransactionReceipt(m1.txHash!)).toBeNull()
        // the chain goes on: the lost claim can be replayed, accounts are re-funded
        const again = await d.claimBonds(undefined, 'dave', { claimId: m1.claimId, amount: 1000n, claimBeforeBlock: 10n ** 9n, account: d.address('dave'),
            signature: d.signClaim({ claimId: m1.claimId, amount: 1000n, claimBeforeBlock: 10n ** 9n, account: d.address('dave') }) })
        expect(again.height).toBe(replaced[3].height + 1)
        expect(await d.sharesOf('dave')).toBe(baseShares + 1000n)
        // a reorg of replacement blocks (empty → empty) still yields new hashes; `at` moves the clock
        const before = await d.head()
        const r2 = await d.reorg(2, before.timestamp + 100)
        expect(r2[0].timestamp).toBe(before.timestamp + 100)
        expect(r2[0].hash).not.toBe((await d.provider.getBlock(r2[0].height - 1))!.hash)
        await expect(d.reorg(10_000)).rejects.toThrow(/cannot reorg/)
    })

    test('finalize mines empty blocks 1 s apart until the last op block is deep enough', async () => {
        const op = await d.emptyBlock()
        const mined = await d.finalize(5)
        expect(mined.map(b => b.height)).toEqual([1, 2, 3, 4, 5].map(i => op.height + i))
        expect(mined.map(b => b.timestamp)).toEqual([1, 2, 3, 4, 5].map(i => op.timestamp + i))
        expect(await d.finalize(5)).toEqual([])
        expect((await d.finalize(7)).length).toBe(2)
    })

    test('view calls at a block tag', async () => {
        const b = await d.mintShares(undefined, 'frank', 77n)
        expect(await d.sharesOf('frank', b.height - 1)).toBe(0n)
        expect(await d.sharesOf('frank', b.height)).toBe(77n)
        expect(await d.totalSharesSupply(b.height) - await d.totalSharesSupply(b.height - 1)).toBe(77n)
        expect(await d.poolRevision()).toBe(1)
    })

    test('stop kills the server; the server dies when its owner process dies', async () => {
        const other = await EthereumDevnet.start()
        const pid = other.pid!
        expect(alive(pid)).toBe(true)
        expect((await other.head()).height).toBe(other.deployBlock)
        await other.stop()
        expect(await waitDead(pid)).toBe(true)

        // an owner process that is SIGKILLed: its Hardhat node must not outlive it
        const script = `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(path.join(REPO_ROOT, 'tsconfig.json'))} });
            require(${JSON.stringify(path.join(REPO_ROOT, 'src/local/ethereum-devnet'))}).EthereumDevnet.start()
              .then(d => { console.log('PID ' + d.pid); setInterval(() => {}, 1000) })`
        const owner = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
        const childPid = await new Promise<number>((resolve, reject) => {
            let out = ''
            owner.stdout!.on('data', c => { out += c; const m = /PID (\d+)/.exec(out); if (m) resolve(Number(m[1])) })
            owner.on('exit', code => reject(new Error(`owner exited ${code}: ${out}`)))
        })
        expect(alive(childPid)).toBe(true)
        owner.kill('SIGKILL')
        expect(await waitDead(childPid)).toBe(true)
    })
})
