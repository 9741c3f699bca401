/**
 * The shared knowledge base: search, read, create, edit (each edit is a new version), history with diffs, restore,
 * usage on boards, and Markdown export/import. Reading needs a session; writing needs a signed-in member.
 */
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { exportLibrary, exportMethodologyMarkdown, importMethodologyMarkdown, methodologyFilename } from '../../../shared/knowledge/markdown-io'
import { checkGuidance } from '../../../shared/knowledge/guidance'
import { CATEGORY_STAGES, MethodologySlugSchema, validateMethodology, type Methodology } from '../../../shared/knowledge/methodology'
import { ErrorCode } from '../../../shared/schema/api'
import {
  ImportLibraryBodySchema,
  MethodologyEditMetaSchema,
  MethodologyQuerySchema,
  RecordUsageBodySchema,
  RestoreVersionBodySchema,
  type ImportResult,
  type MethodologyDetail,
  type MethodologyDiff,
  type MethodologyListItem,
} from '../../../shared/schema/knowledge-api'
import { diffLines } from '../../../shared/text/line-diff'
import type { Principal } from '../../auth/access'
import { renderMarkdown } from '../../knowledge/render-markdown'
import { buildZip } from '../../knowledge/zip'
import type { MethodologySummaryRow, MethodologyVersionRow } from '../../storage/types'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { requireBoardRole } from '../board-access'
import { AppError, notFound } from '../errors'
import { parseWith } from '../validate'

/** Request bodies of the knowledge base can hold a 100 kB body plus a template. */
export const METHODOLOGY_MAX_REQUEST_BYTES = 2 * 1024 * 1024

const toListItem = (row: MethodologySummaryRow): MethodologyListItem => ({
  slug: row.current.slug,
  version: row.current.version,
  title: row.current.title,
  stage: row.current.stage,
  summary: row.current.summary,
  tags: row.current.tags,
  usageCount: row.usageCount,
  updatedAt: row.updatedAt,
  lastEditedBy: { name: row.current.authorName, orgId: row.current.authorOrgId, orgName: row.current.authorOrgName },
  contributors: row.contributors,
})

const toMethodology = (v: MethodologyVersionRow): Methodology =>
  ({ slug: v.slug, title: v.title, stage: v.stage, summary: v.summary, whenToUse: v.whenToUse, tags: v.tags, body: v.body, template: v.template }) as Methodology

async function readJson(c: Context): Promise<unknown> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().includes('application/json')) {
    throw new AppError(415, ErrorCode.BadRequest, 'request body must be JSON (content-type: application/json)')
  }
  try {
    return await c.req.json()
  } catch {
    throw new AppError(400, ErrorCode.BadRequest, 'request body is not valid JSON')
  }
}

/** Validate a methodology; size failures are 413, others 400, each with path-specific issues. Nothing is stored. */
function validateOrThrow(input: unknown): Methodology {
  const result = validateMethodology(input)
  if (result.ok) return result.value
  const issues = result.error.issues ?? []
  const first = issues[0]
  const detail = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : result.error.message
  if (result.error.code === 'too-large') throw new AppError(413, ErrorCode.PayloadTooLarge, `methodology too large: ${detail}`, issues)
  throw new AppError(400, ErrorCode.ValidationFailed, `invalid methodology: ${detail}`, issues)
}

/** Refuse guidance that is still the new-method outline (400 with the body issues): the library is shared. */
function requireRealGuidance(body: string): void {
  const result = checkGuidance(body)
  if (result.ok) return
  const issues = result.error.issues
  throw new AppError(400, ErrorCode.ValidationFailed, `${issues.map((i) => i.message).join('; ')}`, issues)
}

