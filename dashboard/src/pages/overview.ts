/**
 * Overview: is it safe to publish, and how much to unbond. The latest report (ratio, APR, S, P, each
 * check in words), how far each chain is final (lag, stalled warning), the watermark, and the queue's
 * figures for the operator.
 */
import { checkInWords } from '../check-words'
import { el, errorText, section, setState, table, tile } from '../dom'
import { duration, ksm, percent, ratio, units18, utc } from '../format'
import { gql } from '../graphql'

export const OVERVIEW_QUERY = `{
  latestRatio { period ratio apr totalShares pooledValue publishable checks { name passed blocking detail } }
  indexerStatus { chains { chain finalizedHeight finalizedTime } watermark latestPeriod }
  unstakeQueue(limit: 1) { pendingOwedPlanck freePlanck unbondingPlanck toUnbondPlanck overdueCount }
}`

/** A chain whose last finalized block is older than this is shown as stalled (Kusama finalizes in about a minute, Ethereum in about 13). */
export const STALLED_AFTER_SECONDS: Record<string, number> = { kusama: 10 * 60, ethereum: 40 * 60 }

export async function renderOverview(page: HTMLElement): Promise<void> {
    setState(page, 'loading', 'Loading the latest report…')
    let data: any
    try {
        data = await gql(OVERVIEW_QUERY)
    } catch (e) {
        return setState(page, 'error', errorText('the overview', e))
    }
    page.replaceChildren(
        reportSection(data.latestRatio),
        operatorSection(data.unstakeQueue),
        indexerSection(data.indexerStatus),
    )
    setState(page, 'ready')
}

function reportSection(r: any): HTMLElement {
    if (!r) return section('Latest report', el('p', { class: 'state state-empty', 'data-testid': 'no-report' }, 'No period has closed yet: the first report appears once both chains are final past the end of the first period with a deposit.'))
    const verdict = r.publishable
        ? el('p', { class: 'verdict ok', 'data-testid': 'publishable' }, `Publishable: every blocking check of ${r.period} passed.`)
        : el('p', { class: 'verdict bad', 'data-testid': 'publishable' }, `Not publishable: a blocking check of ${r.period} failed (below).`)
    return section(`Latest report: ${r.period}`,
        el('div', { class: 'tiles' },
            tile('Ratio (shares per aKSMb)', ratio(r.ratio), 'latest-ratio'),
            tile('APR', percent(r.apr), 'latest-apr', r.apr),
            tile('Total shares S', units18(r.totalShares), 'latest-s'),
            tile('Pooled value P (aKSMb)', units18(r.pooledValue), 'latest-p')),
        verdict,
        table('checks', [
            { header: 'Check', cell: (c: any) => c.name },
            { header: 'Result', cell: (c: any) => c.passed ? 'passed' : c.blocking ? 'FAILED' : 'warning' },
            { header: 'Blocking', cell: (c: any) => c.blocking ? 'yes' : 'no (warning)' },
            { header: 'Detail', cell: (c: any) => checkInWords(c.name, c.detail, c.passed) },
        ], r.checks, (c: any) => c.passed ? undefined : c.blocking ? 'bad' : 'warn'))
}

function operatorSection(q: any): HTMLElement {
    return section('Unstake liquidity',
        el('div', { class: 'tiles' },
            tile('To unbond now', `${ksm(q.toUnbondPlanck)} KSM`, 'to-unbond', 'pending owed − free − unbonding, at least 0'),
            tile('Pending owed', `${ksm(q.pendingOwedPlanck)} KSM`, 'pending-owed'),
            tile('Free', `${ksm(q.freePlanck)} KSM`, 'free'),
            tile('Unbonding', `${ksm(q.unbondingPlanck)} KSM`, 'unbonding'),
            tile('Overdue requests', String(q.overdueCount), 'overdue-count')))
}

function indexerSection(s: any): HTMLElement {
    const now = Date.now()
    return section('Indexers',
        table('chains', [
            { header: 'Chain', cell: (c: any) => c.chain },
            { header: 'Finalized height', cell: (c: any) => String(c.finalizedHeight), className: 'num' },
            { header: 'Finalized block time (UTC)', cell: (c: any) => utc(c.finalizedTime) },
            { header: 'Lag', cell: (c: any) => c.finalizedTime ? `${duration((now - Date.parse(c.finalizedTime)) / 1000)} behind the clock` : 'nothing final yet' },
            { header: 'Status', cell: (c: any) => stalledText(c, now) },
        ], s.chains, (c: any) => isStalled(c, now) ? 'warn' : undefined),
        el('p', { 'data-testid': 'watermark' }, s.watermark
            ? `Watermark: ${utc(s.watermark)} UTC — periods ending at or before it are closed; latest closed period ${s.latestPeriod ?? 'none yet'}.`
            : 'Watermark: none yet — a chain has nothing final.'))
}

function isStalled(c: any, now: number): boolean {
    return !c.finalizedTime || (now - Date.parse(c.finalizedTime)) / 1000 > (STALLED_AFTER_SECONDS[c.chain] ?? 3600)
}

function stalledText(c: any, now: number): string {
    if (!isStalled(c, now)) return 'following'
    return `STALLED: no new final block for more than ${duration(STALLED_AFTER_SECONDS[c.chain] ?? 3600)}`
}
