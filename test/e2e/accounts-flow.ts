/**
 * E2E scenario for accounts (issue 4), entirely through the UI: two people from two organisations sign up in
 * separate browser contexts, one shares a board with an invite link made in the share dialog, the other signs up
 * through that link, both draw and see each other's name and organisation on the cursors, hover shows who made a
 * shape, and a person turned into a viewer cannot draw. Registered in `run.ts`.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { newUserContext, watchPage, type BrowserProblems, type ServerProcess } from './harness'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 15_000

interface FlowWorld {
  server: ServerProcess
  browser: Browser
  problems: BrowserProblems
}

interface Person {
  context: BrowserContext
  page: Page
  name: string
  orgShortName: string
}

const state: { ann?: Person; bob?: Person; boardId?: string; inviteUrl?: string } = {}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`precondition missing: ${what}`)
  return value
}

async function newPerson(world: FlowWorld, name: string, orgShortName: string): Promise<Person> {
  const context = await newUserContext(world.browser, world.server.baseUrl, world.problems, name)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.baseUrl })
  const page = watchPage(await context.newPage(), world.problems, name)
  return { context, page, name, orgShortName }
}

/** Fill the sign-up form as a person would. */
async function fillSignUp(page: Page, person: { name: string; email: string; org?: { name: string; shortName: string; colourName: string } }): Promise<void> {
  const form = page.getByRole('form', { name: 'Create your account' })
  await form.waitFor({ timeout: TIMEOUT_MS })
  await form.getByLabel('Your name').fill(person.name)
  await form.getByLabel('Work email').fill(person.email)
  await form.getByLabel('Password', { exact: true }).fill('a long enough passphrase')
  if (person.org) {
    await form.getByLabel('Organisation name').fill(person.org.name)
    await form.getByLabel('Short name').fill(person.org.shortName)
    await form.getByRole('radio', { name: person.org.colourName }).check()
  }
  await form.getByRole('button', { name: 'Create account' }).click()
}

async function waitLive(page: Page): Promise<void> {
  await waitFor(
    async () => (await page.locator('[data-testid=connection-badge]').getAttribute('data-state', { timeout: 500 }).catch(() => null)) === 'live',
    TIMEOUT_MS,
    'connection badge "live"',
  )
  await waitFor(() => page.evaluate(() => Boolean(window.editor)), TIMEOUT_MS, 'window.editor')
}

async function shapeCount(page: Page): Promise<number> {
  return page.evaluate(() => window.editor?.getCurrentPageShapeIds().size ?? -1)
}

/** Draw with the mouse using a tool shortcut (r = rectangle, o = ellipse). */
async function drawWithMouse(page: Page, tool: 'r' | 'o', x: number, y: number): Promise<void> {
  await page.mouse.click(x - 60, y - 40)
  await page.keyboard.press('Escape')
  await page.keyboard.press(tool)
  await page.mouse.move(x, y)
  await page.mouse.down()
  for (let i = 1; i <= 8; i++) await page.mouse.move(x + i * 18, y + i * 12)
  await page.mouse.up()
}

