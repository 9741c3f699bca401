/**
 * Compaction: fold a document's update log into one snapshot through a garbage-collecting Y.Doc, so deleted
 * content (every superseded version of a moved shape) is dropped and loading stays fast however long the history.
 */
import * as Y from 'yjs'

/** Compacts merged update bytes into a snapshot. Throws if the bytes cannot be applied. */
export type Compactor = (state: Uint8Array) => Promise<Uint8Array>

/** Compaction on the calling thread. */
export const compactInline: Compactor = async (state) => {
  const doc = new Y.Doc({ gc: true })
  try {
    Y.applyUpdate(doc, state)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}
