/**
 * Pure two-way translation between a tldraw store and a Y.Doc (STACK.md §4). No sockets, no React: the hook in
 * `useBoardStore.ts` owns the provider and calls `loadDocIntoStore` on the provider's first `sync` event.
 *
 * Y layout: `tl_records` maps record id → whole record JSON (document scope only); `tl_meta.schema` holds the
 * serialized tldraw schema the records were written with.
 */
import type * as Y from 'yjs'
import {
  DocumentRecordType,
  PageRecordType,
  TLDOCUMENT_ID,
  type IndexKey,
  type SerializedSchema,
  type TLRecord,
  type TLStore,
} from '@tldraw/tldraw'
import { TL_META_ROOT, TL_RECORDS_ROOT } from '../../shared/wire/doc-layout'

/** Transaction origin for every write we make, so our own Y observer can skip it. */
export const LOCAL_ORIGIN: unique symbol = Symbol('pooled-local')

export const RECORDS_MAP_NAME = TL_RECORDS_ROOT
export const META_MAP_NAME = TL_META_ROOT
export const SCHEMA_KEY = 'schema'

/** Fixed ids so that two clients seeding an empty board at the same moment write identical values and converge. */
export const SEED_PAGE_ID = PageRecordType.createId('page')

/** Closed set of reasons a board cannot be shown. */
export type BindingErrorCode = 'schema_newer' | 'schema_missing' | 'schema_incompatible' | 'invalid_record'

export class BindingError extends Error {
  readonly code: BindingErrorCode
  constructor(code: BindingErrorCode, message: string) {
    super(message)
    this.name = 'BindingError'
    this.code = code
  }
}

const RELOAD_MESSAGE = 'This board was saved by a newer version of Pooled. Reload the page to update.'

export function getRecordsMap(doc: Y.Doc): Y.Map<TLRecord> {
  return doc.getMap<TLRecord>(RECORDS_MAP_NAME)
}

export function getMetaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP_NAME)
}

/**
 * True when a transaction changed anything besides the canvas's own records (`tl_records`, `tl_meta`): the planning
 * data (categories, settings, opportunities, an organisation's figures) lives in other types of the same documents.
 * Lets planning views skip the shape moves that make up most of a board's traffic.
 */
export function changesMoreThanCanvas(transaction: Y.Transaction): boolean {
  const doc = transaction.doc
  const records = doc.share.get(RECORDS_MAP_NAME)
  const meta = doc.share.get(META_MAP_NAME)
  for (const type of transaction.changed.keys()) if (type !== records && type !== meta) return true
  return false
}

/** How a stored schema relates to the one this build runs. */
export type SchemaComparison = 'same' | 'older' | 'newer'

/** Compare a stored schema with ours. A schema with migrations we do not know is treated as newer: we must not touch it. */
export function compareSchema(store: TLStore, stored: SerializedSchema): SchemaComparison {
  const migrations = store.schema.getMigrationsSince(stored)
  if (!migrations.ok) return 'newer'
  return migrations.value.length === 0 ? 'same' : 'older'
}

function isSerializedSchema(value: unknown): value is SerializedSchema {
  if (typeof value !== 'object' || value === null) return false
  const version = (value as { schemaVersion?: unknown }).schemaVersion
  return typeof version === 'number'
}

function isDocumentRecord(store: TLStore, record: TLRecord): boolean {
  return store.schema.types[record.typeName]?.scope === 'document'
}

function writeRecords(doc: Y.Doc, store: TLStore, records: Iterable<TLRecord>, removedIds: Iterable<string> = []): void {
  const yRecords = getRecordsMap(doc)
  doc.transact(() => {
    for (const record of records) yRecords.set(record.id, record)
    for (const id of removedIds) yRecords.delete(id)
    getMetaMap(doc).set(SCHEMA_KEY, store.schema.serialize())
  }, LOCAL_ORIGIN)
}

/**
 * Initial load, run once when the provider first reports `sync`. Seeds an empty board, migrates an older one (and
 * writes the upgrade back), and refuses a newer one without writing anything.
 */
