/**
 * The one way a route loads a board and checks the caller's role on it. Someone who may not read the board gets 404,
 * so its existence is not revealed; someone who may read it but not do this gets 403 naming their role.
 */
import type { BoardAction, BoardRole } from '../../shared/access/roles'
import { ErrorCode } from '../../shared/schema/api'
import { boardForAction, type Principal } from '../auth/access'
import type { BoardRow, Storage } from '../storage/types'
import { AppError, notFound } from './errors'

export async function requireBoardRole(storage: Storage, principal: Principal, boardId: string, action: BoardAction): Promise<{ board: BoardRow; role: BoardRole }> {
  const access = await boardForAction(storage, principal.user, boardId, action)
  if (access.ok) return access.value
  if (access.error.code === 'board-not-found') throw notFound('board')
  throw new AppError(403, ErrorCode.Forbidden, `your role on this board (${access.error.role}) cannot ${access.error.action} it`)
}
