/**
 * Category plan reports from persisted documents: two organisations write cards, entries and contracts through
 * stock y-websocket clients with the shared/doc writers, the server restarts on the same data, and the Markdown and
 * CSV reports hold exactly the expected figures. CSV cells cannot run as formulas; strangers get 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { parseCsv } from '../../shared/domain/csv'
import { csvCell, toCsv } from '../../server/reports/report-csv'
import { reportFilename } from '../../server/reports/board-planning-report'
import { mdText } from '../../server/reports/report-markdown'
import { QUADRANT_LABELS } from '../../shared/domain/labels'
import { readPlanningBoard } from '../../shared/doc/planning-doc'
import { orgDocName } from '../../shared/wire/protocol'
import { buildPlanningView, type PlanningView } from '../../shared/doc/planning-view'
import type { IsoDate } from '../../shared/domain/dates'
import type { OrgId } from '../../shared/domain/ids'
import { describeProfitImpact } from '../../shared/domain/kraljic'
import { addMilestone, addOpportunity, addRaciActivity, createCategory, putContract, setListLines, setOrgEntry, setPlanRoute, setRaciRole, setSavingsTarget, updateCategoryField } from '../../shared/doc/planning-writers'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'
import { connectSynced, type YClient } from '../support/yclient'
import { waitFor } from '../support/wait-for'

const AT = '2025-06-01T09:00:00.000Z'
const EVIL_NAME = '=HYPERLINK("http://x")'
const clients: YClient[] = []
let first: TestServer
let server: TestServer
let ann: TestAccount // owner, Lancashire County Council (LCC)
let bob: TestAccount // editor, Lancashire Constabulary (LC)
let cara: TestAccount // viewer, Lancashire Fire and Rescue (LFRS): no figures entered
let board: string

const org = (name: string, shortName: string) => ({ organisation: { name, shortName, colour: '#1f77b4' } })
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

/** Connects, lets `write` change the doc, and waits until a fresh reader has every change (so it is durable, R4). */
async function writeAndPersist(srv: TestServer, room: string, token: string, write: (doc: Y.Doc) => void): Promise<void> {
  const writer = await connectSynced(srv.wsUrl, room, { params: { token } })
  clients.push(writer)
  write(writer.doc)
  const reader = await connectSynced(srv.wsUrl, room, { params: { token: ann.token } })
  clients.push(reader)
  const sv = Y.encodeStateVector(writer.doc)
  await waitFor(() => Buffer.from(Y.encodeStateVector(reader.doc)).equals(Buffer.from(sv)), 5000, `${room} persisted`)
}

