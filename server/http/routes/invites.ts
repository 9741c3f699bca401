/**
 * Invite links, public side: `/api/invites/:token` previews an invite (no sign-in needed) and accepts it. The rules
 * live in server/auth/invites.ts.
 */
import { Hono } from 'hono'
import type { InvitePreview } from '../../../shared/schema/api'
import { ErrorCode } from '../../../shared/schema/api'
import { acceptInvite, inviteInvalidReason } from '../../auth/invites'
import { hashToken } from '../../auth/tokens'
import type { AppDeps, AppEnv } from '../app-env'
import { requireUser } from '../auth-middleware'
import { authErrorToAppError } from '../auth-errors'
import { AppError } from '../errors'

export function createInviteRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>()

  app.get('/:token', async (c) => {
    const invite = await deps.storage.invites.findByTokenHash(hashToken(c.req.param('token')))
    if (!invite) throw new AppError(404, ErrorCode.NotFound, 'this invite link is not valid')
    const creator = await deps.storage.accounts.getUser(invite.createdBy)
    let title = ''
    if (invite.kind === 'board') title = (await deps.storage.boards.get(invite.targetId))?.title ?? ''
    else title = (await deps.storage.accounts.getOrg(invite.targetId))?.name ?? ''
    const reason = inviteInvalidReason(invite, deps.now()) ?? (title === '' ? 'what this invite was for no longer exists' : null)
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
    const accepted = await acceptInvite(deps.storage, user, c.req.param('token'), deps.now())
    if (!accepted.ok) throw authErrorToAppError(accepted.error)
    if (accepted.value.kind === 'org') return c.json({ kind: 'org', orgId: accepted.value.orgId })
    if (accepted.value.isAccessChanged) await deps.onAccessChanged(accepted.value.boardId)
    return c.json({ kind: 'board', boardId: accepted.value.boardId })
  })

  return app
}
