/**
 * Contract files and contracts (issue 12; docs/contracts-data.md). Imports, file lists, removal, issues and buyer
 * matching are for the organisation's own active members only: anyone else gets 404, so not even a file's existence
 * leaks. An organisation's contracts and the joint procurements are published data: every signed-in person sees
 * them, except contracts marked confidential, which only members of the organisations that imported them see.
 *
 * An upload is read into memory (at most CONTRACTS_MAX_UPLOAD_BYTES, 413 beyond), hashed, and read by
 * shared/contracts/read-contract-file.ts before the answer: a file that cannot be read (empty, not JSON, JSON of
 * another kind, a PDF, a workbook) answers 4xx at once with the reader's code and nothing is stored. A readable file
 * becomes a job (202 { importId }) that works out end dates and stores everything in one transaction.
 */
import { createHash } from 'node:crypto'
import { Hono, type Context } from 'hono'
import { ErrorCode } from '../../../shared/schema/api'
import {
  PutBuyerMatchBodySchema,
  PutConfidentialBodySchema,
  type ContractImportIssue,
  type ContractImportResult,
  type ContractRow,
} from '../../../shared/schema/contracts-api'
import { readContractFile } from '../../../shared/contracts/read-contract-file'
import type { ContractFileRefusal } from '../../../shared/contracts/model'
import { removeContractFile } from '../../contracts/import-file'
import type { VisibleContract } from '../../contracts/contracts-service'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { AppError } from '../errors'
import { parseJsonBody as parseBody } from '../validate'

const MAX_FILENAME = 255

interface FileRow {
  id: string
  org_id: string
  filename: string
  sha256: string
  size_bytes: number
  format: ContractImportResult['format']
  publisher: string
  uploaded_by: string
  uploaded_at: string
  notices: number
  contracts: number
  notices_already_known: number
}

/** The REST row: the stored view without the organisation lists the planning views use. */
function toRow(c: VisibleContract): ContractRow {
  const { orgIds: _orgIds, buyerOrgIds: _buyerOrgIds, importerOrgIds: _importerOrgIds, ...row } = c
  return row
}

/** HTTP status for a refused file: a kind Pooled does not read is 415, an empty body 400, the rest 422. */
function refusalStatus(code: ContractFileRefusal['code']): 400 | 413 | 415 | 422 {
  if (code === 'empty-file') return 400
  if (code === 'unsupported-file') return 415
  if (code === 'too-many-records') return 413
  return 422
}

