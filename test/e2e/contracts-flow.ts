/**
 * E2E scenario for contracts (issue 12): fifteen Lancashire councils, each an organisation named as in its
 * Contracts Finder file, import their published notices: Chorley through the Contracts page (file input, progress,
 * outcome, file list, contracts table, buyer names), the other fourteen through the API. The forward plan lists rows
 * by quarter with its CSV and pipeline notice downloads; the opportunity finder ranks pairs with their reasons and
 * lists joint procurements with the quoted evidence; "Open a board for this" makes a board with both councils
 * invited (checked through the shares API) and a card for the seeded category. Reads the files from ../shared/data,
 * else from a vendored copy of all fifteen under test/fixtures/contracts; skipped with a message when neither has them.
 * Registered in run.ts (E2E_ONLY=contracts); no fixed sleeps.
 * Screenshots: test-results/contracts-*.png.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { newUserContext, ROOT, watchPage, type BrowserProblems } from './harness'
import { waitFor } from './wait-for'

const TIMEOUT_MS = 20_000
const IMPORT_TIMEOUT_MS = 120_000
/** Where the fifteen files are: the shared data, else a vendored copy holding all fifteen, else nowhere (skip). */
const DATA_DIRS = [join(ROOT, '../shared/data/contracts/lancashire-contracts-finder'), join(ROOT, 'test/fixtures/contracts/lancashire-contracts-finder'), join(ROOT, 'test/fixtures/contracts')]
const SHOTS_DIR = join(ROOT, 'test-results')

/** The fifteen councils: file, organisation name as the file names its buyer, short name. */
const COUNCILS = [
  ['chorley.json', 'Chorley Council', 'CHO'],
  ['south_ribble.json', 'South Ribble Borough Council', 'SRBC'],
  ['blackburn.json', 'Blackburn with Darwen Borough Council', 'BWD'],
  ['blackpool.json', 'Blackpool Council', 'BPL'],
  ['burnley.json', 'Burnley Borough Council', 'BUR'],
  ['fylde.json', 'Fylde Borough Council', 'FYL'],
  ['hyndburn.json', 'Hyndburn Borough Council', 'HYN'],
  ['lancashire_cc.json', 'Lancashire County Council', 'LCC'],
  ['lancaster.json', 'Lancaster City Council', 'LAN'],
  ['pendle.json', 'Pendle Borough Council', 'PEN'],
  ['preston.json', 'Preston City Council', 'PRE'],
  ['ribble_valley.json', 'Ribble Valley Borough Council', 'RVBC'],
  ['rossendale.json', 'Rossendale Borough Council', 'ROS'],
  ['west_lancashire.json', 'West Lancashire Borough Council', 'WLBC'],
  ['wyre.json', 'Wyre Council', 'WYRE'],
] as const

const DATA_DIR = DATA_DIRS.find((dir) => COUNCILS.every(([file]) => existsSync(join(dir, file))))

export interface ContractsWorld {
  server: { baseUrl: string }
  browser: Browser
  problems: BrowserProblems
  contracts?: ContractsState
}

interface Council {
  file: string
  name: string
  context: BrowserContext
  orgId: string
}

interface ContractsState {
  isSkipped: boolean
  councils: Council[]
  chorleyPage?: Page
}

export interface ContractsStep {
  name: string
  run(world: ContractsWorld): Promise<void>
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`precondition missing: ${what}`)
  return value
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true })
  await page.screenshot({ path: join(SHOTS_DIR, `contracts-${name}.png`), fullPage: true }).catch(() => undefined)
}

/** One person per council signs up with an organisation named as the council. */
async function signUp(world: ContractsWorld, file: string, name: string, shortName: string, index: number): Promise<Council> {
  const context = await newUserContext(world.browser, world.server.baseUrl, world.problems, shortName)
  const stamp = `${Date.now().toString(36)}${index}`
  const colour = `#${(0x1d4e89 + index * 0x0a1b2c).toString(16).slice(-6).padStart(6, '0')}`
  const res = await context.request.post('/api/auth/signup', {
    data: { name: `${shortName} officer`, email: `${shortName.toLowerCase()}.${stamp}@example.test`, password: `correct horse ${stamp}`, organisation: { name, shortName, colour } },
  })
  if (!res.ok()) throw new Error(`sign-up for ${name} failed: ${res.status()} ${await res.text()}`)
  const me = (await (await context.request.get('/api/auth/me')).json()) as { organisation: { id: string; name: string } }
  if (me.organisation.name !== name) throw new Error(`organisation named "${me.organisation.name}", expected "${name}"`)
  return { file, name, context, orgId: me.organisation.id }
}

