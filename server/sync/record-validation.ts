/**
 * Record validation on the board document (issue 10 B3): every tldraw record an update writes must be valid under the
 * board's tldraw schema, as tldraw's own sync server checks (it validates records with the store schema), or the
 * update is refused and its sender closed with 4005 (docs/sync-protocol.md). One invalid record would otherwise make
 * every client refuse the whole board.
 *
 * The schema is tldraw's default shapes, bindings and assets plus Pooled's custom shapes (shared/canvas/shapes.ts),
 * the same definitions the client's store is built from; a test holds the two serialized schemas equal.
 *
 * What is judged (the server keeps no Y.Doc, so it judges what each update says; see InsertedAt):
 * - any inserted JSON value that has a `typeName` is a record: its type must be one a board stores (document scope:
 *   document, page, shape, binding, asset, user), its id must carry that type's prefix, and the record must pass the
 *   schema's validator for that type;
 * - a value written under a key of `tl_records` must be such a record, and its id must be the key;
 * - a serialized schema (`tl_meta.schema`, recognised by `schemaVersion`) must be exactly this build's schema.
 *
 * Older clients. The server speaks one schema: the one this build's client writes. A client a version behind (a tab
 * left open across an upgrade) writes records in its older format: those whose format did not change still pass;
 * one that no longer validates is refused, and so is its older schema (it writes `tl_meta.schema` only when it seeds
 * an empty board or upgrades an older one). Accepting them would store records that current clients read as current
 * and cannot show; migrating them on the server would need the writer's schema, which y-websocket does not carry. A
 * client from this build on stops on 4005 and asks for a reload (client/sync/useBoardStore.ts), which brings the
 * current version; nothing invalid was stored, so the board stays openable for everyone. Honest current clients are
 * never refused: they validate every record before writing it (tldraw's store does).
 *
 * Other documents' values: `createValueInspector` takes a list of rules, so a second one (the planning documents'
 * values) can be plugged in beside `boardRecordRule` without touching the update reader.
 */
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas } from '@tldraw/tlschema'
import { PLANNING_SHAPE_SCHEMAS } from '../../shared/canvas/shapes'
import { CloseCode } from '../../shared/wire/protocol'
import type { ContentInspector, ContentRefusal, InsertedAt } from './update-check'

/** The board document's root types (client/sync/binding.ts): records by id, and the schema they were written with. */
export const RECORDS_ROOT = 'tl_records'
export const META_ROOT = 'tl_meta'
export const SCHEMA_KEY = 'schema'

/** Close code for an update that writes an invalid record or a value a rule refuses (docs/sync-protocol.md). */
export const INVALID_RECORD_CLOSE_CODE: number = CloseCode.InvalidRecord

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
const MAX_REASON_BYTES = 123

export type BoardSchema = ReturnType<typeof createTLSchema>
type SerializedSchema = ReturnType<BoardSchema['serialize']>

let schema: BoardSchema | null = null
let serialized: SerializedSchema | null = null
let documentTypes: ReadonlySet<string> | null = null

/** The board's tldraw schema, built once per process. */
export function boardSchema(): BoardSchema {
  if (!schema) {
    schema = createTLSchema({ shapes: { ...defaultShapeSchemas, ...PLANNING_SHAPE_SCHEMAS }, bindings: defaultBindingSchemas })
    serialized = schema.serialize()
    documentTypes = new Set(Object.values(schema.types).filter((t) => t.scope === 'document').map((t) => t.typeName))
  }
  return schema
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Uint8Array) return 'bytes'
  return typeof value === 'object' ? 'an object without typeName' : `a ${typeof value}`
}

/**
 * tldraw's messages end with the value they got ("…: Expected a valid url, got \"…\""); reasons are logged, and
 * document contents never are (docs/sync-protocol.md), so the value is cut off. What was expected, and where, stays.
 */
