import { describe, expect, it } from 'vitest'
import { contentWords, createClassifier, createLabelMatcher, describeRule, normaliseText, sicKey } from '../../../../shared/spend/classifier'
import type { CodedGroup, LineFeatures } from '../../../../shared/spend/classifier'

const line = (over: Partial<LineFeatures>): LineFeatures => ({ supplierKey: 'n:acme', supplierName: 'Acme Ltd', purpose: null, unit: null, fileCode: null, ...over })
const g = (over: Partial<CodedGroup>): CodedGroup => ({ supplierKey: 'n:acme', purpose: null, unit: null, code: '100000', lines: 1, pence: 100, ...over })

describe('normalised texts', () => {
  it('drops dates and numbers that publishers append to a purpose', () => {
    expect(normaliseText('CLIENTS LIFT REP & M - Service Charges 30/04/2026')).toBe('clients lift rep and m service charges')
    expect(normaliseText('Private Contractors')).toBe(normaliseText('PRIVATE  CONTRACTORS'))
  })
  it('keeps content words only', () => {
    expect(contentWords('Kids Planet Day Nurseries Ltd')).toEqual(['kids', 'planet', 'day', 'nurserie'])
  })
})

describe('the classifier, worked examples', () => {
  it('uses the file’s own code first, with confidence 1', () => {
    const c = createClassifier({ orgName: 'Trafford', own: [g({ code: '200000', lines: 50, pence: 5000 })] })
    const s = c.classify(line({ fileCode: '191400', fileLabel: 'FACILITIES MGT : Lifts' }))
    expect(s).toEqual({ code: '191400', source: 'file', confidence: 1, reason: 'coded 191400 (FACILITIES MGT : Lifts) in the file' })
  })

  it('learns a supplier’s code from the organisation’s own coded lines, saying how many', () => {
    const own = [g({ code: '321115', lines: 31, pence: 31_000 }), g({ code: '321100', lines: 3, pence: 3_000 })]
    const s = createClassifier({ orgName: 'Trafford', own }).classify(line({}))
    expect(s?.code).toBe('321115')
    expect(s?.source).toBe('learned')
    expect(s?.reason).toBe('coded 321115 in 31 of Trafford’s 34 lines for this supplier'.replace('’', "'"))
    expect(s?.confidence).toBeGreaterThan(0.85)
    expect(s?.confidence).toBeLessThan(0.92)
  })

  it('prefers the supplier’s code for the same purpose when the supplier is coded several ways', () => {
    const own = [g({ code: '321115', lines: 20, pence: 90_000, purpose: 'Nursery places' }), g({ code: '281000', lines: 2, pence: 1_000, purpose: 'Training' })]
    const s = createClassifier({ orgName: 'Trafford', own }).classify(line({ purpose: 'TRAINING' }))
    expect(s?.code).toBe('281000')
    expect(s?.reason).toContain('with purpose “TRAINING”')
  })

  it('learns from other bodies’ coded lines for the same supplier, naming them', () => {
    const c = createClassifier({ orgName: 'Oldham', own: [], partners: [{ orgName: 'Bolton', supplierKey: 'n:acme', code: '151100', lines: 12, pence: 50_000 }] })
    const s = c.classify(line({}))
    expect(s?.code).toBe('151100')
    expect(s?.reason).toBe('coded 151100 in 12 lines of Bolton for this supplier')
    expect(s?.confidence).toBeLessThan(0.9)
  })

  it('votes purpose and unit for a supplier never seen, and says why', () => {
    const own = [
      g({ supplierKey: 'n:a', code: '321115', purpose: 'PRIVATE CONTRACTORS', unit: "Children's services", lines: 8, pence: 80_000 }),
      g({ supplierKey: 'n:b', code: '321115', purpose: 'PRIVATE CONTRACTORS', unit: "Children's services", lines: 2, pence: 20_000 }),
      g({ supplierKey: 'n:c', code: '311600', purpose: 'PRIVATE CONTRACTORS', unit: 'Highways', lines: 5, pence: 90_000 }),
    ]
    const s = createClassifier({ orgName: 'Trafford', own }).classify(line({ supplierKey: 'n:new', supplierName: 'New Nursery', purpose: 'Private Contractors', unit: "CHILDREN'S SERVICES" }))
    expect(s?.code).toBe('321115')
    expect(s?.source).toBe('learned')
    expect(s?.reason).toBe('Trafford coded 100% of spend with purpose “Private Contractors” in “CHILDREN\'S SERVICES” as 321115 (10 lines)')
    expect(s?.confidence).toBeGreaterThan(0)
    expect(s?.confidence).toBeLessThanOrEqual(0.75)
  })

  it('falls back to words shared with ProClass labels, with low confidence', () => {
    const labels = [
      { code: '321115', label: 'Nurseries' },
      { code: '151100', label: 'Highways Maintenance' },
    ]
    const s = createClassifier({ orgName: 'Trafford', own: [], labels }).classify(line({ supplierKey: 'n:x', supplierName: 'Little Acorns Nurseries' }))
    expect(s?.code).toBe('321115')
    expect(s?.confidence).toBeLessThanOrEqual(0.3)
    expect(s?.reason).toContain('ProClass label “Nurseries”')
  })

  it('returns null when nothing is known', () => {
    expect(createClassifier({ orgName: 'T', own: [] }).classify(line({}))).toBeNull()
  })

  it('applies confirmed rules over everything, the most specific first', () => {
    const rules = [
      { id: 'r1', supplierKey: null, purpose: 'PRIVATE CONTRACTORS', unit: null, code: '321100', createdAt: '2026-01-01' },
      { id: 'r2', supplierKey: null, purpose: 'private contractors', unit: "Children's services", code: '321115', createdAt: '2025-01-01' },
      { id: 'r3', supplierKey: 'n:acme', purpose: null, unit: null, code: '200000', createdAt: '2024-01-01' },
    ]
    const c = createClassifier({ orgName: 'T', own: [], rules })
    expect(c.classify(line({ supplierKey: 'n:b', purpose: 'Private Contractors', unit: "Children's Services", fileCode: '999999' }))).toMatchObject({ code: '321115', source: 'confirmed', confidence: 1 })
    expect(c.classify(line({ supplierKey: 'n:b', purpose: 'Private Contractors', unit: 'Highways' }))?.code).toBe('321100')
    expect(c.classify(line({ purpose: 'Private Contractors', unit: "Children's services" }))).toMatchObject({ code: '200000', reason: 'confirmed 200000 for this supplier' })
    expect(describeRule(rules[1] as never)).toBe('rule: purpose “private contractors” in “Children\'s services” → 321115')
  })
})

