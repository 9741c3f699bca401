/**
 * Sign-up rules: who may create an account (open, or invite-only, with the first account always allowed), which
 * organisation a newcomer joins or creates, and what their invites grant. Returns a Result; server/http starts the
 * session and maps failures to responses.
 */
import type { SignupBody } from '../../shared/schema/api'
import { ok, type Result } from '../../shared/domain/result'
import type { OrgRow, Storage, UserRow } from '../storage/types'
import { authError, type AuthError } from './auth-error'
import { findValidInvite, invitedBoardRole } from './invites'

/** The settings key of the administrator's sign-up mode (overrides SIGNUP_MODE). */
export const SIGNUP_MODE_KEY = 'signup_mode'

export type SignupMode = 'open' | 'invite-only'

/** The sign-up mode in force: the administrator's setting, else the configured default. */
export async function signupMode(storage: Storage, configured: SignupMode = 'open'): Promise<SignupMode> {
  const stored = await storage.accounts.getSetting(SIGNUP_MODE_KEY)
  if (stored === 'open' || stored === 'invite-only') return stored
  return configured
}

export interface SignupContext {
  now: Date
  newId(): string
  configuredMode: SignupMode
  hashPassword(password: string): Promise<string>
}

export interface SignedUp {
  user: UserRow
  org: OrgRow
  /** The board a board invite added them to (its live connections need re-checking). */
  boardId: string | null
}

/**
 * Create an account. The first account becomes the deployment administrator and adopts boards that have no owner.
 * With an organisation invite the person joins that organisation; otherwise they create theirs (a name exists once,
 * so nobody joins a body by typing its name) and administer it.
 */
export async function signUp(storage: Storage, body: SignupBody, ctx: SignupContext): Promise<Result<SignedUp, AuthError>> {
  const accounts = storage.accounts
  const isFirst = (await accounts.countUsers()) === 0
  const orgInvite = body.orgInviteToken ? await findValidInvite(storage, body.orgInviteToken, 'org', ctx.now) : null
  if (orgInvite && !orgInvite.ok) return orgInvite
  const boardInvite = body.boardInviteToken ? await findValidInvite(storage, body.boardInviteToken, 'board', ctx.now) : null
  if (boardInvite && !boardInvite.ok) return boardInvite
  if (!isFirst && (await signupMode(storage, ctx.configuredMode)) === 'invite-only' && !orgInvite && !boardInvite) {
    return authError('signup-invite-only', 'sign-up is by invitation only on this Pooled; ask a board facilitator or your organisation administrator for an invite link')
  }
  if (await accounts.findUserByEmail(body.email)) return authError('email-taken', 'an account with this email already exists; sign in instead')

  let org: OrgRow
  let orgRole: UserRow['orgRole']
  if (orgInvite) {
    const found = await accounts.getOrg(orgInvite.value.targetId)
    if (!found) return authError('invite-target-gone', 'the organisation of this invite no longer exists')
    org = found
    orgRole = orgInvite.value.role === 'admin' ? 'admin' : 'member'
  } else {
    if (!body.organisation) {
      return authError('organisation-required', 'organisation is required: create yours, or use an invite link from its administrator', [{ path: 'organisation', message: 'required' }])
    }
    const existing = await accounts.findOrgByName(body.organisation.name)
    if (existing) return authError('organisation-exists', `${existing.name} is already on Pooled; ask its administrator for an invite link to join it`)
    org = { id: ctx.newId(), name: body.organisation.name, shortName: body.organisation.shortName, colour: body.organisation.colour.toLowerCase(), createdAt: ctx.now.toISOString() }
    await accounts.createOrg(org)
    orgRole = 'admin'
  }
  const user: UserRow = {
    id: ctx.newId(),
    email: body.email,
    name: body.name,
    passwordHash: await ctx.hashPassword(body.password),
    orgId: org.id,
    orgRole,
    isAdmin: isFirst,
    isActive: true,
    createdAt: ctx.now.toISOString(),
  }
  await accounts.createUser(user)
  if (orgInvite) await storage.invites.recordUse(orgInvite.value.id)
  if (isFirst) await storage.boards.adoptOwnerless(user.id)
  if (boardInvite) {
    const invite = boardInvite.value
    await storage.shares.put({ boardId: invite.targetId, principalType: 'user', principalId: user.id, role: invitedBoardRole(invite), createdAt: ctx.now.toISOString() })
    await storage.invites.recordUse(invite.id)
  }
  return ok({ user, org, boardId: boardInvite ? boardInvite.value.targetId : null })
}
