// @vitest-environment jsdom
/**
 * Off-screen shapes: the culling tracker follows tldraw's culled set and tells only the watchers of shapes that changed,
 * and the shape wrapper leaves out the content of culled shapes (a 5,000-shape board must not render 5,000 shapes).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import {
  Box,
  Editor,
  EditorContext,
  atom,
  createShapeId,
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  defaultTools,
  type TLShape,
} from '@tldraw/tldraw'
import { CULL_CONTENT_ABOVE_SHAPES, contentCulledShapes, createCullingTracker } from '../../../../client/canvas/culled-shapes'
import { CullingShapeWrapper } from '../../../../client/canvas/CullingShapeWrapper'

// reason: tells React 19 that act() is used on purpose in this (jsdom) test environment
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

/** A listener that records what it is told. */
function recorder(): { calls: boolean[]; listener: (isCulled: boolean) => void } {
  const calls: boolean[] = []
  return { calls, listener: (isCulled) => calls.push(isCulled) }
}

describe('createCullingTracker', () => {
  it('tells a watcher the current state at once, then each time its shape leaves or enters the view', () => {
    const $culled = atom<ReadonlySet<string>>('culled', new Set(['a']))
    const tracker = createCullingTracker($culled)
    cleanups.push(() => tracker.dispose())
    const a = recorder()
    const b = recorder()
    cleanups.push(tracker.watch('a', a.listener), tracker.watch('b', b.listener))
    expect([a.calls, b.calls]).toEqual([[true], [false]])

    $culled.set(new Set(['b']))
    expect([a.calls, b.calls]).toEqual([[true, false], [false, true]])
    expect(tracker.isCulled('b')).toBe(true)
  })

  it('tells only the watchers of shapes whose state changed', () => {
    const $culled = atom<ReadonlySet<string>>('culled', new Set(['a', 'b']))
    const tracker = createCullingTracker($culled)
    cleanups.push(() => tracker.dispose())
    const [a, b, c] = ['a', 'b', 'c'].map((id) => {
      const r = recorder()
      cleanups.push(tracker.watch(id, r.listener))
      return r
    })

    $culled.set(new Set(['a', 'c']))
    expect([a!.calls, b!.calls, c!.calls]).toEqual([[true], [true, false], [false, true]])
    // The same Set object again (tldraw's cache for unchanged contents) costs nothing.
    $culled.set($culled.get())
    $culled.set(new Set(['a', 'c']))
    expect([a!.calls, b!.calls, c!.calls]).toEqual([[true], [true, false], [false, true]])
  })

  it('stops telling a watcher after unwatch, and everyone after dispose', () => {
    const $culled = atom<ReadonlySet<string>>('culled', new Set())
    const tracker = createCullingTracker($culled)
    const a = recorder()
    const unwatch = tracker.watch('a', a.listener)
    unwatch()
    $culled.set(new Set(['a']))
    expect(a.calls).toEqual([false])
    expect(tracker.isCulled('a')).toBe(true)

    const again = recorder()
    tracker.watch('a', again.listener)
    tracker.dispose()
    $culled.set(new Set())
    expect(again.calls).toEqual([true])
  })

  it('lets two watchers (a shape and its background) follow the same shape', () => {
    const $culled = atom<ReadonlySet<string>>('culled', new Set())
    const tracker = createCullingTracker($culled)
    cleanups.push(() => tracker.dispose())
    const front = recorder()
    const back = recorder()
    cleanups.push(tracker.watch('a', front.listener))
    const unwatchBack = tracker.watch('a', back.listener)
    $culled.set(new Set(['a']))
    unwatchBack()
    $culled.set(new Set())
    expect([front.calls, back.calls]).toEqual([[false, true, false], [false, true]])
  })
})

describe('contentCulledShapes', () => {
  it('leaves out content only on pages with more shapes than the limit', () => {
    const culled = new Set(['a', 'b'])
    expect(contentCulledShapes(CULL_CONTENT_ABOVE_SHAPES, culled).size).toBe(0)
    expect(contentCulledShapes(CULL_CONTENT_ABOVE_SHAPES + 1, culled)).toBe(culled)
  })
})

describe('CullingShapeWrapper', () => {
  /** An editor with a shape in view, one far away, and `filler` more far away (to make the page large). */
  function setup(filler = CULL_CONTENT_ABOVE_SHAPES) {
    const container = document.createElement('div')
    document.body.appendChild(container)
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    const editor = new Editor({ store, shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils, tools: defaultTools, getContainer: () => container })
    editor.updateViewportScreenBounds(new Box(0, 0, 1000, 800))
    const near = createShapeId('near')
    const far = createShapeId('far')
    editor.createShapes([
      { id: near, type: 'geo', x: 100, y: 100, props: { w: 100, h: 100 } },
      { id: far, type: 'geo', x: 50_000, y: 50_000, props: { w: 100, h: 100 } },
      ...Array.from({ length: filler }, (_, i) => ({ type: 'geo' as const, x: -50_000 - i * 200, y: -50_000, props: { w: 100, h: 100 } })),
    ])
    editor.selectNone()
    const host = document.createElement('div')
    container.appendChild(host)
    const root = createRoot(host)
    cleanups.push(() => {
      act(() => root.unmount())
      editor.dispose()
      container.remove()
    })
    const render = (shapes: TLShape[]) =>
      act(() =>
        root.render(
          createElement(
            EditorContext.Provider,
            { value: editor },
            shapes.map((shape) =>
              createElement(CullingShapeWrapper, { key: shape.id, shape, isBackground: false, children: createElement('span', { className: 'content' }, shape.id) }),
            ),
          ),
        ),
      )
    const content = (id: string) => host.querySelector(`[data-shape-id="${id}"] .content`)
    return { editor, near, far, render, content, host }
  }

  it('renders the content of visible shapes only, and renders it once a shape comes into view', () => {
    const { editor, near, far, render, content } = setup()
    render([editor.getShape(near)!, editor.getShape(far)!])
    expect(content(near)).not.toBeNull()
    expect(content(far)).toBeNull()
    // The container is still there for tldraw to position and hide.
    expect(document.querySelector(`[data-shape-id="${far}"]`)).not.toBeNull()

    act(() => {
      editor.centerOnPoint({ x: 50_050, y: 50_050 }, { immediate: true })
    })
    expect(content(far)).not.toBeNull()
    expect(content(near)).toBeNull()
  })

  it('keeps the content of every shape on a small page, as tldraw does', () => {
    const { editor, near, far, render, content } = setup(0)
    render([editor.getShape(near)!, editor.getShape(far)!])
    expect(content(near)).not.toBeNull()
    expect(content(far)).not.toBeNull()
  })

  it('renders off-screen content again once the page shrinks below the limit', () => {
    const { editor, near, far, render, content } = setup()
    render([editor.getShape(near)!, editor.getShape(far)!])
    expect(content(far)).toBeNull()
    act(() => {
      const filler = editor.getCurrentPageShapes().filter((s) => s.id !== near && s.id !== far)
      editor.deleteShapes(filler.slice(0, 10).map((s) => s.id))
    })
    expect(content(far)).not.toBeNull()
  })

  it('always renders a selected shape, even off screen (tldraw never culls the selection)', () => {
    const { editor, far, render, content } = setup()
    act(() => {
      editor.select(far)
    })
    render([editor.getShape(far)!])
    expect(content(far)).not.toBeNull()
  })
})
