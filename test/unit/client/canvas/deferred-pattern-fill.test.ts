// @vitest-environment jsdom
/**
 * The pattern-fill definitions of tldraw's geo, draw and arrow shapes are mounted once the browser is idle, not with
 * the canvas; everything else about those shapes stays tldraw's.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { act, createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { ArrowShapeUtil, DrawShapeUtil, GeoShapeUtil, type TLShapeUtilCanvasSvgDef } from '@tldraw/tldraw'
import {
  DEFERRED_FILL_SHAPE_UTILS,
  DeferredFillGeoShapeUtil,
  deferCanvasSvgDefs,
  deferUntilIdle,
} from '../../../../client/canvas/deferred-pattern-fill'
import { waitFor } from '../wait-for'

// reason: tells React 19 that act() is used on purpose in this (jsdom) test environment
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

describe('deferred pattern fill', () => {
  it('replaces exactly the geo, draw and arrow utils, keeping their types and props', () => {
    expect(DEFERRED_FILL_SHAPE_UTILS.map((u) => u.type)).toEqual([GeoShapeUtil.type, DrawShapeUtil.type, ArrowShapeUtil.type])
    expect(DeferredFillGeoShapeUtil.props).toBe(GeoShapeUtil.props)
    expect(DeferredFillGeoShapeUtil.migrations).toBe(GeoShapeUtil.migrations)
  })

  it('keeps the keys and gives each original component one stable deferred wrapper', () => {
    const Original = () => null
    const defs: TLShapeUtilCanvasSvgDef[] = [{ key: 'fill', component: Original }]
    const [a] = deferCanvasSvgDefs(defs)
    const [b] = deferCanvasSvgDefs(defs)
    expect(a!.key).toBe('fill')
    expect(a!.component).not.toBe(Original)
    expect(a!.component).toBe(b!.component)
    expect(deferUntilIdle(Original)).toBe(a!.component)
  })

  it('renders nothing at first and the original once the browser is idle', async () => {
    const host = document.createElement('div')
    document.body.appendChild(host)
    const root = createRoot(host)
    cleanups.push(() => {
      act(() => root.unmount())
      host.remove()
    })
    const Pattern = () => createElement('span', { className: 'pattern' })
    act(() => root.render(createElement(deferUntilIdle(Pattern))))
    expect(host.querySelector('.pattern')).toBeNull()
    await waitFor(() => {
      act(() => undefined)
      return host.querySelector('.pattern') !== null
    }, 3000)
  })
})
