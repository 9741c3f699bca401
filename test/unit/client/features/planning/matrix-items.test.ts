/**
 * What the live Kraljic matrix plots and says (issue 10 A5): one placement rule for the pooled markers, and a
 * "Change quadrant when pooled" empty state that is true whatever has been entered.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { changedWhenPooledState, matrixContent } from '../../../../../client/canvas/planning/matrix-items'
import { createMatrixModeStore } from '../../../../../client/canvas/planning/matrix-view-mode'
import { readPlanningBoard } from '../../../../../shared/doc/planning-doc'
import { buildPlanningView, type OrgInfo } from '../../../../../shared/doc/planning-view'
import { createCategory, setOrgEntry } from '../../../../../shared/doc/planning-writers'
import type { IsoDate } from '../../../../../shared/domain/dates'
import type { OrgId } from '../../../../../shared/domain/ids'

const AT = '2025-06-01T09:00:00.000Z'
const ORGS: OrgInfo[] = [
  { id: 'a' as OrgId, name: 'Council', shortName: 'LCC', colour: '#1f77b4' },
  { id: 'b' as OrgId, name: 'Police', shortName: 'LC', colour: '#2ca02c' },
]
const entry = (pounds: number) => ({ annualSpend: pounds * 100, supplierCount: 1, mainSuppliers: [], notes: '', sourceLineIds: [] })

interface Cat { id: string; supplyRisk?: number; profitImpact?: number; spend?: Partial<Record<'a' | 'b', number>> }
function viewOf(cats: readonly Cat[]) {
  const board = new Y.Doc()
  const docs = { a: new Y.Doc(), b: new Y.Doc() }
  for (const c of cats) {
    createCategory(board, { id: c.id, name: c.id, ...(c.supplyRisk ? { supplyRisk: c.supplyRisk } : {}), ...(c.profitImpact ? { profitImpact: c.profitImpact } : {}) }, 'u', AT)
    for (const [org, pounds] of Object.entries(c.spend ?? {})) {
      setOrgEntry(docs[org as 'a' | 'b'], c.id, entry(pounds))
    }
  }
  const read = readPlanningBoard(board, new Map(Object.entries(docs).map(([k, d]) => [k as OrgId, d])))
  return buildPlanningView(read.value.plans, ORGS, read.value.settings, '2025-06-01' as IsoDate)
}

describe('changedWhenPooledState', () => {
  it('says "none yet, enter…" only while nothing can be compared', () => {
    expect(changedWhenPooledState(viewOf([])).kind).toBe('nothing-to-compare')
    expect(changedWhenPooledState(viewOf([{ id: 'x', supplyRisk: 2, spend: { a: 50_000 } }]))).toEqual({ kind: 'nothing-to-compare', hint: expect.stringContaining('two or more organisations') })
    expect(changedWhenPooledState(viewOf([{ id: 'x', spend: { a: 50_000, b: 50_000 } }]))).toEqual({ kind: 'nothing-to-compare', hint: expect.stringContaining('Score supply risk') })
  })

  it('with everything entered and no category moving, says none changes (not "enter spend")', () => {
    // £600k and £700k are each impact 4 alone, £1.3m is 4 pooled: same quadrant alone and pooled.
    const state = changedWhenPooledState(viewOf([{ id: 'legal', supplyRisk: 3, spend: { a: 600_000, b: 700_000 } }]))
    expect(state).toEqual({ kind: 'none-changed', comparedCount: 1 })
  })

  it('lists the categories that change quadrant', () => {
    // £60k + £60k: impact 2 alone (non-critical), £120k pooled is 3 → leverage.
    expect(changedWhenPooledState(viewOf([{ id: 'tyres', supplyRisk: 2, spend: { a: 60_000, b: 60_000 } }]))).toEqual({ kind: 'changed', categoryIds: ['tyres'] })
  })
})

describe('matrixContent: pooled markers follow the one profit impact rule', () => {
  it('spend overrides the hand score; without spend the hand score is used (hollow marker)', () => {
    const view = viewOf([
      { id: 'fuel', supplyRisk: 2, profitImpact: 2, spend: { a: 2_400_000 } },
      { id: 'pest', supplyRisk: 4, profitImpact: 4 },
    ])
    const { items } = matrixContent(view, 'pooled')
    expect(items.map((i) => [i.key, i.profitImpact, i.quadrant, i.isFromSpend])).toEqual([
      ['fuel', 5, 'leverage', true],
      ['pest', 4, 'strategic', false],
    ])
  })
})

describe('the alone/pooled toggle is each person’s own view', () => {
  it('one screen’s toggle does not change another screen’s matrix, and nothing is written to the board', () => {
    const mine = createMatrixModeStore()
    const theirs = createMatrixModeStore()
    let notified = 0
    theirs.subscribe(() => notified++)
    mine.set('shape:matrix', 'alone')
    expect(mine.get('shape:matrix')).toBe('alone')
    expect(theirs.get('shape:matrix')).toBe('pooled')
    expect(notified).toBe(0)
  })
})
