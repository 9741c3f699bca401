/**
 * Spend uploads and an organisation's dataset (issue 11; docs/spend-data.md). Only the organisation's own active
 * members reach any of it: for anyone else every route answers 404, so not even a file's existence leaks.
 *
 * An upload streams to a temp file (hashed and counted on the way; over MAX_UPLOAD_BYTES is 413), is probed (kind,
 * a header row, the workbook's ZIP directory) and only then accepted with 202 and an import id. Everything refused
 * before 202 stores nothing. The same bytes uploaded again by the same organisation are recognised and not counted.
 */
import { createHash } from 'node:crypto'
import { createWriteStream, rmSync } from 'node:fs'
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { ErrorCode } from '../../../shared/schema/api'
import type { FileIssuesSchema, ImportResult, OrgSpendDataset, SpendFileSummary } from '../../../shared/schema/spend-api'
import { detectSpendFileKind } from '../../../shared/domain/spend-import'
import { describePeriod, annualisePence } from '../../../shared/spend/period'
import type { SpendPeriod } from '../../../shared/spend/period'
import type { IsoDate } from '../../../shared/domain/dates'
import { probeSpendFile, SpendFileError } from '../../spend/parse-file'
import { isXlsxError } from '../../spend/xlsx-error'
import { spendVersion } from '../../spend/spend-db'
import type { SpendDb } from '../../spend/spend-db'
import { rememberOrgName } from '../../spend/classify-org'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { AppError } from '../errors'

const MAX_FILENAME = 255

interface FileRow {
  id: string
  org_id: string
  filename: string
  kind: 'csv' | 'xlsx'
  size_bytes: number
  uploaded_at: string
  uploaded_by: string
  transactions: number
  total_pence: number
  first_date: string | null
  last_date: string | null
  issues_json: string
  sheets_json: string
}

type Issues = z.infer<typeof FileIssuesSchema>

function parseIssues(json: string): Issues {
  const raw = JSON.parse(json) as Partial<Issues>
  return { errors: raw.errors ?? [], skipped: raw.skipped ?? [], recovered: raw.recovered ?? [] }
}

/** Distinct months with a dated line, per organisation (or one file). */
function monthsOf(db: SpendDb, where: string, arg: string): number {
  const row = db
    .prepare(`SELECT COUNT(DISTINCT substr(l.date, 1, 7)) AS months FROM spend_lines l JOIN spend_files f ON f.id = l.file_id WHERE f.status = 'ready' AND l.date IS NOT NULL AND ${where}`)
    .get(arg) as { months: number }
  return row.months
}

function fileSummary(db: SpendDb, row: FileRow, names: ReadonlyMap<string, string>): SpendFileSummary {
  const issues = parseIssues(row.issues_json)
  const period: SpendPeriod = { from: row.first_date as IsoDate | null, to: row.last_date as IsoDate | null, months: monthsOf(db, 'l.file_id = ?', row.id) }
  return {
    fileId: row.id,
    filename: row.filename,
    kind: row.kind,
    sizeBytes: row.size_bytes,
    uploadedAt: row.uploaded_at,
    uploadedBy: names.get(row.uploaded_by) ?? 'a former member',
    transactions: row.transactions,
    totalPence: row.total_pence,
    period,
    periodLabel: describePeriod(period),
    errorCount: issues.errors.length,
    skippedCount: issues.skipped.length,
    recoveredCount: issues.recovered.length,
    // A CSV's one "sheet" is stored with sheet: null; the contract leaves the name out instead.
    sheets: (JSON.parse(row.sheets_json) as Array<SpendFileSummary['sheets'][number] & { sheet?: string | null }>).map(({ sheet, ...rest }) => (sheet == null ? rest : { sheet, ...rest })),
  }
}

function resultOf(row: FileRow, duplicate: boolean, db: SpendDb): ImportResult {
  const issues = parseIssues(row.issues_json)
  const period: SpendPeriod = { from: row.first_date as IsoDate | null, to: row.last_date as IsoDate | null, months: monthsOf(db, 'l.file_id = ?', row.id) }
  return { fileId: row.id, transactions: row.transactions, totalPence: row.total_pence, ...issues, ...(duplicate ? { duplicateOf: row.id } : {}), period, periodLabel: describePeriod(period) }
}

