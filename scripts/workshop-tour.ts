/**
 * Workshop tour: plays a four-body category-planning workshop in Pooled through the real UI and saves the README's
 * screenshots into docs/images/workshop/NN-name.png.
 *
 *   npx tsx scripts/workshop-tour.ts        (or: npm run tour)
 *
 * It builds the client if stale, starts Pooled on a free port with a throwaway DATA_DIR, and drives Debian chromium
 * (/usr/bin/chromium, headless) with one browser context per person, exactly like the e2e tests (it reuses their
 * harness). Lancashire County Council facilitates; Blackpool Council, Lancashire Constabulary and Lancashire Fire and
 * Rescue Service join. The people, figures and the imported CSV are made up (plausible, not real). Re-running
 * overwrites the PNGs; nothing else is written. No fixed sleeps except a short settle before each screenshot.
 */
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { buildClientIfStale, launchBrowser, refuseExternalRequests, ROOT, ServerProcess, watchPage, type BrowserProblems } from '../test/e2e/harness'
import { waitFor } from '../test/e2e/wait-for'

const OUT_DIR = join(ROOT, 'docs/images/workshop')
const TIMEOUT_MS = 20_000
const VIEWPORT = { width: 1440, height: 900 }
const SETTLE_MS = 400

interface Person {
  name: string
  email: string
  org: { name: string; shortName: string; colour: string }
  context: BrowserContext
  page: Page
  userId: string
}

const PEOPLE = [
  { name: 'Sarah Ahmed', email: 'sarah.ahmed@lancashire.example.gov.uk', org: { name: 'Lancashire County Council', shortName: 'LCC', colour: '#1d6f42' } },
  { name: 'Tom Whitworth', email: 'tom.whitworth@blackpool.example.gov.uk', org: { name: 'Blackpool Council', shortName: 'Blackpool', colour: '#0b5cad' } },
  { name: 'Rachel Doyle', email: 'rachel.doyle@lancashire.example.police.uk', org: { name: 'Lancashire Constabulary', shortName: 'LancsPol', colour: '#6b2c86' } },
  { name: 'Gary Holt', email: 'gary.holt@lancsfirerescue.example.org.uk', org: { name: 'Lancashire Fire and Rescue Service', shortName: 'LFRS', colour: '#b3261e' } },
] as const

const BOARD_TITLE = 'Fleet and tyres 2027'

/** Categories, their supply risk score (1–5) and each body's figures: [annual spend, current contract ends]. */
const CATEGORIES: { name: string; supplyRisk: number; figures: Record<string, [string, string] | 'import'> }[] = [
  {
    name: 'Fleet tyres',
    supplyRisk: 2,
    figures: { LCC: ['420,000', '2027-06-30'], Blackpool: 'import', LancsPol: ['310,000', '2027-03-31'], LFRS: ['95,000', '2028-01-31'] },
  },
  {
    name: 'Vehicle servicing and repairs',
    supplyRisk: 4,
    figures: { LCC: ['580,000', '2028-03-31'], LancsPol: ['450,000', '2027-12-31'], LFRS: ['160,000', '2028-06-30'] },
  },
  {
    name: 'Fuel cards',
    supplyRisk: 1,
    figures: { LCC: ['240,000', '2027-10-31'], Blackpool: ['85,000', '2028-09-30'] },
  },
]
const BLACKPOOL_TYRES_CONTRACT_END = '2027-09-30'

/** A made-up "payments over £500" file in the shape councils publish: no ProClass column, some non-tyre lines. */
function blackpoolSpendCsv(): string {
  const rows = ['Service,Expenditure category,Supplier name,Payment date,Net amount']
  const tyreSuppliers = ['Micheldever Tyre Services Ltd', 'Bridgestone UK Ltd', 'Stapleton\'s (Tyre Services) Ltd']
  for (let month = 4; month <= 15; month += 1) {
    const m = ((month - 1) % 12) + 1
    const year = month > 12 ? 2026 : 2025
    const date = `15/${String(m).padStart(2, '0')}/${year}`
    rows.push(`Fleet,Vehicle tyres,${tyreSuppliers[month % 3]},${date},${(9_400 + (month % 4) * 1_150).toFixed(2)}`)
    rows.push(`Fleet,Tyres,${tyreSuppliers[(month + 1) % 3]},${date},${(4_200 + (month % 3) * 610).toFixed(2)}`)
  }
  rows.push('Fleet,Fleet repairs,Blackpool Commercial Vehicles,20/06/2025,3120.00')
  rows.push('Libraries,Stationery,Office Depot,13/09/2025,999.99')
  return rows.join('\r\n')
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready)
  await page.waitForTimeout(SETTLE_MS)
}

