/** Canvas template validation: good templates pass; each kind of bad or oversized input fails with its path. */
import { describe, expect, it } from 'vitest'
import {
  TEMPLATE_COORD_LIMIT,
  TEMPLATE_MAX_SHAPES,
  TEMPLATE_TEXT_MAX_CHARS,
  templateBounds,
  validateTemplate,
} from '../../../../shared/knowledge/template'
import type { Template, TemplateShape } from '../../../../shared/knowledge/template'

const frame: TemplateShape = { type: 'frame', key: 'frame', x: 0, y: 0, w: 800, h: 600, name: 'Board' }
const geo: TemplateShape = {
  type: 'geo', key: 'box', x: 40, y: 40, w: 200, h: 100, geo: 'rectangle', text: 'Leverage', color: 'light-blue', fill: 'semi', dash: 'solid',
}
const text: TemplateShape = { type: 'text', key: 'title', x: 40, y: 10, text: 'Title', size: 'l', align: 'start' }
const note: TemplateShape = { type: 'note', key: 'note', x: 500, y: 300, text: 'Idea', color: 'yellow' }
const arrow: TemplateShape = { type: 'arrow', key: 'axis', x1: 40, y1: 580, x2: 760, y2: 580, color: 'grey', text: 'Supply risk' }
const good: Template = { templateVersion: 1, shapes: [frame, geo, text, note, arrow] }

function withShape(shape: Record<string, unknown>): unknown {
  return { templateVersion: 1, shapes: [frame, shape] }
}

function failure(input: unknown) {
  const result = validateTemplate(input)
  if (result.ok) throw new Error('expected the template to be refused')
  return result.error
}

