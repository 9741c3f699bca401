/**
 * A calm notice over the canvas when some of the board's records could not be shown (client/sync/binding.ts sets
 * them aside instead of refusing the whole board). It names them, says nothing was deleted, and does not block the
 * canvas; it can be folded away, and comes back if the list changes.
 */
import { useState } from 'react'
import type { SetAsideRecord } from '../sync/binding'
import './set-aside-notice.css'

function describeOne(r: SetAsideRecord): string {
  return `${r.id}${r.type ? ` (${r.type})` : ''} — ${r.reason}`
}

/** "1 item on this board could not be shown: shape:bad (geo) — invalid rotation" */
export function setAsideSummary(records: readonly SetAsideRecord[]): string {
  if (records.length === 1 && records[0]) return `1 item on this board could not be shown: ${describeOne(records[0])}`
  return `${records.length} items on this board could not be shown.`
}

export function SetAsideNotice({ records }: { records: readonly SetAsideRecord[] }) {
  const key = records.map((r) => `${r.id}\u0000${r.detail}`).join('\u0001')
  const [hiddenFor, setHiddenFor] = useState<string | null>(null)
  if (records.length === 0 || hiddenFor === key) return null
  return (
    <div className="set-aside-notice" role="status" data-testid="set-aside-notice">
      <div className="set-aside-notice-text">
        <span>{setAsideSummary(records)}</span>
        {records.length > 1 && (
          <details>
            <summary>Which items</summary>
            <ul>
              {records.map((r) => (
                <li key={r.id} title={r.detail}>
                  {describeOne(r)}
                </li>
              ))}
            </ul>
          </details>
        )}
        <span className="set-aside-notice-hint" title={records.length === 1 ? records[0]?.detail : undefined}>
          {records.length === 1 ? 'It is' : 'They are'} kept on the board unchanged; the rest of the board works as usual.
        </span>
      </div>
      <button type="button" className="button button-secondary button-small" onClick={() => setHiddenFor(key)}>
        Hide
      </button>
    </div>
  )
}
