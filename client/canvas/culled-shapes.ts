/**
 * Which shapes are off screen, told to each watcher of a shape when it changes. One reaction follows tldraw's culled
 * set (`editor.getCulledShapes()`) and calls only the watchers of shapes whose state flipped, so panning a
 * 5,000-shape board costs a walk over two sets, not 5,000 subscriptions. `CullingShapeWrapper` uses it to leave out
 * the content of shapes nobody can see.
 */
import { react, type Signal } from '@tldraw/tldraw'

/**
 * Pages with more shapes than this render only the content of on-screen shapes. Smaller pages keep tldraw's own
 * behaviour (every shape's content mounted, off-screen ones hidden): mounting it all costs little there, panning
 * then never has to mount anything, and off-screen shapes stay in the DOM for tools that look for them.
 */
export const CULL_CONTENT_ABOVE_SHAPES = 200

const NOTHING_CULLED: ReadonlySet<string> = new Set()

/** The shapes whose content to leave out: tldraw's culled set on a large page, none on a small one. */
export function contentCulledShapes(pageShapeCount: number, culled: ReadonlySet<string>): ReadonlySet<string> {
  return pageShapeCount > CULL_CONTENT_ABOVE_SHAPES ? culled : NOTHING_CULLED
}

/** Told whether its shape is culled: once when it starts watching, then on every change. */
export type CulledListener = (isCulled: boolean) => void

export interface CullingTracker {
  /** Whether the shape is culled right now (as of the last culled set the reaction saw). */
  isCulled(id: string): boolean
  /**
   * Tell `listener` whether shape `id` is culled, now and on every change, until the returned function is called.
   * Several listeners may watch the same shape (a shape and its background).
   */
  watch(id: string, listener: CulledListener): () => void
  /** Stop following the culled set. */
  dispose(): void
}

/**
 * Follow a culled-set signal. tldraw returns the same Set object while the contents are unchanged, so an unchanged
 * set is recognised by identity and costs nothing.
 */
export function createCullingTracker($culled: Signal<ReadonlySet<string>>): CullingTracker {
  const listeners = new Map<string, Set<CulledListener>>()
  let current: ReadonlySet<string> = new Set()
  let isDisposed = false

  const tell = (id: string, isCulled: boolean) => {
    const set = listeners.get(id)
    if (set) for (const listener of set) listener(isCulled)
  }

  const stop = react('culled shapes → shape watchers', () => {
    const next = $culled.get()
    if (next === current) return
    const prev = current
    current = next
    if (listeners.size === 0) return
    for (const id of prev) if (!next.has(id)) tell(id, false)
    for (const id of next) if (!prev.has(id)) tell(id, true)
  })

  return {
    isCulled: (id) => current.has(id),
    watch(id, listener) {
      let set = listeners.get(id)
      if (!set) {
        set = new Set()
        listeners.set(id, set)
      }
      set.add(listener)
      listener(current.has(id))
      return () => {
        const watching = listeners.get(id)
        if (!watching) return
        watching.delete(listener)
        if (watching.size === 0) listeners.delete(id)
      }
    },
    dispose() {
      if (isDisposed) return
      isDisposed = true
      stop()
      listeners.clear()
    },
  }
}
