/**
 * Apply a board's first full state from the server without encoding it a second time.
 *
 * y-websocket applies every message from the server with the provider as the transaction origin, and the provider's
 * own `update` listener (which forwards local edits) ignores those. But as long as any `update` listener exists, Yjs
 * encodes every transaction again to hand it over (yjs Transaction.js, cleanup): for the first SyncStep2 of a
 * 5,000-shape board that re-encodes the whole document, about 40 % of the initial sync's main-thread time, for nothing.
 *
 * Before the first sync nothing else observes the board's Y.Doc (the store binding attaches on `sync`), so the
 * provider's listener is detached while that one message is applied, and attached again before `sync` is emitted:
 * the seed an empty board writes on `sync` is forwarded as usual. Later messages (updates, re-syncs after a reconnect)
 * go through y-websocket untouched.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import { MessageType } from '../../shared/wire/protocol'

/** y-websocket's message type for sync-protocol messages (`messageSync` in y-websocket.js). */
export const MESSAGE_SYNC = MessageType.Sync

/** Install the handler on a provider before it connects (or at least before its first SyncStep2 arrives). */
export function applyFirstSyncWithoutEcho(provider: WebsocketProvider): void {
  const original = provider.messageHandlers[MESSAGE_SYNC]
  if (!original) return
  let isFirstApplied = false
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    if (isFirstApplied || p.synced || decoding.peekVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) {
      original(encoder, decoder, p, emitSynced, messageType)
      return
    }
    isFirstApplied = true
    // y-websocket's sync handler, with the provider's update listener detached around the apply only.
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    p.doc.off('update', p._updateHandler)
    let syncMessageType: number
    try {
      syncMessageType = syncProtocol.readSyncMessage(decoder, encoder, p.doc, p)
    } finally {
      p.doc.on('update', p._updateHandler)
    }
    if (emitSynced && syncMessageType === syncProtocol.messageYjsSyncStep2 && !p.synced) p.synced = true
  }
}
