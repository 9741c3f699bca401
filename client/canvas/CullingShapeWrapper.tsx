/**
 * tldraw's shape wrapper, minus the content of shapes that are off screen on large pages. tldraw 5 mounts every shape
 * of the page and only hides the culled ones (`display: none`), so opening a board renders, commits and runs the
 * effects of the content of all of them: for a 5,000-shape board that was most of the time to open it. On a page of
 * more than CULL_CONTENT_ABOVE_SHAPES shapes a culled shape keeps its (empty, hidden) container, which tldraw still
 * positions and hides, and its content is rendered when it comes into view. Selected shapes and the shape being edited are never culled (tldraw's rule), so editing is unaffected.
 * Kept lean on purpose: it runs once per shape on the page.
 */
import { forwardRef, useEffect, useState, type Ref } from 'react'
import { computed, DefaultShapeWrapper, useEditor, type Editor, type TLShapeWrapperProps } from '@tldraw/tldraw'
import { contentCulledShapes, createCullingTracker, type CullingTracker } from './culled-shapes'

const trackers = new WeakMap<Editor, CullingTracker>()

/** One tracker per editor, disposed with it. */
function trackerFor(editor: Editor): CullingTracker {
  let tracker = trackers.get(editor)
  if (!tracker) {
    const created = createCullingTracker(
      computed('shapes with content left out', () => contentCulledShapes(editor.getCurrentPageShapeIds().size, editor.getCulledShapes())),
    )
    editor.disposables.add(() => {
      created.dispose()
      trackers.delete(editor)
    })
    trackers.set(editor, created)
    tracker = created
  }
  return tracker
}

export const CullingShapeWrapper = forwardRef(function CullingShapeWrapper({ children, ...props }: TLShapeWrapperProps, ref: Ref<HTMLDivElement>) {
  const editor = useEditor()
  const id = props.shape.id
  const tracker = trackerFor(editor)
  const [isCulled, setIsCulled] = useState(() => tracker.isCulled(id))
  // Registers after paint; `watch` reports the state at that moment, so nothing that happened in between is missed.
  useEffect(() => tracker.watch(id, setIsCulled), [tracker, id])
  // A util that hands tldraw an element it owns (getAppOwnedElement) must keep its slot mounted.
  const keepsContent = editor.getShapeUtil(props.shape).getAppOwnedElement !== undefined
  return (
    <DefaultShapeWrapper ref={ref} {...props}>
      {isCulled && !keepsContent ? null : children}
    </DefaultShapeWrapper>
  )
})
