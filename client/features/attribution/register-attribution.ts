/**
 * Stamp attribution on every shape this person creates or changes, through tldraw's before-create/before-change
 * side effects. Only changes with source 'user' are stamped: remote changes arrive through `mergeRemoteChanges`
 * (source 'remote') and already carry their author. The server refuses a shape whose `meta.updatedBy` names
 * anyone but the writer, a new shape naming someone else as its creator, and any change of creator, so this must
 * run for every local shape change.
 */
import type { Editor, TLShape } from '@tldraw/tldraw'
import { stampCreated, stampUpdated, type Author } from './attribution'

export function registerAttribution(editor: Editor, author: Author, now: () => Date = () => new Date()): () => void {
  // Shapes deleted while this editor is open. One of them created again (an undo of the delete, a redo of its
  // creation) is a shape coming back as it was: it keeps its creator, as the server requires (a shape's creator never
  // changes, server/http/attribution-policy.ts); only the last editor is ours. New shapes always get new ids.
  const deleted = new Set<string>()
  const stopDelete = editor.sideEffects.registerBeforeDeleteHandler('shape', (shape) => {
    deleted.add(shape.id)
  })
  const stopCreate = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user') return shape
    if (deleted.has(shape.id)) return { ...shape, meta: stampUpdated(shape.meta, shape.meta, author, now().toISOString()) } as TLShape
    return { ...shape, meta: stampCreated(shape.meta, author, now().toISOString()) } as TLShape
  })
  const stopChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    if (source !== 'user') return next
    return { ...next, meta: stampUpdated(prev.meta, next.meta, author, now().toISOString()) } as TLShape
  })
  return () => {
    stopDelete()
    stopCreate()
    stopChange()
  }
}
