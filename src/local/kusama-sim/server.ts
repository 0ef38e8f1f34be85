/**
 * JSON-RPC 2.0 over HTTP (single and batch) and WebSocket (same port, with chain_subscribe* heads).
 * Answers are assembled from JSON strings cached per block / per spec, so the processor's access
 * pattern is served without re-encoding anything.
 */
import * as http from 'http'
import { AddressInfo } from 'net'
import { WebSocketServer, WebSocket } from 'ws'
import { metadataV14Hex, runtimeVersion } from '../../chains/kusama/metadata'
import { BlockRec, KusamaChain } from './chain'
import { SimStorage } from './storage'

export const SYSTEM_EVENTS_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7'

class RpcFailure extends Error {
  constructor(readonly code: number, message: string) { super(message) }
}

type Raw = string // a JSON-encoded result

const NULL: Raw = 'null'

const METHODS = [
  'chain_getFinalizedHead', 'chain_getFinalisedHead', 'chain_getHead', 'chain_getHeader', 'chain_getBlockHash',
  'chain_getBlock', 'chain_getRuntimeVersion', 'state_getRuntimeVersion', 'state_getMetadata', 'state_getStorageAt',
  'state_getStorage', 'state_queryStorageAt', 'chain_subscribeNewHeads', 'chain_unsubscribeNewHeads', 'chain_subscribeFinalizedHeads',
  'chain_unsubscribeFinalizedHeads', 'chain_subscribeFinalisedHeads', 'chain_unsubscribeFinalisedHeads',
  'system_chain', 'system_name', 'system_version', 'system_properties', 'system_health', 'rpc_methods',
]

interface Subscriber { ws: WebSocket; id: string; kind: 'new' | 'finalized' }

export class RpcServer {
  private http?: http.Server
  private wss?: WebSocketServer
  private subs = new Map<string, Subscriber>()
  private nextSub = 1
  private rtvJson = new Map<number, Raw>()
  private mdJson = new Map<number, Raw>()
  private lastFinalized = ''
  private storage: SimStorage

  constructor(private chain: KusamaChain) {
    this.storage = new SimStorage(chain)
    this.lastFinalized = chain.finalized().hash
    chain.onChange = (newBlocks, finalizedChanged) => this.notify(newBlocks, finalizedChanged)
  }

