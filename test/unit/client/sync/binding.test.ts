// @vitest-environment jsdom
/**
 * Store ⇄ Y.Doc binding: convergence between two in-memory replicas, late join, schema refusal and migration,
 * undo isolation, and presence over awareness.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import {
  Editor,
  atom,
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  defaultTools,
  type SerializedSchemaV2,
  type TLGeoShape,
  type TLRecord,
  type TLStore,
} from '@tldraw/tldraw'
import {
  BindingError,
  LOCAL_ORIGIN,
  SCHEMA_KEY,
  bindStoreToDoc,
  changesMoreThanCanvas,
  getMetaMap,
  getRecordsMap,
  loadDocIntoStore,
  type LiveBinding,
} from '../../../../client/sync/binding'
import { bindPresence, presenceIdFor, readParticipants, type PresenceIdentity } from '../../../../client/sync/presence'
import { waitFor } from '../wait-for'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

function newStore(): TLStore {
  return createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils, collaboration: { status: atom('status', 'online') } })
}

/** Relay every update between the given docs, as the server would. */
function connect(...docs: Y.Doc[]): () => void {
  const offs = docs.map((from) => {
    const relay = (update: Uint8Array, origin: unknown) => {
      for (const to of docs) if (to !== from && origin !== to) Y.applyUpdate(to, update, from)
    }
    from.on('update', relay)
    return () => from.off('update', relay)
  })
  // Bring everyone up to date first (sync step 1/2).
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a), a)
  return () => offs.forEach((off) => off())
}

interface Client {
  doc: Y.Doc
  store: TLStore
  editor: Editor
  binding: LiveBinding
  errors: BindingError[]
}

function join(doc: Y.Doc = new Y.Doc()): Client {
  const store = newStore()
  loadDocIntoStore(store, doc)
  const errors: BindingError[] = []
  const binding = bindStoreToDoc(store, doc, { onError: (e) => errors.push(e) })
  const container = document.createElement('div')
  document.body.appendChild(container)
  const editor = new Editor({ store, shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils, tools: defaultTools, getContainer: () => container })
  cleanups.push(() => {
    editor.dispose()
    binding.dispose()
    doc.destroy()
    container.remove()
  })
  return { doc, store, editor, binding, errors }
}

function geoShapes(store: TLStore): TLGeoShape[] {
  return store.allRecords().filter((r): r is TLGeoShape => r.typeName === 'shape' && r.type === 'geo')
}

