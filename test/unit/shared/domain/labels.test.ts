/** Tests for shared/domain/labels.ts: every value has one label, and no other module keeps a table of its own. */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CATEGORY_STATUSES } from '../../../../shared/domain/category-plan.ts'
import { KRALJIC_QUADRANTS } from '../../../../shared/domain/kraljic.ts'
import { describeUrgency, QUADRANT_LABELS, ROUTE_LABELS, STATUS_LABELS, URGENCY_LABELS, URGENCY_MEANINGS } from '../../../../shared/domain/labels.ts'
import { PROCUREMENT_ROUTES } from '../../../../shared/domain/procurement-route.ts'
import type { Urgency } from '../../../../shared/domain/renewals.ts'

const URGENCIES = ['overdue', 'urgent', 'soon', 'later'] as const satisfies readonly Urgency[]

const TABLES = [
  { name: 'ROUTE_LABELS', values: PROCUREMENT_ROUTES, labels: ROUTE_LABELS as Readonly<Record<string, string>> },
  { name: 'QUADRANT_LABELS', values: KRALJIC_QUADRANTS, labels: QUADRANT_LABELS as Readonly<Record<string, string>> },
  { name: 'STATUS_LABELS', values: CATEGORY_STATUSES, labels: STATUS_LABELS as Readonly<Record<string, string>> },
  { name: 'URGENCY_LABELS', values: URGENCIES, labels: URGENCY_LABELS as Readonly<Record<string, string>> },
] as const

describe('label tables', () => {
  for (const table of TABLES) {
    it(`${table.name} names every value once, in distinct plain words`, () => {
      expect(Object.keys(table.labels).sort()).toEqual([...table.values].sort())
      for (const value of table.values) expect(table.labels[value]?.trim()).not.toBe('')
      expect(new Set(Object.values(table.labels)).size).toBe(table.values.length)
    })
  }

  it('describes each urgency with what it means', () => {
    for (const u of URGENCIES) expect(URGENCY_MEANINGS[u].trim()).not.toBe('')
    expect(describeUrgency('urgent')).toBe('Urgent: start within 6 months')
  })

  it('names the framework routes the same way', () => {
    expect(ROUTE_LABELS['framework-direct-award']).toBe('Framework: direct award')
    expect(ROUTE_LABELS['framework-further-competition']).toBe('Framework: further competition')
  })
})

describe('one set of labels for the report and the UI', () => {
  const root = join(import.meta.dirname, '../../../..')
  const sources = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return sources(path)
      return /\.(ts|tsx)$/.test(entry.name) ? [path] : []
    })
  const files = [...sources('client'), ...sources('server'), ...sources('shared')].filter((f) => relative('shared/domain/labels.ts', f) !== '')
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')

  // A label table is an object literal that maps most of a value list to string literals, e.g. `noncritical: 'Non-critical'`.
  it.each(TABLES.map((t) => [t.name, t.values] as const))('no module but shared/domain/labels.ts keeps its own %s', (_name, values) => {
    const offenders = files.filter((file) => {
      const text = readFileSync(join(root, file), 'utf8')
      const mapped = values.filter((v) => new RegExp(`(['"]?)${escape(v)}\\1\\s*:\\s*['"\`]`).test(text))
      return mapped.length >= Math.min(3, values.length)
    })
    expect(offenders).toEqual([])
  })

  it('the report writers and the planning UI import the shared tables', () => {
    const importers = files.filter((file) => /from '[./]*\/?shared\/domain\/labels'/.test(readFileSync(join(root, file), 'utf8')))
    expect(importers).toEqual(expect.arrayContaining(['server/reports/report-markdown.ts', 'server/reports/report-csv.ts', 'client/features/planning/PlanSection.tsx', 'client/canvas/planning/CategoryCardShapeUtil.tsx']))
  })
})
