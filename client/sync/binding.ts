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

/**
 * A value in the board's `tl_records` that is not shown: it is not a valid record under this version's schema (a
 * buggy or hostile client wrote it past the server's check, or the board predates that check). It stays in the
 * document untouched (deleting it would lose data); the rest of the board opens, and the board names it.
 */
export interface SetAsideRecord {
  /** The `tl_records` key. */
  id: string
  /** The shape, binding or asset type, when the value names one. */
  type: string | null
  /** Short, for people: "invalid rotation". */
  reason: string
  /** tldraw's full message, for support. */
  detail: string
}

export interface LoadResult {
  /** Records of the board that could not be shown. */
  setAside: SetAsideRecord[]
}

/** "At shape(type = geo).rotation: Expected number, got undefined" → "invalid rotation". */
function shortReason(message: string): string {
  const at = /^At [a-z_]+(?:\([^)]*\))?\.([^:]+):/i.exec(message)
  if (at?.[1]) return `invalid ${at[1]}`
  if (message.startsWith('Missing definition for record type')) return 'unknown kind of record'
  return 'invalid record'
}

function setAsideOf(key: string, value: unknown, reason: string, detail: string): SetAsideRecord {
  const type = value !== null && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string' ? (value as { type: string }).type : null
  return { id: key, type, reason, detail }
}

/**
 * The cheap checks tldraw's validators do not make, before a stored value goes near the store: it is an object
 * with a known document-scope type, and its id is its key. Returns why not, or null.
 */
function preCheck(store: TLStore, key: string, value: unknown): SetAsideRecord | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return setAsideOf(key, value, 'not a record', `${typeof value} stored as a record`)
  const record = value as { id?: unknown; typeName?: unknown }
  const types: Readonly<Record<string, { scope: string } | undefined>> = store.schema.types
  if (typeof record.typeName !== 'string' || !Object.hasOwn(types, record.typeName) || types[record.typeName]?.scope !== 'document') {
    return setAsideOf(key, value, 'unknown kind of record', `typeName ${String(record.typeName)}`)
  }
  if (record.id !== key) return setAsideOf(key, value, 'stored under another id', `id ${String(record.id)} under key ${key}`)
  return null
}

/** Validate records one by one; the ones tldraw refuses are set aside. Only for the rare slow path. */
function partition(store: TLStore, records: readonly TLRecord[], phase: 'initialize' | 'updateRecord'): { good: TLRecord[]; bad: SetAsideRecord[] } {
  const good: TLRecord[] = []
  const bad: SetAsideRecord[] = []
  for (const record of records) {
    try {
      store.schema.validateRecord(store, record, phase, phase === 'updateRecord' ? (store.get(record.id) ?? null) : null)
      good.push(record)
    } catch (error) {
      bad.push(setAsideOf(record.id, record, shortReason(errorMessage(error)), errorMessage(error)))
    }
  }
  return { good, bad }
}

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
 * writes the upgrade back), and refuses a newer one without writing anything. Records that cannot be shown are set
 * aside and returned; the rest opens.
 */
export function loadDocIntoStore(store: TLStore, doc: Y.Doc): LoadResult {
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
    return { setAside: [] }
  }

  if (!isSerializedSchema(storedSchema)) {
    throw new BindingError('schema_missing', 'This board has content but no schema version, so it cannot be opened safely.')
  }
  const comparison = compareSchema(store, storedSchema)
  if (comparison === 'newer') throw new BindingError('schema_newer', RELOAD_MESSAGE)

  const setAside: SetAsideRecord[] = []
  const snapshot = {} as Record<TLRecord['id'], TLRecord>
  for (const [key, value] of yRecords.entries()) {
    const bad = preCheck(store, key, value)
    if (bad) setAside.push(bad)
    else snapshot[key as TLRecord['id']] = value
  }
  let records: TLRecord[]
  const migrated = store.schema.migrateStoreSnapshot({ store: snapshot, schema: storedSchema })
  if (migrated.type === 'success') {
    records = Object.values(migrated.value)
  } else {
    // One record that a migration cannot take fails the whole snapshot: migrate record by record instead.
    records = []
    for (const record of Object.values(snapshot)) {
      const one = store.schema.migratePersistedRecord(record, storedSchema)
      if (one.type === 'success') records.push(one.value)
      else setAside.push(setAsideOf(record.id, record, 'could not be upgraded', one.reason))
    }
    if (records.length === 0 && setAside.length > 0 && Object.keys(snapshot).length > 0) {
      throw new BindingError('schema_incompatible', `This board could not be upgraded (${migrated.reason}).`)
    }
  }
  try {
    store.mergeRemoteChanges(() => {
      store.clear()
      store.put(records)
    })
  } catch {
    // reason: a record failed validation; find which, show the rest (slow path, only for a board holding bad records)
    const { good, bad } = partition(store, records, 'initialize')
    setAside.push(...bad)
    records = good
    try {
      store.mergeRemoteChanges(() => {
        store.clear()
        store.put(records)
      })
    } catch (error) {
      throw new BindingError('invalid_record', `This board could not be opened: ${errorMessage(error)}`)
    }
  }
  if (comparison === 'older') {
    // Write the upgrade back; what is set aside stays in the document as it is.
    const keptIds = new Set<string>(records.map((r) => r.id))
    for (const r of setAside) keptIds.add(r.id)
    const dropped = [...yRecords.keys()].filter((id) => !keptIds.has(id))
    writeRecords(doc, store, records, dropped)
  }
  return { setAside }
}

export interface LiveBindingOptions {
  /** Called once if the binding has to stop (a newer schema appeared, or a remote change could not be applied). */
  onError(error: BindingError): void
  /** What `loadDocIntoStore` set aside. */
  setAside?: readonly SetAsideRecord[]
  /** Called with the whole list whenever a remote change sets a record aside, or one set aside is fixed or removed. */
  onSetAside?(records: SetAsideRecord[]): void
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
  const setAside = new Map<string, SetAsideRecord>((options.setAside ?? []).map((r) => [r.id, r]))

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
    let toPut: TLRecord[] = []
    const toRemove: TLRecord['id'][] = []
    const setAsideBefore = setAside.size
    let isSetAsideChanged = false
    event.changes.keys.forEach((change, key) => {
      if (setAside.delete(key)) isSetAsideChanged = true
      if (change.action === 'delete') {
        toRemove.push(key as TLRecord['id'])
        return
      }
      const record = yRecords.get(key)
      const bad = preCheck(store, key, record)
      if (bad) {
        // Not shown; whatever version was shown before goes too, as the document no longer holds it.
        setAside.set(key, bad)
        toRemove.push(key as TLRecord['id'])
      } else if (record) {
        toPut.push(record)
      }
    })
    const apply = () =>
      store.mergeRemoteChanges(() => {
        const present = toRemove.filter((id) => store.has(id))
        if (present.length > 0) store.remove(present)
        if (toPut.length > 0) store.put(toPut)
      })
    try {
      apply()
    } catch {
      // reason: a record failed validation; set it aside and apply the rest (slow path)
      const { good, bad } = partition(store, toPut, 'updateRecord')
      for (const r of bad) {
        setAside.set(r.id, r)
        toRemove.push(r.id as TLRecord['id'])
      }
      toPut = good
      try {
        apply()
      } catch (error) {
        stop(new BindingError('invalid_record', `A change from another participant could not be applied: ${errorMessage(error)}`))
        return
      }
    }
    if (isSetAsideChanged || setAside.size !== setAsideBefore) options.onSetAside?.([...setAside.values()])
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
