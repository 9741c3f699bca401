/**
 * @module knowledge/template
 * Canvas templates: a versioned, bounded list of simple shapes (frame, geo, text, note, arrow) that the client turns
 * into tldraw shapes when a methodology is placed on a board. Pure: validation returns a `Result`, never throws.
 */
import { z } from 'zod'
import { assertNever, ok } from '../domain/result'
import type { Result } from '../domain/result'
import { hasSizeIssue, knowledgeFailure, toKnowledgeIssues } from './errors'
import type { KnowledgeError } from './errors'

/** The only template version this build reads and writes. */
export const TEMPLATE_VERSION = 1
/** Most shapes one template may hold. */
export const TEMPLATE_MAX_SHAPES = 200
/** Longest text (label, note, text block, frame name) in characters. */
export const TEMPLATE_TEXT_MAX_CHARS = 2_000
/** Coordinates must lie within ±this many canvas units of the template's top-left. */
export const TEMPLATE_COORD_LIMIT = 20_000
/** Largest width or height of one shape, in canvas units. */
export const TEMPLATE_SIZE_MAX = 20_000
/** Longest shape key in characters. */
export const TEMPLATE_KEY_MAX_CHARS = 64
/** Shape keys: letters, digits, `-` and `_`, starting with a letter or digit. */
export const TEMPLATE_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/

/** tldraw's default colour palette. */
export const TEMPLATE_COLORS = [
  'black',
  'grey',
  'light-violet',
  'violet',
  'blue',
  'light-blue',
  'yellow',
  'orange',
  'green',
  'light-green',
  'light-red',
  'red',
  'white',
] as const
/** A colour from tldraw's palette. */
export type TemplateColor = (typeof TEMPLATE_COLORS)[number]

/** tldraw's geo kinds. */
export const TEMPLATE_GEO_KINDS = [
  'rectangle',
  'ellipse',
  'diamond',
  'triangle',
  'trapezoid',
  'rhombus',
  'rhombus-2',
  'pentagon',
  'hexagon',
  'octagon',
  'star',
  'oval',
  'cloud',
  'heart',
  'x-box',
  'check-box',
  'arrow-right',
  'arrow-left',
  'arrow-up',
  'arrow-down',
] as const
/** A tldraw geo kind. */
export type TemplateGeoKind = (typeof TEMPLATE_GEO_KINDS)[number]

/** Fill styles a template may use (a subset of tldraw's). */
export const TEMPLATE_FILLS = ['none', 'semi', 'solid'] as const
/** A fill style. */
export type TemplateFill = (typeof TEMPLATE_FILLS)[number]

/** tldraw's stroke styles. */
export const TEMPLATE_DASHES = ['draw', 'solid', 'dashed', 'dotted'] as const
/** A stroke style. */
export type TemplateDash = (typeof TEMPLATE_DASHES)[number]

/** tldraw's size styles (text size and stroke width). */
export const TEMPLATE_SIZES = ['s', 'm', 'l', 'xl'] as const
/** A size style. */
export type TemplateSize = (typeof TEMPLATE_SIZES)[number]

/** Horizontal text alignment (tldraw `textAlign` / `align`). */
export const TEMPLATE_ALIGNS = ['start', 'middle', 'end'] as const
/** A text alignment. */
export type TemplateAlign = (typeof TEMPLATE_ALIGNS)[number]

/** tldraw's font families. */
export const TEMPLATE_FONTS = ['draw', 'sans', 'serif', 'mono'] as const
/** A font family. */
export type TemplateFont = (typeof TEMPLATE_FONTS)[number]

function oneOf<T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, {
    error: (iss) => `${what} must be one of ${values.join(', ')}; got ${JSON.stringify(iss.input)}`,
  })
}

const coord = z
  .number({ error: 'must be a number' })
  .finite({ error: 'must be a finite number' })
  .min(-TEMPLATE_COORD_LIMIT, {
    error: (iss) => `coordinate must be at least -${TEMPLATE_COORD_LIMIT}; got ${String(iss.input)}`,
  })
  .max(TEMPLATE_COORD_LIMIT, {
    error: (iss) => `coordinate must be at most ${TEMPLATE_COORD_LIMIT}; got ${String(iss.input)}`,
  })

const extent = z
  .number({ error: 'must be a number' })
  .finite({ error: 'must be a finite number' })
  .positive({ error: (iss) => `size must be greater than 0; got ${String(iss.input)}` })
  .max(TEMPLATE_SIZE_MAX, {
    error: (iss) => `size must be at most ${TEMPLATE_SIZE_MAX}; got ${String(iss.input)}`,
  })

