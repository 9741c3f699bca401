/**
 * The report's start-by dates carry their overdue flag and its estimated savings are rounded ("about £…") with the
 * exact working beside them, on a fixed today (4 Dec 2026).
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import type { OrgId } from '../../../../shared/domain/ids.ts'
import { readPlanningBoard } from '../../../../shared/doc/planning-doc.ts'
import { createCategory, putContract, setOrgEntry } from '../../../../shared/doc/planning-writers.ts'
import { buildPlanningView } from '../../../../shared/doc/planning-view.ts'
import type { OrgInfo } from '../../../../shared/doc/planning-view.ts'
import { renderReportMarkdown } from '../../../../server/reports/report-markdown.ts'

const TODAY = '2026-12-04' as IsoDate
const AT = '2026-01-01T09:00:00.000Z'
const ORGS: OrgInfo[] = [
  { id: 'council' as OrgId, name: 'Lancashire County Council', shortName: 'LCC', colour: '#2ca02c' },
  { id: 'police' as OrgId, name: 'Lancashire Constabulary', shortName: 'LC', colour: '#1f77b4' },
]

function report() {
  const board = new Y.Doc()
  const council = new Y.Doc()
  const police = new Y.Doc()
  createCategory(board, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, 'ann', AT)
  // £1,350,000.25 + £1,350,000.25 = £2,700,000.50 pooled; leverage at 8% → 21,600,004p = £216,000.04.
  setOrgEntry(council, 'tyres', { annualSpend: 135_000_025, supplierCount: 1, mainSuppliers: ['Kwik Fit'], notes: '', sourceLineIds: [] })
  setOrgEntry(police, 'tyres', { annualSpend: 135_000_025, supplierCount: 1, mainSuppliers: ['Acme Tyres'], notes: '', sourceLineIds: [] })
  // Ends 31 Mar 2027 and 30 Sep 2027; open procedure, 9 months' lead time by default → start by 30 Jun 2026.
  const contract = { start: '2024-04-01', extensionOptions: [], value: 10_000_000, supplier: 'Acme Tyres', categoryId: 'tyres' }
  putContract(council, { ...contract, id: 'c1', end: '2027-03-31' })
  putContract(police, { ...contract, id: 'p1', end: '2027-09-30' })
  const read = readPlanningBoard(board, new Map([['council' as OrgId, council], ['police' as OrgId, police]]))
  const view = buildPlanningView(read.value.plans, ORGS, read.value.settings, TODAY, read.value.opportunities)
  return renderReportMarkdown({ board: { id: 'b1', title: 'Fleet' }, generatedAt: `${TODAY}T10:00:00.000Z`, orgs: ORGS, view, opportunityCards: [], problems: [], incomplete: [] })
}

describe('renderReportMarkdown: overdue start dates and rounded estimates', () => {
  const md = report()

  it('flags a start-by date in the past wherever it is printed', () => {
    const starts = md.split('\n').filter((l) => l.includes('2026-06-30'))
    expect(starts.length).toBe(4)
    for (const line of starts) expect(line).toContain('2026-06-30 — overdue by 5 months')
  })

  it('shows the estimated saving rounded, never to the penny, and keeps the exact working', () => {
    expect(md).toMatch(/\| £2,700,000\.50 \| about £220,000 \(8%\) \|/)
    expect(md).toContain('estimated saving about £220,000 a year at an assumed 8% (exactly £2,700,000.50 × 8% = £216,000.04, rounded down)')
    expect(md).not.toMatch(/saving £216,000\.04/)
  })
})
