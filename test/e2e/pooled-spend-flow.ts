/**
 * E2E scenario for pooled spend (issue 11 parts 4 and 5): people from Bolton and Oldham on one board each upload
 * their real 2019 spend file through the API; a category card linked to a ProClass code both bodies' lines carry
 * shows both bodies' spend and their shared suppliers on both screens, live (a body's file removed and imported
 * again shows on both screens without a reload). The Pooled spend view charts them; a partner's figure says its line
 * detail is not shared until that body's administrator shares it with the board. With nobody typing a figure, the
 * inspector, the live Kraljic matrix and Opportunities place the category from the two bodies' data. Skipped when
 * ../shared is absent. Registered in run.ts (E2E_ONLY=pooled); no fixed sleeps. Screenshots: /tmp/board-*.png,
 * /tmp/kraljic-*.png.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { shareBoardIfRequired, signInIfRequired } from './accounts'
import { newUserContext, ROOT, watchPage, type BrowserProblems } from './harness'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 20_000
const IMPORT_TIMEOUT_MS = 180_000
const DATA_DIR = join(ROOT, '../shared/data/spend/nwod-gmca-2019')

export interface PooledSpendWorld {
  server: { baseUrl: string }
  browser: Browser
  problems: BrowserProblems
  pooled?: PooledState
}

interface Body {
  context: BrowserContext
  page: Page
  orgId: string
  orgName: string
  file: string
  fileId?: string
}

interface PooledState {
  isSkipped: boolean
  bolton?: Body
  oldham?: Body
  boardId?: string
  categoryId?: string
  code?: string
}

export interface PooledSpendStep {
  name: string
  run(world: PooledSpendWorld): Promise<void>
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`precondition missing: ${what}`)
  return value
}

async function openBody(world: PooledSpendWorld, name: string, shortName: string, colour: string, file: string): Promise<Body> {
  const context = await newUserContext(world.browser, world.server.baseUrl, world.problems, name)
  await signInIfRequired(context, name, shortName, colour)
  const me = (await (await context.request.get('/api/auth/me')).json()) as { organisation: { id: string; name: string } }
  const page = watchPage(await context.newPage(), world.problems, name)
  return { context, page, orgId: me.organisation.id, orgName: me.organisation.name, file }
}

async function openBoard(page: Page, boardId: string, name: string): Promise<void> {
  await page.goto(`/b/${boardId}`, { waitUntil: 'commit' })
  const nameInput = page.getByLabel('Your name')
  const live = page.locator('[data-testid=connection-badge][data-state=live]')
  await waitFor(async () => (await nameInput.count()) > 0 || (await live.count()) > 0, TIMEOUT_MS, 'name dialog or live board')
  if ((await nameInput.count()) > 0) {
    await nameInput.fill(name)
    await page.getByRole('button', { name: 'Continue' }).click()
  }
  await live.waitFor({ timeout: TIMEOUT_MS })
}

/** Uploads the body's real file through the API and waits for its import to finish. */
async function upload(body: Body): Promise<string> {
  const bytes = readFileSync(join(DATA_DIR, body.file))
  const res = await body.context.request.post(`/api/orgs/${body.orgId}/spend/files?filename=${encodeURIComponent(body.file)}`, {
    data: bytes,
    headers: { 'content-type': 'application/octet-stream' },
    timeout: 60_000,
  })
  if (res.status() !== 202) throw new Error(`upload of ${body.file} answered ${res.status()} ${await res.text()}`)
  const { importId } = (await res.json()) as { importId: string }
  let last = ''
  let fileId = ''
  await waitFor(
    async () => {
      const job = (await (await body.context.request.get(`/api/spend/imports/${importId}`)).json()) as { status: string; result?: { fileId: string }; error?: { message: string } }
      last = job.status
      if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`import of ${body.file} ${job.status}: ${job.error?.message ?? ''}`)
      fileId = job.result?.fileId ?? ''
      return job.status === 'done'
    },
    IMPORT_TIMEOUT_MS,
    `import of ${body.file} done (last: ${last})`,
  )
  return fileId
}

