/**
 * The seed library in server/knowledge/seed: every file imports and validates, the required methods are present,
 * and export/import round-trips each file exactly (text and value).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { exportLibrary, exportMethodologyMarkdown, importLibrary, importMethodologyMarkdown } from '../../../../shared/knowledge/markdown-io'
import { CATEGORY_STAGES } from '../../../../shared/knowledge/methodology'
import { templateBounds, validateTemplate } from '../../../../shared/knowledge/template'

const SEED_DIR = fileURLToPath(new URL('../../../../server/knowledge/seed/', import.meta.url))

const REQUIRED_SLUGS = [
  'category-management-cycle',
  'spend-analysis-cube',
  'classification-mapping',
  'kraljic-portfolio-matrix',
  'supplier-preferencing',
  'porters-five-forces',
  'pestle-analysis',
  'swot-analysis',
  'stakeholder-power-interest-map',
  'raci-joint-governance',
  'demand-management',
  'output-based-specification',
  'should-cost-model',
  'contract-renewal-alignment',
  'savings-benefits-tracking',
  'category-strategy-on-a-page',
] as const

const REQUIRED_SECTIONS = ['Purpose', 'When to use', 'Steps', 'Questions to ask', 'Pitfalls', 'A public-sector example'] as const

const files = readdirSync(SEED_DIR)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((filename) => ({ filename, content: readFileSync(`${SEED_DIR}${filename}`, 'utf8') }))

describe('seed library', () => {
  it('holds every required method, as one file each', () => {
    const slugs = files.map((f) => f.filename.replace(/\.md$/, ''))
    for (const slug of REQUIRED_SLUGS) expect(slugs).toContain(slug)
  })

  it('imports as a whole library with unique slugs matching file names', () => {
    const library = importLibrary(files)
    if (!library.ok) throw new Error(library.error.message)
    expect(library.value).toHaveLength(files.length)
    expect(exportLibrary(library.value)).toEqual(files)
  })

  describe.each(files)('$filename', ({ filename, content }) => {
    const imported = importMethodologyMarkdown(content)

    it('imports and validates (fields and template)', () => {
      if (!imported.ok) throw new Error(imported.error.message)
      expect(`${imported.value.slug}.md`).toBe(filename)
      expect(CATEGORY_STAGES).toContain(imported.value.stage)
      expect(imported.value.tags.length).toBeGreaterThan(0)
      expect(validateTemplate(imported.value.template).ok).toBe(true)
    })

    it('round-trips exactly: export(import(file)) is the file, import(export(m)) is m', () => {
      if (!imported.ok) throw new Error(imported.error.message)
      const exported = exportMethodologyMarkdown(imported.value)
      expect(exported).toBe(content)
      expect(importMethodologyMarkdown(exported)).toEqual(imported)
    })

    it('has the workshop guidance sections, with numbered steps', () => {
      if (!imported.ok) throw new Error(imported.error.message)
      const headings = [...imported.value.body.matchAll(/^## (.+)$/gm)].map((m) => m[1])
      expect(headings).toEqual([...REQUIRED_SECTIONS])
      expect(imported.value.body).toMatch(/^1\. /m)
    })

    it('draws inside one titled frame at the top-left', () => {
      if (!imported.ok) throw new Error(imported.error.message)
      const [frame] = imported.value.template.shapes
      expect(frame?.type).toBe('frame')
      if (frame?.type !== 'frame') return
      expect(frame.name.length).toBeGreaterThan(0)
      expect(templateBounds(imported.value.template)).toEqual({ x: 0, y: 0, w: frame.w, h: frame.h })
    })
  })

  it('Kraljic: axes and quadrants in the agreed places', () => {
    const kraljic = files.find((f) => f.filename === 'kraljic-portfolio-matrix.md')
    const result = importMethodologyMarkdown(kraljic?.content ?? '')
    if (!result.ok) throw new Error(result.error.message)
    const byKey = new Map(result.value.template.shapes.map((s) => [s.key, s]))
    const text = (key: string) => {
      const shape = byKey.get(key)
      return shape !== undefined && 'text' in shape ? shape.text : undefined
    }
    expect(text('axis-x-label')).toBe('Supply risk')
    expect(text('axis-y-label')).toBe('Profit impact')
    expect(text('quad-tr')).toMatch(/^Strategic\n/)
    expect(text('quad-tl')).toMatch(/^Leverage\n/)
    expect(text('quad-br')).toMatch(/^Bottleneck\n/)
    expect(text('quad-bl')).toMatch(/^Non-critical \/ routine\n/)
    expect(result.value.summary).toMatch(/supply risk/)
    expect(result.value.summary).toMatch(/profit impact/)
  })
})
