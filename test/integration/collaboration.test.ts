/**
 * The opportunity finder and the forward plan over HTTP (issue 12): councils import registers and a shared notice,
 * the pairs come back ranked with their reasons, the window is validated, an opportunity board is opened with the
 * bodies invited (and its category card), and the forward plan comes as JSON, as CSV and as pipeline notice data.
 * Dates are counted from today, as the server counts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pipelinePeriod } from '../../shared/contracts/forward-plan'
import { addMonths, type IsoDate } from '../../shared/domain/dates'
import {
  CollaborationPairsSchema,
  ContractImportJobSchema,
  ForwardPlanSchema,
  OpenOpportunityBoardResponseSchema,
  PipelineNoticeSchema,
  type ContractImportJob,
} from '../../shared/schema/contracts-api'
import { extractFile, registerCsv } from '../support/contract-files'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'

let server: TestServer
let chorley: TestAccount
let preston: TestAccount
let southRibble: TestAccount
let wyre: TestAccount

const today = new Date().toISOString().slice(0, 10) as IsoDate
/** Today plus `months`, written dd/mm/yyyy as registers publish it. */
function inMonths(months: number): string {
  const r = addMonths(today, months)
  if (!r.ok) throw new Error(r.error.message)
  return `${r.value.slice(8, 10)}/${r.value.slice(5, 7)}/${r.value.slice(0, 4)}`
}
const period = (() => {
  const r = pipelinePeriod(today)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
})()
/** A contract ending 12 months after the reporting period starts: its tender notice (9 months before) falls in the period. */
const highwaysEnd = (() => {
  const r = addMonths(period.from, 12)
  if (!r.ok) throw new Error(r.error.message)
  return `${r.value.slice(8, 10)}/${r.value.slice(5, 7)}/${r.value.slice(0, 4)}`
})()

