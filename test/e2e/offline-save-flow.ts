/**
 * E2E scenario for saving while disconnected (issue 10 A2): a council enters its spend while the server is down. The
 * form says the figure is saved in this tab and not yet shared (never "shared with everyone"), the badge counts the
 * unshared change, and closing the tab asks first. When the server is back, the form says shared and the police
 * force's screen shows the figure. Uses its own server process, stopped and started again on the same port and data.
 * Registered in run.ts; no fixed sleeps.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core'
import { shareBoardIfRequired, signInIfRequired, type E2eUser } from './accounts'
import { newUserContext, ROOT, ServerProcess, watchPage, type BrowserProblems } from './harness'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 15_000
const saveScreenshots = process.env['E2E_SCREENSHOTS'] === '1'

export interface OfflineWorld {
  browser: Browser
  problems: BrowserProblems
  offline?: OfflineState
}

interface OfflineSession {
  context: BrowserContext
  page: Page
  user: E2eUser
}

interface OfflineState {
  server: ServerProcess
  council: OfflineSession
  police: OfflineSession
  boardId: string
  categoryId?: string
  dialogs: string[]
}

export interface OfflineStep {
  name: string
  run(world: OfflineWorld): Promise<void>
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`precondition missing: ${what}`)
  return value
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!saveScreenshots) return
  const dir = join(ROOT, 'test-results')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `offline-${name}.png`) })
}

async function open(world: OfflineWorld, server: ServerProcess, label: string, org: string, colour: string): Promise<OfflineSession> {
  const context = await newUserContext(world.browser, server.baseUrl, world.problems, label)
  const user = await signInIfRequired(context, label, org, colour)
  const page = watchPage(await context.newPage(), world.problems, label)
  return { context, page, user }
}

async function openBoard(page: Page, boardId: string, name: string): Promise<void> {
  try {
    await openBoardOnce(page, boardId, name)
  } catch (error) {
    const dir = join(ROOT, 'test-results')
    mkdirSync(dir, { recursive: true })
    await page.screenshot({ path: join(dir, `FAILED-offline-open-${name}.png`) }).catch(() => undefined)
    throw error
  }
}

async function openBoardOnce(page: Page, boardId: string, name: string): Promise<void> {
  await page.goto(`/b/${boardId}`, { waitUntil: 'commit' })
  const nameInput = page.getByLabel('Your name')
  const badge = page.locator('[data-testid=connection-badge][data-state=live]')
  // Generous: two browsers open the 2.4 MB app at once on a possibly busy machine.
  await waitFor(async () => (await nameInput.count()) > 0 || (await badge.count()) > 0, 2 * TIMEOUT_MS, `${name}: name dialog or live board`)
  if ((await nameInput.count()) > 0) {
    await nameInput.fill(name)
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await badge.waitFor({ timeout: TIMEOUT_MS })
  await page.getByRole('button', { name: '+ Add category' }).waitFor({ timeout: TIMEOUT_MS })
}

async function badge(page: Page): Promise<{ state: string | null; pending: number; text: string }> {
  const el = page.locator('[data-testid=connection-badge]')
  const [state, pending, text] = await Promise.all([
    el.getAttribute('data-state', { timeout: 1000 }).catch(() => null),
    el.getAttribute('data-pending', { timeout: 1000 }).catch(() => null),
    el.innerText({ timeout: 1000 }).catch(() => ''),
  ])
  return { state, pending: Number(pending ?? 0), text }
}

/** What the spend form says after saving, read from its text as a person would. */
async function saveStatus(page: Page): Promise<{ status: 'shared' | 'pending' | null; text: string }> {
  const el = page.locator('[data-testid=own-entry-form] [role=status]', { hasText: 'Saved' })
  if ((await el.count()) === 0) return { status: null, text: '' }
  const text = await el.first().innerText({ timeout: 1000 }).catch(() => '')
  return { status: /shared with everyone/i.test(text) ? 'shared' : /not yet shared/i.test(text) ? 'pending' : null, text }
}

async function bodyClaimsShared(page: Page): Promise<boolean> {
  return (await page.getByText('shared with everyone', { exact: false }).count()) > 0
}

async function rowSpend(page: Page, orgLabel: string): Promise<string> {
  return page.locator('[data-testid=org-row]', { hasText: orgLabel }).locator('[data-testid=org-row-spend]').innerText({ timeout: 500 }).catch(() => '')
}

