/**
 * E2E scenario for category planning (issue 6): two people from two organisations, each in their own browser
 * context, plan one category together. Each enters their organisation's annual spend through the inspector; both
 * screens show the pooled spend update live; raising the supply risk score moves the category's marker on the live
 * Kraljic matrix to another quadrant on both screens. Registered in run.ts; no fixed sleeps.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { shareBoardIfRequired, signInIfRequired, type E2eUser } from './accounts'
import { newUserContext, watchPage, type BrowserProblems } from './harness'
import { kraljicContractsSteps } from './kraljic-contracts-flow'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 15_000

/** What the planning steps need from the runner. */
export interface PlanningWorld {
  server: { baseUrl: string }
  browser: Browser
  problems: BrowserProblems
  planning?: PlanningState
}

interface PlanningSession {
  context: BrowserContext
  page: Page
  user: E2eUser
}

interface PlanningState {
  council: PlanningSession
  police: PlanningSession
  boardId: string
  categoryId?: string
}

export interface PlanningStep {
  name: string
  run(world: PlanningWorld): Promise<void>
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`precondition missing: ${what}`)
  return value
}

async function open(world: PlanningWorld, label: string, org: string, colour: string): Promise<PlanningSession> {
  const context = await newUserContext(world.browser, world.server.baseUrl, world.problems, label)
  const user = await signInIfRequired(context, label, org, colour)
  const page = watchPage(await context.newPage(), world.problems, label)
  return { context, page, user }
}

async function openBoard(page: Page, boardId: string, name: string): Promise<void> {
  await page.goto(`/b/${boardId}`, { waitUntil: 'commit' })
  const nameInput = page.getByLabel('Your name')
  const badge = page.locator('[data-testid=connection-badge][data-state=live]')
  await waitFor(async () => (await nameInput.count()) > 0 || (await badge.count()) > 0, TIMEOUT_MS, `${name}: name dialog or live board`)
  if ((await nameInput.count()) > 0) {
    await nameInput.fill(name)
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await badge.waitFor({ timeout: TIMEOUT_MS })
  await page.getByRole('button', { name: '+ Add category' }).waitFor({ timeout: TIMEOUT_MS })
}

async function pooledPence(page: Page, categoryId: string): Promise<string | null> {
  return page.locator(`[data-testid=category-card][data-category-id="${categoryId}"] [data-testid=card-pooled-spend]`).getAttribute('data-pence', { timeout: 500 }).catch(() => null)
}

async function markerQuadrant(page: Page, categoryId: string): Promise<string | null> {
  return page.locator(`[data-testid=matrix-marker][data-category-id="${categoryId}"]`).first().getAttribute('data-quadrant', { timeout: 500 }).catch(() => null)
}

/** Types an annual spend into my organisation's row of the open inspector and saves it. */
async function enterSpend(page: Page, amount: string): Promise<void> {
  const form = page.locator('[data-testid=own-entry-form]')
  await form.getByLabel('Annual spend (£)').fill(amount)
  await form.getByRole('button', { name: 'Save my figures' }).click()
  await form.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: TIMEOUT_MS })
}

async function setSupplyRisk(page: Page, score: number): Promise<void> {
  await page.locator('[data-testid=score-supply-risk]').getByRole('radio', { name: String(score), exact: true }).click()
}

