/**
 * React hook owning one provider per organisation document of a board (`<boardId>~org~<orgId>`, docs/planning-doc.md):
 * each organisation's spend entries and contracts live in its own Y.Doc, which only that organisation's editors may
 * write (the server enforces it). The signed-in person's own organisation also has its confidential document
 * (`<boardId>~private~<orgId>`): the contracts it marked confidential, which the server lets only its members open.
 * Same-origin cookie auth, so nothing extra to send.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { isAtLeast, type BoardRole } from '../../shared/access/roles'
import { isAppCloseCode, orgDocName, privateDocName } from '../../shared/wire/protocol'
import type { OrgId } from '../../shared/domain/ids'
import { config } from '../config'
import { trackPendingChanges, type PendingChanges } from './pending-changes'

/**
 * The organisation documents of a board, keyed by organisation id, and which of them have synced at least once; and
 * the confidential documents open on this screen (only the signed-in person's own organisation's).
 */
export interface OrgDocs {
  readonly docs: ReadonlyMap<OrgId, Y.Doc>
  readonly syncedOrgIds: ReadonlySet<OrgId>
  readonly privateDocs: ReadonlyMap<OrgId, Y.Doc>
}

interface Connection {
  readonly orgId: OrgId
  readonly isPrivate: boolean
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
 * Keeps one synced Y.Doc per organisation in `orgIds`, and the confidential document of `myOrgId` (the signed-in
 * person's organisation; null: none): connects providers for new documents, destroys those that left, and destroys
 * everything on unmount or when the board changes. Connections are keyed by document name.
 */
export function useOrgDocs(boardId: string, orgIds: readonly string[], myOrgId: string | null = null): OrgDocs {
  const key = orgIdsKey(orgIds)
  const connections = useRef(new Map<string, Connection>())
  const [state, setState] = useState<OrgDocs>({ docs: new Map(), syncedOrgIds: new Set(), privateDocs: new Map() })

  useEffect(() => {
    const wanted = new Map<string, { orgId: OrgId; isPrivate: boolean }>()
    for (const orgId of key === '' ? [] : key.split('\n')) wanted.set(orgDocName(boardId, orgId), { orgId: orgId as OrgId, isPrivate: false })
    if (myOrgId !== null) wanted.set(privateDocName(boardId, myOrgId), { orgId: myOrgId as OrgId, isPrivate: true })
    const current = connections.current
    let isChanged = false
    for (const [name, connection] of current) {
      if (wanted.has(name)) continue
      connection.provider.off('sync', connection.onSync)
      connection.pendingChanges.destroy()
      connection.provider.destroy()
      connection.doc.destroy()
      current.delete(name)
      isChanged = true
    }
    for (const [name, { orgId, isPrivate }] of wanted) {
      if (current.has(name)) continue
      const doc = new Y.Doc()
      const provider = new WebsocketProvider(config.wsBase, name, doc, {
        maxBackoffTime: 2500,
        // 4xxx close codes are final (deleted, unshared, no such organisation): do not hammer the server.
        shouldReconnect: (event) => !isAppCloseCode(event.code),
      })
      const onSync = (isSynced: boolean) => {
        if (!isSynced || isPrivate) return
        setState((prev) => (prev.syncedOrgIds.has(orgId as OrgId) ? prev : { ...prev, syncedOrgIds: new Set([...prev.syncedOrgIds, orgId as OrgId]) }))
      }
      provider.on('sync', onSync)
      // An organisation document can be written before its first sync; it is small, so track it from the start.
      const pendingChanges = trackPendingChanges(doc, provider, { isTrackingBeforeSync: true })
      current.set(name, { orgId, isPrivate, doc, provider, pendingChanges, onSync })
      isChanged = true
    }
    if (isChanged) {
      const open = [...current.values()]
      setState((prev) => ({
        docs: new Map(open.filter((c) => !c.isPrivate).map((c) => [c.orgId, c.doc])),
        syncedOrgIds: new Set([...prev.syncedOrgIds].filter((id) => current.has(orgDocName(boardId, id)))),
        privateDocs: new Map(open.filter((c) => c.isPrivate).map((c) => [c.orgId, c.doc])),
      }))
    }
  }, [boardId, key, myOrgId])

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
