/**
 * E2E scenario for the knowledge base (issue 5): two people on one board. One searches "Kraljic" in the Methods
 * panel and adds it; the other sees the 2×2 (frame and quadrant labels) live; the placed shapes are saved as a new
 * method, which is then found by search. On a board with category cards a template lands in free space, selected,
 * and one undo removes it. An empty board offers adding the first category. Registered in run.ts; no fixed sleeps.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { shareBoardIfRequired, signInIfRequired, type E2eUser } from './accounts'
import { newUserContext, watchPage, type BrowserProblems } from './harness'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 15_000
const KRALJIC = 'kraljic-portfolio-matrix'

/** What the knowledge steps need from the runner. */
export interface KnowledgeWorld {
  server: { baseUrl: string }
  browser: Browser
  problems: BrowserProblems
  knowledge?: KnowledgeState
}

interface KnowledgeSession {
  context: BrowserContext
  page: Page
  user: E2eUser
}

interface KnowledgeState {
  facilitator: KnowledgeSession
  partner: KnowledgeSession
  boardId: string
  newTitle?: string
}

export interface KnowledgeStep {
  name: string
  run(world: KnowledgeWorld): Promise<void>
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`precondition missing: ${what}`)
  return value
}

async function open(world: KnowledgeWorld, label: string, org: string, colour: string): Promise<KnowledgeSession> {
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
  await waitFor(() => page.evaluate(() => Boolean(window.editor)), TIMEOUT_MS, `${name}: window.editor`)
}

/** Keys of the shapes placed from `slug` in this page's store, with the frame name and the geo labels' plain text. */
async function placedFrom(page: Page, slug: string): Promise<{ keys: string[]; frameNames: string[]; labels: string[] }> {
  return page.evaluate((wanted) => {
    const editor = window.editor
    if (!editor) return { keys: [], frameNames: [], labels: [] }
    const shapes = editor.getCurrentPageShapes().filter((s) => (s.meta as { template?: { slug?: string } }).template?.slug === wanted)
    const keys = shapes.map((s) => String((s.meta as { template: { key: string } }).template.key)).sort()
    const frameNames = shapes.filter((s) => s.type === 'frame').map((s) => String((s.props as { name: string }).name))
    const labels = shapes
      .filter((s) => s.type === 'geo')
      .map((s) => JSON.stringify((s.props as { richText: unknown }).richText))
    return { keys, frameNames, labels }
  }, slug)
}

