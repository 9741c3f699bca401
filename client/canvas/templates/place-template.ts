/**
 * Template → tldraw: turns a validated knowledge-base `Template` into tldraw shape partials and places them on the
 * board in free space near the view (never over existing shapes), as one undoable step. Placed shapes remember their method in `meta.template`.
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

/** Gap kept between a placed template and any existing shape, in page units. */
export const TEMPLATE_MARGIN = 48

/** Grid steps per viewport side when searching for free space: fine enough to find gaps, cheap enough for 1,000 shapes. */
const SEARCH_STEPS_PER_SIDE = 24

/** Where `findTemplateSpot` put a rectangle. */
export interface FreeSpot {
  /** The rectangle's page box (top-left on whole page units). */
  readonly box: TemplateBox
  /** True when the spot was found around the viewport; false when the viewport had no room and it went beside the content. */
  readonly isNearViewport: boolean
}

function overlaps(a: TemplateBox, b: TemplateBox): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

/**
 * Finds where a `size` rectangle can go without coming within `margin` of any `obstacles` box (existing shapes' page
 * bounds). Searches outward from the viewport centre on a grid over the viewport (nearest candidate first, ties broken
 * by row then column, so the answer is deterministic); when no candidate centre inside the viewport is free, places
 * the rectangle just right of all existing content, level with the viewport centre, which is always free.
 */
export function findTemplateSpot(size: { readonly w: number; readonly h: number }, viewport: TemplateBox, obstacles: readonly TemplateBox[], margin = TEMPLATE_MARGIN): FreeSpot {
  const cx = viewport.x + viewport.w / 2
  const cy = viewport.y + viewport.h / 2
  const boxAt = (centreX: number, centreY: number): TemplateBox => ({ x: Math.round(centreX - size.w / 2), y: Math.round(centreY - size.h / 2), w: size.w, h: size.h })
  const padded = (b: TemplateBox): TemplateBox => ({ x: b.x - margin, y: b.y - margin, w: b.w + 2 * margin, h: b.h + 2 * margin })
  // Only obstacles that a candidate can touch matter.
  const reach = padded({ x: viewport.x - size.w / 2, y: viewport.y - size.h / 2, w: viewport.w + size.w, h: viewport.h + size.h })
  const near = obstacles.filter((o) => overlaps(o, reach))
  const isFree = (b: TemplateBox) => !near.some((o) => overlaps(padded(b), o))

  const step = Math.max(8, Math.min(viewport.w, viewport.h) / SEARCH_STEPS_PER_SIDE)
  const nx = Math.floor(viewport.w / 2 / step)
  const ny = Math.floor(viewport.h / 2 / step)
  const candidates: { i: number; j: number; d: number }[] = []
  for (let j = -ny; j <= ny; j++) for (let i = -nx; i <= nx; i++) candidates.push({ i, j, d: i * i + j * j })
  candidates.sort((a, b) => a.d - b.d || a.j - b.j || a.i - b.i)
  for (const { i, j } of candidates) {
    const box = boxAt(cx + i * step, cy + j * step)
    if (isFree(box)) return { box, isNearViewport: true }
  }
  // The viewport is full: beside the content, to its right, where nothing is.
  let maxX = -Infinity
  for (const o of obstacles) maxX = Math.max(maxX, o.x + o.w)
  return { box: { x: Math.ceil(maxX + margin + 1), y: Math.round(cy - size.h / 2), w: size.w, h: size.h }, isNearViewport: false }
}

/** What `placeTemplate` did. */
export interface PlacedTemplate {
  /** Every created shape id, in creation order. */
  readonly shapeIds: readonly TLShapeId[]
  /** The page box the template was placed in (estimated from the template; text is measured by tldraw). */
  readonly pageBox: TemplateBox
  /** False when the viewport had no free room and the template went beside the existing content. */
  readonly isNearViewport: boolean
}

/** Options for `placeTemplate`. */
export interface PlaceTemplateOptions {
  /** Move this user's camera so the placed template is in view (zooming out if it is larger than the view). */
  readonly isFitting?: boolean
  /** Camera animation length in ms; 0 moves at once. */
  readonly animationMs?: number
  /** Screen pixels on the right of the view covered by a panel (the Methods panel): not searched, and kept clear when fitting. */
  readonly obscuredRightPx?: number
}

/**
 * Places `template` in free space near the viewport centre, never over existing shapes (see `findTemplateSpot`), in ONE
 * undoable step (one history stopping point), and selects its top-level shapes so it can be moved at once. When
 * `isFitting`, moves this user's camera to show it all if it is not already in view. The shapes are ordinary records
 * in the synced store, so everyone on the board sees them at once.
 */
export function placeTemplate(editor: Editor, template: Template, from: TemplateOrigin, options: PlaceTemplateOptions = {}): PlacedTemplate {
  const bounds = templateBounds(template)
  const full = editor.getViewportPageBounds()
  const zoom = editor.getZoomLevel()
  const obscured = Math.min(full.w * 0.75, Math.max(0, options.obscuredRightPx ?? 0) / zoom)
  // The part of the view a person can see: what is under a side panel is not "near the view".
  const viewport = { x: full.x, y: full.y, w: full.w - obscured, h: full.h, maxX: full.maxX - obscured, maxY: full.maxY }
  const obstacles: TemplateBox[] = []
  for (const shape of editor.getCurrentPageShapes()) {
    const box = editor.getShapePageBounds(shape)
    if (box) obstacles.push({ x: box.x, y: box.y, w: box.w, h: box.h })
  }
  const spot = findTemplateSpot(bounds, { x: viewport.x, y: viewport.y, w: viewport.w, h: viewport.h }, obstacles)
  const pageBox = spot.box
  const partials = templateToShapes(template, from, { origin: { x: pageBox.x, y: pageBox.y }, pageId: editor.getCurrentPageId() })
  const shapeIds = partials.map((p) => p.id)
  editor.markHistoryStoppingPoint(`place template ${from.slug}`)
  editor.run(() => {
    editor.createShapes(partials)
    const topLevel = partials.filter((p) => p.parentId === editor.getCurrentPageId()).map((p) => p.id)
    editor.select(...topLevel)
  })
  if (options.isFitting) {
    const isInView = pageBox.x >= viewport.x && pageBox.y >= viewport.y && pageBox.x + pageBox.w <= viewport.maxX && pageBox.y + pageBox.h <= viewport.maxY
    if (!isInView) {
      const ms = options.animationMs ?? 220
      const animation = ms > 0 ? { animation: { duration: ms } } : undefined
      if (pageBox.w + 80 <= viewport.w && pageBox.h + 80 <= viewport.h) {
        // Centre it in the visible part: the view's centre sits half the covered strip to the right of the box's.
        editor.centerOnPoint({ x: pageBox.x + pageBox.w / 2 + obscured / 2, y: pageBox.y + pageBox.h / 2 }, animation)
      } else {
        // Zoom to the box plus a strip on its right as wide, in proportion, as the part of the screen the panel covers.
        const share = obscured / full.w
        const w = (pageBox.w + 80) / (1 - share)
        editor.zoomToBounds({ x: pageBox.x - 40, y: pageBox.y - 40, w, h: pageBox.h + 80 }, animation)
      }
    }
  }
  return { shapeIds, pageBox, isNearViewport: spot.isNearViewport }
}
