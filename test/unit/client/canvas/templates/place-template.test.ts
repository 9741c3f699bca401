// @vitest-environment jsdom
/**
 * Template → tldraw shapes for every seed methodology: all shapes created with their origin in meta, children parented
 * to the frame, placed around the viewport centre, one undo removes everything; and the selection → template round trip.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  Editor,
  atom,
  createTLStore,
  defaultAddFontsFromNode,
  defaultBindingUtils,
  defaultShapeUtils,
  defaultTools,
  renderPlaintextFromRichText,
  tipTapDefaultExtensions,
  type TLShape,
} from '@tldraw/tldraw'
import { importMethodologyMarkdown } from '../../../../../shared/knowledge/markdown-io'
import { templateBounds, validateTemplate, type Template, type TemplateBox } from '../../../../../shared/knowledge/template'
import { findTemplateSpot, placeTemplate, readTemplateMeta, TEMPLATE_MARGIN, templateToShapes } from '../../../../../client/canvas/templates/place-template'
import { selectionToTemplate } from '../../../../../client/canvas/templates/selection-to-template'

const SEED_DIR = join(import.meta.dirname, '../../../../../server/knowledge/seed')

function seedMethods() {
  return readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const parsed = importMethodologyMarkdown(readFileSync(join(SEED_DIR, file), 'utf8'))
      if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`)
      return parsed.value
    })
}

const cleanups: (() => void)[] = []
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.()
})

function newEditor(): Editor {
  const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils, collaboration: { status: atom('status', 'online') } })
  const container = document.createElement('div')
  document.body.appendChild(container)
  const editor = new Editor({
    store,
    shapeUtils: defaultShapeUtils,
    bindingUtils: defaultBindingUtils,
    tools: defaultTools,
    getContainer: () => container,
    textOptions: { tipTapConfig: { extensions: tipTapDefaultExtensions }, addFontsFromNode: defaultAddFontsFromNode },
  })
  cleanups.push(() => {
    editor.dispose()
    container.remove()
  })
  return editor
}

const pageShapes = (editor: Editor): TLShape[] => [...editor.getCurrentPageShapeIds()].map((id) => editor.getShape(id)!).filter(Boolean)

const seeds = seedMethods()

describe('placeTemplate', () => {
  it('finds all 16 seed methodologies', () => {
    expect(seeds.length).toBeGreaterThanOrEqual(16)
  })

  for (const method of seeds) {
    it(`places "${method.slug}" as one undoable step, centred, inside its bounds`, () => {
      const editor = newEditor()
      const template = method.template as Template
      editor.setCamera({ x: -300, y: 150, z: 1 })
      const center = editor.getViewportPageBounds().center
      const placed = placeTemplate(editor, template, { slug: method.slug, version: 3 })

      const shapes = pageShapes(editor)
      expect(shapes).toHaveLength(template.shapes.length)
      expect(placed.shapeIds).toHaveLength(template.shapes.length)

      // Every shape remembers its method, version and key; keys cover the template exactly.
      const keys = shapes.map((s) => readTemplateMeta(s.meta))
      for (const meta of keys) expect(meta).toMatchObject({ slug: method.slug, version: 3 })
      expect(keys.map((m) => m!.key).sort()).toEqual(template.shapes.map((s) => s.key).sort())

      // Centred on the viewport centre.
      const bounds = templateBounds(template)
      expect(placed.pageBox.x + placed.pageBox.w / 2).toBeCloseTo(center.x, -1)
      expect(placed.pageBox.y + placed.pageBox.h / 2).toBeCloseTo(center.y, -1)
      expect(placed.pageBox.w).toBe(bounds.w)

      // Every shape's page position (its origin) lies inside the placed box; boxes and frames fit wholly.
      for (const shape of shapes) {
        const page = editor.getShapePageTransform(shape.id).point()
        expect(page.x).toBeGreaterThanOrEqual(placed.pageBox.x - 1)
        expect(page.y).toBeGreaterThanOrEqual(placed.pageBox.y - 1)
        expect(page.x).toBeLessThanOrEqual(placed.pageBox.x + placed.pageBox.w + 1)
        expect(page.y).toBeLessThanOrEqual(placed.pageBox.y + placed.pageBox.h + 1)
        if (shape.type === 'geo' || shape.type === 'frame') {
          const box = editor.getShapePageBounds(shape.id)!
          expect(box.maxX).toBeLessThanOrEqual(placed.pageBox.x + placed.pageBox.w + 1)
          expect(box.maxY).toBeLessThanOrEqual(placed.pageBox.y + placed.pageBox.h + 1)
        }
      }

      // Shapes inside the frame are its children.
      const frameKey = template.shapes.find((s) => s.type === 'frame')?.key
      if (frameKey) {
        const frame = shapes.find((s) => readTemplateMeta(s.meta)?.key === frameKey)!
        const children = shapes.filter((s) => s.parentId === frame.id)
        expect(children.length).toBeGreaterThan(0)
      }

      editor.undo()
      expect(pageShapes(editor)).toHaveLength(0)
      editor.redo()
      expect(pageShapes(editor)).toHaveLength(template.shapes.length)
    })
  }

  it('placing the same template twice makes distinct shapes', () => {
    const editor = newEditor()
    const kraljic = seeds.find((m) => m.slug === 'kraljic-portfolio-matrix')!
    placeTemplate(editor, kraljic.template, { slug: kraljic.slug, version: 1 })
    placeTemplate(editor, kraljic.template, { slug: kraljic.slug, version: 1 })
    expect(pageShapes(editor)).toHaveLength(kraljic.template.shapes.length * 2)
    editor.undo()
    expect(pageShapes(editor)).toHaveLength(kraljic.template.shapes.length)
  })

  it('puts label text in rich text, first line of a box label in bold', () => {
    const editor = newEditor()
    const kraljic = seeds.find((m) => m.slug === 'kraljic-portfolio-matrix')!
    const partials = templateToShapes(kraljic.template, { slug: kraljic.slug, version: 1 }, { origin: { x: 0, y: 0 }, pageId: editor.getCurrentPageId() })
    const quad = partials.find((p) => (p.meta as { template: { key: string } }).template.key === 'quad-tr')!
    const rich = (quad.props as { richText: Parameters<typeof renderPlaintextFromRichText>[1] }).richText
    expect(renderPlaintextFromRichText(editor, rich)).toContain('Strategic')
    expect(JSON.stringify(rich)).toContain('"bold"')
  })
})

const overlaps = (a: TemplateBox, b: TemplateBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
const pad = (b: TemplateBox, m: number): TemplateBox => ({ x: b.x - m, y: b.y - m, w: b.w + 2 * m, h: b.h + 2 * m })
const centreOf = (b: TemplateBox) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 })
const VIEWPORT: TemplateBox = { x: -200, y: 100, w: 1280, h: 720 }
const SIZE = { w: 400, h: 300 }

describe('findTemplateSpot', () => {
  it('centres on the viewport when nothing is there', () => {
    const spot = findTemplateSpot(SIZE, VIEWPORT, [])
    expect(spot.isNearViewport).toBe(true)
    expect(centreOf(spot.box)).toEqual(centreOf(VIEWPORT))
  })

  it('moves off cards in the middle of the view, keeping the margin, and stays near the view', () => {
    const cards: TemplateBox[] = [
      { x: 300, y: 350, w: 320, h: 200 },
      { x: 0, y: 400, w: 320, h: 200 },
      { x: 400, y: 150, w: 320, h: 200 },
    ]
    const spot = findTemplateSpot(SIZE, VIEWPORT, cards)
    expect(spot.isNearViewport).toBe(true)
    for (const card of cards) expect(overlaps(pad(spot.box, TEMPLATE_MARGIN), card)).toBe(false)
    const c = centreOf(spot.box)
    expect(c.x).toBeGreaterThanOrEqual(VIEWPORT.x)
    expect(c.x).toBeLessThanOrEqual(VIEWPORT.x + VIEWPORT.w)
    expect(c.y).toBeGreaterThanOrEqual(VIEWPORT.y)
    expect(c.y).toBeLessThanOrEqual(VIEWPORT.y + VIEWPORT.h)
  })

  it('goes beside the content when the view is full', () => {
    const wall: TemplateBox = { x: -1000, y: -1000, w: 4000, h: 3000 }
    const spot = findTemplateSpot(SIZE, VIEWPORT, [wall, { x: 3200, y: 0, w: 100, h: 100 }])
    expect(spot.isNearViewport).toBe(false)
    expect(spot.box.x).toBeGreaterThan(3300 + TEMPLATE_MARGIN)
    expect(centreOf(spot.box).y).toBe(centreOf(VIEWPORT).y)
  })

  it('never comes within the margin of an existing shape, near the view, whatever the shapes (property)', () => {
    const box = fc.record({ x: fc.integer({ min: -1500, max: 1500 }), y: fc.integer({ min: -1000, max: 1500 }), w: fc.integer({ min: 1, max: 900 }), h: fc.integer({ min: 1, max: 700 }) })
    fc.assert(
      fc.property(fc.array(box, { maxLength: 40 }), fc.record({ w: fc.integer({ min: 50, max: 1800 }), h: fc.integer({ min: 50, max: 1200 }) }), (obstacles, size) => {
        const spot = findTemplateSpot(size, VIEWPORT, obstacles)
        for (const o of obstacles) expect(overlaps(pad(spot.box, TEMPLATE_MARGIN), o)).toBe(false)
        expect(spot.box).toMatchObject(size)
        if (spot.isNearViewport) {
          const c = centreOf(spot.box)
          expect(Math.abs(c.x - centreOf(VIEWPORT).x)).toBeLessThanOrEqual(VIEWPORT.w / 2 + 1)
          expect(Math.abs(c.y - centreOf(VIEWPORT).y)).toBeLessThanOrEqual(VIEWPORT.h / 2 + 1)
        }
      }),
      { numRuns: 300, seed: 20261204 },
    )
  })

  it('is deterministic: same answer for the same shapes in any order', () => {
    const cards: TemplateBox[] = Array.from({ length: 12 }, (_, i) => ({ x: -200 + (i % 4) * 340, y: 120 + Math.floor(i / 4) * 230, w: 300, h: 180 }))
    const first = findTemplateSpot(SIZE, VIEWPORT, cards)
    expect(findTemplateSpot(SIZE, VIEWPORT, cards)).toEqual(first)
    expect(findTemplateSpot(SIZE, VIEWPORT, [...cards].reverse())).toEqual(first)
  })
})

describe('placeTemplate among existing work', () => {
  it('never covers existing shapes, selects the template, moves the camera to it, and one undo removes it all', () => {
    const editor = newEditor()
    editor.setCamera({ x: 0, y: 0, z: 1 })
    const view = editor.getViewportPageBounds()
    // Category cards across the middle of the view, as on a workshop board.
    for (let i = 0; i < 6; i++) {
      editor.createShape({ type: 'geo', x: view.x + 40 + (i % 3) * 330, y: view.center.y - 200 + Math.floor(i / 3) * 220, props: { w: 300, h: 180 } })
    }
    const existing = pageShapes(editor).map((s) => ({ id: s.id, box: editor.getShapePageBounds(s.id)! }))
    const kraljic = seeds.find((m) => m.slug === 'kraljic-portfolio-matrix')!
    const placed = placeTemplate(editor, kraljic.template, { slug: kraljic.slug, version: 1 }, { isFitting: true, animationMs: 0 })

    for (const id of placed.shapeIds) {
      const box = editor.getShapePageBounds(id)!
      for (const e of existing) expect(overlaps(box, e.box), `${id} over ${e.id}`).toBe(false)
    }
    const topLevel = placed.shapeIds.filter((id) => editor.getShape(id)!.parentId === editor.getCurrentPageId())
    expect(editor.getSelectedShapeIds().slice().sort()).toEqual(topLevel.slice().sort())
    const after = editor.getViewportPageBounds()
    expect(after.x).toBeLessThanOrEqual(placed.pageBox.x)
    expect(after.maxX).toBeGreaterThanOrEqual(placed.pageBox.x + placed.pageBox.w)

    editor.undo()
    expect(pageShapes(editor).map((s) => s.id).sort()).toEqual(existing.map((e) => e.id).sort())
  })

  it('keeps the template out from under a side panel, and fits it in the part of the view left visible', () => {
    const editor = newEditor()
    editor.setCamera({ x: 0, y: 0, z: 1 })
    const view = editor.getViewportPageBounds()
    const panelPx = Math.round(view.w / 3)
    const note = seeds.find((m) => m.template.shapes.length > 0 && templateBounds(m.template).w < view.w / 3)
    const small: Template = note?.template ?? { templateVersion: 1, shapes: [{ type: 'geo', key: 'g', geo: 'rectangle', x: 0, y: 0, w: 100, h: 80, text: '', color: 'black', fill: 'none', dash: 'solid' }] } as unknown as Template
    const placed = placeTemplate(editor, small, { slug: 'small', version: 1 }, { isFitting: true, animationMs: 0, obscuredRightPx: panelPx })
    expect(placed.pageBox.x + placed.pageBox.w).toBeLessThanOrEqual(view.maxX - panelPx + 1)
    const kraljic = seeds.find((m) => m.slug === 'kraljic-portfolio-matrix')!
    const big = placeTemplate(editor, kraljic.template, { slug: kraljic.slug, version: 1 }, { isFitting: true, animationMs: 0, obscuredRightPx: panelPx })
    const after = editor.getViewportPageBounds()
    const visibleMaxX = after.maxX - panelPx / editor.getZoomLevel()
    expect(big.pageBox.x).toBeGreaterThanOrEqual(after.x)
    expect(big.pageBox.x + big.pageBox.w).toBeLessThanOrEqual(visibleMaxX + 1)
  })

  it('places the same template twice without overlap', () => {
    const editor = newEditor()
    const kraljic = seeds.find((m) => m.slug === 'kraljic-portfolio-matrix')!
    const a = placeTemplate(editor, kraljic.template, { slug: kraljic.slug, version: 1 })
    const b = placeTemplate(editor, kraljic.template, { slug: kraljic.slug, version: 1 })
    expect(overlaps(a.pageBox, b.pageBox)).toBe(false)
  })
})

describe('selectionToTemplate', () => {
  for (const method of seeds) {
    it(`round-trips "${method.slug}" through the board`, () => {
      const editor = newEditor()
      const template = method.template
      const placed = placeTemplate(editor, template, { slug: method.slug, version: 1 })
      const result = selectionToTemplate(editor, placed.shapeIds)
      if (!result.ok) throw new Error(result.error.message)
      expect(result.skipped).toEqual([])
      expect(validateTemplate(result.template).ok).toBe(true)
      expect(result.template.shapes).toHaveLength(template.shapes.length)
      // Keys survive, and so do texts, colours and geometry of boxes (relative to the top-left).
      const original = new Map(template.shapes.map((s) => [s.key, s]))
      const origin = templateBounds(template)
      for (const shape of result.template.shapes) {
        const before = original.get(shape.key)!
        expect(shape.type).toBe(before.type)
        if (shape.type === 'geo' && before.type === 'geo') {
          expect(shape.text).toBe(before.text)
          expect(shape.color).toBe(before.color)
          expect({ w: shape.w, h: shape.h }).toEqual({ w: before.w, h: before.h })
        }
        if (shape.type === 'frame' && before.type === 'frame') {
          expect(shape.name).toBe(before.name)
          expect({ x: shape.x, y: shape.y }).toEqual({ x: before.x - origin.x, y: before.y - origin.y })
        }
        if (shape.type === 'note' && before.type === 'note') expect(shape.text).toBe(before.text)
      }
    })
  }

  it('skips unsupported shapes and says why', () => {
    const editor = newEditor()
    editor.createShape({ type: 'geo', x: 10, y: 20, props: { w: 100, h: 50, geo: 'ellipse' } })
    editor.createShape({ type: 'line', x: 0, y: 0 })
    const result = selectionToTemplate(editor, [...editor.getCurrentPageShapeIds()])
    expect(result.ok).toBe(true)
    expect(result.skipped.map((s) => s.type)).toEqual(['line'])
    if (result.ok) expect(result.template.shapes[0]).toMatchObject({ type: 'geo', geo: 'ellipse', x: 0, y: 0, w: 100, h: 50, key: 'geo-1' })
  })

  it('refuses an empty selection with a clear message', () => {
    const editor = newEditor()
    const result = selectionToTemplate(editor, [])
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/Select at least one/)
  })
})
