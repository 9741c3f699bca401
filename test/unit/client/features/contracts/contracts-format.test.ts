/**
 * Display rules of the contracts pages (client/features/contracts/contracts-format.ts): values, an end with its basis,
 * the contracts filter ("ending within N months"), forward-plan quarters and filters, highlighted joint evidence and
 * the title of a board opened for a pair.
 */
import { describe, expect, it } from 'vitest'
import type { ContractImportJob, ContractRow } from '../../../../../shared/schema/contracts-api'
import { progressView, queueReducer } from '../../../../../client/features/spend/spend-format'
import {
  endsWithin,
  endView,
  filterContracts,
  filterPlan,
  formatScore,
  formatValue,
  groupByQuarter,
  highlightParts,
  joinNames,
  jointPartners,
  opportunityBoardTitle,
  opportunityCpvGroup,
  optionsOf,
  quarterLabel,
  summariseContracts,
  wholeMonthsBetween,
} from '../../../../../client/features/contracts/contracts-format'

type Row = Pick<ContractRow, 'title' | 'supplier' | 'buyers' | 'jointWith' | 'reference' | 'cpvCodes' | 'end'>
const row = (over: Partial<Row>): Row => ({ title: 'Grounds maintenance', supplier: 'Idverde Ltd', buyers: ['Chorley Council'], jointWith: [], reference: 'REF-1', cpvCodes: ['77310000'], end: '2027-03-31', ...over })

describe('values and ends', () => {
  it('shows values in whole pounds and says when none is published', () => {
    expect(formatValue(12_500_000)).toBe('£125,000')
    expect(formatValue(123_456)).toBe('£1,234.56')
    expect(formatValue(null)).toBe('not published')
  })

  it('marks an estimated end and quotes the words it was counted from', () => {
    const view = endView({ end: '2028-04-30', endIsEstimated: true, endBasis: { kind: 'wording', quote: 'for a period of 3 years' }, endWithExtensions: '2030-04-30' })
    expect(view.text).toBe('30 Apr 2028')
    expect(view.isEstimated).toBe(true)
    expect(view.explanation).toBe('Counted from the term written in the notice: “for a period of 3 years”. With every extension taken: 30 Apr 2030.')
  })

  it('does not mark a stated end, and says when no end is known', () => {
    expect(endView({ end: '2027-01-31', endIsEstimated: false, endBasis: { kind: 'stated', quote: 'contractPeriod.endDate 2027-01-31' }, endWithExtensions: null }).isEstimated).toBe(false)
    const unknown = endView({ end: null, endIsEstimated: true, endBasis: { kind: 'unknown', quote: '' }, endWithExtensions: null })
    expect(unknown).toEqual({ text: 'not known', isEstimated: false, explanation: 'The notice gives no end date or term' })
  })
})

describe('ending within N months', () => {
  it('counts whole months, a part month not yet passed', () => {
    expect(wholeMonthsBetween('2026-12-05', '2027-06-04')).toBe(5)
    expect(wholeMonthsBetween('2026-12-05', '2027-06-05')).toBe(6)
    expect(wholeMonthsBetween('2026-12-31', '2027-01-01')).toBe(0)
  })

  it('includes today, excludes ended contracts and the far boundary', () => {
    expect(endsWithin('2026-12-05', '2026-12-05', 6)).toBe(true)
    expect(endsWithin('2026-12-04', '2026-12-05', 6)).toBe(false)
    expect(endsWithin('2027-06-04', '2026-12-05', 6)).toBe(true)
    expect(endsWithin('2027-06-05', '2026-12-05', 6)).toBe(false)
    expect(endsWithin(null, '2026-12-05', 600)).toBe(false)
  })

  it('filters by every word across title, supplier, buyers and partners; running soonest end first, then unknown, then ended latest first', () => {
    const rows = [
      row({ title: 'Waste collection', supplier: 'Veolia', end: '2028-01-01', jointWith: ['South Ribble Borough Council'] }),
      row({ title: 'Leisure centre management', supplier: 'Active Nation', end: null }),
      row({ title: 'Old audit', end: '2019-01-01' }),
      row({ title: 'Recent audit', end: '2026-11-30' }),
      row({ title: 'Grounds maintenance', end: '2027-02-01' }),
    ]
    const all = filterContracts(rows, { text: '', endingWithinMonths: null, today: '2026-12-05' })
    expect(all.map((r) => r.title)).toEqual(['Grounds maintenance', 'Waste collection', 'Leisure centre management', 'Recent audit', 'Old audit'])
    expect(filterContracts(rows, { text: 'south ribble', endingWithinMonths: null, today: '2026-12-05' }).map((r) => r.title)).toEqual(['Waste collection'])
    expect(filterContracts(rows, { text: 'veolia leisure', endingWithinMonths: null, today: '2026-12-05' })).toEqual([])
    expect(filterContracts(rows, { text: '', endingWithinMonths: 12, today: '2026-12-05' }).map((r) => r.title)).toEqual(['Grounds maintenance'])
  })
})

