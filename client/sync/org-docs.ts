/**
 * React hook owning one provider per organisation document of a board (`<boardId>~org~<orgId>`, docs/planning-doc.md):
 * each organisation's spend entries and contracts live in its own Y.Doc, which only that organisation's editors may
 * write (the server enforces it). Same-origin cookie auth, so nothing extra to send.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { isAtLeast, type BoardRole } from '../../shared/access/roles'
import { isAppCloseCode, orgDocName } from '../../shared/wire/protocol'
import type { OrgId } from '../../shared/domain/ids'
import { config } from '../config'
import { trackPendingChanges, type PendingChanges } from './pending-changes'

/** The organisation documents of a board, keyed by organisation id, and which of them have synced at least once. */
export interface OrgDocs {
  readonly docs: ReadonlyMap<OrgId, Y.Doc>
  readonly syncedOrgIds: ReadonlySet<OrgId>
}

interface Connection {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  readonly pendingChanges: PendingChanges
  readonly onSync: (isSynced: boolean) => void
}

/**
 * True when the signed-in person may write an organisation's document: it is their own organisation and their role
 * on the board is editor or above; the server enforces the same rule (server/http/sync-access.ts).
 */
export function canWriteOrgDoc(orgId: string, myOrgId: string | null, role: BoardRole | null): boolean {
  return myOrgId !== null && orgId === myOrgId && isAtLeast(role, 'editor')
}

/** A stable key for a set of organisation ids (order and duplicates do not matter). */
export function orgIdsKey(orgIds: readonly string[]): string {
  return [...new Set(orgIds)].sort().join('\n')
}

/**
 * Keeps one synced Y.Doc per organisation in `orgIds`: connects providers for new ids, destroys those that left,
 * and destroys everything on unmount or when the board changes.
 */
export function useOrgDocs(boardId: string, orgIds: readonly string[]): OrgDocs {
  const key = orgIdsKey(orgIds)
  const connections = useRef(new Map<string, Connection>())
  const [state, setState] = useState<OrgDocs>({ docs: new Map(), syncedOrgIds: new Set() })

  useEffect(() => {
    const wanted = new Set(key === '' ? [] : key.split('\n'))
    const current = connections.current
    let isChanged = false
    for (const [orgId, connection] of current) {
      if (wanted.has(orgId)) continue
      connection.provider.off('sync', connection.onSync)
      connection.pendingChanges.destroy()
      connection.provider.destroy()
      connection.doc.destroy()
      current.delete(orgId)
      isChanged = true
    }
    for (const orgId of wanted) {
      if (current.has(orgId)) continue
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(config.wsBase, orgDocName(boardId, orgId), doc, {
        maxBackoffTime: 2500,
        // 4xxx close codes are final (deleted, unshared, no such organisation): do not hammer the server.
        shouldReconnect: (event) => !isAppCloseCode(event.code),
      })
      const onSync = (isSynced: boolean) => {
        if (!isSynced) return
        setState((prev) => (prev.syncedOrgIds.has(orgId as OrgId) ? prev : { ...prev, syncedOrgIds: new Set([...prev.syncedOrgIds, orgId as OrgId]) }))
      }
      provider.on('sync', onSync)
      // An organisation document can be written before its first sync; it is small, so track it from the start.
      const pendingChanges = trackPendingChanges(doc, provider, { isTrackingBeforeSync: true })
      current.set(orgId, { doc, provider, pendingChanges, onSync })
      isChanged = true
    }
    if (isChanged) {
      setState((prev) => ({
        docs: new Map([...current].map(([orgId, c]) => [orgId as OrgId, c.doc])),
        syncedOrgIds: new Set([...prev.syncedOrgIds].filter((id) => current.has(id))),
      }))
    }
  }, [boardId, key])

  // A different board, or unmount: drop every connection.
  useEffect(
    () => () => {
      for (const connection of connections.current.values()) {
        connection.provider.off('sync', connection.onSync)
        connection.pendingChanges.destroy()
        connection.provider.destroy()
        connection.doc.destroy()
      }
      connections.current.clear()
    },
    [boardId],
  )

  return useMemo(() => state, [state])
}
