import { describe, expect, it } from 'vitest'
import type { ContractFileRead } from '../../../../shared/contracts/model.ts'
import { mergeOcds } from '../../../../shared/contracts/read-ocds.ts'
import { readContractFile } from '../../../../shared/contracts/read-contract-file.ts'

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

function read(value: unknown): ContractFileRead {
  const result = readContractFile(bytes(value), 'test.json')
  if (!result.ok) throw new Error(`refused: ${result.error.message}`)
  return result.value
}

const buyerParty = { id: 'GB-CFS-1', name: 'Chorley Council', roles: ['buyer'] }

/** An award release in the Contracts Finder shape. */
const awardRelease = {
  ocid: 'ocds-b5fd17-aaa',
  id: 'aaa-2',
  date: '2025-02-01T10:00:00Z',
  tag: ['award'],
  buyer: { id: 'GB-CFS-1', name: 'Chorley Council' },
  parties: [
    buyerParty,
    { id: 'GB-CFS-9', name: 'Acme Grounds Ltd', roles: ['supplier'], identifier: { scheme: 'GB-COH', id: '01234567' } },
    { id: 'GB-CFS-10', name: 'Named Only In Parties Ltd', roles: ['supplier'] },
  ],
  tender: {
    title: 'Grounds maintenance',
    description: 'Grounds maintenance for parks.rnrnLot 1 covers Astley Park &amp; gardens.',
    status: 'complete',
    classification: { scheme: 'CPV', id: '77310000-6' },
    items: [{ id: '1', additionalClassifications: [{ scheme: 'CPV', id: '77311000' }, { scheme: 'UNSPSC', id: '70111700' }, { scheme: 'CPV', id: '77310000' }] }],
    value: { amount: 120000, currency: 'GBP' },
    tenderPeriod: { endDate: '2024-12-20T12:00:00Z' },
    contractPeriod: { startDate: '2025-04-01T00:00:00Z', endDate: '2028-03-31T23:59:59+01:00' },
    documents: [{ id: '1', documentType: 'tenderNotice', url: 'https://example.org/notice/aaa' }],
  },
  awards: [
    {
      id: 'aaa-1',
      status: 'active',
      date: '2025-01-20T00:00:00Z',
      value: { amount: 110000.5, currency: 'GBP' },
      suppliers: [{ id: 'GB-CFS-9', name: 'Acme Grounds Ltd' }],
      contractPeriod: { startDate: '2025-04-01T00:00:00Z', endDate: '2028-03-31T00:00:00Z' },
    },
  ],
}

describe('OCDS release package', () => {
  const file = read({ uri: 'x', publisher: { name: 'Cabinet Office' }, releases: [awardRelease] })

  it('names the package publisher and reads one notice with its fields', () => {
    expect(file.format).toBe('ocds')
    expect(file.publisher).toBe('Cabinet Office')
    expect(file.issues).toEqual([])
    const [notice] = file.notices
    expect(notice).toMatchObject({
      id: 'ocds-b5fd17-aaa',
      title: 'Grounds maintenance',
      description: 'Grounds maintenance for parks. Lot 1 covers Astley Park & gardens.',
      buyer: 'Chorley Council',
      stage: 'award',
      status: 'complete',
      publishedDate: '2025-02-01',
      deadlineDate: '2024-12-20',
      awardDate: '2025-01-20',
      startDate: '2025-04-01',
      endDate: '2028-03-31',
      durationDays: null,
      valuePence: 11000050,
      url: 'https://example.org/notice/aaa',
      place: { index: 1, label: 'release 1 (ocds-b5fd17-aaa)' },
    })
    expect(notice?.parties.map((p) => p.name)).toEqual(['Chorley Council', 'Acme Grounds Ltd', 'Named Only In Parties Ltd'])
  })

  it('keeps CPV codes as 8 digits, main code first, without check digits, duplicates or other schemes', () => {
    expect(file.notices[0]?.cpvCodes).toEqual(['77310000', '77311000'])
  })

  it('reads the award as a contract with its supplier, company number, value and period', () => {
    expect(file.contracts).toEqual([
      {
        noticeId: 'ocds-b5fd17-aaa',
        reference: 'aaa-1',
        title: 'Grounds maintenance',
        description: 'Grounds maintenance for parks. Lot 1 covers Astley Park & gardens.',
        supplier: 'Acme Grounds Ltd',
        supplierCompanyNumber: '01234567',
        buyer: 'Chorley Council',
        valuePence: 11000050,
        start: '2025-04-01',
        end: '2028-03-31',
        extensionMonths: [],
        endWithExtensions: null,
        cpvCodes: ['77310000', '77311000'],
        proclassCode: '',
        awardDate: '2025-01-20',
        place: { index: 1, label: 'release 1 (ocds-b5fd17-aaa)' },
      },
    ])
  })
})

