/**
 * Which organisations take part in a board, from what the client can see: my own organisation, organisations the
 * board is shared with, the organisation of each person it is shared with (the shares list names a person's
 * organisation only by short name and colour, so it is matched against the organisation list), and any organisation
 * already named in the documents (RACI rows). Pure, so it is unit-tested.
 */
import type { OrgId } from '../../../shared/domain/ids'
import type { OrgInfo } from '../../../shared/doc/planning-view'
import { UNKNOWN_ORG_COLOUR } from '../../../shared/doc/planning-view'
import type { Organisation, Share } from '../../../shared/schema/api'

export interface BoardOrgsInput {
  readonly myOrg: Organisation | null
  readonly shares: readonly Share[]
  readonly organisations: readonly Organisation[]
  /** Organisation ids named in the documents (e.g. RACI assignments). */
  readonly namedOrgIds?: readonly string[]
}

const toInfo = (o: Organisation): OrgInfo => ({ id: o.id as OrgId, name: o.name, shortName: o.shortName, colour: o.colour })

/** The organisations of a board, sorted by id (the planning view's order). */
export function resolveBoardOrgs(input: BoardOrgsInput): OrgInfo[] {
  const byId = new Map(input.organisations.map((o) => [o.id, o]))
  const found = new Map<string, OrgInfo>()
  const add = (o: Organisation) => found.set(o.id, toInfo(o))
  if (input.myOrg) add(input.myOrg)
  for (const share of input.shares) {
    if (share.principalType === 'org') {
      const org = byId.get(share.principalId)
      if (org) add(org)
      else found.set(share.principalId, { id: share.principalId as OrgId, name: share.name, shortName: share.orgShortName, colour: share.colour })
      continue
    }
    const matches = input.organisations.filter((o) => o.shortName === share.orgShortName && o.colour.toLowerCase() === share.colour.toLowerCase())
    // Ambiguous matches are all read: reading an extra organisation's (empty) document is harmless.
    for (const m of matches) add(m)
  }
  for (const id of input.namedOrgIds ?? []) {
    if (found.has(id)) continue
    const org = byId.get(id)
    found.set(id, org ? toInfo(org) : { id: id as OrgId, name: id, shortName: id.slice(0, 8), colour: UNKNOWN_ORG_COLOUR })
  }
  return [...found.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
