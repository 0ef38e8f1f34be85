import * as http from 'http'
import { Counter, Gauge, Registry } from 'prom-client'
import { formatDecimal } from '../../domain/units'
import { Progress } from './worker'
import type { RatioReport } from '../core'

/** Prometheus metrics of the oracle: what an operator alerts on. */
export class OracleMetrics {
    readonly registry = new Registry()
    private ratio = this.gauge('oracle_latest_ratio', 'ratio of the latest closed period (shares per aKSMb)')
    private publishable = this.gauge('oracle_latest_publishable', '1 when the latest report passed every blocking check')
    private pendingOwed = this.gauge('oracle_pending_owed_ksm', 'KSM owed to unpaid unstake requests at the watermark')
    private overdue = this.gauge('oracle_overdue_requests', 'unstake requests not paid within the release period')
    private toUnbond = this.gauge('oracle_to_unbond_ksm', 'KSM the operator still has to unbond to serve the queue')
    // a running worker reads only what finalized since its last pass: this grows by the chains' rate,
    // and jumps by the whole history at a start or when the worker had to drop its carried state
    private eventsRead = new Counter({ name: 'oracle_events_read_total', help: 'domain events read from the database by the worker\'s passes', registers: [this.registry] })
    // proof of reserves of the latest report (SPEC §4.14): alert when the margin goes negative
    private holdings = this.gauge('oracle_reserves_holdings_ksm', 'KSM the pool accounts hold in storage at the latest report\'s end')
    private liabilities = this.gauge('oracle_reserves_liabilities_ksm', 'KSM the pool owes at the latest report\'s end (pool value + unstake requests + refunds)')
    private margin = this.gauge('oracle_reserves_margin_ksm', 'holdings minus liabilities at the latest report\'s end')
    private lag = new Gauge({ name: 'oracle_chain_lag_seconds', help: 'wall clock minus the time of the chain\'s finalized head in the database', labelNames: ['chain'], registers: [this.registry] })

    private gauge(name: string, help: string): Gauge {
        return new Gauge({ name, help, registers: [this.registry] })
    }

    update(p: Progress, latest: Pick<RatioReport, 'ratio' | 'publishable' | 'reserves'> | null, now: number): void {
        this.eventsRead.inc(p.loaded)
        if (latest) {
            this.ratio.set(Number(formatDecimal(latest.ratio, 18)))
            this.publishable.set(latest.publishable ? 1 : 0)
        }
        const r = latest?.reserves
        if (r) {
            this.holdings.set(Number(formatDecimal(r.holdingsPlanck, 12)))
            this.liabilities.set(Number(formatDecimal(r.liabilities.totalPlanck, 12)))
            this.margin.set(Number(formatDecimal(r.marginPlanck, 12)))
        }
        if (p.live) {
            this.pendingOwed.set(Number(formatDecimal(p.live.pendingOwed, 12)))
            this.overdue.set(p.live.overdueCount)
            this.toUnbond.set(Number(formatDecimal(p.live.toUnbond, 12)))
        }
        // `kusama` is Kusama's time across both parts; a two-part profile's Asset Hub also gets its own sample
        const parts = [['kusama', p.finality.kusama], ['kusama-asset-hub', p.finality.assetHub], ['ethereum', p.finality.ethereum]] as const
        for (const [chain, f] of parts) {
            if (f?.time != null) this.lag.set({ chain }, Math.max(0, (now - f.time) / 1000))
        }
    }

    serve(port: number): http.Server {
        return http.createServer(async (req, res) => {
            if (req.url !== '/metrics') {
                res.writeHead(404).end()
                return
            }
            res.writeHead(200, { 'content-type': this.registry.contentType }).end(await this.registry.metrics())
        }).listen(port, '127.0.0.1')
    }
}
