/**
 * The inspector's imported contracts: read-only rows labelled by origin ("from published notices", "from contract
 * register"), with the file and place, how the end was found and why the contract is in the category.
 */
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { IsoDate } from '../../../../../shared/domain/dates'
import type { OrgId } from '../../../../../shared/domain/ids'
import type { Pence } from '../../../../../shared/domain/money'
import { importedContractId, type ImportedContractView, type OrgInfo } from '../../../../../shared/doc/planning-view'
import { ImportedContractsTable } from '../../../../../client/features/planning/ImportedContractsTable'

const ORG: OrgInfo = { id: 'preston' as OrgId, name: 'Preston City Council', shortName: 'Preston', colour: '#2ca02c' }

const notice: ImportedContractView = {
  id: 'k1',
  orgId: 'preston' as OrgId,
  title: 'Trade waste collection',
  supplier: 'Biffa Waste Services Ltd',
  valuePence: 150_000_000 as Pence,
  start: null,
  end: '2030-06-30' as IsoDate,
  endIsEstimated: true,
  endBasis: { kind: 'wording', quote: 'for a period of 5 years' },
  endWithExtensions: null,
  cpvCodes: ['90512000'],
  noticeIds: ['p-1'],
  linkReason: { kind: 'cpv', text: "CPV 90512000 is under the category's 90500000" },
  origin: 'notice',
  source: { filename: 'preston.json', place: 'notice 1 (p-1)' },
  reference: '',
  url: 'https://www.contractsfinder.service.gov.uk/Published/Notice/p-1',
  contractId: importedContractId('preston', 'k1'),
  counts: true,
  leftOutBecause: null,
}
const register: ImportedContractView = {
  ...notice,
  id: 'k2',
  title: 'Day care',
  origin: 'register',
  noticeIds: [],
  url: '',
  end: null,
  endIsEstimated: false,
  endBasis: { kind: 'unknown', quote: '' },
  source: { filename: 'register.csv', place: 'line 40' },
  linkReason: { kind: 'supplier', text: "supplier Biffa Waste Services Ltd is in this category's spend" },
  contractId: importedContractId('preston', 'k2'),
  counts: false,
  leftOutBecause: 'no end date',
}

const render = (contracts: readonly ImportedContractView[]) => renderToStaticMarkup(createElement(ImportedContractsTable, { contracts, expired: [], orgInfo: () => ORG }))

describe('ImportedContractsTable', () => {
  it('labels each contract with its origin, source, end basis and link reason', () => {
    const html = render([notice, register])
    expect(html.match(/data-testid="imported-contract-row"/g)).toHaveLength(2)
    expect(html).toContain('from published notices')
    expect(html).toContain('from contract register')
    expect(html).toContain('preston.json, notice 1 (p-1)')
    expect(html).toContain('register.csv, line 40')
    expect(html).toContain('estimated from the wording: “for a period of 5 years”')
    expect(html).toContain('Linked: CPV 90512000 is under the category&#x27;s 90500000')
    expect(html).toContain('Not in the renewal timeline: no end date')
    expect(html).toContain('href="https://www.contractsfinder.service.gov.uk/Published/Notice/p-1"')
    // Read-only: no edit or remove actions.
    expect(html).not.toMatch(/<button/)
  })

  it('marks a contract its body imported as confidential with the lock, and no other', () => {
    const html = render([{ ...notice, confidential: true }, register])
    expect(html.match(/data-testid="contract-confidential"/g)).toHaveLength(1)
    expect(html).toContain('Preston City Council')
  })

  it('renders nothing without imported contracts', () => {
    expect(render([])).toBe('')
  })
})