function withoutValue(message: string): string {
  const cut = message.indexOf(', got ')
  return cut === -1 ? message : message.slice(0, cut)
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * Why a record cannot be stored on a board, or null when it is valid. `key` is the `tl_records` key it is written
 * under, when known.
 */
export function checkBoardRecord(value: unknown, key: string | null = null): string | null {
  const s = boardSchema()
  if (!isPlainObject(value) || typeof value['typeName'] !== 'string') {
    return `${key ?? 'a record'} is ${describe(value)}, not a tldraw record`
  }
  const typeName = value['typeName']
  const id = value['id']
  if (typeof id !== 'string') return `a ${typeName} record has no id`
  if (!documentTypes?.has(typeName)) return `${id}: records of type "${typeName}" are not stored on a board`
  if (!id.startsWith(`${typeName}:`)) return `${id}: the id does not name its type "${typeName}"`
  if (key !== null && key !== id) return `${id} is written under another id (${key})`
  const recordType = (s.types as Record<string, (typeof s.types)[keyof typeof s.types]>)[typeName]
  try {
    recordType?.validate(value)
  } catch (error) {
    const type = typeof value['type'] === 'string' ? ` (${value['type']})` : ''
    return `${id}${type}: ${withoutValue(errorMessage(error))}`
  }
  return null
}

/** Why a serialized schema may not be stored as the board's, or null when it is this build's. */
export function checkSerializedSchema(value: unknown): string | null {
  boardSchema()
  const current = serialized as SerializedSchema & { sequences?: Record<string, number> }
  if (!isPlainObject(value)) return `the board's schema is ${describe(value)}`
  const sequences = value['sequences']
  if (value['schemaVersion'] !== current.schemaVersion || !isPlainObject(sequences)) return "the board's schema is not this version's"
  const ours = current.sequences ?? {}
  const keys = Object.keys(sequences)
  if (keys.length !== Object.keys(ours).length) return "the board's schema is not this version's: reload to update"
  for (const k of keys) {
    if (ours[k] !== sequences[k]) return `the board's schema is not this version's (${k}): reload to update`
  }
  return null
}

/** One rule over the values an update inserts: a reason to refuse, or null (valid, or not the rule's business). */
export interface ValueRule {
  judge(value: unknown, at: InsertedAt): string | null
}

/** The board document's records and schema. */
export const boardRecordRule: ValueRule = {
  judge(value, at) {
    const inRecords = at.root === RECORDS_ROOT
    if (inRecords || (isPlainObject(value) && 'typeName' in value)) return checkBoardRecord(value, inRecords ? at.key : null)
    if (at.root === META_ROOT) {
      if (at.key !== SCHEMA_KEY) return `tl_meta holds only the schema, not "${at.key ?? '?'}"`
      return checkSerializedSchema(value)
    }
    if (isPlainObject(value) && 'schemaVersion' in value) return checkSerializedSchema(value)
    return null
  },
}

/** Cut a close reason to what a WebSocket close frame carries, on a character boundary. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.byteLength <= MAX_REASON_BYTES) return text
  let out = text
  while (Buffer.byteLength(out + '…', 'utf8') > MAX_REASON_BYTES) out = out.slice(0, -1)
  return out + '…'
}

/**
 * A content inspector (server/sync/update-check.ts) applying `rules` to every inserted value, whole, with where it
 * goes. The first refusal closes the sender with `closeCode`.
 */
export function createValueInspector(rules: readonly ValueRule[], closeCode = INVALID_RECORD_CLOSE_CODE): ContentInspector {
  return {
    fields: '*',
    placement: true,
    inspect(values, placements): ContentRefusal | null {
      for (let i = 0; i < values.length; i++) {
        const at = placements[i] ?? { root: null, key: null }
        for (const rule of rules) {
          const refused = rule.judge(values[i], at)
          if (refused !== null) return { reason: closeReason(`invalid record: ${refused}`), closeCode }
        }
      }
      return null
    },
  }
}

/**
 * Several inspectors as one: values are read as the widest of their field specs asks (whole when any asks `'*'`),
 * with placements when any wants them; the first refusal wins. Each inspector reads only the fields it named, so a
 * whole value serves one that asked for a few.
 */
export function composeInspectors(...inspectors: ContentInspector[]): ContentInspector {
  if (inspectors.length === 1 && inspectors[0]) return inspectors[0]
  const isWhole = inspectors.some((i) => i.fields === '*')
  return {
    fields: isWhole ? '*' : mergeFields(inspectors.map((i) => i.fields as Exclude<ContentInspector['fields'], '*'>)),
    placement: inspectors.some((i) => i.placement === true),
    inspect(values, placements, memory) {
      // In order, first refusal wins: a policy that remembers what it accepts (attribution) goes last.
      for (const inspector of inspectors) {
        const refused = inspector.inspect(values, placements, memory)
        if (refused === null) continue
        return typeof refused === 'string' && inspector.closeCode !== undefined ? { reason: refused, closeCode: inspector.closeCode } : refused
      }
      return null
    },
  }
}

type Fields = Exclude<ContentInspector['fields'], '*'>
function mergeFields(specs: Fields[]): Fields {
  const out: Record<string, true | Fields> = {}
  for (const spec of specs) {
    for (const [key, sub] of Object.entries(spec)) {
      const have = out[key]
      if (have === true || sub === true) out[key] = true
      else out[key] = have ? mergeFields([have, sub]) : sub
    }
  }
  return out
}