const text = z.string({ error: 'must be a string' }).max(TEMPLATE_TEXT_MAX_CHARS, {
  error: (iss) =>
    `text must be at most ${TEMPLATE_TEXT_MAX_CHARS} characters; got ${typeof iss.input === 'string' ? iss.input.length : '?'}`,
})

const key = z
  .string({ error: 'key must be a string' })
  .min(1, { error: 'key must not be empty' })
  .max(TEMPLATE_KEY_MAX_CHARS, { error: `key must be at most ${TEMPLATE_KEY_MAX_CHARS} characters` })
  .regex(TEMPLATE_KEY_PATTERN, { error: 'key must use letters, digits, "-" and "_" only, starting with a letter or digit' })

const color = oneOf(TEMPLATE_COLORS, 'color')
const size = oneOf(TEMPLATE_SIZES, 'size')
const align = oneOf(TEMPLATE_ALIGNS, 'align')
const font = oneOf(TEMPLATE_FONTS, 'font')

/** A titled frame; the client draws it as a tldraw frame and usually puts it around everything. */
export const TemplateFrameSchema = z.strictObject({
  type: z.literal('frame'),
  key,
  x: coord,
  y: coord,
  w: extent,
  h: extent,
  name: text,
})
/** A frame shape. */
export type TemplateFrame = z.infer<typeof TemplateFrameSchema>

/** A box, ellipse, diamond... with an optional label. */
export const TemplateGeoSchema = z.strictObject({
  type: z.literal('geo'),
  key,
  x: coord,
  y: coord,
  w: extent,
  h: extent,
  geo: oneOf(TEMPLATE_GEO_KINDS, 'geo'),
  text,
  color,
  fill: oneOf(TEMPLATE_FILLS, 'fill'),
  dash: oneOf(TEMPLATE_DASHES, 'dash'),
  /** Label size; the client's default (`m`) when absent. */
  size: size.optional(),
  /** Label alignment; `middle` when absent. */
  align: align.optional(),
  /** Label vertical alignment; `middle` when absent. */
  verticalAlign: align.optional(),
  font: font.optional(),
})
/** A geo shape. */
export type TemplateGeo = z.infer<typeof TemplateGeoSchema>

/** Free text; wraps at `w` when given, otherwise grows with its content. */
export const TemplateTextSchema = z.strictObject({
  type: z.literal('text'),
  key,
  x: coord,
  y: coord,
  text,
  size,
  align,
  w: extent.optional(),
  color: color.optional(),
  font: font.optional(),
})
/** A text shape. */
export type TemplateText = z.infer<typeof TemplateTextSchema>

/** A sticky note (tldraw notes are a fixed 200×200 square). */
export const TemplateNoteSchema = z.strictObject({
  type: z.literal('note'),
  key,
  x: coord,
  y: coord,
  text,
  color,
  size: size.optional(),
  font: font.optional(),
})
/** A note shape. */
export type TemplateNote = z.infer<typeof TemplateNoteSchema>

/** A straight arrow from (x1, y1) to (x2, y2) with an optional label. */
export const TemplateArrowSchema = z.strictObject({
  type: z.literal('arrow'),
  key,
  x1: coord,
  y1: coord,
  x2: coord,
  y2: coord,
  text: text.optional(),
  color,
  dash: oneOf(TEMPLATE_DASHES, 'dash').optional(),
  size: size.optional(),
})
/** An arrow shape. */
export type TemplateArrow = z.infer<typeof TemplateArrowSchema>

const TEMPLATE_SHAPE_TYPES = ['frame', 'geo', 'text', 'note', 'arrow'] as const

/** Any one template shape, told apart by `type`. */
export const TemplateShapeSchema = z.discriminatedUnion(
  'type',
  [TemplateFrameSchema, TemplateGeoSchema, TemplateTextSchema, TemplateNoteSchema, TemplateArrowSchema],
  {
    error: (iss) =>
      `shape type must be one of ${TEMPLATE_SHAPE_TYPES.join(', ')}; got ${JSON.stringify(
        (iss.input as { type?: unknown } | undefined)?.type,
      )}`,
  },
)
/** Any template shape. */
export type TemplateShape = z.infer<typeof TemplateShapeSchema>

/**
 * A canvas template: version plus shapes, coordinates relative to the template's top-left.
 * Keys are unique within a template so the client can map them to stable tldraw ids.
 */
