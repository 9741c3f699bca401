// @vitest-environment jsdom
/**
 * Issue 10 B3, client side: a board holding a record that fails validation opens with the rest, and names the bad
 * record; one arriving live is set aside without stopping the binding. Nothing is deleted from the Y.Doc.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { act, type ReactElement } from 'react'
import { createRoot } from 'react-dom/client'
import {
  Editor,
  createShapeId,
  defaultBindingUtils,
  defaultTools,
  type SerializedSchemaV2,
  type TLGeoShape,
  type TLRecord,
  type TLStore,
} from '@tldraw/tldraw'
import { BOARD_SHAPE_UTILS, createBoardStore } from '../../../../client/sync/board-store'
import {
  SCHEMA_KEY,
  bindStoreToDoc,
  getMetaMap,
  getRecordsMap,
  loadDocIntoStore,
  type SetAsideRecord,
} from '../../../../client/sync/binding'
import { SetAsideNotice, setAsideSummary } from '../../../../client/canvas/SetAsideNotice'
import { BAD_GEO } from '../../../support/tl-records'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

const REMOTE = 'remote'

// reason: tells React 19 that act() is used on purpose in this (jsdom) test environment
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

/** Render into the document; the text of the notice, or null when it renders nothing. */
function noticeText(element: ReactElement): string | null {
  const host = document.createElement('div')
  document.body.appendChild(host)
  const root = createRoot(host)
  act(() => root.render(element))
  cleanups.push(() => {
    act(() => root.unmount())
    host.remove()
  })
  return host.querySelector('[data-testid="set-aside-notice"]')?.textContent ?? null
}

/** A board document written by a real editor: the seed page and document plus two geo shapes. */
function boardDoc(): { doc: Y.Doc; store: TLStore } {
  const store = createBoardStore()
  const doc = new Y.Doc()
  loadDocIntoStore(store, doc)
  const binding = bindStoreToDoc(store, doc, { onError: () => {} })
  const container = document.createElement('div')
  document.body.appendChild(container)
  const editor = new Editor({ store, shapeUtils: BOARD_SHAPE_UTILS, bindingUtils: defaultBindingUtils, tools: defaultTools, getContainer: () => container })
  editor.createShapes<TLGeoShape>([
    { id: createShapeId('one'), type: 'geo', x: 0, y: 0 },
    { id: createShapeId('two'), type: 'geo', x: 300, y: 0 },
  ])
  cleanups.push(() => {
    editor.dispose()
    binding.dispose()
    container.remove()
  })
  return { doc, store }
}

/** A copy of `source` as another client would receive it. */
function copyOf(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), REMOTE)
  return doc
}

function shapeIds(store: TLStore): string[] {
  return store.allRecords().filter((r) => r.typeName === 'shape').map((r) => r.id).sort()
}

