// @vitest-environment jsdom
/**
 * The server's record validation against tldraw itself: the schema the server builds is the one the client's store
 * writes in, and every record a real editor makes (each default shape type, the custom planning shapes, an arrow
 * binding, an asset, the page and document) passes, through the same update reader the server runs.
 */
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { AssetRecordType, Editor, createShapeId, defaultBindingUtils, defaultTools, type TLRecord, type TLShapeId, type TLShapePartial } from '@tldraw/tldraw'
import { BOARD_SHAPE_UTILS, createBoardStore } from '../../../../client/sync/board-store'
import { boardRecordRule, boardSchema, checkBoardRecord, createValueInspector } from '../../../../server/sync/record-validation'
import { checkUpdate } from '../../../../server/sync/update-check'

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

function newEditor(): Editor {
  const container = document.createElement('div')
  document.body.appendChild(container)
  const store = createBoardStore()
  const editor = new Editor({ store, shapeUtils: BOARD_SHAPE_UTILS, bindingUtils: defaultBindingUtils, tools: defaultTools, getContainer: () => container })
  cleanups.push(() => {
    editor.dispose()
    container.remove()
  })
  return editor
}

describe('the server schema and tldraw', () => {
  it("is the client store's schema, custom shapes included", () => {
    expect(boardSchema().serialize()).toEqual(createBoardStore().schema.serialize())
    const shapeTypes = Object.keys((boardSchema().serialize() as { sequences: Record<string, number> }).sequences).filter((k) => k.startsWith('com.tldraw.shape.'))
    for (const util of BOARD_SHAPE_UTILS) expect(shapeTypes).toContain(`com.tldraw.shape.${util.type}`)
  })

  it('accepts every record an editor makes: each shape type with its defaults, a binding, an asset, page and document', () => {
    const editor = newEditor()
    let x = 0
    const ids: TLShapeId[] = []
    for (const util of BOARD_SHAPE_UTILS) {
      if (util.type === 'group') continue
      const id = createShapeId(util.type)
      editor.createShape({ id, type: util.type, x: (x += 300), y: 0 } as TLShapePartial)
      ids.push(id)
    }
    const a = createShapeId('ga')
    const b = createShapeId('gb')
    editor.createShapes([
      { id: a, type: 'geo', x: 0, y: 500 },
      { id: b, type: 'geo', x: 300, y: 500 },
    ])
    editor.groupShapes([a, b])
    editor.createBinding({ type: 'arrow', fromId: createShapeId('arrow'), toId: createShapeId('geo'), props: { terminal: 'end' } })
    editor.createAssets([
      AssetRecordType.create({
        id: AssetRecordType.createId('img'),
        type: 'image',
        props: { name: 'a.png', src: 'https://example.invalid/a.png', w: 10, h: 10, mimeType: 'image/png', isAnimated: false },
      }),
    ])

    const records = editor.store.allRecords().filter((r) => editor.store.schema.types[r.typeName]?.scope === 'document')
    const types = new Set(records.map((r) => (r.typeName === 'shape' ? `shape:${r.type}` : r.typeName)))
    for (const util of BOARD_SHAPE_UTILS) expect(types).toContain(`shape:${util.type}`)
    for (const t of ['document', 'page', 'binding', 'asset']) expect(types).toContain(t)
    expect(ids.every((id) => editor.getShape(id))).toBe(true)

    for (const r of records) expect(checkBoardRecord(structuredClone(r), r.id), r.id).toBeNull()
    // And through the update reader, as the server gets them from the wire.
    const doc = new Y.Doc()
    const map = doc.getMap<TLRecord>('tl_records')
    doc.transact(() => {
      for (const r of records) map.set(r.id, r)
      doc.getMap('tl_meta').set('schema', editor.store.schema.serialize())
    })
    expect(checkUpdate(Y.encodeStateAsUpdate(doc), new Map(), createValueInspector([boardRecordRule]))).toMatchObject({ ok: true })
  })
})
