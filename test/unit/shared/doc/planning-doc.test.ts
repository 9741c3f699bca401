/**
 * Tests for shared/doc/planning-doc.ts and planning-writers.ts: round trips through real Y.Docs, field-wise
 * convergence of two replicas, bad content reported (never thrown), and writers that refuse bad input and write nothing.
 */
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { OrgId } from '../../../../shared/domain/ids.ts'
import { DEFAULT_OPPORTUNITY_SETTINGS } from '../../../../shared/domain/opportunities.ts'
import {
  assembleCategoryPlans,
  readCategories,
  readOpportunities,
  readOrgData,
  readPlanningBoard,
  readPlanningSettings,
  UNNAMED_CATEGORY,
} from '../../../../shared/doc/planning-doc.ts'
import {
  CATEGORIES_KEY,
  CONTRACTS_KEY,
  ENTRIES_KEY,
  OPPORTUNITIES_KEY,
  PLANNING_SETTINGS_KEY,
  SETTING_KEYS,
} from '../../../../shared/doc/planning-schema.ts'
import { orgDocName } from '../../../../shared/wire/protocol.ts'
import {
  addOpportunity,
  createCategory,
  deleteCategory,
  putContract,
  removeContract,
  removeOpportunity,
  removeOrgEntry,
  resetPlanningSettings,
  setOrgEntry,
  setPlanningSettings,
  updateCategoryField,
  updateOpportunity,
  addMilestone,
  addRaciActivity,
  setListLines,
  setPlanRoute,
  setRaciRole,
  setSavingsTarget,
  setSpecificationText,
  updateMilestone,
} from '../../../../shared/doc/planning-writers.ts'

const AT = '2025-06-01T09:30:00.000Z'
const ANN = 'user-ann'
const A = 'council' as OrgId
const B = 'police' as OrgId

/** Applies every update of `from` to `to` that `to` lacks (one direction of a sync). */
function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
}

/** Counts the updates a doc emits while `f` runs. */
function updatesDuring(doc: Y.Doc, f: () => void): number {
  let n = 0
  const on = () => (n += 1)
  doc.on('update', on)
  f()
  doc.off('update', on)
  return n
}

const entry = (pounds: number, extra: Record<string, unknown> = {}) => ({
  annualSpend: pounds * 100,
  supplierCount: 2,
  mainSuppliers: ['Acme Tyres Ltd'],
  notes: '',
  sourceLineIds: [],
  ...extra,
})
const contract = (id: string, categoryId: string, end: string, extra: Record<string, unknown> = {}) => ({
  id,
  categoryId,
  supplier: 'Acme Tyres Ltd',
  start: '2022-04-01',
  end,
  extensionOptions: [12],
  value: 32_000_000,
  ...extra,
})

