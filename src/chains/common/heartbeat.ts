import { Pool } from 'pg'
import { pgConfig } from '../../db/connection'
import { ensureHeartbeat, pgRows, recordAnswer } from '../../db/processor-status'
import { probeIntervalMs, stallAfterMs, stallOf } from '../../runtime/stall'
import { sdkRegistry, stallGauges } from './stall-metrics'

/**
 * A processor's heartbeat: notes every time its chain endpoint answers, on the processor's own
 * RPC connection, and records the time in its state schema (`heartbeat`, src/db/processor-status.ts)
 * for indexerStatus, and as gauges on its metrics server. The SDK retries a silent endpoint forever
 * and says nothing; this is how the product tells (rule: src/runtime/stall.ts).
 *
 * An answer is any response the SDK's RpcClient got (its request and notification counters grew;
 * read every 100 ms). When none came during a tick (a few per STALL_AFTER_SECONDS, at most 5 s) —
 * an idle chain, or a silent endpoint — the heartbeat asks for the chain's head itself (one
 * probe in flight at a time; the client's retries and timeouts apply, so a silent endpoint leaves
 * the probe pending). Each tick writes the last answer's time if it changed: a stall's last
 * answer is in the database, exact to the sampling, one tick after it.
 */
export interface HeartbeatOptions {
    chain: 'kusama' | 'ethereum'
    stateSchema: string
    /** a cheap call every node of the chain answers */
    probeMethod: string
    env?: NodeJS.ProcessEnv
}

/** The parts of @subsquid/rpc-client 4.x's RpcClient used here. */
interface RpcClientLike {
    call(method: string, params?: unknown[]): Promise<unknown>
    getMetrics(): { requestsServed: number; notificationsReceived: number }
}

export function startHeartbeat(processor: object, opts: HeartbeatOptions): void {
    const client = chainRpcClient(processor)
    const afterMs = stallAfterMs(opts.env)
    const gauges = stallGauges(sdkRegistry(processor), opts.chain)
    const pool = new Pool(pgConfig(undefined, { max: 1, allowExitOnIdle: true }))
    pool.on('error', () => {})   // a dropped idle connection: the next write connects again
    const rows = pgRows(pool)
    const startedAt = Date.now()
    let lastAnswer: number | null = null
    let served = answers(client)
    // the counters are read often (two numbers) so the time of the last answer is exact to SAMPLE_MS
    setInterval(() => {
        const n = answers(client)
        if (n > served) lastAnswer = Date.now()
        served = n
    }, SAMPLE_MS).unref()

    let probing = false
    let heardBefore: number | null = null
    /** nothing heard since the last tick: ask the endpoint ourselves */
    const probe = () => {
        if (lastAnswer !== heardBefore || probing) return
        probing = true
        client.call(opts.probeMethod, []).then(() => { lastAnswer = Date.now() }, () => {}).finally(() => { probing = false })
    }
    let ready = false
    let recorded: number | null = null
    const record = async () => {
        ready ||= await ensureHeartbeat(rows, opts.stateSchema)
        if (!ready || lastAnswer === recorded) return
        const at = lastAnswer!
        await recordAnswer(rows, opts.stateSchema, Date.now() - at)
        recorded = at
    }
    let failing = false
    const tick = async () => {
        probe()
        heardBefore = lastAnswer
        gauges.set(stallOf(lastAnswer ?? startedAt, Date.now(), afterMs))
        try {
            await record()
            if (failing) console.error(`heartbeat of ${opts.chain}: recording again`)
            failing = false
        } catch (e) {
            // the database is away (a restart): the processor itself will say so; retried next tick
            if (!failing) console.error(`heartbeat of ${opts.chain}: cannot record (retried): ${e instanceof Error ? e.message : e}`)
            failing = true
            ready = false   // a database recreated under us: make the row again
        }
        setTimeout(tick, probeIntervalMs(afterMs)).unref()
    }
    void tick()
}

const SAMPLE_MS = 100

/** The processor's own RPC client (memoized by the SDK): the heartbeat hears what the processor hears. */
function chainRpcClient(processor: object): RpcClientLike {
    const get = (processor as any).getChainRpcClient
    if (typeof get !== 'function') throw new Error('SDK internals changed: processor.getChainRpcClient() not found (heartbeat)')
    const client = get.call(processor)
    if (typeof client?.call !== 'function' || typeof client?.getMetrics !== 'function') {
        throw new Error('SDK internals changed: RpcClient.call/getMetrics not found (heartbeat)')
    }
    return client
}

function answers(client: RpcClientLike): number {
    const m = client.getMetrics()
    return m.requestsServed + m.notificationsReceived
}
