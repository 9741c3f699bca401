/**
 * End-to-end run: real server process + built client + Debian chromium, two users on one board.
 * Usage: `npx tsx test/e2e/run.ts` (E2E_SCREENSHOTS=1 also saves screenshots of passing steps into test-results/;
 * E2E_ONLY=<regex> runs only the steps whose names match (commas separate alternatives: E2E_ONLY=reopen,offline; an
 * alternative that begins some step names selects just those), plus the final no-errors check).
 * Prints `N passed, M failed` last and exits non-zero on any failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { accountsFlowSteps } from './accounts-flow'
import { shareBoardIfRequired, signInIfRequired, type E2eUser } from './accounts'
import { contractsFlowSteps, type ContractsWorld } from './contracts-flow'
import { buildClientIfStale, launchBrowser, newUserContext, ROOT, ServerProcess, watchPage, type BrowserProblems } from './harness'
import { knowledgeFlowSteps, type KnowledgeWorld } from './knowledge-flow'
import { offlineSaveFlowSteps, type OfflineWorld } from './offline-save-flow'
import { planningFlowSteps, type PlanningWorld } from './planning-flow'
import { pooledSpendFlowSteps, type PooledSpendWorld } from './pooled-spend-flow'
import { spendImportFlowSteps, type SpendImportWorld } from './spend-import-flow'
import { spendDataFlowSteps, type SpendDataWorld } from './spend-data-flow'
import { recordsFlowSteps } from './records-flow'
import { reopenFlowSteps, type ReopenWorld } from './reopen-flow'
import { waitFor } from './wait-for'

const STEP_TIMEOUT_MS = 15_000
const RESULTS_DIR = join(ROOT, 'test-results')
const saveScreenshots = process.env['E2E_SCREENSHOTS'] === '1'

interface Session {
  context: BrowserContext
  page: Page
  user: E2eUser
}

interface World extends PlanningWorld, KnowledgeWorld, SpendImportWorld, SpendDataWorld, ReopenWorld, OfflineWorld, PooledSpendWorld, ContractsWorld {
  server: ServerProcess
  browser: Browser
  problems: BrowserProblems
  a?: Session
  b?: Session
  boardId?: string
}

type Step = { name: string; run(world: World): Promise<void> }

// ---------- page helpers ----------

async function badgeState(page: Page): Promise<string | null> {
  return page.locator('[data-testid=connection-badge]').getAttribute('data-state', { timeout: 1000 }).catch(() => null)
}

async function waitBadge(page: Page, state: string, timeoutMs = STEP_TIMEOUT_MS): Promise<void> {
  await waitFor(async () => (await badgeState(page)) === state, timeoutMs, `connection badge "${state}" (last: ${await badgeState(page)})`)
}

async function shapeSummary(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const editor = window.editor
    if (!editor) return []
    return editor
      .getCurrentPageShapes()
      .map((shape) => (shape.type === 'geo' ? `geo:${(shape.props as { geo: string }).geo}` : shape.type))
      .sort()
  })
}

async function enterDisplayNameIfAsked(page: Page, name: string): Promise<void> {
  const input = page.getByLabel('Your name')
  await waitFor(async () => (await input.count()) > 0 || (await page.locator('[data-testid=connection-badge]').count()) > 0, STEP_TIMEOUT_MS, 'name dialog or board')
  if ((await input.count()) === 0) return
  await input.fill(name)
  await page.getByRole('button', { name: 'Continue' }).click()
}

async function openUser(world: World, label: string, orgShortName: string, colour: string): Promise<Session> {
  const context = await newUserContext(world.browser, world.server.baseUrl, world.problems, label)
  const user = await signInIfRequired(context, label, orgShortName, colour)
  const page = watchPage(await context.newPage(), world.problems, label)
  return { context, page, user }
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`precondition missing: ${what}`)
  return value
}

// ---------- scenarios ----------

const steps: Step[] = [
  {
    name: 'home page creates a board and opens it live',
    async run(world) {
      const a = await openUser(world, 'Alice', 'LCC', '#1d4e89')
      world.a = a
      await a.page.goto('/', { waitUntil: 'commit' })
      await a.page.getByRole('heading', { name: 'Boards', exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS })
      await a.page.getByRole('form', { name: 'New board' }).getByLabel('Board title').fill('Facilities management 2027')
      await a.page.getByRole('button', { name: 'Create board' }).click()
      await waitFor(() => /^\/b\/[A-Za-z0-9_-]{22}$/.test(new URL(a.page.url()).pathname), STEP_TIMEOUT_MS, 'navigation to /b/:id')
      world.boardId = new URL(a.page.url()).pathname.slice(3)
      await enterDisplayNameIfAsked(a.page, 'Alice')
      await waitBadge(a.page, 'live')
      await a.page.getByRole('heading', { name: 'Facilities management 2027' }).waitFor({ timeout: STEP_TIMEOUT_MS })
      await waitFor(() => a.page.evaluate(() => Boolean(window.editor)), STEP_TIMEOUT_MS, 'window.editor')
    },
  },
  {
    name: 'a second user joins the same board and both see each other listed',
    async run(world) {
      const a = need(world.a, 'user A')
      const boardId = need(world.boardId, 'board id')
      const b = await openUser(world, 'Bob', 'NHS', '#b5432b')
      world.b = b
      await shareBoardIfRequired(a.context, boardId, b.user)
      await b.page.goto(`/b/${boardId}`, { waitUntil: 'commit' })
      await enterDisplayNameIfAsked(b.page, 'Bob')
      await waitBadge(b.page, 'live')
      const names = async (page: Page) => page.locator('[data-testid=participants] [data-name]').evaluateAll((els) => els.map((el) => el.getAttribute('data-name') ?? ''))
      await waitFor(async () => (await names(a.page)).some((n) => n.startsWith('Bob')), STEP_TIMEOUT_MS, 'Bob in A’s participants')
      await waitFor(async () => (await names(b.page)).some((n) => n.startsWith('Alice')), STEP_TIMEOUT_MS, 'Alice in B’s participants')
    },
  },
  {
    name: 'a rectangle drawn with the mouse in A appears in B',
    async run(world) {
      const a = need(world.a, 'user A')
      const b = need(world.b, 'user B')
      await a.page.mouse.click(300, 250)
      await a.page.keyboard.press('r')
      await a.page.mouse.move(420, 300)
      await a.page.mouse.down()
      for (let i = 1; i <= 10; i++) await a.page.mouse.move(420 + i * 20, 300 + i * 14)
      await a.page.mouse.up()
      await waitFor(async () => (await shapeSummary(a.page)).includes('geo:rectangle'), STEP_TIMEOUT_MS, 'rectangle in A')
      await waitFor(async () => (await shapeSummary(b.page)).includes('geo:rectangle'), STEP_TIMEOUT_MS, 'rectangle in B')
      await waitFor(async () => (await b.page.locator('.tl-shape').count()) >= 1, STEP_TIMEOUT_MS, 'a rendered shape in B')
    },
  },
  {
    name: "B's cursor appears in A with B's name",
    async run(world) {
      const a = need(world.a, 'user A')
      const b = need(world.b, 'user B')
      const cursor = a.page.locator('.tl-collaborator__cursor')
      let x = 700
      await waitFor(
        async () => {
          x = x === 700 ? 720 : 700 // keep moving so presence stays fresh
          await b.page.mouse.move(x, 520)
          return (await cursor.count()) > 0 && (await a.page.locator('.tl-nametag', { hasText: 'Bob' }).count()) > 0
        },
        STEP_TIMEOUT_MS,
        'B’s cursor with label "Bob" in A',
      )
    },
  },
  {
    name: 'reloading B keeps the rectangle',
    async run(world) {
      const b = need(world.b, 'user B')
      await b.page.reload({ waitUntil: 'commit' })
      await waitBadge(b.page, 'live')
      await waitFor(async () => (await shapeSummary(b.page)).includes('geo:rectangle'), STEP_TIMEOUT_MS, 'rectangle in B after reload')
    },
  },
  {
    name: 'server restart: badges show Reconnecting…, then Live, and the board is intact',
    async run(world) {
      const a = need(world.a, 'user A')
      const b = need(world.b, 'user B')
      const exitCode = await world.server.stop()
      if (exitCode !== 0) throw new Error(`server exited with ${exitCode} on SIGTERM (expected 0)`)
      await Promise.all([waitBadge(a.page, 'reconnecting'), waitBadge(b.page, 'reconnecting')])
      const label = await a.page.locator('[data-testid=connection-badge]').innerText()
      if (!label.includes('Reconnecting')) throw new Error(`badge text while offline: "${label}"`)
      await world.server.start()
      await Promise.all([waitBadge(a.page, 'live', 30_000), waitBadge(b.page, 'live', 30_000)])
      for (const page of [a.page, b.page]) {
        await waitFor(async () => (await shapeSummary(page)).includes('geo:rectangle'), STEP_TIMEOUT_MS, 'rectangle after restart')
      }
      // And the sync still works in both directions after the restart.
      await a.page.evaluate(() => {
        window.editor?.createShape({ type: 'geo', x: 100, y: 420, props: { geo: 'ellipse', w: 120, h: 80 } })
      })
      await waitFor(async () => (await shapeSummary(b.page)).includes('geo:ellipse'), STEP_TIMEOUT_MS, 'ellipse from A in B after restart')
    },
  },
  {
    name: 'home page lists, renames and deletes boards',
    async run(world) {
      const b = need(world.b, 'user B')
      const created = await b.context.request.post('/api/boards', { data: { title: 'Scratch board' } })
      if (created.status() !== 201) throw new Error(`POST /api/boards answered ${created.status()}`)
      const { id } = (await created.json()) as { id: string }
      const page = b.page
      await page.goto('/', { waitUntil: 'commit' })
      const row = page.locator(`[data-board-id="${id}"]`)
      await row.waitFor({ timeout: STEP_TIMEOUT_MS })
      await row.getByRole('button', { name: 'Rename' }).click()
      await row.getByLabel('Board title').fill('Scratch board (renamed)')
      await row.getByRole('button', { name: 'Save' }).click()
      await row.getByRole('link', { name: 'Scratch board (renamed)', exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS })
      await row.getByRole('button', { name: 'Delete' }).click()
      await row.getByRole('button', { name: 'Delete board' }).click()
      await row.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS })
      const after = await page.context().request.get(`/api/boards/${id}`)
      if (after.status() !== 404) throw new Error(`deleted board still answers ${after.status()}`)
    },
  },
  {
    name: 'deleting the board while it is open tells the people on it',
    async run(world) {
      const a = need(world.a, 'user A')
      const b = need(world.b, 'user B')
      const boardId = need(world.boardId, 'board id')
      await b.page.goto(`/b/${boardId}`, { waitUntil: 'commit' })
      await waitBadge(b.page, 'live')
      const response = await a.context.request.delete(`/api/boards/${boardId}`)
      if (response.status() !== 204) throw new Error(`DELETE /api/boards/:id answered ${response.status()}`)
      await waitBadge(b.page, 'error')
      await b.page.getByRole('alert').filter({ hasText: 'This board has been deleted.' }).waitFor({ timeout: STEP_TIMEOUT_MS })
    },
  },
  {
    name: 'an unknown board shows "Board not found"',
    async run(world) {
      const a = need(world.a, 'user A')
      await a.page.goto('/b/AAAAAAAAAAAAAAAAAAAAAA', { waitUntil: 'commit' })
      await a.page.locator('[data-testid=board-not-found]').waitFor({ timeout: STEP_TIMEOUT_MS })
    },
  },
  // Category planning (issue 6): two organisations on their own board; see planning-flow.ts.
  ...planningFlowSteps,
  // Accounts (issue 4): sign-up, invite link, cursors with organisations, attribution, viewers; see accounts-flow.ts.
  ...accountsFlowSteps,
  // Knowledge base (issue 5): Methods panel, live template, save selection as a method; see knowledge-flow.ts.
  ...knowledgeFlowSteps,
  // Spend import (issue 10): workbooks named, the filter explained, suppliers updated; see spend-import-flow.ts.
  ...spendImportFlowSteps,
  // Spend data (issue 11): upload with progress, duplicate, suppliers, removal on /org/spend; see spend-data-flow.ts.
  ...spendDataFlowSteps,
  // Invalid records (issue 10 B3): a board holding one opens with the rest and a notice; see records-flow.ts.
  ...recordsFlowSteps,
  // Reopening a board in the same tab (issue 10 A0): reloads, the address again, Back; see reopen-flow.ts.
  ...reopenFlowSteps,
  // Saving while disconnected (issue 10 A2): "not yet shared", a warning before closing, shared once back.
  ...offlineSaveFlowSteps,
  // Pooled spend (issue 11): Bolton and Oldham import their real 2019 files; the board pools them; see pooled-spend-flow.ts.
  ...pooledSpendFlowSteps,
  // Contracts (issue 12): fifteen Lancashire councils import their notices; forward plan, opportunity finder, a board
  // opened for a pair; see contracts-flow.ts.
  ...contractsFlowSteps,
  {
    name: 'no request left loopback and no page errors',
    async run(world) {
      const { externalRequests, pageErrors } = world.problems
      if (externalRequests.length > 0 || pageErrors.length > 0) {
        throw new Error(`external requests:\n  ${externalRequests.join('\n  ') || '(none)'}\npage errors:\n  ${pageErrors.join('\n  ') || '(none)'}`)
      }
    },
  },
]

// ---------- runner ----------

/** The steps to run: all, or those named by E2E_ONLY (prefixes, comma-separated), always with the final check. */
function selectedSteps(): Step[] {
  const parts = (process.env['E2E_ONLY'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (parts.length === 0) return steps
  // A part that begins some step names selects those (E2E_ONLY=pooled: the "pooled spend: …" scenario, not every
  // step that mentions pooled spend); any other part is a regex matched anywhere in the name.
  const matchers = parts.map((part) => {
    const prefix = new RegExp(`^(?:${part})`, 'i')
    return steps.some((step) => prefix.test(step.name)) ? prefix : new RegExp(part, 'i')
  })
  const last = steps[steps.length - 1]!
  return steps.filter((step) => step === last || matchers.some((m) => m.test(step.name)))
}

async function screenshotAll(world: World, prefix: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true })
  for (const [label, session] of [['A', world.a], ['B', world.b]] as const) {
    if (!session || session.page.isClosed()) continue
    const path = join(RESULTS_DIR, `${prefix}-${label}.png`)
    await session.page.screenshot({ path }).then(
      () => process.stdout.write(`    screenshot: ${path}\n`),
      () => undefined,
    )
  }
}

