import { describe, expect, it } from 'vitest'
import type { ContractFileRead } from '../../../../shared/contracts/model.ts'
import { splitAwardedSuppliers } from '../../../../shared/contracts/read-contracts-finder-extract.ts'
import { readContractFile } from '../../../../shared/contracts/read-contract-file.ts'

function read(value: unknown): ContractFileRead {
  const result = readContractFile(new TextEncoder().encode(JSON.stringify(value)), 'council.json')
  if (!result.ok) throw new Error(`refused: ${result.error.message}`)
  return result.value
}

/** An extract entry as the Lancashire files have them, with overrides. */
function entry(over: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'e7d4de0f-0000',
    title: 'Domestic Bulky Household Waste Collections',
    description: 'Collection of bulky items (settee&#039;s).\r\n\r\nSee &quot;the Chest&quot;\\r\\n',
    organisation: 'Pendle Borough Council',
    status: 'closed',
    notice_type: 'Contract',
    published_date: '2025-01-14',
    deadline_date: '2025-03-06',
    awarded_date: null,
    value_low: 250000,
    value_high: 0,
    awarded_value: 0,
    awarded_supplier: null,
    awarded_to_sme: null,
    cpv_codes: '90513100 90511000',
    cpv_description: 'Household-refuse disposal services',
    region: 'Any region',
    postcode: 'BB9 7YQ',
    suitable_for_sme: true,
    url: 'https://www.contractsfinder.service.gov.uk/Published/Notice/e7d4de0f-0000',
    ...over,
  }
}

const extract = (contracts: unknown[]) => ({ meta: { council_id: 'pendle', source: 'Contracts Finder', generated: '2026-03-08T20:33:53Z', total_notices: contracts.length }, stats: {}, contracts })

describe('the Contracts Finder extract', () => {
  it('reads a notice: decoded text, space-separated CPV codes, value_low when value_high is 0', () => {
    const file = read(extract([entry({})]))
    expect(file.format).toBe('contracts-finder-extract')
    expect(file.issues).toEqual([])
    expect(file.contracts).toEqual([])
    expect(file.notices[0]).toEqual({
      id: 'e7d4de0f-0000',
      title: 'Domestic Bulky Household Waste Collections',
      description: 'Collection of bulky items (settee\'s). See "the Chest"',
      buyer: 'Pendle Borough Council',
      parties: [],
      stage: 'tender',
      status: 'closed',
      publishedDate: '2025-01-14',
      deadlineDate: '2025-03-06',
      awardDate: null,
      startDate: null,
      endDate: null,
      durationDays: null,
      valuePence: 25000000,
      cpvCodes: ['90513100', '90511000'],
      url: 'https://www.contractsfinder.service.gov.uk/Published/Notice/e7d4de0f-0000',
      place: { index: 1, label: 'notice 1 (e7d4de0f-0000)' },
    })
  })

  it('an awarded notice yields a contract per supplier with the award date and no period', () => {
    const file = read(extract([entry({ status: 'awarded', awarded_date: '2025-04-02', awarded_value: 198500.5, value_high: 250000, awarded_supplier: 'Acme Waste Ltd' })]))
    expect(file.notices[0]).toMatchObject({ stage: 'award', awardDate: '2025-04-02', valuePence: 19850050 })
    expect(file.contracts).toEqual([
      {
        noticeId: 'e7d4de0f-0000',
        reference: '',
        title: 'Domestic Bulky Household Waste Collections',
        description: 'Collection of bulky items (settee\'s). See "the Chest"',
        supplier: 'Acme Waste Ltd',
        supplierCompanyNumber: '',
        buyer: 'Pendle Borough Council',
        valuePence: 19850050,
        start: null,
        end: null,
        extensionMonths: [],
        endWithExtensions: null,
        cpvCodes: ['90513100', '90511000'],
        proclassCode: '',
        awardDate: '2025-04-02',
        place: { index: 1, label: 'notice 1 (e7d4de0f-0000)' },
      },
    ])
  })

  it('several suppliers share the awarded value, which stays on the notice', () => {
    const file = read(extract([entry({ status: 'awarded', awarded_value: 5000000, awarded_supplier: 'A E Yates,O&#039;Callaghan Ltd,Knight, Kavanagh &amp; Page' })]))
    expect(file.contracts.map((c) => [c.supplier, c.valuePence])).toEqual([['A E Yates', null], ["O'Callaghan Ltd", null], ['Knight, Kavanagh & Page', null]])
    expect(file.notices[0]?.valuePence).toBe(500000000)
  })

  it('maps pipeline and pre-procurement notices to the planning stage, and reads zero values as absent', () => {
    const file = read(extract([entry({ id: 'p1', notice_type: 'Pipeline', value_low: 0 }), entry({ id: 'p2', notice_type: 'PreProcurement', value_low: 0, value_high: 0 })]))
    expect(file.notices.map((n) => [n.stage, n.valuePence])).toEqual([['planning', null], ['planning', null]])
  })

  it('names the buyer used most as the publisher', () => {
    const file = read(extract([entry({ id: '1', organisation: 'BLACKPOOL BOROUGH COUNCIL' }), entry({ id: '2', organisation: 'Blackpool Council' }), entry({ id: '3', organisation: 'Blackpool Council' }), entry({ id: '4', organisation: 'Blackpool Council and Wyre Council' })]))
    expect(file.publisher).toBe('Blackpool Council')
  })

  it('leaves out a notice repeated in the file and one without an id; notes texts that name no supplier', () => {
    const file = read(extract([
      entry({ id: 'a' }),
      entry({ id: 'a', title: 'again' }),
      entry({ id: '' }),
      entry({ id: 'b', status: 'awarded', awarded_supplier: 'NOT AWARDED TO SUPPLIER' }),
      entry({ id: 'c', status: 'awarded', awarded_supplier: null }),
    ]))
    expect(file.notices.map((n) => n.id)).toEqual(['a', 'b', 'c'])
    expect(file.contracts).toEqual([])
    expect(file.issues.map((i) => [i.code, i.kept, i.place?.label])).toEqual([
      ['duplicate-in-file', false, 'notice 2 (a)'],
      ['no-id', false, 'notice 3'],
      ['no-supplier', true, 'notice 4 (b)'],
      ['no-supplier', true, 'notice 5 (c)'],
    ])
  })

  it('reports unreadable dates and values, keeping the notice', () => {
    const file = read(extract([entry({ published_date: '14th Jan', value_low: 'lots' })]))
    expect(file.issues.map((i) => i.code)).toEqual(['bad-value', 'bad-date'])
    expect(file.notices[0]).toMatchObject({ publishedDate: null, valuePence: null })
  })
})

