/**
 * tldraw's geo, draw and arrow shapes put a pattern-fill definition on the canvas that draws the hatching tiles for
 * every zoom level up to 256× (canvases up to 2,048 px square, PNG-encoded) as soon as the canvas mounts: 100–200 ms
 * of main thread on the way to an open board where the browser renders in software. These subclasses hand tldraw
 * the same definitions, mounted once the browser is idle after the board has opened; until then (a fraction of a
 * second) a shape with the pattern fill shows no hatching. Nothing else about the shapes changes.
 */
import { useEffect, useState, type ComponentType } from 'react'
import { ArrowShapeUtil, DrawShapeUtil, GeoShapeUtil, type TLShapeUtilCanvasSvgDef } from '@tldraw/tldraw'

/** Run `callback` when the browser is idle (at most `timeoutMs` later); returns the cancel. */
export function whenIdle(callback: () => void, timeoutMs = 2000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, { timeout: timeoutMs })
    return () => cancelIdleCallback(handle)
  }
  const handle = setTimeout(callback, 200)
  return () => clearTimeout(handle)
}

const deferredByOriginal = new WeakMap<ComponentType, ComponentType>()

/** The same component, rendered only once the browser has been idle. One wrapper per component, so keys stay stable. */
export function deferUntilIdle(Component: ComponentType): ComponentType {
  let Deferred = deferredByOriginal.get(Component)
  if (!Deferred) {
    Deferred = function DeferredUntilIdle() {
      const [isIdle, setIsIdle] = useState(false)
      useEffect(() => whenIdle(() => setIsIdle(true)), [])
      return isIdle ? <Component /> : null
    }
    deferredByOriginal.set(Component, Deferred)
  }
  return Deferred
}

export function deferCanvasSvgDefs(defs: TLShapeUtilCanvasSvgDef[]): TLShapeUtilCanvasSvgDef[] {
  return defs.map((def) => ({ key: def.key, component: deferUntilIdle(def.component) }))
}

export class DeferredFillGeoShapeUtil extends GeoShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return deferCanvasSvgDefs(super.getCanvasSvgDefs())
  }
}

export class DeferredFillDrawShapeUtil extends DrawShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return deferCanvasSvgDefs(super.getCanvasSvgDefs())
  }
}

export class DeferredFillArrowShapeUtil extends ArrowShapeUtil {
  override getCanvasSvgDefs(): TLShapeUtilCanvasSvgDef[] {
    return deferCanvasSvgDefs(super.getCanvasSvgDefs())
  }
}

/** Replace tldraw's geo, draw and arrow utils (same types, props and migrations) in `<Tldraw shapeUtils>`. */
export const DEFERRED_FILL_SHAPE_UTILS = [DeferredFillGeoShapeUtil, DeferredFillDrawShapeUtil, DeferredFillArrowShapeUtil]