describe('round trips through a real Y.Doc', () => {
  it('spendCodes: written at creation and by field, read back; a card without the key (older boards) reads as none', () => {
    const doc = new Y.Doc()
    expect(createCategory(doc, { id: 'tyres', name: 'Fleet tyres', spendCodes: ['2911', '291120'] }, ANN, AT).ok).toBe(true)
    expect(readCategories(doc).value[0]?.spendCodes).toEqual(['2911', '291120'])
    expect(updateCategoryField(doc, 'tyres', 'spendCodes', ['32']).ok).toBe(true)
    expect(readCategories(doc).value[0]?.spendCodes).toEqual(['32'])
    expect(readPlanningBoard(doc, new Map()).value.plans[0]?.spendCodes).toEqual(['32'])
    // An old card: no spendCodes key at all.
    expect(createCategory(doc, { id: 'legal', name: 'Legal' }, ANN, AT).ok).toBe(true)
    const legal = doc.getMap(CATEGORIES_KEY).get('legal') as Y.Map<unknown>
    expect(legal.has('spendCodes')).toBe(false)
    const read = readCategories(doc)
    expect(read.problems).toEqual([])
    expect(read.value.find((c) => c.id === 'legal')?.spendCodes).toEqual([])
  })

  it.each([
    ['a 3-digit prefix', ['291']],
    ['letters', ['29AB']],
    ['the same code twice', ['2911', '2911']],
    ['21 codes', Array.from({ length: 21 }, (_, i) => String(10 + i))],
  ])('spendCodes refuses %s and writes nothing', (_what, codes) => {
    const doc = new Y.Doc()
    createCategory(doc, { id: 'tyres', name: 'Fleet tyres', spendCodes: ['29'] }, ANN, AT)
    const result = updateCategoryField(doc, 'tyres', 'spendCodes', codes)
    expect(result.ok).toBe(false)
    expect(readCategories(doc).value[0]?.spendCodes).toEqual(['29'])
  })

  it('a bad stored spendCodes value is reported and read as none', () => {
    const doc = new Y.Doc()
    createCategory(doc, { id: 'tyres', name: 'Fleet tyres' }, ANN, AT)
    ;(doc.getMap(CATEGORIES_KEY).get('tyres') as Y.Map<unknown>).set('spendCodes', ['x'])
    const read = readCategories(doc)
    expect(read.value[0]?.spendCodes).toEqual([])
    expect(read.problems[0]?.path).toBe('categories.tyres.spendCodes.0')
  })

  it('a card written field by field reads back exactly, with provenance', () => {
    const doc = new Y.Doc()
    expect(createCategory(doc, { id: 'tyres', name: '  Fleet tyres ', proclassCode: '291120', supplyRisk: 2 }, ANN, AT)).toEqual({ ok: true, value: 'tyres' })
    expect(updateCategoryField(doc, 'tyres', 'owner', 'Ann Smith').ok).toBe(true)
    expect(updateCategoryField(doc, 'tyres', 'status', 'analysing').ok).toBe(true)
    expect(updateCategoryField(doc, 'tyres', 'cpvCodes', ['34350000']).ok).toBe(true)
    expect(updateCategoryField(doc, 'tyres', 'profitImpact', 4).ok).toBe(true)
    const specification = { currentRequirement: 'Tyres on call-off', need: 'Road-legal tyres within 24h', want: 'Branded tyres', outcome: 'No vehicle off road for tyres', outputMeasures: ['Fitted within 24h'] }
    for (const field of ['currentRequirement', 'need', 'want', 'outcome'] as const) expect(setSpecificationText(doc, 'tyres', field, specification[field]).ok).toBe(true)
    expect(setListLines(doc, 'tyres', 'outputMeasures', specification.outputMeasures, () => 'm1').ok).toBe(true)
    expect(setListLines(doc, 'tyres', 'objectives', ['One contract for both bodies'], () => 'o1').ok).toBe(true)
    expect(addMilestone(doc, 'tyres', { title: 'Agree specification', owner: 'Ann', due: '2025-09-30' }, 'ms1')).toEqual({ ok: true, value: 'ms1' })
    expect(setSavingsTarget(doc, 'tyres', 5_000_000).ok).toBe(true)
    expect(setPlanRoute(doc, 'tyres', 'framework-further-competition').ok).toBe(true)
    expect(addRaciActivity(doc, 'tyres', 'Award', 'r1').ok).toBe(true)
    expect(setRaciRole(doc, 'tyres', 'r1', 'council', 'A').ok).toBe(true)
    expect(setRaciRole(doc, 'tyres', 'r1', 'police', 'C').ok).toBe(true)
    const plan = {
      objectives: ['One contract for both bodies'],
      milestones: [{ id: 'ms1', title: 'Agree specification', owner: 'Ann', due: '2025-09-30' }],
      savingsTarget: 5_000_000,
      route: 'framework-further-competition' as const,
      governance: [{ id: 'r1', activity: 'Award', assignments: { council: 'A' as const, police: 'C' as const } }],
    }

    const read = readCategories(doc)
    expect(read.problems).toEqual([])
    expect(read.value).toEqual([
      {
        id: 'tyres',
        name: 'Fleet tyres',
        proclassCode: '291120',
        cpvCodes: ['34350000'],
        spendCodes: [],
        owner: 'Ann Smith',
        status: 'analysing',
        scores: { supplyRisk: 2, profitImpact: 4 },
        specification,
        plan,
        createdAt: AT,
        createdBy: ANN,
      },
    ])
    // The card is a Y.Map of fields, so the field-level layout is what other clients see.
    const map = doc.getMap(CATEGORIES_KEY).get('tyres')
    expect(map).toBeInstanceOf(Y.Map)
    // Clearing an optional field deletes its key.
    expect(updateCategoryField(doc, 'tyres', 'proclassCode', undefined).ok).toBe(true)
    expect((map as Y.Map<unknown>).has('proclassCode')).toBe(false)
    expect(readCategories(doc).value[0]?.proclassCode).toBeUndefined()
  })

  it('organisation entries and contracts round trip, and the organisation comes from the document', () => {
    const orgDoc = new Y.Doc()
    expect(setOrgEntry(orgDoc, 'tyres', entry(40_000, { contractEnd: '2026-03-31', sourceLineIds: ['pcc-2024:12'] })).ok).toBe(true)
    expect(putContract(orgDoc, contract('c1', 'tyres', '2026-03-31', { route: 'open-procedure', reference: 'LCC/123' })).ok).toBe(true)
    const read = readOrgData(orgDoc, A)
    expect(read.problems).toEqual([])
    expect(read.value).toEqual({
      orgId: A,
      entries: [{ orgId: A, categoryId: 'tyres', annualSpend: 4_000_000, supplierCount: 2, mainSuppliers: ['Acme Tyres Ltd'], contractEnd: '2026-03-31', notes: '', sourceLineIds: ['pcc-2024:12'] }],
      contracts: [{ ...contract('c1', 'tyres', '2026-03-31', { route: 'open-procedure', reference: 'LCC/123' }), orgId: A }],
    })
    expect(removeContract(orgDoc, 'c1').ok).toBe(true)
    expect(removeOrgEntry(orgDoc, 'tyres').ok).toBe(true)
    expect(readOrgData(orgDoc, A).value).toEqual({ orgId: A, entries: [], contracts: [] })
  })

  it('settings default to shared/domain and each changed key reads back', () => {
    const doc = new Y.Doc()
    expect(readPlanningSettings(doc)).toEqual({ value: DEFAULT_OPPORTUNITY_SETTINGS, problems: [] })
    expect(setPlanningSettings(doc, { renewalWindowMonths: 24, leadTimeMonths: { 'open-procedure': 10 }, savingsRatesBps: { leverage: 1000 }, defaultRoute: 'dynamic-market' }).ok).toBe(true)
    const s = readPlanningSettings(doc).value
    expect(s.renewal).toEqual({ windowMonths: 24, route: 'dynamic-market', leadTimes: { ...DEFAULT_OPPORTUNITY_SETTINGS.renewal.leadTimes, 'open-procedure': 10 } })
    expect(s.savingsRatesBps).toEqual({ ...DEFAULT_OPPORTUNITY_SETTINGS.savingsRatesBps, leverage: 1000 })
    expect(doc.getMap(PLANNING_SETTINGS_KEY).get(SETTING_KEYS.leadTimeMonths('open-procedure'))).toBe(10)
    expect(resetPlanningSettings(doc).ok).toBe(true)
    expect(readPlanningSettings(doc).value).toEqual(DEFAULT_OPPORTUNITY_SETTINGS)
  })

  it('opportunity cards are added, updated and removed', () => {
    const doc = new Y.Doc()
    createCategory(doc, { id: 'tyres', name: 'Fleet tyres' }, ANN, AT)
    const added = addOpportunity(doc, { id: 'opp1', title: 'Joint tyre tender', categoryIds: ['tyres', 'tyres'] }, ANN, AT)
    expect(added).toEqual({ ok: true, value: { id: 'opp1', title: 'Joint tyre tender', categoryIds: ['tyres'], status: 'proposed', note: '', createdAt: AT, createdBy: ANN } })
    expect(updateOpportunity(doc, 'opp1', { status: 'agreed', note: 'Lead: council' }).ok).toBe(true)
    expect(readOpportunities(doc).value).toEqual([{ id: 'opp1', title: 'Joint tyre tender', categoryIds: ['tyres'], status: 'agreed', note: 'Lead: council', createdAt: AT, createdBy: ANN }])
    expect(removeOpportunity(doc, 'opp1').ok).toBe(true)
    expect(readOpportunities(doc).value).toEqual([])
  })

  it('assembles plans from the board and every organisation document, and names organisation documents', () => {
    const board = new Y.Doc()
    const a = new Y.Doc()
    const b = new Y.Doc()
    createCategory(board, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, ANN, AT)
    setOrgEntry(a, 'tyres', entry(30_000))
    setOrgEntry(b, 'tyres', entry(40_000))
    putContract(b, contract('b2', 'tyres', '2027-01-31'))
    putContract(a, contract('a1', 'tyres', '2026-03-31'))
    const plans = assembleCategoryPlans(board, new Map([[B, b], [A, a]]))
    expect(plans.problems).toEqual([])
    expect(plans.value).toHaveLength(1)
    const tyres = plans.value[0]
    expect(tyres?.entries.map((e) => [e.orgId, e.annualSpend])).toEqual([['council', 3_000_000], ['police', 4_000_000]])
    expect(tyres?.contracts.map((c) => [c.id, c.orgId])).toEqual([['a1', 'council'], ['b2', 'police']])
    expect(orgDocName('AAAAAAAAAAAAAAAAAAAAAA', A)).toBe('AAAAAAAAAAAAAAAAAAAAAA~org~council')
  })
})

