/**
 * Stamp attribution on every shape this person creates or changes, through tldraw's before-create/before-change
 * side effects. Only changes with source 'user' are stamped: remote changes arrive through `mergeRemoteChanges`
 * (source 'remote') and already carry their author. The server refuses a shape whose `meta.updatedBy` names
 * anyone but the writer, so this must run for every local shape change.
 */
import type { Editor, TLShape } from '@tldraw/tldraw'
import { stampCreated, stampUpdated, type Author } from './attribution'

export function registerAttribution(editor: Editor, author: Author, now: () => Date = () => new Date()): () => void {
  const stopCreate = editor.sideEffects.registerBeforeCreateHandler('shape', (shape, source) => {
    if (source !== 'user') return shape
    return { ...shape, meta: stampCreated(shape.meta, author, now().toISOString()) } as TLShape
  })
  const stopChange = editor.sideEffects.registerBeforeChangeHandler('shape', (prev, next, source) => {
    if (source !== 'user') return next
    return { ...next, meta: stampUpdated(prev.meta, next.meta, author, now().toISOString()) } as TLShape
  })
  return () => {
    stopCreate()
    stopChange()
  }
}