export const accountsFlowSteps: { name: string; run(world: FlowWorld): Promise<void> }[] = [
  {
    name: 'accounts: a visitor is sent to sign-in, signs up with a new organisation and creates a board',
    async run(world) {
      const ann = await newPerson(world, 'Ann Hughes', 'LCC')
      state.ann = ann
      await ann.page.goto('/', { waitUntil: 'commit' })
      await ann.page.locator('[data-testid=signin-page]').waitFor({ timeout: TIMEOUT_MS })
      await ann.page.getByRole('link', { name: 'Create an account' }).click()
      await fillSignUp(ann.page, {
        name: 'Ann Hughes',
        email: 'ann.hughes@lcc.example.test',
        org: { name: 'Carlisle City Council', shortName: 'LCC', colourName: 'Teal' },
      })
      await ann.page.getByRole('heading', { name: 'Boards', exact: true }).waitFor({ timeout: TIMEOUT_MS })
      await ann.page.locator('[data-testid=account-menu]').getByText('LCC').waitFor({ timeout: TIMEOUT_MS })
      await ann.page.getByRole('form', { name: 'New board' }).getByLabel('Board title').fill('Waste collection 2028')
      await ann.page.getByRole('button', { name: 'Create board' }).click()
      await waitFor(() => /^\/b\/[A-Za-z0-9_-]{22}$/.test(new URL(ann.page.url()).pathname), TIMEOUT_MS, 'navigation to the new board')
      state.boardId = new URL(ann.page.url()).pathname.slice(3)
      await waitLive(ann.page)
    },
  },
  {
    name: 'accounts: the owner creates an invite link in the share dialog',
    async run() {
      const ann = need(state.ann, 'Ann')
      await ann.page.getByRole('button', { name: 'Share', exact: true }).click()
      const dialog = ann.page.locator('[data-testid=share-dialog]')
      await dialog.waitFor({ timeout: TIMEOUT_MS })
      await dialog.getByLabel('Invite role').selectOption('editor')
      await dialog.getByRole('button', { name: 'Create link' }).click()
      const url = dialog.locator('[data-testid=invite-url]')
      await url.waitFor({ timeout: TIMEOUT_MS })
      state.inviteUrl = await url.inputValue()
      if (!/\/invite\/[^/]+$/.test(state.inviteUrl)) throw new Error(`unexpected invite link: ${state.inviteUrl}`)
      await dialog.getByRole('button', { name: 'Close' }).click()
      await dialog.waitFor({ state: 'detached', timeout: TIMEOUT_MS })
    },
  },
  {
    name: 'accounts: a person from another organisation signs up through the invite link and lands on the board',
    async run(world) {
      const boardId = need(state.boardId, 'board id')
      const bob = await newPerson(world, 'Bob Kerr', 'LancsPol')
      state.bob = bob
      await bob.page.goto(new URL(need(state.inviteUrl, 'invite url')).pathname, { waitUntil: 'commit' })
      const invite = bob.page.locator('[data-testid=invite-page]')
      await invite.getByText('Waste collection 2028').first().waitFor({ timeout: TIMEOUT_MS })
      await invite.getByText('Editor', { exact: true }).waitFor({ timeout: TIMEOUT_MS })
      await invite.getByRole('link', { name: 'Create an account' }).click()
      await fillSignUp(bob.page, {
        name: 'Bob Kerr',
        email: 'bob.kerr@police.example.test',
        org: { name: 'Lancashire Constabulary', shortName: 'LancsPol', colourName: 'Brick' },
      })
      await waitFor(() => new URL(bob.page.url()).pathname === `/b/${boardId}`, TIMEOUT_MS, 'Bob on the invited board')
      await waitLive(bob.page)
    },
  },
  {
    name: 'accounts: both draw, and each sees the other on the cursor with name and organisation',
    async run() {
      const ann = need(state.ann, 'Ann')
      const bob = need(state.bob, 'Bob')
      await drawWithMouse(ann.page, 'r', 360, 260)
      await waitFor(async () => (await shapeCount(bob.page)) === 1, TIMEOUT_MS, 'Ann’s rectangle in Bob’s page')
      await drawWithMouse(bob.page, 'o', 700, 420)
      await waitFor(async () => (await shapeCount(ann.page)) === 2, TIMEOUT_MS, 'Bob’s ellipse in Ann’s page')
      for (const [viewer, other] of [[ann, bob], [bob, ann]] as const) {
        let x = 560
        await waitFor(
          async () => {
            x = x === 560 ? 580 : 560 // keep moving so presence stays fresh
            await other.page.mouse.move(x, 640)
            return (await viewer.page.locator('.tl-nametag', { hasText: `${other.name} (${other.orgShortName})` }).count()) > 0
          },
          TIMEOUT_MS,
          `cursor label "${other.name} (${other.orgShortName})" in ${viewer.name}’s page`,
        )
      }
      const chips = await ann.page.locator('[data-testid=participants] [data-org]').evaluateAll((els) => els.map((el) => el.getAttribute('data-org')))
      if (!chips.includes('LancsPol') || !chips.includes('LCC')) throw new Error(`participants by organisation: ${chips.join(', ')}`)
    },
  },
  {
    name: 'accounts: hovering a shape shows who created it and their organisation',
    async run() {
      const ann = need(state.ann, 'Ann')
      await ann.page.keyboard.press('Escape')
      const edge = await ann.page.evaluate(() => {
        const editor = window.editor
        const shape = editor?.getCurrentPageShapes().find((s) => s.type === 'geo' && (s.props as { geo: string }).geo === 'ellipse')
        const bounds = shape && editor?.getShapePageBounds(shape)
        return bounds && editor ? editor.pageToScreen({ x: bounds.minX, y: bounds.midY }) : null
      })
      if (!edge) throw new Error('Bob’s ellipse not found in Ann’s page')
      const tooltip = ann.page.locator('[data-testid=attribution-tooltip]')
      let dx = 0
      await waitFor(
        async () => {
          dx = dx === 0 ? 1 : 0
          await ann.page.mouse.move(edge.x + dx, edge.y)
          return (await tooltip.count()) > 0
        },
        TIMEOUT_MS,
        'attribution tooltip on hover',
      )
      const text = await tooltip.innerText()
      if (!text.includes('Created by Bob Kerr (LancsPol)')) throw new Error(`tooltip says: "${text}"`)
    },
  },
  {
    name: 'accounts: after the owner makes them a viewer, the invited person cannot draw',
    async run() {
      const ann = need(state.ann, 'Ann')
      const bob = need(state.bob, 'Bob')
      await ann.page.getByRole('button', { name: 'Share', exact: true }).click()
      const dialog = ann.page.locator('[data-testid=share-dialog]')
      await dialog.getByLabel('Role of Bob Kerr').selectOption('viewer')
      await waitFor(async () => (await dialog.getByLabel('Role of Bob Kerr').inputValue()) === 'viewer', TIMEOUT_MS, 'Bob shown as viewer')
      await dialog.getByRole('button', { name: 'Close' }).click()
      await bob.page.locator('[data-testid=view-only]').waitFor({ timeout: TIMEOUT_MS })
      await waitFor(() => bob.page.evaluate(() => window.editor?.getInstanceState().isReadonly === true), TIMEOUT_MS, 'read-only canvas for Bob')
      const before = await shapeCount(bob.page)
      await drawWithMouse(bob.page, 'r', 420, 520)
      const afterBob = await shapeCount(bob.page)
      const afterAnn = await shapeCount(ann.page)
      if (afterBob !== before || afterAnn !== before) throw new Error(`shape counts changed for a viewer: before ${before}, Bob ${afterBob}, Ann ${afterAnn}`)
    },
  },
]
