/** Who is on the board right now, grouped by organisation: a chip per person with the organisation's colour and short name. */
import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { OrgBadge } from '../../ui/OrgBadge'
import { groupByOrganisation, readOrgParticipants, type OrgParticipant, type SelfIdentity } from './org-participants'
import './sharing.css'

const MAX_SHOWN = 5

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean)
  const letters = parts.length > 1 ? [parts[0]?.[0], parts[parts.length - 1]?.[0]] : [parts[0]?.[0]]
  return letters.filter(Boolean).join('').toUpperCase() || '?'
}

export function useOrgParticipants(awareness: Awareness | null, self: SelfIdentity | undefined): OrgParticipant[] {
  const [people, setPeople] = useState<OrgParticipant[]>([])
  const selfKey = self ? JSON.stringify(self) : ''
  useEffect(() => {
    if (!awareness) return
    const identity = selfKey ? (JSON.parse(selfKey) as SelfIdentity) : undefined
    const update = () => setPeople(readOrgParticipants(awareness.getStates(), awareness.clientID, identity))
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [awareness, selfKey])
  return people
}

export function OrgParticipants({ people }: { people: OrgParticipant[] }) {
  const shown = people.slice(0, MAX_SHOWN)
  const hidden = people.slice(MAX_SHOWN)
  const groups = groupByOrganisation(shown)
  return (
    <ul className="participants org-participants" aria-label="People on this board" data-testid="participants">
      {groups.map((group) => (
        <li key={group.orgId} className="org-group" aria-label={group.orgName || group.orgShortName}>
          <ul className="org-group-people">
            {group.people.map((p) => (
              <li
                key={p.id}
                className="participant org-participant"
                data-name={p.name}
                data-org={p.orgShortName}
                data-self={p.isSelf || undefined}
                title={`${p.name}${p.isSelf ? ' (you)' : ''}, ${p.orgName || p.orgShortName}`}
              >
                <span className="avatar" style={{ backgroundColor: p.color }} aria-hidden="true">{initials(p.name)}</span>
                <span className="participant-name">{p.name}{p.isSelf && <span className="participant-you"> (you)</span>}</span>
              </li>
            ))}
          </ul>
          <OrgBadge shortName={group.orgShortName} colour={group.color} title={group.orgName || group.orgShortName} />
        </li>
      ))}
      {hidden.length > 0 && (
        <li className="participant participant-more" title={hidden.map((p) => `${p.name} (${p.orgShortName})`).join(', ')}>+{hidden.length} more</li>
      )}
    </ul>
  )
}
