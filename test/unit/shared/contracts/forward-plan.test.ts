import { describe, expect, it } from 'vitest'
import { buildForwardPlan, forwardPlanCsv, penceToPoundsText, pipelineNotice, pipelinePeriod } from '../../../../shared/contracts/forward-plan.ts'
import type { ForwardPlan, ForwardPlanContract, ForwardPlanInput } from '../../../../shared/contracts/forward-plan.ts'
import { parseCsv } from '../../../../shared/domain/csv.ts'
import type { IsoDate } from '../../../../shared/domain/dates.ts'
import { ForwardPlanSchema, PipelineNoticeSchema } from '../../../../shared/schema/contracts-api.ts'

const d = (s: string) => s as IsoDate
const LABELS = {
  '90500000': 'Refuse and waste related services',
  '90900000': 'Cleaning and sanitation services',
  '34100000': 'Motor vehicles',
  '45200000': 'Works for complete or part construction and civil engineering work',
}
const ORGS = [
  { id: 'chor', name: 'Chorley Council' },
  { id: 'pres', name: 'Preston City Council' },
  { id: 'srib', name: 'South Ribble Borough Council' },
]

function contract(id: string, orgIds: string[], end: string | null, more: Partial<ForwardPlanContract> = {}): ForwardPlanContract {
  return {
    id, orgIds, title: `Contract ${id}`, supplier: `Supplier ${id}`, valuePence: null, end: end === null ? null : d(end), start: null,
    endIsEstimated: false, cpvCodes: [], noticeIds: [`n-${id}`], ...more,
  }
}

// Today 2026-12-05, 36 months (to 2029-12-05), lead time 9 months, window 18 months.
const INPUT: ForwardPlanInput = {
  orgs: ORGS,
  contracts: [
    contract('c1', ['chor'], '2027-06-30', {
      cpvCodes: ['90511000'], valuePence: 300_000_000, supplier: 'Veolia', title: 'Waste collection',
      endBasis: { kind: 'stated', quote: 'contractPeriod.endDate 2027-06-30' },
    }),
    contract('p1', ['pres'], '2028-08-31', {
      cpvCodes: ['90512000'], valuePence: 180_000_000, supplier: 'Biffa', title: 'Refuse transport', endIsEstimated: true,
      endBasis: { kind: 'wording', quote: 'for a period of 5 years' }, endWithExtensions: d('2029-08-31'),
    }),
    contract('p2', ['pres'], '2029-03-31', { cpvCodes: ['45233141'], valuePence: 900_000_000, supplier: 'Tarmac', title: 'Highways maintenance' }),
    contract('s1', ['srib'], '2029-12-31', { cpvCodes: ['79100000'], title: 'Legal services after the plan ends' }),
    contract('j1', ['chor', 'srib'], '2027-03-31', {
      cpvCodes: ['90910000'], supplier: 'Sparkle', title: 'Office cleaning', endIsEstimated: true,
      endBasis: { kind: 'cpv-typical', quote: '90: 36 months' },
    }),
    contract('old', ['chor'], '2026-01-01', { cpvCodes: ['90500000'] }),
    contract('none', ['pres'], null, { cpvCodes: ['90500000'] }),
  ],
  planned: [{ noticeId: 'plan-1', orgIds: ['pres'], title: 'New fleet', cpvCodes: ['34144000'], date: d('2027-02-15'), valuePence: 250_000_000 }],
  today: d('2026-12-05'),
  cpvLabels: LABELS,
}

