/**
 * Checks a Yjs update before it is stored: it must decode, and it must be integrable against the room's state
 * vector: no gap in any client's clock range and no reference (origin, right origin, parent) to an item that
 * neither the room nor the update itself holds. Such an update would sit pending forever in every replica.
 * The server keeps no Y.Doc: the state vector is all it needs.
 */
import * as Y from 'yjs'

export type UpdateCheck =
  | {
      ok: true
      /** Per client, the end of the clock range the update carries (exclusive), for advancing the room's state vector. */
      ranges: Map<number, number>
      /** True when the update adds nothing: no new structs and no deletions. */
      isEmpty: boolean
    }
  | { ok: false; reason: 'undecodable' | 'gap' | 'missing-dependency' | 'content-refused'; detail?: string }

/**
 * Content policy for a connection: returns a reason to refuse, or null. Sees every JSON value (ContentAny) the
 * update inserts. Values are judged by what they are, not where they go: an overwrite of a map key does not carry
 * its parent in the update (Yjs copies it from the left origin), and the server keeps no Y.Doc to look it up.
 */
export type ContentInspector = (values: readonly unknown[]) => string | null

type ID = { client: number; clock: number }

/** Validate `update` against the room state vector `sv` (client → next expected clock). Never throws. */
export function checkUpdate(update: Uint8Array, sv: ReadonlyMap<number, number>, inspect?: ContentInspector): UpdateCheck {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch {
    // reason: lib0/yjs throw on malformed bytes, unknown content refs or stack overflow from deep nesting
    return { ok: false, reason: 'undecodable' }
  }
  const ranges = new Map<number, number>()
  let hasNew = false
  // Pass 1: clock ranges. Structs of one client arrive in clock order.
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    const known = ranges.get(client) ?? sv.get(client) ?? 0
    if (clock > known) return { ok: false, reason: 'gap' }
    const end = clock + struct.length
    if (end > known) {
      ranges.set(client, end)
      hasNew = true
    }
  }
  const has = (id: ID | null): boolean => {
    if (id === null) return true
    const end = ranges.get(id.client) ?? sv.get(id.client) ?? 0
    return id.clock < end
  }
  // Pass 2: every referenced item must exist in the room or in this update.
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue
    if (!has(struct.origin) || !has(struct.rightOrigin)) return { ok: false, reason: 'missing-dependency' }
    const parent = struct.parent as unknown
    if (parent !== null && typeof parent === 'object' && 'client' in parent && 'clock' in parent) {
      if (!has(parent as ID)) return { ok: false, reason: 'missing-dependency' }
    }
  }
  if (inspect) {
    const written: unknown[] = []
    for (const struct of decoded.structs) {
      if (!(struct instanceof Y.Item)) continue
      const content = struct.content as { arr?: unknown[] }
      if (content instanceof Y.ContentAny && Array.isArray(content.arr)) written.push(...content.arr)
    }
    const refused = inspect(written)
    if (refused !== null) return { ok: false, reason: 'content-refused', detail: refused }
  }
  const hasDeletes = decoded.ds.clients.size > 0
  return { ok: true, ranges, isEmpty: !hasNew && !hasDeletes }
}