export function loadDocIntoStore(store: TLStore, doc: Y.Doc): void {
  const yRecords = getRecordsMap(doc)
  const storedSchema = getMetaMap(doc).get(SCHEMA_KEY)

  if (yRecords.size === 0) {
    if (storedSchema !== undefined && isSerializedSchema(storedSchema) && compareSchema(store, storedSchema) === 'newer') {
      throw new BindingError('schema_newer', RELOAD_MESSAGE)
    }
    const seed: TLRecord[] = [
      DocumentRecordType.create({ id: TLDOCUMENT_ID }),
      PageRecordType.create({ id: SEED_PAGE_ID, name: 'Page 1', index: 'a1' as IndexKey }),
    ]
    // Seeding is not an edit the user can undo.
    store.mergeRemoteChanges(() => store.put(seed))
    writeRecords(doc, store, store.allRecords().filter((r) => isDocumentRecord(store, r)))
    return
  }

  if (!isSerializedSchema(storedSchema)) {
    throw new BindingError('schema_missing', 'This board has content but no schema version, so it cannot be opened safely.')
  }
  const comparison = compareSchema(store, storedSchema)
  if (comparison === 'newer') throw new BindingError('schema_newer', RELOAD_MESSAGE)

  const snapshot = Object.fromEntries(yRecords.entries()) as Record<TLRecord['id'], TLRecord>
  const migrated = store.schema.migrateStoreSnapshot({ store: snapshot, schema: storedSchema })
  if (migrated.type === 'error') {
    throw new BindingError('schema_incompatible', `This board could not be upgraded (${migrated.reason}).`)
  }
  const records = Object.values(migrated.value)
  try {
    store.mergeRemoteChanges(() => {
      store.clear()
      store.put(records)
    })
  } catch (error) {
    throw new BindingError('invalid_record', `This board contains a record that failed validation: ${errorMessage(error)}`)
  }
  if (comparison === 'older') {
    const keptIds = new Set(records.map((r) => r.id))
    const dropped = [...yRecords.keys()].filter((id) => !keptIds.has(id as TLRecord['id']))
    writeRecords(doc, store, records, dropped)
  }
}

export interface LiveBindingOptions {
  /** Called once if the binding has to stop (a newer schema appeared, or a remote record failed validation). */
  onError(error: BindingError): void
}

/** A running store ⇄ Y.Doc binding. */
export interface LiveBinding {
  /** True once the binding stopped because of an error; it no longer reads or writes. */
  isStopped(): boolean
  dispose(): void
}

/**
 * Keep store and doc in step after `loadDocIntoStore`. Local user changes become one Y transaction per store flush
 * (tagged LOCAL_ORIGIN); remote Y changes enter the store through `mergeRemoteChanges`, so they are neither echoed
 * back nor added to the local undo history. Watches `tl_meta.schema` and stops writing if a newer client upgrades the board.
 */
export function bindStoreToDoc(store: TLStore, doc: Y.Doc, options: LiveBindingOptions): LiveBinding {
  const yRecords = getRecordsMap(doc)
  const yMeta = getMetaMap(doc)
  let stopped = false

  const stop = (error: BindingError) => {
    if (stopped) return
    stopped = true
    unlistenStore()
    yRecords.unobserve(onRecords)
    yMeta.unobserve(onMeta)
    options.onError(error)
  }

  const unlistenStore = store.listen(
    ({ changes }) => {
      if (stopped) return
      doc.transact(() => {
        for (const record of Object.values(changes.added)) yRecords.set(record.id, record)
        for (const [, to] of Object.values(changes.updated)) yRecords.set(to.id, to)
        for (const record of Object.values(changes.removed)) yRecords.delete(record.id)
      }, LOCAL_ORIGIN)
    },
    { source: 'user', scope: 'document' },
  )

  const onRecords = (event: Y.YMapEvent<TLRecord>, transaction: Y.Transaction) => {
    if (stopped || transaction.origin === LOCAL_ORIGIN) return
    // A newer client writes its upgraded records and its schema in one transaction: check the schema before the records.
    const changedTypes: ReadonlyMap<unknown, unknown> = transaction.changed
    if (changedTypes.has(yMeta) && checkSchema() === 'stopped') return
    const toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    event.changes.keys.forEach((change, key) => {
      if (change.action === 'delete') {
        toRemove.push(key as TLRecord['id'])
      } else {
        const record = yRecords.get(key)
        if (record) toPut.push(record)
      }
    })
    try {
      store.mergeRemoteChanges(() => {
        const present = toRemove.filter((id) => store.has(id))
        if (present.length > 0) store.remove(present)
        if (toPut.length > 0) store.put(toPut)
      })
    } catch (error) {
      stop(new BindingError('invalid_record', `A change from another participant could not be applied: ${errorMessage(error)}`))
    }
  }

  const checkSchema = (): 'ok' | 'stopped' => {
    const schema = yMeta.get(SCHEMA_KEY)
    if (!isSerializedSchema(schema)) return 'ok'
    const comparison = compareSchema(store, schema)
    if (comparison === 'newer') {
      stop(new BindingError('schema_newer', 'Someone opened this board with a newer version of Pooled. Reload the page to keep editing.'))
      return 'stopped'
    }
    if (comparison === 'older') {
      // An older client raced us; restate the schema our records are written in. It refuses on its next check.
      queueMicrotask(() => {
        if (!stopped) doc.transact(() => yMeta.set(SCHEMA_KEY, store.schema.serialize()), LOCAL_ORIGIN)
      })
    }
    return 'ok'
  }

  const onMeta = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    if (stopped || transaction.origin === LOCAL_ORIGIN || !event.keysChanged.has(SCHEMA_KEY)) return
    checkSchema()
  }

  yRecords.observe(onRecords)
  yMeta.observe(onMeta)

  return {
    isStopped: () => stopped,
    dispose() {
      if (stopped) return
      stopped = true
      unlistenStore()
      yRecords.unobserve(onRecords)
      yMeta.unobserve(onMeta)
    },
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