const LinesQuerySchema = z.object({
  supplier: z.string().max(300).optional(),
  code: z.string().regex(/^\d{0,6}$/).optional(),
  fileId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

/** Mount at `/api`. */
export function createSpendRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const spend = deps.spend
  if (!spend) return app
  const { db, jobs } = spend
  const log = deps.log.child({ module: 'spend' })

  /** The caller, if an active member of `orgId`; otherwise 404 (never reveal another organisation's data). */
  const requireMember = (c: Context<AppEnv>, orgId: string) => {
    const principal = requireUser(c)
    if (principal.user.orgId !== orgId || !principal.user.isActive) throw new AppError(404, ErrorCode.NotFound, 'organisation not found')
    return principal
  }

  const memberNames = async (orgId: string): Promise<Map<string, string>> =>
    new Map((await deps.storage.accounts.listUsersInOrg(orgId)).map((u) => [u.id, u.name]))

  app.post('/orgs/:orgId/spend/files', async (c) => {
    const orgId = c.req.param('orgId')
    const principal = requireMember(c, orgId)
    const filename = (c.req.query('filename') ?? '').trim()
    if (filename === '' || filename.length > MAX_FILENAME || /[\u0000-\u001f/\\]/.test(filename)) {
      throw new AppError(400, ErrorCode.BadRequest, 'say the file name with ?filename=NAME (up to 255 characters, no slashes)')
    }
    const declared = Number(c.req.header('content-length') ?? '0')
    if (declared > spend.maxUploadBytes) throw new AppError(413, ErrorCode.PayloadTooLarge, `${filename} is larger than the upload limit of ${Math.round(spend.maxUploadBytes / 1048576)} MB`)
    const body = c.req.raw.body
    if (body === null) throw new AppError(400, ErrorCode.BadRequest, 'the request has no file: send the file bytes as the body')
    const path = jobs.tempPath()
    const hash = createHash('sha256')
    const head = new Uint8Array(16)
    let size = 0
    const out = createWriteStream(path)
    const written = new Promise<void>((resolve, reject) => {
      out.on('finish', () => resolve())
      out.on('error', reject)
    })
    try {
      const reader = body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (size < head.length) head.set(value.subarray(0, head.length - size), size)
        size += value.byteLength
        if (size > spend.maxUploadBytes) {
          await reader.cancel()
          throw new AppError(413, ErrorCode.PayloadTooLarge, `${filename} is larger than the upload limit of ${Math.round(spend.maxUploadBytes / 1048576)} MB`)
        }
        hash.update(value)
        if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()))
      }
      out.end()
      await written
    } catch (err) {
      out.destroy()
      rmSync(path, { force: true })
      throw err
    }
    const refuse = (status: 400 | 413 | 415 | 422, code: ErrorCode, message: string, reason?: string): never => {
      rmSync(path, { force: true })
      throw new AppError(status, code, message, reason === undefined ? undefined : { reason })
    }
    if (size === 0) refuse(400, ErrorCode.BadRequest, `${filename} is empty`)
    const detected = detectSpendFileKind(filename, head.subarray(0, Math.min(size, head.length)))
    if (detected === 'xls' || detected === 'ods' || detected === 'pdf') {
      const what = detected === 'pdf' ? 'a PDF document' : detected === 'xls' ? 'an Excel 97–2003 workbook (.xls)' : 'an OpenDocument spreadsheet (.ods)'
      const how = detected === 'pdf' ? 'Ask the publisher for the CSV or Excel version of this spend data.' : 'Open it and save it as an Excel workbook (.xlsx) or as CSV, then upload that.'
      refuse(415, ErrorCode.UnsupportedFile, `${filename} is ${what}. Pooled reads spend files as CSV or Excel (.xlsx). ${how}`, 'unsupported-file')
    }
    const kind = detected === 'xlsx' ? 'xlsx' : 'csv'
    try {
      await probeSpendFile(path, kind)
    } catch (err) {
      if (err instanceof SpendFileError || isXlsxError(err)) {
        const code = (err as { code: string }).code
        refuse(code === 'zip-bomb' || code === 'too-many-sheets' ? 422 : 422, ErrorCode.UnreadableFile, `${filename}: ${(err as Error).message}`, code)
      }
      rmSync(path, { force: true })
      throw err
    }
    const sha256 = hash.digest('hex')
    const existing = db.prepare("SELECT * FROM spend_files WHERE org_id = ? AND sha256 = ? AND status = 'ready'").get(orgId, sha256) as FileRow | undefined
    if (existing) {
      rmSync(path, { force: true })
      const job = jobs.finished(orgId, filename, resultOf(existing, true, db))
      return c.json({ importId: job.importId }, 202)
    }
    const running = jobs.inFlight(orgId, sha256)
    if (running) {
      rmSync(path, { force: true })
      return c.json({ importId: running.importId }, 202)
    }
    rememberOrgName(db, orgId, (await deps.storage.accounts.getOrg(orgId))?.name ?? 'this organisation')
    const job = jobs.enqueue({ orgId, filename, path, kind, sha256, sizeBytes: size, uploadedBy: principal.user.id, uploadedAt: deps.now().toISOString() })
    log.info({ requestId: c.get('requestId'), orgId, importId: job.importId, bytes: size, kind }, 'spend upload accepted')
    return c.json({ importId: job.importId }, 202)
  })

  const jobFor = (c: Context<AppEnv>) => {
    const job = jobs.get(c.req.param('importId') ?? '')
    const principal = requireUser(c)
    if (!job || job.orgId !== principal.user.orgId) throw new AppError(404, ErrorCode.NotFound, 'import not found')
    return job
  }

  app.get('/spend/imports/:importId', (c) => c.json(jobFor(c)))

  app.post('/spend/imports/:importId/cancel', (c) => {
    const job = jobFor(c)
    return c.json(jobs.cancel(job.importId) ?? job)
  })

  app.get('/orgs/:orgId/spend', async (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    const names = await memberNames(orgId)
    const rows = db.prepare("SELECT * FROM spend_files WHERE org_id = ? AND status = 'ready' ORDER BY uploaded_at, id").all(orgId) as FileRow[]
    const files = rows.map((r) => fileSummary(db, r, names))
    const span = db
      .prepare("SELECT MIN(first_date) AS first, MAX(last_date) AS last, COALESCE(SUM(transactions), 0) AS transactions, COALESCE(SUM(total_pence), 0) AS total FROM spend_files WHERE org_id = ? AND status = 'ready'")
      .get(orgId) as { first: string | null; last: string | null; transactions: number; total: number }
    const period: SpendPeriod = { from: span.first as IsoDate | null, to: span.last as IsoDate | null, months: monthsOf(db, 'l.org_id = ?', orgId) }
    const bySource = db
      .prepare("SELECT COALESCE(l.code_source, 'none') AS source, SUM(l.amount_pence) AS pence FROM spend_lines l JOIN spend_files f ON f.id = l.file_id WHERE l.org_id = ? AND f.status = 'ready' GROUP BY 1")
      .all(orgId) as Array<{ source: string; pence: number }>
    const classifiedPence = { file: 0, learned: 0, confirmed: 0, none: 0 }
    for (const r of bySource) if (r.source in classifiedPence) classifiedPence[r.source as keyof typeof classifiedPence] = r.pence
    const suppliers = db.prepare("SELECT COUNT(DISTINCT supplier_key) AS n FROM spend_totals WHERE org_id = ? AND supplier_key != ''").get(orgId) as { n: number }
    const dataset: OrgSpendDataset = {
      orgId,
      files,
      transactions: span.transactions,
      totalPence: span.total,
      annualisedPence: annualisePence(span.total, period),
      period,
      periodLabel: describePeriod(period),
      suppliers: suppliers.n,
      classifiedPence,
      version: spendVersion(db, orgId),
    }
    c.header('cache-control', 'private, no-store')
    return c.json(dataset)
  })

  const fileOf = (orgId: string, fileId: string): FileRow => {
    const row = db.prepare("SELECT * FROM spend_files WHERE id = ? AND org_id = ? AND status = 'ready'").get(fileId, orgId) as FileRow | undefined
    if (!row) throw new AppError(404, ErrorCode.NotFound, 'file not found')
    return row
  }

  app.get('/orgs/:orgId/spend/files/:fileId/issues', (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    return c.json(parseIssues(fileOf(orgId, c.req.param('fileId')).issues_json))
  })

  app.delete('/orgs/:orgId/spend/files/:fileId', async (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    const row = fileOf(orgId, c.req.param('fileId'))
    db.prepare('DELETE FROM spend_files WHERE id = ?').run(row.id)
    // What was learned from the removed lines goes with them: identities and codes of the rest are worked out again.
    await spend.reclassifier.run(orgId)
    log.info({ requestId: c.get('requestId'), orgId, fileId: row.id }, 'spend file removed')
    return c.json({ ok: true, fileId: row.id, transactions: row.transactions, totalPence: row.total_pence })
  })

  app.get('/orgs/:orgId/spend/lines', (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    const parsed = LinesQuerySchema.safeParse(c.req.query())
    if (!parsed.success) throw new AppError(400, ErrorCode.ValidationFailed, 'invalid line query', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
    const q = parsed.data
    const where = ["l.org_id = ?", "f.status = 'ready'"]
    const args: Array<string | number> = [orgId]
    if (q.supplier !== undefined) {
      where.push('l.supplier_key = ?')
      args.push(q.supplier)
    }
    if (q.code !== undefined && q.code !== '') {
      where.push("COALESCE(l.code, '') LIKE ? || '%'")
      args.push(q.code)
    }
    if (q.fileId !== undefined) {
      where.push('l.file_id = ?')
      args.push(q.fileId)
    }
    const sql = `FROM spend_lines l JOIN spend_files f ON f.id = l.file_id WHERE ${where.join(' AND ')}`
    const total = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(l.amount_pence), 0) AS pence ${sql}`).get(...args) as { n: number; pence: number }
    const lines = db
      .prepare(
        `SELECT l.file_id AS fileId, f.filename, l.sheet, l.line, l.date, l.amount_pence AS amountPence, l.supplier_name AS supplierName, l.supplier_key AS supplierKey,
                l.purpose, l.unit, l.reference, l.file_code AS fileCode, l.code AS proclassCode, l.code_source AS source, l.confidence, l.reason
         ${sql} ORDER BY l.amount_pence DESC, l.id LIMIT ? OFFSET ?`,
      )
      .all(...args, q.limit, q.offset)
    c.header('cache-control', 'private, no-store')
    return c.json({ total: total.n, totalPence: total.pence, lines })
  })

  return app
}
