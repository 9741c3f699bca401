/**
 * Spend uploads over HTTP (issue 11): accepted with 202 and imported by a worker, progress, duplicates recognised by
 * content, removal, privacy between organisations, and hostile or malformed files refused with 4xx and nothing stored.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { zipSync, strToU8 } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeSpendFile, parseSpendCsv } from '../../shared/domain/spend-import'
import { ImportJobSchema, OrgSpendDatasetSchema, type ImportJob, type OrgSpendDataset } from '../../shared/schema/spend-api'
import { startTestServer, type TestAccount, type TestServer } from '../support/start-test-server'

const FIXTURE = join(import.meta.dirname, '../fixtures/spend/trafford-council/trafford-supplier-spend-2026-27_first-18906-rows.csv')

let server: TestServer
let alice: TestAccount
let bob: TestAccount

beforeAll(async () => {
  server = await startTestServer({ env: { MAX_UPLOAD_BYTES: String(8 * 1024 * 1024) } })
  alice = await server.signup('Alice', 'Trafford Test Council')
  bob = await server.signup('Bob', 'Oldham Test Council')
})
afterAll(async () => {
  await server.destroy()
})

const upload = (who: TestAccount, orgId: string, filename: string, bytes: Uint8Array) =>
  fetch(`${server.url}/api/orgs/${orgId}/spend/files?filename=${encodeURIComponent(filename)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/octet-stream' },
    body: bytes as Uint8Array<ArrayBuffer>,
  })

async function waitForJob(who: TestAccount, importId: string): Promise<ImportJob> {
  for (let i = 0; i < 600; i++) {
    const res = await server.api(who.token, 'GET', `/api/spend/imports/${importId}`)
    expect(res.status).toBe(200)
    // Parsed with the contract's schema, as the client does: a field off the contract fails here, not in the browser.
    const job = ImportJobSchema.parse(await res.json())
    if (job.status !== 'queued' && job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('import did not finish')
}

async function dataset(who: TestAccount, orgId: string): Promise<OrgSpendDataset> {
  const res = await server.api(who.token, 'GET', `/api/orgs/${orgId}/spend`)
  expect(res.status).toBe(200)
  return OrgSpendDatasetSchema.parse(await res.json())
}

const uploadsLeft = () => readdirSync(join(server.dataDir, 'spend-uploads')).length

describe('spend uploads', () => {
  const bytes = new Uint8Array(readFileSync(FIXTURE))
  const reference = parseSpendCsv(decodeSpendFile(bytes).text, { orgId: 'o' as never, sourceId: 'ref' })
  if (!reference.ok) throw new Error('fixture does not parse')
  const expectedTotal = reference.value.lines.reduce((a, l) => a + l.amount, 0)

  let fileId = ''
  it('imports a CSV in a worker: 202, then done with the same rows and pence as the reference parser', async () => {
    const res = await upload(alice, alice.orgId, 'trafford.csv', bytes)
    expect(res.status).toBe(202)
    const { importId } = (await res.json()) as { importId: string }
    const job = await waitForJob(alice, importId)
    expect(job.status).toBe('done')
    expect(job.result?.transactions).toBe(reference.value.lines.length)
    expect(job.result?.totalPence).toBe(expectedTotal)
    expect(job.result?.periodLabel).toMatch(/annualised from \d months? to/)
    fileId = job.result?.fileId ?? ''
    const d = await dataset(alice, alice.orgId)
    expect(d.files).toHaveLength(1)
    expect(d.totalPence).toBe(expectedTotal)
    expect(d.transactions).toBe(reference.value.lines.length)
    expect(d.classifiedPence.file).toBeGreaterThan(0)
    expect(uploadsLeft()).toBe(0)
  })

  it('recognises the same bytes uploaded again and counts them once', async () => {
    const res = await upload(alice, alice.orgId, 'copy of trafford.csv', bytes)
    expect(res.status).toBe(202)
    const job = await waitForJob(alice, ((await res.json()) as { importId: string }).importId)
    expect(job.status).toBe('done')
    expect(job.result?.duplicateOf).toBe(fileId)
    const d = await dataset(alice, alice.orgId)
    expect(d.files).toHaveLength(1)
    expect(d.totalPence).toBe(expectedTotal)
  })

  it('lists lines with their file line number, for members only', async () => {
    const res = await server.api(alice.token, 'GET', `/api/orgs/${alice.orgId}/spend/lines?limit=5`)
    const body = (await res.json()) as { total: number; lines: Array<{ line: number; filename: string }> }
    expect(body.total).toBe(reference.value.lines.length)
    expect(body.lines[0]?.line).toBeGreaterThan(1)
    expect(body.lines[0]?.filename).toBe('trafford.csv')
  })

  it('keeps every route of one organisation closed to another (404)', async () => {
    expect((await server.api(bob.token, 'GET', `/api/orgs/${alice.orgId}/spend`)).status).toBe(404)
    expect((await server.api(bob.token, 'GET', `/api/orgs/${alice.orgId}/spend/lines`)).status).toBe(404)
    expect((await server.api(bob.token, 'GET', `/api/orgs/${alice.orgId}/spend/files/${fileId}/issues`)).status).toBe(404)
    expect((await server.api(bob.token, 'DELETE', `/api/orgs/${alice.orgId}/spend/files/${fileId}`)).status).toBe(404)
    expect((await upload(bob, alice.orgId, 'x.csv', bytes)).status).toBe(404)
    const mine = await upload(alice, alice.orgId, 'trafford.csv', bytes)
    const { importId } = (await mine.json()) as { importId: string }
    expect((await server.api(bob.token, 'GET', `/api/spend/imports/${importId}`)).status).toBe(404)
    expect((await server.api(null, 'GET', `/api/orgs/${alice.orgId}/spend`)).status).toBe(401)
    expect((await dataset(alice, alice.orgId)).totalPence).toBe(expectedTotal)
  })

  it.each([
    ['a PNG', 'picture.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]), 422],
    ['text with no spend header', 'notes.csv', strToU8('hello,world\nthis,is not spend\n'), 422],
    ['a PDF', 'spend.pdf', strToU8('%PDF-1.4 nothing'), 415],
    ['an empty body', 'empty.csv', new Uint8Array(0), 400],
  ])('refuses %s with a 4xx envelope and stores nothing', async (_what, name, body, status) => {
    const before = await dataset(bob, bob.orgId)
    const res = await upload(bob, bob.orgId, name, body)
    expect(res.status).toBe(status)
    const json = (await res.json()) as { error: { code: string; message: string } }
    expect(json.error.message.length).toBeGreaterThan(10)
    expect((await dataset(bob, bob.orgId)).files).toHaveLength(before.files.length)
    expect(uploadsLeft()).toBe(0)
  })

  const workbook = (sheets: number, sheetXml = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>') => {
    const files: Record<string, Uint8Array> = {
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    }
    let list = ''
    let rels = ''
    for (let i = 1; i <= sheets; i++) {
      list += `<sheet name="S${i}" sheetId="${i}" r:id="rId${i}"/>`
      rels += `<Relationship Id="rId${i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i}.xml"/>`
      files[`xl/worksheets/sheet${i}.xml`] = strToU8(sheetXml)
    }
    files['xl/workbook.xml'] = strToU8(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${list}</sheets></workbook>`)
    files['xl/_rels/workbook.xml.rels'] = strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`)
    return zipSync(files, { level: 6 })
  }

  it('refuses a truncated workbook, a zip bomb, a workbook of 10,000 sheets and one with no spend in it', async () => {
    const good = workbook(1, '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Supplier</t></is></c><c r="B1" t="inlineStr"><is><t>Amount</t></is></c></row></sheetData></worksheet>')
    const cases: Array<[string, Uint8Array, string]> = [
      ['truncated.xlsx', good.subarray(0, Math.floor(good.length / 2)), 'truncated-workbook'],
      ['bomb.xlsx', workbook(1, `<worksheet><sheetData>${'<row/>'.repeat(2_000_000)}</sheetData></worksheet>`), 'zip-bomb'],
      ['many.xlsx', workbook(10_000), 'too-many-sheets'],
      ['notes.xlsx', workbook(2, '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Meeting notes</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Agenda</t></is></c><c r="B2"><v>12</v></c></row></sheetData></worksheet>'), 'not-a-spend-file'],
    ]
    for (const [name, body, reason] of cases) {
      const res = await upload(bob, bob.orgId, name, body)
      expect(res.status, name).toBe(422)
      const json = (await res.json()) as { error: { details?: { reason?: string } } }
      expect(json.error.details?.reason, name).toBe(reason)
    }
    expect((await dataset(bob, bob.orgId)).files).toHaveLength(0)
    expect(uploadsLeft()).toBe(0)
  })

  it('refuses a file over the upload limit with 413', async () => {
    const big = new Uint8Array(9 * 1024 * 1024).fill(0x41)
    const res = await upload(bob, bob.orgId, 'big.csv', big)
    expect(res.status).toBe(413)
    expect(uploadsLeft()).toBe(0)
  })

  it('cancels a queued import and keeps nothing of it', async () => {
    // Same rows plus a trailing blank line: different bytes, so a separate import queued behind the first.
    const other = new Uint8Array([...bytes, 0x0d, 0x0a])
    const first = await upload(bob, bob.orgId, 'one.csv', bytes)
    const second = await upload(bob, bob.orgId, 'two.csv', other)
    const a = ((await first.json()) as { importId: string }).importId
    const b = ((await second.json()) as { importId: string }).importId
    expect(b).not.toBe(a)
    // The second waits behind the first (one import at a time): cancelling it while queued is deterministic.
    const cancelled = await server.api(bob.token, 'POST', `/api/spend/imports/${b}/cancel`)
    expect(cancelled.status).toBe(200)
    expect(((await cancelled.json()) as ImportJob).status).toBe('cancelled')
    expect((await waitForJob(bob, a)).status).toBe('done')
    expect((await waitForJob(bob, b)).status).toBe('cancelled')
    const d = await dataset(bob, bob.orgId)
    expect(d.files.map((f) => f.filename)).toEqual(['one.csv'])
    expect(uploadsLeft()).toBe(0)
  })

  it('removes a file: its lines and totals go', async () => {
    const res = await server.api(alice.token, 'DELETE', `/api/orgs/${alice.orgId}/spend/files/${fileId}`)
    expect(res.status).toBe(200)
    const d = await dataset(alice, alice.orgId)
    expect(d.files).toHaveLength(0)
    expect(d.totalPence).toBe(0)
    const lines = (await (await server.api(alice.token, 'GET', `/api/orgs/${alice.orgId}/spend/lines`)).json()) as { total: number }
    expect(lines.total).toBe(0)
  })
})