async function main(): Promise<number> {
  const startedAt = Date.now()
  buildClientIfStale()
  const server = await ServerProcess.create()
  let browser: Browser | null = null
  let passed = 0
  let failed = 0
  let isBroken = false
  try {
    await server.start()
    browser = await launchBrowser()
    const world: World = { server, browser, problems: { externalRequests: [], pageErrors: [] } }
    const toRun = selectedSteps()
    for (const [index, step] of toRun.entries()) {
      const slug = `${String(index + 1).padStart(2, '0')}-${step.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase().slice(0, 50)}`
      if (isBroken && step !== toRun[toRun.length - 1]) {
        failed += 1
        process.stdout.write(`✗ ${step.name} (not run: an earlier step failed)\n`)
        continue
      }
      const t0 = Date.now()
      try {
        await step.run(world)
        passed += 1
        process.stdout.write(`✓ ${step.name} (${Date.now() - t0} ms)\n`)
        if (saveScreenshots) await screenshotAll(world, slug)
      } catch (error) {
        failed += 1
        isBroken = true
        process.stdout.write(`✗ ${step.name} (${Date.now() - t0} ms)\n    ${error instanceof Error ? error.message.replace(/\n/g, '\n    ') : String(error)}\n`)
        await screenshotAll(world, `FAILED-${slug}`)
      }
    }
  } finally {
    await browser?.close().catch(() => undefined)
    await server.dispose().catch(() => undefined)
  }
  if (failed > 0) {
    const tail = server.log.split('\n').slice(-30).join('\n')
    if (tail.trim()) process.stdout.write(`--- server output (last 30 lines) ---\n${tail}\n`)
  }
  process.stdout.write(`e2e took ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`)
  process.stdout.write(`${passed} passed, ${failed} failed\n`)
  if (process.env['E2E_RESULTS_JSON']) {
    mkdirSync(dirname(process.env['E2E_RESULTS_JSON']), { recursive: true })
    writeFileSync(process.env['E2E_RESULTS_JSON'], JSON.stringify({ passed, failed }))
  }
  return failed === 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stdout.write(`e2e runner crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n0 passed, 1 failed\n`)
    process.exit(1)
  },
)
