/**
 * The dashboard (/dashboard on the API's port) in a real browser: Debian's chromium, driven by
 * playwright-core, against the demo scenario (scenarios/demo.json, what `npm start` replays) on its own
 * stack (its own Postgres cluster, so it never meets a developer's `npm start`).
 *
 * Each page is read back from the DOM — its tables, its tiles and the `<title>` of every chart mark,
 * which is what Observable Plot drew — and compared with a GraphQL query made here, formatted by the
 * dashboard's own formatting module (exact decimals: a planck off shows). The rewards CSV is downloaded
 * and compared with the query. The account page finds a demo depositor's history by typing the address.
 * Every request leaving 127.0.0.1 is refused and counted (the page must work offline), and any console
 * error or page error fails the file. Screenshots of every page at 1280 px and at a phone's 390 px go to
 * test-artifacts/screenshots (whole pages) and docs/screenshots (the first screen, for the README).
 *
 * chromium: /usr/bin/chromium (Debian's package; .ci/run installs it), or CHROMIUM_PATH.
 */
import * as fs from 'fs'
import * as path from 'path'
import { Browser, BrowserContext, chromium, Page } from 'playwright-core'
import { parseCsv } from '../../dashboard/src/csv'
import { etaError, ksm, percent, percentSci, ratio, units18, utc } from '../../dashboard/src/format'
import type { LocalStack } from '../../src/local/local-stack'
import { PRODUCT_PARTS } from '../../src/parts'
import { startTestStack } from '../support/stack'

const root = path.resolve(__dirname, '../..')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARTIFACTS = path.join(root, 'test-artifacts', 'screenshots')
const DOCS = path.join(root, 'docs', 'screenshots')
const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }

let stack: LocalStack
let browser: Browser
let context: BrowserContext
let page: Page
let base: string
const problems: string[] = []
const DEMO_END = Date.parse('2026-01-19T00:00:00Z')
const demoNow = (minutesAfterEnd = 2) => new Date(DEMO_END + minutesAfterEnd * 60_000)
const offline: string[] = []

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const res = await fetch(stack.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
    const body: any = await res.json()
    if (body.errors) throw new Error(JSON.stringify(body.errors))
    return body.data
}

/** opens a page of the dashboard and waits until it says it is done (ready, empty or error) and its charts are drawn */
async function open(route: string, state = 'ready'): Promise<void> {
    const url = `${base}/dashboard#/${route}`
    // the same address again is no navigation at all (same document, same hash): load it afresh
    if (page.url() === url) await page.reload()
    else await page.goto(url)
    await page.waitForSelector(`#page[data-state="${state}"]`, { timeout: 20_000 })
    await page.waitForFunction(`[...document.querySelectorAll('figure.chart')].every(f => f.querySelector('svg'))`, undefined, { timeout: 10_000 })
}

async function rows(testId: string): Promise<string[][]> {
    return page.$$eval(`[data-testid="${testId}"] tbody tr`, trs => trs.map((tr: any) => [...tr.cells].map((td: any) => td.textContent.trim())))
}

async function header(testId: string): Promise<string[]> {
    return page.$$eval(`[data-testid="${testId}"] thead th`, ths => ths.map(th => th.textContent!.trim()))
}

async function text(testId: string): Promise<string> {
    return (await page.textContent(`[data-testid="${testId}"]`))!.trim()
}

/** the titles of a chart's marks: one per datum drawn */
async function chartTitles(testId: string): Promise<string[]> {
    return page.$$eval(`figure[data-testid="${testId}"] svg title`, ts => ts.map(t => t.textContent!))
}

const sorted = (xs: string[]) => [...xs].sort()

async function screenshot(name: string): Promise<void> {
    const width = page.viewportSize()!.width
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true })
    await page.screenshot({ path: path.join(DOCS, `${name}-${width}.png`) })
}

/** the page is no wider than the screen: wide tables scroll inside their own box */
async function fitsWidth(): Promise<boolean> {
    return page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')
}

beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`)
    if (!fs.existsSync(path.join(root, 'lib/dashboard/app.js'))) throw new Error('lib/dashboard is not built: npm run build')
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    fs.mkdirSync(DOCS, { recursive: true })
    const scenario = JSON.parse(fs.readFileSync(path.join(root, 'scenarios/demo.json'), 'utf8'))
    const [started, launched] = await Promise.all([
        startTestStack({ scenario, parts: PRODUCT_PARTS.map(p => p.name) }),
        chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] }),
    ])
    stack = started
    browser = launched
    await stack.runner(() => {}).run()
    base = stack.graphqlUrl!.replace(/\/graphql$/, '')
    context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true })
    // offline: nothing but the API's own origin may be fetched
    await context.route('**/*', route => {
        const url = new URL(route.request().url())
        if (url.hostname === '127.0.0.1' || url.protocol === 'blob:' || url.protocol === 'data:') return route.continue()
        offline.push(url.href)
        return route.abort()
    })
    page = await context.newPage()
    // the browser's clock stands just after the demo's end, as if the chains were live: the indexer lag is
    // then the demo's own (and the screenshots the same on every run), not the months since 2026-01-19
    await page.clock.setFixedTime(demoNow())
    page.on('console', m => { if (m.type() === 'error') problems.push(`console: ${m.text()}`) })
    page.on('pageerror', e => problems.push(`page error: ${e.message}`))
}, 240_000)

afterAll(async () => {
    await browser?.close()
    await stack?.stop()
}, 60_000)

describe('the dashboard on the demo, in chromium', () => {
    it('is served by the API beside GraphQL, from its own files only', async () => {
        const res = await fetch(`${base}/dashboard`)
        expect(res.status).toBe(200)
        const html = await res.text()
        expect(html).toContain('/dashboard/app.js')
        expect(html).not.toMatch(/(src|href)="https?:/)
        expect((await fetch(`${base}/dashboard/app.js`)).status).toBe(200)
        expect((await fetch(`${base}/dashboard/nothing.js`)).status).toBe(404)
    })

    it('Overview: the latest report, each check in words, the indexers and the watermark', async () => {
        const d = await gql(`{ latestRatio { period ratio apr totalShares pooledValue publishable checks { name passed blocking } }
            indexerStatus { chains { chain finalizedHeight finalizedTime } watermark latestPeriod }
            unstakeQueue(limit: 1) { toUnbondPlanck pendingOwedPlanck freePlanck unbondingPlanck overdueCount } }`)
        await open('overview')
        const r = d.latestRatio
        expect(await text('latest-ratio')).toBe(ratio(r.ratio))
        expect(await text('latest-apr')).toBe(percent(r.apr))
        expect(await text('latest-s')).toBe(units18(r.totalShares))
        expect(await text('latest-p')).toBe(units18(r.pooledValue))
        expect(await text('publishable')).toBe(`Publishable: every blocking check of ${r.period} passed.`)
        const checks = await rows('checks')
        expect(checks.map(c => [c[0], c[1]])).toEqual(r.checks.map((c: any) => [c.name, c.passed ? 'passed' : c.blocking ? 'FAILED' : 'warning']))
        // in words, not fractions
        expect(checks.find(c => c[0] === 'APR_BOUND')![3]).toBe(`APR ${percent(r.apr)} ≤ 30.00 %`)
        expect(checks.find(c => c[0] === 'SOLVENT')![3]).toBe(`solvent: ${units18(r.totalShares)} shares backed by ${units18(r.pooledValue)} aKSMb`)
        expect(checks.every(c => !/\d+\/\d+/.test(c[3]))).toBe(true)
        const chains = await rows('chains')
        expect(chains.map(c => [c[0], c[1], c[2]])).toEqual(d.indexerStatus.chains.map((c: any) => [c.chain, String(c.finalizedHeight), utc(c.finalizedTime)]))
        expect(d.indexerStatus.chains.map((c: any) => Date.parse(c.finalizedTime))).toEqual([DEMO_END, DEMO_END])
        expect(chains.map(c => [c[3], c[4]])).toEqual([['2 min behind the clock', 'following'], ['2 min behind the clock', 'following']])
        expect(await text('watermark')).toContain(`Watermark: ${utc(d.indexerStatus.watermark)} UTC`)
        expect(await text('to-unbond')).toBe(`${ksm(d.unstakeQueue.toUnbondPlanck)} KSM`)
        expect(await text('pending-owed')).toBe(`${ksm(d.unstakeQueue.pendingOwedPlanck)} KSM`)
        await screenshot('overview')
        // 20 minutes later with no new final block: Kusama (final within a minute) is stalled, Ethereum (13 minutes) not yet
        await page.clock.setFixedTime(demoNow(20))
        await open('overview')
        expect((await rows('chains')).map(c => c[4])).toEqual(['STALLED: no new final block for more than 10 min', 'following'])
        expect(await page.$$eval('[data-testid="chains"] tbody tr', trs => trs.map(tr => tr.className))).toEqual(['warn', ''])
        await page.clock.setFixedTime(demoNow())
    })

    it('Ratio & APR: every period in the chart and the table, on-chain ratio overlaid, over a chosen range', async () => {
        const { ratioReports: reports } = await gql(`{ ratioReports(limit: 1000) { period ratio onchainRatio apr publishable } }`)
        expect(reports).toHaveLength(14)
        await open('ratio')
        expect(await rows('ratio-table')).toEqual(reports.map((r: any) => [r.period, ratio(r.ratio), ratio(r.onchainRatio), percent(r.apr), 'yes']))
        expect(sorted(await chartTitles('ratio-chart'))).toEqual(sorted(reports.flatMap((r: any) => [
            `${r.period} · report ratio ${ratio(r.ratio)}`, `${r.period} · on-chain ratio at the period's end ${ratio(r.onchainRatio)}`])))
        expect(await chartTitles('apr-chart')).toEqual(reports.map((r: any) => `${r.period} · APR ${percent(r.apr)}`))
        expect(await text('unpublishable')).toBe('Every period shown was publishable.')
        await screenshot('ratio')
        // a range, typed into the form
        await page.fill('input[name=from]', '2026-01-09')
        await page.fill('input[name=to]', '2026-01-11')
        await page.click('form.range button')
        await page.waitForFunction(`location.hash.includes('from=2026-01-09')`)
        await page.waitForSelector('#page[data-state="ready"]')
        expect((await rows('ratio-table')).map(r => r[0])).toEqual(['2026-01-09', '2026-01-10', '2026-01-11'])
        expect((await rows('ratio-table'))[0][3]).toBe(percent(reports[4].apr))
    })

    it('Rewards per day: gross, fee and net with the slash marked, and a CSV equal to the query', async () => {
        const { rewards, slashSeries } = await gql(`{ rewards(groupBy: "DAY") { key grossPlanck feePlanck netPlanck count } slashSeries { day amountPlanck count } }`)
        await open('rewards?view=day')
        const expected = rewards.map((r: any) => [r.key, ksm(r.grossPlanck), ksm(r.feePlanck), ksm(r.netPlanck), String(r.count)])
        expect(await rows('rewards-table')).toEqual(expected)
        expect(sorted(await chartTitles('rewards-chart'))).toEqual(sorted([
            ...rewards.flatMap((r: any) => [
                `${r.key} · net ${ksm(r.netPlanck)} KSM (gross ${ksm(r.grossPlanck)}, ${r.count} rewards)`,
                `${r.key} · fee ${ksm(r.feePlanck)} KSM (gross ${ksm(r.grossPlanck)}, ${r.count} rewards)`]),
            ...slashSeries.map((s: any) => `${s.day} · slashed ${ksm(s.amountPlanck)} KSM (${s.count} slash${s.count === 1 ? '' : 'es'})`),
        ]))
        expect(slashSeries).toEqual([{ day: '2026-01-09', amountPlanck: '500000000000', count: 1 }])
        expect(await rows('slashes-table')).toEqual([['2026-01-09', '0.5', '1']])
        // the CSV: exactly the table, and its KSM back in planck are the query's numbers
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="rewards-table-csv"]')])
        expect(download.suggestedFilename()).toBe('rewards-per-day.csv')
        const csv = parseCsv(fs.readFileSync((await download.path())!, 'utf8'))
        fs.copyFileSync((await download.path())!, path.join(ARTIFACTS, '..', 'rewards-per-day.csv'))
        expect(csv).toEqual([['Day', 'Gross KSM', 'Fee KSM', 'Net KSM', 'Rewards'], ...expected])
        const planck = (k: string) => {
            const [whole, fraction = ''] = k.split('.')
            return BigInt(whole + fraction.padEnd(12, '0'))
        }
        expect(csv.slice(1).map(r => [r[0], String(planck(r[1])), String(planck(r[2])), String(planck(r[3])), r[4]]))
            .toEqual(rewards.map((r: any) => [r.key, r.grossPlanck, r.feePlanck, r.netPlanck, String(r.count)]))
        await screenshot('rewards')
    })

    it('Rewards per day and validator (stacked) and per era, each CSV the table shown', async () => {
        const { rewardSeries, rewards } = await gql(`{ rewardSeries(groupBy: "VALIDATOR") { day key grossPlanck feePlanck netPlanck count }
            rewards(groupBy: "ERA") { key grossPlanck feePlanck netPlanck count } }`)
        await open('rewards?view=validator')
        const expected = rewardSeries.map((r: any) => [r.day, r.key, ksm(r.grossPlanck), ksm(r.feePlanck), ksm(r.netPlanck), String(r.count)])
        expect(new Set(rewardSeries.map((r: any) => r.key)).size).toBe(2)
        expect(await rows('rewards-table')).toEqual(expected)
        expect(sorted((await chartTitles('rewards-chart')).filter(t => !t.includes('slashed')))).toEqual(sorted(rewardSeries.map((r: any) =>
            `${r.day} · ${r.key} · net ${ksm(r.netPlanck)} KSM (gross ${ksm(r.grossPlanck)}, ${r.count} rewards)`)))
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="rewards-table-csv"]')])
        expect(parseCsv(fs.readFileSync((await download.path())!, 'utf8'))).toEqual([await header('rewards-table'), ...expected])
        await screenshot('rewards-validator')
        // the same numbers summed per era
        await page.click('a.tab:has-text("Per era")')
        await page.waitForFunction(`location.hash.includes('view=era')`)
        await page.waitForSelector('#page[data-state="ready"]')
        expect(await rows('rewards-table')).toEqual(rewards.map((r: any) => [r.key, ksm(r.grossPlanck), ksm(r.feePlanck), ksm(r.netPlanck), String(r.count)]))
        const total = (xs: any[]) => xs.reduce((a, r) => a + BigInt(r.grossPlanck), 0n)
        expect(total(rewards)).toBe(total(rewardSeries))
    })

    it('APR decomposition: each part per period, and the page says they sum to the APR within rounding', async () => {
        const { aprDecomposition: rowsApi } = await gql(`{ aprDecomposition { period apr bondedPlanck decomposed grossOnBonded idleDrag fee slashes flows sum difference roundingBound withinRounding } }`)
        expect(rowsApi).toHaveLength(14)
        expect(rowsApi.every((r: any) => r.decomposed && r.withinRounding)).toBe(true)
        await open('apr')
        const pct = (x: string) => percent(x, 4)
        expect(await rows('apr-table')).toEqual(rowsApi.map((r: any) => [r.period, pct(r.apr), pct(r.grossOnBonded), pct(r.idleDrag), pct(r.fee), pct(r.slashes),
            pct(r.flows), pct(r.sum), percentSci(r.difference), 'yes', ksm(r.bondedPlanck)]))
        expect(await text('identity')).toMatch(/^In every one of the 14 periods decomposed, the five parts sum to the period's APR within rounding: the largest difference is -?\d(\.\d+)?e-\d+ % \(2026-01-\d\d\), within the \d(\.\d+)?e-\d+ % the ratio's rounding allows\.$/)
        const titles = await chartTitles('apr-decomposition-chart')
        expect(titles).toHaveLength(14 * 6)
        for (const r of rowsApi) {
            expect(titles).toContain(`${r.period} · APR ${pct(r.apr)} = sum of parts ${pct(r.sum)}`)
            expect(titles).toContain(`${r.period} · gross yield on bonded stake ${pct(r.grossOnBonded)}`)
            expect(titles).toContain(`${r.period} · slashes ${pct(r.slashes)}`)
        }
        // the slash of 2026-01-09 and the burns at a stale on-chain ratio of 2026-01-11 show as their own parts
        const byPeriod = Object.fromEntries(rowsApi.map((r: any) => [r.period, r]))
        expect(Number(byPeriod['2026-01-09'].slashes)).toBeLessThan(-0.1)
        expect(Math.abs(Number(byPeriod['2026-01-11'].flows))).toBeGreaterThan(0.001)
        await screenshot('apr')
    })

    it('Unstake queue: liquidity, pending and paid requests (overdue highlighted) and the ETA accuracy', async () => {
        const { unstakeQueue: q, etaAccuracy: a } = await gql(`{ unstakeQueue(limit: 1000) { freePlanck refundablePlanck unbondingPlanck toUnbondPlanck pendingOwedPlanck
              requests { id recipient owedPlanck paidPlanck status overdue requestedAt paidAt eta etaReason } }
            etaAccuracy { paidCount measuredCount medianErrorSeconds worstErrorSeconds lateCount requests { id firstEta paidAt errorSeconds } } }`)
        await open('queue')
        for (const [id, v] of [['q-to-unbond', q.toUnbondPlanck], ['q-pending-owed', q.pendingOwedPlanck], ['q-free', q.freePlanck], ['q-unbonding', q.unbondingPlanck], ['q-refundable', q.refundablePlanck]]) {
            expect(await text(id)).toBe(`${ksm(v)} KSM`)
        }
        const pending = q.requests.filter((r: any) => r.status !== 'PAID')
        const shown = await rows('pending-table')
        expect(shown.map(r => [r[0], r[3], r[4], r[5], r[6], r[8]])).toEqual(pending.map((r: any) => [utc(r.requestedAt), ksm(r.owedPlanck), ksm(r.paidPlanck), r.status, utc(r.eta), r.overdue ? 'OVERDUE' : 'no']))
        expect(await page.$$eval('[data-testid="pending-table"] tbody tr', trs => trs.map(tr => tr.classList.contains('overdue')))).toEqual(pending.map((r: any) => r.overdue))
        expect((await chartTitles('pending-chart')).length).toBe(pending.length * 2)
        const paid = q.requests.filter((r: any) => r.status === 'PAID')
        expect((await rows('paid-table')).map(r => [r[3], r[4]])).toEqual(paid.map((r: any) => [ksm(r.owedPlanck), utc(r.paidAt)]))
        // ETA accuracy: the first ETA of a request is what the worker showed on the pass that first saw it, so
        // whether the demo's one paid request was shown an ETA before its payout depends on when passes ran
        expect(a.paidCount).toBe(paid.length)
        expect(a.measuredCount).toBeLessThanOrEqual(a.paidCount)
        expect(await text('acc-paid')).toBe(String(a.paidCount))
        expect(await text('acc-measured')).toBe(String(a.measuredCount))
        if (a.measuredCount > 0) {
            expect(await text('acc-median')).toBe(etaError(a.medianErrorSeconds))
            expect(await text('acc-worst')).toBe(etaError(a.worstErrorSeconds))
            expect(await text('acc-late')).toBe(`${a.lateCount} of ${a.measuredCount}`)
            expect(await rows('accuracy-table')).toEqual(a.requests.map((r: any) => [expect.any(String), utc(r.firstEta), utc(r.paidAt), etaError(r.errorSeconds)]))
            expect(a.requests.every((r: any) => Date.parse(r.paidAt) - Date.parse(r.firstEta) === r.errorSeconds * 1000)).toBe(true)
        } else {
            expect(await text('acc-median')).toBe('—')
            expect(await text('acc-empty')).toBe('No paid request was shown an ETA before it was paid, so there is nothing to measure yet.')
        }
        await screenshot('queue')
    })

    it("Account: a demo depositor's history, claimable shares and pending unstakes, found by typing the address", async () => {
        const { deposits } = await gql(`{ deposits(limit: 1000) { from status } }`)
        const address = deposits.find((d: any) => d.status === 'CREDITED').from
        await open('account', 'empty')
        expect(await text('no-address')).toContain('Paste a Kusama')
        await page.fill('input[name=address]', address)
        await page.click('form.address button')
        await page.waitForSelector('#page[data-state="ready"]')
        const { accountSummary: s, accountHistory: h } = await gql(`query ($a: String!) { accountSummary(address: $a) { creditedShares claimableShares claimableValuePlanck claimedShares }
            accountHistory(address: $a, limit: 1000) { kind timestamp amount status ref } }`, { a: address })
        expect(h.some((e: any) => e.kind === 'STAKE')).toBe(true)
        const amount = (e: any) => e.kind === 'TRANSFER' ? `${units18(e.amount)} aKSMb` : e.kind === 'CLAIM' ? `${units18(e.amount)} shares` : `${ksm(e.amount)} KSM`
        expect(await rows('history-table')).toEqual(h.map((e: any) => [utc(e.timestamp), e.kind, amount(e), e.status ?? '—', e.ref]))
        expect(await text('acct-credited')).toBe(units18(s.creditedShares))
        expect(await text('acct-claimable')).toBe(units18(s.claimableShares))
        expect(await text('acct-claimable-value')).toBe(`${ksm(s.claimableValuePlanck)} KSM`)
        await screenshot('account')
        // an address that is none: said in words
        await open('account?address=not-an-address', 'error')
        expect(await text('account-error')).toMatch(/^Could not load the account not-an-address: .+/)
    })

    it('says so in words when there is nothing to show or the API refuses', async () => {
        await open('ratio?from=2030-01-01', 'empty')
        expect(await text('empty')).toBe('No period has closed yet in 2030-01-01 to the latest day (inclusive, UTC).')
        await open('rewards?from=2030-01-01', 'empty')
        expect(await text('empty')).toContain('No reward has been paid to the pool')
        // the API answering an error (here: made up by the browser's router)
        await page.route('**/graphql', route => route.fulfill({ json: { errors: [{ message: 'canceling statement due to statement timeout' }] } }))
        await open('queue', 'error')
        expect(await page.textContent('#page [role=alert]')).toBe('Could not load the unstake queue: canceling statement due to statement timeout')
        await page.unroute('**/graphql')
    })

    it('marks a period that was not publishable (the demo has none: one answer is altered on its way to the page)', async () => {
        await page.route('**/graphql', async route => {
            const response = await route.fetch()
            const body = await response.json()
            const r = body.data?.ratioReports?.find((x: any) => x.period === '2026-01-09')
            if (r) {
                r.publishable = false
                r.checks = r.checks.map((c: any) => c.name === 'LOSS_EXPLAINED' ? { ...c, passed: false } : c)
            }
            await route.fulfill({ response, json: body })
        })
        await open('ratio')
        expect(await text('unpublishable')).toBe('Not publishable: 2026-01-09.')
        expect((await rows('ratio-table'))[4][4]).toBe('no (LOSS_EXPLAINED)')
        expect((await chartTitles('ratio-chart')).filter(t => t.includes('NOT publishable'))).toEqual([expect.stringMatching(/^2026-01-09 · report ratio 0\.\d+ · NOT publishable$/)])
        expect((await chartTitles('apr-chart')).filter(t => t.includes('NOT publishable'))).toHaveLength(1)
        await page.unroute('**/graphql')
    })

    it('fits a phone-width screen (390 px): no page is wider than the screen', async () => {
        await page.setViewportSize(PHONE)
        const depositor = (await gql(`{ deposits(limit: 1) { from } }`)).deposits[0].from
        for (const [name, route] of [['overview', 'overview'], ['ratio', 'ratio'], ['rewards', 'rewards'], ['rewards-validator', 'rewards?view=validator'],
            ['apr', 'apr'], ['queue', 'queue'], ['account', `account?address=${depositor}`]]) {
            await open(route)
            expect([name, await fitsWidth()]).toEqual([name, true])
            // charts are drawn at the phone's width, not the desktop's
            const widths = await page.$$eval('figure.chart', fs => fs.map((f: any) => Number(f.dataset.width)))
            expect(widths.every(w => w <= PHONE.width)).toBe(true)
            await screenshot(name)
        }
        await page.setViewportSize(DESKTOP)
    })

    it("refuses bad input to the dashboard's own queries with the reason", async () => {
        const errorsOf = async (query: string) => {
            const res = await fetch(stack.graphqlUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
            const body: any = await res.json()
            return (body.errors ?? []).map((e: any) => e.message)
        }
        expect(await errorsOf('{ rewardSeries(groupBy: "DAY") { day } }')).toEqual(['groupBy must be one of ERA, VALIDATOR, STASH, got DAY'])
        expect(await errorsOf('{ aprDecomposition(from: "yesterday") { period } }')).toEqual(['from must be a period like 2026-03-02, got yesterday'])
        expect(await errorsOf('{ etaAccuracy(limit: 5000) { paidCount } }')).toEqual(['limit must be an integer from 1 to 1000, got 5000'])
    })

    it('logged no console error, threw nothing, and fetched nothing from outside', () => {
        expect(problems).toEqual([])
        expect(offline).toEqual([])
    })
})
