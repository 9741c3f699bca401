/**
 * A board's pooled spend over HTTP (issue 11 parts 4 and 5): aggregates only for the board's linked categories and
 * participating bodies, a cheap `?since=` poll, hand-entered figures kept and marked, line detail for a body's own
 * members and for partners only where the body shares it, and sharing changed only by that body's administrators.
 * Spend is seeded straight into the spend store (test/support/seed-spend.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { createCategory, setOrgEntry } from '../../shared/doc/planning-writers'
import { BoardSpendLinesSchema, BoardSpendSchema, OrgLineSharingSchema, type BoardSpend } from '../../shared/schema/board-spend-api'
import { orgDocName } from '../../shared/wire/protocol'
import type { SpendDb } from '../../server/spend/spend-db'
import { openTestSpendDb, seedSpendFile, type SeedLine } from '../support/seed-spend'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'
import { waitFor } from '../support/wait-for'
import { connectSynced, type YClient } from '../support/yclient'

const AT = '2026-01-05T09:00:00.000Z'
let server: TestServer
let spendDb: SpendDb
let ann: TestAccount // Bolton (owner), admin of Bolton
let bob: TestAccount // Oldham, editor on the board, admin of Oldham
let bobby: TestAccount // Oldham, a plain member (not an administrator), viewer on the board
let dan: TestAccount // Wigan, editor, no data: types a figure by hand
let eve: TestAccount // Salford, viewer, no data
let carl: TestAccount // Rochdale: has data, not on the board
let board: string
const clients: YClient[] = []

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}
const org = (name: string, shortName: string) => ({ organisation: { name, shortName, colour: '#1f77b4' } })

async function writeAndPersist(room: string, token: string, write: (doc: Y.Doc) => void): Promise<void> {
  const writer = await connectSynced(server.wsUrl, room, { params: { token } })
  clients.push(writer)
  write(writer.doc)
  await waitFor(() => writer.provider.synced && (writer.provider as unknown as { ws: { bufferedAmount: number } | null }).ws?.bufferedAmount === 0, 5000, 'flushed')
  // A fresh reader sees the writes only once they are durable (R4).
  const reader = await connectSynced(server.wsUrl, room, { params: { token } })
  clients.push(reader)
  const { encodeStateVector } = await import('yjs')
  const sv = Buffer.from(encodeStateVector(writer.doc))
  await waitFor(() => Buffer.from(encodeStateVector(reader.doc)).equals(sv), 5000, `${room} persisted`)
}

const L = (date: string, amountPence: number, supplierName: string, code: string | null, supplierKey?: string): SeedLine => ({ date, amountPence, supplierName, code, ...(supplierKey === undefined ? {} : { supplierKey }) })

// Bolton: a year of 2019. Tyres (2911xx) with Acme and Bee and a redacted line; care (3211xx) with Zed.
const BOLTON: SeedLine[] = [
  L('2019-01-10', 50_000, 'Acme Tyres Ltd', '291120'),
  L('2019-06-10', 10_000, 'Acme Tyres Ltd', '291130'),
  L('2019-12-20', 20_000, 'Bee Wheels', '291120'),
  L('2019-03-01', 5_000, 'Redacted', '291120', ''),
  L('2019-04-01', 99_999, 'Zed Care', '321115'),
  L('2019-05-01', 7_777, 'Acme Tyres Ltd', null),
  ...Array.from({ length: 8 }, (_, i) => L(`2019-${String(i + 2).padStart(2, '0')}-15`, 1, 'Month filler', '990000')),
]
// Oldham: Acme too (same identity), and Cee.
const OLDHAM: SeedLine[] = [L('2019-02-01', 30_000, 'ACME TYRES LIMITED', '291120', 'acme tyres ltd'), L('2019-11-30', 10_000, 'Cee Tyre Recycling', '291199')]
// Rochdale, not on the board: must never show anywhere.
const ROCHDALE: SeedLine[] = [L('2019-02-01', 777_000, 'Rochdale Secret Supplier', '291120')]

const get = (who: TestAccount | null, path: string) => server.api(who?.token ?? null, 'GET', path)
async function boardSpend(who: TestAccount): Promise<BoardSpend> {
  const res = await get(who, `/api/boards/${board}/spend`)
  expect(res.status).toBe(200)
  return BoardSpendSchema.parse(await res.json())
}
const share = (boardId: string, principalType: 'user' | 'org', principalId: string, role: string) => server.api(ann.token, 'PUT', `/api/boards/${boardId}/shares`, { principalType, principalId, role })

beforeAll(async () => {
  server = await startTestServer()
  ann = await server.signup('Ann', undefined, org('Bolton Council', 'Bolton'))
  bob = await server.signup('Bob', undefined, org('Oldham Council', 'Oldham'))
  dan = await server.signup('Dan', undefined, org('Wigan Council', 'Wigan'))
  eve = await server.signup('Eve', undefined, org('Salford Council', 'Salford'))
  carl = await server.signup('Carl', undefined, org('Rochdale Council', 'Rochdale'))
  const invite = await server.api(bob.token, 'POST', `/api/orgs/${bob.orgId}/invites`, { role: 'member' })
  bobby = await server.signup('Bobby', undefined, { orgInviteToken: ((await invite.json()) as { token: string }).token })
  board = await server.createBoard('Greater Manchester fleet', ann.token)
  for (const [who, role] of [[bob, 'editor'], [dan, 'editor'], [eve, 'viewer'], [bobby, 'viewer']] as const) {
    expect((await share(board, 'user', who.userId, role)).status).toBe(200)
  }
  await writeAndPersist(board, ann.token, (doc) => {
    must(createCategory(doc, { id: 'tyres', name: 'Fleet tyres', spendCodes: ['2911'] }, ann.userId, AT))
    must(createCategory(doc, { id: 'care', name: 'Children’s care', spendCodes: ['3211'] }, ann.userId, AT))
    must(createCategory(doc, { id: 'legal', name: 'Legal services' }, ann.userId, AT))
  })
  await writeAndPersist(orgDocName(board, dan.orgId), dan.token, (doc) => {
    must(setOrgEntry(doc, 'tyres', { annualSpend: 1_234_500, supplierCount: 2, mainSuppliers: ['Acme'], notes: '', sourceLineIds: [] }))
  })
  spendDb = openTestSpendDb(server.dataDir)
  seedSpendFile(spendDb, ann.orgId, 'bolton_2019.csv', BOLTON)
  seedSpendFile(spendDb, carl.orgId, 'rochdale_2019.csv', ROCHDALE)
})

afterAll(async () => {
  for (const c of clients) c.destroy()
  spendDb?.close()
  await server?.destroy()
})

describe('GET /api/boards/:boardId/spend', () => {
  it('is 404 for anyone who cannot read the board, 401 signed out, 400 for a bad id', async () => {
    expect((await get(carl, `/api/boards/${board}/spend`)).status).toBe(404)
    expect((await get(null, `/api/boards/${board}/spend`)).status).toBe(401)
    const bad = await get(ann, `/api/boards/${'x'.repeat(300)}/spend`)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('validation_failed')
  })

  it('gives every reader the linked categories only, for the participating bodies only', async () => {
    const spend = await boardSpend(eve)
    expect(spend.categories.map((c) => c.categoryId)).toEqual(['care', 'tyres'])
    expect(spend.orgs.map((o) => o.shortName)).toEqual(['Bolton', 'Oldham', 'Salford', 'Wigan'])
    // Rochdale has data under the same code but is not on the board: nothing of it shows.
    const text = JSON.stringify(spend)
    expect(text).not.toContain('Rochdale')
    expect(text).not.toContain(carl.orgId)
    expect(spend.categories.find((c) => c.categoryId === 'tyres')?.totalPence).toBe(85_000)
  })

  it('states each body’s figure with its source and period; a typed figure stays, marked as entered by hand', async () => {
    const tyres = (await boardSpend(eve)).categories.find((c) => c.categoryId === 'tyres')
    const by = (orgId: string) => tyres?.byOrg.find((o) => o.orgId === orgId)
    expect(by(ann.orgId)).toMatchObject({ source: 'data', totalPence: 85_000, annualisedPence: 85_000, transactions: 4, suppliers: 2, withheldPence: 5_000, periodLabel: '12 months to 20 Dec 2019' })
    expect(by(ann.orgId)?.topSuppliers.map((s) => s.name)).toEqual(['Acme Tyres Ltd', 'Bee Wheels'])
    expect(by(dan.orgId)).toMatchObject({ source: 'hand', handEnteredPence: 1_234_500, periodLabel: 'entered by hand', totalPence: 0 })
    expect(by(eve.orgId)).toMatchObject({ source: 'none', handEnteredPence: null })
    expect(by(bob.orgId)?.source).toBe('none')
    expect(tyres?.periodLabel).toBe('12 months to 20 Dec 2019')
  })

  it('answers {unchanged} to ?since= the current version, and a new version once a body imports', async () => {
    const first = await boardSpend(bob)
    const same = await get(bob, `/api/boards/${board}/spend?since=${encodeURIComponent(first.version)}`)
    expect(await same.json()).toEqual({ unchanged: true, version: first.version })
    seedSpendFile(spendDb, bob.orgId, 'oldham_2019.csv', OLDHAM)
    const after = await get(bob, `/api/boards/${board}/spend?since=${encodeURIComponent(first.version)}`)
    const spend = BoardSpendSchema.parse(await after.json())
    expect(spend.version).not.toBe(first.version)
    const tyres = spend.categories.find((c) => c.categoryId === 'tyres')
    expect(tyres?.byOrg.find((o) => o.orgId === bob.orgId)).toMatchObject({ source: 'data', totalPence: 40_000, periodLabel: 'annualised from 10 months to 30 Nov 2019', annualisedPence: 48_000 })
    // Shared suppliers: Acme, matched across the two bodies, with combined spend.
    expect(tyres?.shared.count).toBe(1)
    expect(tyres?.shared.suppliers[0]).toMatchObject({ key: 'acme tyres ltd', totalPence: 90_000 })
    expect(tyres?.shared.suppliers[0]?.byOrg.map((p) => p.totalPence)).toEqual(ann.orgId < bob.orgId ? [60_000, 30_000] : [30_000, 60_000])
    // Pareto, tail and fragmentation over the 120,000 of named spend.
    expect(tyres?.pareto).toMatchObject({ supplierCount: 3, namedPence: 120_000, suppliersFor80: 2, pence80: 110_000 })
    expect(tyres?.tail).toEqual({ suppliers: 1, totalPence: 10_000 })
    expect(tyres?.fragmentation.suppliers).toBe(3)
  })

  it('changes version when a category is linked to other codes', async () => {
    const before = await boardSpend(ann)
    const { updateCategoryField } = await import('../../shared/doc/planning-writers')
    await writeAndPersist(board, ann.token, (doc) => must(updateCategoryField(doc, 'legal', 'spendCodes', ['99'])))
    const after = await boardSpend(ann)
    expect(after.version).not.toBe(before.version)
    expect(after.categories.find((c) => c.categoryId === 'legal')?.totalPence).toBe(8)
  })

  it('links a category with no codes of its own through its ProClass code (effectiveSpendCodes), lines included', async () => {
    await writeAndPersist(board, ann.token, (doc) => must(createCategory(doc, { id: 'zcare', name: 'Care by code', proclassCode: '321115' }, ann.userId, AT)))
    const care = (await boardSpend(eve)).categories.find((c) => c.categoryId === 'zcare')
    expect(care).toMatchObject({ spendCodes: ['321115'], totalPence: 99_999, transactions: 1 })
    expect(care?.byOrg.find((o) => o.orgId === ann.orgId)).toMatchObject({ source: 'data', totalPence: 99_999, periodLabel: '12 months to 20 Dec 2019' })
    const own = await get(ann, `/api/boards/${board}/spend/lines?categoryId=zcare&orgId=${ann.orgId}`)
    expect(own.status).toBe(200)
    expect(BoardSpendLinesSchema.parse(await own.json())).toMatchObject({ total: 1, totalPence: 99_999 })
    // Its own list, once given, is what counts: the ProClass code no longer adds to it.
    const { updateCategoryField } = await import('../../shared/doc/planning-writers')
    await writeAndPersist(board, ann.token, (doc) => must(updateCategoryField(doc, 'zcare', 'spendCodes', ['2911'])))
    expect((await boardSpend(eve)).categories.find((c) => c.categoryId === 'zcare')).toMatchObject({ spendCodes: ['2911'], totalPence: 125_000 })
  })
})

/** RFC 4180 rows (the report's CSV quotes cells with commas, quotes or line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') row.push(cell), (cell = '')
    else if (ch === '\n') row.push(cell), rows.push(row), (row = []), (cell = '')
    else if (ch !== '\r') cell += ch
  }
  return rows
}

describe('reports with figures from spend data', () => {
  it('count each body’s data figure in the CSV and say which figures are from data, with their period', async () => {
    const res = await get(eve, `/api/boards/${board}/report.csv`)
    expect(res.status).toBe(200)
    const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''))
    const col = (name: string) => header?.indexOf(name) ?? -1
    const row = (orgId: string | null) =>
      rows.find((r) => r[col('category_id')] === 'tyres' && (orgId === null ? r[col('row_type')] === 'pooled' : r[col('organisation_id')] === orgId)) ?? expect.fail(`no row ${orgId}`)
    const pick = (r: string[], ...names: string[]) => Object.fromEntries(names.map((n) => [n, r[col(n)]]))
    const fields = ['annual_spend_pence', 'spend_source', 'spend_period', 'spend_transactions'] as const
    expect(pick(row(ann.orgId), ...fields)).toEqual({ annual_spend_pence: '85000', spend_source: 'data', spend_period: '12 months to 20 Dec 2019', spend_transactions: '4' })
    // Oldham's ten months, annualised: 40,000 → 48,000.
    expect(pick(row(bob.orgId), ...fields)).toEqual({ annual_spend_pence: '48000', spend_source: 'data', spend_period: 'annualised from 10 months to 30 Nov 2019', spend_transactions: '2' })
    expect(pick(row(dan.orgId), ...fields)).toEqual({ annual_spend_pence: '1234500', spend_source: 'hand', spend_period: 'entered by hand', spend_transactions: '' })
    expect(pick(row(null), 'annual_spend_pence', 'spend_source')).toEqual({ annual_spend_pence: String(85_000 + 48_000 + 1_234_500), spend_source: 'data and hand' })
    // Rochdale (data under the same code, not on the board) never counts.
    expect(rows.some((r) => r[col('organisation_id')] === carl.orgId)).toBe(false)
  })

  it('label each body’s figure in the Markdown report', async () => {
    const res = await get(eve, `/api/boards/${board}/report.md`)
    expect(res.status).toBe(200)
    const md = await res.text()
    expect(md).toContain('| Figure from |')
    expect(md).toContain('spend data, 12 months to 20 Dec 2019, 4 payments')
    expect(md).toContain('spend data, annualised from 10 months to 30 Nov 2019, 2 payments')
    expect(md).toMatch(/Pooled spend \*\*£13,675\.00\*\* from 3 organisation\(s\) \(2 from spend data, 1 entered by hand\)/)
  })
})

describe('GET /api/boards/:boardId/spend/lines', () => {
  const lines = (who: TestAccount | null, q: string) => get(who, `/api/boards/${board}/spend/lines?${q}`)

  it("gives a body's own members its lines in the category, and only those", async () => {
    const res = await lines(ann, `categoryId=tyres&orgId=${ann.orgId}`)
    expect(res.status).toBe(200)
    const body = BoardSpendLinesSchema.parse(await res.json())
    expect(body.total).toBe(4)
    expect(body.totalPence).toBe(85_000)
    expect(body.lines.every((l) => l.proclassCode?.startsWith('2911'))).toBe(true)
    expect(body.periodLabel).toBe('12 months to 20 Dec 2019')
    const acme = BoardSpendLinesSchema.parse(await (await lines(ann, `categoryId=tyres&orgId=${ann.orgId}&supplierKey=${encodeURIComponent('acme tyres ltd')}`)).json())
    expect(acme.totalPence).toBe(60_000)
  })

  it("refuses a partner another body's lines with 403 until that body shares line detail with this board", async () => {
    const refused = await lines(eve, `categoryId=tyres&orgId=${ann.orgId}`)
    expect(refused.status).toBe(403)
    const envelope = (await refused.json()) as { error: { code: string; message: string } }
    expect(envelope.error).toMatchObject({ code: 'forbidden', message: 'line detail not shared by Bolton Council' })
    expect((await lines(bob, `categoryId=tyres&orgId=${ann.orgId}`)).status).toBe(403)

    expect((await server.api(ann.token, 'PUT', `/api/orgs/${ann.orgId}/spend/sharing/${board}`, { lineDetail: true })).status).toBe(200)
    const shared = await lines(eve, `categoryId=tyres&orgId=${ann.orgId}`)
    expect(shared.status).toBe(200)
    const body = BoardSpendLinesSchema.parse(await shared.json())
    // Still only Bolton's lines, and only in the board's category.
    expect(body.lines.map((l) => l.supplierName).sort()).toEqual(['Acme Tyres Ltd', 'Acme Tyres Ltd', 'Bee Wheels', 'Redacted'])
    expect((await boardSpend(eve)).orgs.find((o) => o.orgId === ann.orgId)).toMatchObject({ sharesLineDetail: true, canSeeLines: true })
    // Sharing with this board opens nothing elsewhere: the organisation's own routes stay closed.
    expect((await get(eve, `/api/orgs/${ann.orgId}/spend/lines`)).status).toBe(404)

    expect((await server.api(ann.token, 'PUT', `/api/orgs/${ann.orgId}/spend/sharing/${board}`, { lineDetail: false })).status).toBe(200)
    expect((await lines(eve, `categoryId=tyres&orgId=${ann.orgId}`)).status).toBe(403)
  })

  it('shares with one board only: another board with the same bodies stays closed', async () => {
    const other = await server.createBoard('Another board', ann.token)
    expect((await share(other, 'user', eve.userId, 'viewer')).status).toBe(200)
    await writeAndPersist(other, ann.token, (doc) => must(createCategory(doc, { id: 'tyres', name: 'Tyres', spendCodes: ['29'] }, ann.userId, AT)))
    expect((await server.api(ann.token, 'PUT', `/api/orgs/${ann.orgId}/spend/sharing/${board}`, { lineDetail: true })).status).toBe(200)
    expect((await get(eve, `/api/boards/${other}/spend/lines?categoryId=tyres&orgId=${ann.orgId}`)).status).toBe(403)
    expect((await get(eve, `/api/boards/${board}/spend/lines?categoryId=tyres&orgId=${ann.orgId}`)).status).toBe(200)
    await server.api(ann.token, 'PUT', `/api/orgs/${ann.orgId}/spend/sharing/${board}`, { lineDetail: false })
  })

  it('is 404 for outsiders, bodies not on the board, categories not on the board or not linked; 400 for a bad query', async () => {
    expect((await lines(carl, `categoryId=tyres&orgId=${carl.orgId}`)).status).toBe(404)
    expect((await lines(ann, `categoryId=tyres&orgId=${carl.orgId}`)).status).toBe(404)
    expect((await lines(ann, `categoryId=nope&orgId=${ann.orgId}`)).status).toBe(404)
    const unlinked = await server.createBoard('Unlinked', ann.token)
    await writeAndPersist(unlinked, ann.token, (doc) => must(createCategory(doc, { id: 'x', name: 'X' }, ann.userId, AT)))
    expect((await get(ann, `/api/boards/${unlinked}/spend/lines?categoryId=x&orgId=${ann.orgId}`)).status).toBe(404)
    expect((await lines(ann, `orgId=${ann.orgId}`)).status).toBe(400)
    expect((await lines(ann, `categoryId=tyres&orgId=${ann.orgId}&limit=0`)).status).toBe(400)
    expect((await lines(null, `categoryId=tyres&orgId=${ann.orgId}`)).status).toBe(401)
  })
})

describe('line-detail sharing', () => {
  const put = (who: TestAccount, orgId: string, boardId: string, body: unknown) => server.api(who.token, 'PUT', `/api/orgs/${orgId}/spend/sharing/${boardId}`, body)

  it('is changed only by an administrator of the organisation, on a board it takes part in', async () => {
    expect((await put(ann, bob.orgId, board, { lineDetail: true })).status).toBe(404) // not her organisation
    const member = await put(bobby, bob.orgId, board, { lineDetail: true })
    expect(member.status).toBe(403) // a member, not an administrator
    expect(((await member.json()) as { error: { code: string } }).error.code).toBe('forbidden')
    expect((await put(carl, carl.orgId, board, { lineDetail: true })).status).toBe(404) // cannot read the board
    expect((await put(bob, bob.orgId, 'A'.repeat(22), { lineDetail: true })).status).toBe(404)
    expect((await put(bob, bob.orgId, board, { lineDetail: 'yes' })).status).toBe(400)
    expect((await put(bob, bob.orgId, board, { lineDetail: true, extra: 1 })).status).toBe(400)
    expect((await lines(eve)).status).toBe(403)
    const ok = await put(bob, bob.orgId, board, { lineDetail: true })
    expect(ok.status).toBe(200)
    expect(OrgLineSharingSchema.parse(await ok.json()).sharing).toEqual([expect.objectContaining({ boardId: board, boardTitle: 'Greater Manchester fleet', lineDetail: true, sharedBy: 'Bob' })])
    expect((await lines(eve)).status).toBe(200)
  })

  it('is listed to the organisation’s members only', async () => {
    const res = await get(bobby, `/api/orgs/${bob.orgId}/spend/sharing`)
    expect(res.status).toBe(200)
    expect(OrgLineSharingSchema.parse(await res.json()).sharing.map((s) => s.boardId)).toEqual([board])
    expect((await get(ann, `/api/orgs/${bob.orgId}/spend/sharing`)).status).toBe(404)
    expect((await get(null, `/api/orgs/${bob.orgId}/spend/sharing`)).status).toBe(401)
  })

  it('stops applying when the body leaves the board', async () => {
    expect((await lines(eve)).status).toBe(200)
    const res = await server.api(ann.token, 'DELETE', `/api/boards/${board}/shares/user/${bob.userId}`)
    expect(res.status).toBe(200)
    await server.api(ann.token, 'DELETE', `/api/boards/${board}/shares/user/${bobby.userId}`)
    expect((await lines(eve)).status).toBe(404)
    expect((await boardSpend(eve)).orgs.some((o) => o.orgId === bob.orgId)).toBe(false)
  })

  const lines = (who: TestAccount) => get(who, `/api/boards/${board}/spend/lines?categoryId=tyres&orgId=${bob.orgId}`)
})
