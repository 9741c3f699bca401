/**
 * Storage interfaces. The sync layer sees only `DocStore`; HTTP routes see only the repos. Concrete implementations
 * (memory, SQLite, later PostgreSQL) live beside this file and are chosen in `server/main.ts`.
 */

/** A document's persisted state: an optional compacted snapshot plus the updates appended after it, in order. */
export interface StoredDoc {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** Sequence number of the last update included (snapshot or updates); 0 when the doc is empty. */
  lastSeq: number
}

export interface AppendEntry {
  docName: string
  update: Uint8Array
}

/**
 * Durable storage of Yjs documents as an append-only update log with background compaction.
 * Rule S1: when `append` resolves, every entry is durable (survives a process crash).
 * Rule S2: `load` returns snapshot + updates whose merge equals every update ever appended.
 * Rule S3: `compact` replaces the snapshot and removes updates with seq ≤ throughSeq atomically; later updates survive.
 */
export interface DocStore {
  load(docName: string): Promise<StoredDoc>
  /** Append many updates (possibly for several docs) in one durable write. Resolves with each entry's seq, in order. */
  append(entries: readonly AppendEntry[]): Promise<number[]>
  compact(docName: string, snapshot: Uint8Array, throughSeq: number): Promise<void>
  /** Remove a document and its history. */
  delete(docName: string): Promise<void>
  /** Delete every document whose name starts with `prefix` (a board and its per-organisation docs). */
  deletePrefix(prefix: string): Promise<void>
}

export interface BoardRow {
  id: string
  title: string
  createdAt: string
  updatedAt: string
}

export interface BoardRepo {
  create(row: BoardRow): Promise<void>
  get(id: string): Promise<BoardRow | null>
  list(): Promise<BoardRow[]>
  updateTitle(id: string, title: string, updatedAt: string): Promise<BoardRow | null>
  delete(id: string): Promise<boolean>
}

/** Everything the app needs from storage, behind interfaces. */
export interface Storage {
  docs: DocStore
  boards: BoardRepo
  /** True once the backing store is open and answering. */
  isHealthy(): boolean
  close(): Promise<void>
}
