/** Top-right account menu: who you are and for which organisation, links to the organisation's pages (spend data, contracts) and the pages across bodies (collaboration, forward plan), and sign out. */
import { useEffect, useId, useRef, useState } from 'react'
import { Link } from '../../app/Link'
import { COLLABORATION_HREF, CONTRACTS_HREF, FORWARD_PLAN_HREF, SPEND_DATA_HREF } from '../../app/router'
import { OrgBadge } from '../../ui/OrgBadge'
import { signOut, useSession } from './session'
import './auth.css'

export function AccountMenu() {
  const session = useSession()
  const [isOpen, setIsOpen] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const menuId = useId()

  useEffect(() => {
    if (!isOpen) return
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setIsOpen(false)
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setIsOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [isOpen])

  if (session.status !== 'signed-in') return null
  const { user, organisation } = session
  return (
    <div className="account-menu" ref={rootRef} data-testid="account-menu">
      <button
        type="button"
        className="account-button"
        aria-haspopup="true"
        aria-expanded={isOpen}
        aria-controls={menuId}
        onClick={() => setIsOpen((open) => !open)}
        title={`${user.name}, ${organisation.name}`}
      >
        <span className="account-name">{user.name}</span>
        <OrgBadge shortName={organisation.shortName} colour={organisation.colour} title={organisation.name} />
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><path d="m3 4.5 3 3 3-3" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" /></svg>
      </button>
      {isOpen && (
        <div className="account-popover" id={menuId} role="menu">
          <div className="account-who">
            <strong>{user.name}</strong>
            <span className="muted">{user.email}</span>
            <span className="muted">{organisation.name}{user.orgRole === 'admin' ? ' · administrator' : ''}</span>
          </div>
          <Link href="/org" className="account-item" role="menuitem" onClick={() => setIsOpen(false)}>Your organisation</Link>
          <Link href={SPEND_DATA_HREF} className="account-item" role="menuitem" onClick={() => setIsOpen(false)}>Spend data</Link>
          <Link href={CONTRACTS_HREF} className="account-item" role="menuitem" onClick={() => setIsOpen(false)}>Contracts</Link>
          <Link href={COLLABORATION_HREF} className="account-item" role="menuitem" onClick={() => setIsOpen(false)}>Collaboration</Link>
          <Link href={FORWARD_PLAN_HREF} className="account-item" role="menuitem" onClick={() => setIsOpen(false)}>Forward plan</Link>
          <button type="button" className="account-item" role="menuitem" onClick={() => void signOut()}>Sign out</button>
        </div>
      )}
    </div>
  )
}