/** The body's figure on a category card as a page shows it (source and pence), or null; read in one go (no waiting). */
async function cardFigure(page: Page, categoryId: string, orgId: string): Promise<{ source: string; pence: number } | null> {
  const found = await page
    .locator(`[data-testid=category-card][data-category-id="${categoryId}"] [data-testid=card-org-spend][data-org-id="${orgId}"]`)
    .evaluateAll((els) => els.map((el) => ({ source: el.getAttribute('data-source') ?? '', pence: Number(el.getAttribute('data-pence')) })))
  return found[0] ?? null
}

async function sharedBadge(page: Page, categoryId: string): Promise<number> {
  const counts = await page
    .locator(`[data-testid=category-card][data-category-id="${categoryId}"] [data-testid=card-shared-suppliers]`)
    .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))))
  return counts[0] ?? 0
}

/** A screenshot of the whole planning panel: the page made tall enough for the panel not to scroll, then restored. */
async function shootPanel(page: Page, path: string): Promise<void> {
  const size = page.viewportSize()
  const height = await page.locator('.pl-panel-body').evaluate((el) => el.scrollHeight + 200)
  await page.setViewportSize({ width: size?.width ?? 1280, height: Math.min(6000, Math.max(height, size?.height ?? 800)) })
  await page.screenshot({ path })
  if (size) await page.setViewportSize(size)
}

interface ApiSpend {
  categories: Array<{ categoryId: string; byOrg: Array<{ orgId: string; source: string; annualisedPence: number }>; shared: { count: number } }>
}

