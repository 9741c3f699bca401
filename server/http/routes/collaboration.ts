/**
 * The opportunity finder and the forward plan (issue 12; docs/contracts-collaboration.md):
 * - `GET /api/collaboration/pairs?windowMonths=18`: pairs and groups of this Pooled's organisations that could buy
 *   together, from the contracts the caller may see, best first, each with its reasons.
 * - `POST /api/collaboration/boards`: a board for an opportunity, owned by the caller and shared with each body as
 *   editor; with a category for the CPV group in its planning document when one is given (its id is returned so the
 *   client can place its card on the canvas). The caller must belong to one of the bodies.
 * - `GET /api/contracts/forward-plan?months=36` and `.csv`: expiries and planned procurements of the bodies the
 *   caller works with (server/contracts/collaboration.ts `orgsWorkedWith`).
 * - `GET /api/orgs/:orgId/contracts/pipeline-notice`: data for the organisation's Procurement Act 2023 pipeline
 *   notice; its members only (404 for anyone else, as the other organisation-only contract routes).
 */
import { Hono, type Context } from 'hono'
import * as Y from 'yjs'
import type { z } from 'zod'
import { rankCollaborationPairs } from '../../../shared/contracts/collaboration'
import { cpvGroupLabel } from '../../../shared/contracts/cpv-group'
import { buildForwardPlan, forwardPlanCsv, pipelineNotice, pipelinePeriod, type ForwardPlan } from '../../../shared/contracts/forward-plan'
import { monthsBetween, type IsoDate } from '../../../shared/domain/dates'
import { DEFAULT_LEAD_TIME_MONTHS } from '../../../shared/domain/procurement-route'
import { createCategory } from '../../../shared/doc/planning-writers'
import { ErrorCode } from '../../../shared/schema/api'
import { OpenOpportunityBoardBodySchema, type OpenOpportunityBoardResponseSchema } from '../../../shared/schema/contracts-api'
import {
  listPlannedProcurements,
  loadCpvLabels,
  orgsWorkedWith,
  toCollaborationJoint,
  toPlanContract,
} from '../../contracts/collaboration'
import type { BoardRow } from '../../storage/types'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { AppError } from '../errors'
import { parseJsonBody } from '../validate'

type OpenOpportunityBoardResponse = z.infer<typeof OpenOpportunityBoardResponseSchema>

/** Reads an optional whole-number query parameter in [min, max]; 400 naming the parameter otherwise. */
function monthsParam(c: Context<AppEnv>, name: string, fallback: number, min: number, max: number): number {
  const raw = c.req.query(name)
  if (raw === undefined) return fallback
  if (!/^\d{1,4}$/.test(raw.trim()) || Number(raw) < min || Number(raw) > max) {
    throw new AppError(400, ErrorCode.BadRequest, `${name} is "${raw}"; it must be a whole number of months from ${min} to ${max}`)
  }
  return Number(raw)
}