describe('forward plan', () => {
  const plan = [
    { quarter: '2027-Q3', date: '2027-08-01', orgName: 'Wyre Council', orgId: 'w', cpvGroup: '909', title: 'Street cleansing' },
    { quarter: '2027-Q1', date: '2027-03-31', orgName: 'Chorley Council', orgId: 'c', cpvGroup: '773', title: 'Parks' },
    { quarter: '2027-Q1', date: '2027-01-15', orgName: 'Wyre Council', orgId: 'w', cpvGroup: '773', title: 'Verges' },
    { quarter: '2027-Q1', date: '2027-03-31', orgName: 'Burnley Borough Council', orgId: 'b', cpvGroup: '909', title: 'Bins' },
  ]

  it('names quarters in words', () => {
    expect(quarterLabel('2027-Q2')).toBe('April to June 2027')
    expect(quarterLabel('2027-Q4')).toBe('October to December 2027')
    expect(quarterLabel('soon')).toBe('soon')
  })

  it('groups by quarter in date order, rows by date, then body', () => {
    const groups = groupByQuarter(plan)
    expect(groups.map((g) => g.quarter)).toEqual(['2027-Q1', '2027-Q3'])
    expect(groups[0]?.label).toBe('January to March 2027')
    expect(groups[0]?.rows.map((r) => r.title)).toEqual(['Verges', 'Bins', 'Parks'])
  })

  it('filters by body and by category, and lists each once as an option', () => {
    expect(filterPlan(plan, { orgId: 'w', cpvGroup: '' }).map((r) => r.title)).toEqual(['Street cleansing', 'Verges'])
    expect(filterPlan(plan, { orgId: 'w', cpvGroup: '773' }).map((r) => r.title)).toEqual(['Verges'])
    expect(filterPlan(plan, { orgId: '', cpvGroup: '' })).toHaveLength(4)
    expect(optionsOf(plan, (r) => r.orgId, (r) => r.orgName)).toEqual([
      { value: 'b', label: 'Burnley Borough Council' },
      { value: 'c', label: 'Chorley Council' },
      { value: 'w', label: 'Wyre Council' },
    ])
  })
})

describe('joint evidence and pairs', () => {
  it('picks out the body names and linking words, and gives the quote back whole', () => {
    const quote = 'Chorley Council and South Ribble Borough Council jointly seek a provider'
    const parts = highlightParts(quote, ['Chorley Council', 'South Ribble Borough Council'])
    expect(parts.map((p) => p.text).join('')).toBe(quote)
    expect(parts.filter((p) => p.isMatch).map((p) => p.text)).toEqual(['Chorley Council', 'South Ribble Borough Council', 'jointly'])
  })

  it('matches names in any case, longest first, and whole words only', () => {
    const parts = highlightParts('on behalf of WYRE COUNCIL and Wyre Council Trading; disjointed', ['Wyre Council', 'Wyre Council Trading'])
    expect(parts.filter((p) => p.isMatch).map((p) => p.text)).toEqual(['on behalf of', 'WYRE COUNCIL', 'Wyre Council Trading'])
    expect(highlightParts('', ['X'])).toEqual([])
  })

  it('titles the board after the first aligned category and both bodies', () => {
    const pair = {
      names: ['Chorley Council', 'South Ribble Borough Council'],
      alignedContracts: [{ cpvGroup: '905', cpvGroupLabel: 'Refuse and waste related services', contractIds: [], titles: [], ends: [], latestStart: '2027-01-01', combinedValuePence: 0 }],
      sharedCpvGroups: [{ code: '773', label: 'Horticultural services' }],
    }
    expect(opportunityBoardTitle(pair)).toBe('Joint procurement: Refuse and waste related services — Chorley Council and South Ribble Borough Council')
    expect(opportunityCpvGroup(pair)).toBe('905')
    expect(opportunityBoardTitle({ ...pair, alignedContracts: [], sharedCpvGroups: [] })).toBe('Working together — Chorley Council and South Ribble Borough Council')
    expect(opportunityCpvGroup({ alignedContracts: [], sharedCpvGroups: [{ code: '77', label: 'x' }] })).toBeUndefined()
  })

  it('joins names and rounds scores', () => {
    expect(joinNames(['A', 'B', 'C'])).toBe('A, B and C')
    expect(joinNames(['A'])).toBe('A')
    expect(formatScore(12)).toBe('12')
    expect(formatScore(12.345)).toBe('12.3')
  })
})