export const knowledgeFlowSteps: KnowledgeStep[] = [
  {
    name: 'knowledge: two people open one board',
    async run(world) {
      const facilitator = await open(world, 'Kim', 'CCS', '#5b3f8c')
      const partner = await open(world, 'Lee', 'DfE', '#0b7a75')
      const created = await facilitator.context.request.post('/api/boards', { data: { title: 'Knowledge workshop' } })
      if (created.status() !== 201) throw new Error(`POST /api/boards answered ${created.status()}`)
      const { id } = (await created.json()) as { id: string }
      await shareBoardIfRequired(facilitator.context, id, partner.user)
      await Promise.all([openBoard(facilitator.page, id, 'Kim'), openBoard(partner.page, id, 'Lee')])
      world.knowledge = { facilitator, partner, boardId: id }
    },
  },
  {
    name: 'knowledge: an empty board offers the first step, and it goes once a category is added',
    async run(world) {
      const { facilitator, partner } = need(world.knowledge, 'knowledge board')
      for (const page of [facilitator.page, partner.page]) {
        await page.locator('[data-testid=empty-board]').getByRole('button', { name: 'Add the first category' }).waitFor({ timeout: TIMEOUT_MS })
      }
      await facilitator.page.locator('[data-testid=empty-board]').getByRole('button', { name: 'Add the first category' }).click()
      const inspector = facilitator.page.locator('[data-testid=category-inspector]')
      await waitFor(async () => (await inspector.getAttribute('data-category-id', { timeout: 500 }).catch(() => null)) !== null, TIMEOUT_MS, 'inspector for the first category')
      const field = inspector.getByLabel('Category name')
      await field.fill('Fleet tyres')
      await field.press('Enter')
      for (const page of [facilitator.page, partner.page]) {
        await page.locator('[data-testid=category-card]', { hasText: 'Fleet tyres' }).waitFor({ timeout: TIMEOUT_MS })
        await page.locator('[data-testid=empty-board]').waitFor({ state: 'detached', timeout: TIMEOUT_MS })
      }
    },
  },
  {
    name: 'knowledge: a template added to a board with category cards covers none of them, is selected, and one undo removes it',
    async run(world) {
      const { facilitator, partner } = need(world.knowledge, 'knowledge board')
      const page = facilitator.page
      // Three category cards in the middle of the view, where a template used to land (the first came from the empty board).
      for (const name of ['Cleaning', 'Legal services']) {
        await page.getByRole('button', { name: '+ Add category' }).click()
        const inspector = page.locator('[data-testid=category-inspector]')
        await waitFor(async () => (await inspector.getAttribute('data-category-id', { timeout: 500 }).catch(() => null)) !== null, TIMEOUT_MS, 'inspector for a new category')
        const field = inspector.getByLabel('Category name')
        await field.fill(name)
        await field.press('Enter')
        await page.locator('[data-testid=category-card]', { hasText: name }).waitFor({ timeout: TIMEOUT_MS })
      }
      await page.keyboard.press('Escape')
      await page.locator('[data-testid=methods-button]').click()
      await page.getByLabel('Search methods').fill('Kraljic')
      await waitFor(async () => (await page.locator('.kb-result').first().getAttribute('data-slug')) === KRALJIC, TIMEOUT_MS, 'Kraljic ranked first for "Kraljic"')
      await page.locator(`.kb-result[data-slug="${KRALJIC}"]`).click()
      await page.getByRole('button', { name: 'Add to board' }).click()
      await page.getByRole('status').filter({ hasText: 'to the board for everyone' }).waitFor({ timeout: TIMEOUT_MS })

      const layout = await page.evaluate((slug) => {
        const editor = window.editor
        if (!editor) return null
        // No named functions in here: tsx would wrap them in a helper the page does not have.
        const shapes = editor.getCurrentPageShapes().map((s) => ({ shape: s, b: editor.getShapePageBounds(s.id) }))
        const boxed = shapes.map(({ shape, b }) => ({ shape, id: shape.id, box: b ? { x: b.x, y: b.y, w: b.w, h: b.h } : null }))
        const placed = boxed.filter((s) => (s.shape.meta as { template?: { slug?: string } }).template?.slug === slug)
        return {
          cards: boxed.filter((s) => s.shape.type === 'category-card').map((s) => ({ id: s.id, box: s.box })),
          placed: placed.map((s) => ({ id: s.id, box: s.box })),
          topLevel: placed.filter((s) => s.shape.parentId === editor.getCurrentPageId()).map((s) => s.id).sort(),
          selected: editor.getSelectedShapeIds().slice().sort(),
        }
      }, KRALJIC)
      if (!layout) throw new Error('no editor on the page')
      if (layout.cards.length !== 3) throw new Error(`expected 3 category cards, found ${layout.cards.length}`)
      if (layout.placed.length !== 17) throw new Error(`expected 17 placed shapes, found ${layout.placed.length}`)
      type B = { x: number; y: number; w: number; h: number } | null
      const overlaps = (a: B, b: B) => a !== null && b !== null && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
      for (const card of layout.cards) {
        const hit = layout.placed.find((p) => overlaps(p.box, card.box))
        if (hit) throw new Error(`template shape ${hit.id} ${JSON.stringify(hit.box)} covers category card ${JSON.stringify(card.box)}`)
      }
      if (JSON.stringify(layout.selected) !== JSON.stringify(layout.topLevel)) throw new Error(`selection ${layout.selected.join(',')} is not the template's top-level shapes ${layout.topLevel.join(',')}`)
      // The cards stay clickable: with everything in view, nothing of the template lies over a card.
      await page.evaluate(() => {
        window.editor?.zoomToFit()
      })
      const card = page.locator('[data-testid=category-card]', { hasText: 'Cleaning' })
      await card.click({ trial: true, timeout: TIMEOUT_MS })
      await waitFor(async () => (await placedFrom(partner.page, KRALJIC)).keys.length === 17, TIMEOUT_MS, 'template in the partner store')

      // One undo (Ctrl+Z on the board) removes the whole template, for everyone, and leaves the cards.
      await page.keyboard.press('Escape')
      await page.locator('[data-testid=kb-panel]').waitFor({ state: 'detached', timeout: TIMEOUT_MS })
      await page.keyboard.press('Control+z')
      await waitFor(async () => (await placedFrom(page, KRALJIC)).keys.length === 0, TIMEOUT_MS, 'template gone after one undo')
      await waitFor(async () => (await placedFrom(partner.page, KRALJIC)).keys.length === 0, TIMEOUT_MS, 'template gone for the partner')
      const cardsLeft = await page.locator('[data-testid=category-card]').count()
      if (cardsLeft !== 3) throw new Error(`undo removed category cards too: ${cardsLeft} left`)
    },
  },
  {
    name: 'knowledge: search "Kraljic" in the Methods panel and add it; the other participant sees the 2×2',
    async run(world) {
      const { facilitator, partner } = need(world.knowledge, 'knowledge board')
      const page = facilitator.page
      await page.locator('[data-testid=methods-button]').click()
      const search = page.getByLabel('Search methods')
      await waitFor(() => search.evaluate((el) => el === document.activeElement), TIMEOUT_MS, 'search box focused on open')
      await search.fill('Kraljic')
      const result = page.locator(`.kb-result[data-slug="${KRALJIC}"]`)
      await result.waitFor({ timeout: TIMEOUT_MS })
      // The unfiltered list (alphabetical) shows before the debounced search answers: wait for the ranked list.
      await waitFor(async () => (await page.locator('.kb-result').first().getAttribute('data-slug')) === KRALJIC, TIMEOUT_MS, 'Kraljic ranked first for "Kraljic"')
      await result.click()
      await page.locator('[data-testid=kb-method-preview]').waitFor({ timeout: TIMEOUT_MS })
      await page.getByRole('button', { name: 'Add to board' }).click()
      await page.getByRole('status').filter({ hasText: 'to the board for everyone' }).waitFor({ timeout: TIMEOUT_MS })

      const mine = await placedFrom(page, KRALJIC)
      if (mine.keys.length !== 17) throw new Error(`expected 17 placed shapes in the facilitator's store, got ${mine.keys.length}`)
      await waitFor(async () => (await placedFrom(partner.page, KRALJIC)).keys.length === mine.keys.length, TIMEOUT_MS, 'placed shapes in the partner store')
      const theirs = await placedFrom(partner.page, KRALJIC)
      if (!theirs.frameNames.includes('Kraljic portfolio matrix')) throw new Error(`partner frame names: ${theirs.frameNames.join(', ')}`)
      for (const quadrant of ['Leverage', 'Strategic', 'Bottleneck', 'Non-critical / routine']) {
        if (!theirs.labels.some((l) => l.includes(quadrant))) throw new Error(`partner store lacks quadrant "${quadrant}"`)
      }
      // And rendered on the partner's screen, once they look where it landed (free space beside the cards).
      await partner.page.evaluate(() => {
        window.editor?.zoomToFit()
      })
      await partner.page.locator('.tl-shape', { hasText: 'Strategic' }).first().waitFor({ timeout: TIMEOUT_MS })
      await partner.page.locator('.tl-frame-heading', { hasText: 'Kraljic portfolio matrix' }).first().waitFor({ timeout: TIMEOUT_MS })
    },
  },
  {
    name: 'knowledge: save the placed shapes as a new method and find it by search',
    async run(world) {
      const state = need(world.knowledge, 'knowledge board')
      const page = state.facilitator.page
      await page.evaluate((slug) => {
        const editor = window.editor
        if (!editor) return
        const ids = editor
          .getCurrentPageShapes()
          .filter((s) => (s.meta as { template?: { slug?: string } }).template?.slug === slug && s.parentId === editor.getCurrentPageId())
          .map((s) => s.id)
        editor.select(...ids)
      }, KRALJIC)
      await page.getByRole('button', { name: 'Save selection as method…' }).click()
      const dialog = page.getByRole('dialog', { name: 'Save selection as a method' })
      await dialog.waitFor({ timeout: TIMEOUT_MS })
      const word = `zephyr${Date.now().toString(36)}`
      const title = `Kraljic for facilities ${word}`
      await dialog.getByLabel('Title').fill(title)
      await dialog.getByLabel('Summary: what it helps with').fill(`Our ${word} variant of the Kraljic matrix for facilities management categories.`)
      await dialog.getByRole('textbox', { name: 'When to use', exact: true }).fill('At the first facilities management category workshop.')
      await dialog.getByLabel('Tags, separated by commas').fill('facilities, supply risk')
      // The outline alone is not guidance: the dialog refuses it and says what to write.
      await dialog.getByRole('button', { name: 'Save method' }).click()
      await dialog.getByRole('alert').filter({ hasText: 'Write the guidance before saving' }).waitFor({ timeout: TIMEOUT_MS })
      await dialog.getByLabel('Guidance (Markdown)').fill(
        `## Purpose\n\nPlace each facilities category on the ${word} matrix with every partner in the room, so the bodies agree which categories to pool first and who leads each one.\n\n## Steps\n\n1. Bring each body's spend.\n2. Score supply risk together.`,
      )
      await dialog.getByRole('button', { name: 'Save method' }).click()
      await page.getByRole('status').filter({ hasText: 'to the shared library' }).waitFor({ timeout: TIMEOUT_MS })
      state.newTitle = title

      // Find it by search, in the partner's panel.
      const partner = state.partner.page
      await partner.locator('[data-testid=methods-button]').click()
      await partner.getByLabel('Search methods').fill(word)
      await partner.locator('.kb-result', { hasText: title }).waitFor({ timeout: TIMEOUT_MS })
      const saved = await state.partner.context.request.get(`/api/methodologies/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`)
      if (!saved.ok()) throw new Error(`GET the new method answered ${saved.status()}`)
      const body = (await saved.json()) as { template: { shapes: unknown[] } }
      if (body.template.shapes.length !== 17) throw new Error(`saved template has ${body.template.shapes.length} shapes, expected 17`)
      await partner.keyboard.press('Escape')
      await partner.locator('[data-testid=kb-panel]').waitFor({ state: 'detached', timeout: TIMEOUT_MS })
    },
  },
]
