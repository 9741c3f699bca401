/**
 * Tests for shared/doc/planning-value-check.ts through the server's one-pass update check: every value the planning
 * writers write passes, and values no writer writes are refused with a short reason.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { checkUpdate } from '../../../../server/sync/update-check.ts'
import { createPlanningInspector } from '../../../../server/http/sync-access.ts'
import { checkBoardDocValue, checkOrgDocValue } from '../../../../shared/doc/planning-value-check.ts'
import { CATEGORIES_KEY } from '../../../../shared/doc/planning-schema.ts'
import {
  addMilestone,
  addOpportunity,
  addRaciActivity,
  createCategory,
  putContract,
  setListLines,
  setOrgEntry,
  setPlanningSettings,
  setPlanRoute,
  setRaciRole,
  setSavingsTarget,
  setSpecificationText,
  updateCategoryField,
  upgradeLegacyPlans,
} from '../../../../shared/doc/planning-writers.ts'

const AT = '2025-06-01T09:30:00.000Z'
const ENTRY = { annualSpend: 100, supplierCount: 1, mainSuppliers: ['Acme'], notes: '', sourceLineIds: [] }

const check = (kind: 'board' | 'org', doc: Y.Doc) => checkUpdate(Y.encodeStateAsUpdate(doc), new Map(), createPlanningInspector(kind))

describe('what the writers write passes', () => {
  it('board document: cards, every part of the plan, settings, opportunities, and an upgraded old card', () => {
    const doc = new Y.Doc()
    createCategory(doc, { id: 'tyres', name: 'Fleet tyres', proclassCode: '291120', supplyRisk: 2 }, 'ann', AT)
    updateCategoryField(doc, 'tyres', 'cpvCodes', ['34350000'])
    updateCategoryField(doc, 'tyres', 'spendCodes', ['29', '3211', '321115'])
    setSpecificationText(doc, 'tyres', 'need', 'x'.repeat(2000))
    setListLines(doc, 'tyres', 'objectives', ['One contract', 'Fewer suppliers'])
    setListLines(doc, 'tyres', 'outputMeasures', ['Fitted within 24h'])
    addMilestone(doc, 'tyres', { title: 'Award', owner: 'Ann', due: '2026-06-30' }, 'm1')
    addRaciActivity(doc, 'tyres', 'Award', 'r1')
    setRaciRole(doc, 'tyres', 'r1', 'council', 'A')
    setSavingsTarget(doc, 'tyres', 5_000_000)
    setPlanRoute(doc, 'tyres', 'open-procedure')
    setPlanningSettings(doc, { thresholds: { score2: 1, score3: 2, score4: 3, score5: 4 }, renewalWindowMonths: 12, defaultRoute: 'dynamic-market', leadTimeMonths: { 'open-procedure': 6 }, savingsRatesBps: { leverage: 500 } })
    addOpportunity(doc, { id: 'o1', title: 'Joint tender', categoryIds: ['tyres'] }, 'ann', AT)
    expect(check('board', doc)).toMatchObject({ ok: true })
    // An old whole-value plan, upgraded: what the upgrade writes passes too.
    const old = new Y.Doc()
    createCategory(old, { id: 'tyres', name: 'Fleet tyres' }, 'ann', AT)
    const card = old.getMap<Y.Map<unknown>>(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>
    card.set('plan', { objectives: ['a'], milestones: [{ title: 'm', owner: '', due: '2026-01-01' }], savingsTarget: 1, governance: [{ activity: 'x', assignments: { council: 'A' } }] })
    const sv = Y.encodeStateVector(old)
    upgradeLegacyPlans(old)
    expect(checkUpdate(Y.encodeStateAsUpdate(old, sv), Y.decodeStateVector(sv), createPlanningInspector('board'))).toMatchObject({ ok: true })
  })

  it('organisation document: entries and contracts', () => {
    const doc = new Y.Doc()
    setOrgEntry(doc, 'tyres', { ...ENTRY, contractEnd: '2027-03-31', sourceLineIds: ['src:12'] })
    putContract(doc, { id: 'c1', categoryId: 'tyres', supplier: 'Acme', start: '2025-01-01', end: '2027-03-31', extensionOptions: [12], value: 1, route: 'open-procedure', reference: 'R1' })
    expect(check('org', doc)).toMatchObject({ ok: true })
  })
})

describe('values no writer writes are refused', () => {
  it.each([
    ['negative spend', { ...ENTRY, annualSpend: -1 }],
    ['a contract ending before it starts', { id: 'c1', categoryId: 'tyres', supplier: 'Acme', start: '2025-01-01', end: '2024-01-01', extensionOptions: [], value: 1 }],
    ['a number', 5],
    ['a list', [ENTRY]],
    ['null', null],
    ['a tldraw record', { typeName: 'shape', id: 'shape:x' }],
  ])('organisation document: %s', (_what, value) => {
    expect(checkOrgDocValue(value)).toEqual(expect.any(String))
  })

  it.each([
    ['an old whole-value plan', { objectives: [], milestones: [], savingsTarget: 0, governance: [] }],
    ['an opportunity with no categories', { id: 'o1', title: 'x', categoryIds: [], status: 'proposed', note: '', createdAt: AT, createdBy: 'u' }],
    ['thresholds that do not increase', { score2: 5, score3: 4, score4: 3, score5: 2 }],
    ['an old whole-value specification', { currentRequirement: '', need: 'x', want: '', outcome: '', outputMeasures: [] }],
    ['a list of objects', [{ a: 1 }]],
    ['null', null],
    ['undefined', undefined],
    ['a non-finite number', Number.NaN],
    ['a bigint', 10n],
    ['an over-long text', 'x'.repeat(2001)],
  ])('board document: %s', (_what, value) => {
    expect(checkBoardDocValue(value)).toEqual(expect.any(String))
  })

  it('board document: tldraw records and schema are left to the record check; plain values pass', () => {
    for (const value of [{ typeName: 'shape', id: 'shape:x' }, { schemaVersion: 2, sequences: {} }, { id: 'shape:x', x: 1 }, 'text', 3, true, ['34350000']]) expect(checkBoardDocValue(value)).toBeNull()
  })

  it('refusals fit a websocket close reason', () => {
    const doc = new Y.Doc()
    doc.getMap('opportunities').set('o1', { id: 'o1', title: 'x', categoryIds: ['tyres'], status: 'maybe', note: 'x'.repeat(500), createdAt: AT, createdBy: 'u' })
    const result = check('board', doc)
    expect(result).toMatchObject({ ok: false, reason: 'content-refused' })
    if (!result.ok) expect(result.detail).toMatch(/^malformed opportunity card/)
  })
})
