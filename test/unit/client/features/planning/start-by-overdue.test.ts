/** The renewal timeline flags a start-by date in the past ("— overdue by 5 months"), in its note and its tooltip. */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { IsoDate } from '../../../../../shared/domain/dates'
import type { OrgId } from '../../../../../shared/domain/ids'
import { readPlanningBoard } from '../../../../../shared/doc/planning-doc'
import { createCategory, putContract } from '../../../../../shared/doc/planning-writers'
import { buildPlanningView, type OrgInfo } from '../../../../../shared/doc/planning-view'
import { RenewalTimeline } from '../../../../../client/canvas/planning/RenewalTimeline'

const ORGS: OrgInfo[] = [
  { id: 'council' as OrgId, name: 'Lancashire County Council', shortName: 'LCC', colour: '#2ca02c' },
  { id: 'police' as OrgId, name: 'Lancashire Constabulary', shortName: 'LC', colour: '#1f77b4' },
]

function viewOn(today: string) {
  const board = new Y.Doc()
  const docs = { council: new Y.Doc(), police: new Y.Doc() }
  createCategory(board, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, 'ann', '2026-01-01T09:00:00.000Z')
  // Open procedure (9 months' lead time): the first contract ends 31 Mar 2027, so start by 30 Jun 2026.
  const contract = { start: '2024-04-01', extensionOptions: [], value: 10_000_000, supplier: 'Acme Tyres', categoryId: 'tyres' }
  putContract(docs.council, { ...contract, id: 'c1', end: '2027-03-31' })
  putContract(docs.police, { ...contract, id: 'p1', end: '2027-09-30' })
  const read = readPlanningBoard(board, new Map(Object.entries(docs).map(([id, d]) => [id as OrgId, d])))
  return buildPlanningView(read.value.plans, ORGS, read.value.settings, today as IsoDate, read.value.opportunities)
}

describe('RenewalTimeline start-by dates', () => {
  it('flags a start-by date that has passed', () => {
    const html = renderToStaticMarkup(createElement(RenewalTimeline, { view: viewOn('2026-12-04'), width: 900 }))
    expect(html).toContain('start by 30 Jun 2026')
    expect(html).toMatch(/data-testid="overdue-flag"[^>]*> — overdue by 5 months</)
    expect(html).toContain('Start a joint procurement by 30 Jun 2026 — overdue by 5 months')
  })

  it('says nothing of overdue before the date', () => {
    const html = renderToStaticMarkup(createElement(RenewalTimeline, { view: viewOn('2026-06-01'), width: 900 }))
    expect(html).toContain('start by 30 Jun 2026')
    expect(html).not.toContain('overdue by')
  })
})
