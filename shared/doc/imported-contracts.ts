/**
 * @module imported-contracts
 * The planning view's imported contracts (`ImportedContracts`) from a board's answer to
 * `GET /api/boards/:boardId/contracts`: every body's linked contracts per category, kept with their origin, source,
 * end basis and link reason. The client (PlanningContext) uses this one rule. Pure.
 */
import type { IsoDate } from '../domain/dates.ts'
import type { OrgId } from '../domain/ids.ts'
import type { Pence } from '../domain/money.ts'
import type { BoardContracts } from '../schema/board-contracts-api.ts'
import type { ImportedContract, ImportedContracts } from './planning-view.ts'

/** What an imported contract's origin is called on screen. */
export const IMPORTED_ORIGIN_LABELS = {
  notice: 'from published notices',
  register: 'from contract register',
} as const satisfies Record<ImportedContract['origin'], string>

/**
 * Where an imported contract comes from, for people: "from published notices: chorley.json, notice 1 (5c1f…)", with
 * the notice ids its place does not already name.
 */
export function describeImportedSource(contract: Pick<ImportedContract, 'origin' | 'source' | 'noticeIds'>): string {
  const extra = contract.noticeIds.filter((id) => !contract.source.place.includes(id))
  return `${IMPORTED_ORIGIN_LABELS[contract.origin]}: ${contract.source.filename}, ${contract.source.place}${extra.length > 0 ? `, notice ${extra.join(', ')}` : ''}`
}

/** How an end date was found, for people ("estimated from the wording: “for a period of 3 years”"). */
export function describeEndBasis(contract: { readonly end: string | null; readonly endIsEstimated: boolean; readonly endBasis: ImportedContract['endBasis'] }): string {
  if (contract.end === null) return 'no end date published'
  const quote = contract.endBasis.quote.trim()
  const quoted = quote === '' ? '' : `: “${quote}”`
  switch (contract.endBasis.kind) {
    case 'stated':
      return contract.endIsEstimated ? `estimated${quoted}` : `end as published${quote === '' ? '' : ` (${quote})`}`
    case 'wording':
      return `estimated from the wording${quoted}`
    case 'cpv-typical':
      return `estimated from typical terms for its CPV group${quoted}`
    case 'unknown':
      return contract.endIsEstimated ? `estimated${quoted}` : 'end as published'
  }
}

/** The board's imported contracts by category, every body's together; empty without an answer. */
export function importedContractsFromBoard(answer: BoardContracts | null | undefined): ImportedContracts {
  const out = new Map<string, ImportedContract[]>()
  for (const category of answer?.categories ?? []) {
    const list: ImportedContract[] = []
    for (const o of category.byOrg) {
      for (const k of o.contracts) {
        list.push({
          id: k.id,
          orgId: o.orgId as OrgId,
          title: k.title,
          supplier: k.supplier,
          valuePence: k.valuePence as Pence | null,
          start: k.start as IsoDate | null,
          end: k.end as IsoDate | null,
          endIsEstimated: k.endIsEstimated,
          endBasis: k.endBasis,
          endWithExtensions: k.endWithExtensions as IsoDate | null,
          cpvCodes: k.cpvCodes,
          noticeIds: k.noticeIds,
          linkReason: k.linkReason,
          origin: k.origin,
          source: { filename: k.source.filename, place: k.source.place },
          reference: k.reference,
          url: k.url,
          confidential: k.confidential,
        })
      }
    }
    if (list.length > 0) out.set(category.categoryId, list)
  }
  return out
}
