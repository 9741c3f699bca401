/**
 * Checks a Yjs update before it is stored: it must decode, and it must be integrable against the room's state
 * vector: no gap in any client's clock range and no reference (origin, right origin, parent) to an item that
 * neither the room nor the update itself holds. Such an update would sit pending forever in every replica.
 * The server keeps no Y.Doc: the state vector is all it needs.
 *
 * This is the hot path of every edit, so it reads the update format (Yjs v1 encoding: structs per client, then the
 * delete set) in one pass without building Yjs structs: it reads each struct's id, origins, parent and content
 * length, skips content it does not need, and decodes inserted JSON values only as far as the connection's content
 * policy asks (`ContentInspector.fields`). It refuses exactly what `Y.decodeUpdate` cannot read (a property test
 * holds the two side by side).
 */
import { isUtf8 } from 'node:buffer'
import * as decoding from 'lib0/decoding'

export type UpdateCheck =
  | {
      ok: true
      /** Per client, the end of the clock range the update carries (exclusive), for advancing the room's state vector. */
      ranges: Map<number, number>
      /** True when the update adds nothing: no new structs and no deletions. */
      isEmpty: boolean
    }
  | { ok: false; reason: 'undecodable' | 'gap' | 'missing-dependency' | 'content-refused'; detail?: string }

/** Which fields of an inserted object a policy reads: `true` takes the field's whole value, an object descends. */
export type FieldSpec = { readonly [key: string]: true | FieldSpec }

/**
 * Content policy for a connection. `inspect` sees every JSON value (ContentAny) the update inserts; object values
 * carry only the fields named in `fields` (the rest is skipped without decoding). Values are judged by what they
 * are, not where they go: an overwrite of a map key does not carry its parent in the update (Yjs copies it from the
 * left origin), and the server keeps no Y.Doc to look it up. Returns a reason to refuse, or null.
 */
export interface ContentInspector {
  readonly fields: FieldSpec
  inspect(values: readonly unknown[]): string | null
}

/** Bits of a struct's info byte (Yjs v1). */
const BIT6 = 32
const BIT7 = 64
const BIT8 = 128
const BITS5 = 31
/** ContentType type refs 0…6; 3 (XmlElement) and 5 (XmlHook) carry a node name. */
const MAX_TYPE_REF = 6

class UndecodableError extends Error {}
const undecodable = (): never => {
  throw new UndecodableError('undecodable')
}

/** A FieldSpec compiled for byte comparison of keys. */
interface FieldNode {
  bytes: Uint8Array
  key: string
  sub: FieldNode[] | null
}
const compiled = new WeakMap<FieldSpec, FieldNode[]>()
const utf8 = new TextEncoder()
/** `__proto__` as a key would give the decoded record a prototype, and fields it does not visibly carry. */
const PROTO_KEY = utf8.encode('__proto__')
function compile(spec: FieldSpec): FieldNode[] {
  let nodes = compiled.get(spec)
  if (!nodes) {
    nodes = Object.entries(spec).map(([key, v]) => ({ bytes: utf8.encode(key), key, sub: v === true ? null : compile(v) }))
    compiled.set(spec, nodes)
  }
  return nodes
}

/** Advance past `n` bytes, refusing to run past the end of the update. */
function skipBytes(d: decoding.Decoder, n: number): void {
  d.pos += n
  if (d.pos > d.arr.length) undecodable()
}

/**
 * Refuse invalid UTF-8 as Yjs does (lib0 decodes strings with a fatal decoder): an update Yjs cannot read must
 * never be stored, or it would break every later load of the board. ASCII, the common case, is checked inline.
 */
function validateUtf8(arr: Uint8Array, start: number, len: number): void {
  for (let i = start; i < start + len; i++) {
    if ((arr[i] as number) >= 0x80) {
      if (!isUtf8(arr.subarray(start, start + len))) undecodable()
      return
    }
  }
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** Read a length-prefixed string within the update's bounds (lib0's reader would follow the buffer past a view). */
function readString(d: decoding.Decoder): string {
  const len = decoding.readVarUint(d)
  const start = d.pos
  skipBytes(d, len)
  return fatalUtf8.decode(d.arr.subarray(start, start + len))
}

/** Skip a length-prefixed string (checked to be UTF-8). */
function skipString(d: decoding.Decoder): void {
  const len = decoding.readVarUint(d)
  const start = d.pos
  skipBytes(d, len)
  validateUtf8(d.arr, start, len)
}