export const planningFlowSteps: PlanningStep[] = [
  {
    name: 'planning: a council and a police force open one board',
    async run(world) {
      const council = await open(world, 'Carol', 'WCC', '#1d6f42')
      const police = await open(world, 'Dev', 'TVP', '#6b2c86')
      const created = await council.context.request.post('/api/boards', { data: { title: 'Fleet and tyres 2026' } })
      if (created.status() !== 201) throw new Error(`POST /api/boards answered ${created.status()}`)
      const { id } = (await created.json()) as { id: string }
      await shareBoardIfRequired(council.context, id, police.user)
      world.planning = { council, police, boardId: id }
      await Promise.all([openBoard(council.page, id, 'Carol'), openBoard(police.page, id, 'Dev')])
    },
  },
  {
    name: 'planning: a category added by one body appears on both screens',
    async run(world) {
      const p = need(world.planning, 'planning sessions')
      const { council, police } = p
      await council.page.getByRole('button', { name: '+ Add category' }).click()
      const inspector = council.page.locator('[data-testid=category-inspector]')
      await inspector.waitFor({ timeout: TIMEOUT_MS })
      const categoryId = need((await inspector.getAttribute('data-category-id')) ?? undefined, 'category id on the inspector')
      p.categoryId = categoryId
      const name = inspector.getByLabel('Category name')
      await name.fill('Fleet tyres')
      await name.press('Enter')
      for (const page of [council.page, police.page]) {
        await page.locator(`[data-testid=category-card][data-category-id="${categoryId}"]`, { hasText: 'Fleet tyres' }).waitFor({ timeout: TIMEOUT_MS })
      }
    },
  },
  {
    name: 'planning: each body enters its spend in the inspector and both see the pooled spend live',
    async run(world) {
      const p = need(world.planning, 'planning sessions')
      const categoryId = need(p.categoryId, 'category id')
      await enterSpend(p.council.page, '120,000')
      await waitFor(async () => (await pooledPence(p.police.page, categoryId)) === '12000000', TIMEOUT_MS, 'council spend in the police screen')
      // The police officer opens the same category from the Plan panel and enters their own figure.
      await p.police.page.getByRole('button', { name: 'Plan', exact: true }).click()
      await p.police.page.locator('[data-testid=planning-panel]').getByRole('button', { name: 'Fleet tyres' }).click()
      await p.police.page.locator(`[data-testid=category-inspector][data-category-id="${categoryId}"]`).waitFor({ timeout: TIMEOUT_MS })
      await enterSpend(p.police.page, '£90k')
      for (const page of [p.council.page, p.police.page]) {
        await waitFor(async () => (await pooledPence(page, categoryId)) === '21000000', TIMEOUT_MS, 'pooled spend £210,000 on both screens')
        await page.locator('[data-testid=inspector-pooled-spend]', { hasText: '£210,000' }).waitFor({ timeout: TIMEOUT_MS })
      }
      // The other body's row is read-only on each screen.
      if ((await p.police.page.locator('[data-testid=own-entry-form]').count()) !== 1) throw new Error('police screen should have exactly one editable row')
    },
  },
  {
    name: 'planning: raising supply risk moves the marker to another quadrant on both screens',
    async run(world) {
      const p = need(world.planning, 'planning sessions')
      const categoryId = need(p.categoryId, 'category id')
      const { council, police } = p
      await council.page.getByRole('button', { name: 'Add view' }).click()
      await council.page.getByRole('menuitem', { name: 'Live Kraljic matrix' }).click()
      await council.page.locator('[data-testid=kraljic-matrix]').waitFor({ timeout: TIMEOUT_MS })
      // The inspector still shows the category. Score supply risk low: £210k pooled is high impact, so Leverage.
      await council.page.locator(`[data-testid=category-inspector][data-category-id="${categoryId}"]`).waitFor({ timeout: TIMEOUT_MS })
      await setSupplyRisk(council.page, 2)
      for (const page of [council.page, police.page]) {
        await waitFor(async () => (await markerQuadrant(page, categoryId)) === 'leverage', TIMEOUT_MS, `marker in Leverage (last: ${await markerQuadrant(page, categoryId)})`)
      }
      await setSupplyRisk(police.page, 4)
      for (const page of [council.page, police.page]) {
        await waitFor(async () => (await markerQuadrant(page, categoryId)) === 'strategic', TIMEOUT_MS, `marker in Strategic (last: ${await markerQuadrant(page, categoryId)})`)
        await page.locator(`[data-testid=category-card][data-category-id="${categoryId}"] [data-testid=card-quadrant][data-quadrant=strategic]`).waitFor({ state: 'attached', timeout: TIMEOUT_MS })
      }
    },
  },
  // Issue 10 A5/A6: the matrix toggle is each person's own view; "current contract ends" entered once is the contract.
  ...kraljicContractsSteps.map((step): PlanningStep => ({ name: step.name, run: (world) => step.run(need(world.planning, 'planning sessions')) })),
  {
    name: 'planning: two people edit "Need" and "Want" of one category at once and both edits survive on both screens',
    async run(world) {
      const p = need(world.planning, 'planning sessions')
      const categoryId = need(p.categoryId, 'category id')
      const inspectors = [p.council.page, p.police.page].map((page) => page.locator(`[data-testid=category-inspector][data-category-id="${categoryId}"]`))
      // Each person comes back to the category from wherever the panel is (an earlier step left one on Renewals).
      for (const [index, page] of [p.council.page, p.police.page].entries()) {
        const inspector = inspectors[index]!
        if (await inspector.isVisible()) continue
        if ((await page.locator('[data-testid=planning-panel]').count()) === 0) await page.getByRole('button', { name: 'Plan', exact: true }).click()
        await page.getByRole('tab', { name: 'Category' }).click()
        if (!(await inspector.isVisible())) await page.locator('[data-testid=planning-panel]').getByRole('button', { name: 'Fleet tyres' }).click()
      }
      for (const inspector of inspectors) await inspector.waitFor({ timeout: TIMEOUT_MS })
      const [councilInspector, policeInspector] = inspectors as [(typeof inspectors)[number], (typeof inspectors)[number]]
      const NEED = 'Road-legal tyres fitted within 24 hours'
      const WANT = 'Branded tyres from one supplier'
      // Both type before either leaves the field, then both leave it at the same moment: neither screen has seen
      // the other's change when it writes its own.
      await councilInspector.getByLabel('Need (must have)').fill(NEED)
      await policeInspector.getByLabel('Want (nice to have: challenge it)').fill(WANT)
      await Promise.all([
        councilInspector.getByLabel('Need (must have)').evaluate((el: HTMLElement) => el.blur()),
        policeInspector.getByLabel('Want (nice to have: challenge it)').evaluate((el: HTMLElement) => el.blur()),
      ])
      for (const inspector of inspectors) {
        await waitFor(
          async () => (await inspector.getByLabel('Need (must have)').inputValue()) === NEED && (await inspector.getByLabel('Want (nice to have: challenge it)').inputValue()) === WANT,
          TIMEOUT_MS,
          'Need and Want both kept on both screens',
        )
      }
      // And they stay: a fresh reader of the board (a new tab, after both writes settle) has both.
      const fresh = watchPage(await p.police.context.newPage(), world.problems, 'Dev (new tab)')
      await openBoard(fresh, p.boardId, 'Dev')
      await fresh.getByRole('button', { name: 'Plan', exact: true }).click()
      await fresh.locator('[data-testid=planning-panel]').getByRole('button', { name: 'Fleet tyres' }).click()
      const reopened = fresh.locator(`[data-testid=category-inspector][data-category-id="${categoryId}"]`)
      await waitFor(
        async () => (await reopened.getByLabel('Need (must have)').inputValue().catch(() => '')) === NEED && (await reopened.getByLabel('Want (nice to have: challenge it)').inputValue().catch(() => '')) === WANT,
        TIMEOUT_MS,
        'Need and Want in a new tab',
      )
      await fresh.close()
    },
  },
  {
    name: 'planning: close the planning sessions',
    async run(world) {
      const p = world.planning
      if (!p) return
      await Promise.all([p.council.context.close(), p.police.context.close()])
    },
  },
]