describe('two replicas exchanging updates', () => {
  it('converge field-wise: both people editing different fields of one card win', () => {
    const one = new Y.Doc()
    const two = new Y.Doc()
    createCategory(one, { id: 'tyres', name: 'Fleet tyres' }, ANN, AT)
    sync(one, two)
    // Concurrent edits, neither has seen the other's.
    updateCategoryField(one, 'tyres', 'name', 'Fleet tyres and tubes')
    updateCategoryField(two, 'tyres', 'supplyRisk', 4)
    setPlanningSettings(one, { leadTimeMonths: { 'open-procedure': 10 } })
    setPlanningSettings(two, { leadTimeMonths: { 'dynamic-market': 4 }, renewalWindowMonths: 12 })
    sync(one, two)
    sync(two, one)
    for (const doc of [one, two]) {
      const card = readCategories(doc).value[0]
      expect(card?.name).toBe('Fleet tyres and tubes')
      expect(card?.scores.supplyRisk).toBe(4)
      const s = readPlanningSettings(doc).value.renewal
      expect([s.leadTimes['open-procedure'], s.leadTimes['dynamic-market'], s.windowMonths]).toEqual([10, 4, 12])
    }
    expect(Y.encodeStateAsUpdate(one)).toEqual(Y.encodeStateAsUpdate(two))
  })

  it('converge when the same field is edited concurrently (one value wins on both)', () => {
    const one = new Y.Doc()
    const two = new Y.Doc()
    createCategory(one, { id: 'tyres', name: 'Fleet tyres' }, ANN, AT)
    sync(one, two)
    updateCategoryField(one, 'tyres', 'owner', 'Ann')
    updateCategoryField(two, 'tyres', 'owner', 'Bob')
    sync(one, two)
    sync(two, one)
    const owners = [one, two].map((d) => readCategories(d).value[0]?.owner)
    expect(owners[0]).toBe(owners[1])
    expect(['Ann', 'Bob']).toContain(owners[0])
  })
})

