/**
 * Checks a Yjs update before it is stored: it must decode, and it must be integrable against the room's state
 * vector: no gap in any client's clock range and no reference (origin, right origin, parent) to an item that
 * neither the room nor the update itself holds. Such an update would sit pending forever in every replica.
 * The server keeps no Y.Doc: the state vector is all it needs.
 *
 * This is the hot path of every edit, so it reads the update format (Yjs v1 encoding: structs per client, then the
 * delete set) in one pass without building Yjs structs: it reads each struct's id, origins, parent and content
 * length, skips content it does not need, and decodes inserted JSON values only as far as the connection's content
 * policy asks (`ContentInspector.fields`; whole values and where they go for record validation). It refuses exactly
 * what `Y.decodeUpdate` cannot read (a property test holds the two side by side).
 */
import { isUtf8 } from 'node:buffer'
import * as decoding from 'lib0/decoding'
import { MAX_JSON_DEPTH } from '../../shared/wire/doc-layout'
import type { DocStructure, StructInfo, StructurePlan } from './doc-structure'
import { readAnyFast } from './read-any'

export type UpdateCheck =
  | {
      ok: true
      /** Per client, the end of the clock range the update carries (exclusive), for advancing the room's state vector. */
      ranges: Map<number, number>
      /** True when the update adds nothing: no new structs and no deletions. */
      isEmpty: boolean
      /** Where the update's new structs go, to record with `DocStructure.commit` once it is accepted. */
      structure?: StructurePlan
    }
  | {
      ok: false
      /**
       * `structure-refused`: a root type the document does not use, a shared type nested too deep or under a root of
       * plain values, a subdocument, or a JSON value nested deeper than MAX_JSON_DEPTH (see shared/wire/doc-layout.ts).
       */
      reason: 'undecodable' | 'gap' | 'missing-dependency' | 'content-refused' | 'structure-refused'
      detail?: string
      /** The close code a content refusal names (otherwise 4002 invalid update). */
      closeCode?: number
    }

/** Which fields of an inserted object a policy reads: `true` takes the field's whole value, an object descends. */
export type FieldSpec = { readonly [key: string]: true | FieldSpec }

/**
 * A room's memory for content policies: state kept per room between updates (e.g. who created each shape), built
 * once from what storage holds. The room keeps it until it is unloaded.
 */
export interface PolicyMemory {
  /** The value kept under `key`; on first use built from every value stored so far, pruned to `fields`, in order. */
  recall<T>(key: string, fields: FieldSpec, build: (stored: readonly unknown[]) => T): T
}

/**
 * Content policy for a connection. `inspect` sees every JSON value (ContentAny) the update inserts; object values
 * carry only the fields named in `fields` (the rest is skipped without decoding). Values are judged by what they
 * are, not where they go: an overwrite of a map key does not carry its parent in the update (Yjs copies it from the
 * left origin). Returns a reason to refuse, or null. It is called only once the update is otherwise acceptable, and
 * a null answer means the update will be accepted, so a policy may record what it saw in the room's `memory`.
 */
export interface ContentInspector {
  /** `'*'`: every value whole (record validation needs the whole record). */
  readonly fields: FieldSpec | '*'
  /** True: `inspect` also gets where each value goes, as far as the update says (see InsertedAt). */
  readonly placement?: boolean
  inspect(values: readonly unknown[], placements: readonly InsertedAt[], memory?: PolicyMemory): string | ContentRefusal | null
  /** The close code for a refused update (shared/wire/protocol.ts); 4002 invalid update when absent. */
  readonly closeCode?: number
}

/** A refusal that names its close code (otherwise the inspector's, or 4002 invalid update). */
export interface ContentRefusal {
  readonly reason: string
  readonly closeCode: number
}

/**
 * Where an inserted value goes, when the update itself says so: an item without origins names its parent (a root
 * type's name, or the id of the item holding a nested type) and its map key. A value with an origin (an overwrite of
 * a map key, an insertion next to others) names neither: Yjs copies both from the origin.
 */
export interface InsertedAt {
  /** The root type's name when the parent is a root named in the update, else null. */
  readonly root: string | null
  /** The map key when the update names it, else null. */
  readonly key: string | null
}
const UNPLACED: InsertedAt = { root: null, key: null }

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
class TooDeepError extends Error {}
const tooDeep = (): never => {
  throw new TooDeepError(`a JSON value nests deeper than ${MAX_JSON_DEPTH} levels`)
}

/**
 * Nesting depth of a JSON text's arrays and objects (brackets outside strings), for content that Yjs parses with
 * JSON.parse (ContentJSON, ContentEmbed, ContentFormat): refused beyond MAX_JSON_DEPTH like any other value.
 */
