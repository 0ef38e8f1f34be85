/**
 * Child process for sdk.test.ts: runs @subsquid/substrate-processor (8.5.1) against the simulator URL
 * given in argv[2] up to height argv[3], then prints every block as one JSON line (bigints as decimal strings).
 * argv[4] = 'hot' makes it a hot-block database (unfinalized blocks are processed too).
 * A child process because the processor calls process.exit() when it is done.
 */
import { SubstrateBatchProcessor } from '@subsquid/substrate-processor'

const url = process.argv[2]
const to = Number(process.argv[3])
const hot = process.argv[4] === 'hot'

const processor = new SubstrateBatchProcessor()
  .setRpcEndpoint({ url, rateLimit: 10000, retryAttempts: 0 } as any)
  .setRpcDataIngestionSettings({ headPollInterval: 50 })
  .setBlockRange({ from: 0, to })
  .setFields({
    block: { timestamp: true },
    event: { args: true, phase: true, name: true },
    extrinsic: { hash: true, fee: true, signature: true, success: true },
    call: { args: true, name: true, origin: false },
  })
  .includeAllBlocks()
  .addEvent({ extrinsic: true })
  .addCall({})

const out: string[] = []
let head = { height: -1, hash: '0x' }
const db: any = {
  supportsHotBlocks: hot,
  async connect() { return hot ? { ...head, top: [] } : head },
  async transact(info: any, cb: any) { await cb({}); head = info.nextHead },
  async transactHot(info: any, cb: any) { for (const b of info.newBlocks) await cb({}, b) },
  async transactHot2(info: any, cb: any) { await cb({}, 0, info.newBlocks.length) },
}

function ser(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))
}

processor.run(db, async ctx => {
  for (const b of ctx.blocks) {
    out.push(ser({
      height: b.header.height,
      hash: b.header.hash,
      parentHash: b.header.parentHash,
      timestamp: b.header.timestamp,
      specVersion: b.header.specVersion,
      finalized: ctx.isHead,
      events: b.events.map(e => ({ index: e.index, name: e.name, phase: e.phase, extrinsicIndex: e.extrinsicIndex, args: e.args })),
      extrinsics: b.extrinsics.map(x => ({ index: x.index, hash: x.hash, fee: x.fee, success: x.success, signer: (x.signature as any)?.address?.value, call: x.call?.name })),
      calls: b.calls.map(c => ({ name: c.name, address: c.address, success: (c as any).success })),
    }))
  }
  if (ctx.blocks.length && ctx.blocks[ctx.blocks.length - 1].header.height >= to) {
    process.stdout.write(out.join('\n') + '\n')
  }
})
