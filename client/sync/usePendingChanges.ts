/**
 * React views of client/sync/pending-changes.ts: how many of this tab's changes the server does not have yet, whether
 * a given write has been shared, and the browser's warning before a tab with unshared changes closes.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import type * as Y from 'yjs'
import { pendingRegistry } from './pending-changes'

const subscribe = (listener: () => void) => pendingRegistry.subscribe(listener)
const snapshot = () => pendingRegistry.snapshot

/** Local changes of every document of the page that the server has not made durable yet. */
export function usePendingCount(): number {
  useSyncExternalStore(subscribe, snapshot, snapshot)
  return pendingRegistry.count
}

/** True once some change has stayed unshared for at least `ms` (a connected tab shares within moments). */
export function useIsPendingLongerThan(ms: number): boolean {
  useSyncExternalStore(subscribe, snapshot, snapshot)
  const since = pendingRegistry.oldestPendingSince
  const [, rerender] = useState(0)
  useEffect(() => {
    if (since === null) return
    const left = since + ms - Date.now()
    if (left <= 0) return
    const timer = setTimeout(() => rerender((n) => n + 1), left)
    return () => clearTimeout(timer)
  }, [since, ms])
  return since !== null && Date.now() - since >= ms
}

export type WriteStatus = 'none' | 'pending' | 'shared'

/**
 * The status of my latest write to `doc`: call `markWritten()` right after writing. 'shared' only once the server has
 * it; 'pending' until then (also when the document has no tracker: nothing can confirm it).
 */
export function useWriteStatus(doc: Y.Doc | null): { status: WriteStatus; markWritten: () => void; reset: () => void } {
  useSyncExternalStore(subscribe, snapshot, snapshot)
  const [written, setWritten] = useState<{ doc: Y.Doc; seq: number } | null>(null)
  const markWritten = useCallback(() => {
    if (!doc) return
    setWritten({ doc, seq: pendingRegistry.trackerOf(doc)?.lastSeq ?? Number.POSITIVE_INFINITY })
  }, [doc])
  const reset = useCallback(() => setWritten(null), [])
  if (!written || written.doc !== doc) return { status: 'none', markWritten, reset }
  const tracker = pendingRegistry.trackerOf(doc)
  return { status: tracker && tracker.isShared(written.seq) ? 'shared' : 'pending', markWritten, reset }
}

/** While any change is unshared, ask the browser to confirm before the tab closes or reloads. */
export function useWarnBeforeClosingWithUnsharedChanges(): void {
  const hasPending = usePendingCount() > 0
  useEffect(() => {
    if (!hasPending) return
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
      // reason: older browsers show the dialog only when returnValue is set
      event.returnValue = ''
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [hasPending])
}
