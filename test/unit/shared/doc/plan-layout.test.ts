/**
 * Tests for shared/doc/plan-layout.ts and the part-by-part plan writers: two replicas edit different parts of one
 * card's specification or plan at the same moment, exchange updates, and both changes survive; old boards holding
 * whole-value `specification` / `plan` are read, upgraded, and two clients upgrading at once converge without
 * duplicate items. Also: work in progress (a RACI activity with no Accountable) is a note, not a problem.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { OrgId } from '../../../../shared/domain/ids.ts'
import { readCategories, readPlanningBoard } from '../../../../shared/doc/planning-doc.ts'
import { CATEGORIES_KEY } from '../../../../shared/doc/planning-schema.ts'
import { hasLegacyPlan, itemKey, legacyItemId } from '../../../../shared/doc/plan-layout.ts'
import { describeProblem } from '../../../../shared/doc/planning-notes.ts'
import {
  addMilestone,
  addRaciActivity,
  createCategory,
  removePlanItem,
  setListLines,
  setOrgEntry,
  setRaciRole,
  setSavingsTarget,
  setSpecificationText,
  updateMilestone,
  upgradeLegacyPlans,
} from '../../../../shared/doc/planning-writers.ts'

const AT = '2025-06-01T09:30:00.000Z'

/** Exchanges every missing update between the two replicas (both directions). */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
  Y.applyUpdate(b, toB)
  Y.applyUpdate(a, toA)
}

/** Two replicas of one board with one card, already in sync. Client ids are fixed so the LWW winner is known. */
function twoReplicas(setup?: (doc: Y.Doc) => void): [Y.Doc, Y.Doc] {
  const a = new Y.Doc()
  a.clientID = 1
  const b = new Y.Doc()
  b.clientID = 2
  createCategory(a, { id: 'tyres', name: 'Fleet tyres' }, 'ann', AT)
  setup?.(a)
  exchange(a, b)
  return [a, b]
}

const card = (doc: Y.Doc) => {
  const c = readCategories(doc).value.find((x) => x.id === 'tyres')
  if (!c) throw new Error('card missing')
  return c
}

