// @vitest-environment jsdom
/**
 * Template → tldraw shapes for every seed methodology: all shapes created with their origin in meta, children parented
 * to the frame, placed around the viewport centre, one undo removes everything; and the selection → template round trip.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
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
import { templateBounds, validateTemplate, type Template } from '../../../../../shared/knowledge/template'
import { placeTemplate, readTemplateMeta, templateToShapes } from '../../../../../client/canvas/templates/place-template'
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
