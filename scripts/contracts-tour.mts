/**
 * Contracts tour: fifteen Lancashire councils bring their published contract notices to Pooled; saves the README's
 * contracts screenshots into docs/images/workshop/17-… to 22-….
 *
 *   npx tsx scripts/contracts-tour.mts        (or: npm run tour:contracts)
 *
 * The notices are the councils' real Contracts Finder notices (../shared/data/contracts/lancashire-contracts-finder,
 * else the vendored copy in test/fixtures/contracts); the people are made up. Builds the client if stale, starts
 * Pooled on a free port with a throwaway DATA_DIR and drives Debian chromium headless. Chorley's officer imports
 * through the Contracts page; the other fourteen councils through the API.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { buildClientIfStale, launchBrowser, newUserContext, ROOT, ServerProcess, watchPage, type BrowserProblems } from '../test/e2e/harness'
import { waitFor } from '../test/e2e/wait-for'

const OUT_DIR = join(ROOT, 'docs/images/workshop')
const DATA_DIR = [join(ROOT, '../shared/data/contracts/lancashire-contracts-finder'), join(ROOT, 'test/fixtures/contracts/lancashire-contracts-finder')].find((d) => existsSync(join(d, 'wyre.json')))
const TIMEOUT_MS = 30_000
const VIEWPORT = { width: 1440, height: 900 }

const COUNCILS = [
  ['chorley.json', 'Chorley Council', 'Chorley', '#00703c'],
  ['south_ribble.json', 'South Ribble Borough Council', 'S Ribble', '#1d4e89'],
  ['blackburn.json', 'Blackburn with Darwen Borough Council', 'BwD', '#6f2c91'],
  ['blackpool.json', 'Blackpool Council', 'Blackpool', '#d4351c'],
  ['burnley.json', 'Burnley Borough Council', 'Burnley', '#8a4b08'],
  ['fylde.json', 'Fylde Borough Council', 'Fylde', '#28a197'],
  ['hyndburn.json', 'Hyndburn Borough Council', 'Hyndburn', '#5694ca'],
  ['lancashire_cc.json', 'Lancashire County Council', 'LCC', '#912b88'],
  ['lancaster.json', 'Lancaster City Council', 'Lancaster', '#b58840'],
  ['pendle.json', 'Pendle Borough Council', 'Pendle', '#4c2c92'],
  ['preston.json', 'Preston City Council', 'Preston', '#2ca02c'],
  ['ribble_valley.json', 'Ribble Valley Borough Council', 'R Valley', '#85994b'],
  ['rossendale.json', 'Rossendale Borough Council', 'Rossendale', '#b52d5a'],
  ['west_lancashire.json', 'West Lancashire Borough Council', 'W Lancs', '#3d7a8a'],
  ['wyre.json', 'Wyre Council', 'Wyre', '#f47738'],
] as const

async function shot(target: Page | Locator, page: Page, file: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready)
  await page.waitForTimeout(300)
  const path = join(OUT_DIR, file)
  await target.screenshot({ path, animations: 'disabled', caret: 'hide' })
  process.stdout.write(`  ${file} (${Math.round(statSync(path).size / 1024)} KB)\n`)
}

async function signUp(browser: Browser, baseUrl: string, problems: BrowserProblems, [, name, shortName, colour]: (typeof COUNCILS)[number], i: number) {
  const context = await newUserContext(browser, baseUrl, problems, shortName)
  const person = `Officer ${i + 1}`
  const res = await context.request.post('/api/auth/signup', {
    data: { name: i === 0 ? 'Sam Price' : person, email: `officer${i + 1}@${shortName.toLowerCase().replace(/\W/g, '')}.example.gov.uk`, password: `a long tour password ${i}`, organisation: { name, shortName, colour } },
  })
  if (!res.ok()) throw new Error(`sign-up for ${name}: ${res.status()} ${await res.text()}`)
  const me = (await (await context.request.get('/api/auth/me')).json()) as { organisation: { id: string } }
  return { context, orgId: me.organisation.id }
}

async function importByApi(context: BrowserContext, orgId: string, file: string): Promise<void> {
  const res = await context.request.post(`/api/orgs/${orgId}/contracts/files?filename=${file}`, {
    data: readFileSync(join(DATA_DIR ?? '', file)),
    headers: { 'content-type': 'application/octet-stream' },
  })
  if (res.status() !== 202) throw new Error(`upload ${file}: ${res.status()} ${await res.text()}`)
  const { importId } = (await res.json()) as { importId: string }
  await waitFor(async () => ((await (await context.request.get(`/api/contracts/imports/${importId}`)).json()) as { status: string }).status === 'done', TIMEOUT_MS, `${file} imported`)
}

async function main(): Promise<void> {
  if (DATA_DIR === undefined) throw new Error('the Lancashire contract files are in neither ../shared/data nor test/fixtures/contracts')
  mkdirSync(OUT_DIR, { recursive: true })
  buildClientIfStale()
  const server = await ServerProcess.create()
  let browser: Browser | null = null
  const problems: BrowserProblems = { externalRequests: [], pageErrors: [] }
  try {
    await server.start()
    browser = await launchBrowser()
    process.stdout.write(`Pooled on ${server.baseUrl}; writing ${OUT_DIR}\n`)
    const people = []
    for (const [i, c] of COUNCILS.entries()) people.push(await signUp(browser, server.baseUrl, problems, c, i))
    const chorley = people[0]
    if (!chorley) throw new Error('no Chorley')
    const page = watchPage(await chorley.context.newPage(), problems, 'Chorley')
    await page.setViewportSize(VIEWPORT)

    // 1. Chorley's officer imports the council's notices on the Contracts page.
    await page.goto('/org/contracts', { waitUntil: 'commit' })
    await page.getByRole('heading', { name: 'Contracts', exact: true, level: 1 }).waitFor({ timeout: TIMEOUT_MS })
    await page.getByLabel('Choose contract files').setInputFiles(join(DATA_DIR, 'chorley.json'))
    await page.locator('.sd-queue-row[data-filename="chorley.json"] [data-testid=import-outcome]').waitFor({ timeout: TIMEOUT_MS })
    await page.locator('[data-testid=contracts-table]').waitFor({ timeout: TIMEOUT_MS })
    await shot(page, page, '17-contracts.png')

    // 2. The other fourteen import through the API; Chorley confirms its buyer name, and opens the estimate of an end.
    for (const [i, c] of COUNCILS.entries()) if (i > 0) await importByApi(people[i]?.context ?? chorley.context, people[i]?.orgId ?? '', c[0])
    await page.reload({ waitUntil: 'commit' })
    const buyer = page.locator('[data-testid=buyer-names] [data-buyer="Chorley Borough Council"]')
    if ((await buyer.count()) > 0) await buyer.getByRole('button', { name: 'Yes' }).click().catch(() => undefined)
    const table = page.locator('[data-testid=contracts-table]')
    await table.waitFor({ timeout: TIMEOUT_MS })
    await page.getByLabel('Ending').selectOption('36')
    await table.locator('.ct-est').first().click()
    await table.locator('[data-testid=estimate-basis]').first().waitFor({ timeout: TIMEOUT_MS })
    await table.scrollIntoViewIfNeeded()
    await page.evaluate(() => window.scrollBy(0, -80))
    await shot(page, page, '18-contracts-table.png')

    // 3. The opportunity finder: ranked pairs with their reasons.
    await page.goto('/collaboration', { waitUntil: 'commit' })
    await page.getByRole('heading', { name: 'Collaboration', level: 1 }).waitFor({ timeout: TIMEOUT_MS })
    await page.locator('[data-testid=pair]').first().waitFor({ timeout: TIMEOUT_MS })
    await shot(page, page, '19-opportunity-finder.png')

    // 4. Bought together before: joint procurements with the words that show it.
    const joint = page.locator('[data-testid=joint-procurement]', { hasText: 'South Ribble' }).first()
    await joint.scrollIntoViewIfNeeded()
    await page.evaluate(() => window.scrollBy(0, -120))
    await shot(page, page, '20-joint-evidence.png')

    // 5. One click opens a board for Chorley's best pair, with both councils invited and the category on it.
    await page.getByLabel('Only pairs with Chorley Council').check()
    const pair = page.locator('[data-testid=pair]').first()
    await pair.waitFor({ timeout: TIMEOUT_MS })
    await pair.scrollIntoViewIfNeeded()
    await pair.getByRole('button', { name: /^Open a board for/ }).click()
    await waitFor(() => /^\/b\/[A-Za-z0-9_-]+$/.test(new URL(page.url()).pathname), TIMEOUT_MS, 'the new board')
    const live = page.locator('[data-testid=connection-badge][data-state=live]')
    const nameInput = page.getByLabel('Your name')
    await waitFor(async () => (await nameInput.count()) > 0 || (await live.count()) > 0, TIMEOUT_MS, 'name dialog or live board')
    if ((await nameInput.count()) > 0) {
      await nameInput.fill('Sam Price')
      await page.getByRole('button', { name: 'Continue' }).click()
    }
    await live.waitFor({ timeout: TIMEOUT_MS })
    await waitFor(() => page.evaluate(() => ((window as unknown as { editor?: { getCurrentPageShapes(): Array<{ type: string }> } }).editor?.getCurrentPageShapes() ?? []).some((x) => x.type === 'category-card')), TIMEOUT_MS, 'the category card')
    await page.evaluate(() => {
      const editor = (window as unknown as { editor?: { getCurrentPageBounds(): unknown; zoomToBounds(b: unknown, o: { targetZoom: number; inset: number }): void } }).editor
      const bounds = editor?.getCurrentPageBounds()
      if (editor && bounds) editor.zoomToBounds(bounds, { targetZoom: 1.6, inset: 120 })
    })
    // The inspector lists each council's contracts for the category from their imports, read-only, with their source.
    const imported = page.locator('[data-testid=imported-contract-row]').first()
    await imported.waitFor({ timeout: TIMEOUT_MS })
    await imported.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await shot(page, page, '22-opportunity-board.png')

    // 6. The forward plan across the bodies Chorley now works with.
    await page.goto('/forward-plan', { waitUntil: 'commit' })
    await page.getByRole('heading', { name: 'Forward plan', level: 1 }).waitFor({ timeout: TIMEOUT_MS })
    await page.locator('[data-testid=plan-row]').first().waitFor({ timeout: TIMEOUT_MS })
    await shot(page, page, '21-forward-plan.png')

    if (problems.pageErrors.length > 0 || problems.externalRequests.length > 0) {
      throw new Error(`browser problems: ${JSON.stringify(problems)}`)
    }
  } finally {
    await browser?.close().catch(() => undefined)
    await server.dispose()
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exit(1)
  },
)