const must = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('concurrent edits of different parts both survive', () => {
  it('"Need" and "Want" edited at the same moment', () => {
    const [a, b] = twoReplicas()
    must(setSpecificationText(a, 'tyres', 'need', 'Road-legal tyres within 24 hours'))
    must(setSpecificationText(b, 'tyres', 'want', 'Branded tyres'))
    exchange(a, b)
    for (const doc of [a, b]) expect(card(doc).specification).toMatchObject({ need: 'Road-legal tyres within 24 hours', want: 'Branded tyres' })
  })

  it('two milestones edited at the same moment', () => {
    const [a, b] = twoReplicas((doc) => {
      must(addMilestone(doc, 'tyres', { title: 'Agree specification', owner: '', due: '2026-01-31' }, 'm1'))
      must(addMilestone(doc, 'tyres', { title: 'Award', owner: '', due: '2026-06-30' }, 'm2'))
    })
    must(updateMilestone(a, 'tyres', 'm1', { owner: 'Ann' }))
    must(updateMilestone(b, 'tyres', 'm2', { due: '2026-07-31', title: 'Award the contract' }))
    exchange(a, b)
    for (const doc of [a, b]) {
      expect(card(doc).plan.milestones).toEqual([
        { id: 'm1', title: 'Agree specification', owner: 'Ann', due: '2026-01-31' },
        { id: 'm2', title: 'Award the contract', owner: '', due: '2026-07-31' },
      ])
    }
  })

  it('two fields of one milestone edited at the same moment', () => {
    const [a, b] = twoReplicas((doc) => must(addMilestone(doc, 'tyres', { title: 'Award', owner: '', due: '2026-06-30' }, 'm1')))
    must(updateMilestone(a, 'tyres', 'm1', { owner: 'Ann' }))
    must(updateMilestone(b, 'tyres', 'm1', { due: '2026-09-30' }))
    exchange(a, b)
    for (const doc of [a, b]) expect(card(doc).plan.milestones).toEqual([{ id: 'm1', title: 'Award', owner: 'Ann', due: '2026-09-30' }])
  })

  it('two RACI cells set at the same moment', () => {
    const [a, b] = twoReplicas((doc) => must(addRaciActivity(doc, 'tyres', 'Sign-off of specification', 'r1')))
    must(setRaciRole(a, 'tyres', 'r1', 'council', 'A'))
    must(setRaciRole(b, 'tyres', 'r1', 'police', 'C'))
    exchange(a, b)
    for (const doc of [a, b]) expect(card(doc).plan.governance).toEqual([{ id: 'r1', activity: 'Sign-off of specification', assignments: { council: 'A', police: 'C' } }])
  })

  it('two milestones added at the same moment: both are kept', () => {
    const [a, b] = twoReplicas()
    must(addMilestone(a, 'tyres', { title: 'Market engagement', owner: 'Ann', due: '2026-02-28' }))
    must(addMilestone(b, 'tyres', { title: 'Tender published', owner: 'Dev', due: '2026-04-30' }))
    exchange(a, b)
    for (const doc of [a, b]) expect(card(doc).plan.milestones.map((m) => m.title)).toEqual(['Market engagement', 'Tender published'])
  })

  it('two different objective lines edited at the same moment', () => {
    const [a, b] = twoReplicas((doc) => must(setListLines(doc, 'tyres', 'objectives', ['One contract', 'Fewer suppliers', 'Lower cost'])))
    must(setListLines(a, 'tyres', 'objectives', ['One contract for both bodies', 'Fewer suppliers', 'Lower cost']))
    must(setListLines(b, 'tyres', 'objectives', ['One contract', 'Fewer suppliers', 'Lower whole-life cost', 'Social value']))
    exchange(a, b)
    for (const doc of [a, b]) expect(card(doc).plan.objectives).toEqual(['One contract for both bodies', 'Fewer suppliers', 'Lower whole-life cost', 'Social value'])
  })

  it('a line inserted in the middle keeps the other lines as they were', () => {
    const [a] = twoReplicas((doc) => must(setListLines(doc, 'tyres', 'outputMeasures', ['Fitted within 24h', 'No repeat failures'])))
    const before = a.getMap<Y.Map<unknown>>(CATEGORIES_KEY).get('tyres')?.toJSON() as Record<string, unknown>
    must(setListLines(a, 'tyres', 'outputMeasures', ['Fitted within 24h', 'Invoices right first time', 'No repeat failures']))
    expect(card(a).specification.outputMeasures).toEqual(['Fitted within 24h', 'Invoices right first time', 'No repeat failures'])
    const after = a.getMap<Y.Map<unknown>>(CATEGORIES_KEY).get('tyres')?.toJSON() as Record<string, unknown>
    for (const [key, value] of Object.entries(before)) if (key.startsWith('spec.outputMeasure:')) expect(after[key]).toEqual(value)
  })

  it('delete against edit: removing a milestone wins over a concurrent edit of it, and other edits survive', () => {
    const [a, b] = twoReplicas((doc) => {
      must(addMilestone(doc, 'tyres', { title: 'Award', owner: '', due: '2026-06-30' }, 'm1'))
      must(addMilestone(doc, 'tyres', { title: 'Go live', owner: '', due: '2026-09-30' }, 'm2'))
    })
    must(removePlanItem(a, 'tyres', 'milestones', 'm1'))
    must(updateMilestone(b, 'tyres', 'm1', { owner: 'Dev' }))
    must(updateMilestone(b, 'tyres', 'm2', { owner: 'Dev' }))
    exchange(a, b)
    for (const doc of [a, b]) expect(card(doc).plan.milestones).toEqual([{ id: 'm2', title: 'Go live', owner: 'Dev', due: '2026-09-30' }])
    // Editing the removed milestone afterwards is refused with a clear reason.
    const late = updateMilestone(b, 'tyres', 'm1', { owner: 'Dev' })
    expect(late.ok).toBe(false)
    if (!late.ok) expect(late.error.code).toBe('not-found')
  })

  it('savings target and a specification field edited at once', () => {
    const [a, b] = twoReplicas()
    must(setSavingsTarget(a, 'tyres', 5_000_000))
    must(setSpecificationText(b, 'tyres', 'outcome', 'No vehicle off road'))
    exchange(a, b)
    for (const doc of [a, b]) {
      expect(card(doc).plan.savingsTarget).toBe(5_000_000)
      expect(card(doc).specification.outcome).toBe('No vehicle off road')
    }
  })
})