/** Uploads a council's file through the API and waits for its import to finish; answers the job's result. */
async function importByApi(council: Council): Promise<{ notices: number; contracts: number }> {
  const res = await council.context.request.post(`/api/orgs/${council.orgId}/contracts/files?filename=${encodeURIComponent(council.file)}`, {
    headers: { 'content-type': 'application/json' },
    data: readFileSync(join(need(DATA_DIR, 'the Lancashire files'), council.file)),
  })
  if (res.status() !== 202) throw new Error(`${council.name}: upload answered ${res.status()} ${await res.text()}`)
  const { importId } = (await res.json()) as { importId: string }
  let job: { status: string; result?: { notices: number; contracts: number; errors: unknown[] }; error?: { message: string } } = { status: 'queued' }
  await waitFor(
    async () => {
      job = (await (await council.context.request.get(`/api/contracts/imports/${importId}`)).json()) as typeof job
      return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled'
    },
    IMPORT_TIMEOUT_MS,
    `${council.name}: import of ${council.file} to finish`,
  )
  if (job.status !== 'done' || !job.result) throw new Error(`${council.name}: import ${job.status}: ${job.error?.message ?? ''}`)
  return job.result
}

function state(world: ContractsWorld): ContractsState {
  return need(world.contracts, 'the councils (first contracts step)')
}

