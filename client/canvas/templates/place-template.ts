/**
 * Template → tldraw: turns a validated knowledge-base `Template` into tldraw shape partials and places them on the
 * board, centred on the view, as one undoable step. Placed shapes remember their method in `meta.template`.
 */
import {
  createShapeId,
  toRichText,
  type Editor,
  type TLArrowShape,
  type TLFrameShape,
  type TLGeoShape,
  type TLNoteShape,
  type TLRichText,
  type TLShapeId,
  type TLShapePartial,
  type TLTextShape,
} from '@tldraw/tldraw'
import { templateBounds, shapeBounds, type Template, type TemplateBox, type TemplateFrame, type TemplateShape } from '../../../shared/knowledge/template'

/** Where a placed shape came from: stored in `shape.meta.template`. */
export interface TemplateOrigin {
  readonly slug: string
  readonly version: number
}

/** The meta every placed shape carries. */
export interface TemplateShapeMeta extends TemplateOrigin {
  readonly key: string
}

/** Reads `meta.template` from a shape's meta, or null when the shape did not come from a template. */
export function readTemplateMeta(meta: unknown): TemplateShapeMeta | null {
  const value = (meta as { template?: unknown } | null | undefined)?.template as Partial<TemplateShapeMeta> | undefined
  if (!value || typeof value.slug !== 'string' || typeof value.version !== 'number' || typeof value.key !== 'string') return null
  return { slug: value.slug, version: value.version, key: value.key }
}

/**
 * Label text as rich text. A multi-line geo label whose first line is a short heading (the seed templates' "Leverage\n…")
 * gets that line in bold, so quadrant names read at a glance; everything else is plain paragraphs.
 */
export function labelRichText(text: string, isFirstLineBold: boolean): TLRichText {
  const lines = text.split('\n')
  if (!isFirstLineBold || lines.length < 2 || (lines[0] ?? '').length > 60 || (lines[0] ?? '') === '') return toRichText(text)
  const rich = toRichText(text)
  const first = rich.content[0] as { content?: { type: string; text: string; marks?: { type: string }[] }[] } | undefined
  for (const node of first?.content ?? []) node.marks = [{ type: 'bold' }]
  return rich
}

function isInside(inner: TemplateBox, outer: TemplateBox): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h
}

/** The innermost (smallest) frame that wholly holds `shape`, if any. */
function containingFrame(shape: TemplateShape, frames: readonly TemplateFrame[]): TemplateFrame | null {
  if (shape.type === 'frame') return null
  const box = shapeBounds(shape)
  let best: TemplateFrame | null = null
  for (const frame of frames) {
    if (isInside(box, frame) && (!best || frame.w * frame.h < best.w * best.h)) best = frame
  }
  return best
}

/** Options for `templateToShapes`. */
export interface TemplateToShapesOptions {
  /** Page point where the template's top-left lands. */
  readonly origin: { readonly x: number; readonly y: number }
  /** Page the shapes go on (ids of top-level shapes' parent). */
  readonly pageId: TLShapePartial['parentId']
  /** Id factory (tests may inject deterministic ids). */
  readonly createId?: () => TLShapeId
}

/**
 * Pure conversion: template shapes → tldraw shape partials, frames first so children can be parented to them.
 * Shapes wholly inside a frame become its children with frame-relative coordinates; others sit on the page.
 */
