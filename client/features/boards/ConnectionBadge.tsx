/**
 * The always-visible sync status: Connecting…, Live, Reconnecting… or an error, and how many of my changes the server
 * does not have yet (client/sync/pending-changes.ts) when that matters: while not live, or when sharing is slow.
 */
import type { ConnectionState } from '../../sync/useBoardStore'

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  error: 'Not syncing',
}

const HINTS: Record<ConnectionState, string> = {
  connecting: 'Connecting to the board',
  live: 'Connected: changes are shared with everyone on this board',
  reconnecting: 'Connection lost. Your changes are kept in this tab and will be shared when the connection is back.',
  error: 'Changes are not being saved',
}

/** While live, unshared changes are only worth mentioning once they have waited this long. */
export const PENDING_NOTICE_WHEN_LIVE_MS = 2000

export function changesText(count: number): string {
  return `${count} ${count === 1 ? 'change' : 'changes'} not yet shared`
}

export function ConnectionBadge({ state, pendingCount = 0, isPendingSlow = false }: { state: ConnectionState; pendingCount?: number; isPendingSlow?: boolean }) {
  const showPending = pendingCount > 0 && (state !== 'live' || isPendingSlow)
  const hint = showPending
    ? `${changesText(pendingCount)}: they are kept in this tab only${state === 'live' ? ' and are being sent' : ' and will be shared when the connection is back'}. Keep this tab open until they are shared.`
    : HINTS[state]
  return (
    <span
      className={`badge badge-${state}${showPending ? ' badge-pending' : ''}`}
      role="status"
      aria-live="polite"
      title={hint}
      data-testid="connection-badge"
      data-state={state}
      data-pending={pendingCount}
    >
      <span className="badge-dot" aria-hidden="true" />
      {LABELS[state]}
      {showPending && <span className="badge-pending-text">· {changesText(pendingCount)}</span>}
    </span>
  )
}
