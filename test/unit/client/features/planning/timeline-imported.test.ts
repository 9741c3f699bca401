/**
 * The renewal timeline draws imported contracts beside hand-entered ones: Lancashire County Council entered its tyre
 * contract by hand (ends 31 Mar 2027); the constabulary's comes from a published notice (ends 30 Sep 2027, estimated
 * from "for a period of 3 years"). Together they make a renewal window; the imported bar says where it comes from.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { IsoDate } from '../../../../../shared/domain/dates'
import type { OrgId } from '../../../../../shared/domain/ids'
import type { Pence } from '../../../../../shared/domain/money'
import { readPlanningBoard } from '../../../../../shared/doc/planning-doc'
import { createCategory, putContract } from '../../../../../shared/doc/planning-writers'
import { buildPlanningView, type ImportedContract, type OrgInfo } from '../../../../../shared/doc/planning-view'
import { RenewalTimeline } from '../../../../../client/canvas/planning/RenewalTimeline'

const ORGS: OrgInfo[] = [
  { id: 'council' as OrgId, name: 'Lancashire County Council', shortName: 'LCC', colour: '#2ca02c' },
  { id: 'police' as OrgId, name: 'Lancashire Constabulary', shortName: 'LC', colour: '#1f77b4' },
]

const POLICE: ImportedContract = {
  id: 'k1',
  orgId: 'police' as OrgId,
  title: 'Supply of tyres',
  supplier: 'Acme Tyres Ltd',
  valuePence: 9_000_000 as Pence,
  start: '2024-10-01' as IsoDate,
  end: '2027-09-30' as IsoDate,
  endIsEstimated: true,
  endBasis: { kind: 'wording', quote: 'for a period of 3 years' },
  endWithExtensions: null,
  cpvCodes: ['34351100'],
  noticeIds: ['ocds-b5fd17-1'],
  linkReason: { kind: 'cpv', text: "CPV 34351100 is under the category's 34350000" },
  origin: 'notice',
  source: { filename: 'police.json', place: 'release 1' },
  reference: '',
  url: '',
}

function render(imported: readonly ImportedContract[]) {
  const board = new Y.Doc()
  const docs = { council: new Y.Doc(), police: new Y.Doc() }
  createCategory(board, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, 'ann', '2026-01-01T09:00:00.000Z')
  putContract(docs.council, { id: 'c1', categoryId: 'tyres', supplier: 'Kwik Fit', start: '2024-04-01', end: '2027-03-31', extensionOptions: [], value: 10_000_000 })
  const read = readPlanningBoard(board, new Map(Object.entries(docs).map(([id, d]) => [id as OrgId, d])))
  const view = buildPlanningView(read.value.plans, ORGS, read.value.settings, '2026-06-01' as IsoDate, read.value.opportunities, new Map(), new Map([['tyres', imported]]))
  return renderToStaticMarkup(createElement(RenewalTimeline, { view, width: 900 }))
}

describe('RenewalTimeline with imported contracts', () => {
  it('draws the imported contract, marked, and the window it makes with the hand-entered one', () => {
    const html = render([POLICE])
    expect(html.match(/data-testid="timeline-contract"/g)).toHaveLength(2)
    expect(html).toMatch(/data-imported="true" data-contract-end="2027-09-30"/)
    expect(html).toContain('Supply of tyres (from published notices)')
    expect(html).toContain('estimated from the wording: “for a period of 3 years”')
    expect(html.match(/data-testid="renewal-window"/g)).toHaveLength(1)
  })

  it('leaves out an imported contract with no end date', () => {
    const html = render([{ ...POLICE, end: null, endIsEstimated: false, endBasis: { kind: 'unknown', quote: '' } }])
    expect(html.match(/data-testid="timeline-contract"/g)).toHaveLength(1)
    expect(html).not.toContain('renewal-window')
  })
})