describe('a board holding invalid records', () => {
  it('opens with the rest and names the bad record; the document keeps it', async () => {
    const source = boardDoc()
    await new Promise((r) => setTimeout(r, 0))
    const doc = copyOf(source.doc)
    doc.transact(() => {
      getRecordsMap(doc).set('shape:bad', BAD_GEO as unknown as TLRecord)
      getRecordsMap(doc).set('shape:misfiled', { ...(source.store.get(createShapeId('one')) as TLRecord) })
      getRecordsMap(doc).set('shape:junk', 1 as unknown as TLRecord)
    }, REMOTE)

    const store = createBoardStore()
    const { setAside } = loadDocIntoStore(store, doc)
    expect(shapeIds(store)).toEqual([createShapeId('one'), createShapeId('two')].sort())
    expect(store.get('document:document' as TLRecord['id'])).toBeDefined()
    const bad = setAside.find((r) => r.id === 'shape:bad')
    expect(bad).toMatchObject({ id: 'shape:bad', type: 'geo', reason: 'invalid rotation' })
    expect(bad?.detail).toMatch(/rotation: Expected number, got undefined/)
    expect(setAside.find((r) => r.id === 'shape:misfiled')?.reason).toBe('stored under another id')
    expect(setAside.find((r) => r.id === 'shape:junk')?.reason).toBe('not a record')
    expect(setAside).toHaveLength(3)
    // Nothing was deleted or rewritten.
    expect(getRecordsMap(doc).get('shape:bad')).toEqual(BAD_GEO)
    expect(getRecordsMap(doc).size).toBe(getRecordsMap(source.doc).size + 3)
  })

  it('upgrading an older board writes the good records back and leaves the bad one as it is', async () => {
    const source = boardDoc()
    await new Promise((r) => setTimeout(r, 0))
    const doc = copyOf(source.doc)
    const older = structuredClone(source.store.schema.serialize()) as SerializedSchemaV2
    older.sequences['com.tldraw.shape.geo'] = 11 // before AddFlipProps: the shapes get flipX/flipY
    doc.transact(() => {
      for (const id of [createShapeId('one'), createShapeId('two')]) {
        const { flipX: _x, flipY: _y, ...props } = (getRecordsMap(doc).get(id) as TLGeoShape).props
        getRecordsMap(doc).set(id, { ...(getRecordsMap(doc).get(id) as TLGeoShape), props } as unknown as TLRecord)
      }
      getRecordsMap(doc).set('shape:bad', BAD_GEO as unknown as TLRecord)
      getMetaMap(doc).set(SCHEMA_KEY, older)
    }, REMOTE)

    const store = createBoardStore()
    const { setAside } = loadDocIntoStore(store, doc)
    expect(setAside.map((r) => r.id)).toEqual(['shape:bad'])
    expect(shapeIds(store)).toEqual([createShapeId('one'), createShapeId('two')].sort())
    expect((getRecordsMap(doc).get(createShapeId('one')) as TLGeoShape).props.flipX).toBe(false)
    expect(getRecordsMap(doc).get('shape:bad')).toEqual(BAD_GEO)
  })

  it('sets aside a bad record arriving live, applies the rest, and shows it once fixed', async () => {
    const source = boardDoc()
    await new Promise((r) => setTimeout(r, 0))
    const doc = copyOf(source.doc)
    const store = createBoardStore()
    const { setAside } = loadDocIntoStore(store, doc)
    expect(setAside).toEqual([])
    const reports: SetAsideRecord[][] = []
    const errors: unknown[] = []
    const binding = bindStoreToDoc(store, doc, { onError: (e) => errors.push(e), setAside, onSetAside: (r) => reports.push(r) })
    cleanups.push(() => binding.dispose())

    const good = { ...(source.store.get(createShapeId('one')) as TLGeoShape), id: createShapeId('three'), x: 900 }
    doc.transact(() => {
      getRecordsMap(doc).set('shape:bad', BAD_GEO as unknown as TLRecord)
      getRecordsMap(doc).set(good.id, good)
      // A shown shape overwritten with an invalid version is no longer shown.
      getRecordsMap(doc).set(createShapeId('two'), { ...(getRecordsMap(doc).get(createShapeId('two')) as TLGeoShape), rotation: 'sideways' } as unknown as TLRecord)
    }, REMOTE)
    expect(errors).toEqual([])
    expect(binding.isStopped()).toBe(false)
    expect(shapeIds(store)).toEqual([createShapeId('one'), createShapeId('three')].sort())
    expect(reports.at(-1)?.map((r) => `${r.id} ${r.reason}`).sort()).toEqual(['shape:bad invalid rotation', 'shape:two invalid rotation'])

    // Someone writes a valid version: it is shown, and no longer reported.
    const fixed = { ...(source.store.get(createShapeId('one')) as TLGeoShape), id: 'shape:bad' as TLGeoShape['id'], x: 600 }
    doc.transact(() => getRecordsMap(doc).set('shape:bad', fixed), REMOTE)
    expect(store.get(fixed.id)).toBeDefined()
    expect(reports.at(-1)?.map((r) => r.id)).toEqual(['shape:two'])
    // Deleted from the document: no longer reported either.
    doc.transact(() => getRecordsMap(doc).delete(createShapeId('two')), REMOTE)
    expect(reports.at(-1)).toEqual([])
  })
})

describe('the notice', () => {
  const bad: SetAsideRecord = { id: 'shape:bad', type: 'geo', reason: 'invalid rotation', detail: 'At shape(type = geo).rotation: Expected number, got undefined' }

  it('names one item calmly', () => {
    expect(setAsideSummary([bad])).toBe('1 item on this board could not be shown: shape:bad (geo) — invalid rotation')
    expect(noticeText(<SetAsideNotice records={[bad]} />)).toContain('1 item on this board could not be shown: shape:bad (geo) — invalid rotation')
  })

  it('counts several and lists them, and shows nothing when all is well', () => {
    const text = noticeText(<SetAsideNotice records={[bad, { ...bad, id: 'shape:b2' }]} />)
    expect(text).toContain('2 items on this board could not be shown.')
    expect(text).toContain('shape:b2 (geo) — invalid rotation')
    expect(noticeText(<SetAsideNotice records={[]} />)).toBeNull()
  })
})
