/**
 * Small contract files written out for the contracts integration tests, one per layout: a Contracts Finder extract
 * (one council's notices), an OCDS release package and a Transparency Code register CSV. Invented notices in the
 * shape of the real files under ../shared/data/contracts; no published data.
 */
import { strToU8 } from 'fflate'

export interface ExtractNotice {
  id: string
  title: string
  description?: string
  organisation: string
  supplier: string
  awardedDate: string
  valuePounds: number
  cpv: string
}

/** The Contracts Finder extract layout: `{ meta, stats, contracts: [...] }`. */
export function extractFile(councilId: string, notices: readonly ExtractNotice[]): Uint8Array {
  return strToU8(
    JSON.stringify({
      meta: { council_id: councilId, source: 'Contracts Finder (contractsfinder.service.gov.uk)', generated: '2026-03-08T20:36:31Z', total_notices: notices.length },
      stats: { total_notices: notices.length },
      contracts: notices.map((n) => ({
        id: n.id,
        title: n.title,
        description: n.description ?? '',
        organisation: n.organisation,
        status: 'awarded',
        notice_type: 'Contract',
        published_date: n.awardedDate,
        deadline_date: n.awardedDate,
        awarded_date: n.awardedDate,
        value_low: n.valuePounds,
        value_high: 0,
        awarded_value: n.valuePounds,
        awarded_supplier: n.supplier,
        awarded_to_sme: false,
        cpv_codes: n.cpv,
        cpv_description: '',
        region: 'North West',
        postcode: '',
        suitable_for_sme: false,
        url: `https://www.contractsfinder.service.gov.uk/Published/Notice/${n.id}`,
      })),
    }),
  )
}

/** An OCDS release package with one award release: stated contract period, one supplier. */
export function ocdsPackage(publisher: string, ocid: string, buyer: string, title: string): Uint8Array {
  return strToU8(
    JSON.stringify({
      uri: 'https://example.org/package.json',
      version: '1.1',
      publishedDate: '2025-01-23T10:00:00Z',
      publisher: { name: publisher },
      releases: [
        {
          ocid,
          id: `${ocid}-award-1`,
          date: '2025-01-20T10:00:00Z',
          tag: ['award'],
          initiationType: 'tender',
          buyer: { id: 'GB-X-1', name: buyer },
          parties: [
            { id: 'GB-X-1', name: buyer, roles: ['buyer'] },
            { id: 'GB-COH-01234567', name: 'Parkway Print Ltd', roles: ['supplier'] },
          ],
          tender: {
            id: 'T1',
            title,
            description: `${title}, for the council's offices.`,
            status: 'complete',
            items: [{ id: '1', classification: { scheme: 'CPV', id: '79800000', description: 'Printing' } }],
            value: { amount: 60000, currency: 'GBP' },
          },
          awards: [
            {
              id: `${ocid}-award-1`,
              status: 'active',
              date: '2025-01-20T00:00:00Z',
              value: { amount: 60000, currency: 'GBP' },
              suppliers: [{ id: 'GB-COH-01234567', name: 'Parkway Print Ltd' }],
              contractPeriod: { startDate: '2025-02-01T00:00:00Z', endDate: '2027-01-31T23:59:59Z' },
            },
          ],
        },
      ],
    }),
  )
}

/** A Transparency Code register, the LGA column titles. */
export function registerCsv(org: string, rows: ReadonlyArray<{ ref: string; title: string; supplier: string; value: string; start: string; end: string; cpv?: string }>): Uint8Array {
  const header = 'Organisation name,Contract Reference number / ID,Title of the Agreement,Description of goods and services,Procurement classification: CPV code,Contract start date,End date,Contract value,Supplier name'
  const lines = rows.map((r) => [org, r.ref, r.title, r.title, r.cpv ?? '', r.start, r.end, r.value, r.supplier].map((v) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))
  return strToU8(`${header}\r\n${lines.join('\r\n')}\r\n`)
}