function plan(input: ForwardPlanInput = INPUT): ForwardPlan {
  const r = buildForwardPlan(input)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('buildForwardPlan: the worked example', () => {
  const p = plan()

  it('lists expiries and planned procurements per body, sorted by latest start then body', () => {
    expect(ForwardPlanSchema.parse(p)).toEqual(p)
    expect(p.from).toBe('2026-12-05')
    expect(p.to).toBe('2029-12-05')
    expect(p.leadTimeMonths).toBe(9)
    expect(p.rows.map((r) => [r.kind, r.orgName, r.contractId ?? r.noticeId, r.date, r.quarter, r.latestStart, r.alignedWith])).toEqual([
      ['expiry', 'Chorley Council', 'j1', '2027-03-31', '2027-Q1', '2026-06-30', ['South Ribble Borough Council']],
      ['expiry', 'South Ribble Borough Council', 'j1', '2027-03-31', '2027-Q1', '2026-06-30', ['Chorley Council']],
      ['expiry', 'Chorley Council', 'c1', '2027-06-30', '2027-Q2', '2026-09-30', ['Preston City Council']],
      ['planned', 'Preston City Council', 'plan-1', '2027-02-15', '2027-Q1', '2027-02-15', []],
      ['expiry', 'Preston City Council', 'p1', '2028-08-31', '2028-Q3', '2027-11-30', ['Chorley Council']],
      ['expiry', 'Preston City Council', 'p2', '2029-03-31', '2029-Q1', '2028-06-30', []],
    ])
  })

  it('names the category and says how each date was found', () => {
    const byId = new Map(p.rows.map((r) => [`${r.orgId}/${r.contractId ?? r.noticeId}`, r]))
    expect(byId.get('chor/c1')).toMatchObject({
      cpvGroup: '905', category: 'Refuse and waste related services', supplier: 'Veolia', valuePence: 300_000_000,
      dateIsEstimated: false, basis: 'end date as published (contractPeriod.endDate 2027-06-30)', noticeId: 'n-c1',
    })
    expect(byId.get('pres/p1')?.basis).toBe('end estimated from the notice\'s wording: “for a period of 5 years”; with every extension taken it ends 2029-08-31')
    expect(byId.get('chor/j1')?.basis).toBe('end estimated from a typical term for its CPV division (90: 36 months); joint contract with South Ribble Borough Council')
    expect(byId.get('pres/plan-1')).toMatchObject({
      category: 'Motor vehicles', supplier: '', dateIsEstimated: false, contractId: null,
      basis: 'planned procurement; tender date 2027-02-15 from the notice; join before the tender is published',
    })
  })

  it('a shorter span and a narrower window change what is listed and aligned', () => {
    const short = plan({ ...INPUT, months: 12, windowMonths: 6 })
    expect(short.rows.map((r) => [r.contractId ?? r.noticeId, r.alignedWith])).toEqual([
      ['j1', ['South Ribble Borough Council']], ['j1', ['Chorley Council']], ['c1', []], ['plan-1', []],
    ])
  })

  it('refuses spans and windows outside 1–120 months', () => {
    for (const bad of [{ months: 0 }, { months: 121 }, { windowMonths: 0 }, { leadTimeMonths: 61 }]) {
      const r = buildForwardPlan({ ...INPUT, ...bad })
      expect(r.ok ? null : r.error.code).toBe('invalid-settings')
    }
  })
})

describe('forwardPlanCsv', () => {
  it('writes RFC 4180 CSV with a header, CRLF, quoting, formula guards and money in pounds and pence', () => {
    const csv = forwardPlanCsv({
      from: '2026-12-05', to: '2029-12-05', leadTimeMonths: 9,
      rows: [{
        kind: 'expiry', orgId: 'chor', orgName: 'Chorley Council', contractId: 'c1', noticeId: 'n1',
        title: 'Waste, recycling and "green" collection', supplier: '=HYPERLINK("x")', cpvGroup: '905',
        category: 'Refuse and waste related services', date: '2027-06-30', dateIsEstimated: true, quarter: '2027-Q2',
        latestStart: '2026-09-30', valuePence: 420_000_012, alignedWith: ['Preston City Council', 'Wyre Council'],
        basis: 'end estimated', cpvCodes: ['90511000', '90512000'],
      }, {
        kind: 'planned', orgId: 'pres', orgName: 'Preston City Council', contractId: null, noticeId: 'p1', title: 'Fleet',
        supplier: '', cpvGroup: '341', category: 'Motor vehicles', date: '2027-02-15', dateIsEstimated: false,
        quarter: '2027-Q1', latestStart: '2027-02-15', valuePence: null, alignedWith: [], basis: 'planned',
      }],
    })
    expect(csv.split('\r\n')).toEqual([
      'kind,body,organisation_id,category,cpv_group,cpv_codes,title,supplier,date,date_is_estimated,quarter,latest_start,value_gbp,value_pence,aligned_with,contract_id,notice_id,basis',
      'expiry,Chorley Council,chor,Refuse and waste related services,905,90511000; 90512000,"Waste, recycling and ""green"" collection","\'=HYPERLINK(""x"")",2027-06-30,true,2027-Q2,2026-09-30,4200000.12,420000012,Preston City Council; Wyre Council,c1,n1,end estimated',
      'planned,Preston City Council,pres,Motor vehicles,341,,Fleet,,2027-02-15,false,2027-Q1,2027-02-15,,,,,p1,planned',
      '',
    ])
    // Our own reader gets the same cells back.
    const parsed = parseCsv(csv)
    expect(parsed.problems).toEqual([])
    expect(parsed.records[1]?.fields[6]).toBe('Waste, recycling and "green" collection')
  })

  it('pounds text keeps two decimals', () => {
    expect([0, 5, 100, 123456, -250].map(penceToPoundsText)).toEqual(['0.00', '0.05', '1.00', '1234.56', '-2.50'])
  })
})

describe('pipelinePeriod: the financial year a notice is prepared for', () => {
  it.each([
    ['2026-12-05', '2027-28', '2027-04-01', '2027-05-26', '2028-09-30'],
    ['2027-02-01', '2027-28', '2027-04-01', '2027-05-26', '2028-09-30'],
    ['2027-04-01', '2027-28', '2027-04-01', '2027-05-26', '2028-09-30'],
    ['2027-05-26', '2027-28', '2027-04-01', '2027-05-26', '2028-09-30'],
    ['2027-05-27', '2028-29', '2028-04-01', '2028-05-26', '2029-09-30'],
    ['2099-12-31', '2100-01', '2100-04-01', '2100-05-26', '2101-09-30'],
  ])('on %s: %s, publish by %s', (today, fy, start, publishBy, to) => {
    const r = pipelinePeriod(d(today))
    expect(r.ok ? r.value : null).toEqual({ financialYear: fy, financialYearStart: start, publishBy, from: start, to })
  })
})

describe('pipelineNotice', () => {
  const p = plan()
  const preston = p.rows.filter((r) => r.orgId === 'pres')

  it('includes contracts over £2m whose tender notice falls in the period, and lists others to review', () => {
    const r = pipelineNotice('Preston City Council', preston, d('2026-12-05'))
    if (!r.ok) throw new Error(r.error.message)
    const n = r.value
    expect(PipelineNoticeSchema.parse(n)).toEqual(n)
    expect(n).toMatchObject({
      organisation: 'Preston City Council', financialYear: '2027-28', financialYearStart: '2027-04-01', publishBy: '2027-05-26',
      period: { from: '2027-04-01', to: '2028-09-30' }, thresholdPence: 200_000_000,
    })
    // Highways (£9m): tender notice by 2028-06-30, in the period.
    expect(n.contracts).toEqual([{
      kind: 'expiry', contractId: 'p2', noticeId: 'n-p2', title: 'Highways maintenance',
      description: 'Works for complete or part construction and civil engineering work', cpvCodes: ['45233141'], cpvGroup: '452',
      estimatedValuePence: 900_000_000,
      valueNote: '£9,000,000.00 as published (the current contract\'s value stands in for the replacement\'s; the Act\'s estimate includes VAT)',
      estimatedNoticeDate: '2028-06-30', estimatedContractStart: '2029-04-01', dateIsEstimated: false, currentSupplier: 'Tarmac',
      reason: 'current contract with Tarmac ends 2029-03-31; a replacement needs its tender notice by 2028-06-30 (latest start for the lead time); value over £2m',
    }])
    // Refuse transport (£1.8m as published) could be over £2m with VAT: to review, with its estimated end.
    expect(n.toReview.map((e) => [e.contractId, e.valueNote, e.dateIsEstimated])).toEqual([
      ['p1', '£1,800,000.00 as published: over £2m if this excludes VAT at 20%', true],
    ])
    // The fleet tender (2027-02-15) goes out before the period starts.
    expect(n.notes.at(-1)).toBe('1 contract needs a tender notice before the reporting period starts (latest start before 2027-04-01); it is not in this notice.')
    expect(n.notes[0]).toContain('within 56 days beginning with the first day of that year (by 2027-05-26 for 2027-28)')
  })

  it('leaves out contracts of £2m or less (the Act says more than £2m) and lists those with no value to review', () => {
    const rows = [
      { ...preston[0]!, contractId: 'at', latestStart: '2027-06-01', valuePence: 200_000_000 },
      { ...preston[0]!, contractId: 'low', latestStart: '2027-06-01', valuePence: 166_666_666 },
      { ...preston[0]!, contractId: 'edge', latestStart: '2027-06-01', valuePence: 166_666_667 },
      { ...preston[0]!, contractId: 'nov', latestStart: '2027-06-01', valuePence: null },
      { ...preston[0]!, contractId: 'over', latestStart: '2027-06-01', valuePence: 200_000_001 },
      { ...preston[0]!, contractId: 'late', latestStart: '2028-10-01', valuePence: 900_000_000 },
    ]
    const r = pipelineNotice('Preston City Council', rows, d('2026-12-05'))
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.contracts.map((e) => e.contractId)).toEqual(['over'])
    expect(r.value.toReview.map((e) => e.contractId).sort()).toEqual(['at', 'edge', 'nov'])
  })
})