describe('several releases of one ocid', () => {
  const tenderRelease = {
    ocid: 'ocds-b5fd17-aaa',
    id: 'aaa-1',
    date: '2024-11-01T09:00:00Z',
    tag: ['tender'],
    buyer: { id: 'GB-CFS-1', name: 'Chorley Council' },
    parties: [buyerParty],
    tender: { title: 'Grounds maintenance (draft title)', description: 'Old text', status: 'active', datePublished: '2024-11-01T09:00:00Z', value: { amount: 150000, currency: 'GBP' }, tenderPeriod: { endDate: '2024-12-20T12:00:00Z' }, eligibilityCriteria: 'Kept from the tender' },
  }
  // The award release comes first in the file, but it is the later one: the latest date wins per field.
  const file = read([awardRelease, { ocid: 'ocds-b5fd17-other', date: '2025-01-01', tag: ['planning'], buyer: { name: 'Wyre Council' } }, tenderRelease])

  it('become one notice, later fields winning and earlier ones kept where the later release is silent', () => {
    expect(file.notices.map((n) => n.id)).toEqual(['ocds-b5fd17-aaa', 'ocds-b5fd17-other'])
    const notice = file.notices[0]
    expect(notice?.title).toBe('Grounds maintenance')
    expect(notice?.status).toBe('complete')
    expect(notice?.stage).toBe('award')
    expect(notice?.publishedDate).toBe('2024-11-01')
    expect(notice?.valuePence).toBe(11000050) // awarded value beats the tender estimate
    expect(file.contracts).toHaveLength(1)
  })

  it('takes the publisher of a plain array from the buyer named most', () => {
    expect(file.publisher).toBe('Chorley Council')
  })

  it('merges arrays of objects by id and replaces other arrays', () => {
    expect(mergeOcds({ awards: [{ id: 'a', status: 'pending', value: 1 }], tag: ['tender'] }, { awards: [{ id: 'a', status: 'active' }, { id: 'b' }], tag: ['award'] })).toEqual({
      awards: [{ id: 'a', status: 'active', value: 1 }, { id: 'b' }],
      tag: ['award'],
    })
  })
})

describe('awards and contracts', () => {
  const release = {
    ...awardRelease,
    contracts: [
      { id: 'c-1', awardID: 'aaa-1', period: { startDate: '2025-05-01', endDate: '2027-04-30' }, value: { amount: 99000, currency: 'GBP' } },
    ],
    awards: [
      awardRelease.awards[0],
      { id: 'aaa-2', status: 'active', date: '2025-01-21', value: { amount: 300000, currency: 'GBP' }, suppliers: [{ id: 'GB-CFS-9', name: 'Acme Grounds Ltd' }, { id: 'GB-CFS-10' }] },
      { id: 'aaa-3', status: 'cancelled', suppliers: [{ name: 'Withdrawn Ltd' }] },
      { id: 'aaa-4', status: 'active', suppliers: [{ id: 'GB-CFS-404', name: null }] },
    ],
  }
  const file = read({ publisher: { name: 'Cabinet Office' }, releases: [release] })

  it('one contract per supplier; a contracts[] entry gives period and value; cancelled awards give none', () => {
    expect(file.contracts.map((c) => [c.reference, c.supplier, c.valuePence, c.start, c.end, c.awardDate])).toEqual([
      ['c-1', 'Acme Grounds Ltd', 9900000, '2025-05-01', '2027-04-30', '2025-01-20'],
      ['aaa-2', 'Acme Grounds Ltd', null, '2025-04-01', '2028-03-31', '2025-01-21'],
      ['aaa-2', 'Named Only In Parties Ltd', null, '2025-04-01', '2028-03-31', '2025-01-21'],
    ])
  })

  it('an award to several suppliers keeps its value on the notice only', () => {
    expect(file.notices[0]?.valuePence).toBe(11000050 + 30000000)
  })

  it('reports an award whose supplier has no name', () => {
    expect(file.issues.map((i) => [i.code, i.kept])).toEqual([['no-supplier', true]])
    expect(file.issues[0]?.message).toContain('award aaa-4 names no supplier')
  })
})

