/**
 * Invite links. A board invite carries a role and an expiry and adds the person who accepts it to the board; an
 * organisation invite lets a new person join that organisation at sign-up. Links can be revoked. Only a hash of
 * the token is stored.
 */
import { Hono } from 'hono'
import { ErrorCode, type Invite, type InvitePreview } from '../../../shared/schema/api'
import { maxRole, type BoardRole } from '../../../shared/access/roles'
import { roleOnBoard } from '../../auth/access'
import { hashToken, newSecretToken } from '../../auth/tokens'
import type { InviteRow } from '../../storage/types'
import type { AppDeps, AppEnv } from '../app'
import { requireUser } from '../auth-middleware'
import { AppError } from '../errors'
import { parseJsonBody } from '../validate'

/** Look up a still-valid invite of the given kind; throws a clear 4xx otherwise. */
export async function checkInvite(deps: AppDeps, token: string, kind: InviteRow['kind']): Promise<InviteRow> {
  const invite = await deps.storage.invites.findByTokenHash(hashToken(token))
  if (!invite || invite.kind !== kind) throw new AppError(404, ErrorCode.NotFound, 'this invite link is not valid')
  const reason = invalidReason(invite, deps.now())
  if (reason) throw new AppError(410 as never, ErrorCode.Conflict, reason)
  return invite
}

function invalidReason(invite: InviteRow, now: Date): string | null {
  if (invite.revokedAt) return 'this invite link was revoked; ask for a new one'
  if (Date.parse(invite.expiresAt) <= now.getTime()) return 'this invite link has expired; ask for a new one'
  return null
}

export async function presentInvite(deps: AppDeps, invite: InviteRow, extra: { url?: string; token?: string } = {}): Promise<Invite> {
  const creator = await deps.storage.accounts.getUser(invite.createdBy)
  return {
    id: invite.id,
    role: invite.role as BoardRole,
    expiresAt: invite.expiresAt,
    createdAt: invite.createdAt,
    createdByName: creator?.name ?? 'unknown',
    revokedAt: invite.revokedAt,
    uses: invite.uses,
    ...extra,
  }
}

export async function createInvite(
  deps: AppDeps,
  origin: string,
  kind: InviteRow['kind'],
  targetId: string,
  role: string,
  expiresInDays: number,
  createdBy: string,
): Promise<Invite> {
  const token = newSecretToken()
  const now = deps.now()
  const row: InviteRow = {
    id: deps.newId(),
    tokenHash: hashToken(token),
    kind,
    targetId,
    role,
    createdBy,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + expiresInDays * 24 * 3600_000).toISOString(),
    revokedAt: null,
    uses: 0,
  }
  await deps.storage.invites.create(row)
  return presentInvite(deps, row, { token, url: `${origin}/invite/${token}` })
}

/** Public preview and acceptance: `/api/invites/:token`. */
export function createInviteRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/:token', async (c) => {
    const invite = await deps.storage.invites.findByTokenHash(hashToken(c.req.param('token')))
    if (!invite) throw new AppError(404, ErrorCode.NotFound, 'this invite link is not valid')
    const creator = await deps.storage.accounts.getUser(invite.createdBy)
    let title = ''
    if (invite.kind === 'board') title = (await deps.storage.boards.get(invite.targetId))?.title ?? ''
    else title = (await deps.storage.accounts.getOrg(invite.targetId))?.name ?? ''
    const reason = invalidReason(invite, deps.now()) ?? (title === '' ? 'what this invite was for no longer exists' : null)
    const body: InvitePreview = {
      kind: invite.kind,
      title,
      role: invite.role,
      invitedBy: creator?.name ?? 'unknown',
      expiresAt: invite.expiresAt,
      isValid: reason === null,
      ...(reason ? { reason } : {}),
    }
    return c.json(body)
  })

  app.post('/:token/accept', async (c) => {
    const { user } = requireUser(c)
    const token = c.req.param('token')
    const found = await deps.storage.invites.findByTokenHash(hashToken(token))
    if (found?.kind === 'org') {
      if (found.targetId === user.orgId) return c.json({ kind: 'org', orgId: user.orgId })
      throw new AppError(409, ErrorCode.Conflict, 'you already belong to an organisation on Pooled; a person belongs to one organisation')
    }
    const invite = await checkInvite(deps, token, 'board')
    const board = await deps.storage.boards.get(invite.targetId)
    if (!board) throw new AppError(404, ErrorCode.NotFound, 'the board of this invite no longer exists')
    const current = await roleOnBoard(deps.storage, user, board)
    const granted = invite.role as BoardRole
    if (maxRole(current, granted) !== current) {
      await deps.storage.shares.put({ boardId: board.id, principalType: 'user', principalId: user.id, role: granted, createdAt: deps.now().toISOString() })
      await deps.onAccessChanged(board.id)
    }
    await deps.storage.invites.recordUse(invite.id)
    return c.json({ kind: 'board', boardId: board.id })
  })

  return app
}