  listen(port: number): Promise<{ httpUrl: string; wsUrl: string }> {
    const server = http.createServer((req, res) => this.onHttp(req, res))
    server.keepAliveTimeout = 60_000
    this.http = server
    this.wss = new WebSocketServer({ server })
    this.wss.on('connection', ws => this.onWs(ws))
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        const p = (server.address() as AddressInfo).port
        resolve({ httpUrl: `http://127.0.0.1:${p}`, wsUrl: `ws://127.0.0.1:${p}` })
      })
    })
  }

  async close(): Promise<void> {
    this.chain.onChange = () => {}
    for (const c of this.wss?.clients ?? []) c.terminate()
    await new Promise<void>(r => (this.wss ? this.wss.close(() => r()) : r()))
    await new Promise<void>(r => {
      if (!this.http) return r()
      this.http.close(() => r())
      this.http.closeAllConnections?.()
    })
  }

  // ---------------------------------------------------------------- transport
  private onHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'text/plain' })
      res.end('Kusama simulator: POST JSON-RPC 2.0 here, or connect over WebSocket\n')
      return
    }
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const out = this.handleText(Buffer.concat(chunks).toString('utf8'), null)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(out ?? '')
    })
  }

  private onWs(ws: WebSocket): void {
    ws.on('message', data => {
      const out = this.handleText(data.toString(), ws)
      if (out != null && ws.readyState === WebSocket.OPEN) ws.send(out)
    })
    ws.on('close', () => {
      for (const [id, s] of this.subs) if (s.ws === ws) this.subs.delete(id)
    })
    ws.on('error', () => {})
  }

  /** Returns the JSON text to answer with, or undefined for notifications-only input. */
  handleText(text: string, ws: WebSocket | null): string | undefined {
    let msg: unknown
    try {
      msg = JSON.parse(text)
    } catch (e: any) {
      return errorText(null, -32700, `Parse error: ${e.message}`)
    }
    if (Array.isArray(msg)) {
      if (msg.length === 0) return errorText(null, -32600, 'Invalid request: empty batch')
      const parts: string[] = []
      for (const m of msg) {
        const r = this.handleOne(m, ws)
        if (r != null) parts.push(r)
      }
      return parts.length ? '[' + parts.join(',') + ']' : undefined
    }
    return this.handleOne(msg, ws)
  }

  private handleOne(m: any, ws: WebSocket | null): string | undefined {
    if (m == null || typeof m !== 'object' || Array.isArray(m) || typeof m.method !== 'string' ||
        (m.jsonrpc != null && m.jsonrpc !== '2.0') || (m.params != null && typeof m.params !== 'object')) {
      const id = m && typeof m === 'object' && (typeof m.id === 'number' || typeof m.id === 'string') ? m.id : null
      return errorText(id, -32600, 'Invalid request: expected {"jsonrpc":"2.0","id":..,"method":string,"params"?:array}')
    }
    const isNotification = !('id' in m)
    const id = m.id ?? null
    let result: Raw
    try {
      result = this.dispatch(m.method, Array.isArray(m.params) ? m.params : m.params == null ? [] : Object.values(m.params), ws)
    } catch (e: any) {
      if (isNotification) return undefined
      if (e instanceof RpcFailure) return errorText(id, e.code, e.message)
      return errorText(id, -32603, `Internal error: ${e?.message ?? e}`)
    }
    if (isNotification) return undefined
    return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${result}}`
  }

  // ---------------------------------------------------------------- methods
  private blockByHash(hash: unknown): BlockRec | undefined {
    if (hash == null) return this.chain.head()
    if (typeof hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new RpcFailure(-32602, `Invalid params: expected a block hash, got ${JSON.stringify(hash)}`)
    return this.chain.byHash.get(hash.toLowerCase())
  }

  private stateBlock(hash: unknown): BlockRec {
    const b = this.blockByHash(hash)
    if (!b) throw new RpcFailure(4003, `Client error: UnknownBlock: Header was not found in the database: ${hash}`)
    return b
  }

  private dispatch(method: string, params: any[], ws: WebSocket | null): Raw {
    switch (method) {
      case 'chain_getFinalizedHead':
      case 'chain_getFinalisedHead':
        return JSON.stringify(this.chain.finalized().hash)
      case 'chain_getHead':
        return JSON.stringify(this.chain.head().hash)
      case 'chain_getBlockHash': {
        const p = params[0]
        if (Array.isArray(p)) return '[' + p.map(x => this.blockHash(x)).join(',') + ']'
        return this.blockHash(p)
      }
      case 'chain_getHeader': {
        const b = this.blockByHash(params[0])
        return b ? b.headerJson : NULL
      }
      case 'chain_getBlock': {
        const b = this.blockByHash(params[0])
        return b ? b.blockJson : NULL
      }
      case 'state_getRuntimeVersion':
      case 'chain_getRuntimeVersion':
        return this.rtv(this.stateBlock(params[0]).specVersion)
      case 'state_getMetadata':
        return this.metadata(this.stateBlock(params[0]).specVersion)
      case 'state_getStorageAt':
      case 'state_getStorage': {
        const key = storageKeyParam(params[0])
        return this.storageValue(key, this.stateBlock(params[1]))
      }
      case 'state_queryStorageAt': {
        // the node's answer: one change set for the block, every key with its value (null = absent)
        if (!Array.isArray(params[0])) throw new RpcFailure(-32602, `Invalid params: expected an array of storage keys, got ${JSON.stringify(params[0])}`)
        const keys = params[0].map(storageKeyParam)
        const b = this.stateBlock(params[1])
        const changes = keys.map(k => `[${JSON.stringify(k)},${this.storageValue(k, b)}]`)
        return `[{"block":${JSON.stringify(b.hash)},"changes":[${changes.join(',')}]}]`
      }
      case 'chain_subscribeNewHeads':
      case 'chain_subscribeFinalizedHeads':
      case 'chain_subscribeFinalisedHeads': {
        if (!ws) throw new RpcFailure(-32601, `Method not found: ${method} needs a WebSocket connection`)
        const id = String(this.nextSub++)
        const kind = method === 'chain_subscribeNewHeads' ? 'new' : 'finalized'
        this.subs.set(id, { ws, id, kind })
        const head = kind === 'new' ? this.chain.head() : this.chain.finalized()
        setImmediate(() => this.send({ ws, id, kind }, head))
        return JSON.stringify(id)
      }
      case 'chain_unsubscribeNewHeads':
      case 'chain_unsubscribeFinalizedHeads':
      case 'chain_unsubscribeFinalisedHeads': {
        const s = this.subs.get(String(params[0]))
        if (s && s.ws === ws) {
          this.subs.delete(s.id)
          return 'true'
        }
        return 'false'
      }
      case 'system_chain':
        return JSON.stringify(this.chain.profile === 'relay' ? 'Kusama' : 'Kusama Asset Hub')
      case 'system_name':
        return JSON.stringify('ksm-lst-squid kusama simulator')
      case 'system_version':
        return JSON.stringify('0.1.0')
      case 'system_properties':
        return JSON.stringify({ ss58Format: 2, tokenDecimals: 12, tokenSymbol: 'KSM' })
      case 'system_health':
        return JSON.stringify({ peers: 0, isSyncing: false, shouldHavePeers: false })
      case 'rpc_methods':
        return JSON.stringify({ version: 1, methods: METHODS })
      default:
        throw new RpcFailure(-32601, `Method not found: ${method}`)
    }
  }

  /**
   * A storage value at block `b`: System.Events from the block's cache, System.Account and Staking.Ledger
   * from the storage history (canonical blocks only: the state of a block lost in a reorg is discarded,
   * as a node's pruned state), null for any other key.
   */
  private storageValue(key: string, b: BlockRec): Raw {
    if (key === SYSTEM_EVENTS_KEY) return b.eventsJson
    if (!this.storage.knows(key, b)) return NULL
    if (!this.chain.isCanonical(b)) throw new RpcFailure(4003, `Client error: State already discarded for ${b.hash}: the block left the canonical chain`)
    return JSON.stringify(this.storage.read(key, b))
  }

  private blockHash(p: unknown): Raw {
    let height: number
    if (p == null) return JSON.stringify(this.chain.head().hash)
    if (typeof p === 'number') height = p
    else if (typeof p === 'string' && /^0x[0-9a-fA-F]+$/.test(p)) height = parseInt(p, 16)
    else if (typeof p === 'string' && /^[0-9]+$/.test(p)) height = parseInt(p, 10)
    else throw new RpcFailure(-32602, `Invalid params: expected a block number, got ${JSON.stringify(p)}`)
    if (!Number.isSafeInteger(height) || height < 0) throw new RpcFailure(-32602, `Invalid params: bad block number ${JSON.stringify(p)}`)
    const b = this.chain.blockAt(height)
    return b ? JSON.stringify(b.hash) : NULL // like a real node: an unknown height is null
  }

  private rtv(spec: number): Raw {
    let r = this.rtvJson.get(spec)
    if (!r) { r = JSON.stringify(runtimeVersion(spec)); this.rtvJson.set(spec, r) }
    return r
  }

  private metadata(spec: number): Raw {
    let r = this.mdJson.get(spec)
    if (!r) { r = JSON.stringify(metadataV14Hex(spec)); this.mdJson.set(spec, r) }
    return r
  }

  // ---------------------------------------------------------------- subscriptions
  private send(s: Subscriber, b: BlockRec): void {
    if (s.ws.readyState !== WebSocket.OPEN || !this.subs.has(s.id)) return
    const method = s.kind === 'new' ? 'chain_newHead' : 'chain_finalizedHead'
    s.ws.send(`{"jsonrpc":"2.0","method":"${method}","params":{"subscription":${JSON.stringify(s.id)},"result":${b.headerJson}}}`)
  }

  private notify(newBlocks: BlockRec[], finalizedChanged: boolean): void {
    if (this.subs.size === 0) { this.lastFinalized = this.chain.finalized().hash; return }
    const fin = this.chain.finalized()
    for (const s of this.subs.values()) {
      if (s.kind === 'new') for (const b of newBlocks) this.send(s, b)
      else if (finalizedChanged && fin.hash !== this.lastFinalized) this.send(s, fin)
    }
    this.lastFinalized = fin.hash
  }
}

/** a storage key parameter, lowercased */
function storageKeyParam(key: unknown): string {
  if (typeof key !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(key)) throw new RpcFailure(-32602, `Invalid params: expected a storage key, got ${JSON.stringify(key)}`)
  return key.toLowerCase()
}

function errorText(id: unknown, code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id: id ?? null, error: { code, message } })
}
