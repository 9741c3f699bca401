/**
 * The accounts part of the board top bar: people here (by organisation), "View only" when the role cannot write,
 * contributions and highlight, the Share button, and the account menu. Also keeps the canvas read-only for
 * viewers, switching live when the server announces a new role.
 */
import { useEffect, useMemo, useState } from 'react'
import type { Editor } from '@tldraw/tldraw'
import type { Awareness } from 'y-protocols/awareness'
import { can, ROLE_LABELS } from '../../../shared/access/roles'
import type { Board, Organisation } from '../../../shared/schema/api'
import { listOrganisations } from '../../api/auth'
import { AccountMenu } from '../auth/AccountMenu'
import { useSession } from '../auth/session'
import { ContributionsMenu } from '../attribution/ContributionsMenu'
import { effectiveAccess, type BoardAccess } from './access-message'
import { OrgParticipants, useOrgParticipants } from './OrgParticipants'
import { ShareDialog } from './ShareDialog'
import './sharing.css'

interface Props {
  board: Board
  editor: Editor | null
  awareness: Awareness | null
  access: BoardAccess | null
  isConnectionBroken: boolean
}

export function BoardAccessBar({ board, editor, awareness, access, isConnectionBroken }: Props) {
  const session = useSession()
  const self =
    session.status === 'signed-in'
      ? {
          id: session.user.id,
          name: session.user.name,
          orgId: session.organisation.id,
          orgName: session.organisation.name,
          orgShortName: session.organisation.shortName,
          color: session.organisation.colour,
        }
      : undefined
  const people = useOrgParticipants(awareness, self)
  const [isSharing, setIsSharing] = useState(false)
  const [orgs, setOrgs] = useState<Organisation[]>([])
  const { role, canWrite } = effectiveAccess(board.myRole, access)

  useEffect(() => {
    if (editor) editor.updateInstanceState({ isReadonly: !canWrite || isConnectionBroken })
  }, [editor, canWrite, isConnectionBroken])

  useEffect(() => {
    const controller = new AbortController()
    listOrganisations(controller.signal).then(setOrgs, () => undefined)
    return () => controller.abort()
  }, [])

  const colours = useMemo(() => {
    const map = new Map<string, string>()
    for (const org of orgs) map.set(org.id, org.colour)
    for (const person of people) if (person.orgId) map.set(person.orgId, person.color)
    return map
  }, [orgs, people])

  const canShare = can(role, 'share')
  return (
    <>
      <OrgParticipants people={people} />
      {!canWrite && role !== null && (
        <span className="badge badge-viewonly" data-testid="view-only" title="Your role on this board is Viewer: you can watch, but not change anything.">
          View only
        </span>
      )}
      {editor && <ContributionsMenu editor={editor} colours={colours} />}
      <button
        type="button"
        className={canShare ? 'button button-primary button-small' : 'button button-secondary button-small'}
        onClick={() => setIsSharing(true)}
        title={role ? `Your role: ${ROLE_LABELS[role]}` : undefined}
      >
        {canShare ? 'Share' : 'Access'}
      </button>
      {isSharing && session.status === 'signed-in' && (
        <ShareDialog boardId={board.id} boardTitle={board.title} myRole={role} selfId={session.user.id} onClose={() => setIsSharing(false)} />
      )}
      <AccountMenu />
    </>
  )
}