function readByte(d: decoding.Decoder): number {
  if (d.pos >= d.arr.length) undecodable()
  return d.arr[d.pos++] as number
}

/** Skip one lib0 `any` value without decoding it. Accepts and refuses exactly what `decoding.readAny` does. */
function skipAny(d: decoding.Decoder): void {
  const type = readByte(d)
  switch (type) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return
    case 125: // integer
      if (d.pos >= d.arr.length) undecodable()
      decoding.readVarInt(d)
      return
    case 124: // float32
      skipBytes(d, 4)
      return
    case 123: // float64
    case 122: // bigint64
      skipBytes(d, 8)
      return
    case 119: // string
      skipString(d)
      return
    case 116: // Uint8Array
      skipBytes(d, decoding.readVarUint(d))
      return
    case 118: {
      // object
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) {
        skipString(d)
        skipAny(d)
      }
      return
    }
    case 117: {
      // array
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) skipAny(d)
      return
    }
    default:
      undecodable()
  }
}

/** Read one `any` value; an object keeps only the fields in `nodes` (others are skipped undecoded). */
function readPruned(d: decoding.Decoder, nodes: FieldNode[]): unknown {
  if (d.arr[d.pos] !== 118) return readWhole(d)
  d.pos += 1
  const n = decoding.readVarUint(d)
  const out: Record<string, unknown> = {}
  for (let i = 0; i < n; i++) {
    const len = decoding.readVarUint(d)
    const keyStart = d.pos
    skipBytes(d, len)
    validateUtf8(d.arr, keyStart, len)
    if (len === PROTO_KEY.length && PROTO_KEY.every((b, j) => d.arr[keyStart + j] === b)) undecodable()
    let match: FieldNode | null = null
    for (const node of nodes) {
      if (node.bytes.length !== len) continue
      let same = true
      for (let j = 0; j < len; j++) {
        if (node.bytes[j] !== d.arr[keyStart + j]) {
          same = false
          break
        }
      }
      if (same) {
        match = node
        break
      }
    }
    if (!match) skipAny(d)
    else if (match.sub) out[match.key] = readPruned(d, match.sub)
    else out[match.key] = readWhole(d)
  }
  return out
}

/** A whole value, after checking it is well formed (readAny alone could read past the update's end). */
function readWhole(d: decoding.Decoder): unknown {
  const start = d.pos
  skipAny(d)
  d.pos = start
  return decoding.readAny(d)
}

/** Skip a struct's content; returns its length (the clock units it covers). Values go to `values` when asked. */
function readContent(d: decoding.Decoder, ref: number, fields: FieldNode[] | null, values: unknown[]): number {
  switch (ref) {
    case 1: // ContentDeleted
      return decoding.readVarUint(d)
    case 2: {
      // ContentJSON: strings of JSON ("undefined" stands for undefined)
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) {
        const s = readString(d)
        if (s !== 'undefined') JSON.parse(s)
      }
      return n
    }
    case 3: // ContentBinary
      skipBytes(d, decoding.readVarUint(d))
      return 1
    case 4: // ContentString: its length is in UTF-16 code units
      return readString(d).length
    case 5: // ContentEmbed
      JSON.parse(readString(d))
      return 1
    case 6: // ContentFormat
      skipString(d)
      JSON.parse(readString(d))
      return 1
    case 7: {
      // ContentType
      const typeRef = decoding.readVarUint(d)
      if (typeRef > MAX_TYPE_REF) undecodable()
      if (typeRef === 3 || typeRef === 5) skipString(d)
      return 1
    }
    case 8: {
      // ContentAny
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) {
        if (fields) values.push(readPruned(d, fields))
        else skipAny(d)
      }
      return n
    }
    case 9: {
      // ContentDoc: guid and options (Yjs spreads the options into a Doc: null or undefined throws there)
      skipString(d)
      const opts = readWhole(d)
      if (opts === null || opts === undefined) undecodable()
      return 1
    }
    default:
      return undecodable()
  }
}

/**
 * Note a referenced id (origin, right origin or parent) for the dependency check. An item can only reference what
 * existed when it was made, so a reference to its own client must lie below its own clock: Yjs assumes so and
 * throws while applying an update that breaks it (it looks the id up without checking that it exists).
 */
function pushRef(refs: number[], client: number, clock: number, refClient: number, refClock: number): void {
  if (refClient === client && refClock >= clock) undecodable()
  refs.push(refClient, refClock)
}

