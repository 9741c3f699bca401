/**
 * An anchor that navigates through the history API for plain left clicks and behaves normally otherwise. Leaving the
 * page this way closes the board's connections, so with changes the server does not have yet it asks first (the
 * browser asks on reload or close: client/sync/usePendingChanges.ts).
 */
import type { AnchorHTMLAttributes, MouseEvent } from 'react'
import { pendingRegistry } from '../sync/pending-changes'
import { navigate } from './router'

export const LEAVE_WITH_UNSHARED_CHANGES =
  'Some of your changes are not yet shared with the board: the connection has not sent them yet. Leave anyway and lose them?'

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    if (pendingRegistry.count > 0 && !window.confirm(LEAVE_WITH_UNSHARED_CHANGES)) return
    navigate(href)
  }
  return <a href={href} onClick={handleClick} {...rest} />
}
