/**
 * Whether the ratio publisher may push a report on chain. Pure: the CLI gathers the inputs.
 * It refuses unless the report is publishable (every blocking sanity check passed) and newer than
 * what is on chain: a different ratio, from a period that ended after the last on-chain update.
 * A report without its proof of reserves (no RESERVES and SHARE_SUPPLY checks: the oracle ran
 * without chain readers, ORACLE_RESERVES=0) is refused too, unless the operator allows it.
 */
export interface ReportToPublish {
    period: string
    periodEnd: string // ISO time
    ratio: string // 1e18-scaled integer
    publishable: boolean
    checks: { name: string; passed: boolean; blocking: boolean; detail: string }[]
}

export interface OnChainRatio {
    ratio: bigint
    /** unix seconds of the block of the last RatioUpdate, undefined if there was none */
    lastUpdateTime?: number
}

export interface Decision {
    publish: boolean
    ratio?: bigint
    reasons: string[]
}

/** the checks of SPEC §4.14 a report must carry to be published */
export const PROOF_OF_RESERVES_CHECKS = ['RESERVES', 'SHARE_SUPPLY']

export function decidePublication(report: ReportToPublish | null, onChain: OnChainRatio, opts: { allowWithoutReserves?: boolean } = {}): Decision {
    if (!report) return { publish: false, reasons: ['no ratio report yet: no period has closed'] }
    const reasons: string[] = []
    const missing = PROOF_OF_RESERVES_CHECKS.filter(n => !report.checks.some(c => c.name === n))
    if (missing.length && !opts.allowWithoutReserves) {
        reasons.push(`report ${report.period} carries no proof of reserves (no ${missing.join(', ')} check): the oracle ran without chain readers`)
    }
    if (!/^[1-9]\d*$/.test(report.ratio)) reasons.push(`report ${report.period} has no valid ratio (${report.ratio})`)
    if (!report.publishable) {
        for (const c of report.checks) if (c.blocking && !c.passed) reasons.push(`check ${c.name} failed: ${c.detail}`)
        if (reasons.length === 0) reasons.push(`report ${report.period} is not publishable`)
    }
    if (reasons.length) return { publish: false, reasons }
    const ratio = BigInt(report.ratio)
    if (ratio === onChain.ratio) reasons.push(`on-chain ratio already ${ratio} (report ${report.period})`)
    const endSeconds = Date.parse(report.periodEnd) / 1000
    if (onChain.lastUpdateTime !== undefined && onChain.lastUpdateTime >= endSeconds) {
        reasons.push(`on-chain ratio was updated at ${new Date(onChain.lastUpdateTime * 1000).toISOString()}, after report ${report.period} ended`)
    }
    return reasons.length ? { publish: false, reasons } : { publish: true, ratio, reasons: [`report ${report.period}: ratio ${ratio}`] }
}