export const contractsFlowSteps: ContractsStep[] = [
  {
    name: 'contracts: fifteen Lancashire councils sign up; Chorley imports its notices on the Contracts page',
    async run(world) {
      if (DATA_DIR === undefined) {
        world.contracts = { isSkipped: true, councils: [] }
        process.stdout.write(`    skipped: the fifteen Lancashire Contracts Finder files are in none of ${DATA_DIRS.join(', ')} (../shared/data is absent, and test/fixtures/contracts does not vendor all fifteen)\n`)
        return
      }
      const dataDir = DATA_DIR
      const councils: Council[] = []
      for (const [i, [file, name, short]] of COUNCILS.entries()) councils.push(await signUp(world, file, name, short, i))
      world.contracts = { isSkipped: false, councils }
      const chorley = need(councils[0], 'Chorley')
      const page = watchPage(await chorley.context.newPage(), world.problems, 'Chorley')
      world.contracts.chorleyPage = page
      // From the organisation page, as a person would.
      await page.goto('/org', { waitUntil: 'commit' })
      await page.getByRole('link', { name: 'Open contracts' }).click()
      await page.getByRole('heading', { name: 'Contracts', exact: true, level: 1 }).waitFor({ timeout: TIMEOUT_MS })
      await page.locator('[data-testid=contracts-empty]').waitFor({ timeout: TIMEOUT_MS })
      await page.getByLabel('Choose contract files').setInputFiles(join(dataDir, chorley.file))
      const row = page.locator(`.sd-queue-row[data-filename="${chorley.file}"]`)
      await row.waitFor({ timeout: TIMEOUT_MS })
      await row.locator('[data-testid=import-outcome]').waitFor({ timeout: IMPORT_TIMEOUT_MS })
      const notices = await row.locator('[data-testid=import-notices]').innerText()
      const contracts = await row.locator('[data-testid=import-contracts]').innerText()
      if (!/^\d[\d,]* notices$/.test(notices) || notices === '0 notices') throw new Error(`outcome says "${notices}"`)
      if (!/^\d[\d,]* contracts$/.test(contracts) || contracts === '0 contracts') throw new Error(`outcome says "${contracts}"`)
      const outcome = await row.locator('[data-testid=import-outcome]').innerText()
      if (!outcome.includes('Contracts Finder extract')) throw new Error(`outcome does not name the layout: "${outcome}"`)
      // The file is listed, and its contracts are in the table, with estimated ends marked.
      await page.locator(`[data-testid=contract-files] [data-file-id]`, { hasText: chorley.file }).waitFor({ timeout: TIMEOUT_MS })
      const table = page.locator('[data-testid=contracts-table]')
      await table.waitFor({ timeout: TIMEOUT_MS })
      const count = await page.locator('[data-testid=contracts-count]').innerText()
      if (count !== contracts) throw new Error(`the table counts "${count}", the import "${contracts}"`)
      // "Ending within 36 months" keeps only the contracts still running that end by then.
      await page.getByLabel('Ending').selectOption('36')
      await waitFor(async () => / of /.test(await page.locator('[data-testid=contracts-count]').innerText()), TIMEOUT_MS, 'the count of contracts ending within 36 months')
      const within = Number((await page.locator('[data-testid=contracts-count]').innerText()).split(' of ')[0]?.replace(/,/g, ''))
      const shownRows = await table.locator('tbody tr[data-contract-id]').count()
      if (!(within > 0) || shownRows !== Math.min(within, 100)) throw new Error(`ending within 36 months: count ${within}, rows ${shownRows}`)
      if ((await table.locator('[data-testid=ended]').count()) > 0) throw new Error('an ended contract is listed as ending within 36 months')
      await page.getByLabel('Ending').selectOption('')
      await waitFor(async () => (await page.locator('[data-testid=contracts-count]').innerText()) === contracts, TIMEOUT_MS, 'every contract listed again')
      const est = table.locator('.ct-est').first()
      await est.click()
      const basis = await table.locator('[data-testid=estimate-basis]').first().innerText()
      if (basis.trim() === '') throw new Error('an estimated end shows no basis')
      // Marked confidential, a contract is hidden from another council (the server enforces it), and shown again when unmarked.
      const first = table.locator('tbody tr[data-contract-id]').first()
      const contractId = need((await first.getAttribute('data-contract-id')) ?? undefined, 'a contract id')
      const other = need(councils[1], 'South Ribble')
      const seenByOther = async () => {
        const list = (await (await other.context.request.get(`/api/orgs/${chorley.orgId}/contracts`)).json()) as { contracts: Array<{ id: string }> }
        return list.contracts.some((c) => c.id === contractId)
      }
      if (!(await seenByOther())) throw new Error('a published contract is hidden from another council')
      await first.getByLabel('Confidential').check()
      await first.getByText('Only your organisation').waitFor({ timeout: TIMEOUT_MS })
      await waitFor(async () => !(await seenByOther()), TIMEOUT_MS, 'the confidential contract hidden from South Ribble')
      await first.getByLabel('Confidential').uncheck()
      await first.getByText('Everyone (published)').waitFor({ timeout: TIMEOUT_MS })
      await waitFor(seenByOther, TIMEOUT_MS, 'the contract shown to South Ribble again')
      // Uploading the same file again adds nothing.
      await page.getByLabel('Choose contract files').setInputFiles(join(dataDir, chorley.file))
      await waitFor(async () => (await page.locator('.sd-queue-row [data-testid=import-status]', { hasText: 'Already imported' }).count()) > 0, IMPORT_TIMEOUT_MS, '"Already imported" for the second upload')
      await shot(page, 'chorley-contracts')
    },
  },
  {
    name: 'contracts: Chorley confirms that "Chorley Borough Council" is its name in notices',
    async run(world) {
      const s = state(world)
      if (s.isSkipped) return
      const page = need(s.chorleyPage, 'Chorley page')
      const panel = page.locator('[data-testid=buyer-names]')
      const item = panel.locator('[data-buyer="Chorley Borough Council"]')
      await item.waitFor({ timeout: TIMEOUT_MS })
      const question = await item.innerText()
      if (!question.includes('your organisation')) throw new Error(`not asked as a question: "${question}"`)
      await item.getByRole('button', { name: 'Yes' }).click()
      await panel.getByRole('heading', { name: 'Chorley Council, as named in notices' }).waitFor({ timeout: TIMEOUT_MS })
      await panel.locator('[data-buyer="Chorley Borough Council"]', { hasText: 'Not us' }).waitFor({ timeout: TIMEOUT_MS })
      const chorley = need(s.councils[0], 'Chorley')
      const list = (await (await chorley.context.request.get(`/api/orgs/${chorley.orgId}/contracts/buyers`)).json()) as { buyers: Array<{ buyer: string; status: string }> }
      if (list.buyers.find((b) => b.buyer === 'Chorley Borough Council')?.status !== 'confirmed') throw new Error(`the server did not keep the answer: ${JSON.stringify(list.buyers)}`)
    },
  },
  {
    name: 'contracts: the other fourteen councils import their files through the API',
    async run(world) {
      const s = state(world)
      if (s.isSkipped) return
      const results = await Promise.all(s.councils.slice(1).map(async (c) => ({ c, r: await importByApi(c) })))
      const empty = results.filter(({ r }) => r.notices === 0)
      if (empty.length > 0) throw new Error(`no notices read for ${empty.map(({ c }) => c.name).join(', ')}`)
    },
  },
  {
    name: 'contracts: the forward plan lists contracts by quarter, with its CSV and pipeline notice data',
    async run(world) {
      const s = state(world)
      if (s.isSkipped) return
      const page = need(s.chorleyPage, 'Chorley page')
      await page.goto('/forward-plan', { waitUntil: 'commit' })
      await page.getByRole('heading', { name: 'Forward plan', level: 1 }).waitFor({ timeout: TIMEOUT_MS })
      await page.locator('[data-testid=plan-row]').first().waitFor({ timeout: TIMEOUT_MS })
      const quarters = await page.locator('[data-testid=plan-quarter]').evaluateAll((els) => els.map((el) => el.getAttribute('data-quarter') ?? ''))
      if (quarters.length === 0 || quarters.some((q) => !/^\d{4}-Q[1-4]$/.test(q))) throw new Error(`quarters: ${quarters.join(', ')}`)
      if ([...quarters].sort().join() !== quarters.join()) throw new Error(`quarters out of order: ${quarters.join(', ')}`)
      const csvHref = need((await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')) ?? undefined, 'CSV link')
      const csv = await page.context().request.get(csvHref)
      if (csv.status() !== 200 || !(csv.headers()['content-type'] ?? '').startsWith('text/csv')) throw new Error(`CSV answered ${csv.status()} ${csv.headers()['content-type']}`)
      const lines = (await csv.text()).trim().split(/\r?\n/)
      if (lines.length < 2) throw new Error('the CSV has no rows')
      const pipelineHref = need((await page.getByRole('link', { name: /Pipeline notice data/ }).getAttribute('href')) ?? undefined, 'pipeline link')
      const pipeline = await page.context().request.get(pipelineHref)
      if (pipeline.status() !== 200) throw new Error(`pipeline notice data answered ${pipeline.status()}`)
      const data = (await pipeline.json()) as { organisation?: string }
      if (data.organisation !== 'Chorley Council') throw new Error(`pipeline notice data for "${data.organisation}"`)
      await shot(page, 'forward-plan')
    },
  },
  {
    name: 'contracts: the opportunity finder ranks pairs with their reasons, and shows joint buying with its evidence',
    async run(world) {
      const s = state(world)
      if (s.isSkipped) return
      const page = need(s.chorleyPage, 'Chorley page')
      await page.goto('/collaboration', { waitUntil: 'commit' })
      await page.getByRole('heading', { name: 'Collaboration', level: 1 }).waitFor({ timeout: TIMEOUT_MS })
      const pairs = page.locator('[data-testid=pair]')
      await pairs.first().waitFor({ timeout: TIMEOUT_MS })
      const scores = await pairs.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-score'))))
      if (scores.length < 2) throw new Error(`only ${scores.length} pair(s) ranked`)
      for (let i = 1; i < scores.length; i++) if ((scores[i] ?? 0) > (scores[i - 1] ?? 0)) throw new Error(`pairs not best first: ${scores.join(', ')}`)
      const reasons = await pairs.first().locator('[data-testid=pair-reasons] li').allInnerTexts()
      if (reasons.length === 0 || reasons.some((r) => r.trim().length < 10)) throw new Error(`top pair's reasons: ${JSON.stringify(reasons)}`)
      // Joint buying: Chorley, Preston and South Ribble bought together; the quote marks the bodies' names.
      const joint = page.locator('[data-testid=joint-procurement]', { hasText: 'Chorley Council' })
      await joint.first().waitFor({ timeout: TIMEOUT_MS })
      const marked = await joint.first().locator('mark').allInnerTexts()
      if (!marked.some((m) => /chorley/i.test(m))) throw new Error(`evidence does not mark Chorley: ${JSON.stringify(marked)}`)
      // A shorter window ranks again.
      await page.getByLabel('Contracts ending within … months of each other').fill('6')
      await page.getByRole('button', { name: 'Compare' }).click()
      await page.locator('[data-testid=pairs-section][data-window="6"]').waitFor({ timeout: TIMEOUT_MS })
      await page.getByLabel('Contracts ending within … months of each other').fill('18')
      await page.getByRole('button', { name: 'Compare' }).click()
      await page.locator('[data-testid=pairs-section][data-window="18"]').waitFor({ timeout: TIMEOUT_MS })
      await pairs.first().waitFor({ timeout: TIMEOUT_MS })
      await shot(page, 'collaboration')
    },
  },
  {
    name: 'contracts: "Open a board for this" makes a board with both councils invited',
    async run(world) {
      const s = state(world)
      if (s.isSkipped) return
      const page = need(s.chorleyPage, 'Chorley page')
      const chorley = need(s.councils[0], 'Chorley')
      await page.getByLabel(`Only pairs with ${chorley.name}`).check()
      const pair = page.locator('[data-testid=pair]').first()
      await pair.waitFor({ timeout: TIMEOUT_MS })
      const orgIds = need((await pair.getAttribute('data-org-ids')) ?? undefined, 'pair org ids').split(',')
      if (!orgIds.includes(chorley.orgId)) throw new Error(`the first pair with Chorley does not include Chorley: ${orgIds.join(', ')}`)
      await pair.getByRole('button', { name: /^Open a board for/ }).click()
      await waitFor(() => /^\/b\/[A-Za-z0-9_-]+$/.test(new URL(page.url()).pathname), TIMEOUT_MS, 'navigation to the new board')
      const boardId = new URL(page.url()).pathname.slice(3)
      const nameInput = page.getByLabel('Your name')
      const live = page.locator('[data-testid=connection-badge][data-state=live]')
      await waitFor(async () => (await nameInput.count()) > 0 || (await live.count()) > 0, TIMEOUT_MS, 'name dialog or live board')
      if ((await nameInput.count()) > 0) {
        await nameInput.fill('CHO officer')
        await page.getByRole('button', { name: 'Continue' }).click()
      }
      await live.waitFor({ timeout: TIMEOUT_MS })
      // The category the server seeded for the aligned contracts gets its card on the canvas, once.
      await waitFor(
        () => page.evaluate(() => (window.editor?.getCurrentPageShapes() ?? []).filter((shape) => shape.type === 'category-card').length === 1),
        TIMEOUT_MS,
        'one category card on the new board',
      )
      if (new URL(page.url()).search !== '') throw new Error(`the board address keeps "${new URL(page.url()).search}"`)
      const res = await chorley.context.request.get(`/api/boards/${boardId}/shares`)
      if (!res.ok()) throw new Error(`shares answered ${res.status()}`)
      const { shares } = (await res.json()) as { shares: Array<{ principalType: string; principalId: string; role: string }> }
      for (const id of orgIds) {
        if (!shares.some((sh) => sh.principalType === 'org' && sh.principalId === id)) throw new Error(`organisation ${id} not invited: ${JSON.stringify(shares)}`)
      }
      // The partner council sees the board in its list.
      const partner = need(s.councils.find((c) => c.orgId !== chorley.orgId && orgIds.includes(c.orgId)), 'the partner council')
      const boards = (await (await partner.context.request.get('/api/boards')).json()) as { boards: Array<{ id: string }> }
      if (!boards.boards.some((b) => b.id === boardId)) throw new Error(`${partner.name} does not see the new board`)
      await shot(page, 'opportunity-board')
    },
  },
]