describe('store ⇄ Y.Doc binding', () => {
  it('seeds an empty doc with the fixed document and page plus the schema', () => {
    const doc = new Y.Doc()
    const store = newStore()
    loadDocIntoStore(store, doc)
    expect([...getRecordsMap(doc).keys()].sort()).toEqual(['document:document', 'page:page'])
    expect(getMetaMap(doc).get(SCHEMA_KEY)).toEqual(store.schema.serialize())
  })

  it('two replicas converge on create, update and delete', async () => {
    const docA = new Y.Doc()
    const docB = new Y.Doc()
    cleanups.push(connect(docA, docB))
    const a = join(docA)
    const b = join(docB)
    // Both seeded concurrently with the same fixed ids: still one page each side.
    expect(b.editor.getPages()).toHaveLength(1)

    const id = createShapeId('box')
    a.editor.createShape<TLGeoShape>({ id, type: 'geo', x: 10, y: 20, props: { w: 100, h: 50 } })
    await waitFor(() => b.store.has(id), 2000)
    expect(b.store.get(id)).toMatchObject({ x: 10, y: 20, props: { w: 100, h: 50 } })

    b.editor.updateShape<TLGeoShape>({ id, type: 'geo', x: 300 })
    await waitFor(() => (a.store.get(id) as TLGeoShape | undefined)?.x === 300, 2000)

    a.editor.deleteShapes([id])
    await waitFor(() => !b.store.has(id), 2000)
    expect(getRecordsMap(docB).has(id)).toBe(false)
    expect(a.errors).toEqual([])
    expect(b.errors).toEqual([])
  })

  it('a late joiner loads everything already on the board', async () => {
    const docA = new Y.Doc()
    const a = join(docA)
    a.editor.createShape<TLGeoShape>({ id: createShapeId('one'), type: 'geo', x: 0, y: 0 })
    a.editor.createShape<TLGeoShape>({ id: createShapeId('two'), type: 'geo', x: 50, y: 0 })
    await waitFor(() => getRecordsMap(docA).has(createShapeId('two')), 2000)

    const docC = new Y.Doc()
    cleanups.push(connect(docA, docC))
    const c = join(docC)
    expect(geoShapes(c.store).map((s) => s.id).sort()).toEqual([createShapeId('one'), createShapeId('two')])
    expect(c.editor.getPages()).toHaveLength(1)
  })

  it('refuses a doc written by a newer schema and writes nothing', () => {
    const source = join()
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source.doc))
    const newer = structuredClone(source.store.schema.serialize()) as SerializedSchemaV2
    newer.sequences['com.tldraw.shape.geo'] = 99
    getMetaMap(doc).set(SCHEMA_KEY, newer)
    const before = Y.encodeStateVector(doc)

    const store = newStore()
    expect(() => loadDocIntoStore(store, doc)).toThrow(BindingError)
    try {
      loadDocIntoStore(newStore(), doc)
    } catch (error) {
      expect((error as BindingError).code).toBe('schema_newer')
      expect((error as BindingError).message).toMatch(/reload/i)
    }
    expect(Y.encodeStateVector(doc)).toEqual(before)
    expect(getMetaMap(doc).get(SCHEMA_KEY)).toEqual(newer)
  })

  it('migrates a doc written by an older schema and writes the upgrade back', () => {
    const source = join()
    const id = createShapeId('old')
    source.editor.createShape<TLGeoShape>({ id, type: 'geo', x: 5, y: 5 })
    const doc = new Y.Doc()
    const yRecords = getRecordsMap(doc)
    const older = structuredClone(source.store.schema.serialize()) as SerializedSchemaV2
    older.sequences['com.tldraw.shape.geo'] = 11 // before AddFlipProps
    doc.transact(() => {
      for (const record of source.store.allRecords()) {
        if (source.store.schema.types[record.typeName]?.scope !== 'document') continue
        if (record.id === id) {
          const { flipX: _x, flipY: _y, ...oldProps } = (record as TLGeoShape).props
          yRecords.set(record.id, { ...record, props: oldProps } as unknown as TLRecord)
        } else {
          yRecords.set(record.id, record)
        }
      }
      getMetaMap(doc).set(SCHEMA_KEY, older)
    })

    const b = join(doc)
    expect((b.store.get(id) as TLGeoShape).props).toMatchObject({ flipX: false, flipY: false })
    expect((yRecords.get(id) as TLGeoShape).props).toMatchObject({ flipX: false, flipY: false })
    expect(getMetaMap(doc).get(SCHEMA_KEY)).toEqual(b.store.schema.serialize())
  })

  it('stops writing when another client upgrades the schema while we are live', async () => {
    const docA = new Y.Doc()
    const docB = new Y.Doc()
    cleanups.push(connect(docA, docB))
    const a = join(docA)
    join(docB)
    const newer = structuredClone(a.store.schema.serialize()) as SerializedSchemaV2
    newer.sequences['com.tldraw.shape.geo'] = 99
    getMetaMap(docB).set(SCHEMA_KEY, newer)

    expect(a.errors.map((e) => e.code)).toEqual(['schema_newer'])
    expect(a.binding.isStopped()).toBe(true)
    const size = getRecordsMap(docA).size
    a.editor.createShape<TLGeoShape>({ id: createShapeId('late'), type: 'geo' })
    await new Promise((resolve) => setTimeout(resolve, 50)) // one store flush
    expect(getRecordsMap(docA).size).toBe(size)
  })

  it('remote changes are not in the local undo history', async () => {
    const docA = new Y.Doc()
    const docB = new Y.Doc()
    cleanups.push(connect(docA, docB))
    const a = join(docA)
    const b = join(docB)
    const fromA = createShapeId('from-a')
    const fromB = createShapeId('from-b')
    a.editor.createShape<TLGeoShape>({ id: fromA, type: 'geo' })
    await waitFor(() => b.store.has(fromA), 2000)
    b.editor.markHistoryStoppingPoint()
    b.editor.createShape<TLGeoShape>({ id: fromB, type: 'geo', x: 200 })
    await waitFor(() => a.store.has(fromB), 2000)

    b.editor.undo()
    expect(b.store.has(fromB)).toBe(false)
    expect(b.store.has(fromA)).toBe(true)
    b.editor.undo() // nothing of B's own left: A's shape stays
    expect(b.store.has(fromA)).toBe(true)
    await waitFor(() => !a.store.has(fromB), 2000)
    expect(a.store.has(fromA)).toBe(true)
  })

  it('our own writes are tagged with LOCAL_ORIGIN', async () => {
    const a = join()
    const origins: unknown[] = []
    a.doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin))
    a.editor.createShape<TLGeoShape>({ id: createShapeId('x'), type: 'geo' })
    await waitFor(() => origins.length > 0, 2000)
    expect(new Set(origins)).toEqual(new Set([LOCAL_ORIGIN]))
  })
})