function checkJsonDepth(text: string): void {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 92) i += 1 // backslash: skip the escaped character
      else if (ch === 34) inString = false
    } else if (ch === 34) inString = true
    else if (ch === 91 || ch === 123) {
      if (++depth > MAX_JSON_DEPTH) tooDeep()
    } else if (ch === 93 || ch === 125) depth -= 1
  }
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

/**
 * Skip one lib0 `any` value without decoding it. Accepts and refuses exactly what `decoding.readAny` does, except
 * that arrays and objects may nest at most MAX_JSON_DEPTH deep (`depth` is the value's own nesting level).
 */
function skipAny(d: decoding.Decoder, depth = 1): void {
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
      if (depth > MAX_JSON_DEPTH) tooDeep()
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) {
        skipString(d)
        skipAny(d, depth + 1)
      }
      return
    }
    case 117: {
      // array
      if (depth > MAX_JSON_DEPTH) tooDeep()
      const n = decoding.readVarUint(d)
      for (let i = 0; i < n; i++) skipAny(d, depth + 1)
      return
    }
    default:
      undecodable()
  }
}

/** Read one `any` value; an object keeps only the fields in `nodes` (others are skipped undecoded). */
/** `fields: '*'` compiled: read values whole. */
const WHOLE: FieldNode[] = []

/** Read one `any` value; an object keeps only the fields in `nodes` (others are skipped undecoded). */
function readPruned(d: decoding.Decoder, nodes: FieldNode[], depth = 1): unknown {
  if (nodes === WHOLE || d.arr[d.pos] !== 118) return readWhole(d, depth)
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
    if (!match) skipAny(d, depth + 1)
    else if (match.sub) out[match.key] = readPruned(d, match.sub, depth + 1)
    else out[match.key] = readWhole(d, depth + 1)
  }
  return out
}

/**
 * A short string value, decoded without TextDecoder when it is ASCII: policies read ids and user ids on every update,
 * and a TextDecoder call costs about a microsecond whatever the length.
 */
function readShortString(d: decoding.Decoder): string {
  const len = decoding.readVarUint(d)
  const start = d.pos
  skipBytes(d, len)
  const arr = d.arr
  if (len <= 128) {
    let isAscii = true
    for (let i = start; i < start + len; i++) {
      if ((arr[i] as number) >= 0x80) {
        isAscii = false
        break
      }
    }
    if (isAscii) return String.fromCharCode.apply(null, arr.subarray(start, start + len) as unknown as number[])
  }
  return fatalUtf8.decode(arr.subarray(start, start + len))
}

/** A whole value, after checking it is well formed (readAny alone could read past the update's end). */
function readWhole(d: decoding.Decoder, depth = 1): unknown {
  if (d.arr[d.pos] === 119) {
    // string
    d.pos += 1
    return readShortString(d)
  }
  const start = d.pos
  skipAny(d, depth)
  d.pos = start
  return readAnyFast(d)
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
        if (s !== 'undefined') {
          checkJsonDepth(s)
          JSON.parse(s)
        }
      }
      return n
    }
    case 3: // ContentBinary
      skipBytes(d, decoding.readVarUint(d))
      return 1
    case 4: // ContentString: its length is in UTF-16 code units
      return readString(d).length
    case 5: {
      // ContentEmbed
      const s = readString(d)
      checkJsonDepth(s)
      JSON.parse(s)
      return 1
    }
    case 6: {
      // ContentFormat
      skipString(d)
      const s = readString(d)
      checkJsonDepth(s)
      JSON.parse(s)
      return 1
    }
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

interface Scan {
  ranges: Map<number, number>
  /** Referenced ids as (client, clock) pairs, checked once every range of the update is known. */
  refs: number[]
  hasNew: boolean
  hasDeletes: boolean
  hasGap: boolean
}

/**
 * Read the whole update in one pass. Throws UndecodableError or TooDeepError. `values` receives the ContentAny
 * values (pruned to `fields`) when `fields` is given; `found` receives every struct when given.
 */