describe('SIC codes', () => {
  it('reads SIC codes as published integers', () => {
    expect(sicKey('01300')).toBe('1300')
    expect(sicKey(' 58130 ')).toBe('58130')
    expect(sicKey('0')).toBe('')
    expect(sicKey('n/a')).toBe('')
    expect(sicKey(null)).toBe('')
  })

  it('learns from partners’ coded lines for suppliers of the same SIC code', () => {
    const c = createClassifier({
      orgName: 'Oldham',
      own: [],
      partnerSic: [
        { orgName: 'Trafford', sic: '87300', code: '321214', lines: 40, pence: 900_000 },
        { orgName: 'Trafford', sic: '87300', code: '321000', lines: 2, pence: 10_000 },
      ],
      sicLabels: { '87300': 'Residential care activities for the elderly and disabled' },
    })
    const s = c.classify(line({ supplierKey: 'n:grange', supplierName: 'Grange Lea Care Home', sic: '87300' }))
    expect(s?.code).toBe('321214')
    expect(s?.reason).toBe('Trafford coded 99% of spend with suppliers in SIC 87300 (Residential care activities for the elderly and disabled) as 321214 (40 lines)')
  })

  it('matches a SIC description to the ProClass label sharing its rarest words, as the last resort', () => {
    const labels = [
      { code: '271440', label: 'Software', path: 'Information Communication Technology' },
      { code: '270000', label: 'Information Communication Technology', path: '' },
      { code: '391400', label: 'Roads', path: 'Construction' },
    ]
    const c = createClassifier({ orgName: 'Bolton', own: [], labels, sicLabels: { '58290': 'Other software publishing', '42110': 'Construction of roads and motorways' } })
    expect(c.classify(line({ supplierName: 'Agilisys', sic: '58290' }))).toMatchObject({ code: '271440', source: 'learned' })
    expect(c.classify(line({ supplierName: 'Colas', sic: '42110' }))?.reason).toBe('the supplier\'s SIC 42110 (Construction of roads and motorways) resembles the ProClass label “Roads”')
    expect(createLabelMatcher(labels).match('nothing in common')).toBeNull()
  })
})
