/**
 * A board's imported contracts (issue 12 part 3; docs/contracts-boards.md): for each category on the board and each
 * participating body, the contracts that are that body's (`VisibleContract.orgIds`: its own publication, or a buyer
 * matched to it) and that the caller may see (`ContractsService.listVisibleContracts`: confidential ones only for
 * members of the importing organisations), linked to the category by shared/contracts/link-category.ts: CPV code,
 * the register's ProClass code, or a supplier in the body's spend for the category (when the spend store is there).
 * Each body's contracts are sorted by end (none last), then title. Access to the board is checked by the route.
 */
import { linkContractsToCategories, type LinkableContract } from '../../shared/contracts/link-category.ts'
import { readCategories } from '../../shared/doc/planning-doc.ts'
import { effectiveSpendCodes } from '../../shared/domain/category-plan.ts'
import type { BoardContract, BoardContracts } from '../../shared/schema/board-contracts-api.ts'
import { loadStoredDoc } from '../reports/board-planning-report.ts'
import { participatingOrgs, type BoardSpendService } from '../spend/board-spend.ts'
import type { BoardRow, Storage } from '../storage/types.ts'
import { contractsVersion, type ContractsDb } from './contracts-db.ts'
import type { ContractsService, VisibleContract } from './contracts-service.ts'

/** What the store keeps of a contract beyond its REST row: the register's ProClass code and the file's layout. */
interface ContractExtras {
  readonly proclass: string
  readonly origin: BoardContract['origin']
}

/** A visible contract as one body's, ready to link. */
interface BodyContract extends LinkableContract {
  readonly row: VisibleContract
  readonly origin: BoardContract['origin']
}

/** Soonest end first (none last), then title, then id. */
function byEnd(a: VisibleContract, b: VisibleContract): number {
  if (a.end !== b.end) {
    if (a.end === null) return 1
    if (b.end === null) return -1
    return a.end < b.end ? -1 : 1
  }
  return a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

export function createBoardContractsService(deps: { storage: Storage; db: ContractsDb; service: ContractsService; spend: BoardSpendService | null }) {
  const { storage, db, service, spend } = deps
  let extras: { version: number; byId: Map<string, ContractExtras> } | null = null

  /** ProClass code and origin of every contract, read once per contracts version. */
  const extrasOf = (): Map<string, ContractExtras> => {
    const version = contractsVersion(db)
    if (extras?.version === version) return extras.byId
    const rows = db.prepare('SELECT c.id, c.proclass, f.format FROM contracts c JOIN contract_files f ON f.id = c.file_id').all() as Array<{ id: string; proclass: string; format: string }>
    const byId = new Map(rows.map((r) => [r.id, { proclass: r.proclass, origin: r.format === 'register-csv' ? ('register' as const) : ('notice' as const) }]))
    extras = { version, byId }
    return byId
  }

  /** The board's categories with each body's linked contracts, as `userId` may see them. */
  const build = async (board: BoardRow, userId: string): Promise<BoardContracts> => {
    const orgs = await participatingOrgs(storage, board)
    const boardDoc = await loadStoredDoc(storage.docs, board.id)
    let records
    try {
      records = readCategories(boardDoc).value
    } finally {
      boardDoc.destroy()
    }
    const categories = [...records]
      .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
      .map((c) => ({ id: c.id as string, name: c.name, cpvCodes: c.cpvCodes, spendCodes: effectiveSpendCodes(c) }))
    if (categories.length === 0 || orgs.length === 0) {
      return { boardId: board.id, categories: categories.map((c) => ({ categoryId: c.id, name: c.name, byOrg: orgs.map((o) => ({ orgId: o.id, contracts: [] })) })) }
    }
    const orgIds = orgs.map((o) => o.id)
    const known = extrasOf()
    const bodyContracts: BodyContract[] = []
    for (const row of await service.listVisibleContracts(userId)) {
      const extra = known.get(row.id)
      for (const orgId of row.orgIds) {
        if (!orgIds.includes(orgId)) continue
        bodyContracts.push({ id: row.id, orgId, supplier: row.supplier, cpvCodes: row.cpvCodes, proclassCode: extra?.proclass ?? '', row, origin: extra?.origin ?? (row.noticeIds.length > 0 ? 'notice' : 'register') })
      }
    }
    const suppliers = spend === null ? new Map() : spend.categorySuppliers(orgIds, categories.map((c) => ({ id: c.id, codes: c.spendCodes })))
    const links = linkContractsToCategories(categories, bodyContracts, suppliers)
    return {
      boardId: board.id,
      categories: categories.map((c) => {
        const linked = links.get(c.id) ?? []
        return {
          categoryId: c.id,
          name: c.name,
          byOrg: orgs.map((o) => ({
            orgId: o.id,
            contracts: linked.filter((l) => l.contract.orgId === o.id).sort((a, b) => byEnd(a.contract.row, b.contract.row)).map(({ contract: k, reason }): BoardContract => ({
              id: k.row.id,
              title: k.row.title,
              supplier: k.row.supplier,
              valuePence: k.row.valuePence,
              start: k.row.start,
              end: k.row.end,
              endIsEstimated: k.row.endIsEstimated,
              endBasis: { ...k.row.endBasis },
              endWithExtensions: k.row.endWithExtensions,
              cpvCodes: [...k.row.cpvCodes],
              noticeIds: [...k.row.noticeIds],
              linkReason: { kind: reason.kind, text: reason.text },
              origin: k.origin,
              source: { ...k.row.source },
              reference: k.row.reference,
              url: k.row.url,
              confidential: k.row.confidential,
            })),
          })),
        }
      }),
    }
  }

  return { build }
}

export type BoardContractsService = ReturnType<typeof createBoardContractsService>
