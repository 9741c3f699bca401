/**
 * The server's live access message (auth message type 2, sub-type 1, JSON `{ role, canWrite }`), sent on join and
 * whenever this connection's role changes. y-websocket keeps a per-provider copy of its message handlers, so we
 * wrap handler 2: our sub-type is consumed here, anything else (sub-type 0, permission denied) goes to the original.
 */
import * as decoding from 'lib0/decoding'
import type { WebsocketProvider } from 'y-websocket'
import { BOARD_ROLES, can, type BoardRole } from '../../../shared/access/roles'

const MESSAGE_AUTH = 2
const AUTH_SUBTYPE_ACCESS = 1

export interface BoardAccess {
  role: BoardRole | null
  canWrite: boolean
}

/** Parse the JSON payload; null when it is not a well-formed access message. */
export function parseAccessPayload(json: string): BoardAccess | null {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    // reason: a malformed payload is ignored; the REST role stays in force
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { role, canWrite } = value as { role?: unknown; canWrite?: unknown }
  if (typeof canWrite !== 'boolean') return null
  if (role !== null && !(typeof role === 'string' && (BOARD_ROLES as readonly string[]).includes(role))) return null
  return { role: role as BoardRole | null, canWrite }
}

type Handler = WebsocketProvider['messageHandlers'][number]

/** Start reporting access messages for this provider. Call right after constructing it. Returns the undo. */
export function watchAccessMessages(provider: WebsocketProvider, onAccess: (access: BoardAccess) => void): () => void {
  const original: Handler | undefined = provider.messageHandlers[MESSAGE_AUTH]
  const wrapped: Handler = (encoder, decoder, prov, emitSynced, messageType) => {
    if (decoding.hasContent(decoder) && decoding.peekVarUint(decoder) === AUTH_SUBTYPE_ACCESS) {
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
