/** The always-visible sync status: Connecting…, Live, Reconnecting… or an error. */
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
  reconnecting: 'Connection lost. Your changes are kept and will be sent when the connection is back.',
  error: 'Changes are not being saved',
}

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  return (
    <span className={`badge badge-${state}`} role="status" aria-live="polite" title={HINTS[state]} data-testid="connection-badge" data-state={state}>
      <span className="badge-dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  )
}