/** `attachment` with an ASCII filename and its RFC 6266 / RFC 8187 `filename*` twin. */
function contentDisposition(filename: string): string {
  return `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/** Mount at `/api`. */
export function createCollaborationRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const log = deps.log.child({ module: 'collaboration' })
  const today = (): IsoDate => deps.now().toISOString().slice(0, 10) as IsoDate

  app.post('/collaboration/boards', async (c) => {
    const { user } = requireUser(c)
    const body = await parseJsonBody(c, OpenOpportunityBoardBodySchema)
    const orgIds = [...new Set(body.orgIds)]
    if (orgIds.length < 2) throw new AppError(400, ErrorCode.BadRequest, 'an opportunity board needs at least two different organisations')
    if (!orgIds.includes(user.orgId)) throw new AppError(403, ErrorCode.Forbidden, 'you can open a board only for an opportunity your organisation is part of')
    for (const id of orgIds) {
      if (!(await deps.storage.accounts.getOrg(id))) throw new AppError(404, ErrorCode.NotFound, `organisation ${id} not found`)
    }
    const now = deps.now().toISOString()
    const row: BoardRow = { id: deps.newId(), title: body.title, createdAt: now, updatedAt: now, ownerId: user.id }
    // The category card is written before anything is stored, so a refused card stores nothing.
    let seed: Uint8Array | null = null
    let categoryId: string | undefined
    if (body.cpvGroup !== undefined) {
      const doc = new Y.Doc()
      categoryId = deps.newId()
      const written = createCategory(doc, { id: categoryId, name: cpvGroupLabel(body.cpvGroup, loadCpvLabels()), cpvCodes: [body.cpvGroup.padEnd(8, '0')] }, user.id, now)
      if (!written.ok) throw new AppError(400, ErrorCode.BadRequest, `cannot make a category card for CPV group ${body.cpvGroup}: ${written.error.message}`)
      seed = Y.encodeStateAsUpdate(doc)
      doc.destroy()
    }
    await deps.storage.boards.create(row)
    for (const orgId of orgIds) {
      await deps.storage.shares.put({ boardId: row.id, principalType: 'org', principalId: orgId, role: 'editor', createdAt: now })
    }
    // A new board has no live room yet, so its first update goes straight to the document store.
    if (seed !== null) await deps.storage.docs.append([{ docName: row.id, update: seed }])
    log.info({ requestId: c.get('requestId'), boardId: row.id, orgs: orgIds.length, seeded: seed !== null }, 'opportunity board opened')
    const answer: OpenOpportunityBoardResponse = categoryId === undefined ? { boardId: row.id } : { boardId: row.id, categoryId }
    return c.json(answer, 201)
  })

  const contracts = deps.contracts
  if (!contracts) return app
  const { db, service } = contracts

  app.get('/collaboration/pairs', async (c) => {
    const { user } = requireUser(c)
    const windowMonths = monthsParam(c, 'windowMonths', 18, 1, 120)
    const orgs = (await deps.storage.accounts.listOrgs()).map((o) => ({ id: o.id, name: o.name }))
    const visible = await service.listVisibleContracts(user.id)
    const result = rankCollaborationPairs({
      orgs,
      contracts: visible.map(toPlanContract),
      joint: (await service.listJoint()).map(toCollaborationJoint),
      today: today(),
      windowMonths,
      cpvLabels: loadCpvLabels(),
    })
    if (!result.ok) throw new AppError(400, ErrorCode.BadRequest, result.error.message)
    c.header('cache-control', 'private, no-store')
    return c.json(result.value)
  })

  const forwardPlanFor = async (c: Context<AppEnv>): Promise<ForwardPlan> => {
    const { user } = requireUser(c)
    const months = monthsParam(c, 'months', 36, 1, 120)
    const ids = new Set(await orgsWorkedWith(deps.storage, user))
    const allOrgs = (await deps.storage.accounts.listOrgs()).map((o) => ({ id: o.id, name: o.name }))
    const result = buildForwardPlan({
      orgs: allOrgs.filter((o) => ids.has(o.id)),
      contracts: (await service.listVisibleContracts(user.id)).map(toPlanContract),
      planned: listPlannedProcurements(db, allOrgs),
      today: today(),
      months,
      cpvLabels: loadCpvLabels(),
    })
    if (!result.ok) throw new AppError(400, ErrorCode.BadRequest, result.error.message)
    return result.value
  }

  app.get('/contracts/forward-plan', async (c) => {
    const plan = await forwardPlanFor(c)
    c.header('cache-control', 'private, no-store')
    return c.json(plan)
  })

  app.get('/contracts/forward-plan.csv', async (c) => {
    const plan = await forwardPlanFor(c)
    c.header('content-type', 'text/csv; charset=utf-8; header=present')
    c.header('content-disposition', contentDisposition(`forward-plan-${plan.from}.csv`))
    c.header('cache-control', 'private, no-store')
    c.header('x-content-type-options', 'nosniff')
    return c.body(forwardPlanCsv(plan))
  })

  app.get('/orgs/:orgId/contracts/pipeline-notice', async (c) => {
    const { user } = requireUser(c)
    const orgId = c.req.param('orgId')
    if (user.orgId !== orgId || !user.isActive) throw new AppError(404, ErrorCode.NotFound, 'organisation not found')
    const org = await deps.storage.accounts.getOrg(orgId)
    if (!org) throw new AppError(404, ErrorCode.NotFound, 'organisation not found')
    const day = today()
    const period = pipelinePeriod(day)
    if (!period.ok) throw new AppError(400, ErrorCode.BadRequest, period.error.message)
    // Far enough ahead for every contract whose replacement's tender notice falls in the reporting period.
    const leadTimeMonths = DEFAULT_LEAD_TIME_MONTHS['open-procedure']
    const months = Math.min(120, monthsBetween(day, period.value.to) + leadTimeMonths + 1)
    const allOrgs = (await deps.storage.accounts.listOrgs()).map((o) => ({ id: o.id, name: o.name }))
    const plan = buildForwardPlan({
      orgs: [{ id: org.id, name: org.name }],
      contracts: (await service.listVisibleContracts(user.id)).map(toPlanContract),
      planned: listPlannedProcurements(db, allOrgs),
      today: day,
      months,
      leadTimeMonths,
      cpvLabels: loadCpvLabels(),
    })
    if (!plan.ok) throw new AppError(400, ErrorCode.BadRequest, plan.error.message)
    const notice = pipelineNotice(org.name, plan.value.rows.filter((r) => r.orgId === org.id), day)
    if (!notice.ok) throw new AppError(400, ErrorCode.BadRequest, notice.error.message)
    c.header('cache-control', 'private, no-store')
    return c.json(notice.value)
  })

  return app
}
