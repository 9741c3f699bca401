/**
 * Every contract file in ../shared/data/contracts through `readContractFile`: the exact number of notices and
 * contracts, and every issue accounted for by code and count (an issue code not listed here fails the test). Counts
 * were checked independently with Python (`json`, `csv`, `html`): 1,224 Lancashire notices in 15 files, 190 distinct
 * ocids among England's 200 releases, 90 each for Scotland and Wales, 5,729 Norfolk register rows.
 * The real files are skipped in a clone without ../shared/data; the vendored slices in test/fixtures/contracts
 * (see its README.md) are always read.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ContractFileFormat, ContractFileRead, ContractIssueCode } from '../../shared/contracts/model'
import { readContractFile } from '../../shared/contracts/read-contract-file'
import { isValidIsoDate } from '../../shared/domain/dates'

const DATA = join(import.meta.dirname, '../../../shared/data/contracts')
const HAS_DATA = existsSync(DATA)
const FIXTURES = join(import.meta.dirname, '../fixtures/contracts')

interface Expected {
  readonly format: ContractFileFormat
  readonly publisher: string
  readonly notices: number
  readonly contracts: number
  /** Every issue the file raises, by code; `!` marks records left out (kept: false). */
  readonly issues: Partial<Record<`${ContractIssueCode}` | `${ContractIssueCode}!`, number>>
}

const extract = (publisher: string, notices: number, contracts: number, noSupplier = 0): Expected => ({
  format: 'contracts-finder-extract',
  publisher,
  notices,
  contracts,
  issues: noSupplier === 0 ? {} : { 'no-supplier': noSupplier },
})

/** Per-file notice counts are those of SOURCES.md. `no-supplier`: "NOT AWARDED TO SUPPLIER", "n/a", "Various Suppliers"… */
const REAL: Record<string, Expected> = {
  'lancashire-contracts-finder/blackburn.json': extract('Blackburn with Darwen Borough Council', 70, 72),
  'lancashire-contracts-finder/blackpool.json': extract('Blackpool Council', 153, 138, 4),
  'lancashire-contracts-finder/burnley.json': extract('Burnley Borough Council', 94, 82, 5),
  'lancashire-contracts-finder/chorley.json': extract('Chorley Council', 150, 120),
  'lancashire-contracts-finder/fylde.json': extract('Fylde Borough Council', 90, 95),
  'lancashire-contracts-finder/hyndburn.json': extract('Hyndburn Borough Council', 33, 16, 1),
  'lancashire-contracts-finder/lancashire_cc.json': extract('Lancashire County Council', 91, 92, 5),
  'lancashire-contracts-finder/lancaster.json': extract('Lancaster City Council', 74, 50),
  'lancashire-contracts-finder/pendle.json': extract('Pendle Borough Council', 14, 18),
  'lancashire-contracts-finder/preston.json': extract('Preston City Council', 86, 47),
  'lancashire-contracts-finder/ribble_valley.json': extract('Ribble Valley Borough Council', 21, 0),
  'lancashire-contracts-finder/rossendale.json': extract('Rossendale Borough Council', 90, 4),
  'lancashire-contracts-finder/south_ribble.json': extract('South Ribble Borough Council', 88, 72),
  'lancashire-contracts-finder/west_lancashire.json': extract('West Lancashire Borough Council', 79, 47),
  'lancashire-contracts-finder/wyre.json': extract('Wyre Council', 91, 79),
  // 200 releases of 190 ocids; 143 awards name 262 suppliers; one award's supplier has neither name nor named party.
  'ocds-uk-notices/contractsfinder_england_releases_2025.json': { format: 'ocds', publisher: 'Ministry of Defence', notices: 190, contracts: 262, issues: { 'no-supplier': 1 } },
  'ocds-uk-notices/contractsfinder_release-package_envelope_sample_2025-01-23.json': { format: 'ocds', publisher: 'Cabinet Office', notices: 1, contracts: 1, issues: {} },
  // One tender valued at 114,000 EUR.
  'ocds-uk-notices/publiccontractsscotland_releases_2019.json': { format: 'ocds', publisher: 'Dumfries and Galloway Council', notices: 90, contracts: 0, issues: { 'other-currency': 1 } },
  'ocds-uk-notices/sell2wales_releases_2025.json': {
    format: 'ocds',
    publisher: 'NHS Wales Shared Services Partnership-Procurement Services (hosted by Velindre University NHS Trust)',
    notices: 90,
    contracts: 0,
    issues: {},
  },
  // Placeholders: 226 starts on 01-Jan-2000, 65 ends on 31/12/2050, 134 last extension dates in 2050 or 2099.
  // bad-date: 59 last extension dates before the end date. Six bracketed credits. The closing line of 38 commas.
  'registers/norfolk-county-council/NCC164467.csv': {
    format: 'register-csv',
    publisher: 'Norfolk County Council',
    notices: 0,
    contracts: 5729,
    issues: { 'placeholder-date': 425, 'bad-date': 59, 'negative-value': 6, 'blank-row!': 1 },
  },
}

