import { Gauge, Registry } from 'prom-client'
import type { Stall } from '../../runtime/stall'

/**
 * The stall of a processor's chain as Prometheus gauges on the processor's own metrics server
 * (PROCESSOR_PROMETHEUS_PORT / PROMETHEUS_PORT): `ksm_chain_stalled{chain}` 0/1 and
 * `ksm_chain_stalled_seconds{chain}` (0 when healthy). Rule: src/runtime/stall.ts.
 */
export interface StallGauges {
    set(s: Stall): void
}

export function stallGauges(registry: Registry | undefined, chain: 'kusama' | 'ethereum'): StallGauges {
    if (!registry) return { set: () => {} }
    const stalled = new Gauge({
        name: 'ksm_chain_stalled', help: '1 when the chain endpoint has not answered for longer than STALL_AFTER_SECONDS',
        labelNames: ['chain'], registers: [registry],
    })
    const seconds = new Gauge({
        name: 'ksm_chain_stalled_seconds', help: 'seconds since the chain endpoint last answered, while stalled (0 otherwise)',
        labelNames: ['chain'], registers: [registry],
    })
    return {
        set: s => {
            stalled.set({ chain }, s.stalled ? 1 : 0)
            seconds.set({ chain }, s.stalledSeconds)
        },
    }
}

/** The registry of a processor's built-in Prometheus server (substrate: `prometheus`, EVM: `getPrometheusServer()`; not typed API). */
export function sdkRegistry(processor: object): Registry | undefined {
    const p = processor as any
    try {
        return (p.prometheus ?? p.getPrometheusServer?.())?.registry
    } catch {
        return undefined
    }
}
