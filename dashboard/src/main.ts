/**
 * The pool dashboard: one page per view, chosen by the address's hash (#/overview, #/ratio, …) so every
 * view can be linked. Each page reads the public GraphQL API on this origin and nothing else.
 */
import { el } from './dom'
import { renderAccount } from './pages/account'
import { renderApr } from './pages/apr'
import { renderOverview } from './pages/overview'
import { renderQueue } from './pages/queue'
import { renderRatio } from './pages/ratio'
import { renderRewards } from './pages/rewards'

interface Route {
    readonly path: string
    readonly title: string
    readonly render: (page: HTMLElement, params: URLSearchParams) => Promise<void>
}

export const ROUTES: readonly Route[] = [
    { path: 'overview', title: 'Overview', render: renderOverview },
    { path: 'ratio', title: 'Ratio & APR', render: renderRatio },
    { path: 'rewards', title: 'Rewards', render: renderRewards },
    { path: 'apr', title: 'APR decomposition', render: renderApr },
    { path: 'queue', title: 'Unstake queue', render: renderQueue },
    { path: 'account', title: 'Account', render: renderAccount },
]

function current(): { route: Route; params: URLSearchParams } {
    const [path, query = ''] = location.hash.replace(/^#\/?/, '').split('?')
    return { route: ROUTES.find(r => r.path === path) ?? ROUTES[0], params: new URLSearchParams(query) }
}

/** each navigation renders into a fresh <main>: a slow answer for a page left behind lands in a detached element */
async function show(): Promise<void> {
    const { route, params } = current()
    for (const a of document.querySelectorAll<HTMLAnchorElement>('nav.main a')) {
        a.classList.toggle('active', a.dataset.route === route.path)
        if (a.dataset.route === route.path) a.setAttribute('aria-current', 'page')
        else a.removeAttribute('aria-current')
    }
    document.title = `${route.title} · ksm-lst pool dashboard`
    const page = el('main', { id: 'page', 'data-route': route.path })
    document.getElementById('page')!.replaceWith(page)
    try {
        await route.render(page, params)
    } catch (e) {
        // a page's own bug, said in words rather than a blank page
        page.replaceChildren(el('p', { class: 'state state-error', role: 'alert' }, `This page failed: ${(e as Error)?.message ?? e}`))
        page.dataset.state = 'error'
    }
}

function navigation(): HTMLElement {
    return el('nav', { class: 'main', 'aria-label': 'pages' },
        ...ROUTES.map(r => el('a', { href: `#/${r.path}`, 'data-route': r.path }, r.title)))
}

document.getElementById('nav')!.replaceWith(navigation())
window.addEventListener('hashchange', () => void show())
void show()
