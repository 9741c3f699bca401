/**
 * The few y-websocket protocol messages the lightweight clients need, encoded with lib0 as y-protocols does:
 * [varUint messageType][...]. Sync (0): [varUint syncType: 0 step1 | 1 step2 | 2 update][varUint8Array payload].
 * Also the latency marker that writers embed in records and receivers find in raw frames without decoding Yjs.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const MSG_SYNC = 0
export const MSG_AWARENESS = 1
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

/** SyncStep1 with an empty state vector: "send me everything". */
export function encodeSyncStep1Empty(): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  encoding.writeVarUint(e, SYNC_STEP1)
  encoding.writeVarUint8Array(e, new Uint8Array([0])) // state vector with 0 entries
  return encoding.toUint8Array(e)
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_SYNC)
  encoding.writeVarUint(e, SYNC_UPDATE)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** Classifies a frame: sync step1/step2/update (with payload), awareness, or other. Never throws. */
export function classify(frame: Uint8Array): { kind: 'step1' | 'step2' | 'update' | 'awareness' | 'other'; payload?: Uint8Array } {
  try {
    const d = decoding.createDecoder(frame)
    const type = decoding.readVarUint(d)
    if (type === MSG_AWARENESS) return { kind: 'awareness' }
    if (type !== MSG_SYNC) return { kind: 'other' }
    const sub = decoding.readVarUint(d)
    const payload = decoding.readVarUint8Array(d)
    if (sub === SYNC_STEP1) return { kind: 'step1', payload }
    if (sub === SYNC_STEP2) return { kind: 'step2', payload }
    if (sub === SYNC_UPDATE) return { kind: 'update', payload }
    return { kind: 'other' }
  } catch {
    // reason: a malformed frame is just "other" for a load client.
    return { kind: 'other' }
  }
}

/**
 * Latency marker: `~bq:<writer>:<seq>:<sendTimeUs>~`, stored as a string inside the record's `meta`. Yjs writes strings
 * as UTF-8 inside ContentAny, so the marker appears verbatim in every update that carries the record.
 */
export const MARKER_PREFIX = '~bq:'
const PREFIX_BYTES = Buffer.from(MARKER_PREFIX, 'latin1')
const TILDE = 0x7e

export function makeMarker(writer: string, seq: number, sendUs: number): string {
  return `${MARKER_PREFIX}${writer}:${seq}:${sendUs}~`
}

export interface Marker {
  writer: string
  seq: number
  sendUs: number
}

export function parseMarker(s: string): Marker | null {
  if (!s.startsWith(MARKER_PREFIX)) return null
  const parts = s.slice(MARKER_PREFIX.length, s.endsWith('~') ? -1 : undefined).split(':')
  if (parts.length !== 3) return null
  return { writer: parts[0] as string, seq: Number(parts[1]), sendUs: Number(parts[2]) }
}

/** Every marker found in a raw frame (a merged update may carry several). */
export function scanMarkers(frame: Uint8Array): Marker[] {
  const buf = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)
  const out: Marker[] = []
  let at = buf.indexOf(PREFIX_BYTES)
  let guard = 0
  while (at >= 0 && guard++ < 10_000) {
    const end = buf.indexOf(TILDE, at + PREFIX_BYTES.length)
    if (end < 0) break
    const m = parseMarker(buf.toString('latin1', at, end + 1))
    if (m) out.push(m)
    at = buf.indexOf(PREFIX_BYTES, end + 1)
  }
  return out
}