describe('validateTemplate', () => {
  it('accepts every kind of shape and returns the same value', () => {
    const result = validateTemplate(good)
    expect(result).toEqual({ ok: true, value: good })
  })

  it('accepts the optional styling fields', () => {
    const styled = withShape({ ...geo, size: 'xl', align: 'start', verticalAlign: 'end', font: 'sans' })
    expect(validateTemplate(styled).ok).toBe(true)
    expect(validateTemplate(withShape({ ...text, w: 300, color: 'red', font: 'mono' })).ok).toBe(true)
  })

  it.each([
    ['not an object', 'nonsense', '', 'invalid-template'],
    ['null', null, '', 'invalid-template'],
    ['an array', [], '', 'invalid-template'],
  ])('refuses %s', (_, input, path, code) => {
    const error = failure(input)
    expect(error.code).toBe(code)
    expect(error.issues[0]?.path).toBe(path)
  })

  it('refuses a missing or unknown version', () => {
    expect(failure({ shapes: [frame] })).toMatchObject({ code: 'unsupported-template-version', issues: [{ path: 'templateVersion' }] })
    const error = failure({ templateVersion: 2, shapes: [frame] })
    expect(error.code).toBe('unsupported-template-version')
    expect(error.message).toContain('got 2')
  })

  it('refuses an empty template', () => {
    expect(failure({ templateVersion: 1, shapes: [] }).issues[0]).toMatchObject({ path: 'shapes' })
  })

  it.each([
    ['unknown shape type', { ...geo, type: 'star' }, 'shapes[1].type', /shape type must be one of/],
    ['unknown colour', { ...geo, color: 'pink' }, 'shapes[1].color', /color must be one of .*got "pink"/],
    ['unknown geo', { ...geo, geo: 'blob' }, 'shapes[1].geo', /geo must be one of/],
    ['unknown fill', { ...geo, fill: 'pattern' }, 'shapes[1].fill', /fill must be one of none, semi, solid/],
    ['unknown dash', { ...geo, dash: 'wavy' }, 'shapes[1].dash', /dash must be one of/],
    ['unknown text size', { ...text, size: 'xxl' }, 'shapes[1].size', /size must be one of/],
    ['unknown align', { ...text, align: 'left' }, 'shapes[1].align', /align must be one of/],
    ['missing field', { type: 'note', key: 'n', x: 0, y: 0, color: 'yellow' }, 'shapes[1].text', /string/],
    ['extra field', { ...note, rotation: 1 }, 'shapes[1]', /rotation/],
    ['string coordinate', { ...note, x: '10' }, 'shapes[1].x', /number/],
    ['non-finite coordinate', { ...note, y: Number.POSITIVE_INFINITY }, 'shapes[1].y', /finite|number/],
    ['zero width', { ...geo, w: 0 }, 'shapes[1].w', /greater than 0/],
    ['empty key', { ...note, key: '' }, 'shapes[1].key', /key/],
    ['key with spaces', { ...note, key: 'my note' }, 'shapes[1].key', /letters, digits/],
  ])('refuses %s with a path-specific issue', (_, shape, path, message) => {
    const error = failure(withShape(shape))
    expect(error.code).toBe('invalid-template')
    const issue = error.issues.find((i) => i.path === path)
    expect(issue?.message).toMatch(message)
    expect(error.message).toContain(path)
  })

  it('refuses duplicate keys, naming both shapes', () => {
    const error = failure({ templateVersion: 1, shapes: [frame, geo, { ...note, key: 'box' }] })
    expect(error.code).toBe('invalid-template')
    expect(error.issues).toEqual([{ path: 'shapes[2].key', message: 'duplicate key "box" (first used by shapes[1])' }])
  })

  describe('oversized templates', () => {
    it(`refuses more than ${TEMPLATE_MAX_SHAPES} shapes`, () => {
      const shapes = Array.from({ length: TEMPLATE_MAX_SHAPES + 1 }, (_, i) => ({ ...note, key: `n${i}` }))
      const error = failure({ templateVersion: 1, shapes })
      expect(error.code).toBe('too-large')
      expect(error.issues).toEqual([
        { path: 'shapes', message: `a template holds at most ${TEMPLATE_MAX_SHAPES} shapes; got ${TEMPLATE_MAX_SHAPES + 1}` },
      ])
    })

    it(`accepts exactly ${TEMPLATE_MAX_SHAPES} shapes`, () => {
      const shapes = Array.from({ length: TEMPLATE_MAX_SHAPES }, (_, i) => ({ ...note, key: `n${i}` }))
      expect(validateTemplate({ templateVersion: 1, shapes }).ok).toBe(true)
    })

    it('refuses text over the limit, naming the shape and the length', () => {
      const error = failure(withShape({ ...geo, text: 'x'.repeat(TEMPLATE_TEXT_MAX_CHARS + 1) }))
      expect(error.code).toBe('too-large')
      expect(error.issues).toEqual([
        { path: 'shapes[1].text', message: `text must be at most ${TEMPLATE_TEXT_MAX_CHARS} characters; got ${TEMPLATE_TEXT_MAX_CHARS + 1}` },
      ])
    })

    it('refuses coordinates and sizes out of range', () => {
      const far = failure(withShape({ ...arrow, x2: TEMPLATE_COORD_LIMIT + 1 }))
      expect(far.code).toBe('too-large')
      expect(far.issues[0]).toEqual({ path: 'shapes[1].x2', message: `coordinate must be at most ${TEMPLATE_COORD_LIMIT}; got ${TEMPLATE_COORD_LIMIT + 1}` })
      expect(failure(withShape({ ...note, y: -TEMPLATE_COORD_LIMIT - 1 })).issues[0]?.path).toBe('shapes[1].y')
      expect(failure(withShape({ ...geo, h: 1e9 })).issues[0]?.path).toBe('shapes[1].h')
    })
  })
})

describe('templateBounds', () => {
  it('covers every shape, including arrow ends and fixed-size notes', () => {
    const t: Template = {
      templateVersion: 1,
      shapes: [
        { ...geo, x: 10, y: 20, w: 100, h: 50 },
        { ...note, x: 300, y: 300 },
        { ...arrow, x1: -50, y1: 40, x2: 0, y2: 0 },
      ],
    }
    expect(templateBounds(t)).toEqual({ x: -50, y: 0, w: 550, h: 500 })
  })

  it('uses the set width of wrapping text', () => {
    const t: Template = { templateVersion: 1, shapes: [{ ...text, x: 0, y: 0, w: 400, text: 'short' }] }
    expect(templateBounds(t).w).toBe(400)
  })

  it('is empty for no shapes', () => {
    expect(templateBounds({ templateVersion: 1, shapes: [] })).toEqual({ x: 0, y: 0, w: 0, h: 0 })
  })
})