describe('splitAwardedSuppliers', () => {
  it('splits on a comma not followed by a space', () => {
    expect(splitAwardedSuppliers('Premier RoadMarkings Limited,WJ North Limited').names).toEqual(['Premier RoadMarkings Limited', 'WJ North Limited'])
  })
  it('keeps a comma followed by a space inside one name', () => {
    expect(splitAwardedSuppliers('BAKER, LOMAX &amp; SHACKLEY LIMITED').names).toEqual(['BAKER, LOMAX & SHACKLEY LIMITED'])
    expect(splitAwardedSuppliers('John Wade Groundworks Ltd, T/a Wade Group').names).toEqual(['John Wade Groundworks Ltd, T/a Wade Group'])
  })
  it('drops empty pieces and repeats, whatever their case', () => {
    expect(splitAwardedSuppliers('Zurich Municipal,Shell Energy,SHELL ENERGY,').names).toEqual(['Zurich Municipal', 'Shell Energy'])
  })
  it('cuts lot prefixes to the supplier and sets aside lots not awarded', () => {
    expect(splitAwardedSuppliers('Lot 1 - East Lancashire - Global Ardour Recycling Limited,Lot 2 - Central Lancashire - Global Ardour Recycling Limited,Lot 4 - North Lancashire - No Award,Lot 3 - Boden &amp; Davies Limited')).toEqual({
      names: ['Global Ardour Recycling Limited', 'Boden & Davies Limited'],
      notSuppliers: ['Lot 4 - North Lancashire - No Award'],
    })
  })
  it('sets aside texts that name no supplier', () => {
    for (const text of ['NOT AWARDED TO SUPPLIER', 'Contract not awarded', 'n/a', 'N/A EVENT DAY', 'Not Applicable', 'Various Suppliers', 'Multiple suppliers - see attached spreadsheet', 'The contract has not been awarded and the procedure is now concl']) {
      expect(splitAwardedSuppliers(text)).toEqual({ names: [], notSuppliers: [text] })
    }
  })
})
