/**
 * Loads a board's planning documents from storage (never from a live room: every broadcast update is already
 * durable, rule R4) and builds the planning view the Markdown and CSV reports render. The bodies' figures from their
 * imported spend data (`DataSpend`, read by the route from server/spend/board-spend.ts) are passed in, so the
 * reports count and label them exactly as the board does.
 */
import type { IncompleteNote } from '../../shared/doc/planning-notes'
import * as Y from 'yjs'
import { OrgIdSchema } from '../../shared/domain/ids'
import type { OrgId } from '../../shared/domain/ids'
import type { IsoDate } from '../../shared/domain/dates'
import type { ValidationIssue } from '../../shared/domain/category-plan'
import { readCategories, readPlanningBoard } from '../../shared/doc/planning-doc'
import { orgDocName, privateDocName } from '../../shared/wire/protocol'
import type { OpportunityRecord } from '../../shared/doc/planning-schema'
import { buildPlanningView } from '../../shared/doc/planning-view'
import type { DataSpend, ImportedContracts, OrgInfo, PlanningView } from '../../shared/doc/planning-view'
import type { BoardRow, DocStore, Storage } from '../storage/types'

/** Everything a report renders: the board, when, the organisations, the view and any bad content found. */
export interface BoardPlanningReport {
  readonly board: Pick<BoardRow, 'id' | 'title'>
  /** ISO timestamp of generation. */
  readonly generatedAt: string
  /** Organisations whose documents were read, sorted by id. */
  readonly orgs: readonly OrgInfo[]
  readonly view: PlanningView
  readonly opportunityCards: readonly OpportunityRecord[]
  /** Problems reported by the doc readers and the view; the report lists them so nothing is silently dropped. */
  readonly problems: readonly ValidationIssue[]
  /** Work in progress (e.g. a RACI activity with no Accountable yet): listed apart, never as a problem. */
  readonly incomplete: readonly IncompleteNote[]
}

/** Rebuilds a document from its stored snapshot and update log. A document never written is simply empty. */
export async function loadStoredDoc(docs: DocStore, name: string): Promise<Y.Doc> {
  const stored = await docs.load(name)
  const doc = new Y.Doc()
  if (stored.snapshot !== null) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

/**
 * The organisations whose documents may hold figures for this board: the owner's organisation, every organisation
 * shared with, the organisation of every person shared with, and any organisation the board document names (RACI
 * governance rows). Storage is not asked to list documents.
 */
async function candidateOrgIds(storage: Storage, board: BoardRow, boardDoc: Y.Doc): Promise<string[]> {
  const ids = new Set<string>()
  if (board.ownerId) {
    const owner = await storage.accounts.getUser(board.ownerId)
    if (owner) ids.add(owner.orgId)
  }
  for (const share of await storage.shares.listForBoard(board.id)) {
    if (share.principalType === 'org') ids.add(share.principalId)
    else {
      const user = await storage.accounts.getUser(share.principalId)
      if (user) ids.add(user.orgId)
    }
  }
  for (const card of readCategories(boardDoc).value) {
    for (const row of card.plan.governance) for (const orgId of Object.keys(row.assignments)) ids.add(orgId)
  }
  return [...ids].sort()
}

/**
 * Loads the board document and every organisation document of the board from storage and builds the report model.
 * `dataSpend`: the bodies' figures from their spend data (`dataSpendFromBoardSpend`); none without a spend store.
 * `importedContracts`: the bodies' imported contracts linked to the categories, as the caller may see them
 * (`importedContractsFromBoard`); none without a contracts store. `readerOrgId`: the caller's organisation. Only its
 * confidential document (`<boardId>~private~<orgId>`) is read, so the report holds that organisation's confidential
 * contracts (marked) and no other organisation's: every figure built from contracts (renewal groups, nearest end,
 * opportunities) is what the caller's own screen shows.
 */
export async function loadBoardPlanningReport(storage: Storage, board: BoardRow, now: Date, dataSpend: DataSpend = new Map(), importedContracts: ImportedContracts = new Map(), readerOrgId: string | null = null): Promise<BoardPlanningReport> {
  const boardDoc = await loadStoredDoc(storage.docs, board.id)
  const orgDocs = new Map<OrgId, Y.Doc>()
  const privateDocs = new Map<OrgId, Y.Doc>()
  const orgs: OrgInfo[] = []
  for (const candidate of await candidateOrgIds(storage, board, boardDoc)) {
    const id = OrgIdSchema.safeParse(candidate)
    if (!id.success) continue
    // The sync layer refuses documents of unknown organisations, so an unknown id cannot have figures.
    const row = await storage.accounts.getOrg(id.data)
    if (!row) continue
    orgDocs.set(id.data, await loadStoredDoc(storage.docs, orgDocName(board.id, id.data)))
    if (id.data === readerOrgId) privateDocs.set(id.data, await loadStoredDoc(storage.docs, privateDocName(board.id, id.data)))
    orgs.push({ id: id.data, name: row.name, shortName: row.shortName, colour: row.colour })
  }
  const read = readPlanningBoard(boardDoc, orgDocs, privateDocs)
  const today = now.toISOString().slice(0, 10) as IsoDate
  const view = buildPlanningView(read.value.plans, orgs, read.value.settings, today, read.value.opportunities, dataSpend, importedContracts)
  boardDoc.destroy()
  for (const doc of [...orgDocs.values(), ...privateDocs.values()]) doc.destroy()
  return {
    board: { id: board.id, title: board.title },
    generatedAt: now.toISOString(),
    orgs,
    view,
    opportunityCards: read.value.opportunities,
    problems: [...read.problems, ...view.problems],
    incomplete: read.value.incomplete,
  }
}

/**
 * A safe download name from the board title: ASCII letters and digits joined by hyphens (at most 60 characters),
 * then `-category-plan-<date>.<ext>`. Never contains quotes, slashes or control characters.
 * @example reportFilename('Fleet & tyres: 2025/26', '2025-06-01', 'csv') // 'fleet-tyres-2025-26-category-plan-2025-06-01.csv'
 */
export function reportFilename(title: string, date: string, ext: 'md' | 'csv'): string {
  const slug = title
    .normalize('NFKD')
    // Drop the accents NFKD split off, so 'É' becomes 'e' rather than a separator.
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  const safeDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : 'undated'
  return `${slug === '' ? 'board' : slug}-category-plan-${safeDate}.${ext}`
}
