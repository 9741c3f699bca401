/**
 * Attribution is part of each shape record (`meta.createdBy`, `meta.updatedBy`: `{ userId, name, orgId,
 * orgShortName }`), written by the client (client/features/attribution). The server makes it trustworthy on the
 * board document (SPEC.md R16), so per-organisation contributions cannot be forged:
 *
 * - `updatedBy`, when present, names the writer (user and organisation);
 * - a shape the room has never seen may name only the writer as its creator (or no one: an unattributed shape);
 * - a shape the room has seen keeps its creator for ever: every later version, by anyone, names the same creator,
 *   or none when it never had one. This is what lets an undo of a delete (the record comes back as it was) through.
 *
 * The server keeps no Y.Doc, so it cannot read a shape's previous version. Each room keeps an index record id →
 * creator instead (`PolicyMemory`), built at the first write from the stored state with the one-pass value scanner
 * (only `typeName`, `id` and the two authors of each record are decoded) and updated with every accepted update. An
 * entry is never removed, so a deleted shape that comes back keeps its creator; after the room is unloaded and its
 * log compacted, deleted records are gone from storage and an undo of such a delete must name its own writer.
 * Boards written before this rule: a record whose stored versions disagree about the creator accepts any of them.
 */
import type { ContentInspector, FieldSpec } from '../sync/update-check'
import { CloseCode } from '../../shared/wire/protocol'

/** Who is writing: the person and the organisation the server knows they belong to. */
export interface Writer {
  userId: string
  orgId: string
}

/** A creator as kept in the index: `userId \n orgId`, or '' for a record without one. */
type CreatorKey = string
/** Record id → its creator; a set when stored versions written before this rule disagree. */
type CreatorIndex = Map<string, CreatorKey | Set<CreatorKey>>

const AUTHOR_FIELDS: FieldSpec = { userId: true, orgId: true }
/** Only these fields of each written record are decoded; the rest of a record is skipped. */
export const ATTRIBUTION_FIELDS: FieldSpec = { typeName: true, id: true, meta: { createdBy: AUTHOR_FIELDS, updatedBy: AUTHOR_FIELDS } }
const INDEX_KEY = 'attribution:shape-creators'

interface Author {
  userId?: unknown
  orgId?: unknown
}
interface ShapeLike {
  typeName?: unknown
  id?: unknown
  meta?: { createdBy?: unknown; updatedBy?: unknown }
}

const asObject = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null

/** The creator a record names, as an index key ('' when it names none). */
function creatorOf(record: ShapeLike): CreatorKey {
  const by = asObject(asObject(record.meta)?.['createdBy']) as Author | null
  if (!by) return ''
  return `${String(by.userId)}\n${String(by.orgId)}`
}

function buildIndex(stored: readonly unknown[]): CreatorIndex {
  const index: CreatorIndex = new Map()
  for (const raw of stored) {
    const record = asObject(raw) as ShapeLike | null
    if (!record || record.typeName !== 'shape' || typeof record.id !== 'string') continue
    const creator = creatorOf(record)
    const known = index.get(record.id)
    if (known === undefined) index.set(record.id, creator)
    else if (typeof known === 'string') {
      if (known !== creator) index.set(record.id, new Set([known, creator]))
    } else known.add(creator)
  }
  return index
}

export function createAttributionInspector(writer: Writer): ContentInspector {
  const mine: CreatorKey = `${writer.userId}\n${writer.orgId}`
  return {
    fields: ATTRIBUTION_FIELDS,
    closeCode: CloseCode.AuthorshipRefused,
    inspect(values, _placements, memory) {
      let index: CreatorIndex | null = null
      /** Creators this update sets, recorded once the whole update is known to be acceptable. */
      const seen = new Map<string, CreatorKey>()
      for (const raw of values) {
        const record = asObject(raw) as ShapeLike | null
        if (!record || record.typeName !== 'shape') continue
        const id = String(record.id)
        const updatedBy = asObject(asObject(record.meta)?.['updatedBy']) as Author | null
        if (updatedBy && (updatedBy.userId !== writer.userId || (updatedBy.orgId !== undefined && updatedBy.orgId !== writer.orgId))) {
          return `shape ${id} names another person as its last editor`
        }
        if (!memory) continue
        index ??= memory.recall(INDEX_KEY, ATTRIBUTION_FIELDS, buildIndex)
        const creator = creatorOf(record)
        const known = seen.get(id) ?? index.get(id)
        if (known === undefined) {
          if (creator !== '' && creator !== mine) return `shape ${id} is new and names another person as its creator`
        } else if (typeof known === 'string') {
          if (creator !== known) return `shape ${id} cannot change its creator`
        } else if (!known.has(creator)) return `shape ${id} cannot change its creator`
        seen.set(id, creator)
      }
      if (index) for (const [id, creator] of seen) if (!index.has(id)) index.set(id, creator)
      return null
    },
  }
}