export function templateToShapes(template: Template, from: TemplateOrigin, options: TemplateToShapesOptions): TLShapePartial[] {
  const newId = options.createId ?? (() => createShapeId())
  const bounds = templateBounds(template)
  const frames = template.shapes.filter((s): s is TemplateFrame => s.type === 'frame')
  const ids = new Map<string, TLShapeId>(template.shapes.map((s) => [s.key, newId()]))
  const idOf = (key: string): TLShapeId => ids.get(key) as TLShapeId
  // Template coordinates are relative to the template's own top-left, which may not be (0, 0).
  const pageX = (x: number) => options.origin.x + (x - bounds.x)
  const pageY = (y: number) => options.origin.y + (y - bounds.y)

  const ordered = [...frames.slice().sort((a, b) => b.w * b.h - a.w * a.h), ...template.shapes.filter((s) => s.type !== 'frame')]
  const out: TLShapePartial[] = []
  for (const shape of ordered) {
    const meta = { template: { slug: from.slug, version: from.version, key: shape.key } }
    const parent = shape.type === 'frame' ? frames.filter((f) => f !== shape && isInside(shape, f)).sort((a, b) => a.w * a.h - b.w * b.h)[0] ?? null : containingFrame(shape, frames)
    const parentId = parent ? idOf(parent.key) : options.pageId
    const place = (x: number, y: number) => (parent ? { x: x - parent.x, y: y - parent.y } : { x: pageX(x), y: pageY(y) })
    const id = idOf(shape.key)
    switch (shape.type) {
      case 'frame':
        out.push({ id, type: 'frame', parentId, ...place(shape.x, shape.y), meta, props: { w: shape.w, h: shape.h, name: shape.name } } satisfies TLShapePartial<TLFrameShape>)
        break
      case 'geo':
        out.push({
          id,
          type: 'geo',
          parentId,
          ...place(shape.x, shape.y),
          meta,
          props: {
            geo: shape.geo,
            w: shape.w,
            h: shape.h,
            richText: labelRichText(shape.text, true),
            color: shape.color,
            fill: shape.fill,
            dash: shape.dash,
            size: shape.size ?? 'm',
            align: shape.align ?? 'middle',
            verticalAlign: shape.verticalAlign ?? 'middle',
            font: shape.font ?? 'draw',
          },
        } satisfies TLShapePartial<TLGeoShape>)
        break
      case 'text':
        out.push({
          id,
          type: 'text',
          parentId,
          ...place(shape.x, shape.y),
          meta,
          props: {
            richText: toRichText(shape.text),
            size: shape.size,
            textAlign: shape.align,
            color: shape.color ?? 'black',
            font: shape.font ?? 'draw',
            ...(shape.w === undefined ? { autoSize: true } : { autoSize: false, w: shape.w }),
          },
        } satisfies TLShapePartial<TLTextShape>)
        break
      case 'note':
        out.push({
          id,
          type: 'note',
          parentId,
          ...place(shape.x, shape.y),
          meta,
          props: { richText: toRichText(shape.text), color: shape.color, size: shape.size ?? 'm', font: shape.font ?? 'draw' },
        } satisfies TLShapePartial<TLNoteShape>)
        break
      case 'arrow': {
        // The arrow's origin is its start point; start/end are in the arrow's own space.
        out.push({
          id,
          type: 'arrow',
          parentId,
          ...place(shape.x1, shape.y1),
          meta,
          props: {
            start: { x: 0, y: 0 },
            end: { x: shape.x2 - shape.x1, y: shape.y2 - shape.y1 },
            color: shape.color,
            dash: shape.dash ?? 'solid',
            size: shape.size ?? 'm',
            richText: toRichText(shape.text ?? ''),
          },
        } satisfies TLShapePartial<TLArrowShape>)
        break
      }
    }
  }
  return out
}

/** What `placeTemplate` did. */
export interface PlacedTemplate {
  /** Every created shape id, in creation order. */
  readonly shapeIds: readonly TLShapeId[]
  /** The page box the template was placed in (estimated from the template; text is measured by tldraw). */
  readonly pageBox: TemplateBox
}

/**
 * Places `template` so its bounds are centred on the current viewport centre, in ONE undoable step (one history
 * stopping point), selects the top-level shapes, and — when `isFitting` — zooms this user's camera out to show it all.
 * The shapes are ordinary records in the synced store, so everyone on the board sees them at once.
 */
export function placeTemplate(editor: Editor, template: Template, from: TemplateOrigin, options: { isFitting?: boolean } = {}): PlacedTemplate {
  const bounds = templateBounds(template)
  const center = editor.getViewportPageBounds().center
  const origin = { x: Math.round(center.x - bounds.w / 2), y: Math.round(center.y - bounds.h / 2) }
  const partials = templateToShapes(template, from, { origin, pageId: editor.getCurrentPageId() })
  const shapeIds = partials.map((p) => p.id)
  editor.markHistoryStoppingPoint(`place template ${from.slug}`)
  editor.run(() => {
    editor.createShapes(partials)
    const topLevel = partials.filter((p) => p.parentId === editor.getCurrentPageId()).map((p) => p.id)
    editor.select(...topLevel)
  })
  const pageBox = { x: origin.x, y: origin.y, w: bounds.w, h: bounds.h }
  if (options.isFitting) {
    const viewport = editor.getViewportPageBounds()
    if (bounds.w > viewport.w || bounds.h > viewport.h) {
      editor.zoomToBounds({ x: pageBox.x - 40, y: pageBox.y - 40, w: pageBox.w + 80, h: pageBox.h + 80 }, { animation: { duration: 220 } })
    }
  }
  return { shapeIds, pageBox }
}