export const TemplateSchema = z
  .strictObject(
    {
    templateVersion: z.literal(TEMPLATE_VERSION, {
      error: (iss) => `templateVersion must be ${TEMPLATE_VERSION}; got ${JSON.stringify(iss.input)}`,
    }),
    shapes: z
      .array(TemplateShapeSchema, { error: 'shapes must be an array' })
      .min(1, { error: 'a template needs at least one shape' })
      .max(TEMPLATE_MAX_SHAPES, {
        error: (iss) =>
          `a template holds at most ${TEMPLATE_MAX_SHAPES} shapes; got ${Array.isArray(iss.input) ? iss.input.length : '?'}`,
      }),
    },
    { error: (iss) => (iss.code === 'invalid_type' ? 'a template must be a JSON object' : undefined) },
  )
  .superRefine((template, ctx) => {
    const seen = new Map<string, number>()
    template.shapes.forEach((shape, index) => {
      const first = seen.get(shape.key)
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['shapes', index, 'key'],
          message: `duplicate key "${shape.key}" (first used by shapes[${first}])`,
        })
      } else {
        seen.set(shape.key, index)
      }
    })
  })
/** A validated canvas template. */
export type Template = z.infer<typeof TemplateSchema>

/**
 * Validates an untrusted template (parsed JSON). Never throws.
 * Fails with `unsupported-template-version`, `too-large` (any size limit hit) or `invalid-template`,
 * each issue naming its path, e.g. `shapes[12].text: text must be at most 2000 characters; got 2500`.
 */
export function validateTemplate(input: unknown): Result<Template, KnowledgeError> {
  const version = (input as { templateVersion?: unknown } | null | undefined)?.templateVersion
  if (typeof input === 'object' && input !== null && !Array.isArray(input) && version !== TEMPLATE_VERSION) {
    return knowledgeFailure('unsupported-template-version', 'template refused', [
      {
        path: 'templateVersion',
        message: `templateVersion must be ${TEMPLATE_VERSION}; got ${version === undefined ? 'nothing' : JSON.stringify(version)}`,
      },
    ])
  }
  const parsed = TemplateSchema.safeParse(input)
  if (parsed.success) return ok(parsed.data)
  const code = hasSizeIssue(parsed.error.issues) ? 'too-large' : 'invalid-template'
  return knowledgeFailure(code, 'template refused', toKnowledgeIssues(parsed.error.issues))
}

/** An axis-aligned box in template coordinates. */
export interface TemplateBox {
  readonly x: number
  readonly y: number
  readonly w: number
  readonly h: number
}

/** Approximate glyph width and line height (canvas units) per size, for text without a set width. */
const TEXT_METRICS: Record<TemplateSize, { readonly charW: number; readonly lineH: number }> = {
  s: { charW: 10, lineH: 25 },
  m: { charW: 13, lineH: 33 },
  l: { charW: 20, lineH: 49 },
  xl: { charW: 24, lineH: 60 },
}
/** tldraw notes are a fixed square. */
const NOTE_SIZE = 200

/** The box one shape covers. Free text's box is an estimate from its length (the client measures the real one). */
export function shapeBounds(shape: TemplateShape): TemplateBox {
  switch (shape.type) {
    case 'frame':
    case 'geo':
      return { x: shape.x, y: shape.y, w: shape.w, h: shape.h }
    case 'note':
      return { x: shape.x, y: shape.y, w: NOTE_SIZE, h: NOTE_SIZE }
    case 'arrow':
      return {
        x: Math.min(shape.x1, shape.x2),
        y: Math.min(shape.y1, shape.y2),
        w: Math.abs(shape.x2 - shape.x1),
        h: Math.abs(shape.y2 - shape.y1),
      }
    case 'text': {
      const metrics = TEXT_METRICS[shape.size]
      const lines = shape.text.split('\n')
      const longest = Math.max(1, ...lines.map((line) => line.length))
      const w = shape.w ?? longest * metrics.charW
      const wrapped = shape.w === undefined ? lines.length : lines.reduce((n, line) => n + Math.max(1, Math.ceil((line.length * metrics.charW) / w)), 0)
      return { x: shape.x, y: shape.y, w, h: wrapped * metrics.lineH }
    }
    default:
      return assertNever(shape, 'template shape')
  }
}

/**
 * The smallest box holding every shape of a valid template, so the client can place it (e.g. centred in the
 * viewport) before creating shapes. `{x:0,y:0,w:0,h:0}` for a template without shapes.
 */
export function templateBounds(template: Template): TemplateBox {
  if (template.shapes.length === 0) return { x: 0, y: 0, w: 0, h: 0 }
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const shape of template.shapes) {
    const box = shapeBounds(shape)
    minX = Math.min(minX, box.x)
    minY = Math.min(minY, box.y)
    maxX = Math.max(maxX, box.x + box.w)
    maxY = Math.max(maxY, box.y + box.h)
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY }
}