/** Saves a PNG of `target`; with `lastContent`, cropped just below that element (no empty panel below it). */
async function shot(target: Page | Locator, page: Page, file: string, lastContent?: Locator): Promise<void> {
  await settle(page)
  const path = join(OUT_DIR, file)
  const box = lastContent && 'boundingBox' in target ? await target.boundingBox() : null
  const end = lastContent ? await lastContent.boundingBox() : null
  if (box && end) {
    const clip = { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, end.y + end.height + 16 - box.y) }
    await page.screenshot({ path, clip, animations: 'disabled', caret: 'hide' })
  } else {
    await target.screenshot({ path, animations: 'disabled', caret: 'hide' })
  }
  process.stdout.write(`  ${file} (${Math.round(statSync(path).size / 1024)} KB)\n`)
}

async function signUp(browser: Browser, baseUrl: string, problems: BrowserProblems, who: (typeof PEOPLE)[number]): Promise<Person> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London' })
  await refuseExternalRequests(context, problems, who.name)
  const response = await context.request.post('/api/auth/signup', {
    data: { name: who.name, email: who.email, password: 'a workshop password', organisation: who.org },
  })
  if (!response.ok()) throw new Error(`sign-up for ${who.name} failed: ${response.status()} ${await response.text()}`)
  const body = (await response.json()) as { user?: { id?: string } }
  if (!body.user?.id) throw new Error(`sign-up for ${who.name} returned no user id`)
  const page = watchPage(await context.newPage(), problems, who.name)
  return { ...who, context, page, userId: body.user.id }
}

async function openBoard(person: Person, boardId: string): Promise<void> {
  const { page } = person
  await page.goto(`/b/${boardId}`, { waitUntil: 'commit' })
  const nameInput = page.getByLabel('Your name')
  const badge = page.locator('[data-testid=connection-badge][data-state=live]')
  await waitFor(async () => (await nameInput.count()) > 0 || (await badge.count()) > 0, TIMEOUT_MS, `${person.name}: name dialog or live board`)
  if ((await nameInput.count()) > 0) {
    await nameInput.fill(person.name)
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await badge.waitFor({ timeout: TIMEOUT_MS })
}

function inspector(page: Page): Locator {
  return page.locator('[data-testid=category-inspector]')
}

/** Opens a category from the Plan panel's list, as a person who did not just create it would. */
async function openCategory(page: Page, name: string): Promise<void> {
  const panel = page.locator('[data-testid=planning-panel]')
  const current = inspector(page)
  if ((await current.count()) > 0 && (await current.getByLabel('Category name').inputValue()) === name) return
  // The Category tab lists every category when none is open: close the panel and open it afresh from "Plan".
  if ((await panel.count()) > 0) await page.getByRole('button', { name: 'Close planning panel' }).click()
  await panel.waitFor({ state: 'detached', timeout: TIMEOUT_MS })
  await page.getByRole('button', { name: 'Plan', exact: true }).click()
  await panel.locator('.pl-pick-list').getByRole('button', { name, exact: true }).click()
  await waitFor(async () => (await inspector(page).getByLabel('Category name').inputValue().catch(() => '')) === name, TIMEOUT_MS, `inspector on ${name}`)
}

async function saveMyFigures(page: Page): Promise<void> {
  const form = page.locator('[data-testid=own-entry-form]')
  await form.getByRole('button', { name: 'Save my figures' }).click()
  await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: TIMEOUT_MS })
}

async function enterFigures(page: Page, spend: string, contractEnd: string): Promise<void> {
  const form = page.locator('[data-testid=own-entry-form]')
  await form.getByLabel('Annual spend (£)').fill(spend)
  await form.getByLabel('Current contract ends').fill(contractEnd)
  await saveMyFigures(page)
}

async function importSpend(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Import spend file…' }).click()
  await page.getByLabel('Spend file (CSV)').setInputFiles({ name: 'blackpool-payments-over-500-2025-26.csv', mimeType: 'text/csv', buffer: Buffer.from(blackpoolSpendCsv()) })
  const importer = page.locator('[data-testid=spend-import]')
  await importer.locator('[data-testid=import-filter-explanation]').waitFor({ timeout: TIMEOUT_MS })
  // "fleet" from the category name also catches fleet repairs: narrow the words to tyres, as a buyer would.
  await importer.getByRole('textbox', { name: 'Supplier or description contains any of' }).fill('tyre')
  await importer.locator('.pl-import-selection', { hasText: 'Stapleton' }).waitFor({ timeout: TIMEOUT_MS })
  await waitFor(async () => !(await importer.locator('.pl-import-selection').innerText()).includes('Commercial Vehicles'), TIMEOUT_MS, 'repairs left out')
  await shot(importer, page, '04-import-spend.png')
  await importer.getByRole('button', { name: /^Use £.* as our figures$/ }).click()
  const form = page.locator('[data-testid=own-entry-form]')
  await waitFor(async () => (await form.getByLabel('Annual spend (£)').inputValue()) !== '', TIMEOUT_MS, 'imported annual spend')
  await form.getByLabel('Current contract ends').fill(BLACKPOOL_TYRES_CONTRACT_END)
  await saveMyFigures(page)
}

