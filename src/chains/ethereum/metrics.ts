/**
 * Prometheus counters of the Ethereum processor, served with the SDK's own metrics
 * (PROCESSOR_PROMETHEUS_PORT / PROMETHEUS_PORT) from the processor's registry.
 */
import { Counter, Registry } from 'prom-client'
import { EthMetrics } from './handler'

export function registerMetrics(registry: Registry): EthMetrics {
    const foreign = new Counter({
        name: 'ksm_eth_foreign_token_events_total',
        help: 'PolkadotPool events of tokens other than aKSMb (e.g. aDOTb), ignored',
        registers: [registry],
    })
    const inconsistent = new Counter({
        name: 'ksm_eth_ledger_inconsistencies_total',
        help: 'Ledger checks that failed (e.g. an R1 burn whose shares disagree with the indexed ratio)',
        registers: [registry],
    })
    const stateReads = new Counter({
        name: 'ksm_eth_transfer_state_reads_total',
        help: 'sharesOf eth_calls made to decide the unit of aKSMb Transfers the transaction input did not decide (a router or multisig calling the token)',
        registers: [registry],
    })
    return {
        foreignTokenEvents: n => foreign.inc(n),
        inconsistencies: n => inconsistent.inc(n),
        stateReads: n => stateReads.inc(n),
    }
}

/** The registry of the processor's built-in Prometheus server (not part of the SDK's typed API). */
export function processorRegistry(processor: object): Registry | undefined {
    try {
        const server = (processor as any).getPrometheusServer?.()
        return server?.registry
    } catch {
        return undefined
    }
}
