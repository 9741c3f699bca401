/**
 * tldraw → Template: turns the selected shapes (frames with their contents, geo, text, note, arrow) into a valid
 * knowledge-base `Template` with coordinates relative to the selection's top-left. Other shapes are listed and skipped.
 */
import {
  getArrowInfo,
  renderPlaintextFromRichText,
  type Editor,
  type TLArrowShape,
  type TLFrameShape,
  type TLGeoShape,
  type TLNoteShape,
  type TLRichText,
  type TLShape,
  type TLShapeId,
  type TLTextShape,
} from '@tldraw/tldraw'
import type { KnowledgeError } from '../../../shared/knowledge/errors'
import {
  TEMPLATE_ALIGNS,
  TEMPLATE_COLORS,
  TEMPLATE_FONTS,
  TEMPLATE_GEO_KINDS,
  TEMPLATE_MAX_SHAPES,
  TEMPLATE_SIZES,
  TEMPLATE_TEXT_MAX_CHARS,
  TEMPLATE_VERSION,
  validateTemplate,
  type Template,
  type TemplateAlign,
  type TemplateColor,
  type TemplateFill,
  type TemplateFont,
  type TemplateGeoKind,
  type TemplateShape,
  type TemplateSize,
} from '../../../shared/knowledge/template'
import { readTemplateMeta } from './place-template'

/** A shape that could not go into the template, with a reason fit for the user. */
export interface SkippedShape {
  readonly id: TLShapeId
  readonly type: string
  readonly reason: string
}

