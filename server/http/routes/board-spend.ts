/**
 * A board's pooled spend and organisations' line-detail sharing (issue 11 parts 4 and 5; docs/spend-data.md).
 * - `GET /api/boards/:boardId/spend[?since=V]`: any board reader; aggregates for the board's linked categories and
 *   participating bodies only. A board the caller cannot read is 404 (existence not revealed).
 * - `GET /api/boards/:boardId/spend/lines?categoryId=&orgId=…`: a body's lines in one of the board's categories, for
 *   that body's own members always and for other readers only when the body shares line detail with this board (403).
 * - `PUT /api/orgs/:orgId/spend/sharing/:boardId` `{ lineDetail }`: the organisation's administrators;
 *   `GET /api/orgs/:orgId/spend/sharing`: its members. Anyone else gets 404 for the organisation.
 */
import { Hono, type Context } from 'hono'
import { BoardIdSchema, ErrorCode } from '../../../shared/schema/api'
import { BoardSpendLinesQuerySchema, LineSharingRequestSchema } from '../../../shared/schema/board-spend-api'
import type { BoardSpendLines, BoardSpendPoll, OrgLineSharing } from '../../../shared/schema/board-spend-api'
import { boardForAction } from '../../auth/access'
import { createBoardSpendService, participatingOrgs } from '../../spend/board-spend'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { requireBoardRole } from '../board-access'
import { AppError, notFound } from '../errors'
import { parseJsonBody, parseWith } from '../validate'

/** Mount at `/api`. */
export function createBoardSpendRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()
  const spend = deps.spend
  if (!spend) return app
  const { db } = spend
  const service = createBoardSpendService({ db, storage: deps.storage })
  const log = deps.log.child({ module: 'board-spend' })

  const readableBoard = async (c: Context<AppEnv>) => {
    const principal = requireUser(c)
    const id = parseWith(BoardIdSchema, c.req.param('boardId'), 'board id')
    return { principal, board: (await requireBoardRole(deps.storage, principal, id, 'read')).board }
  }

  /** The caller, if an active member of `orgId`; otherwise 404 (as routes/spend.ts). */
  const requireMember = (c: Context<AppEnv>, orgId: string) => {
    const principal = requireUser(c)
    if (principal.user.orgId !== orgId || !principal.user.isActive) throw new AppError(404, ErrorCode.NotFound, 'organisation not found')
    return principal
  }

  app.get('/boards/:boardId/spend', async (c) => {
    const { principal, board } = await readableBoard(c)
    c.header('cache-control', 'private, no-store')
    const inputs = await service.readInputs(board)
    const since = c.req.query('since')
    if (since !== undefined && since === inputs.version) return c.json({ unchanged: true, version: inputs.version } satisfies BoardSpendPoll)
    return c.json((await service.build(board, principal.user.orgId, inputs)) satisfies BoardSpendPoll)
  })

  app.get('/boards/:boardId/spend/lines', async (c) => {
    const { principal, board } = await readableBoard(c)
    const q = parseWith(BoardSpendLinesQuerySchema, c.req.query(), 'line query')
    const org = (await participatingOrgs(deps.storage, board)).find((o) => o.id === q.orgId)
    if (!org) throw new AppError(404, ErrorCode.NotFound, `organisation ${q.orgId} does not take part in this board`)
    const category = await service.linkedCategory(board, q.categoryId)
    if (!category) throw new AppError(404, ErrorCode.NotFound, `category ${q.categoryId} is not on this board or is linked to no ProClass code`)
    const isOwn = principal.user.orgId === org.id
    if (!isOwn && db.prepare('SELECT 1 FROM spend_line_sharing WHERE org_id = ? AND board_id = ?').get(org.id, board.id) === undefined) {
      throw new AppError(403, ErrorCode.Forbidden, `line detail not shared by ${org.name}`, { reason: 'line-detail-not-shared', orgId: org.id })
    }
    const found = service.lines(org.id, category.linkedCodes, q)
    c.header('cache-control', 'private, no-store')
    return c.json({ orgId: org.id, categoryId: category.id, ...found } satisfies BoardSpendLines)
  })

  const sharingOf = async (orgId: string, principal: ReturnType<typeof requireUser>): Promise<OrgLineSharing> => {
    const rows = db.prepare('SELECT board_id AS boardId, shared_by AS sharedBy, shared_at AS sharedAt FROM spend_line_sharing WHERE org_id = ? ORDER BY shared_at, board_id').all(orgId) as Array<{ boardId: string; sharedBy: string; sharedAt: string }>
    const names = new Map((await deps.storage.accounts.listUsersInOrg(orgId)).map((u) => [u.id, u.name]))
    const sharing: OrgLineSharing['sharing'] = []
    for (const r of rows) {
      const access = await boardForAction(deps.storage, principal.user, r.boardId, 'read')
      sharing.push({ boardId: r.boardId, boardTitle: access.ok ? access.value.board.title : null, lineDetail: true, sharedBy: names.get(r.sharedBy) ?? 'a former member', sharedAt: r.sharedAt })
    }
    return { sharing }
  }

  app.get('/orgs/:orgId/spend/sharing', async (c) => {
    const orgId = c.req.param('orgId')
    const principal = requireMember(c, orgId)
    c.header('cache-control', 'private, no-store')
    return c.json(await sharingOf(orgId, principal))
  })

  app.put('/orgs/:orgId/spend/sharing/:boardId', async (c) => {
    const orgId = c.req.param('orgId')
    const principal = requireMember(c, orgId)
    if (principal.user.orgRole !== 'admin') throw new AppError(403, ErrorCode.Forbidden, `only an administrator of ${principal.org.name} can share its line detail with a board`)
    const { board } = await readableBoard(c)
    const body = await parseJsonBody(c, LineSharingRequestSchema)
    if (!(await participatingOrgs(deps.storage, board)).some((o) => o.id === orgId)) throw notFound('board')
    if (body.lineDetail) {
      db.prepare('INSERT INTO spend_line_sharing (org_id, board_id, shared_by, shared_at) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, board_id) DO NOTHING').run(orgId, board.id, principal.user.id, deps.now().toISOString())
    } else {
      db.prepare('DELETE FROM spend_line_sharing WHERE org_id = ? AND board_id = ?').run(orgId, board.id)
    }
    log.info({ requestId: c.get('requestId'), orgId, boardId: board.id, lineDetail: body.lineDetail }, 'line detail sharing changed')
    return c.json(await sharingOf(orgId, principal))
  })

  return app
}