describe('presence over awareness', () => {
  function linkAwareness(a: Awareness, b: Awareness): void {
    const relay = (from: Awareness, to: Awareness) => (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === 'remote') return
      const ids = [...change.added, ...change.updated, ...change.removed]
      applyAwarenessUpdate(to, encodeAwarenessUpdate(from, ids), 'remote')
    }
    a.on('update', relay(a, b))
    b.on('update', relay(b, a))
  }

  it('replays existing states at subscribe, mirrors updates and removes leavers', async () => {
    const a = join()
    const b = join()
    const awA = new Awareness(a.doc)
    const awB = new Awareness(b.doc)
    cleanups.push(() => awA.destroy(), () => awB.destroy())
    const idA: PresenceIdentity = { id: 'alice', name: 'Alice', color: '#1f77b4' }
    const idB: PresenceIdentity = { id: 'bob', name: 'Bob', color: '#d62728' }
    const defer = (cb: () => void) => queueMicrotask(cb)

    // B publishes before A has subscribed: A must still see B.
    cleanups.push(bindPresence(b.store, awB, { $identity: atom('b', idB), defer }))
    await waitFor(() => awB.getLocalState()?.['presence'] != null, 2000)
    linkAwareness(awA, awB)
    applyAwarenessUpdate(awA, encodeAwarenessUpdate(awB, [awB.clientID]), 'remote')
    cleanups.push(bindPresence(a.store, awA, { $identity: atom('a', idA), defer }))

    const bInA = presenceIdFor(awB.clientID)
    await waitFor(() => a.store.has(bInA), 2000)
    expect(a.store.get(bInA)).toMatchObject({ userName: 'Bob', color: '#d62728' })
    await waitFor(() => b.store.has(presenceIdFor(awA.clientID)), 2000)

    b.editor.updatePointer({ point: { x: 120, y: 80 } })
    await waitFor(() => {
      const cursor = (a.store.get(bInA) as { cursor?: { x: number; y: number } } | undefined)?.cursor
      return cursor?.x === 120 && cursor.y === 80
    }, 2000)
    expect(a.editor.getCollaborators().map((c) => c.userName)).toEqual(['Bob'])
    expect(readParticipants(awA).map((p) => [p.name, p.isSelf])).toEqual([['Alice', true], ['Bob', false]])

    awB.setLocalState(null)
    await waitFor(() => !a.store.has(bInA), 2000)
  })
})

describe('changesMoreThanCanvas', () => {
  it('is false for transactions that touch only the canvas records and schema, true for anything else', () => {
    const doc = new Y.Doc()
    const seen: boolean[] = []
    doc.on('afterTransaction', (transaction: Y.Transaction) => seen.push(changesMoreThanCanvas(transaction)))
    doc.transact(() => getRecordsMap(doc).set('shape:a', { id: 'shape:a' } as unknown as TLRecord))
    doc.transact(() => getMetaMap(doc).set(SCHEMA_KEY, { schemaVersion: 2 }))
    doc.transact(() => doc.getMap('categories').set('c1', { name: 'Tyres' }))
    doc.transact(() => {
      getRecordsMap(doc).set('shape:b', { id: 'shape:b' } as unknown as TLRecord)
      doc.getMap('opportunities').set('o1', { title: 'Joint tender' })
    })
    doc.transact(() => undefined)
    expect(seen).toEqual([false, false, true, true, false])
  })
})
