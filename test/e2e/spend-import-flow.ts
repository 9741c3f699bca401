/**
 * E2E scenario for importing a published spend file into one organisation's entry (issue 10, A7): a workbook is
 * refused with what Pooled reads instead; a CSV without ProClass codes is matched on the category name's words and
 * says so; using the lines sets the annual spend and replaces stale supplier figures with the imported suppliers
 * (withheld names left out). Registered in run.ts; no fixed sleeps.
 */
import type { Browser, Page } from 'playwright-core'
import { signInIfRequired } from './accounts'
import { newUserContext, watchPage, type BrowserProblems } from './harness'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 15_000

/** What the import steps need from the runner. */
export interface SpendImportWorld {
  server: { baseUrl: string }
  browser: Browser
  problems: BrowserProblems
  spendImport?: { page: Page }
}

export interface SpendImportStep {
  name: string
  run(world: SpendImportWorld): Promise<void>
}

// Like Hyndburn's or Oxford's published files: no ProClass column; one redacted payee.
const CSV = [
  'Service,Expenditure category,Supplier name,Payment date,Net amount',
  'Fleet,Vehicle tyres,Micheldever Tyre Services Ltd,02/09/2024,1200.50',
  'Fleet,Vehicle tyres,MICHELDEVER TYRE SERVICES LIMITED,09/09/2024,800.00',
  'Fleet,Tyres,Redacted personal data,10/09/2024,300.00',
  'Fleet,Fleet repairs,Bridgestone UK,12/09/2024,400.00',
  'Libraries,Stationery,Office Depot,13/09/2024,999.99',
].join('\r\n')

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`precondition missing: ${what}`)
  return value
}

export const spendImportFlowSteps: SpendImportStep[] = [
  {
    name: 'spend import: a category with stale supplier figures on a fresh board',
    async run(world) {
      const context = await newUserContext(world.browser, world.server.baseUrl, world.problems, 'Fay')
      await signInIfRequired(context, 'Fay', 'HBC', '#a15c00')
      const page = watchPage(await context.newPage(), world.problems, 'Fay')
      const created = await context.request.post('/api/boards', { data: { title: 'Spend import' } })
      if (created.status() !== 201) throw new Error(`POST /api/boards answered ${created.status()}`)
      const { id } = (await created.json()) as { id: string }
      await page.goto(`/b/${id}`, { waitUntil: 'commit' })
      const nameInput = page.getByLabel('Your name')
      const badge = page.locator('[data-testid=connection-badge][data-state=live]')
      await waitFor(async () => (await nameInput.count()) > 0 || (await badge.count()) > 0, TIMEOUT_MS, 'name dialog or live board')
      if ((await nameInput.count()) > 0) {
        await nameInput.fill('Fay')
        await page.getByRole('button', { name: 'Continue' }).click()
      }
      await page.getByRole('button', { name: '+ Add category' }).click()
      const inspector = page.locator('[data-testid=category-inspector]')
      await inspector.waitFor({ timeout: TIMEOUT_MS })
      const name = inspector.getByLabel('Category name')
      await name.fill('Fleet tyres')
      await name.press('Enter')
      const form = page.locator('[data-testid=own-entry-form]')
      await form.getByLabel('Annual spend (£)').fill('5000')
      await form.getByLabel('Number of suppliers').fill('7')
      await form.getByLabel('Main suppliers').fill('Old Tyre Co')
      await form.getByRole('button', { name: 'Save my figures' }).click()
      await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: TIMEOUT_MS })
      world.spendImport = { page }
    },
  },
  {
    name: 'spend import: an .xlsx is named as a workbook, with what to do',
    async run(world) {
      const { page } = need(world.spendImport, 'import board')
      await page.getByRole('button', { name: 'Import spend file…' }).click()
      // The first bytes of every .xlsx: a ZIP local file header.
      const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00])
      await page.getByLabel('Spend file (CSV)').setInputFiles({ name: 'hbc-spend-2024-09.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: zip })
      const alert = page.locator('[data-testid=spend-import] [role=alert]')
      await alert.filter({ hasText: 'hbc-spend-2024-09.xlsx is an Excel workbook. Pooled reads spend files in CSV format here.' }).waitFor({ timeout: TIMEOUT_MS })
      const text = await alert.innerText()
      if (/header/i.test(text)) throw new Error(`workbook message still talks about a header row: ${text}`)
    },
  },
  {
    name: 'spend import: a file without ProClass codes is matched on the category name, and says so',
    async run(world) {
      const { page } = need(world.spendImport, 'import board')
      await page.getByLabel('Spend file (CSV)').setInputFiles({ name: 'hbc-spend-2024-09.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) })
      const why = page.locator('[data-testid=import-filter-explanation]')
      await why.filter({ hasText: 'This file has no ProClass codes, so lines are matched on words from the category name' }).waitFor({ timeout: TIMEOUT_MS })
      const text = await why.innerText()
      if (!text.includes('4 lines of 5 mention at least one')) throw new Error(`explanation: ${text}`)
      await page.locator('.pl-import-selection', { hasText: '4 lines, 2 suppliers, total £2,700.50' }).waitFor({ timeout: TIMEOUT_MS })
    },
  },
  {
    name: 'spend import: using the lines replaces the stale supplier count and names',
    async run(world) {
      const { page } = need(world.spendImport, 'import board')
      await page.getByRole('button', { name: 'Use £2,700.50 and these suppliers as our figures' }).click()
      const form = page.locator('[data-testid=own-entry-form]')
      await waitFor(async () => (await form.getByLabel('Annual spend (£)').inputValue()) === '2,700.50', TIMEOUT_MS, 'annual spend from the import')
      const count = await form.getByLabel('Number of suppliers').inputValue()
      const suppliers = await form.getByLabel('Main suppliers').inputValue()
      if (count !== '2') throw new Error(`supplier count after import: "${count}" (expected 2)`)
      if (suppliers !== 'Micheldever Tyre Services Ltd, Bridgestone UK') throw new Error(`main suppliers after import: "${suppliers}"`)
      await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: TIMEOUT_MS })
    },
  },
]
