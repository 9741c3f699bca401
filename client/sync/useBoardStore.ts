/**
 * React hook owning one board's sync session: Y.Doc + WebsocketProvider lifecycle, the tldraw store status
 * (`loading` → `synced-remote` online/offline, or `error`), presence ⇄ awareness and the participants list.
 */
import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { atom, computed, getUserPreferences, type TLStore, type TLStoreWithStatus } from '@tldraw/tldraw'
import { ApiError, getBoard } from '../api/client'
import { createBoardStore } from './board-store'
import { config } from '../config'
import { markLoad } from '../app/load-timing'
import { BindingError, bindStoreToDoc, loadDocIntoStore, type LiveBinding, type SetAsideRecord } from './binding'
import { earlySyncWebSocket } from './early-sync'
import { applyFirstSyncWithoutEcho } from './first-sync'
import { trackPendingChanges } from './pending-changes'
import { bindPresence, readParticipants, type Participant, type PresenceIdentity } from './presence'
import type { Awareness } from 'y-protocols/awareness'
import { watchAccessMessages, type BoardAccess } from '../features/sharing/access-message'
import { CloseCode, isAccessCloseCode, isRefusedChangeCloseCode } from '../../shared/wire/protocol'

/** What the connection badge shows. `reconnecting` only after we have been live at least once. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'error'

export interface BoardSession {
  storeWithStatus: TLStoreWithStatus
  connection: ConnectionState
  /** Set when `connection` is `error`: what to tell the user. */
  errorMessage: string | null
  /** True when the error can only be fixed by reloading the page (a newer version wrote the board). */
  needsReload: boolean
  participants: Participant[]
  /** The board's Y.Doc once it has synced (category cards, planning settings, opportunities live here too). */
  boardDoc: Y.Doc | null
  /** Awareness once synced: the server-stamped `user` fields (name, organisation, colour) of everyone here. */
  awareness: Awareness | null
  /** This connection's role as the server last announced it (live role changes); null until announced. */
  access: BoardAccess | null
  /** Records of the board that could not be shown (invalid); the rest of the board is. */
  setAside: SetAsideRecord[]
}

/** While the socket keeps failing, ask the REST API at most this often whether the board still exists. */
const BOARD_CHECK_INTERVAL_MS = 5000


const INITIAL: BoardSession = {
  storeWithStatus: { status: 'loading' },
  connection: 'connecting',
  errorMessage: null,
  needsReload: false,
  participants: [],
  boardDoc: null,
  awareness: null,
  access: null,
  setAside: [],
}

/** Our identity for presence, read reactively from tldraw's user preferences (set from the display name). */
const $identity = computed<PresenceIdentity | null>('pooled identity', () => {
  const prefs = getUserPreferences()
  return { id: prefs.id, name: prefs.name?.trim() || 'Guest', color: prefs.color ?? '#1d4e89' }
})

export interface BoardStoreOptions {
  /** False: no connection (the board turned out to be missing or forbidden); true again starts a fresh session. */
  isEnabled?: boolean
}

