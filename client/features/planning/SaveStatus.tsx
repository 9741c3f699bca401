/**
 * What a form says after saving, and only what is true (client/sync/pending-changes.ts): "shared with everyone" once
 * the server has the change durably; until then, that it is kept in this tab only and not yet shared.
 */
import type { WriteStatus } from '../../sync/usePendingChanges'

export function SaveStatus({ status }: { status: WriteStatus }) {
  if (status === 'none') return null
  if (status === 'shared') {
    return <span className="pl-saved" role="status" data-testid="save-status" data-status="shared">Saved · shared with everyone on the board</span>
  }
  return (
    <span
      className="pl-saved-pending"
      role="status"
      data-testid="save-status"
      data-status="pending"
      title="Pooled has not stored this change on the server yet. It is sent as soon as the connection allows; keep this tab open until it says shared."
    >
      Saved in this tab · not yet shared
    </span>
  )
}