describe('bad content is reported, not thrown', () => {
  it('board document: bad ids, non-map cards and bad fields', () => {
    const doc = new Y.Doc()
    createCategory(doc, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 2 }, ANN, AT)
    const categories = doc.getMap<unknown>(CATEGORIES_KEY)
    const tyres = categories.get('tyres') as Y.Map<unknown>
    doc.transact(() => {
      tyres.set('name', 42)
      tyres.set('supplyRisk', 9)
      tyres.set('plan', { objectives: 'not a list' })
      categories.set('bad id!', new Y.Map())
      categories.set('plain', { name: 'JSON instead of a Y.Map' })
    })
    const read = readCategories(doc)
    expect(read.value).toHaveLength(1)
    expect(read.value[0]).toMatchObject({ id: 'tyres', name: UNNAMED_CATEGORY, scores: {}, plan: { objectives: [], savingsTarget: 0 } })
    const paths = read.problems.map((p) => p.path)
    expect(paths).toEqual(expect.arrayContaining(['categories.tyres.name', 'categories.tyres.supplyRisk', 'categories.bad id!', 'categories.plain']))
    expect(paths.some((p) => p.startsWith('categories.tyres.plan'))).toBe(true)
  })

  it('organisation document: a bad entry or contract is left out and named', () => {
    const orgDoc = new Y.Doc()
    setOrgEntry(orgDoc, 'tyres', entry(1_000))
    orgDoc.transact(() => {
      orgDoc.getMap(ENTRIES_KEY).set('legal', { ...entry(1), annualSpend: -5 })
      orgDoc.getMap(ENTRIES_KEY).set('float', { ...entry(1), annualSpend: 12.5 })
      orgDoc.getMap(CONTRACTS_KEY).set('c1', contract('c1', 'tyres', '2020-01-01'))
      orgDoc.getMap(CONTRACTS_KEY).set('c2', contract('other', 'tyres', '2027-01-01'))
      orgDoc.getMap(CONTRACTS_KEY).set('c3', 'nonsense')
    })
    const read = readOrgData(orgDoc, A)
    expect(read.value.entries.map((e) => e.categoryId)).toEqual(['tyres'])
    expect(read.value.contracts).toEqual([])
    expect(read.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['entries.legal.annualSpend', 'entries.float.annualSpend', 'contracts.c1.end', 'contracts.c2.id', 'contracts.c3']))
  })

  it('settings and opportunities: bad values fall back to defaults or are left out', () => {
    const doc = new Y.Doc()
    doc.transact(() => {
      const s = doc.getMap(PLANNING_SETTINGS_KEY)
      s.set(SETTING_KEYS.thresholds, { score2: 5, score3: 4, score4: 3, score5: 2 })
      s.set(SETTING_KEYS.renewalWindowMonths, 'eighteen')
      s.set(SETTING_KEYS.savingsRateBps('leverage'), 20_000)
      s.set('someFutureSetting', true)
      doc.getMap(OPPORTUNITIES_KEY).set('o1', { id: 'o1' })
    })
    const settings = readPlanningSettings(doc)
    expect(settings.value).toEqual(DEFAULT_OPPORTUNITY_SETTINGS)
    expect(settings.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['planningSettings.profitImpactThresholds', 'planningSettings.renewalWindowMonths', 'planningSettings.savingsRateBps.leverage']),
    )
    expect(settings.problems.every((p) => p.message.endsWith('the default is used'))).toBe(true)
    const opps = readOpportunities(doc)
    expect(opps.value).toEqual([])
    expect(opps.problems.length).toBeGreaterThan(0)
  })

  it('assembly reports orphans and contract ids used twice, notes unfinished governance, and keeps the cards', () => {
    const board = new Y.Doc()
    const a = new Y.Doc()
    const b = new Y.Doc()
    createCategory(board, { id: 'tyres', name: 'Fleet tyres' }, ANN, AT)
    // Governance names an organisation with no entry and nobody Accountable.
    addRaciActivity(board, 'tyres', 'Award', 'r1')
    setRaciRole(board, 'tyres', 'r1', 'fire', 'R')
    setOrgEntry(a, 'deleted-card', entry(10))
    putContract(a, contract('same', 'tyres', '2027-01-01'))
    putContract(b, contract('same', 'tyres', '2028-01-01'))
    const read = readPlanningBoard(board, new Map([[A, a], [B, b]]))
    expect(read.value.plans).toHaveLength(1)
    expect(read.value.plans[0]?.contracts.map((c) => c.orgId)).toEqual(['council'])
    const messages = read.problems.map((p) => `${p.path}: ${p.message}`)
    expect(messages.some((m) => m.startsWith('orgs.council.entries.deleted-card'))).toBe(true)
    expect(messages.some((m) => m.startsWith('orgs.police.contracts.same') && m.includes('also used by organisation council'))).toBe(true)
    // Governance rules are work in progress: notes, not unreadable content.
    expect(messages.some((m) => m.includes('plan.governance'))).toBe(false)
    expect(read.value.incomplete.map((n) => n.message)).toEqual(["RACI: 'Award' has no Accountable yet", "RACI: 'Award' gives fire a role, but fire has no figures in this category yet"])
  })
})

