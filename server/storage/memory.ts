/**
 * In-memory DocStore for unit tests of the sync layer. Same contract as SQLite (see test/contract).
 * Repositories have no memory variant: tests use SQLite ':memory:', which is fast and exactly the real SQL.
 */
import type { AppendEntry, DocStore, StoredDoc } from './types'

interface MemoryDoc {
  snapshot: Uint8Array | null
  snapshotSv: Uint8Array | null
  snapshotSeq: number
  updates: Array<{ seq: number; data: Uint8Array }>
}

export function createMemoryDocStore(): DocStore {
  const docs = new Map<string, MemoryDoc>()
  let seq = 0
  const get = (name: string): MemoryDoc => {
    let doc = docs.get(name)
    if (!doc) {
      doc = { snapshot: null, snapshotSv: null, snapshotSeq: 0, updates: [] }
      docs.set(name, doc)
    }
    return doc
  }
  return {
    async load(docName): Promise<StoredDoc> {
      const doc = docs.get(docName)
      if (!doc) return { snapshot: null, snapshotStateVector: null, updates: [], lastSeq: 0 }
      const last = doc.updates.at(-1)
      return {
        snapshot: doc.snapshot,
        snapshotStateVector: doc.snapshotSv,
        updates: doc.updates.map((u) => u.data),
        lastSeq: last ? last.seq : doc.snapshotSeq,
      }
    },
    async append(entries: readonly AppendEntry[]) {
      return entries.map((entry) => {
        seq += 1
        get(entry.docName).updates.push({ seq, data: entry.update.slice() })
        return seq
      })
    },
    async compact(docName, snapshot, throughSeq, stateVector) {
      const doc = get(docName)
      // S3: an older compaction finishing late must not replace a newer snapshot.
      if (doc.snapshot !== null && throughSeq < doc.snapshotSeq) return
      doc.snapshot = snapshot.slice()
      doc.snapshotSv = stateVector ? stateVector.slice() : null
      doc.snapshotSeq = throughSeq
      doc.updates = doc.updates.filter((u) => u.seq > throughSeq)
    },
    async delete(docName) {
      docs.delete(docName)
    },
    async deletePrefix(prefix) {
      for (const name of [...docs.keys()]) if (name.startsWith(prefix)) docs.delete(name)
    },
  }
}
