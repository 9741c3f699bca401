/** Storage rows → API shapes. Never exposes password hashes or token hashes. */
import type { Organisation, User } from '../../shared/schema/api'
import type { OrgRow, UserRow } from '../storage/types'

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
