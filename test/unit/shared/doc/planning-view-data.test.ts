/**
 * The planning view with figures from the bodies' spend data (issue 11: "which categories are worth pooling" without
 * typing a figure). Worked example on three Lancashire bodies: Fleet tyres carries ProClass 291120 and no codes of
 * its own, so it links to spend data through its code. The constabulary typed £40,000 by hand but its data says
 * £450,000; the fire service typed nothing and its data says £120,000; the council has no data and keeps its hand
 * £30,000. Default thresholds: £25k → 2, £100k → 3, £500k → 4, £2m → 5.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import type { OrgId } from '../../../../shared/domain/ids.ts'
import type { Pence } from '../../../../shared/domain/money.ts'
import { effectiveSpendCodes } from '../../../../shared/domain/category-plan.ts'
import { readPlanningBoard } from '../../../../shared/doc/planning-doc.ts'
import { createCategory, setOrgEntry } from '../../../../shared/doc/planning-writers.ts'
import { buildPlanningView } from '../../../../shared/doc/planning-view.ts'
import type { DataSpend, DataSpendFigure, OrgInfo } from '../../../../shared/doc/planning-view.ts'
import { dataSpendFromBoardSpend, describeDataSource } from '../../../../shared/doc/data-spend.ts'
import type { BoardSpend } from '../../../../shared/schema/board-spend-api.ts'

const TODAY = '2026-06-01' as IsoDate
const AT = '2026-06-01T09:00:00.000Z'
const PERIOD = '12 months to 31 Mar 2026'
const ORGS: OrgInfo[] = [
  { id: 'police' as OrgId, name: 'Lancashire Constabulary', shortName: 'LC', colour: '#1f77b4' },
  { id: 'council' as OrgId, name: 'Lancashire County Council', shortName: 'LCC', colour: '#2ca02c' },
  { id: 'fire' as OrgId, name: 'Lancashire Fire and Rescue Service', shortName: 'LFRS', colour: '#d62728' },
]
const entry = (pounds: number, mainSuppliers: string[]) => ({ annualSpend: pounds * 100, supplierCount: mainSuppliers.length, mainSuppliers, notes: 'typed', sourceLineIds: [] })
const figure = (pounds: number, transactions: number, mainSuppliers: string[]): DataSpendFigure => ({
  annualPence: (pounds * 100) as Pence,
  periodLabel: PERIOD,
  transactions,
  suppliers: mainSuppliers.length,
  mainSuppliers,
})

function build(dataSpend?: DataSpend) {
  const board = new Y.Doc()
  const docs = { council: new Y.Doc(), police: new Y.Doc(), fire: new Y.Doc() }
  createCategory(board, { id: 'tyres', name: 'Fleet tyres', proclassCode: '291120', supplyRisk: 2, profitImpact: 1 }, 'ann', AT)
  createCategory(board, { id: 'legal', name: 'Legal services', supplyRisk: 2 }, 'ann', AT)
  setOrgEntry(docs.council, 'tyres', entry(30_000, ['Kwik Fit']))
  setOrgEntry(docs.police, 'tyres', entry(40_000, ['Kwik Fit']))
  setOrgEntry(docs.council, 'legal', entry(10_000, []))
  const read = readPlanningBoard(board, new Map<OrgId, Y.Doc>(Object.entries(docs).map(([id, d]) => [id as OrgId, d])))
  expect(read.problems).toEqual([])
  return buildPlanningView(read.value.plans, ORGS, read.value.settings, TODAY, read.value.opportunities, dataSpend)
}

const DATA: DataSpend = new Map([
  ['tyres', new Map([['police', figure(450_000, 120, ['Acme Tyres Ltd', 'Bee Wheels'])], ['fire', figure(120_000, 31, ['ACME TYRES LIMITED'])]])],
  // Stale: Legal services is linked to no codes, so a figure for it is ignored.
  ['legal', new Map([['council', figure(999_999, 5, [])]])],
])

describe('buildPlanningView with figures from spend data', () => {
  const hand = build()
  const data = build(DATA)
  const tyres = (v: ReturnType<typeof build>) => v.categories.find((c) => c.id === 'tyres') ?? expect.fail('no tyres')
  const org = (v: ReturnType<typeof build>, id: string) => tyres(v).orgs.find((o) => o.org.id === id) ?? expect.fail(`no ${id}`)

  it('links the category to spend data through its ProClass code', () => {
    expect(tyres(data).spendCodes).toEqual(['291120'])
    expect(tyres(data).listedSpendCodes).toEqual([])
  })

  it('counts a body’s data figure instead of its hand entry, and keeps the hand entry for bodies without data', () => {
    expect(org(data, 'police')).toMatchObject({ source: 'data', handSpend: 4_000_000, hasEntry: true, supplierCount: 2, notes: 'typed' })
    expect(org(data, 'police').annualSpend.value).toBe(45_000_000)
    expect(org(data, 'police').annualSpend.sources).toEqual([{ kind: 'spend-data', categoryId: 'tyres', orgId: 'police', periodLabel: PERIOD, transactions: 120 }])
    expect(org(data, 'police').data).toMatchObject({ periodLabel: PERIOD, transactions: 120 })
    expect(org(data, 'council')).toMatchObject({ source: 'hand', handSpend: 3_000_000, data: null })
    expect(org(data, 'council').annualSpend.sources).toEqual([{ kind: 'org-entry', categoryId: 'tyres', orgId: 'council' }])
    // A body with data and no hand entry takes part on its data alone.
    expect(org(data, 'fire')).toMatchObject({ source: 'data', handSpend: null, hasEntry: true })
    expect(org(data, 'fire').annualSpend.value).toBe(12_000_000)
    // £450,000 + £30,000 + £120,000, shares to exactly 10000.
    expect(tyres(data).pooledSpend.value).toBe(60_000_000)
    expect(tyres(data).orgs.reduce((n, o) => n + (o.shareBps?.value ?? 0), 0)).toBe(10_000)
    expect(data.orgTotals.find((t) => t.org.id === 'fire')?.spend.value).toBe(12_000_000)
    // Without the data, the hand figures alone: £70,000.
    expect(tyres(hand).pooledSpend.value).toBe(7_000_000)
    expect(org(hand, 'police')).toMatchObject({ source: 'hand', data: null })
  })

  it('takes profit impact from pooled data spend: £600,000 crosses the £500,000 threshold for 4; the hand score is not used', () => {
    expect(tyres(hand).quadrants.profitImpact).toMatchObject({ score: 2, basis: { kind: 'spend' } })
    expect(tyres(data).quadrants.profitImpact).toMatchObject({ score: 4, basis: { kind: 'spend', annualSpend: 60_000_000, threshold: 50_000_000 }, unusedHandScore: 1 })
    expect(tyres(data).quadrants.placement?.value).toMatchObject({ quadrant: 'leverage', basis: 'spend', profitImpact: 4 })
    expect(tyres(data).quadrants.placement?.sources).toContainEqual({ kind: 'spend-data', categoryId: 'tyres', orgId: 'fire', periodLabel: PERIOD, transactions: 31 })
  })

  it('compares each body alone on the figure that counts: pooling turns the council’s noncritical into leverage', () => {
    expect(tyres(hand).quadrants.isChangedWhenPooled).toBe(false)
    expect(org(data, 'police').alone?.value).toMatchObject({ annualSpend: 45_000_000, profitImpact: 3, quadrant: 'leverage' })
    expect(org(data, 'council').alone?.value).toMatchObject({ annualSpend: 3_000_000, profitImpact: 2, quadrant: 'noncritical' })
    expect(data.changedWhenPooled).toEqual(['tyres'])
    expect(data.leverageWhenPooled).toEqual(['tyres'])
  })

  it('ranks the opportunity on combined data spend × the assumed rate, traced to the data', () => {
    const opportunity = data.opportunities.find((o) => o.categoryId === 'tyres') ?? expect.fail('no opportunity')
    expect(opportunity.combinedSpend.value).toBe(60_000_000)
    expect(opportunity.orgIds).toEqual(['council', 'fire', 'police'])
    // Leverage: 8% of £600,000.
    expect(opportunity.estimatedSaving?.value).toBe(4_800_000)
    expect(opportunity.combinedSpend.sources.map((s) => s.kind).sort()).toEqual(['org-entry', 'spend-data', 'spend-data'])
    expect(opportunity.estimatedSaving?.sources.some((s) => s.kind === 'org-entry' && s.orgId === 'police')).toBe(false)
    // Suppliers shared by name across the bodies' data (Acme, as both files name it).
    expect(tyres(data).sharedSuppliers.map((s) => s.orgIds)).toEqual([['fire', 'police']])
    expect(hand.opportunities.find((o) => o.categoryId === 'tyres')?.combinedSpend.value).toBe(7_000_000)
  })

  it('ignores figures for a category linked to no codes', () => {
    const legal = data.categories.find((c) => c.id === 'legal')
    expect(legal?.spendCodes).toEqual([])
    expect(legal?.pooledSpend.value).toBe(1_000_000)
    expect(legal?.orgs.map((o) => o.source)).toEqual(['hand'])
  })
})

describe('effectiveSpendCodes', () => {
  it('is the category’s own list, else its ProClass code, else nothing', () => {
    expect(effectiveSpendCodes({ proclassCode: '291120', spendCodes: [] })).toEqual(['291120'])
    expect(effectiveSpendCodes({ proclassCode: '291120' })).toEqual(['291120'])
    expect(effectiveSpendCodes({ proclassCode: '291120', spendCodes: ['2911', '3211'] })).toEqual(['2911', '3211'])
    expect(effectiveSpendCodes({ spendCodes: [] })).toEqual([])
    expect(effectiveSpendCodes({ proclassCode: null, spendCodes: [] })).toEqual([])
  })
})

describe('dataSpendFromBoardSpend', () => {
  const cell = (orgId: string, source: 'data' | 'hand' | 'none', annualisedPence: number, transactions: number) => ({
    orgId,
    source,
    totalPence: annualisedPence,
    annualisedPence,
    transactions,
    suppliers: transactions > 0 ? 1 : 0,
    withheldPence: 0,
    periodLabel: source === 'data' ? PERIOD : 'entered by hand',
    handEnteredPence: source === 'hand' ? 100 : null,
    topSuppliers: transactions > 0 ? [{ key: 'acme', name: 'Acme', totalPence: annualisedPence, transactions }] : [],
  })
  const spend = {
    boardId: 'b',
    version: '1',
    orgs: [],
    categories: [
      {
        categoryId: 'tyres',
        byOrg: [cell('police', 'data', 500, 3), cell('fire', 'data', 0, 0), cell('council', 'hand', 0, 0), cell('nhs', 'data', -50, 1)],
        shared: { count: 1, totalPence: 900, suppliers: [{ key: 'bee', name: 'Bee Wheels', totalPence: 900, transactions: 2, byOrg: [{ orgId: 'nhs', totalPence: 400, transactions: 1 }, { orgId: 'police', totalPence: 500, transactions: 1 }] }] },
      },
    ],
  } as unknown as BoardSpend

  it('keeps only figures from data with payments under the codes (a net credit or no payments leaves the hand entry), naming its largest then its shared suppliers', () => {
    const out = dataSpendFromBoardSpend(spend)
    expect([...(out.get('tyres')?.keys() ?? [])]).toEqual(['police'])
    expect(out.get('tyres')?.get('police')).toEqual({ annualPence: 500, periodLabel: PERIOD, transactions: 3, suppliers: 1, mainSuppliers: ['Acme', 'Bee Wheels'] })
    expect(dataSpendFromBoardSpend(null).size).toBe(0)
  })

  it('says where a figure comes from', () => {
    expect(describeDataSource('Bolton', PERIOD, 1204)).toBe('from Bolton’s spend data, 12 months to 31 Mar 2026, 1,204 payments')
  })
})
