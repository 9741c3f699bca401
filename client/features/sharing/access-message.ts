/**
 * The server's live access message (shared/wire/protocol.ts: auth message, `AuthSubType.Access`, JSON
 * `{ role, canWrite }`), sent on join and whenever this connection's role changes. y-websocket keeps a per-provider copy of its message handlers, so we
 * wrap handler 2: our sub-type is consumed here, anything else (sub-type 0, permission denied) goes to the original.
 */
import * as decoding from 'lib0/decoding'
import type { WebsocketProvider } from 'y-websocket'
import { can, type BoardRole } from '../../../shared/access/roles'
import { AuthSubType, MessageType, parseAccessPayload, type AccessPayload } from '../../../shared/wire/protocol'

/** This connection's access as the server announced it. */
export type BoardAccess = AccessPayload

const MESSAGE_AUTH = MessageType.Auth

type Handler = WebsocketProvider['messageHandlers'][number]

/** Start reporting access messages for this provider. Call right after constructing it. Returns the undo. */
export function watchAccessMessages(provider: WebsocketProvider, onAccess: (access: BoardAccess) => void): () => void {
  const original: Handler | undefined = provider.messageHandlers[MESSAGE_AUTH]
  const wrapped: Handler = (encoder, decoder, prov, emitSynced, messageType) => {
    if (decoding.hasContent(decoder) && decoding.peekVarUint(decoder) === AuthSubType.Access) {
      decoding.readVarUint(decoder)
      const access = parseAccessPayload(decoding.readVarString(decoder))
      if (access) onAccess(access)
      return
    }
    original?.(encoder, decoder, prov, emitSynced, messageType)
  }
  provider.messageHandlers[MESSAGE_AUTH] = wrapped
  return () => {
    if (provider.messageHandlers[MESSAGE_AUTH] === wrapped && original) provider.messageHandlers[MESSAGE_AUTH] = original
  }
}

/** The role in force: the server's live announcement wins over the role read when the page opened. */
export function effectiveAccess(restRole: BoardRole | null | undefined, live: BoardAccess | null): BoardAccess {
  if (live) return live
  const role = restRole ?? null
  return { role, canWrite: can(role, 'write') }
}
