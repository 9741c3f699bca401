/**
 * The y-websocket wire protocol (y-protocols sync + awareness), as pure read/write functions over lib0
 * encoders/decoders. No sockets, no Hono. The constants (message types, close codes)
 * are in shared/wire/protocol.ts; the bytes we accept and send are described in docs/sync-protocol.md.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { AuthSubType, encodeAccessPayload, MessageType, SyncType } from '../../shared/wire/protocol'

export type InboundMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array }
  | { kind: 'sync-update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'query-awareness' }
  | { kind: 'auth' }

export type DecodeError = { kind: 'error'; reason: 'empty' | 'truncated' | 'unknown-type' | 'trailing-bytes' }

/**
 * Decode one inbound frame. Never throws: truncated or unknown messages come back as an error value.
 * Sub-arrays are views into `frame` (no copy).
 */
export function decodeMessage(frame: Uint8Array): InboundMessage | DecodeError {
  if (frame.byteLength === 0) return { kind: 'error', reason: 'empty' }
  try {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    let msg: InboundMessage
    switch (type) {
      case MessageType.Sync: {
        const sub = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (sub === SyncType.Step1) msg = { kind: 'sync-step1', stateVector: payload }
        else if (sub === SyncType.Step2) msg = { kind: 'sync-step2', update: payload }
        else if (sub === SyncType.Update) msg = { kind: 'sync-update', update: payload }
        else return { kind: 'error', reason: 'unknown-type' }
        break
      }
      case MessageType.Awareness:
        msg = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) }
        break
      case MessageType.QueryAwareness:
        msg = { kind: 'query-awareness' }
        break
      case MessageType.Auth:
        msg = { kind: 'auth' }
        return msg
      default:
        return { kind: 'error', reason: 'unknown-type' }
    }
    if (decoding.hasContent(decoder)) return { kind: 'error', reason: 'trailing-bytes' }
    return msg
  } catch {
    // reason: lib0 throws on reads past the end or out-of-range integers; that is a truncated frame
    return { kind: 'error', reason: 'truncated' }
  }
}

function syncMessage(sub: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, sub)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => syncMessage(SyncType.Step1, stateVector)
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => syncMessage(SyncType.Step2, update)
export const encodeSyncUpdate = (update: Uint8Array): Uint8Array => syncMessage(SyncType.Update, update)

/** Permission-denied auth message (y-protocols/auth): the stock client reports it via `permissionDeniedHandler`. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Auth)
  encoding.writeVarUint(encoder, AuthSubType.PermissionDenied)
  encoding.writeVarString(encoder, reason)
  return encoding.toUint8Array(encoder)
}

/** Pooled's access message (shared/wire/protocol.ts `AuthSubType.Access`): the connection's role and write permission. */
export function encodeAccessMessage(access: { role: string | null; canWrite: boolean }): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Auth)
  encoding.writeVarUint(encoder, AuthSubType.Access)
  encoding.writeVarString(encoder, encodeAccessPayload(access))
  return encoding.toUint8Array(encoder)
}

/** One entry of an awareness update: a client's clock and its state as JSON text ("null" when removed). */
export interface AwarenessEntry {
  clientId: number
  clock: number
  /** The state exactly as JSON text; `null` state is the text "null". */
  json: string
}

/** Decode an awareness update (y-protocols/awareness). Never throws. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] | null {
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    // Each entry takes at least 3 bytes; a count larger than that is a lie about the length.
    if (count > update.byteLength) return null
    const entries: AwarenessEntry[] = []
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const json = decoding.readVarString(decoder)
      entries.push({ clientId, clock, json })
    }
    if (decoding.hasContent(decoder)) return null
    return entries
  } catch {
    // reason: truncated or out-of-range varints are malformed input, reported as null
    return null
  }
}

/** Encode awareness entries as a complete Awareness message (type 1). */
export function encodeAwarenessMessage(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries]
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, list.length)
  for (const entry of list) {
    encoding.writeVarUint(inner, entry.clientId)
    encoding.writeVarUint(inner, entry.clock)
    encoding.writeVarString(inner, entry.json)
  }
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner))
  return encoding.toUint8Array(encoder)
}

/** Encode a state vector held as a Map (client → next expected clock) in Yjs' V1 format. */
export function encodeStateVector(sv: ReadonlyMap<number, number>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, sv.size)
  // Yjs writes clients in descending order; any order decodes identically.
  const clients = [...sv.keys()].sort((a, b) => b - a)
  for (const client of clients) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, sv.get(client) ?? 0)
  }
  return encoding.toUint8Array(encoder)
}

/** Decode a V1 state vector. Returns null when malformed. */
export function decodeStateVector(bytes: Uint8Array): Map<number, number> | null {
  try {
    const decoder = decoding.createDecoder(bytes)
    const count = decoding.readVarUint(decoder)
    if (count > bytes.byteLength) return null
    const sv = new Map<number, number>()
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      sv.set(client, clock)
    }
    if (decoding.hasContent(decoder)) return null
    return sv
  } catch {
    // reason: malformed varints; reported as null
    return null
  }
}
