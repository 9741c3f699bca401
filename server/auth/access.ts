/**
 * Who may do what on a board: sessions resolved to people, and a person's effective role on a board
 * (owner, or the highest of their personal share and their organisation's share).
 */
import { can, maxRole, type BoardAction, type BoardRole } from '../../shared/access/roles'
import { err, ok, type Result } from '../../shared/domain/result'
import type { BoardRow, OrgRow, Storage, UserRow } from '../storage/types'
import { hashToken } from './tokens'

export const SESSION_TTL_MS = 30 * 24 * 3600_000

export interface Principal {
  user: UserRow
  org: OrgRow
  tokenHash: string
}

/** Resolve a bearer/cookie token to its active person, sliding the session's expiry. */
export async function resolveSession(storage: Storage, token: string | undefined | null, now: Date): Promise<Principal | null> {
  if (!token || token.length < 20 || token.length > 200) return null
  const tokenHash = hashToken(token)
  const session = await storage.accounts.getSession(tokenHash)
  if (!session) return null
  if (Date.parse(session.expiresAt) <= now.getTime()) {
    await storage.accounts.deleteSession(tokenHash)
    return null
  }
  const user = await storage.accounts.getUser(session.userId)
  if (!user || !user.isActive) return null
  const org = await storage.accounts.getOrg(user.orgId)
  if (!org) return null
  // Slide the expiry at most once an hour to avoid a write per request.
  const renewed = new Date(now.getTime() + SESSION_TTL_MS)
  if (Date.parse(session.expiresAt) < renewed.getTime() - 3600_000) {
    await storage.accounts.touchSession(tokenHash, renewed.toISOString())
  }
  return { user, org, tokenHash }
}

/** The person's effective role on the board, or null for no access. */
export async function roleOnBoard(storage: Storage, user: UserRow, board: BoardRow): Promise<BoardRole | null> {
  if (board.ownerId === user.id) return 'owner'
  const shares = await storage.shares.listForBoard(board.id)
  let role: BoardRole | null = null
  for (const share of shares) {
    if ((share.principalType === 'user' && share.principalId === user.id) || (share.principalType === 'org' && share.principalId === user.orgId)) {
      role = maxRole(role, share.role)
    }
  }
  return role
}

/** Every board the person may open, with their role. */
export async function boardsForUser(storage: Storage, user: UserRow): Promise<Array<{ board: BoardRow; role: BoardRole }>> {
  const shares = await storage.shares.listForUser(user.id, user.orgId)
  const roles = new Map<string, BoardRole | null>()
  for (const share of shares) roles.set(share.boardId, maxRole(roles.get(share.boardId) ?? null, share.role))
  const owned = (await storage.boards.list()).filter((b) => b.ownerId === user.id)
  for (const board of owned) roles.set(board.id, 'owner')
  const boards = await storage.boards.listByIds([...roles.keys()])
  return boards.flatMap((board) => {
    const role = roles.get(board.id)
    return role ? [{ board, role }] : []
  })
}

/** Why a person may not act on a board: they cannot see it at all, or their role does not allow the action. */
export type BoardAccessError = { code: 'board-not-found' } | { code: 'role-cannot'; role: BoardRole; action: BoardAction }

/** Load a board for an action by a person: the board and their role, or why not. */
export async function boardForAction(storage: Storage, user: UserRow, boardId: string, action: BoardAction): Promise<Result<{ board: BoardRow; role: BoardRole }, BoardAccessError>> {
  const board = await storage.boards.get(boardId)
  const role = board ? await roleOnBoard(storage, user, board) : null
  if (!board || !role || !can(role, 'read')) return err({ code: 'board-not-found' })
  if (!can(role, action)) return err({ code: 'role-cannot', role, action })
  return ok({ board, role })
}
