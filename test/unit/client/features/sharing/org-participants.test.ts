import { describe, expect, it } from 'vitest'
import { groupByOrganisation, readOrgParticipants } from '../../../../../client/features/sharing/org-participants'
import { effectiveAccess } from '../../../../../client/features/sharing/access-message'
import { parseAccessPayload } from '../../../../../shared/wire/protocol'

const user = (id: string, name: string, orgId: string, orgShortName: string) => ({ user: { id, name, orgId, orgName: orgShortName, orgShortName, color: '#123456' } })

describe('readOrgParticipants', () => {
  it('uses the stamped identity, collapses tabs, and orders by organisation with our own first', () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: 'me', name: 'Me (local)', color: '#000000' } }],
      [2, user('b', 'Bob', 'o2', 'AAA')],
      [3, user('c', 'Cat', 'o1', 'ZZZ')],
      [4, user('b', 'Bob', 'o2', 'AAA')],
      [5, { presence: {} }],
    ])
    const self = { id: 'me', name: 'Ann', orgId: 'o1', orgName: 'Zed Council', orgShortName: 'ZZZ', color: '#111111' }
    const people = readOrgParticipants(states, 1, self)
    expect(people.map((p) => `${p.name}/${p.orgShortName}/${p.isSelf}`)).toEqual(['Ann/ZZZ/true', 'Cat/ZZZ/false', 'Bob/AAA/false'])
    expect(groupByOrganisation(people).map((g) => [g.orgShortName, g.people.length])).toEqual([['ZZZ', 2], ['AAA', 1]])
  })
})

describe('access', () => {
  it('parses the server access payload and refuses anything else', () => {
    expect(parseAccessPayload('{"role":"viewer","canWrite":false}')).toEqual({ role: 'viewer', canWrite: false })
    expect(parseAccessPayload('{"role":null,"canWrite":false}')).toEqual({ role: null, canWrite: false })
    expect(parseAccessPayload('{"role":"god","canWrite":true}')).toBeNull()
    expect(parseAccessPayload('nope')).toBeNull()
  })
  it('prefers the live announcement over the role read at page load', () => {
    expect(effectiveAccess('viewer', null)).toEqual({ role: 'viewer', canWrite: false })
    expect(effectiveAccess('viewer', { role: 'editor', canWrite: true })).toEqual({ role: 'editor', canWrite: true })
    expect(effectiveAccess(undefined, null)).toEqual({ role: null, canWrite: false })
  })
})