const FIXTURE_FILES: Record<string, Expected> = {
  'pendle.json': extract('Pendle Borough Council', 14, 18),
  'contractsfinder-release-package-sample.json': REAL['ocds-uk-notices/contractsfinder_release-package_envelope_sample_2025-01-23.json'] as Expected,
  // Releases 35 and 38 share an ocid; 164's award names no supplier.
  'england-releases-sample.json': { format: 'ocds', publisher: 'London Borough of Merton', notices: 9, contracts: 20, issues: { 'no-supplier': 1 } },
  'scotland-releases-sample.json': { format: 'ocds', publisher: 'ng homes', notices: 5, contracts: 0, issues: { 'other-currency': 1 } },
  'wales-releases-sample.json': { format: 'ocds', publisher: 'City & County of Swansea', notices: 5, contracts: 0, issues: {} },
  // Placeholders: 36 starts on 01-Jan-2000, 2 ends in 2050, 3 extension dates in 2050/2099. 2 extensions before the end; 3 credits.
  'norfolk-register-sample.csv': { format: 'register-csv', publisher: 'Norfolk County Council', notices: 0, contracts: 60, issues: { 'placeholder-date': 41, 'bad-date': 2, 'negative-value': 3, 'blank-row!': 1 } },
}

function readFile(path: string): ContractFileRead {
  const result = readContractFile(new Uint8Array(readFileSync(path)), path.split('/').pop() ?? path)
  if (!result.ok) throw new Error(`${path} refused: ${result.error.code} ${result.error.message}`)
  return result.value
}