function scan(
  update: Uint8Array,
  sv: ReadonlyMap<number, number>,
  fields: FieldNode[] | null,
  values: unknown[],
  found: StructInfo[] | null,
  placements: InsertedAt[] | null = null,
): Scan {
  const ranges = new Map<number, number>()
  const refs: number[] = []
  let hasNew = false
  let hasDeletes = false
  let hasGap = false
  {
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
          const skipped = decoding.readVarUint(d)
          if (skipped === 0) undecodable()
          clock += skipped
          if (clock > Number.MAX_SAFE_INTEGER) undecodable()
          continue
        }
        if (ref === 0) {
          length = decoding.readVarUint(d) // GC
          found?.push({ client, clock, length, via: 'gc', root: null, refClient: 0, refClock: 0, content: 0 })
        } else {
          let via: StructInfo['via'] = 'origin'
          let root: string | null = null
          let refClient = 0
          let refClock = 0
          let at = UNPLACED
          if (info & BIT8) {
            // origin
            refClient = decoding.readVarUint(d)
            refClock = decoding.readVarUint(d)
            pushRef(refs, client, clock, refClient, refClock)
          }
          if (info & BIT7) {
            // right origin: where the item goes when it has no left origin
            const rightClient = decoding.readVarUint(d)
            const rightClock = decoding.readVarUint(d)
            pushRef(refs, client, clock, rightClient, rightClock)
            if (!(info & BIT8)) {
              refClient = rightClient
              refClock = rightClock
            }
          }
          if ((info & (BIT7 | BIT8)) === 0) {
            // Parent: a root type's name, or the id of the item holding the type.
            const isPlaced = placements !== null && ref === 8
            if (decoding.readVarUint(d) === 1) {
              via = 'root'
              if (found || isPlaced) root = readString(d)
              else skipString(d)
            } else {
              via = 'parent'
              refClient = decoding.readVarUint(d)
              refClock = decoding.readVarUint(d)
              pushRef(refs, client, clock, refClient, refClock)
            }
            let key: string | null = null
            if (info & BIT6) {
              // parentSub (map key)
              if (isPlaced) key = readString(d)
              else skipString(d)
            }
            if (isPlaced && (root !== null || key !== null)) at = { root, key }
          }
          const before = values.length
          length = readContent(d, ref, fields, values)
          if (placements) for (let i = before; i < values.length; i++) placements.push(at)
          found?.push({ client, clock, length, via, root, refClient, refClock, content: ref })
        }
        // Yjs never writes an empty struct (no values, an empty string, a GC of length 0), and `applyUpdate` throws
        // on one while cleaning up the transaction.
        if (length === 0) undecodable()
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
  }
  return { ranges, refs, hasNew, hasDeletes, hasGap }
}

/**
 * Validate `update` against the room state vector `sv` (client → next expected clock), the document's structure
 * (when the room keeps one: root types, nesting) and the connection's content policy. Never throws.
 */
export function checkUpdate(
  update: Uint8Array,
  sv: ReadonlyMap<number, number>,
  inspector?: ContentInspector,
  structure?: DocStructure,
  memory?: PolicyMemory,
): UpdateCheck {
  const values: unknown[] = []
  const structs: StructInfo[] | null = structure ? [] : null
  const fields = inspector ? (inspector.fields === '*' ? WHOLE : compile(inspector.fields)) : null
  const placements: InsertedAt[] | null = inspector?.placement ? [] : null
  let result: Scan
  try {
    result = scan(update, sv, fields, values, structs, placements)
  } catch (err) {
    // reason: malformed bytes (lib0 throws on reads past the end, bad JSON); values nested too deep
    if (err instanceof TooDeepError) return { ok: false, reason: 'structure-refused', detail: err.message }
    return { ok: false, reason: 'undecodable' }
  }
  const { ranges, refs } = result
  if (result.hasGap) return { ok: false, reason: 'gap' }
  for (let i = 0; i < refs.length; i += 2) {
    const client = refs[i] as number
    const end = ranges.get(client) ?? sv.get(client) ?? 0
    if ((refs[i + 1] as number) >= end) return { ok: false, reason: 'missing-dependency' }
  }
  let plan: StructurePlan | undefined
  if (structure && structs) {
    const checked = structure.check(structs)
    if (typeof checked === 'string') return { ok: false, reason: 'structure-refused', detail: checked }
    plan = checked
  }
  if (inspector) {
    const refused = inspector.inspect(values, placements ?? [], memory)
    if (typeof refused === 'string') return { ok: false, reason: 'content-refused', detail: refused, ...(inspector.closeCode !== undefined ? { closeCode: inspector.closeCode } : {}) }
    if (refused !== null) return { ok: false, reason: 'content-refused', detail: refused.reason, closeCode: refused.closeCode }
  }
  const ok: UpdateCheck = { ok: true, ranges, isEmpty: !result.hasNew && !result.hasDeletes }
  if (plan) ok.structure = plan
  return ok
}

/**
 * The JSON values (ContentAny) a stored update holds, pruned to `fields`, in order: what a policy's memory is built
 * from. Values after a part that cannot be read are left out (stored state always can be read).
 */
export function scanValues(update: Uint8Array, fields: FieldSpec): unknown[] {
  const values: unknown[] = []
  try {
    scan(update, new Map(), compile(fields), values, null)
  } catch {
    // reason: best effort; what was read before the unreadable part is kept
  }
  return values
}

/**
 * Every struct of a stored update, for building a room's `DocStructure` from what storage holds. Null when the
 * bytes cannot be read (stored state always can; this is defensive).
 */
export function scanStructs(update: Uint8Array): StructInfo[] | null {
  const structs: StructInfo[] = []
  try {
    scan(update, new Map(), null, [], structs)
  } catch {
    // reason: unreadable stored bytes are reported as null; the caller treats their structs as unknown
    return null
  }
  return structs
}
