/**
 * Invite rules. A board invite carries a role and an expiry and adds the person who accepts it to the board; an
 * organisation invite lets a new person join that organisation at sign-up. Links can be revoked. Only a hash of the
 * token is stored. Every rule returns a Result; server/http turns failures into responses.
 */
import { BOARD_ROLES, maxRole, type BoardRole } from '../../shared/access/roles'
import { ok, type Result } from '../../shared/domain/result'
import type { InviteRow, Storage, UserRow } from '../storage/types'
import { roleOnBoard } from './access'
import { authError, type AuthError } from './auth-error'
import { hashToken, newSecretToken } from './tokens'

/** Why an invite can no longer be used, or null while it can. */
export function inviteInvalidReason(invite: InviteRow, now: Date): string | null {
  if (invite.revokedAt) return 'this invite link was revoked; ask for a new one'
  if (Date.parse(invite.expiresAt) <= now.getTime()) return 'this invite link has expired; ask for a new one'
  return null
}

/** A still-valid invite of the given kind for this token. */
export async function findValidInvite(storage: Storage, token: string, kind: InviteRow['kind'], now: Date): Promise<Result<InviteRow, AuthError>> {
  const invite = await storage.invites.findByTokenHash(hashToken(token))
  if (!invite || invite.kind !== kind) return authError('invite-not-found', 'this invite link is not valid')
  const reason = inviteInvalidReason(invite, now)
  if (reason) return authError('invite-no-longer-valid', reason)
  return ok(invite)
}

/** The board role a board invite grants. Stored rows are written from a parsed role; anything else is a bug. */
export function invitedBoardRole(invite: InviteRow): BoardRole {
  const role = BOARD_ROLES.find((r) => r === invite.role)
  if (!role) throw new Error(`invite ${invite.id} holds an unknown board role`)
  return role
}

/** Create an invite and return its row with the secret token (shown once; only its hash is stored). */
export async function issueInvite(
  storage: Storage,
  input: { id: string; kind: InviteRow['kind']; targetId: string; role: string; expiresInDays: number; createdBy: string },
  now: Date,
): Promise<{ row: InviteRow; token: string }> {
  const token = newSecretToken()
  const row: InviteRow = {
    id: input.id,
    tokenHash: hashToken(token),
    kind: input.kind,
    targetId: input.targetId,
    role: input.role,
    createdBy: input.createdBy,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.expiresInDays * 24 * 3600_000).toISOString(),
    revokedAt: null,
    uses: 0,
  }
  await storage.invites.create(row)
  return { row, token }
}

export type AcceptedInvite = { kind: 'org'; orgId: string } | { kind: 'board'; boardId: string; isAccessChanged: boolean }

/**
 * A signed-in person accepts an invite. An organisation invite only confirms the organisation they already belong
 * to (a person belongs to one). A board invite raises their role on the board to the invite's role, never lowers it.
 */
export async function acceptInvite(storage: Storage, user: UserRow, token: string, now: Date): Promise<Result<AcceptedInvite, AuthError>> {
  const found = await storage.invites.findByTokenHash(hashToken(token))
  if (found?.kind === 'org') {
    if (found.targetId === user.orgId) return ok({ kind: 'org', orgId: user.orgId })
    return authError('already-in-an-organisation', 'you already belong to an organisation on Pooled; a person belongs to one organisation')
  }
  const valid = await findValidInvite(storage, token, 'board', now)
  if (!valid.ok) return valid
  const invite = valid.value
  const board = await storage.boards.get(invite.targetId)
  if (!board) return authError('invite-target-gone', 'the board of this invite no longer exists')
  const current = await roleOnBoard(storage, user, board)
  const granted = invitedBoardRole(invite)
  const isAccessChanged = maxRole(current, granted) !== current
  if (isAccessChanged) {
    await storage.shares.put({ boardId: board.id, principalType: 'user', principalId: user.id, role: granted, createdAt: now.toISOString() })
  }
  await storage.invites.recordUse(invite.id)
  return ok({ kind: 'board', boardId: board.id, isAccessChanged })
}