/** Validate `update` against the room state vector `sv` (client → next expected clock). Never throws. */
export function checkUpdate(update: Uint8Array, sv: ReadonlyMap<number, number>, inspector?: ContentInspector): UpdateCheck {
  const ranges = new Map<number, number>()
  /** Referenced ids as (client, clock) pairs, checked once every range of the update is known. */
  const refs: number[] = []
  const values: unknown[] = []
  const fields = inspector ? compile(inspector.fields) : null
  let hasNew = false
  let hasDeletes = false
  let hasGap = false
  try {
    const d = decoding.createDecoder(update)
    const clients = decoding.readVarUint(d)
    for (let c = 0; c < clients; c++) {
      const structs = decoding.readVarUint(d)
      const client = decoding.readVarUint(d)
      let clock = decoding.readVarUint(d)
      // lib0 reads var-uints up to 2^56 without complaint (the range check only runs between bytes), but refuses
      // anything above 2^53 - 1 in a state vector: a client id or clock beyond that, once in the room's state
      // vector, would make every client's sync step 1 unreadable.
      if (client > Number.MAX_SAFE_INTEGER || clock > Number.MAX_SAFE_INTEGER) undecodable()
      for (let s = 0; s < structs; s++) {
        const info = readByte(d)
        const ref = info & BITS5
        let length: number
        if (ref === 10) {
          // Skip: a hole in this update, nothing to apply. Yjs has two struct readers that disagree here:
          // `applyUpdate` takes any info byte whose low five bits are 10 as a Skip, but the lazy reader behind
          // `decodeUpdate`, `mergeUpdates`, `diffUpdate` and `encodeStateVectorFromUpdate` takes only the exact byte 10,
          // and reads 42 (10 with the parent-sub bit) as an item with content ref 10, which throws. The server
          // merges and diffs stored updates with the lazy reader, so anything but the exact byte is refused.
          if (info !== 10) undecodable()
          clock += decoding.readVarUint(d)
          if (clock > Number.MAX_SAFE_INTEGER) undecodable()
          continue
        }
        if (ref === 0) {
          length = decoding.readVarUint(d) // GC
        } else {
          if (info & BIT8) pushRef(refs, client, clock, decoding.readVarUint(d), decoding.readVarUint(d)) // origin
          if (info & BIT7) pushRef(refs, client, clock, decoding.readVarUint(d), decoding.readVarUint(d)) // right origin
          if ((info & (BIT7 | BIT8)) === 0) {
            // Parent: a root type's name, or the id of the item holding the type.
            if (decoding.readVarUint(d) === 1) skipString(d)
            else pushRef(refs, client, clock, decoding.readVarUint(d), decoding.readVarUint(d))
            if (info & BIT6) skipString(d) // parentSub (map key)
          }
          length = readContent(d, ref, fields, values)
        }
        // Structs of one client arrive in clock order: the first must continue what the room (or update) has.
        const known = ranges.get(client) ?? sv.get(client) ?? 0
        if (clock > known) hasGap = true // reported once the whole update is known to decode
        const end = clock + length
        if (end > Number.MAX_SAFE_INTEGER) undecodable()
        if (end > known) {
          ranges.set(client, end)
          hasNew = true
        }
        clock = end
      }
    }
    // Delete set: per client, ranges of clocks.
    const dsClients = decoding.readVarUint(d)
    for (let c = 0; c < dsClients; c++) {
      decoding.readVarUint(d) // client
      const deletes = decoding.readVarUint(d)
      if (deletes > 0) hasDeletes = true
      for (let i = 0; i < deletes; i++) {
        decoding.readVarUint(d) // clock
        // Yjs never writes an empty range, and `applyUpdate` throws while keeping one it cannot apply yet.
        if (decoding.readVarUint(d) === 0) undecodable()
      }
    }
  } catch {
    // reason: malformed bytes (lib0 throws on reads past the end, bad JSON, deep nesting)
    return { ok: false, reason: 'undecodable' }
  }
  if (hasGap) return { ok: false, reason: 'gap' }
  for (let i = 0; i < refs.length; i += 2) {
    const client = refs[i] as number
    const end = ranges.get(client) ?? sv.get(client) ?? 0
    if ((refs[i + 1] as number) >= end) return { ok: false, reason: 'missing-dependency' }
  }
  if (inspector) {
    const refused = inspector.inspect(values)
    if (refused !== null) return { ok: false, reason: 'content-refused', detail: refused }
  }
  return { ok: true, ranges, isEmpty: !hasNew && !hasDeletes }
}
