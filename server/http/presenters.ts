/** Storage rows → API shapes. Never exposes password hashes or token hashes. */
import type { BoardRole } from '../../shared/access/roles'
import type { Invite, Organisation, User } from '../../shared/schema/api'
import type { InviteRow, OrgRow, Storage, UserRow } from '../storage/types'

export const toUser = (u: UserRow): User => ({
  id: u.id,
  name: u.name,
  email: u.email,
  orgId: u.orgId,
  orgRole: u.orgRole,
  isAdmin: u.isAdmin,
  createdAt: u.createdAt,
})

export const toOrganisation = (o: OrgRow): Organisation => ({ id: o.id, name: o.name, shortName: o.shortName, colour: o.colour, createdAt: o.createdAt })

/** An invite as the API shows it; `token` and `url` only right after it was created (only a hash is stored). */
export async function presentInvite(storage: Storage, invite: InviteRow, extra: { url?: string; token?: string } = {}): Promise<Invite> {
  const creator = await storage.accounts.getUser(invite.createdBy)
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

/** The invite link a person shares: the app's own origin plus the secret token. */
export const inviteUrl = (requestUrl: string, token: string): string => `${new URL(requestUrl).origin}/invite/${token}`