describe('contracts summary', () => {
  it('counts running, ending soon, joint and estimated contracts, and adds the running ones’ published values', () => {
    const rows = [
      { end: '2027-03-31', endIsEstimated: true, jointWith: [], valuePence: 100_00 },
      { end: '2029-03-31', endIsEstimated: false, jointWith: ['Preston City Council'], valuePence: null },
      { end: '2020-01-01', endIsEstimated: false, jointWith: ['Wyre Council'], valuePence: 999_00 },
      { end: null, endIsEstimated: true, jointWith: [], valuePence: 5_00 },
    ]
    expect(summariseContracts(rows, '2026-12-05', 18)).toEqual({ total: 4, running: 2, endingWithin: 1, joint: 2, runningEstimated: 1, runningValuePence: 100_00, runningWithoutValue: 1 })
    expect(summariseContracts([], '2026-12-05', 18).total).toBe(0)
  })
})

describe('joint partners', () => {
  it('lists the other bodies once, never the organisation itself under any of its names', () => {
    const row = { buyers: ['Lancaster City Council', 'Lancashire County Council'], jointWith: ['Lancashire County Council'] }
    expect(jointPartners(row, 'Lancashire County Council')).toEqual(['Lancaster City Council'])
    expect(jointPartners(row, 'Lancaster City Council')).toEqual(['Lancashire County Council'])
    expect(jointPartners({ buyers: ['CHORLEY BOROUGH COUNCIL', 'South Ribble Borough Council'], jointWith: ['South Ribble Council'] }, 'Chorley Council')).toEqual(['South Ribble Borough Council'])
    expect(jointPartners({ buyers: ['Wyre Council'], jointWith: [] }, 'Blackpool Council')).toEqual([])
  })
})

describe('the contract upload queue (shared with spend files)', () => {
  const job = (over: Partial<ContractImportJob>): ContractImportJob => ({ importId: 'i1', orgId: 'o', filename: 'chorley.json', status: 'running', rowsRead: 0, progress: 0, ...over })

  it('follows a contracts import to its result and counts records, not rows', () => {
    let items = queueReducer<ContractImportJob>([], { type: 'added', localId: 'a', filename: 'chorley.json', sizeBytes: 193_855 })
    items = queueReducer(items, { type: 'accepted', localId: 'a', importId: 'i1' })
    items = queueReducer(items, { type: 'polled', localId: 'a', job: job({ rowsRead: 40, progress: 0.5, stage: 'Reading notices' }) })
    expect(progressView(items[0]!, 'record')).toMatchObject({ percent: 50, status: 'Reading', detail: 'Reading notices · 40 records read' })
    const result = { fileId: 'f1', notices: 150, contracts: 120, errors: [], recovered: [], format: 'contracts-finder-extract' as const, noticesAlreadyKnown: 0 }
    items = queueReducer(items, { type: 'polled', localId: 'a', job: job({ status: 'done', rowsRead: 150, progress: 1, result }) })
    expect(progressView(items[0]!, 'record')).toMatchObject({ percent: 100, status: 'Imported', tone: 'ok' })
    // A late poll never moves a finished import back.
    items = queueReducer(items, { type: 'polled', localId: 'a', job: job({ status: 'running' }) })
    expect(items[0]?.phase === 'importing' && items[0].job?.status).toBe('done')
    expect(progressView({ localId: 'b', filename: 'x.json', sizeBytes: 1, phase: 'importing', importId: 'i2', job: job({ importId: 'i2', status: 'done', result: { ...result, duplicateOf: 'f1' } }) }, 'record').status).toBe('Already imported')
  })
})