/** Mount at `/api`. */
export function createContractRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const contracts = deps.contracts
  if (!contracts) return app
  const { db, jobs, service } = contracts
  const log = deps.log.child({ module: 'contracts' })

  /** The caller, if an active member of `orgId`; otherwise 404. */
  const requireMember = (c: Context<AppEnv>, orgId: string) => {
    const principal = requireUser(c)
    if (principal.user.orgId !== orgId || !principal.user.isActive) throw new AppError(404, ErrorCode.NotFound, 'organisation not found')
    return principal
  }

  const issuesOf = (fileId: string): ContractImportIssue[] =>
    (db.prepare('SELECT line, place, code, reason, kept FROM contract_issues WHERE file_id = ? ORDER BY seq').all(fileId) as Array<Omit<ContractImportIssue, 'kept'> & { kept: number }>).map(
      (i) => ({ ...i, kept: i.kept === 1 }),
    )

  const resultOf = (row: FileRow, duplicate: boolean): ContractImportResult => {
    const issues = issuesOf(row.id)
    return {
      fileId: row.id,
      notices: row.notices,
      contracts: row.contracts,
      errors: issues.filter((i) => !i.kept),
      recovered: issues.filter((i) => i.kept),
      format: row.format,
      noticesAlreadyKnown: row.notices_already_known,
      ...(duplicate ? { duplicateOf: row.id } : {}),
    }
  }

  app.post('/orgs/:orgId/contracts/files', async (c) => {
    const orgId = c.req.param('orgId')
    const principal = requireMember(c, orgId)
    const filename = (c.req.query('filename') ?? '').trim()
    if (filename === '' || filename.length > MAX_FILENAME || /[\u0000-\u001f/\\]/.test(filename)) {
      throw new AppError(400, ErrorCode.BadRequest, 'say the file name with ?filename=NAME (up to 255 characters, no slashes)')
    }
    const limit = contracts.maxUploadBytes
    const tooLarge = () => new AppError(413, ErrorCode.PayloadTooLarge, `${filename} is larger than the contracts upload limit of ${Math.round(limit / 1048576)} MB`)
    if (Number(c.req.header('content-length') ?? '0') > limit) throw tooLarge()
    const body = c.req.raw.body
    if (body === null) throw new AppError(400, ErrorCode.BadRequest, `${filename} is empty: send the file bytes as the body`)
    const chunks: Uint8Array[] = []
    const hash = createHash('sha256')
    let size = 0
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel()
        throw tooLarge()
      }
      hash.update(value)
      chunks.push(value)
    }
    if (size === 0) throw new AppError(400, ErrorCode.BadRequest, `${filename} is empty`, { reason: 'empty-file' })
    const bytes = new Uint8Array(size)
    let at = 0
    for (const chunk of chunks) {
      bytes.set(chunk, at)
      at += chunk.byteLength
    }
    const sha256 = hash.digest('hex')
    const existing = db.prepare('SELECT * FROM contract_files WHERE org_id = ? AND sha256 = ?').get(orgId, sha256) as FileRow | undefined
    if (existing) return c.json({ importId: jobs.finished(orgId, filename, resultOf(existing, true)).importId }, 202)
    const running = jobs.inFlight(orgId, sha256)
    if (running) return c.json({ importId: running.importId }, 202)
    let read: ReturnType<typeof readContractFile>
    try {
      read = readContractFile(bytes, filename)
    } catch (err) {
      // reason: a reader fault on a hostile or unforeseen file is the file's problem to the person (422), logged for us.
      log.warn({ requestId: c.get('requestId'), orgId, err: err instanceof Error ? err.message : String(err) }, 'contract file reader failed')
      throw new AppError(422, ErrorCode.UnreadableFile, `${filename} could not be read as a contract file. Nothing was stored.`, { reason: 'unreadable-file' })
    }
    if (!read.ok) {
      const status = refusalStatus(read.error.code)
      const code = status === 415 ? ErrorCode.UnsupportedFile : status === 413 ? ErrorCode.PayloadTooLarge : status === 400 ? ErrorCode.BadRequest : ErrorCode.UnreadableFile
      throw new AppError(status, code, `${filename}: ${read.error.message}`, { reason: read.error.code })
    }
    const job = jobs.enqueue({
      org: { id: orgId, name: principal.org.name },
      filename,
      sha256,
      sizeBytes: size,
      uploadedBy: principal.user.id,
      uploadedAt: deps.now().toISOString(),
      read: read.value,
    })
    log.info({ requestId: c.get('requestId'), orgId, importId: job.importId, bytes: size, format: read.value.format }, 'contracts upload accepted')
    return c.json({ importId: job.importId }, 202)
  })

  const jobFor = (c: Context<AppEnv>) => {
    const job = jobs.get(c.req.param('importId') ?? '')
    const principal = requireUser(c)
    if (!job || job.orgId !== principal.user.orgId) throw new AppError(404, ErrorCode.NotFound, 'import not found')
    return job
  }

  app.get('/contracts/imports/:importId', (c) => {
    c.header('cache-control', 'private, no-store')
    return c.json(jobFor(c))
  })

  app.post('/contracts/imports/:importId/cancel', (c) => {
    const job = jobFor(c)
    return c.json(jobs.cancel(job.importId) ?? job)
  })

  app.get('/orgs/:orgId/contracts/files', async (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    const names = new Map((await deps.storage.accounts.listUsersInOrg(orgId)).map((u) => [u.id, u.name]))
    const rows = db.prepare('SELECT * FROM contract_files WHERE org_id = ? ORDER BY uploaded_at, id').all(orgId) as FileRow[]
    const counts = db.prepare('SELECT SUM(kept = 0) AS errors, SUM(kept = 1) AS recovered FROM contract_issues WHERE file_id = ?')
    const files = rows.map((r) => {
      const n = counts.get(r.id) as { errors: number | null; recovered: number | null }
      return {
        fileId: r.id,
        filename: r.filename,
        format: r.format,
        publisher: r.publisher,
        sizeBytes: r.size_bytes,
        uploadedAt: r.uploaded_at,
        uploadedBy: names.get(r.uploaded_by) ?? 'a former member',
        notices: r.notices,
        contracts: r.contracts,
        noticesAlreadyKnown: r.notices_already_known,
        errorCount: n.errors ?? 0,
        recoveredCount: n.recovered ?? 0,
      }
    })
    c.header('cache-control', 'private, no-store')
    return c.json({ files })
  })

  const fileOf = (orgId: string, fileId: string): FileRow => {
    const row = db.prepare('SELECT * FROM contract_files WHERE id = ? AND org_id = ?').get(fileId, orgId) as FileRow | undefined
    if (!row) throw new AppError(404, ErrorCode.NotFound, 'file not found')
    return row
  }

  app.get('/orgs/:orgId/contracts/files/:fileId/issues', (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    const row = fileOf(orgId, c.req.param('fileId'))
    const issues = issuesOf(row.id)
    return c.json({ errors: issues.filter((i) => !i.kept), recovered: issues.filter((i) => i.kept) })
  })

  app.delete('/orgs/:orgId/contracts/files/:fileId', (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    const row = fileOf(orgId, c.req.param('fileId'))
    removeContractFile(db, orgId, row.id)
    service.invalidate()
    log.info({ requestId: c.get('requestId'), orgId, fileId: row.id }, 'contract file removed')
    return c.json({ ok: true, fileId: row.id, notices: row.notices, contracts: row.contracts })
  })

  app.get('/orgs/:orgId/contracts/buyers', async (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    c.header('cache-control', 'private, no-store')
    return c.json({ buyers: await service.listBuyers(orgId) })
  })

  app.put('/orgs/:orgId/contracts/buyers', async (c) => {
    const orgId = c.req.param('orgId')
    const principal = requireMember(c, orgId)
    const body = await parseBody(c, PutBuyerMatchBodySchema)
    service.setBuyerMatch(orgId, body.buyer, body.isThisOrg, principal.user.id, deps.now().toISOString())
    log.info({ requestId: c.get('requestId'), orgId, isThisOrg: body.isThisOrg }, 'buyer match decided')
    return c.json({ buyers: await service.listBuyers(orgId) })
  })

  app.get('/orgs/:orgId/contracts', async (c) => {
    const orgId = c.req.param('orgId')
    const principal = requireUser(c)
    if (!(await deps.storage.accounts.getOrg(orgId))) throw new AppError(404, ErrorCode.NotFound, 'organisation not found')
    const list = await service.listOrgContracts(principal.user.orgId, orgId)
    c.header('cache-control', 'private, no-store')
    return c.json({ contracts: list.map(toRow) })
  })

  app.put('/orgs/:orgId/contracts/:contractId/confidential', async (c) => {
    const orgId = c.req.param('orgId')
    requireMember(c, orgId)
    const body = await parseBody(c, PutConfidentialBodySchema)
    const outcome = service.setConfidential(orgId, c.req.param('contractId'), body.confidential)
    if (outcome === 'not-found') throw new AppError(404, ErrorCode.NotFound, 'contract not found')
    if (outcome === 'marked-by-another') throw new AppError(409, ErrorCode.Conflict, 'another organisation that imported this contract marked it confidential; only it can lift the mark')
    log.info({ requestId: c.get('requestId'), orgId, contractId: c.req.param('contractId'), confidential: body.confidential }, 'contract confidentiality changed')
    return c.json({ ok: true, confidential: body.confidential })
  })

  app.get('/contracts/joint', async (c) => {
    requireUser(c)
    c.header('cache-control', 'private, no-store')
    return c.json({ procurements: await service.listJoint() })
  })

  return app
}