export function useBoardStore(boardId: string, options: BoardStoreOptions = {}): BoardSession {
  const isEnabled = options.isEnabled ?? true
  const [session, setSession] = useState<BoardSession>(INITIAL)

  useEffect(() => {
    if (!isEnabled) return
    const doc = new Y.Doc()
    const $status = atom<'online' | 'offline'>('connection status', 'offline')
    const store: TLStore = createBoardStore($status)
    markLoad('sync-connect')
    const provider = new WebsocketProvider(config.wsBase, boardId, doc, {
      maxBackoffTime: 2500,
      shouldReconnect: (event) => event.code !== CloseCode.BoardDeleted && !isAccessCloseCode(event.code) && !isRefusedChangeCloseCode(event.code),
      // The first socket may be the one client/boot.ts opened while the app was loading.
      WebSocketPolyfill: earlySyncWebSocket({ WebSocketImpl: WebSocket }) as unknown as typeof WebSocket,
    })
    applyFirstSyncWithoutEcho(provider)
    // Before the sync listener below, so the seed an empty board writes on its first sync is tracked too.
    const pendingChanges = trackPendingChanges(doc, provider)
    const awareness = provider.awareness
    const stopAccess = watchAccessMessages(provider, (access) => {
      pendingChanges.setCanWrite(access.canWrite)
      if (!isDisposed) setSession((prev) => ({ ...prev, access }))
    })
    let binding: LiveBinding | null = null
    let unbindPresence: (() => void) | null = null
    let isLoaded = false
    let isFailed = false
    let isDisposed = false

    setSession(INITIAL)

    const fail = (message: string, needsReload: boolean) => {
      if (isFailed || isDisposed) return
      isFailed = true
      $status.set('offline')
      provider.disconnect()
      setSession((prev) => ({
        ...prev,
        // Before the first load there is nothing safe to show; after it, keep the canvas (read-only) on screen.
        storeWithStatus: isLoaded ? prev.storeWithStatus : { status: 'error', error: new Error(message) },
        connection: 'error',
        errorMessage: message,
        needsReload,
      }))
    }

    const onSync = (isSynced: boolean) => {
      if (!isSynced || isFailed) return
      if (!isLoaded) {
        markLoad('synced')
        let setAside: SetAsideRecord[]
        try {
          setAside = loadDocIntoStore(store, doc).setAside
        } catch (error) {
          const isNewer = error instanceof BindingError && error.code === 'schema_newer'
          fail(error instanceof Error ? error.message : 'This board could not be loaded.', isNewer)
          return
        }
        setSession((prev) => ({ ...prev, setAside }))
        binding = bindStoreToDoc(store, doc, {
          onError: (error) => fail(error.message, error.code === 'schema_newer'),
          setAside,
          onSetAside: (records) => {
            if (!isDisposed) setSession((prev) => ({ ...prev, setAside: records }))
          },
        })
        unbindPresence = bindPresence(store, awareness, { $identity })
        isLoaded = true
        markLoad('store-loaded')
      }
      $status.set('online')
      setSession((prev) => ({
        ...prev,
        storeWithStatus: { status: 'synced-remote', connectionStatus: 'online', store },
        connection: 'live',
        boardDoc: doc,
        awareness,
      }))
    }

    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      if (status === 'connected' || !isLoaded || isFailed) return
      $status.set('offline')
      setSession((prev) =>
        prev.connection === 'reconnecting'
          ? prev
          : { ...prev, storeWithStatus: { status: 'synced-remote', connectionStatus: 'offline', store }, connection: 'reconnecting' },
      )
    }

    const onClosed = (event: { code: number; reason: string }) => {
      if (isRefusedChangeCloseCode(event.code)) {
        // Reconnecting would send the same change and be refused again: stop, say so, and offer a reload (which also
        // brings the current version of Pooled, whose records the server accepts).
        fail(`The board refused a change made in this tab (${event.reason || 'not allowed'}). That change was not saved. Reload the page to carry on.`, true)
        return
      }
      const message =
        event.code === CloseCode.BoardDeleted
          ? 'This board has been deleted.'
          : event.code === CloseCode.AccessRevoked
            ? 'You no longer have access to this board.'
            : `The server closed the connection${event.reason ? `: ${event.reason}` : ''}.`
      fail(message, false)
    }

    // The server refuses the upgrade (HTTP 404/403) for a board that was deleted or unshared meanwhile; the provider
    // only sees a failed socket and would retry forever. Ask the REST API why, now and then.
    let lastBoardCheckMs = 0
    const onSocketTrouble = () => {
      if (isFailed || provider.synced || Date.now() - lastBoardCheckMs < BOARD_CHECK_INTERVAL_MS) return
      lastBoardCheckMs = Date.now()
      getBoard(boardId).catch((error: unknown) => {
        if (!(error instanceof ApiError)) return
        if (error.status === 404) fail('This board has been deleted.', false)
        else if (error.status === 401 || error.status === 403) fail('You no longer have access to this board.', false)
      })
    }

    const onAwareness = () => {
      setSession((prev) => ({ ...prev, participants: readParticipants(awareness) }))
    }

    provider.on('sync', onSync)
    provider.on('status', onStatus)
    provider.on('closed', onClosed)
    provider.on('connection-close', onSocketTrouble)
    provider.on('connection-error', onSocketTrouble)
    awareness.on('change', onAwareness)

    return () => {
      isDisposed = true
      stopAccess()
      provider.off('sync', onSync)
      provider.off('status', onStatus)
      provider.off('closed', onClosed)
      provider.off('connection-close', onSocketTrouble)
      provider.off('connection-error', onSocketTrouble)
      awareness.off('change', onAwareness)
      unbindPresence?.()
      binding?.dispose()
      pendingChanges.destroy()
      provider.destroy()
      doc.destroy()
      store.dispose()
    }
  }, [boardId, isEnabled])

  return session
}