export const pooledSpendFlowSteps: PooledSpendStep[] = [
  {
    name: 'pooled spend: people from Bolton and Oldham open one board',
    async run(world) {
      if (!existsSync(join(DATA_DIR, 'bolton_2019.csv')) || !existsSync(join(DATA_DIR, 'oldham_2019.csv'))) {
        process.stdout.write(`    skipped: ${DATA_DIR} is absent\n`)
        world.pooled = { isSkipped: true }
        return
      }
      const bolton = await openBody(world, 'Bea', 'Bolton', '#1d4e89', 'bolton_2019.csv')
      const oldham = await openBody(world, 'Olly', 'Oldham', '#b5432b', 'oldham_2019.csv')
      const created = await bolton.context.request.post('/api/boards', { data: { title: 'Greater Manchester pooled spend' } })
      if (created.status() !== 201) throw new Error(`POST /api/boards answered ${created.status()}`)
      const { id } = (await created.json()) as { id: string }
      const me = (await (await oldham.context.request.get('/api/auth/me')).json()) as { user: { id: string } }
      await shareBoardIfRequired(bolton.context, id, { label: 'Olly', name: 'Olly', userId: me.user.id })
      await Promise.all([openBoard(bolton.page, id, 'Bea'), openBoard(oldham.page, id, 'Olly')])
      world.pooled = { isSkipped: false, bolton, oldham, boardId: id }
    },
  },
  {
    name: 'pooled spend: each body uploads its real 2019 file through the API',
    async run(world) {
      const state = need(world.pooled, 'pooled board')
      if (state.isSkipped) return
      const bolton = need(state.bolton, 'Bolton')
      const oldham = need(state.oldham, 'Oldham')
      // One after the other: the machine is small, and the second import learns from the first.
      bolton.fileId = await upload(bolton)
      oldham.fileId = await upload(oldham)
    },
  },
  {
    name: 'pooled spend: a category card linked to a ProClass code both bodies carry',
    async run(world) {
      const state = need(world.pooled, 'pooled board')
      if (state.isSkipped) return
      const bolton = need(state.bolton, 'Bolton')
      const oldham = need(state.oldham, 'Oldham')
      // The files carry no ProClass column: the codes are the ones Pooled learned on import. Pick the code under which
      // the most suppliers of both bodies fall (each body reads only its own suppliers).
      type Supplier = { key: string; proclassCode: string | null; totalPence: number }
      const suppliersOf = async (b: Body) => ((await (await b.context.request.get(`/api/orgs/${b.orgId}/spend/suppliers`)).json()) as { suppliers: Supplier[] }).suppliers
      const [mine, theirs] = await Promise.all([suppliersOf(bolton), suppliersOf(oldham)])
      const theirCodes = new Map(theirs.map((s) => [s.key, s.proclassCode]))
      const counts = new Map<string, number>()
      for (const s of mine) if (s.proclassCode && theirCodes.get(s.key) === s.proclassCode) counts.set(s.proclassCode, (counts.get(s.proclassCode) ?? 0) + 1)
      const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]
      if (!best) throw new Error('no ProClass code is shared by a supplier of both bodies: nothing to pool')
      state.code = best[0]
      process.stdout.write(`    linking ProClass ${best[0]} (${best[1]} suppliers of both bodies)\n`)

      const page = bolton.page
      await page.getByRole('button', { name: '+ Add category' }).click()
      const inspector = page.locator('[data-testid=category-inspector]')
      await inspector.waitFor({ timeout: TIMEOUT_MS })
      state.categoryId = need((await inspector.getAttribute('data-category-id')) ?? undefined, 'category id')
      const name = inspector.getByLabel('Category name')
      await name.fill('Pooled from data')
      await name.press('Enter')
      await inspector.locator('[data-testid=spend-codes-search]').fill(best[0])
      await inspector.locator('[data-testid=spend-codes-search-typed]').click()
      await inspector.locator(`[data-testid=spend-code-chip][data-code="${best[0]}"]`).waitFor({ timeout: TIMEOUT_MS })
    },
  },
  {
    name: "pooled spend: both screens show both bodies' spend and their shared suppliers",
    async run(world) {
      const state = need(world.pooled, 'pooled board')
      if (state.isSkipped) return
      const bolton = need(state.bolton, 'Bolton')
      const oldham = need(state.oldham, 'Oldham')
      const categoryId = need(state.categoryId, 'category')
      const api = (await (await bolton.context.request.get(`/api/boards/${need(state.boardId, 'board')}/spend`)).json()) as ApiSpend
      const expected = need(api.categories.find((c) => c.categoryId === categoryId), 'category in the board spend')
      for (const org of [bolton, oldham]) {
        const cell = expected.byOrg.find((o) => o.orgId === org.orgId)
        if (cell?.source !== 'data' || cell.annualisedPence <= 0) throw new Error(`board spend for ${org.file}: ${JSON.stringify(cell)}`)
      }
      if (expected.shared.count < 1) throw new Error(`no shared supplier under ${state.code}`)
      for (const page of [bolton.page, oldham.page]) {
        for (const org of [bolton, oldham]) {
          const want = expected.byOrg.find((o) => o.orgId === org.orgId)?.annualisedPence
          await waitFor(async () => {
            const f = await cardFigure(page, categoryId, org.orgId)
            return f !== null && f.source === 'data' && f.pence === want
          }, TIMEOUT_MS, `${org.file}'s figure on the card`)
        }
        await waitFor(async () => (await sharedBadge(page, categoryId)) === expected.shared.count, TIMEOUT_MS, `"${expected.shared.count} shared suppliers" on the card`)
      }
      const card = oldham.page.locator(`[data-testid=category-card][data-category-id="${categoryId}"]`)
      await card.scrollIntoViewIfNeeded().catch(() => undefined)
      await bolton.page.screenshot({ path: '/tmp/board-bolton-card.png' })
      await oldham.page.screenshot({ path: '/tmp/board-oldham-card.png' })
    },
  },
  {
    name: 'pooled spend: a body re-importing shows live on both screens',
    async run(world) {
      const state = need(world.pooled, 'pooled board')
      if (state.isSkipped) return
      const bolton = need(state.bolton, 'Bolton')
      const oldham = need(state.oldham, 'Oldham')
      const categoryId = need(state.categoryId, 'category')
      const before = need((await cardFigure(bolton.page, categoryId, oldham.orgId)) ?? undefined, 'Oldham figure')
      const removed = await oldham.context.request.delete(`/api/orgs/${oldham.orgId}/spend/files/${need(oldham.fileId, 'Oldham file')}`)
      if (removed.status() !== 200) throw new Error(`DELETE file answered ${removed.status()}`)
      for (const page of [bolton.page, oldham.page]) {
        await waitFor(async () => (await cardFigure(page, categoryId, oldham.orgId)) === null && (await sharedBadge(page, categoryId)) === 0, TIMEOUT_MS, 'Oldham gone from the card')
      }
      oldham.fileId = await upload(oldham)
      for (const page of [bolton.page, oldham.page]) {
        await waitFor(async () => (await cardFigure(page, categoryId, oldham.orgId))?.pence === before.pence && (await sharedBadge(page, categoryId)) > 0, TIMEOUT_MS, 'Oldham back on the card')
      }
    },
  },
  {
    name: "pooled spend: the Pooled spend view charts the bodies and traces figures to lines where shared",
    async run(world) {
      const state = need(world.pooled, 'pooled board')
      if (state.isSkipped) return
      const bolton = need(state.bolton, 'Bolton')
      const oldham = need(state.oldham, 'Oldham')
      const categoryId = need(state.categoryId, 'category')
      const page = oldham.page
      // Bolton's figure on the card, clicked on Oldham's screen: its lines are not shared with the board yet.
      await page.locator(`[data-testid=category-card][data-category-id="${categoryId}"] [data-testid=card-org-spend][data-org-id="${bolton.orgId}"]`).click()
      const view = page.locator('[data-testid=pooled-spend-view]')
      await view.waitFor({ timeout: TIMEOUT_MS })
      await view.locator('[data-testid=lines-not-shared]', { hasText: `Line detail not shared by ${bolton.orgName}` }).waitFor({ timeout: TIMEOUT_MS })
      for (const chart of ['chart-category-org', 'chart-supplier-org', 'chart-pareto']) {
        await view.locator(`[data-testid=${chart}][data-ready=true] svg`).first().waitFor({ timeout: TIMEOUT_MS })
      }
      const shared = Number(await view.locator('table[data-testid=shared-suppliers]').getAttribute('data-count', { timeout: TIMEOUT_MS }))
      if (!(shared >= 1)) throw new Error(`shared suppliers table count ${shared}`)
      const figure = (orgId: string) => view.locator(`[data-testid=pooled-table] tr[data-category-id="${categoryId}"] [data-testid=pooled-figure][data-org-id="${orgId}"]`)
      // Bolton's lines are not shared with the board yet.
      await figure(bolton.orgId).click()
      await view.locator('[data-testid=lines-not-shared]', { hasText: `Line detail not shared by ${bolton.orgName}` }).waitFor({ timeout: TIMEOUT_MS })
      // Oldham's own lines open.
      await figure(oldham.orgId).click()
      await view.locator('[data-testid=lines-panel] [data-testid=line-row]').first().waitFor({ timeout: TIMEOUT_MS })
      await shootPanel(page, '/tmp/board-oldham-pooled.png')

      // Bolton's administrator shares its line detail with this board; Oldham then sees Bolton's lines.
      const bpage = bolton.page
      await bpage.locator(`[data-testid=category-card][data-category-id="${categoryId}"] [data-testid=card-shared-suppliers]`).click()
      const toggle = bpage.locator('[data-testid=share-line-detail] input')
      await toggle.waitFor({ timeout: TIMEOUT_MS })
      await toggle.check()
      await waitFor(async () => (await page.locator('[data-testid=pooled-orgs] li', { hasText: 'shares line detail with this board' }).count()) > 0, TIMEOUT_MS, 'Bolton shares on Oldham’s screen')
      await figure(bolton.orgId).click()
      await view.locator(`[data-testid=lines-panel][data-org-id="${bolton.orgId}"] [data-testid=line-row]`).first().waitFor({ timeout: TIMEOUT_MS })
      await shootPanel(page, '/tmp/board-oldham-bolton-lines.png')
      await shootPanel(bpage, '/tmp/board-bolton-pooled.png')
    },
  },
  {
    name: 'pooled spend: from the data alone the inspector, the Kraljic matrix and Opportunities place the category',
    async run(world) {
      const state = need(world.pooled, 'pooled board')
      if (state.isSkipped) return
      const bolton = need(state.bolton, 'Bolton')
      const oldham = need(state.oldham, 'Oldham')
      const categoryId = need(state.categoryId, 'category')
      const page = bolton.page
      const api = (await (await bolton.context.request.get(`/api/boards/${need(state.boardId, 'board')}/spend`)).json()) as ApiSpend
      const cells = need(api.categories.find((c) => c.categoryId === categoryId), 'category in the board spend').byOrg.filter((o) => o.source === 'data')
      const pooled = cells.reduce((n, o) => n + o.annualisedPence, 0)
      if (cells.length !== 2 || pooled <= 0) throw new Error(`expected both bodies' data: ${JSON.stringify(cells)}`)

      // The inspector: profit impact from the pooled data, no "enter spend", each body's figure read-only from its data.
      await page.locator('[data-testid=planning-panel]').getByRole('tab', { name: 'Category' }).click()
      const inspector = page.locator(`[data-testid=category-inspector][data-category-id="${categoryId}"]`)
      if ((await inspector.count()) === 0) await page.locator('[data-testid=planning-panel]').getByRole('button', { name: 'Pooled from data' }).click()
      await inspector.waitFor({ timeout: TIMEOUT_MS })
      await inspector.locator(`[data-testid=inspector-pooled-spend][data-pence="${pooled}"]`).waitFor({ timeout: TIMEOUT_MS })
      const impact = inspector.locator('[data-testid=inspector-profit-impact]')
      await inspector.locator('[data-testid=inspector-profit-impact][data-basis=spend]').waitFor({ timeout: TIMEOUT_MS })
      const said = await impact.innerText()
      if (/enter spend/i.test(said)) throw new Error(`inspector still asks for spend: ${said}`)
      const score = Number(await impact.getAttribute('data-score'))
      for (const org of [bolton, oldham]) {
        await inspector.locator(`[data-testid=org-row][data-org-id="${org.orgId}"][data-source=data] [data-testid=org-row-data-source]`, { hasText: 'From spend data' }).waitFor({ timeout: TIMEOUT_MS })
      }
      if ((await inspector.locator('[data-testid=own-entry-form]').count()) !== 0) throw new Error('Bolton has data: its figure should not be a hand row')
      // Where it comes from (hover): each body's spend data and its period, nothing entered by hand.
      const where = (await inspector.locator('[data-testid=inspector-pooled-spend]').locator('xpath=..').getAttribute('title')) ?? ''
      for (const name of ['Bolton', 'Oldham']) {
        if (!new RegExp(`${name}’s spend data, 12 months to \\d+ Dec 2019, [\\d,]+ payments`).test(where)) throw new Error(`pooled spend source says: ${where}`)
      }
      if (where.includes('entered by hand')) throw new Error(`pooled spend source names a hand entry: ${where}`)

      // Supply risk scored low: the pooled data's profit impact places it (Leverage from 3 up, else Non-critical).
      await inspector.locator('[data-testid=score-supply-risk]').getByRole('radio', { name: '2', exact: true }).click()
      const quadrant = score >= 3 ? 'leverage' : 'noncritical'
      await inspector.locator(`[data-testid=inspector-quadrant][data-quadrant=${quadrant}]`).waitFor({ timeout: TIMEOUT_MS })
      await shootPanel(page, '/tmp/kraljic-inspector.png')
      await page.getByRole('button', { name: 'Add view' }).click()
      await page.getByRole('menuitem', { name: 'Live Kraljic matrix' }).click()
      await page.locator('[data-testid=kraljic-matrix]').waitFor({ timeout: TIMEOUT_MS })
      for (const p of [page, oldham.page]) {
        const marker = p.locator(`[data-testid=matrix-marker][data-category-id="${categoryId}"][data-quadrant=${quadrant}][data-basis=spend]`).first()
        await marker.waitFor({ state: 'attached', timeout: TIMEOUT_MS })
        // The matrix lands where Bolton's screen was looking; Oldham's camera may be elsewhere, and tldraw does not
        // draw shapes outside the viewport. Each person looks at the whole board, as they would by zooming out.
        await p.evaluate(() => {
          window.editor?.zoomToFit()
        })
        await marker.waitFor({ timeout: TIMEOUT_MS })
      }
      await page.screenshot({ path: '/tmp/kraljic-matrix.png' })

      // Opportunities: combined spend is the two bodies' data, the saving its assumed rate.
      await page.locator('[data-testid=planning-panel]').getByRole('tab', { name: 'Opportunities' }).click()
      const opportunity = page.locator(`[data-testid=opportunity][data-category-id="${categoryId}"][data-combined-pence="${pooled}"]`)
      await opportunity.waitFor({ timeout: TIMEOUT_MS })
      if (Number(await opportunity.getAttribute('data-saving-pence')) <= 0) throw new Error('no estimated saving from the data')
      await shootPanel(page, '/tmp/kraljic-opportunities.png')
      // The Spend tab marks both bodies' figures as from data.
      await page.locator('[data-testid=planning-panel]').getByRole('tab', { name: 'Spend', exact: true }).click()
      for (const org of [bolton, oldham]) {
        await page.locator(`[data-testid=spend-cell][data-category-id="${categoryId}"][data-org-id="${org.orgId}"][data-source=data]`).waitFor({ timeout: TIMEOUT_MS })
      }
      process.stdout.write(`    pooled from data ${pooled}p: profit impact ${score}, ${quadrant}\n`)
    },
  },
  {
    name: 'pooled spend: a category with only a ProClass code draws on the data under that code',
    async run(world) {
      const state = need(world.pooled, 'pooled board')
      if (state.isSkipped) return
      const bolton = need(state.bolton, 'Bolton')
      const oldham = need(state.oldham, 'Oldham')
      const code = need(state.code, 'linked code')
      const page = bolton.page
      // The wide Spend tab covers the top bar: close the panel first.
      await page.getByRole('button', { name: 'Close planning panel' }).click()
      await page.getByRole('button', { name: '+ Add category' }).click()
      const inspector = page.locator('[data-testid=category-inspector]')
      await waitFor(async () => ((await inspector.getAttribute('data-category-id', { timeout: 500 }).catch(() => null)) ?? state.categoryId) !== state.categoryId, TIMEOUT_MS, 'the new category in the inspector')
      const categoryId = need((await inspector.getAttribute('data-category-id')) ?? undefined, 'category id')
      await inspector.getByPlaceholder('Search ProClass by code or words, e.g. tyres').fill(code)
      await inspector.getByRole('option').filter({ hasText: code }).first().click()
      await inspector.locator('[data-testid=proclass-chosen]', { hasText: code }).waitFor({ timeout: TIMEOUT_MS })
      await inspector.locator('[data-testid=spend-codes-note]', { hasText: `Spend data uses this category’s ProClass code ${code}; add more codes or prefixes` }).waitFor({ timeout: TIMEOUT_MS })
      if ((await inspector.locator('[data-testid=spend-code-chip]').count()) !== 0) throw new Error('the ProClass code should not be listed a second time')
      // Same code as the first category: the same two figures, from data, on the card and in the inspector.
      for (const org of [bolton, oldham]) {
        await waitFor(async () => (await cardFigure(page, categoryId, org.orgId))?.source === 'data', TIMEOUT_MS, `${org.file}'s figure on the new card`)
        await inspector.locator(`[data-testid=org-row][data-org-id="${org.orgId}"][data-source=data]`).waitFor({ timeout: TIMEOUT_MS })
      }
      await inspector.locator('[data-testid=inspector-profit-impact][data-basis=spend]').waitFor({ timeout: TIMEOUT_MS })
      await shootPanel(page, '/tmp/kraljic-proclass-link.png')
    },
  },
]
