// @vitest-environment jsdom
/**
 * The attribution side effects in a real tldraw editor: a new shape names this person as creator and last editor;
 * an undo of someone else's shape's deletion brings it back with its original creator (the server refuses a change
 * of creator, server/http/attribution-policy.ts), with this person as last editor.
 */
import { describe, expect, it } from 'vitest'
import { Box, Editor, createShapeId, createTLStore, defaultBindingUtils, defaultShapeUtils, defaultTools, type TLShape } from '@tldraw/tldraw'
import { registerAttribution } from '../../../../../client/features/attribution/register-attribution'
import type { Author } from '../../../../../client/features/attribution/attribution'

const me: Author = { userId: 'u-me', name: 'Me', orgId: 'org-me', orgShortName: 'ME' }
const them: Author = { userId: 'u-them', name: 'Them', orgId: 'org-them', orgShortName: 'TH' }

function makeEditor(): Editor {
  const container = document.createElement('div')
  document.body.appendChild(container)
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
  const editor = new Editor({ store, shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils, tools: defaultTools, getContainer: () => container })
  editor.updateViewportScreenBounds(new Box(0, 0, 1000, 800))
  return editor
}

describe('registerAttribution', () => {
  it('stamps a new shape with this person as creator and last editor', () => {
    const editor = makeEditor()
    const stop = registerAttribution(editor, me, () => new Date('2026-12-04T10:00:00Z'))
    const id = createShapeId('mine')
    editor.createShapes([{ id, type: 'geo', x: 0, y: 0, props: { w: 10, h: 10 } }])
    const meta = (editor.getShape(id) as TLShape).meta as Record<string, { userId: string }>
    expect(meta['createdBy']?.userId).toBe('u-me')
    expect(meta['updatedBy']?.userId).toBe('u-me')
    stop()
    editor.dispose()
  })

  it("undoing the deletion of someone else's shape keeps its creator", () => {
    const editor = makeEditor()
    const id = createShapeId('theirs')
    // Their shape arrives from the server (a remote change: not stamped).
    editor.store.mergeRemoteChanges(() => {
      editor.createShapes([{ id, type: 'geo', x: 0, y: 0, props: { w: 10, h: 10 }, meta: { createdBy: { ...them }, createdAt: '2026-12-01T09:00:00.000Z', updatedBy: { ...them }, updatedAt: '2026-12-01T09:00:00.000Z' } }])
    })
    const stop = registerAttribution(editor, me, () => new Date('2026-12-04T10:00:00Z'))
    editor.markHistoryStoppingPoint('delete')
    editor.deleteShapes([id])
    expect(editor.getShape(id)).toBeUndefined()
    editor.undo()
    const meta = (editor.getShape(id) as TLShape).meta as Record<string, unknown>
    expect(meta['createdBy']).toEqual(them)
    expect(meta['createdAt']).toBe('2026-12-01T09:00:00.000Z')
    expect((meta['updatedBy'] as Author).userId).toBe('u-me')
    stop()
    editor.dispose()
  })
})