/** A card as an older Pooled wrote it: whole plain-JSON `specification` and `plan` values. */
function legacyBoard(): Y.Doc {
  const doc = new Y.Doc()
  createCategory(doc, { id: 'tyres', name: 'Fleet tyres' }, 'ann', AT)
  const map = doc.getMap<Y.Map<unknown>>(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>
  doc.transact(() => {
    map.set('specification', { currentRequirement: 'Call-off', need: 'Tyres within 24h', want: 'Branded', outcome: '', outputMeasures: ['Fitted within 24h'] })
    map.set('plan', {
      objectives: ['One contract', 'Fewer suppliers'],
      milestones: [{ title: 'Agree specification', owner: 'Ann', due: '2026-01-31' }, { title: 'Award', owner: '', due: '2026-06-30' }],
      savingsTarget: 2_500_000,
      route: 'open-procedure',
      governance: [{ activity: 'Sign-off of specification', assignments: { council: 'A', police: 'C' } }],
    })
  })
  return doc
}

const LEGACY_READ = {
  specification: { currentRequirement: 'Call-off', need: 'Tyres within 24h', want: 'Branded', outcome: '', outputMeasures: ['Fitted within 24h'] },
  plan: {
    objectives: ['One contract', 'Fewer suppliers'],
    milestones: [
      { id: 'legacy-0', title: 'Agree specification', owner: 'Ann', due: '2026-01-31' },
      { id: 'legacy-1', title: 'Award', owner: '', due: '2026-06-30' },
    ],
    savingsTarget: 2_500_000,
    route: 'open-procedure',
    governance: [{ id: 'legacy-0', activity: 'Sign-off of specification', assignments: { council: 'A', police: 'C' } }],
  },
}

describe('old boards (whole-value specification and plan)', () => {
  it('are read as they are', () => {
    const doc = legacyBoard()
    const read = readCategories(doc)
    expect(read.problems).toEqual([])
    expect(read.value[0]).toMatchObject(LEGACY_READ)
  })

  it('are upgraded to the per-part layout with the same content, once', () => {
    const doc = legacyBoard()
    expect(upgradeLegacyPlans(doc)).toBe(1)
    const map = doc.getMap<Y.Map<unknown>>(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>
    expect(hasLegacyPlan(map)).toBe(false)
    expect(map.get(itemKey('milestones', legacyItemId(1)))).toBeInstanceOf(Y.Map)
    expect(readCategories(doc)).toMatchObject({ problems: [], value: [LEGACY_READ] })
    // Idempotent: nothing left to do, nothing written.
    const before = Y.encodeStateAsUpdate(doc)
    expect(upgradeLegacyPlans(doc)).toBe(0)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })

  it('the first edit upgrades the card in the same transaction, and the edit lands in the new layout', () => {
    const doc = legacyBoard()
    let updates = 0
    doc.on('update', () => (updates += 1))
    must(updateMilestone(doc, 'tyres', 'legacy-1', { owner: 'Dev' }))
    expect(updates).toBe(1)
    const map = doc.getMap<Y.Map<unknown>>(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>
    expect(hasLegacyPlan(map)).toBe(false)
    expect(card(doc).plan.milestones[1]).toEqual({ id: 'legacy-1', title: 'Award', owner: 'Dev', due: '2026-06-30' })
    expect(card(doc).specification.need).toBe('Tyres within 24h')
  })

  it('two clients upgrading the same old card at once converge, with no duplicate items', () => {
    const a = legacyBoard()
    a.clientID = 1
    const b = new Y.Doc()
    b.clientID = 2
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(upgradeLegacyPlans(a)).toBe(1)
    expect(upgradeLegacyPlans(b)).toBe(1)
    exchange(a, b)
    for (const doc of [a, b]) {
      const read = readCategories(doc)
      expect(read.problems).toEqual([])
      expect(read.value[0]).toMatchObject(LEGACY_READ)
    }
    expect(a.getMap(CATEGORIES_KEY).toJSON()).toEqual(b.getMap(CATEGORIES_KEY).toJSON())
  })

  it('after both upgrade on load, edits of two parts made at once both survive', () => {
    const a = legacyBoard()
    a.clientID = 1
    const b = new Y.Doc()
    b.clientID = 2
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    upgradeLegacyPlans(a)
    upgradeLegacyPlans(b)
    exchange(a, b)
    must(setSpecificationText(a, 'tyres', 'need', 'Tyres within 12h'))
    must(setSpecificationText(b, 'tyres', 'want', 'Any brand'))
    must(setRaciRole(a, 'tyres', 'legacy-0', 'police', 'R'))
    must(setRaciRole(b, 'tyres', 'legacy-0', 'fire', 'I'))
    exchange(a, b)
    for (const doc of [a, b]) {
      expect(card(doc).specification).toMatchObject({ need: 'Tyres within 12h', want: 'Any brand' })
      expect(card(doc).plan.governance[0]?.assignments).toEqual({ council: 'A', police: 'R', fire: 'I' })
    }
  })

  it('an unreadable old value is reported, kept, and not upgraded away', () => {
    const doc = new Y.Doc()
    createCategory(doc, { id: 'tyres', name: 'Fleet tyres' }, 'ann', AT)
    const map = doc.getMap<Y.Map<unknown>>(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>
    map.set('plan', { objectives: 'not a list' })
    upgradeLegacyPlans(doc)
    expect(map.has('plan')).toBe(true)
    expect(readCategories(doc).problems.map((p) => p.path)).toContain('categories.tyres.plan.objectives')
  })
})

describe('bad items are reported, not thrown', () => {
  it('an item that is not a Y.Map, a bad field and a bad RACI letter are left out and named', () => {
    const doc = new Y.Doc()
    createCategory(doc, { id: 'tyres', name: 'Fleet tyres' }, 'ann', AT)
    must(addRaciActivity(doc, 'tyres', 'Award', 'r1'))
    const map = doc.getMap<Y.Map<unknown>>(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>
    doc.transact(() => {
      map.set(itemKey('milestones', 'plain'), { title: 'JSON' })
      const bad = new Y.Map<unknown>()
      bad.set('title', 42)
      map.set(itemKey('milestones', 'm2'), bad)
      ;(map.get(itemKey('governance', 'r1')) as Y.Map<unknown>).set('role.council', 'X')
      map.set('spec.need', 7)
    })
    const read = readCategories(doc)
    expect(read.value[0]?.plan.milestones).toEqual([])
    expect(read.value[0]?.plan.governance).toEqual([{ id: 'r1', activity: 'Award', assignments: {} }])
    expect(read.value[0]?.specification.need).toBe('')
    expect(read.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['categories.tyres.plan.milestones.plain', 'categories.tyres.plan.milestones.m2.title', 'categories.tyres.plan.governance.r1.assignments.council', 'categories.tyres.specification.need']),
    )
    const names = new Map([['tyres', 'Fleet tyres']])
    expect(read.problems.map((p) => describeProblem(p, names))).toEqual(expect.arrayContaining([expect.stringMatching(/^Fleet tyres, specification: Need \(/), expect.stringMatching(/^Fleet tyres, plan: a milestone \(/)]))
  })
})

describe('work in progress is not a problem', () => {
  it('a RACI activity with no Accountable yet is an incomplete note naming it, not unreadable content', () => {
    const board = new Y.Doc()
    const council = new Y.Doc()
    createCategory(board, { id: 'tyres', name: 'Fleet tyres' }, 'ann', AT)
    must(setOrgEntry(council, 'tyres', { annualSpend: 100, supplierCount: 1, mainSuppliers: [], notes: '', sourceLineIds: [] }))
    must(addRaciActivity(board, 'tyres', 'Sign-off of specification', 'r1'))
    must(setRaciRole(board, 'tyres', 'r1', 'council', 'R'))
    const read = readPlanningBoard(board, new Map([['council' as OrgId, council]]))
    expect(read.problems).toEqual([])
    expect(read.value.incomplete).toEqual([{ categoryId: 'tyres', categoryName: 'Fleet tyres', path: 'plan.governance.r1', message: "RACI: 'Sign-off of specification' has no Accountable yet" }])
    must(setRaciRole(board, 'tyres', 'r1', 'council', 'A'))
    const done = readPlanningBoard(board, new Map([['council' as OrgId, council]]))
    expect(done.problems).toEqual([])
    expect(done.value.incomplete).toEqual([])
  })
})