beforeAll(async () => {
  first = await startTestServer()
  ann = await first.signup('Ann', undefined, org('Lancashire County Council', 'LCC'))
  bob = await first.signup('Bob', undefined, org('Lancashire Constabulary', 'LC'))
  cara = await first.signup('Cara', undefined, org('Lancashire Fire and Rescue Service', 'LFRS'))
  board = await first.createBoard('Fleet & tyres 2025/26', ann.token)
  for (const [who, role] of [[bob, 'editor'], [cara, 'viewer']] as const) {
    const res = await first.api(ann.token, 'PUT', `/api/boards/${board}/shares`, { principalType: 'user', principalId: who.userId, role })
    expect(res.status).toBe(200)
  }

  await writeAndPersist(first, board, ann.token, (doc) => {
    must(createCategory(doc, { id: 'tyres', name: 'Fleet tyres', proclassCode: '291120', supplyRisk: 2 }, ann.userId, AT))
    must(createCategory(doc, { id: 'legal', name: EVIL_NAME, supplyRisk: 3 }, ann.userId, AT))
    must(setListLines(doc, 'tyres', 'objectives', ['One tyre contract for both bodies']))
    must(addMilestone(doc, 'tyres', { title: 'Agree specification', owner: 'Ann', due: '2030-01-31' }))
    must(setSavingsTarget(doc, 'tyres', 5_000_000))
    must(setPlanRoute(doc, 'tyres', 'framework-further-competition'))
    must(addRaciActivity(doc, 'tyres', 'Award the contract', 'award'))
    must(setRaciRole(doc, 'tyres', 'award', ann.orgId, 'A'))
    must(setRaciRole(doc, 'tyres', 'award', bob.orgId, 'C'))
    // Work in progress: an activity nobody is Accountable for yet.
    must(addRaciActivity(doc, 'tyres', 'Sign-off of specification', 'signoff'))
    must(setRaciRole(doc, 'tyres', 'signoff', bob.orgId, 'R'))
    must(addOpportunity(doc, { id: 'opp-tyres', title: 'Joint tyre tender', categoryIds: ['tyres'] }, ann.userId, AT))
  })
  // Bob edits a field of Ann's card on the shared board document.
  await writeAndPersist(first, board, bob.token, (doc) => must(updateCategoryField(doc, 'tyres', 'owner', 'Bob Jones')))
  await writeAndPersist(first, orgDocName(board, ann.orgId), ann.token, (doc) => {
    must(setOrgEntry(doc, 'tyres', { annualSpend: 8_000_000, supplierCount: 2, mainSuppliers: ['Acme Tyres Ltd'], notes: '', sourceLineIds: [] }))
    must(setOrgEntry(doc, 'legal', { annualSpend: 50_000_000, supplierCount: 4, mainSuppliers: ['Browne Jacobson LLP'], notes: '', sourceLineIds: [] }))
    must(putContract(doc, { id: 'lcc-tyres-1', categoryId: 'tyres', supplier: 'Acme Tyres Ltd', start: '2028-04-01', end: '2031-03-31', extensionOptions: [12], value: 32_000_000, reference: 'LCC/FL/001' }))
  })
  await writeAndPersist(first, orgDocName(board, bob.orgId), bob.token, (doc) => {
    must(setOrgEntry(doc, 'tyres', { annualSpend: 4_500_050, supplierCount: 1, mainSuppliers: ['ACME TYRES LIMITED'], notes: '', sourceLineIds: [] }))
    must(putContract(doc, { id: 'lc-tyres-1', categoryId: 'tyres', supplier: 'Acme Tyres Ltd', start: '2029-01-01', end: '2031-12-31', extensionOptions: [], value: 18_000_000 }))
  })
  for (const c of clients.splice(0)) c.destroy()
  await first.stop()
  server = await startTestServer({ dataDir: first.dataDir, reuseAdmin: first.admin })
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.destroy()
})

const get = (token: string | null, path: string) => server.api(token, 'GET', path)