async function importFile(who: TestAccount, filename: string, bytes: Uint8Array): Promise<ContractImportJob> {
  const res = await fetch(`${server.url}/api/orgs/${who.orgId}/contracts/files?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream' },
    body: bytes as Uint8Array<ArrayBuffer>,
  })
  expect(res.status).toBe(202)
  const { importId } = (await res.json()) as { importId: string }
  for (let i = 0; i < 400; i++) {
    const job = ContractImportJobSchema.parse(await (await server.api(who.token, 'GET', `/api/contracts/imports/${importId}`)).json())
    if (job.status !== 'queued' && job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('import did not finish')
}

const sharedNotice = {
  id: '5e553c51-0000-4000-8000-00000000bbbb',
  title: 'Supply of battery powered machinery for Chorley Council and South Ribble Borough Council',
  description: 'Battery powered grounds machinery for a period of 4 years.',
  organisation: 'Chorley Council and South Ribble Borough Council',
  supplier: 'Greenfields Machinery Ltd',
  awardedDate: '2025-03-01',
  valuePounds: 120000,
  cpv: '16000000',
}

/** Today plus `months`, ISO. */
function isoInMonths(months: number): string {
  const r = addMonths(today, months)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

/** A Contracts Finder extract holding one open pipeline notice (a planned procurement, nothing awarded). */
function pipelineExtract(): Uint8Array {
  const file = JSON.parse(new TextDecoder().decode(extractFile('preston', [{
    id: '9a000000-0000-4000-8000-00000000cccc', title: 'Street cleansing vehicles', organisation: 'Preston City Council',
    supplier: '', awardedDate: today, valuePounds: 2500000, cpv: '34144000',
  }]))) as { contracts: Array<Record<string, unknown>> }
  Object.assign(file.contracts[0] ?? {}, {
    notice_type: 'Pipeline', status: 'open', published_date: today, deadline_date: isoInMonths(4), awarded_date: null,
    awarded_value: 0, awarded_supplier: '', value_low: 2500000,
  })
  return new TextEncoder().encode(JSON.stringify(file))
}

beforeAll(async () => {
  server = await startTestServer()
  chorley = await server.signup('Carol', 'Chorley Council')
  preston = await server.signup('Pat', 'Preston City Council')
  southRibble = await server.signup('Sam', 'South Ribble Borough Council')
  wyre = await server.signup('Will', 'Wyre Council')
  const jobs = [
    await importFile(chorley, 'chorley-register.csv', registerCsv('Chorley Council', [
      { ref: 'C-1', title: 'Waste collection', supplier: 'Veolia ES (UK) Ltd', value: '£3,000,000.00', start: '01/04/2020', end: inMonths(12), cpv: '90511000' },
      { ref: 'C-2', title: 'Legal advice', supplier: 'Weightmans LLP', value: '50000', start: '01/04/2024', end: inMonths(30), cpv: '79100000' },
      { ref: 'C-3', title: 'Highways maintenance', supplier: 'Tarmac', value: '9000000', start: '01/04/2022', end: highwaysEnd, cpv: '45233141' },
    ])),
    await importFile(preston, 'preston-register.csv', registerCsv('Preston City Council', [
      { ref: 'P-1', title: 'Refuse transport', supplier: 'VEOLIA ES (UK) LIMITED', value: '1200000', start: '01/04/2021', end: inMonths(20), cpv: '90512000' },
      { ref: 'P-2', title: 'Legal services', supplier: 'Weightmans LLP', value: '40000', start: '01/04/2022', end: inMonths(-2), cpv: '79100000' },
    ])),
    await importFile(southRibble, 'south-ribble-register.csv', registerCsv('South Ribble Borough Council', [
      { ref: 'S-1', title: 'Waste disposal', supplier: 'Biffa', value: '', start: '01/04/2022', end: inMonths(16), cpv: '90500000' },
    ])),
    await importFile(chorley, 'chorley.json', extractFile('chorley', [sharedNotice])),
    await importFile(southRibble, 'south_ribble.json', extractFile('south_ribble', [sharedNotice])),
    await importFile(preston, 'preston.json', pipelineExtract()),
  ]
  for (const job of jobs) expect(job.status).toBe('done')
})
afterAll(async () => {
  await server.destroy()
})

describe('GET /api/collaboration/pairs', () => {
  it('ranks the pairs best first with their reasons', async () => {
    const res = await server.api(wyre.token, 'GET', '/api/collaboration/pairs?windowMonths=18')
    expect(res.status).toBe(200)
    const body = CollaborationPairsSchema.parse(await res.json())
    expect(body.windowMonths).toBe(18)
    const key = (ids: readonly string[]) => [...ids].sort().join()
    expect(body.pairs.map((p) => [key(p.orgIds), p.score])).toEqual([
      // waste aligned 20 + joint 15 + Greenfields in common 2 + £3m 12
      [key([chorley.orgId, southRibble.orgId]), 49],
      // waste aligned 20 + Veolia and Weightmans 4 + £4.2m 13
      [key([chorley.orgId, preston.orgId]), 37],
      // waste aligned 20 + £1.2m 10
      [key([preston.orgId, southRibble.orgId]), 30],
    ])
    const [cs, cp] = body.pairs
    expect(cs?.names).toEqual(['Chorley Council', 'South Ribble Borough Council'])
    expect(cs?.reasons.map((r) => [r.kind, r.points])).toEqual([['aligned-contracts', 20], ['joint-history', 15], ['shared-suppliers', 2], ['combined-value', 12]])
    expect(cs?.reasons[1]?.text).toBe(`bought together before: 1 joint procurement, e.g. “${sharedNotice.title}”`)
    expect(cs?.jointProcurements).toEqual([{ noticeIds: [sharedNotice.id], title: sharedNotice.title }])
    expect(cp?.sharedSuppliers).toHaveLength(2)
    expect(cp?.alignedContracts).toHaveLength(1)
    expect(cp?.alignedContracts[0]).toMatchObject({ cpvGroup: '905', cpvGroupLabel: 'Refuse and waste related services', titles: ['Waste collection', 'Refuse transport'], combinedValuePence: 420_000_000 })
    expect(cp?.reasons[0]?.text).toMatch(/^2 contracts for Refuse and waste related services end within 8 months of each other \(\w{3} \d{4} – \w{3} \d{4}\); start by \w{3} \d{4}$/)
    // Three councils' waste contracts fall in one window.
    expect(body.groups.map((g) => [key(g.orgIds), g.cpvGroup])).toEqual([[key([chorley.orgId, preston.orgId, southRibble.orgId]), '905']])
  })

  it('takes the window from the query and refuses a bad one with 400', async () => {
    const narrow = CollaborationPairsSchema.parse(await (await server.api(wyre.token, 'GET', '/api/collaboration/pairs?windowMonths=3')).json())
    expect(narrow.windowMonths).toBe(3)
    expect(narrow.pairs.flatMap((p) => p.alignedContracts)).toEqual([])
    const byDefault = CollaborationPairsSchema.parse(await (await server.api(wyre.token, 'GET', '/api/collaboration/pairs')).json())
    expect(byDefault.windowMonths).toBe(18)
    for (const bad of ['0', '121', 'abc', '1.5', '-3', '']) {
      const res = await server.api(wyre.token, 'GET', `/api/collaboration/pairs?windowMonths=${bad}`)
      expect(res.status, bad).toBe(400)
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('windowMonths')
    }
    expect((await server.api(null, 'GET', '/api/collaboration/pairs')).status).toBe(401)
  })
})

describe('GET /api/contracts/forward-plan', () => {
  it('lists the expiries and planned procurements of the bodies the caller works with: at first only their own', async () => {
    const res = await server.api(preston.token, 'GET', '/api/contracts/forward-plan?months=36')
    expect(res.status).toBe(200)
    const plan = ForwardPlanSchema.parse(await res.json())
    expect(plan.from).toBe(today)
    expect(new Set(plan.rows.map((r) => r.orgName))).toEqual(new Set(['Preston City Council']))
    // The pipeline notice's tender (in 4 months) comes before the latest start for Refuse transport (20 − 9 months).
    expect(plan.rows.map((r) => [r.title, r.kind, r.alignedWith])).toEqual([['Street cleansing vehicles', 'planned', []], ['Refuse transport', 'expiry', []]])
    expect(plan.rows[0]).toMatchObject({ date: isoInMonths(4), latestStart: isoInMonths(4), dateIsEstimated: false, category: 'Motor vehicles', valuePence: 250_000_000, contractId: null })
    expect((await server.api(preston.token, 'GET', '/api/contracts/forward-plan?months=0')).status).toBe(400)
  })
})

describe('POST /api/collaboration/boards', () => {
  let boardId = ''

  it('opens a board owned by the caller, shared with each body as editor, with a category card for the CPV group', async () => {
    const res = await server.api(chorley.token, 'POST', '/api/collaboration/boards', { orgIds: [chorley.orgId, preston.orgId], title: 'Waste: Chorley and Preston', cpvGroup: '905' })
    expect(res.status).toBe(201)
    const answer = OpenOpportunityBoardResponseSchema.parse(await res.json())
    boardId = answer.boardId
    expect(answer.categoryId).toMatch(/^[A-Za-z0-9_-]{1,64}$/)
    const shares = (await (await server.api(chorley.token, 'GET', `/api/boards/${boardId}/shares`)).json()) as { shares: Array<{ principalType: string; principalId: string; role: string }> }
    expect(shares.shares.filter((s) => s.principalType === 'org').map((s) => [s.principalId, s.role]).sort()).toEqual(
      [[chorley.orgId, 'editor'], [preston.orgId, 'editor']].sort(),
    )
    const board = (await (await server.api(chorley.token, 'GET', `/api/boards/${boardId}`)).json()) as { title: string; myRole: string; ownerId: string }
    expect(board).toMatchObject({ title: 'Waste: Chorley and Preston', myRole: 'owner', ownerId: chorley.userId })
    const forPreston = (await (await server.api(preston.token, 'GET', '/api/boards')).json()) as { boards: Array<{ id: string; myRole: string }> }
    expect(forPreston.boards.find((b) => b.id === boardId)?.myRole).toBe('editor')
    // The category card is in the board's planning document: the report lists it.
    const csv = await (await server.api(preston.token, 'GET', `/api/boards/${boardId}/report.csv`)).text()
    expect(csv).toContain('Refuse and waste related services')
    expect(csv).toContain(answer.categoryId)
  })

  it('refuses a caller outside the bodies (403), too few bodies (400) and an unknown body (404), storing nothing', async () => {
    const before = ((await (await server.api(wyre.token, 'GET', '/api/boards')).json()) as { boards: unknown[] }).boards.length
    expect((await server.api(wyre.token, 'POST', '/api/collaboration/boards', { orgIds: [chorley.orgId, preston.orgId], title: 'Not mine' })).status).toBe(403)
    expect((await server.api(wyre.token, 'POST', '/api/collaboration/boards', { orgIds: [wyre.orgId], title: 'Alone' })).status).toBe(400)
    expect((await server.api(wyre.token, 'POST', '/api/collaboration/boards', { orgIds: [wyre.orgId, wyre.orgId], title: 'Twice' })).status).toBe(400)
    expect((await server.api(wyre.token, 'POST', '/api/collaboration/boards', { orgIds: [wyre.orgId, chorley.orgId], title: 'Bad group', cpvGroup: '9' })).status).toBe(400)
    expect((await server.api(wyre.token, 'POST', '/api/collaboration/boards', { orgIds: [wyre.orgId, 'no-such-org'], title: 'Ghost' })).status).toBe(404)
    expect((await server.api(null, 'POST', '/api/collaboration/boards', { orgIds: [wyre.orgId, chorley.orgId], title: 'Anon' })).status).toBe(401)
    const after = ((await (await server.api(wyre.token, 'GET', '/api/boards')).json()) as { boards: unknown[] }).boards.length
    expect(after).toBe(before)
  })

  it('after sharing a board, the forward plan covers the other body too, aligned', async () => {
    expect(boardId).not.toBe('')
    const plan = ForwardPlanSchema.parse(await (await server.api(preston.token, 'GET', '/api/contracts/forward-plan')).json())
    expect(new Set(plan.rows.map((r) => r.orgName))).toEqual(new Set(['Chorley Council', 'Preston City Council']))
    const refuse = plan.rows.find((r) => r.title === 'Refuse transport')
    expect(refuse?.alignedWith).toEqual(['Chorley Council'])
    const sorted = [...plan.rows].sort((a, b) => (a.latestStart < b.latestStart ? -1 : a.latestStart > b.latestStart ? 1 : 0))
    expect(plan.rows.map((r) => r.latestStart)).toEqual(sorted.map((r) => r.latestStart))
  })
})

describe('GET /api/contracts/forward-plan.csv', () => {
  it('downloads the plan as CSV with money in pounds and pence', async () => {
    const res = await server.api(chorley.token, 'GET', '/api/contracts/forward-plan.csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="forward-plan-\d{4}-\d{2}-\d{2}\.csv"/)
    const text = await res.text()
    const lines = text.split('\r\n')
    expect(lines[0]).toBe('kind,body,organisation_id,category,cpv_group,cpv_codes,title,supplier,date,date_is_estimated,quarter,latest_start,value_gbp,value_pence,aligned_with,contract_id,notice_id,basis')
    expect(text.endsWith('\r\n')).toBe(true)
    const waste = lines.find((l) => l.includes(',Waste collection,'))
    expect(waste).toContain('expiry,Chorley Council,')
    expect(waste).toContain(',3000000.00,300000000,Preston City Council,')
  })
})

describe('GET /api/orgs/:orgId/contracts/pipeline-notice', () => {
  it('gives members the data for their pipeline notice', async () => {
    const res = await server.api(chorley.token, 'GET', `/api/orgs/${chorley.orgId}/contracts/pipeline-notice`)
    expect(res.status).toBe(200)
    const notice = PipelineNoticeSchema.parse(await res.json())
    expect(notice).toMatchObject({ organisation: 'Chorley Council', financialYear: period.financialYear, publishBy: period.publishBy, period: { from: period.from, to: period.to } })
    expect(notice.contracts.map((e) => [e.title, e.estimatedValuePence, e.cpvCodes])).toContainEqual(['Highways maintenance', 900_000_000, ['45233141']])
    for (const e of notice.contracts) expect(e.estimatedValuePence).toBeGreaterThan(200_000_000)
    expect(notice.notes.join(' ')).toContain('s.93')
  })

  it('is for members only', async () => {
    expect((await server.api(preston.token, 'GET', `/api/orgs/${chorley.orgId}/contracts/pipeline-notice`)).status).toBe(404)
  })
})

describe('who sees what', () => {
  it('ranks on the contracts the caller may see: a confidential contract counts only for its own organisation', async () => {
    const list = (await (await server.api(chorley.token, 'GET', `/api/orgs/${chorley.orgId}/contracts`)).json()) as { contracts: Array<{ id: string; title: string }> }
    const legal = list.contracts.find((c) => c.title === 'Legal advice')
    expect(legal).toBeDefined()
    const put = await server.api(chorley.token, 'PUT', `/api/orgs/${chorley.orgId}/contracts/${legal?.id ?? ''}/confidential`, { confidential: true })
    expect(put.status).toBe(200)
    const pairFor = async (who: TestAccount) => {
      const body = CollaborationPairsSchema.parse(await (await server.api(who.token, 'GET', '/api/collaboration/pairs')).json())
      return body.pairs.find((p) => p.orgIds.includes(chorley.orgId) && p.orgIds.includes(preston.orgId))
    }
    // Chorley still sees its legal contract with Weightmans LLP; Wyre does not, so only Veolia is in common for it.
    expect((await pairFor(chorley))?.sharedSuppliers).toHaveLength(2)
    const seenByWyre = await pairFor(wyre)
    expect(seenByWyre?.sharedSuppliers).toHaveLength(1)
    expect(seenByWyre?.score).toBe(35)
  })
})