describe('writers refuse invalid values and write nothing', () => {
  const fresh = () => {
    const doc = new Y.Doc()
    createCategory(doc, { id: 'tyres', name: 'Fleet tyres' }, ANN, AT)
    return doc
  }

  it('one write is one update', () => {
    const doc = new Y.Doc()
    expect(updatesDuring(doc, () => createCategory(doc, { id: 'tyres', name: 'Fleet tyres', supplyRisk: 3 }, ANN, AT))).toBe(1)
    expect(updatesDuring(doc, () => setPlanningSettings(doc, { renewalWindowMonths: 12, leadTimeMonths: { 'open-procedure': 6, 'dynamic-market': 3 } }))).toBe(1)
  })

  it.each([
    ['a score outside 1-5', (d: Y.Doc) => updateCategoryField(d, 'tyres', 'supplyRisk', 7), 'invalid-value'],
    ['a fractional score', (d: Y.Doc) => updateCategoryField(d, 'tyres', 'profitImpact', 2.5), 'invalid-value'],
    ['an empty name', (d: Y.Doc) => updateCategoryField(d, 'tyres', 'name', '   '), 'invalid-value'],
    ['clearing a required field', (d: Y.Doc) => updateCategoryField(d, 'tyres', 'status', undefined), 'invalid-value'],
    ['an unknown status', (d: Y.Doc) => updateCategoryField(d, 'tyres', 'status', 'done' as never), 'invalid-value'],
    ['a 5-digit ProClass code', (d: Y.Doc) => updateCategoryField(d, 'tyres', 'proclassCode', '29112'), 'invalid-value'],
    ['a fractional savings target', (d: Y.Doc) => setSavingsTarget(d, 'tyres', 10.5), 'invalid-value'],
    ['a milestone without a date', (d: Y.Doc) => addMilestone(d, 'tyres', { title: 'Award', owner: '', due: '' }), 'invalid-value'],
    ['a RACI letter that is not R, A, C or I', (d: Y.Doc) => setRaciRole(d, 'tyres', 'r1', 'council', 'X' as never), 'invalid-value'],
    ['a role in a missing activity', (d: Y.Doc) => setRaciRole(d, 'tyres', 'nope', 'council', 'A'), 'not-found'],
    ['editing a missing milestone', (d: Y.Doc) => updateMilestone(d, 'tyres', 'nope', { title: 'x' }), 'not-found'],
    ['an over-long objective', (d: Y.Doc) => setListLines(d, 'tyres', 'objectives', ['x'.repeat(201)]), 'invalid-value'],
    ['provenance', (d: Y.Doc) => updateCategoryField(d, 'tyres', 'createdBy' as never, 'someone' as never), 'invalid-value'],
    ['a field of a missing card', (d: Y.Doc) => updateCategoryField(d, 'nope', 'owner', 'x'), 'not-found'],
    ['a duplicate card', (d: Y.Doc) => createCategory(d, { id: 'tyres', name: 'Again' }, ANN, AT), 'already-exists'],
    ['a card with a bad id', (d: Y.Doc) => createCategory(d, { id: 'no spaces', name: 'x' }, ANN, AT), 'invalid-value'],
    ['a card with a bad time', (d: Y.Doc) => createCategory(d, { id: 'x', name: 'x' }, ANN, 'yesterday'), 'invalid-value'],
    ['deleting a missing card', (d: Y.Doc) => deleteCategory(d, 'nope'), 'not-found'],
    ['thresholds that do not increase', (d: Y.Doc) => setPlanningSettings(d, { thresholds: { score2: 100, score3: 100, score4: 300, score5: 400 } }), 'invalid-value'],
    ['a negative lead time', (d: Y.Doc) => setPlanningSettings(d, { leadTimeMonths: { 'open-procedure': -1 } }), 'invalid-value'],
    ['an unknown setting', (d: Y.Doc) => setPlanningSettings(d, { colour: 'red' } as never), 'invalid-value'],
    ['an opportunity for a missing card', (d: Y.Doc) => addOpportunity(d, { id: 'o1', title: 'x', categoryIds: ['nope'] }, ANN, AT), 'not-found'],
    ['an opportunity without categories', (d: Y.Doc) => addOpportunity(d, { id: 'o1', title: 'x', categoryIds: [] }, ANN, AT), 'invalid-value'],
  ] as const)('refuses %s', (_what, write, code) => {
    const doc = fresh()
    const before = Y.encodeStateAsUpdate(doc)
    let result: ReturnType<typeof write> | undefined
    expect(updatesDuring(doc, () => (result = write(doc)))).toBe(0)
    expect(result?.ok).toBe(false)
    if (result && !result.ok) expect(result.error.code).toBe(code)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })

  it.each([
    ['fractional pence', () => ({ categoryId: 'tyres', entry: entry(1, { annualSpend: 100.5 }) })],
    ['negative spend', () => ({ categoryId: 'tyres', entry: entry(-1) })],
    ['a bad spend line id', () => ({ categoryId: 'tyres', entry: entry(1, { sourceLineIds: ['no-line-number'] }) })],
    ['an impossible date', () => ({ categoryId: 'tyres', entry: entry(1, { contractEnd: '2025-02-30' }) })],
    ['a bad category id', () => ({ categoryId: 'bad id', entry: entry(1) })],
  ])('setOrgEntry refuses %s and writes nothing', (_what, make) => {
    const orgDoc = new Y.Doc()
    const { categoryId, entry: e } = make()
    let result: ReturnType<typeof setOrgEntry> | undefined
    expect(updatesDuring(orgDoc, () => (result = setOrgEntry(orgDoc, categoryId, e as never)))).toBe(0)
    expect(result?.ok).toBe(false)
    expect(orgDoc.getMap(ENTRIES_KEY).size).toBe(0)
  })

  it('putContract refuses a contract ending before it starts, or with float money, and writes nothing', () => {
    const orgDoc = new Y.Doc()
    const ends = putContract(orgDoc, contract('c1', 'tyres', '2021-01-01'))
    expect(ends.ok ? null : ends.error.code).toBe('invalid-value')
    expect(putContract(orgDoc, contract('c1', 'tyres', '2027-01-01', { value: 0.1 })).ok).toBe(false)
    expect(putContract(orgDoc, contract('c1', 'tyres', '2027-01-01', { orgId: 'police' }) as never).ok).toBe(false)
    expect(orgDoc.getMap(CONTRACTS_KEY).size).toBe(0)
    expect(removeContract(orgDoc, 'c1').ok).toBe(false)
    expect(removeOrgEntry(orgDoc, 'tyres').ok).toBe(false)
  })
})