async function zoomToFit(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.editor?.zoomToFit({ animation: { duration: 0 } })
  })
}

/** Frames every shape in the part of the canvas left of `rightInset` pixels (where the Plan panel sits), at most 100%. */
async function frameBoard(page: Page, rightInset: number): Promise<void> {
  await page.evaluate((inset) => {
    const editor = window.editor
    const bounds = editor?.getCurrentPageBounds()
    if (!editor || !bounds) return
    const screen = editor.getViewportScreenBounds()
    const [top, bottom, side] = [70, 80, 40]
    const width = screen.w - inset - 2 * side
    const height = screen.h - top - bottom
    const z = Math.min(width / bounds.w, height / bounds.h, 1)
    editor.setCamera({ x: (side + width / 2) / z - bounds.midX, y: (top + height / 2) / z - bounds.midY, z }, { immediate: true })
  }, rightInset)
}

/** Moves the pointer onto empty canvas so no hover tooltip shows in a screenshot. */
async function parkPointer(page: Page): Promise<void> {
  await page.mouse.move(12, 400)
}

/** Scrolls the Plan panel so `target` is at its top. */
async function scrollPanelTo(target: Locator): Promise<void> {
  await target.evaluate((el: HTMLElement) => el.scrollIntoView({ block: 'start' }))
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true })
  buildClientIfStale()
  const server = await ServerProcess.create()
  let browser: Browser | null = null
  const problems: BrowserProblems = { externalRequests: [], pageErrors: [] }
  try {
    await server.start()
    browser = await launchBrowser()
    process.stdout.write(`Pooled on ${server.baseUrl}; writing ${OUT_DIR}\n`)

    // 1. Four people sign up (REST), one per body; the facilitator creates the board from the home page.
    const people: Person[] = []
    for (const who of PEOPLE) people.push(await signUp(browser, server.baseUrl, problems, who))
    const [owner, ...guests] = people as [Person, ...Person[]]
    const byOrg = new Map(people.map((p) => [p.org.shortName, p]))
    await owner.page.goto('/', { waitUntil: 'commit' })
    await owner.page.getByRole('form', { name: 'New board' }).getByLabel('Board title').fill(BOARD_TITLE)
    await owner.page.getByRole('button', { name: 'Create board' }).click()
    await waitFor(() => /^\/b\/[A-Za-z0-9_-]{22}$/.test(new URL(owner.page.url()).pathname), TIMEOUT_MS, 'navigation to the new board')
    const boardId = new URL(owner.page.url()).pathname.slice(3)
    await owner.page.locator('[data-testid=connection-badge][data-state=live]').waitFor({ timeout: TIMEOUT_MS })

    // 2. Share with the other three by email, as editors.
    await owner.page.getByRole('button', { name: 'Share', exact: true }).click()
    const dialog = owner.page.locator('[data-testid=share-dialog]')
    await dialog.waitFor({ timeout: TIMEOUT_MS })
    for (const guest of guests) {
      await dialog.getByLabel('Email address').fill(guest.email)
      await dialog.getByRole('button', { name: 'Find' }).click()
      const candidate = dialog.locator('.share-candidate')
      await candidate.getByText(guest.name).waitFor({ timeout: TIMEOUT_MS })
      await candidate.getByLabel('Role').selectOption('editor')
      await candidate.getByRole('button', { name: 'Add' }).click()
      await dialog.locator('[data-testid=share-list]').getByText(guest.name).waitFor({ timeout: TIMEOUT_MS })
    }
    await shot(owner.page, owner.page, '01-share.png')
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT_MS })

    // 3. The empty board and its first step, with everyone arriving.
    await Promise.all(guests.map((g) => openBoard(g, boardId)))
    await owner.page.locator('[data-testid=empty-board]').waitFor({ timeout: TIMEOUT_MS })
    await shot(owner.page, owner.page, '02-empty-board.png')

    // 4. The facilitator adds the categories: the first from the prompt, the others with "+ Add category".
    for (const [i, category] of CATEGORIES.entries()) {
      if (i === 0) await owner.page.getByRole('button', { name: 'Add the first category' }).click()
      else await owner.page.getByRole('button', { name: '+ Add category' }).click()
      await waitFor(async () => (await inspector(owner.page).getByLabel('Category name').inputValue().catch(() => '')) === 'New category', TIMEOUT_MS, 'a new category in the inspector')
      const name = inspector(owner.page).getByLabel('Category name')
      await name.fill(category.name)
      await name.press('Enter')
      await owner.page.locator('[data-testid=category-card]', { hasText: category.name }).first().waitFor({ timeout: TIMEOUT_MS })
      await inspector(owner.page).locator('[data-testid=score-supply-risk]').getByRole('radio', { name: String(category.supplyRisk), exact: true }).click()
    }
    await frameBoard(owner.page, 470)
    await parkPointer(owner.page)
    await shot(owner.page, owner.page, '03-categories.png')

    // 5. Each body enters its own figures in its own row; Blackpool imports its published spend file for tyres.
    for (const category of CATEGORIES) {
      for (const [org, figures] of Object.entries(category.figures)) {
        const person = byOrg.get(org)
        if (!person) throw new Error(`no person for ${org}`)
        await openCategory(person.page, category.name)
        if (figures === 'import') await importSpend(person.page)
        else await enterFigures(person.page, figures[0], figures[1])
      }
    }
    const tyres = owner.page.locator('[data-testid=category-card]', { hasText: 'Fleet tyres' }).first()
    await waitFor(async () => Number((await tyres.locator('[data-testid=card-pooled-spend]').getAttribute('data-pence')) ?? 0) > 82_500_000, TIMEOUT_MS, 'all four bodies in the pooled tyre spend')
    await openCategory(owner.page, 'Fleet tyres')
    await parkPointer(owner.page)
    await scrollPanelTo(owner.page.locator('#pl-spend-h'))
    await shot(owner.page.locator('[data-testid=planning-panel]'), owner.page, '05-own-row.png')

    // 6. The live Kraljic matrix and the renewal timeline on the board, with the others' cursors.
    await owner.page.getByRole('button', { name: 'Add view' }).click()
    await owner.page.getByRole('menuitem', { name: 'Live Kraljic matrix' }).click()
    await owner.page.locator('[data-testid=kraljic-matrix]').waitFor({ timeout: TIMEOUT_MS })
    await owner.page.getByRole('button', { name: 'Add view' }).click()
    await owner.page.getByRole('menuitem', { name: 'Renewal timeline' }).click()
    await owner.page.locator('[data-testid=renewal-timeline]').first().waitFor({ timeout: TIMEOUT_MS })
    await owner.page.getByRole('button', { name: 'Close planning panel' }).click()
    // The timeline card keeps its default size and clips rows beyond it: make it as tall as its content, as a
    // facilitator would by dragging its handle.
    await owner.page.evaluate(() => {
      const editor = window.editor
      const shape = editor?.getCurrentPageShapes().find((s) => s.type === 'renewal-timeline')
      const body = document.querySelector('.tl-shape[data-shape-type="renewal-timeline"] .pl-panel-shape-body')
      const card = body?.closest('.pl-panel-shape')
      if (!editor || !shape || !body || !card) return
      const extra = body.scrollHeight - body.clientHeight
      if (extra > 0) editor.updateShape({ id: shape.id, type: shape.type, props: { h: (shape.props as { h: number }).h + extra + 8 } })
      editor.selectNone()
    })
    for (const person of people) await zoomToFit(person.page)
    // Keep clear of tldraw's style panel, top right.
    await frameBoard(owner.page, 170)
    // The others point at things on their own screens; their cursors show on the facilitator's.
    for (const [i, guest] of guests.entries()) {
      const panel = guest.page.locator('[data-testid=planning-panel]')
      if ((await panel.count()) > 0) await guest.page.getByRole('button', { name: 'Close planning panel' }).click()
      await guest.page.mouse.move(380 + i * 260, 330 + i * 120, { steps: 4 })
    }
    await waitFor(async () => (await owner.page.locator('.tl-collaborator__cursor').count()) >= guests.length, TIMEOUT_MS, 'three cursors').catch(() => {
      process.stdout.write('  (cursors not detected by class; screenshot taken anyway)\n')
    })
    await parkPointer(owner.page)
    await shot(owner.page, owner.page, '06-board.png')
    // Close up: the matrix at 100%, as the facilitator would zoom in on it.
    await owner.page.evaluate(() => {
      const editor = window.editor
      const matrix = editor?.getCurrentPageShapes().find((s) => s.type === 'kraljic-matrix')
      const bounds = matrix && editor?.getShapePageBounds(matrix)
      if (editor && bounds) editor.zoomToBounds(bounds, { targetZoom: 1, immediate: true })
    })
    await parkPointer(owner.page)
    await shot(owner.page.locator('[data-testid=kraljic-matrix]').first(), owner.page, '07-kraljic.png')

    // 7. Renewals and opportunities in the Plan panel.
    await owner.page.getByRole('button', { name: 'Plan', exact: true }).click()
    const panel = owner.page.locator('[data-testid=planning-panel]')
    await panel.getByRole('tab', { name: 'Renewals' }).click()
    const timeline = panel.locator('[data-testid=renewal-timeline]')
    await timeline.waitFor({ timeout: TIMEOUT_MS })
    await shot(panel, owner.page, '08-renewals.png', timeline)
    await panel.getByRole('tab', { name: 'Opportunities' }).click()
    await panel.locator('[data-testid=opportunities-view] .pl-opp-item').first().waitFor({ timeout: TIMEOUT_MS })
    await shot(panel, owner.page, '09-opportunities.png')

    // 8. Agree the plan for tyres: Need and Want typed by two people at once, a milestone, a RACI row.
    const police = byOrg.get('LancsPol') as Person
    await openCategory(owner.page, 'Fleet tyres')
    await openCategory(police.page, 'Fleet tyres')
    const NEED = 'Road-legal tyres fitted at our depots within 24 hours'
    const WANT = 'One brand across the whole fleet'
    await inspector(owner.page).getByLabel('Need (must have)').fill(NEED)
    await inspector(police.page).getByLabel('Want (nice to have: challenge it)').fill(WANT)
    await Promise.all([
      inspector(owner.page).getByLabel('Need (must have)').evaluate((el: HTMLElement) => el.blur()),
      inspector(police.page).getByLabel('Want (nice to have: challenge it)').evaluate((el: HTMLElement) => el.blur()),
    ])
    await waitFor(async () => (await inspector(owner.page).getByLabel('Want (nice to have: challenge it)').inputValue()) === WANT, TIMEOUT_MS, 'police Want on the facilitator screen')
    const plan = inspector(owner.page)
    await plan.getByLabel('Milestone title').fill('Joint tender published on Find a Tender')
    await plan.getByLabel('Milestone owner').fill('LCC')
    await plan.getByLabel('Milestone due date').fill('2027-01-29')
    await plan.locator('.pl-inline-add', { has: owner.page.getByLabel('Milestone title') }).getByRole('button', { name: 'Add', exact: true }).click()
    await plan.locator('[data-testid=milestones]').getByLabel('Milestone Joint tender published on Find a Tender').waitFor({ timeout: TIMEOUT_MS })
    const activity = 'Approve the joint strategy'
    await plan.getByLabel('New governance activity').fill(activity)
    await plan.getByRole('button', { name: 'Add activity' }).click()
    const raci: Record<string, string> = { LCC: 'A', Blackpool: 'C', LancsPol: 'R', LFRS: 'I' }
    for (const [org, letter] of Object.entries(raci)) {
      const select = plan.getByLabel(`${org} role in ${activity}`)
      await select.waitFor({ timeout: TIMEOUT_MS })
      await select.selectOption(letter)
    }
    const target = plan.getByLabel('Savings target (£ a year)')
    await target.fill('80,000')
    await target.press('Tab')
    await parkPointer(owner.page)
    await scrollPanelTo(plan.locator('#pl-spec-h'))
    await shot(panel, owner.page, '10-plan-spec.png')
    await scrollPanelTo(plan.getByRole('heading', { name: 'Milestones' }))
    await shot(panel, owner.page, '11-plan-milestones-raci.png')

    // 9. The report.
    await owner.page.goto(`/b/${boardId}/report`, { waitUntil: 'commit' })
    await owner.page.locator('[data-testid=report]').getByText('Fleet tyres').first().waitFor({ timeout: TIMEOUT_MS })
    await shot(owner.page, owner.page, '12-report.png')

    if (problems.pageErrors.length > 0 || problems.externalRequests.length > 0) {
      throw new Error(`browser problems:\n${[...problems.pageErrors, ...problems.externalRequests].join('\n')}`)
    }
  } catch (error) {
    process.stderr.write(`server log:\n${server.log}\n`)
    throw error
  } finally {
    await browser?.close()
    await server.dispose()
  }
}

await main()
