/**
 * Boards REST resource: create, list, read, rename, delete; sharing with people and organisations; invite links.
 * Every route checks the caller's role. A board the caller may not open answers 404, so its existence is not revealed.
 */
import { Hono, type Context } from 'hono'
import { canGrant, type BoardAction, type BoardRole } from '../../../shared/access/roles'
import {
  BoardIdSchema,
  CreateBoardBodySchema,
  CreateInviteBodySchema,
  ErrorCode,
  PutShareBodySchema,
  UpdateBoardBodySchema,
  type Board,
  type BoardList,
  type Share,
} from '../../../shared/schema/api'
import { boardsForUser, type Principal } from '../../auth/access'
import { issueInvite } from '../../auth/invites'
import type { BoardRow } from '../../storage/types'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { requireBoardRole } from '../board-access'
import { AppError, notFound } from '../errors'
import { inviteUrl, presentInvite } from '../presenters'
import { parseJsonBody, parseWith } from '../validate'

const toBoard = (row: BoardRow, myRole: BoardRole): Board => ({
  id: row.id,
  title: row.title,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  ownerId: row.ownerId ?? null,
  myRole,
})

export function createBoardRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  /** Load a board the caller may act on; 404 when they cannot even read it, 403 when they can read but not act. */
  const loadBoard = async (c: Context<AppEnv>, action: BoardAction): Promise<{ board: BoardRow; role: BoardRole; principal: Principal }> => {
    const principal = requireUser(c)
    const id = parseWith(BoardIdSchema, c.req.param('id'), 'board id')
    return { ...(await requireBoardRole(deps.storage, principal, id, action)), principal }
  }

  app.get('/', async (c) => {
    const { user } = requireUser(c)
    const body: BoardList = { boards: (await boardsForUser(deps.storage, user)).map(({ board, role }) => toBoard(board, role)) }
    return c.json(body)
  })

  app.post('/', async (c) => {
    const { user } = requireUser(c)
    const body = await parseJsonBody(c, CreateBoardBodySchema)
    const now = deps.now().toISOString()
    const row: BoardRow = { id: deps.newId(), title: body.title, createdAt: now, updatedAt: now, ownerId: user.id }
    await deps.storage.boards.create(row)
    return c.json(toBoard(row, 'owner'), 201)
  })

  app.get('/:id', async (c) => {
    const { board, role } = await loadBoard(c, 'read')
    return c.json(toBoard(board, role))
  })

  app.patch('/:id', async (c) => {
    const { board, role } = await loadBoard(c, 'rename')
    const body = await parseJsonBody(c, UpdateBoardBodySchema)
    const row = await deps.storage.boards.updateTitle(board.id, body.title, deps.now().toISOString())
    if (!row) throw notFound('board')
    return c.json(toBoard(row, role))
  })

  app.delete('/:id', async (c) => {
    const { board } = await loadBoard(c, 'delete')
    await deps.storage.boards.delete(board.id)
    // Close live sessions and let queued writes land before removing the documents, so nothing is left behind.
    await deps.onBoardDeleted(board.id)
    await deps.storage.docs.deletePrefix(board.id)
    return c.body(null, 204)
  })

  // ---- sharing -------------------------------------------------------------------------------------------

  const presentShares = async (board: BoardRow): Promise<Share[]> => {
    const out: Share[] = []
    if (board.ownerId) {
      const owner = await deps.storage.accounts.getUser(board.ownerId)
      const org = owner ? await deps.storage.accounts.getOrg(owner.orgId) : null
      if (owner && org) out.push({ principalType: 'user', principalId: owner.id, name: owner.name, orgShortName: org.shortName, colour: org.colour, role: 'owner' })
    }
    for (const share of await deps.storage.shares.listForBoard(board.id)) {
      if (share.principalType === 'user') {
        const user = await deps.storage.accounts.getUser(share.principalId)
        const org = user ? await deps.storage.accounts.getOrg(user.orgId) : null
        if (user && org && user.isActive && user.id !== board.ownerId) {
          out.push({ principalType: 'user', principalId: user.id, name: user.name, orgShortName: org.shortName, colour: org.colour, role: share.role })
        }
      } else {
        const org = await deps.storage.accounts.getOrg(share.principalId)
        if (org) out.push({ principalType: 'org', principalId: org.id, name: org.name, orgShortName: org.shortName, colour: org.colour, role: share.role })
      }
    }
    return out
  }

  app.get('/:id/shares', async (c) => {
    const { board } = await loadBoard(c, 'read')
    return c.json({ shares: await presentShares(board) })
  })

  app.put('/:id/shares', async (c) => {
    const { board, role } = await loadBoard(c, 'share')
    const body = await parseJsonBody(c, PutShareBodySchema)
    if (!canGrant(role, body.role)) throw new AppError(403, ErrorCode.Forbidden, `a ${role} cannot grant the ${body.role} role`)
    if (body.principalType === 'user') {
      const user = await deps.storage.accounts.getUser(body.principalId)
      if (!user || !user.isActive) throw notFound('person')
      if (user.id === board.ownerId) throw new AppError(409, ErrorCode.Conflict, "the owner's role cannot be changed")
    } else if (!(await deps.storage.accounts.getOrg(body.principalId))) {
      throw notFound('organisation')
    }
    const existing = (await deps.storage.shares.listForBoard(board.id)).find((s) => s.principalType === body.principalType && s.principalId === body.principalId)
    if (existing?.role === 'owner' && role !== 'owner') throw new AppError(403, ErrorCode.Forbidden, 'only an owner can change another owner')
    await deps.storage.shares.put({ boardId: board.id, principalType: body.principalType, principalId: body.principalId, role: body.role, createdAt: deps.now().toISOString() })
    await deps.onAccessChanged(board.id)
    return c.json({ shares: await presentShares(board) })
  })

  app.delete('/:id/shares/:type/:principalId', async (c) => {
    const { board, role } = await loadBoard(c, 'share')
    const type = c.req.param('type')
    if (type !== 'user' && type !== 'org') throw new AppError(400, ErrorCode.BadRequest, 'share type must be user or org')
    const existing = (await deps.storage.shares.listForBoard(board.id)).find((s) => s.principalType === type && s.principalId === c.req.param('principalId'))
    if (!existing) throw notFound('share')
    if (existing.role === 'owner' && role !== 'owner') throw new AppError(403, ErrorCode.Forbidden, 'only an owner can remove another owner')
    await deps.storage.shares.remove(board.id, type, existing.principalId)
    await deps.onAccessChanged(board.id)
    return c.json({ shares: await presentShares(board) })
  })

  // ---- invite links --------------------------------------------------------------------------------------

  app.post('/:id/invites', async (c) => {
    const { board, role, principal } = await loadBoard(c, 'share')
    const body = await parseJsonBody(c, CreateInviteBodySchema)
    if (!canGrant(role, body.role)) throw new AppError(403, ErrorCode.Forbidden, `a ${role} cannot invite as ${body.role}`)
    const { row, token } = await issueInvite(deps.storage, { id: deps.newId(), kind: 'board', targetId: board.id, role: body.role, expiresInDays: body.expiresInDays, createdBy: principal.user.id }, deps.now())
    return c.json(await presentInvite(deps.storage, row, { token, url: inviteUrl(c.req.url, token) }), 201)
  })

  app.get('/:id/invites', async (c) => {
    const { board } = await loadBoard(c, 'share')
    const rows = await deps.storage.invites.listFor('board', board.id)
    return c.json({ invites: await Promise.all(rows.map((r) => presentInvite(deps.storage, r))) })
  })

  app.delete('/:id/invites/:inviteId', async (c) => {
    const { board } = await loadBoard(c, 'share')
    const ok = await deps.storage.invites.revoke(c.req.param('inviteId'), 'board', board.id, deps.now().toISOString())
    if (!ok) throw notFound('invite')
    return c.body(null, 204)
  })

  return app
}