export const offlineSaveFlowSteps: OfflineStep[] = [
  {
    name: 'offline: a council and a police force plan one category on their own server',
    async run(world) {
      const server = await ServerProcess.create()
      await server.start()
      const council = await open(world, server, 'Olive', 'KCC', '#1d6f42')
      const police = await open(world, server, 'Omar', 'KP', '#6b2c86')
      world.offline = { server, council, police, boardId: '', dialogs: [] }
      const created = await council.context.request.post('/api/boards', { data: { title: 'Offline saving' } })
      if (created.status() !== 201) throw new Error(`POST /api/boards answered ${created.status()}`)
      const { id } = (await created.json()) as { id: string }
      world.offline.boardId = id
      await shareBoardIfRequired(council.context, id, police.user)
      await Promise.all([openBoard(council.page, id, 'Olive'), openBoard(police.page, id, 'Omar')])
      await council.page.getByRole('button', { name: '+ Add category' }).click()
      const inspector = council.page.locator('[data-testid=category-inspector]')
      await inspector.waitFor({ timeout: TIMEOUT_MS })
      world.offline.categoryId = need((await inspector.getAttribute('data-category-id')) ?? undefined, 'category id')
      const name = inspector.getByLabel('Category name')
      await name.fill('Street lighting')
      await name.press('Enter')
      // Online, a save becomes shared.
      const form = council.page.locator('[data-testid=own-entry-form]')
      await form.getByLabel('Annual spend (£)').fill('100,000')
      await form.getByRole('button', { name: 'Save my figures' }).click()
      await waitFor(async () => (await saveStatus(council.page)).status === 'shared', TIMEOUT_MS, `shared while online (last: ${JSON.stringify(await saveStatus(council.page))})`)
      await police.page.getByRole('button', { name: 'Plan', exact: true }).click()
      await police.page.locator('[data-testid=planning-panel]').getByRole('button', { name: 'Street lighting' }).click()
      await waitFor(async () => (await rowSpend(police.page, 'KCC')) === '£100,000', TIMEOUT_MS, `police sees £100,000 (last: ${await rowSpend(police.page, 'KCC')})`)
    },
  },
  {
    name: 'offline: while the server is down a save says "not yet shared", never "shared with everyone"',
    async run(world) {
      const o = need(world.offline, 'offline sessions')
      const page = o.council.page
      await o.server.stop()
      await waitFor(async () => (await badge(page)).state === 'reconnecting', TIMEOUT_MS, 'council badge Reconnecting…')
      const form = page.locator('[data-testid=own-entry-form]')
      await form.getByLabel('Annual spend (£)').fill('150,000')
      await form.getByRole('button', { name: 'Save my figures' }).click()
      await waitFor(async () => (await saveStatus(page)).status !== null, TIMEOUT_MS, 'the form says it saved')
      const status = await saveStatus(page)
      if (status.status !== 'pending') throw new Error(`save status while the server is down: "${status.text}"`)
      if (await bodyClaimsShared(page)) throw new Error('the page claims "shared with everyone" while the server is down')
      await waitFor(async () => (await badge(page)).pending >= 1 && /not yet shared/.test((await badge(page)).text), TIMEOUT_MS, `badge counts the unshared change (last: ${JSON.stringify(await badge(page))})`)
      await screenshot(page, 'not-yet-shared')
      // Still true a moment later, while the provider keeps retrying.
      await waitFor(async () => (await page.locator('[data-testid=connection-badge]').getAttribute('title'))?.includes('kept in this tab') ?? false, TIMEOUT_MS, 'badge hint')
      if (await bodyClaimsShared(page)) throw new Error('the page claims "shared with everyone" while the server is down')
    },
  },
  {
    name: 'offline: closing the tab or leaving the board with an unshared change asks first',
    async run(world) {
      const o = need(world.offline, 'offline sessions')
      const page = o.council.page
      const onDialog = (dialog: Dialog) => {
        o.dialogs.push(dialog.type())
        void dialog.dismiss().catch(() => undefined)
      }
      page.on('dialog', onDialog)
      await page.close({ runBeforeUnload: true })
      await waitFor(() => o.dialogs.includes('beforeunload'), TIMEOUT_MS, 'a beforeunload dialog')
      if (page.isClosed()) throw new Error('the tab closed although the person chose to stay')
      // Leaving through the app's own "Boards" link asks too.
      await page.getByRole('link', { name: 'Back to all boards' }).click()
      await waitFor(() => o.dialogs.includes('confirm'), TIMEOUT_MS, 'a confirmation before leaving the board')
      page.off('dialog', onDialog)
      if (!new URL(page.url()).pathname.startsWith('/b/')) throw new Error(`left the board although the person chose to stay: ${page.url()}`)
      if ((await saveStatus(page)).status !== 'pending') throw new Error('the unshared change is gone after staying')
    },
  },
  {
    name: 'offline: when the server is back the change is shared and the other body sees it',
    async run(world) {
      const o = need(world.offline, 'offline sessions')
      const page = o.council.page
      await o.server.start()
      await waitFor(async () => (await badge(page)).state === 'live', 30_000, 'council badge Live again')
      await waitFor(async () => (await saveStatus(page)).status === 'shared', TIMEOUT_MS, `the save says shared (last: ${JSON.stringify(await saveStatus(page))})`)
      const status = await saveStatus(page)
      if (status.text !== 'Saved · shared with everyone on the board') throw new Error(`save status once shared: "${status.text}"`)
      await waitFor(async () => (await badge(page)).pending === 0, TIMEOUT_MS, 'nothing left unshared')
      await waitFor(async () => (await rowSpend(o.police.page, 'KCC')) === '£150,000', 30_000, `police sees £150,000 (last: ${await rowSpend(o.police.page, 'KCC')})`)
      await screenshot(page, 'shared')
      // Nothing unshared: closing needs no confirmation.
      const dialogs: string[] = []
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.type())
        void dialog.dismiss().catch(() => undefined)
      })
      await page.close({ runBeforeUnload: true })
      await waitFor(() => page.isClosed(), TIMEOUT_MS, 'the tab closes without asking')
      if (dialogs.length > 0) throw new Error(`unexpected dialogs: ${dialogs.join(', ')}`)
    },
  },
  {
    name: 'offline: close the sessions and the server',
    async run(world) {
      const o = world.offline
      if (!o) return
      await Promise.all([o.council.context.close(), o.police.context.close()])
      await o.server.dispose()
    },
  },
]