describe('GET /api/boards/:id/report.md after a restart', () => {
  let md = ''
  beforeAll(async () => {
    const res = await get(cara.token, `/api/boards/${board}/report.md`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="fleet-tyres-2025-26-category-plan-\d{4}-\d{2}-\d{2}\.md"; filename\*=UTF-8''fleet-tyres-2025-26-category-plan-\d{4}-\d{2}-\d{2}\.md$/)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    md = await res.text()
  })

  it('opens with provenance: board, generated at, and how many organisations entered figures', () => {
    expect(md).toContain('# Category plan: Fleet \\& tyres 2025/26')
    expect(md).toMatch(new RegExp(`Board Fleet \\\\& tyres 2025/26 \\(${board}\\) · generated \\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z · figures from 2 organisations' entries \\(LC, LCC\\)|figures from 2 organisations' entries \\(LCC, LC\\)`))
  })

  it('summarises pooled spend, leverage when pooled, contracts ending together and top opportunities', () => {
    // £80,000.00 + £45,000.50 = £125,000.50; plus legal £500,000.00 = £625,000.50.
    expect(md).toContain('**Total pooled spend:** £625,000.50 a year across 2 categories.')
    // Alone £80k and £45k are impact 2 (noncritical with risk 2); pooled £125k is impact 3 → leverage.
    expect(md).toContain('  - Fleet tyres: £125,000.50 pooled; alone:')
    // Ends 2031-03-31 and 2031-12-31 (9 months apart, within 18); framework further competition, 6 months lead:
    // start by 2031-03-31 − 6 months = 2030-09-30.
    expect(md).toMatch(/Fleet tyres: (LCC, LC|LC, LCC) end 2031-03-31 to 2031-12-31; start a joint procurement by \*\*2030-09-30\*\* \(Framework: further competition, 6 months lead time/)
    // Estimated saving: leverage 8% of 12,500,050p = 1,000,004p, shown rounded; the exact working is in the category.
    expect(md).toMatch(/\| 1 \| Fleet tyres \| (LCC, LC|LC, LCC) \| £125,000\.50 \| about £10,000 \(8%\) \| 2030-09-30 \|/)
    expect(md).toContain('estimated saving about £10,000 a year at an assumed 8% (exactly £125,000.50 × 8% = £10,000.04, rounded down)')
  })

  it('gives each category its figures, contracts, plan and governance', () => {
    // Shares: 8,000,000 / 12,500,050 = 6399.97 bps and 3600.03 → 6400 and 3600.
    // "Current contract ends" is each body's current contract (one contract model), not a second date.
    expect(md).toContain('| Lancashire County Council | £80,000.00 | 64% | 2 | Acme Tyres Ltd | 2031-03-31 | Non-critical |')
    expect(md).toContain('| Lancashire Constabulary | £45,000.50 | 36% | 1 | ACME TYRES LIMITED | 2031-12-31 | Non-critical |')
    // The shared supplier is shown in the spelling of the organisation with the lower (random) id.
    expect(md).toMatch(/\| \*\*Pooled\*\* \| \*\*£125,000\.50\*\* \| 100% \| 3 \| shared: (Acme Tyres Ltd|ACME TYRES LIMITED) \| 2031-03-31 \| \*\*Leverage\*\* \|/)
    expect(md).toContain('| LCC | Acme Tyres Ltd | 2028-04-01 | 2031-03-31 | 12 months | £320,000.00 | – | LCC/FL/001 |')
    expect(md).toContain('| LC | Acme Tyres Ltd | 2029-01-01 | 2031-12-31 | – | £180,000.00 | – | – |')
    expect(md).toContain('Owner Bob Jones')
    expect(md).toContain('- Savings target: **£50,000.00**')
    expect(md).toContain('  - One tyre contract for both bodies')
    expect(md).toContain('| Agree specification | Ann | 2030-01-31 |')
    expect(md).toMatch(/\| Award the contract \| (A \| C|C \| A) \|/)
    expect(md).toContain('- Opportunity card: Joint tyre tender (proposed)')
    // Legal: £500,000 → impact 4, risk 3 → strategic; one body, so no opportunity.
    expect(md).toContain(`### 1. ${EVIL_NAME}`)
    expect(md).toContain('Profit impact 4 — from pooled spend £500k ≥ £500k threshold. Quadrant **Strategic** pooled.')
    expect(md).not.toContain('## Data problems')
    // Work in progress is listed apart, by name, and never as content that could not be used.
    expect(md).toContain("## Still to complete")
    expect(md).toContain("- Fleet tyres: RACI: 'Sign-off of specification' has no Accountable yet")
  })
})

describe('GET /api/boards/:id/report.csv after a restart', () => {
  let raw = ''
  let rows: string[][] = []
  const cell = (row: string[] | undefined, column: string) => row?.[rows[0]?.indexOf(column) ?? -1]
  beforeAll(async () => {
    const res = await get(bob.token, `/api/boards/${board}/report.csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="fleet-tyres-2025-26-category-plan-\d{4}-\d{2}-\d{2}\.csv"/)
    // Keep the byte-order mark (Response.text() would drop it) to check it is there.
    raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
    const parsed = parseCsv(raw)
    expect(parsed.problems).toEqual([])
    rows = parsed.records.map((r) => [...r.fields]).filter((f) => f.length > 1)
  })

  it('has one row per category × organisation plus a pooled row, with exact pence in numeric columns', () => {
    const find = (category: string, type: string, orgId = '') =>
      rows.find((r) => cell(r, 'category_id') === category && cell(r, 'row_type') === type && cell(r, 'organisation_id') === orgId)
    expect(rows).toHaveLength(1 + 3 + 2)
    const lcc = find('tyres', 'organisation', ann.orgId)
    const lc = find('tyres', 'organisation', bob.orgId)
    const pooled = find('tyres', 'pooled')
    expect([cell(lcc, 'annual_spend'), cell(lcc, 'annual_spend_pence'), cell(lcc, 'share_bps'), cell(lcc, 'quadrant')]).toEqual(['£80,000.00', '8000000', '6400', 'Non-critical'])
    expect([cell(lc, 'annual_spend'), cell(lc, 'annual_spend_pence'), cell(lc, 'share_bps'), cell(lc, 'contract_value_pence')]).toEqual(['£45,000.50', '4500050', '3600', '18000000'])
    expect([cell(pooled, 'annual_spend_pence'), cell(pooled, 'share_bps'), cell(pooled, 'quadrant'), cell(pooled, 'changes_when_pooled')]).toEqual(['12500050', '10000', 'Leverage', 'yes'])
    expect([cell(pooled, 'contract_value_pence'), cell(pooled, 'nearest_contract_end'), cell(pooled, 'latest_start')]).toEqual(['50000000', '2031-03-31', '2030-09-30'])
    expect([cell(pooled, 'opportunity_rank'), cell(pooled, 'estimated_saving_pence'), cell(pooled, 'savings_target_pence')]).toEqual(['1', '1000004', '5000000'])
    expect(cell(find('legal', 'pooled'), 'annual_spend_pence')).toBe('50000000')
    expect(cell(find('legal', 'pooled'), 'quadrant')).toBe('Strategic')
  })

  it('neutralises a category name that is a formula, and quotes it per RFC 4180', () => {
    const legalRows = rows.filter((r) => cell(r, 'category_id') === 'legal')
    expect(legalRows).toHaveLength(2)
    for (const r of legalRows) expect(cell(r, 'category_name')).toBe(`'${EVIL_NAME}`)
    expect(raw).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(raw).not.toMatch(/(^|,)=HYPERLINK/m)
    expect(raw.startsWith('\uFEFFcategory_id,')).toBe(true)
    expect(raw.endsWith('\r\n')).toBe(true)
  })
})

describe('the report agrees with the board on profit impact (issue 10 A5)', () => {
  // Hand score 2 with £2.4m of spend: the board shows 5 from spend, so must the report. Hand score 4 with no spend:
  // the hand score applies. Each figure is checked against the planning view the board itself renders.
  let boardView: PlanningView
  let md = ''
  let rows: string[][] = []
  const cell = (row: string[] | undefined, column: string) => row?.[rows[0]?.indexOf(column) ?? -1]
  beforeAll(async () => {
    const id = await server.createBoard('Profit impact', ann.token)
    const boardDoc = new Y.Doc()
    const lcc = new Y.Doc()
    await writeAndPersist(server, id, ann.token, (doc) => {
      must(createCategory(doc, { id: 'fuel', name: 'Fuel cards', supplyRisk: 2, profitImpact: 2 }, ann.userId, AT))
      must(createCategory(doc, { id: 'pest', name: 'Pest control', supplyRisk: 4, profitImpact: 4 }, ann.userId, AT))
      Y.applyUpdate(boardDoc, Y.encodeStateAsUpdate(doc))
    })
    await writeAndPersist(server, orgDocName(id, ann.orgId), ann.token, (doc) => {
      must(setOrgEntry(doc, 'fuel', { annualSpend: 240_000_000, supplierCount: 1, mainSuppliers: [], notes: '', sourceLineIds: [] }))
      Y.applyUpdate(lcc, Y.encodeStateAsUpdate(doc))
    })
    const read = readPlanningBoard(boardDoc, new Map([[ann.orgId as OrgId, lcc]]))
    const orgs = [{ id: ann.orgId as OrgId, name: 'Lancashire County Council', shortName: 'LCC', colour: '#1f77b4' }]
    boardView = buildPlanningView(read.value.plans, orgs, read.value.settings, new Date().toISOString().slice(0, 10) as IsoDate, read.value.opportunities)
    md = await (await get(ann.token, `/api/boards/${id}/report.md`)).text()
    rows = parseCsv(await (await get(ann.token, `/api/boards/${id}/report.csv`)).text()).records.map((r) => [...r.fields]).filter((f) => f.length > 1)
  })
  const onBoard = (id: string) => {
    const c = boardView.categories.find((x) => x.id === id)
    if (!c?.quadrants.profitImpact || !c.quadrants.placement) throw new Error(`category ${id} is not placed on the board`)
    return { sentence: describeProfitImpact(c.quadrants.profitImpact), score: c.quadrants.profitImpact.score, quadrant: QUADRANT_LABELS[c.quadrants.placement.value.quadrant] }
  }

  it('spend overrides the hand score in the board, the Markdown and the CSV alike', () => {
    const fuel = onBoard('fuel')
    expect(fuel).toEqual({ sentence: 'Profit impact 5 — from pooled spend £2.4m ≥ £2m threshold', score: 5, quadrant: 'Leverage' })
    expect(md).toContain(`${fuel.sentence}. Hand score 2 is kept but not used`)
    expect(md).toContain(`Quadrant **${fuel.quadrant}** pooled.`)
    expect(md).not.toContain('Profit impact (scored)')
    const pooled = rows.find((r) => cell(r, 'category_id') === 'fuel' && cell(r, 'row_type') === 'pooled')
    expect([cell(pooled, 'profit_impact'), cell(pooled, 'profit_impact_basis'), cell(pooled, 'quadrant')]).toEqual([String(fuel.score), fuel.sentence, fuel.quadrant])
  })

  it('without spend the hand score applies in the board, the Markdown and the CSV alike', () => {
    const pest = onBoard('pest')
    expect(pest).toEqual({ sentence: 'Profit impact 4 — scored by hand, no spend entered yet', score: 4, quadrant: 'Strategic' })
    expect(md).toContain(`${pest.sentence}. Quadrant **${pest.quadrant}**.`)
    const pooled = rows.find((r) => cell(r, 'category_id') === 'pest' && cell(r, 'row_type') === 'pooled')
    expect([cell(pooled, 'profit_impact'), cell(pooled, 'profit_impact_basis'), cell(pooled, 'quadrant'), cell(pooled, 'changes_when_pooled')]).toEqual([String(pest.score), pest.sentence, pest.quadrant, ''])
  })
})

describe('one contract model in the reports (issue 10 A6)', () => {
  // An older board: each body typed only "current contract ends" on its entry (the old client wrote entries.contractEnd).
  let md = ''
  let rows: string[][] = []
  const cell = (row: string[] | undefined, column: string) => row?.[rows[0]?.indexOf(column) ?? -1]
  beforeAll(async () => {
    const id = await server.createBoard('Legacy dates', ann.token)
    expect((await server.api(ann.token, 'PUT', `/api/boards/${id}/shares`, { principalType: 'user', principalId: bob.userId, role: 'editor' })).status).toBe(200)
    await writeAndPersist(server, id, ann.token, (doc) => must(createCategory(doc, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, ann.userId, AT)))
    for (const [who, end] of [[ann, '2031-03-31'], [bob, '2031-12-31']] as const) {
      await writeAndPersist(server, orgDocName(id, who.orgId), who.token, (doc) => {
        doc.getMap('entries').set('tyres', { annualSpend: 5_000_000, supplierCount: 1, mainSuppliers: [], notes: '', sourceLineIds: [], contractEnd: end })
      })
    }
    md = await (await get(ann.token, `/api/boards/${id}/report.md`)).text()
    rows = parseCsv(await (await get(ann.token, `/api/boards/${id}/report.csv`)).text()).records.map((r) => [...r.fields]).filter((f) => f.length > 1)
  })

  it('the date entered once shows as each body’s current contract, in renewal windows and the opportunity', () => {
    expect(md).toMatch(/Fleet tyres: (LCC, LC|LC, LCC) end 2031-03-31 to 2031-12-31; start a joint procurement by \*\*2030-06-30\*\*/)
    expect(md).toContain('| LCC | not entered (from “current contract ends”) | not entered | 2031-03-31 | – | not entered | – | – |')
    expect(md).toContain('- Latest start for a joint procurement: **2030-06-30**.')
    const pooled = rows.find((r) => cell(r, 'category_id') === 'tyres' && cell(r, 'row_type') === 'pooled')
    expect([cell(pooled, 'nearest_contract_end'), cell(pooled, 'latest_start'), cell(pooled, 'contract_value_pence')]).toEqual(['2031-03-31', '2030-06-30', '0'])
    const lcc = rows.find((r) => cell(r, 'category_id') === 'tyres' && cell(r, 'organisation_id') === ann.orgId)
    expect(cell(lcc, 'nearest_contract_end')).toBe('2031-03-31')
    expect(md).not.toContain('## Data problems')
  })
})

describe('who may download', () => {
  it('a stranger gets 404, no session 401, for both formats', async () => {
    const sam = await server.signup('Sam', undefined, org('Preston City Council', 'PCC'))
    for (const ext of ['md', 'csv']) {
      expect((await get(sam.token, `/api/boards/${board}/report.${ext}`)).status).toBe(404)
      expect((await get(null, `/api/boards/${board}/report.${ext}`)).status).toBe(401)
      expect((await get(sam.token, `/api/boards/AAAAAAAAAAAAAAAAAAAAAA/report.${ext}`)).status).toBe(404)
    }
  })

  it('an empty board still reports, with nothing invented', async () => {
    const empty = await server.createBoard('Empty', ann.token)
    const res = await get(ann.token, `/api/boards/${empty}/report.md`)
    expect(res.status).toBe(200)
    const md = await res.text()
    expect(md).toContain("figures from 0 organisations' entries")
    expect(md).toContain('**Total pooled spend:** £0.00 a year across 0 categories.')
    const csv = await (await get(ann.token, `/api/boards/${empty}/report.csv`)).text()
    expect(csv.trim().split('\r\n')).toHaveLength(1)
  })
})

describe('cell rules', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+44 1772 000000', "'+44 1772 000000"],
    ['-£12.00', "'-£12.00"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['  =cmd|', "'  =cmd|"],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['£1,000.00', '"£1,000.00"'],
    ['Fleet tyres', 'Fleet tyres'],
  ])('text %j is written as %j', (input, output) => {
    expect(csvCell(input)).toBe(output)
  })

  it('numeric cells stay bare numbers, negative ones included; empty stays empty', () => {
    expect(toCsv([[-1200, 0, 12_500_050, null, 'x']])).toBe('-1200,0,12500050,,x\r\n')
  })

  it('download names are safe ASCII', () => {
    expect(reportFilename('Fleet & tyres: 2025/26', '2025-06-01', 'csv')).toBe('fleet-tyres-2025-26-category-plan-2025-06-01.csv')
    expect(reportFilename('"; rm -rf / ; \u202e', '2025-06-01', 'md')).toBe('rm-rf-category-plan-2025-06-01.md')
    expect(reportFilename('Énergie — 能源', 'x', 'md')).toBe('energie-category-plan-undated.md')
  })

  it('Markdown text cannot open links, HTML or table cells', () => {
    expect(mdText('[x](http://e) <img src=x> a|b *c*\nnext')).toBe('\\[x\\](http://e) \\<img src=x\\> a\\|b \\*c\\* next')
  })
})