export function createMethodologyRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const repo = deps.storage.knowledge

  const author = (p: Principal) => ({ authorId: p.user.id, authorName: p.user.name, authorOrgId: p.org.id, authorOrgName: p.org.name })

  const detail = (row: MethodologySummaryRow): MethodologyDetail => ({
    ...toListItem(row),
    whenToUse: row.current.whenToUse,
    body: row.current.body,
    bodyHtml: renderMarkdown(row.current.body),
    template: row.current.template,
    createdAt: row.createdAt,
    changeNote: row.current.changeNote,
  })

  const load = async (slugParam: string) => {
    const slug = parseWith(MethodologySlugSchema, slugParam, 'slug')
    const row = await repo.get(slug)
    if (!row) throw notFound('methodology')
    return row
  }

  app.get('/', async (c) => {
    requireUser(c)
    const query = parseWith(MethodologyQuerySchema, c.req.query(), 'query')
    const rows = await repo.search({
      ...(query.q ? { query: query.q } : {}),
      ...(query.tag ? { tag: query.tag } : {}),
      ...(query.stage ? { stage: query.stage } : {}),
      ...(query.org ? { orgId: query.org } : {}),
      ...(query.sort ? { sort: query.sort } : {}),
    })
    return c.json({ methodologies: rows.map(toListItem) })
  })

  app.get('/export.zip', async (c) => {
    requireUser(c)
    const rows = await repo.search({ sort: 'title', limit: 10_000 })
    const files = exportLibrary(rows.map((r) => toMethodology(r.current)))
    const zip = buildZip(files.map((f) => ({ name: f.filename, content: f.content })), deps.now())
    c.header('content-type', 'application/zip')
    c.header('content-disposition', 'attachment; filename="pooled-methodologies.zip"')
    return c.body(new Uint8Array(zip))
  })

  app.post('/import', async (c) => {
    const principal = requireUser(c)
    const body = parseWith(ImportLibraryBodySchema, await readJson(c), 'body')
    const result: ImportResult = { created: [], updated: [], skipped: [] }
    // Parse everything first: a bad file refuses the whole import and nothing is stored.
    const parsed: Methodology[] = []
    for (const file of body.files) {
      const one = importMethodologyMarkdown(file.content)
      if (!one.ok) {
        throw new AppError(400, ErrorCode.ValidationFailed, `${file.filename}: ${one.error.message}${one.error.issues?.[0] ? ` (${one.error.issues[0].path}: ${one.error.issues[0].message})` : ''}`, one.error.issues)
      }
      parsed.push(one.value)
    }
    const now = deps.now().toISOString()
    for (const m of parsed) {
      const existing = await repo.get(m.slug)
      const row: MethodologyVersionRow = { ...m, tags: [...m.tags], version: 1, ...author(principal), changeNote: 'Imported from Markdown', createdAt: now }
      if (!existing) {
        await repo.create(row)
        result.created.push(m.slug)
      } else if (body.overwrite) {
        await repo.addVersion({ ...row, version: existing.current.version + 1 })
        result.updated.push(m.slug)
      } else {
        result.skipped.push({ slug: m.slug, reason: 'a methodology with this slug exists; import with overwrite to add a new version' })
      }
    }
    return c.json(result)
  })

  app.post('/', async (c) => {
    const principal = requireUser(c)
    const raw = (await readJson(c)) as Record<string, unknown>
    const meta = parseWith(MethodologyEditMetaSchema, { changeNote: raw?.['changeNote'] ?? '' }, 'body')
    const { changeNote: _ignored, baseVersion: _base, ...fields } = (raw ?? {}) as Record<string, unknown>
    const m = validateOrThrow(fields)
    requireRealGuidance(m.body)
    const created = await repo.create({ ...m, tags: [...m.tags], version: 1, ...author(principal), changeNote: meta.changeNote || 'Created', createdAt: deps.now().toISOString() })
    if (!created) throw new AppError(409, ErrorCode.Conflict, `a methodology called "${m.slug}" already exists; edit it to add a new version`)
    const row = await repo.get(m.slug)
    if (!row) throw notFound('methodology')
    return c.json(detail(row), 201)
  })

  app.get('/:slug', async (c) => {
    requireUser(c)
    return c.json(detail(await load(c.req.param('slug'))))
  })

  app.get('/:slug/export.md', async (c) => {
    requireUser(c)
    const row = await load(c.req.param('slug'))
    c.header('content-type', 'text/markdown; charset=utf-8')
    c.header('content-disposition', `attachment; filename="${methodologyFilename(row.current.slug)}"`)
    return c.body(exportMethodologyMarkdown(toMethodology(row.current)))
  })

  app.put('/:slug', async (c) => {
    const principal = requireUser(c)
    const existing = await load(c.req.param('slug'))
    const raw = ((await readJson(c)) ?? {}) as Record<string, unknown>
    const meta = parseWith(MethodologyEditMetaSchema, { changeNote: raw['changeNote'] ?? '', baseVersion: raw['baseVersion'] }, 'body')
    const { changeNote: _n, baseVersion: _b, ...fields } = raw
    const m = validateOrThrow({ ...fields, slug: existing.current.slug })
    // A new version that keeps the current guidance (a template update) is not blocked by guidance written before this rule.
    if (m.body !== existing.current.body) requireRealGuidance(m.body)
    if (meta.baseVersion !== undefined && meta.baseVersion !== existing.current.version) {
      throw new AppError(409, ErrorCode.Conflict, `this methodology was changed (now version ${existing.current.version}) since you opened version ${meta.baseVersion}; reload and apply your edit again`)
    }
    const next = existing.current.version + 1
    const saved = await repo.addVersion({ ...m, tags: [...m.tags], version: next, ...author(principal), changeNote: meta.changeNote || `Version ${next}`, createdAt: deps.now().toISOString() })
    if (!saved) throw new AppError(409, ErrorCode.Conflict, 'someone saved a new version at the same moment; reload and try again')
    const row = await load(existing.current.slug)
    return c.json(detail(row))
  })

  app.get('/:slug/versions', async (c) => {
    requireUser(c)
    const row = await load(c.req.param('slug'))
    const versions = await repo.listVersions(row.current.slug)
    return c.json({
      versions: versions.map((v) => ({
        version: v.version,
        title: v.title,
        changeNote: v.changeNote,
        author: { name: v.authorName, orgId: v.authorOrgId, orgName: v.authorOrgName },
        createdAt: v.createdAt,
      })),
    })
  })

  const versionParam = (c: Context, name: string) => parseWith(z.coerce.number().int().min(1).max(1_000_000), c.req.param(name), name)

  app.get('/:slug/versions/:n', async (c) => {
    requireUser(c)
    const row = await load(c.req.param('slug'))
    const v = await repo.getVersion(row.current.slug, versionParam(c, 'n'))
    if (!v) throw notFound('version')
    return c.json({ ...toMethodology(v), version: v.version, bodyHtml: renderMarkdown(v.body), changeNote: v.changeNote, author: { name: v.authorName, orgId: v.authorOrgId, orgName: v.authorOrgName }, createdAt: v.createdAt })
  })

  app.get('/:slug/versions/:n/diff', async (c) => {
    requireUser(c)
    const row = await load(c.req.param('slug'))
    const to = versionParam(c, 'n')
    const from = c.req.query('against') ? parseWith(z.coerce.number().int().min(1), c.req.query('against'), 'against') : to - 1
    const [a, b] = await Promise.all([repo.getVersion(row.current.slug, from), repo.getVersion(row.current.slug, to)])
    if (!b) throw notFound('version')
    const before = a ?? { ...b, title: '', stage: '', summary: '', whenToUse: '', body: '', tags: [], template: null }
    const fields: MethodologyDiff['fields'] = []
    for (const [field, x, y] of [
      ['title', before.title, b.title],
      ['stage', before.stage, b.stage],
      ['summary', before.summary, b.summary],
      ['when to use', before.whenToUse, b.whenToUse],
      ['tags', before.tags.join(', '), b.tags.join(', ')],
    ] as const) {
      if (x !== y) fields.push({ field, before: x, after: y })
    }
    const diff: MethodologyDiff = {
      from: a ? from : 0,
      to,
      fields,
      body: diffLines(before.body, b.body),
      templateChanged: JSON.stringify(before.template) !== JSON.stringify(b.template),
    }
    return c.json(diff)
  })

  app.post('/:slug/restore', async (c) => {
    const principal = requireUser(c)
    const row = await load(c.req.param('slug'))
    const body = parseWith(RestoreVersionBodySchema, await readJson(c), 'body')
    const old = await repo.getVersion(row.current.slug, body.version)
    if (!old) throw notFound('version')
    const next = row.current.version + 1
    const saved = await repo.addVersion({ ...old, version: next, ...author(principal), changeNote: `Restored version ${body.version}`, createdAt: deps.now().toISOString() })
    if (!saved) throw new AppError(409, ErrorCode.Conflict, 'someone saved a new version at the same moment; reload and try again')
    return c.json(detail(await load(row.current.slug)))
  })

  app.post('/:slug/usage', async (c) => {
    const principal = requireUser(c)
    const row = await load(c.req.param('slug'))
    const body = parseWith(RecordUsageBodySchema, await readJson(c), 'body')
    const { board } = await requireBoardRole(deps.storage, principal, body.boardId, 'write')
    await repo.recordUsage(row.current.slug, board.id, body.version, principal.user.id, deps.now().toISOString())
    return c.body(null, 204)
  })

  return app
}