describe('lots, durations and currencies (Scotland, Wales)', () => {
  const release = {
    ocid: 'ocds-r6ebe6-0000581751',
    date: '2019-04-26T00:00:00Z',
    tag: ['tender'],
    buyer: { name: 'ng homes', id: 'org-1' },
    parties: [{ name: 'ng homes', id: 'org-1', roles: ['buyer', 'reviewBody'] }],
    description: 'Release-level description.rn The work',
    tender: {
      title: 'Passenger Lift Servicing',
      value: { amount: 114000.0, currency: 'EUR' },
      classification: { id: '50750000', scheme: 'CPV' },
      items: [{ id: '1', additionalClassifications: [{ id: '50000000', scheme: 'CPV' }] }],
      lots: [
        { id: '1', contractPeriod: { durationInDays: 1080 }, value: { amount: 50000, currency: 'GBP' } },
        { id: '2', contractPeriod: { durationInDays: 365 }, value: { amount: 25000, currency: 'GBP' } },
      ],
    },
  }
  const file = read([release])

  it('takes the longest lot duration and the release description when the tender has none', () => {
    const notice = file.notices[0]
    expect(notice?.durationDays).toBe(1080)
    expect(notice?.startDate).toBeNull()
    expect(notice?.description).toBe('Release-level description. The work')
    expect(notice?.cpvCodes).toEqual(['50750000', '50000000'])
    expect(notice?.stage).toBe('tender')
  })

  it('drops a value in another currency with a kept issue, and falls back to the lots', () => {
    expect(file.issues.map((i) => [i.code, i.kept])).toEqual([['other-currency', true]])
    expect(file.issues[0]?.message).toContain('114000 EUR')
    expect(file.notices[0]?.valuePence).toBe(7500000)
    expect(file.contracts).toEqual([])
  })
})

describe('record packages and bad records', () => {
  it('reads a compiled release, or embedded releases, per record; linked releases cannot be read', () => {
    const file = read({
      publisher: { name: 'Sell2Wales' },
      records: [
        { ocid: 'ocds-1', compiledRelease: { ...awardRelease, ocid: 'ocds-1' } },
        { ocid: 'ocds-2', releases: [{ ...awardRelease, ocid: 'ocds-2', awards: [] }] },
        { ocid: 'ocds-3', releases: [{ url: 'https://example.org/r.json', date: '2025-01-01', tag: ['tender'] }] },
      ],
    })
    expect(file.publisher).toBe('Sell2Wales')
    expect(file.notices.map((n) => [n.id, n.place.label])).toEqual([['ocds-1', 'record 1 (ocds-1)'], ['ocds-2', 'record 2 (ocds-2)']])
    expect(file.contracts.map((c) => c.noticeId)).toEqual(['ocds-1'])
    expect(file.issues.map((i) => [i.code, i.kept, i.place?.label])).toEqual([['no-id', false, 'record 3 (ocds-3)']])
  })

  it('leaves out a record with only linked releases, and a release without an ocid', () => {
    const file = read({ records: [{ ocid: 'ocds-9', releases: [{ url: 'https://example.org/r.json' }] }] })
    expect(file.notices).toEqual([])
    expect(file.issues.map((i) => [i.code, i.kept])).toEqual([['no-id', false]])
    const releases = read({ releases: [{ ...awardRelease, ocid: '' }, awardRelease] })
    expect(releases.notices).toHaveLength(1)
    expect(releases.issues.map((i) => [i.code, i.place?.label])).toEqual([['no-id', 'release 1']])
  })

  it('drops an end before the start, an unreadable date and a negative amount, keeping the notice', () => {
    const file = read([{ ...awardRelease, awards: [], tender: { ...awardRelease.tender, value: { amount: -5, currency: 'GBP' }, contractPeriod: { startDate: '2025-04-01', endDate: '2024-03-31' }, tenderPeriod: { endDate: 'soon' } } }])
    expect(file.issues.map((i) => i.code).sort()).toEqual(['bad-date', 'end-before-start', 'negative-value'])
    expect(file.notices[0]).toMatchObject({ startDate: '2025-04-01', endDate: null, deadlineDate: null, valuePence: null })
  })
})
