/**
 * Participants from awareness, using the identity the server stamps into every state (`user: {id, name, orgId,
 * orgName, orgShortName, color}`), so nobody can appear as someone else. Ordered by organisation, with your own
 * organisation first and yourself first within it.
 */

export interface OrgParticipant {
  id: string
  name: string
  orgId: string
  orgName: string
  orgShortName: string
  color: string
  isSelf: boolean
}

interface StampedUser {
  id: string
  name: string
  orgId?: string
  orgName?: string
  orgShortName?: string
  color: string
}

function isStampedUser(value: unknown): value is StampedUser {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v['id'] === 'string' && typeof v['name'] === 'string' && typeof v['color'] === 'string'
}

/** Our own identity from the session: our local awareness state is only stamped on its way to the others. */
export interface SelfIdentity {
  id: string
  name: string
  orgId: string
  orgName: string
  orgShortName: string
  color: string
}

/** One entry per person (several tabs collapse), sorted by organisation then name. */
export function readOrgParticipants(states: ReadonlyMap<number, unknown>, ownClientId: number, self?: SelfIdentity): OrgParticipant[] {
  const byId = new Map<string, OrgParticipant>()
  for (const [clientId, state] of states) {
    const isSelf = clientId === ownClientId
    const user = isSelf && self ? self : (state as { user?: unknown } | null)?.user
    if (!isStampedUser(user)) continue
    const existing = byId.get(user.id)
    byId.set(user.id, {
      id: user.id,
      name: user.name,
      orgId: user.orgId ?? '',
      orgName: user.orgName ?? '',
      orgShortName: user.orgShortName ?? '',
      color: user.color,
      isSelf: isSelf || (existing?.isSelf ?? false),
    })
  }
  const people = [...byId.values()]
  const ownOrg = people.find((p) => p.isSelf)?.orgId
  return people.sort(
    (a, b) =>
      Number(b.orgId === ownOrg) - Number(a.orgId === ownOrg) ||
      a.orgShortName.localeCompare(b.orgShortName) ||
      Number(b.isSelf) - Number(a.isSelf) ||
      a.name.localeCompare(b.name),
  )
}

/** Group consecutive people of one organisation (input already sorted by `readOrgParticipants`). */
export function groupByOrganisation(people: readonly OrgParticipant[]): { orgId: string; orgShortName: string; orgName: string; color: string; people: OrgParticipant[] }[] {
  const groups: { orgId: string; orgShortName: string; orgName: string; color: string; people: OrgParticipant[] }[] = []
  for (const person of people) {
    const last = groups[groups.length - 1]
    if (last && last.orgId === person.orgId) last.people.push(person)
    else groups.push({ orgId: person.orgId, orgShortName: person.orgShortName, orgName: person.orgName, color: person.color, people: [person] })
  }
  return groups
}