function issueCounts(file: ContractFileRead): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const issue of file.issues) {
    const key = issue.kept ? issue.code : `${issue.code}!`
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/** What holds for every record of every file, whatever its layout. */
function expectWellFormed(file: ContractFileRead): void {
  const ids = file.notices.map((n) => n.id)
  expect(new Set(ids).size).toBe(ids.length)
  for (const notice of file.notices) {
    expect(notice.id).not.toBe('')
    for (const d of [notice.publishedDate, notice.deadlineDate, notice.awardDate, notice.startDate, notice.endDate]) if (d !== null) expect(isValidIsoDate(d)).toBe(true)
    for (const code of notice.cpvCodes) expect(code).toMatch(/^\d{8}$/)
    if (notice.valuePence !== null) expect(Number.isSafeInteger(notice.valuePence) && notice.valuePence >= 0).toBe(true)
    for (const text of [notice.title, notice.description, notice.buyer]) expect(text).not.toMatch(/&(?:amp|#0?39|quot|#x[0-9a-f]+);|\\[rn]|Â£|â€|\s{2}|^\s|\s$/i)
  }
  for (const contract of file.contracts) {
    expect(contract.supplier).not.toBe('')
    expect(contract.supplier).not.toMatch(/&(?:amp|#0?39);|^\s|\s$/)
    for (const d of [contract.start, contract.end, contract.endWithExtensions, contract.awardDate]) if (d !== null) expect(isValidIsoDate(d)).toBe(true)
    if (contract.start !== null && contract.end !== null) expect(contract.end >= contract.start).toBe(true)
    if (contract.valuePence !== null) expect(Number.isSafeInteger(contract.valuePence)).toBe(true)
    if (contract.noticeId !== null && file.notices.length > 0) expect(ids).toContain(contract.noticeId)
  }
}

function expectFile(file: ContractFileRead, expected: Expected): void {
  expect(file.format).toBe(expected.format)
  expect(file.publisher).toBe(expected.publisher)
  expect(file.notices).toHaveLength(expected.notices)
  expect(file.contracts).toHaveLength(expected.contracts)
  expect(issueCounts(file)).toEqual(expected.issues)
  expectWellFormed(file)
}

describe.skipIf(!HAS_DATA)('every contract file in ../shared/data/contracts reads exactly', () => {
  it.each(Object.entries(REAL))('%s', (file, expected) => {
    expectFile(readFile(join(DATA, file)), expected)
  })

  it('the Lancashire extract holds 1,224 notices, 1,223 distinct: one joint notice is in both Chorley and South Ribble', () => {
    const files = Object.keys(REAL).filter((f) => f.startsWith('lancashire-contracts-finder/'))
    const notices = files.flatMap((f) => readFile(join(DATA, f)).notices)
    expect(notices).toHaveLength(1224)
    expect(new Set(notices.map((n) => n.id)).size).toBe(1223)
  })

  it('England: two releases of one ocid merge, the later one winning', () => {
    const file = readFile(join(DATA, 'ocds-uk-notices/contractsfinder_england_releases_2025.json'))
    const notice = file.notices.find((n) => n.id === 'ocds-b5fd17-75afe551-b5e4-4538-a546-0547477d0f9f')
    expect(notice?.description).toContain('Please contact the Facilities Manager via email') // text of the release dated 16:37, not 16:36
    expect(notice?.url).toBe('https://www.contractsfinder.service.gov.uk/Notice/e22ded3b-515b-4309-8ab1-ce3c76e44ebe')
    expect(notice?.description).toContain('requirements. Site Visits All contractors') // "rnrn" glue repaired
  })

  it('Scotland and Wales state terms on lots: a duration in days (76 and 71) or dates (14 and 19)', () => {
    const counts = ['ocds-uk-notices/publiccontractsscotland_releases_2019.json', 'ocds-uk-notices/sell2wales_releases_2025.json'].map((f) => {
      const notices = readFile(join(DATA, f)).notices
      return [notices.filter((n) => n.durationDays !== null).length, notices.filter((n) => n.startDate !== null && n.endDate !== null).length]
    })
    expect(counts).toEqual([[76, 14], [71, 19]])
  })

  it('Norfolk: a Windows-1252 apostrophe decodes and the passenger-transport rows belong to the council', () => {
    const file = readFile(join(DATA, 'registers/norfolk-county-council/NCC164467.csv'))
    expect(file.contracts.some((c) => c.title.includes('King’s Lynn'))).toBe(true)
    expect(file.contracts.every((c) => c.buyer === 'Norfolk County Council')).toBe(true)
    expect(file.contracts.filter((c) => c.valuePence !== null && c.valuePence < 0)).toHaveLength(6)
  })
})

describe('the vendored contract fixtures read exactly', () => {
  it.each(Object.entries(FIXTURE_FILES))('%s', (file, expected) => {
    expectFile(readFile(join(FIXTURES, file)), expected)
  })

  it('pendle.json: one award to 18 distinct suppliers, its value on the notice only', () => {
    const file = readFile(join(FIXTURES, 'pendle.json'))
    const ids = new Set(file.contracts.map((c) => c.noticeId))
    expect(ids.size).toBe(1)
    expect(file.contracts.every((c) => c.valuePence === null && c.awardDate !== null)).toBe(true)
    expect(file.contracts.map((c) => c.supplier)).toContain("O'Callaghan Ltd")
  })

  it('norfolk-register-sample.csv: quotes within quotes, £ and the no-break space', () => {
    const file = readFile(join(FIXTURES, 'norfolk-register-sample.csv'))
    const titles = file.contracts.map((c) => c.title)
    expect(titles).toContain('Principal call-off from "Digital Norfolk Ambition" contract for managed ICT services')
    expect(titles.some((t) => t.includes('£50k'))).toBe(true)
    expect(titles.every((t) => t === t.trim() && !t.includes('\u00a0'))).toBe(true)
    expect(file.contracts.find((c) => c.reference === 'BAN43264')?.title).toBe('Spot Purchased Day Care For Adults (All Hallows Nursing Home(formerly Adele House))')
  })
})
