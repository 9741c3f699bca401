/**
 * Spend tour: two bodies bring their real published spend to Pooled and pool it on one board, through the real UI;
 * saves the README's spend screenshots into docs/images/workshop/13-… to 16-….
 *
 *   npx tsx scripts/spend-tour.mts        (or: npm run tour:spend)
 *
 * Bolton Council and Oldham Council publish their 2019 payments (../shared/data/spend/nwod-gmca-2019, via North West
 * Open Data). The people are made up; the spend is real. Builds the client if stale, starts Pooled on a free port with
 * a throwaway DATA_DIR and drives Debian chromium headless, one browser context per person. Needs ../shared/data.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { buildClientIfStale, launchBrowser, newUserContext, ROOT, ServerProcess, watchPage, type BrowserProblems } from '../test/e2e/harness'
import { waitFor } from '../test/e2e/wait-for'

const OUT_DIR = join(ROOT, 'docs/images/workshop')
const DATA_DIR = join(ROOT, '../shared/data/spend/nwod-gmca-2019')
const TIMEOUT_MS = 30_000
const IMPORT_TIMEOUT_MS = 180_000
const VIEWPORT = { width: 1440, height: 900 }

interface Body {
  context: BrowserContext
  page: Page
  orgId: string
  userId: string
  file: string
}

const BODIES = [
  { name: 'Priya Shah', email: 'priya.shah@bolton.example.gov.uk', org: { name: 'Bolton Council', shortName: 'Bolton', colour: '#1d4e89' }, file: 'bolton_2019.csv' },
  { name: 'Mark Ellis', email: 'mark.ellis@oldham.example.gov.uk', org: { name: 'Oldham Council', shortName: 'Oldham', colour: '#b5432b' }, file: 'oldham_2019.csv' },
] as const

async function shot(target: Page | Locator, page: Page, file: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready)
  await page.waitForTimeout(400)
  const path = join(OUT_DIR, file)
  await target.screenshot({ path, animations: 'disabled', caret: 'hide' })
  process.stdout.write(`  ${file} (${Math.round(statSync(path).size / 1024)} KB)\n`)
}

async function signUp(browser: Browser, baseUrl: string, problems: BrowserProblems, who: (typeof BODIES)[number]): Promise<Body> {
  const context = await newUserContext(browser, baseUrl, problems, who.name)
  const res = await context.request.post('/api/auth/signup', {
    data: { name: who.name, email: who.email, password: `a long tour password for ${who.name}`, organisation: who.org },
  })
  if (!res.ok()) throw new Error(`sign-up for ${who.name}: ${res.status()} ${await res.text()}`)
  const me = (await (await context.request.get('/api/auth/me')).json()) as { user: { id: string }; organisation: { id: string } }
  const page = watchPage(await context.newPage(), problems, who.name)
  await page.setViewportSize(VIEWPORT)
  return { context, page, orgId: me.organisation.id, userId: me.user.id, file: who.file }
}

async function uploadThroughApi(body: Body): Promise<void> {
  const { readFileSync } = await import('node:fs')
  const res = await body.context.request.post(`/api/orgs/${body.orgId}/spend/files?filename=${body.file}`, {
    data: readFileSync(join(DATA_DIR, body.file)),
    headers: { 'content-type': 'application/octet-stream' },
  })
  if (res.status() !== 202) throw new Error(`upload ${body.file}: ${res.status()}`)
  const { importId } = (await res.json()) as { importId: string }
  await waitFor(async () => ((await (await body.context.request.get(`/api/spend/imports/${importId}`)).json()) as { status: string }).status === 'done', IMPORT_TIMEOUT_MS, `${body.file} imported`)
}

async function main(): Promise<void> {
  if (!existsSync(join(DATA_DIR, 'bolton_2019.csv'))) throw new Error(`${DATA_DIR} is absent: the spend tour needs ../shared/data`)
  mkdirSync(OUT_DIR, { recursive: true })
  buildClientIfStale()
  const server = await ServerProcess.create()
  let browser: Browser | null = null
  const problems: BrowserProblems = { externalRequests: [], pageErrors: [] }
  try {
    await server.start()
    browser = await launchBrowser()
    process.stdout.write(`Pooled on ${server.baseUrl}; writing ${OUT_DIR}\n`)
    const [bolton, oldham] = [await signUp(browser, server.baseUrl, problems, BODIES[0]), await signUp(browser, server.baseUrl, problems, BODIES[1])]

    // 1. Priya uploads Bolton's year on the Spend data page.
    const page = bolton.page
    await page.goto('/org/spend', { waitUntil: 'commit' })
    await page.locator('input[type=file]').first().setInputFiles(join(DATA_DIR, bolton.file))
    await page.getByText('Imported', { exact: true }).first().waitFor({ timeout: IMPORT_TIMEOUT_MS })
    await page.getByRole('heading', { name: 'Your dataset', exact: true }).waitFor({ timeout: TIMEOUT_MS })
    await page.setViewportSize({ width: VIEWPORT.width, height: 1250 })
    await shot(page, page, '13-spend-data.png')
    const suppliers = page.locator('section', { has: page.getByRole('heading', { name: 'Suppliers', exact: true }) }).first()
    await suppliers.getByRole('table').first().waitFor({ timeout: TIMEOUT_MS })
    await suppliers.scrollIntoViewIfNeeded()
    await shot(page, page, '14-spend-suppliers.png')
    await page.setViewportSize(VIEWPORT)

    // 2. Oldham's year goes in too (through the API, as a script would); Priya opens a board shared with Mark.
    await uploadThroughApi(oldham)
    const created = await bolton.context.request.post('/api/boards', { data: { title: 'Greater Manchester care and support 2027' } })
    const { id: boardId } = (await created.json()) as { id: string }
    await bolton.context.request.put(`/api/boards/${boardId}/shares`, { data: { principalType: 'user', principalId: oldham.userId, role: 'editor' } })

    // 3. A category linked to the ProClass code under which both councils pay the most suppliers in common.
    type Supplier = { key: string; proclassCode: string | null }
    const list = async (b: Body) => ((await (await b.context.request.get(`/api/orgs/${b.orgId}/spend/suppliers`)).json()) as { suppliers: Supplier[] }).suppliers
    const [mine, theirs] = await Promise.all([list(bolton), list(oldham)])
    const theirCodes = new Map(theirs.map((s) => [s.key, s.proclassCode]))
    const counts = new Map<string, number>()
    for (const s of mine) if (s.proclassCode && theirCodes.get(s.key) === s.proclassCode) counts.set(s.proclassCode, (counts.get(s.proclassCode) ?? 0) + 1)
    const code = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
    if (!code) throw new Error('no code shared by both councils')
    for (const b of [bolton, oldham]) {
      await b.page.goto(`/b/${boardId}`, { waitUntil: 'commit' })
      await b.page.locator('[data-testid=connection-badge][data-state=live]').waitFor({ timeout: TIMEOUT_MS })
    }
    await page.getByRole('button', { name: '+ Add category' }).click()
    const inspector = page.locator('[data-testid=category-inspector]')
    await inspector.waitFor({ timeout: TIMEOUT_MS })
    const name = inspector.getByLabel('Category name')
    await name.fill('Care and support')
    await name.press('Enter')
    await inspector.locator('[data-testid=spend-codes-search]').fill(code)
    await inspector.locator('[data-testid=spend-codes-search-typed]').click()
    await inspector.locator(`[data-testid=spend-code-chip][data-code="${code}"]`).waitFor({ timeout: TIMEOUT_MS })
    const card = oldham.page.locator('[data-testid=category-card] [data-testid=card-shared-suppliers]')
    await card.first().waitFor({ timeout: TIMEOUT_MS })
    await shot(oldham.page, oldham.page, '15-pooled-card.png')

    // 4. The Pooled spend view on Mark's screen.
    await oldham.page.getByRole('button', { name: 'Plan', exact: true }).click()
    await oldham.page.getByRole('tab', { name: 'Pooled spend' }).click()
    await oldham.page.locator('[data-testid=pooled-spend-view] svg').first().waitFor({ timeout: TIMEOUT_MS })
    await oldham.page.setViewportSize({ width: VIEWPORT.width, height: 1800 })
    await shot(oldham.page.locator('[data-testid=planning-panel]'), oldham.page, '16-pooled-spend.png')

    if (problems.pageErrors.length > 0 || problems.externalRequests.length > 0) {
      throw new Error(`page errors ${JSON.stringify(problems.pageErrors)}; external requests ${JSON.stringify(problems.externalRequests)}`)
    }
  } finally {
    await browser?.close()
    await server.dispose()
  }
}

await main()