/** The result of converting a selection: the template (or why it is invalid) plus what was skipped or changed. */
export type SelectionTemplateResult =
  | { readonly ok: true; readonly template: Template; readonly skipped: readonly SkippedShape[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly error: KnowledgeError; readonly skipped: readonly SkippedShape[]; readonly notes: readonly string[] }

const SUPPORTED = new Set(['frame', 'geo', 'text', 'note', 'arrow'])

function pick<T extends string>(values: readonly T[], value: unknown, fallback: T): T {
  return values.includes(value as T) ? (value as T) : fallback
}

/** tldraw's aligns include legacy variants (`start-legacy`, `justify`); keep the base alignment. */
function toAlign(value: unknown): TemplateAlign {
  const base = typeof value === 'string' ? value.replace(/-legacy$/, '') : value
  return pick(TEMPLATE_ALIGNS, base === 'justify' ? 'start' : base, 'middle')
}

function toFill(value: unknown): TemplateFill {
  if (value === 'none' || value === 'semi' || value === 'solid') return value
  if (value === 'pattern') return 'semi'
  return value === 'none' ? 'none' : 'solid'
}

const round = (n: number) => Math.round(n)

/** Every selected shape plus, for frames and groups, their descendants (so "select the frame" takes its contents). */
function collectShapes(editor: Editor, ids: readonly TLShapeId[]): TLShape[] {
  const seen = new Set<TLShapeId>()
  const out: TLShape[] = []
  const visit = (id: TLShapeId) => {
    if (seen.has(id)) return
    seen.add(id)
    const shape = editor.getShape(id)
    if (!shape) return
    out.push(shape)
    for (const child of editor.getSortedChildIdsForParent(id)) visit(child)
  }
  for (const id of ids) visit(id)
  return out
}

function clampText(text: string, notes: string[], what: string): string {
  if (text.length <= TEMPLATE_TEXT_MAX_CHARS) return text
  notes.push(`The text of ${what} was shortened to ${TEMPLATE_TEXT_MAX_CHARS} characters.`)
  return text.slice(0, TEMPLATE_TEXT_MAX_CHARS)
}

/**
 * Converts `shapeIds` (usually `editor.getSelectedShapeIds()`) into a template. Keys come from `meta.template.key` when
 * the shape was placed from a template (so a new version keeps its keys), otherwise `<type>-<n>`.
 */
export function selectionToTemplate(editor: Editor, shapeIds: readonly TLShapeId[]): SelectionTemplateResult {
  const skipped: SkippedShape[] = []
  const notes: string[] = []
  const usedKeys = new Set<string>()
  const counters = new Map<string, number>()
  const keyFor = (shape: TLShape): string => {
    const fromMeta = readTemplateMeta(shape.meta)?.key
    if (fromMeta && !usedKeys.has(fromMeta) && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(fromMeta)) {
      usedKeys.add(fromMeta)
      return fromMeta
    }
    let key: string
    do {
      const n = (counters.get(shape.type) ?? 0) + 1
      counters.set(shape.type, n)
      key = `${shape.type}-${n}`
    } while (usedKeys.has(key))
    usedKeys.add(key)
    return key
  }
  const text = (shape: TLShape & { props: { richText?: TLRichText } }, what: string) =>
    shape.props.richText ? clampText(renderPlaintextFromRichText(editor, shape.props.richText).trim(), notes, what) : ''

  const raw: TemplateShape[] = []
  for (const shape of collectShapes(editor, shapeIds)) {
    if (!SUPPORTED.has(shape.type)) {
      if (shape.type !== 'group') skipped.push({ id: shape.id, type: shape.type, reason: `${shape.type} shapes cannot be part of a template` })
      continue
    }
    const bounds = editor.getShapePageBounds(shape.id)
    if (!bounds) continue
    if (Math.abs(editor.getShapePageTransform(shape.id).rotation()) > 0.001 && shape.type !== 'arrow') {
      notes.push(`A rotated ${shape.type} was saved without its rotation.`)
    }
    const key = keyFor(shape)
    const color = (value: unknown): TemplateColor => pick(TEMPLATE_COLORS, value, 'black')
    const size = (value: unknown): TemplateSize => pick(TEMPLATE_SIZES, value, 'm')
    const font = (value: unknown): TemplateFont => pick(TEMPLATE_FONTS, value, 'draw')
    switch (shape.type) {
      case 'frame': {
        const frame = shape as TLFrameShape
        raw.push({ type: 'frame', key, x: bounds.x, y: bounds.y, w: frame.props.w, h: frame.props.h, name: clampText(frame.props.name, notes, 'a frame name') })
        break
      }
      case 'geo': {
        const geo = shape as TLGeoShape
        raw.push({
          type: 'geo',
          key,
          x: bounds.x,
          y: bounds.y,
          w: Math.max(1, bounds.w),
          h: Math.max(1, bounds.h),
          geo: pick<TemplateGeoKind>(TEMPLATE_GEO_KINDS, geo.props.geo, 'rectangle'),
          text: text(geo, 'a box'),
          color: color(geo.props.color),
          fill: toFill(geo.props.fill),
          dash: pick(['draw', 'solid', 'dashed', 'dotted'] as const, geo.props.dash, 'draw'),
          size: size(geo.props.size),
          align: toAlign(geo.props.align),
          verticalAlign: toAlign(geo.props.verticalAlign),
          font: font(geo.props.font),
        })
        break
      }
      case 'text': {
        const t = shape as TLTextShape
        raw.push({
          type: 'text',
          key,
          x: bounds.x,
          y: bounds.y,
          text: text(t, 'a text block'),
          size: size(t.props.size),
          align: toAlign(t.props.textAlign),
          ...(t.props.autoSize ? {} : { w: Math.max(1, round(t.props.w * t.props.scale)) }),
          color: color(t.props.color),
          font: font(t.props.font),
        })
        break
      }
      case 'note': {
        const note = shape as TLNoteShape
        raw.push({ type: 'note', key, x: bounds.x, y: bounds.y, text: text(note, 'a note'), color: color(note.props.color), size: size(note.props.size), font: font(note.props.font) })
        break
      }
      case 'arrow': {
        const arrow = shape as TLArrowShape
        const info = getArrowInfo(editor, arrow)
        const transform = editor.getShapePageTransform(arrow.id)
        const start = transform.applyToPoint(info?.start.point ?? arrow.props.start)
        const end = transform.applyToPoint(info?.end.point ?? arrow.props.end)
        if (arrow.props.bend !== 0) notes.push('Curved arrows were saved as straight arrows.')
        const label = text(arrow, 'an arrow label')
        raw.push({
          type: 'arrow',
          key,
          x1: start.x,
          y1: start.y,
          x2: end.x,
          y2: end.y,
          ...(label ? { text: label } : {}),
          color: color(arrow.props.color),
          dash: pick(['draw', 'solid', 'dashed', 'dotted'] as const, arrow.props.dash, 'solid'),
          size: size(arrow.props.size),
        })
        break
      }
    }
  }
  if (raw.length === 0) {
    return {
      ok: false,
      skipped,
      notes,
      error: { code: 'invalid-template', message: 'Select at least one frame, box, text, note or arrow to save as a template.', issues: [{ path: 'shapes', message: 'nothing to save' }] },
    }
  }
  // Relative coordinates: the selection's top-left becomes (0, 0).
  let minX = Infinity
  let minY = Infinity
  for (const s of raw) {
    minX = Math.min(minX, s.type === 'arrow' ? Math.min(s.x1, s.x2) : s.x)
    minY = Math.min(minY, s.type === 'arrow' ? Math.min(s.y1, s.y2) : s.y)
  }
  const shapes = raw.map((s): TemplateShape => {
    if (s.type === 'arrow') return { ...s, x1: round(s.x1 - minX), y1: round(s.y1 - minY), x2: round(s.x2 - minX), y2: round(s.y2 - minY) }
    const moved = { ...s, x: round(s.x - minX), y: round(s.y - minY) }
    if ('w' in moved && typeof moved.w === 'number') moved.w = Math.max(1, round(moved.w))
    if ('h' in moved && typeof moved.h === 'number') moved.h = Math.max(1, round(moved.h))
    return moved
  })
  if (shapes.length > TEMPLATE_MAX_SHAPES) notes.push(`A template holds at most ${TEMPLATE_MAX_SHAPES} shapes; this selection has ${shapes.length}.`)
  const result = validateTemplate({ templateVersion: TEMPLATE_VERSION, shapes })
  return result.ok ? { ok: true, template: result.value, skipped, notes: [...new Set(notes)] } : { ok: false, error: result.error, skipped, notes: [...new Set(notes)] }
}
