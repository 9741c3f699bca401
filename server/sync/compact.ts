/**
 * Compaction: fold a document's update log into one snapshot through a garbage-collecting Y.Doc, so deleted
 * content (every superseded version of a moved shape) is dropped and loading stays fast however long the history.
 */
import * as Y from 'yjs'

/** Compacts a document's updates (snapshot first, then the log in order) into one snapshot. Rejects if they cannot be applied. */
export type Compactor = (parts: Uint8Array[]) => Promise<Compacted>

/** A compacted snapshot and its state vector (stored beside it so a load never decodes the snapshot). */
export interface Compacted {
  snapshot: Uint8Array
  stateVector: Uint8Array
}

/** The compaction itself: apply every part to a garbage-collecting doc and encode its state. */
export function compactParts(parts: readonly Uint8Array[]): Compacted {
  const doc = new Y.Doc({ gc: true })
  try {
    doc.transact(() => {
      for (const part of parts) Y.applyUpdate(doc, part)
    })
    return { snapshot: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) }
  } finally {
    doc.destroy()
  }
}

/** Compaction on the calling thread (tests, and the fallback when no worker can start). */
export const compactInline: Compactor = async (parts) => compactParts(parts)
