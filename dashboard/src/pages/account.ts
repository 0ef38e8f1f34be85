/** Account: a Kusama or Ethereum address → its SPEC §4.11 history, claimable shares and their KSM value, pending unstakes with ETAs. */
import { Column, el, errorText, section, setState, table, tile } from '../dom'
import { ksm, units18, utc } from '../format'
import { gql } from '../graphql'
import { PENDING_COLUMNS } from './queue'

export const ACCOUNT_QUERY = `query ($address: String!) {
  summary: accountSummary(address: $address) { address chain creditedShares claimableShares claimableValuePlanck claimedShares sharesOnChain bondBalance
    pendingUnstakes { id recipient owedPlanck paidPlanck status overdue requestedAt paidAt eta etaReason } }
  history: accountHistory(address: $address, limit: 1000) { kind timestamp amount status ref }
}`

/** what a history entry's amount counts (SPEC §5: planck for STAKE, UNSTAKE, PAYOUT; aKSMb for TRANSFER; shares for CLAIM) */
export function historyAmount(e: any): string {
    if (e.kind === 'TRANSFER') return `${units18(e.amount)} aKSMb`
    if (e.kind === 'CLAIM') return `${units18(e.amount)} shares`
    return `${ksm(e.amount)} KSM`
}

export const HISTORY_COLUMNS: Column<any>[] = [
    { header: 'When (UTC)', cell: e => utc(e.timestamp) },
    { header: 'Kind', cell: e => e.kind },
    { header: 'Amount', cell: historyAmount, className: 'num' },
    { header: 'Status', cell: e => e.status ?? '—' },
    { header: 'Reference', cell: e => e.ref },
]

export async function renderAccount(page: HTMLElement, params: URLSearchParams): Promise<void> {
    const address = (params.get('address') ?? '').trim()
    const form = addressForm(address)
    if (!address) {
        page.replaceChildren(form, el('p', { class: 'state state-empty', 'data-testid': 'no-address' }, 'Paste a Kusama (SS58) or Ethereum (0x…) address to see its history.'))
        return void (page.dataset.state = 'empty')
    }
    setState(page, 'loading', `Loading ${address}…`)
    let data: any
    try {
        data = await gql(ACCOUNT_QUERY, { address })
    } catch (e) {
        page.replaceChildren(form, el('p', { class: 'state state-error', role: 'alert', 'data-testid': 'account-error' }, errorText(`the account ${address}`, e)))
        return void (page.dataset.state = 'error')
    }
    page.replaceChildren(form, summarySection(data.summary), pendingSection(data.summary.pendingUnstakes), historySection(data.history))
    setState(page, 'ready')
}

function addressForm(address: string): HTMLElement {
    const input = el('input', { type: 'text', name: 'address', value: address, placeholder: 'Kusama or Ethereum address', 'aria-label': 'address', spellcheck: 'false', autocomplete: 'off' })
    const go = (e: Event) => {
        e.preventDefault()
        location.hash = `#/account?${new URLSearchParams({ address: input.value.trim() })}`
    }
    return el('form', { class: 'address', onsubmit: go }, input, el('button', { type: 'submit' }, 'Look up'))
}

function summarySection(s: any): HTMLElement {
    const tiles = s.chain === 'KUSAMA'
        ? [
            tile('Credited shares', units18(s.creditedShares), 'acct-credited'),
            tile('Claimable shares', units18(s.claimableShares), 'acct-claimable'),
            tile('Claimable value', `${ksm(s.claimableValuePlanck)} KSM`, 'acct-claimable-value', 'at the latest report\'s ratio'),
            tile('Claimed shares', units18(s.claimedShares), 'acct-claimed'),
        ]
        : [
            tile('Shares on chain', units18(s.sharesOnChain), 'acct-shares-onchain'),
            tile('aKSMb balance', units18(s.bondBalance), 'acct-bond-balance'),
            tile('Claimed shares', units18(s.claimedShares), 'acct-claimed'),
        ]
    return section(`${s.chain === 'KUSAMA' ? 'Kusama' : 'Ethereum'} account ${s.address}`, el('div', { class: 'tiles' }, ...tiles))
}

function pendingSection(pending: any[]): HTMLElement {
    return section('Pending unstakes', pending.length
        ? table('acct-pending-table', PENDING_COLUMNS, pending, r => r.overdue ? 'overdue' : undefined)
        : el('p', { class: 'state state-empty' }, 'No unstake of this address is waiting.'))
}

function historySection(history: any[]): HTMLElement {
    return section('History (newest first)', history.length
        ? table('history-table', HISTORY_COLUMNS, history)
        : el('p', { class: 'state state-empty', 'data-testid': 'no-history' }, 'No history for this address.'))
}
