import { TypeRegistry } from '@polkadot/types'
import WebSocket from 'ws'
import { KusamaSimulator, KSM, metadataV14Hex } from '../../src/local/kusama-sim'
import { SYSTEM_EVENTS_KEY } from '../../src/local/kusama-sim/server'
import { T0 } from './helpers'

let sim: KusamaSimulator
let httpUrl: string
let wsUrl: string

async function post(body: unknown): Promise<any> {
  const res = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) })
  return res.json()
}
async function call(method: string, params: unknown[] = []): Promise<any> {
  return post({ jsonrpc: '2.0', id: 1, method, params })
}

beforeAll(async () => {
  sim = new KusamaSimulator({ genesisTime: T0, specVersion: 1002000, finalityLag: 2 })
  sim.transfer(T0 + 6000, 'alice', 'deposit', KSM) // 1
  sim.upgrade(T0 + 12000, 1009002) // 2
  sim.transfer(T0 + 18000, 'alice', 'deposit', KSM) // 3
  ;({ httpUrl, wsUrl } = await sim.listen())
})
afterAll(() => sim.close())

describe('kusama simulator JSON-RPC', () => {
  test('heads, hashes, headers and blocks', async () => {
    const blocks = sim.blocks()
    expect((await call('chain_getHead')).result).toBe(blocks[3].hash)
    expect((await call('chain_getFinalizedHead')).result).toBe(blocks[1].hash)
    expect((await call('chain_getBlockHash', ['0x2'])).result).toBe(blocks[2].hash)
    expect((await call('chain_getBlockHash', [2])).result).toBe(blocks[2].hash)
    const hdr = (await call('chain_getHeader', [blocks[3].hash])).result
    expect(hdr).toMatchObject({ parentHash: blocks[2].hash, number: '0x3', digest: { logs: [] } })
    const blk = (await call('chain_getBlock', [blocks[3].hash])).result
    expect(blk.block.header).toEqual(hdr)
    expect(blk.block.extrinsics).toEqual(blocks[3].extrinsics)
  })

  test('header hash is blake2-256 of the SCALE-encoded header', async () => {
    const reg = new TypeRegistry()
    for (const b of sim.blocks()) {
      const hdr = (await call('chain_getHeader', [b.hash])).result
      const h = reg.createType('Header', { ...hdr, number: parseInt(hdr.number, 16) })
      expect(h.hash.toHex()).toBe(b.hash)
    }
  })

  test('unknown blocks: state calls answer " not found", chain calls answer null', async () => {
    const unknown = '0x' + '11'.repeat(32)
    for (const [m, p] of [['state_getRuntimeVersion', [unknown]], ['state_getMetadata', [unknown]], ['state_getStorageAt', [SYSTEM_EVENTS_KEY, unknown]]] as const) {
      const r = await call(m, [...p])
      expect(r.error.message).toContain(' not found')
      expect(r.result).toBeUndefined()
    }
    expect((await call('chain_getHeader', [unknown])).result).toBeNull()
    expect((await call('chain_getBlock', [unknown])).result).toBeNull()
    expect((await call('chain_getBlockHash', ['0x64'])).result).toBeNull()
  })

  test('batch requests answer in order with per-item errors', async () => {
    const blocks = sim.blocks()
    const res = await post([
      { jsonrpc: '2.0', id: 7, method: 'chain_getBlockHash', params: ['0x1'] },
      { jsonrpc: '2.0', id: 8, method: 'no_suchMethod', params: [] },
      { jsonrpc: '2.0', id: 9, method: 'state_getStorageAt', params: [SYSTEM_EVENTS_KEY, blocks[1].hash] },
      { jsonrpc: '2.0', id: 10, method: 'state_getStorageAt', params: ['0x1234', blocks[1].hash] },
    ])
    expect(res.map((r: any) => r.id)).toEqual([7, 8, 9, 10])
    expect(res[0].result).toBe(blocks[1].hash)
    expect(res[1].error).toEqual({ code: -32601, message: 'Method not found: no_suchMethod' })
    expect(res[2].result).toMatch(/^0x/)
    expect(res[3].result).toBeNull()
  })

  test('garbage gets a clear error and the server keeps serving', async () => {
    expect((await post('{not json')).error.code).toBe(-32700)
    expect((await post('[]')).error.code).toBe(-32600)
    expect((await post({ id: 3, params: [] })).error).toMatchObject({ code: -32600 })
    expect((await post({ jsonrpc: '2.0', id: 4, method: 'chain_getBlockHash', params: ['zz'] })).error.code).toBe(-32602)
    expect((await call('chain_getHead')).result).toBe(sim.head().hash)
  })

  test('runtime version and metadata follow the upgrade (block 2 sets 1009002)', async () => {
    const blocks = sim.blocks()
    const specs = []
    for (const b of blocks) specs.push((await call('state_getRuntimeVersion', [b.hash])).result.specVersion)
    expect(specs).toEqual([1002000, 1002000, 1009002, 1009002])
    expect((await call('state_getMetadata', [blocks[1].hash])).result).toBe(metadataV14Hex(1002000))
    expect((await call('state_getMetadata', [blocks[2].hash])).result).toBe(metadataV14Hex(1009002))
    expect(blocks.map(b => b.encodedWithSpec)).toEqual([1002000, 1002000, 1002000, 1009002])
    expect((await call('state_getRuntimeVersion', [])).result.specVersion).toBe(1009002)
  })

  test('WebSocket: calls and head subscriptions', async () => {
    const ws = new WebSocket(wsUrl)
    const msgs: any[] = []
    await new Promise(r => ws.once('open', r))
    ws.on('message', d => msgs.push(JSON.parse(d.toString())))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_subscribeNewHeads', params: [] }))
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'chain_subscribeFinalizedHeads', params: [] }))
    ws.send(JSON.stringify([{ jsonrpc: '2.0', id: 3, method: 'chain_getHead', params: [] }]))
    const until = async (f: () => boolean) => { for (let i = 0; i < 200 && !f(); i++) await new Promise(r => setTimeout(r, 10)) }
    await until(() => msgs.length >= 5)
    const newSub = msgs.find(m => m.id === 1).result
    const finSub = msgs.find(m => m.id === 2).result
    expect(msgs.find(m => Array.isArray(m))![0].result).toBe(sim.head().hash)
    const b = sim.emptyBlock(T0 + 24000)
    await until(() => msgs.some(m => m.params?.result?.number === '0x4'))
    const heads = msgs.filter(m => m.method === 'chain_newHead' && m.params.subscription === newSub).map(m => m.params.result.number)
    const fins = msgs.filter(m => m.method === 'chain_finalizedHead' && m.params.subscription === finSub).map(m => m.params.result.number)
    expect(heads).toEqual(['0x3', '0x4'])
    await until(() => fins.length >= 2 || msgs.filter(m => m.method === 'chain_finalizedHead').length >= 2)
    expect(msgs.filter(m => m.method === 'chain_finalizedHead').map(m => m.params.result.number)).toEqual(['0x1', '0x2'])
    expect(b.height).toBe(4)
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'chain_unsubscribeNewHeads', params: [newSub] }))
    await until(() => msgs.some(m => m.id === 5))
    expect(msgs.find(m => m.id === 5).result).toBe(true)
    ws.close()
  })
})
