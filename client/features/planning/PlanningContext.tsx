/**
 * The planning session of an open board: who I am (the session) and which organisations take part (REST), one
 * synced Y.Doc per organisation and my organisation's confidential one (`useOrgDocs`), and the planning view (`buildPlanningView`) rebuilt whenever any of
 * the documents changes or the bodies' spend data does (`useBoardSpend`: a body's figure from its data replaces its
 * hand entry) or the bodies' imported contracts do (`useBoardContracts`: shown beside the hand-entered ones and counted
 * in the renewal timeline), so every card, matrix and table shows the same live figures for everyone. Also holds the
 * panel state (which tab, which category) so the canvas shapes and the side panel stay in step. The shapes read
 * their part through `ShapePlanningContext` (client/canvas/planning/shape-planning.ts).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { getUserPreferences, useValue, type Editor } from '@tldraw/tldraw'
import type { BoardRole } from '../../../shared/access/roles'
import { isAtLeast } from '../../../shared/access/roles'
import { readCategories, readPlanningBoard } from '../../../shared/doc/planning-doc'
import { describeProblem } from '../../../shared/doc/planning-notes'
import { upgradeLegacyPlans } from '../../../shared/doc/planning-writers'
import { dataSpendFromBoardSpend } from '../../../shared/doc/data-spend'
import { importedContractsFromBoard } from '../../../shared/doc/imported-contracts'
import { buildPlanningView, type OrgInfo, type PlanningView } from '../../../shared/doc/planning-view'
import type { OrgId } from '../../../shared/domain/ids'
import type { Board, Organisation, Share } from '../../../shared/schema/api'
import type { BoardSpend } from '../../../shared/schema/board-spend-api'
import { listOrganisations, listShares } from '../../api/auth'
import { ShapePlanningContext } from '../../canvas/planning/shape-planning'
import { changesMoreThanCanvas } from '../../sync/binding'
import { canWriteOrgDoc, useOrgDocs } from '../../sync/org-docs'
import { useSession } from '../auth/session'
import { resolveBoardOrgs } from './board-orgs'
import { useBoardContracts } from './useBoardContracts'
import { useBoardSpend } from './useBoardSpend'
import { todayIso } from '../../ui/format'
import './planning.css'

/** The side panel's tabs. */
export type PlanningTab = 'category' | 'spend' | 'pooled' | 'renewals' | 'opportunities' | 'settings'

export interface PanelState {
  readonly tab: PlanningTab
  readonly categoryId: string | null
  /** Pooled spend tab: the body whose figure was clicked (on a card), to show the lines behind it. */
  readonly traceOrgId?: string | null
  /** Changes with every request to trace, so clicking the same figure again opens it again. */
  readonly traceSeq?: number
}

export interface PlanningContextValue {
  readonly boardId: string
  readonly boardTitle: string
  readonly boardDoc: Y.Doc | null
  readonly editor: Editor | null
  readonly orgDocs: ReadonlyMap<OrgId, Y.Doc>
  readonly orgs: readonly OrgInfo[]
  readonly myOrgId: OrgId | null
  readonly role: BoardRole | null
  /** Author id written on new cards (`createdBy`). */
  readonly userId: string
  /** True when I may edit the board document (cards, settings, opportunities). */
  readonly canEditBoard: boolean
  /** My organisation's document, when I may write it. */
  readonly myOrgDoc: Y.Doc | null
  /** My organisation's confidential document (its confidential contracts), when I may write it. */
  readonly myPrivateDoc: Y.Doc | null
  readonly view: PlanningView | null
  /** Number of problems the readers reported (bad content left out). */
  readonly problemCount: number
  /** Each unreadable item named for people (category and field), e.g. "Fleet tyres, specification: Need (…)". */
  readonly problems: readonly string[]
  readonly panel: PanelState | null
  /** The bodies' imported spend for the categories linked to ProClass codes (polled; null when none is linked). */
  readonly boardSpend: BoardSpend | null
  readonly boardSpendError: string | null
  refreshBoardSpend(): void
  /** Why the bodies' imported contracts could not be loaded; null when they were (or there is no category). */
  readonly boardContractsError: string | null
  /** True when I administer my organisation (may share its line detail with this board). */
  readonly isOrgAdmin: boolean
  openPanel(tab: PlanningTab, categoryId?: string | null, traceOrgId?: string | null): void
  closePanel(): void
  orgInfo(orgId: string): OrgInfo
}

const PlanningContext = createContext<PlanningContextValue | null>(null)

/** The planning session; throws when used outside `PlanningProvider` (a programming error). */
export function usePlanning(): PlanningContextValue {
  const value = useContext(PlanningContext)
  if (value === null) throw new Error('usePlanning must be used inside <PlanningProvider>')
  return value
}

const REFRESH_SHARES_MS = 20_000

interface Accounts {
  shares: Share[]
  organisations: Organisation[]
}

export function PlanningProvider({ board, boardDoc, editor, children }: { board: Board; boardDoc: Y.Doc | null; editor: Editor | null; children: ReactNode }) {
  const session = useSession()
  const me = session.status === 'signed-in' ? session : null
  const [accounts, setAccounts] = useState<Accounts>({ shares: [], organisations: [] })
  const [namedOrgIds, setNamedOrgIds] = useState<string[]>([])
  const [panel, setPanel] = useState<PanelState | null>(null)

  // Who the board is shared with, and the organisations' names: now and now and then (shares change).
  useEffect(() => {
    const controller = new AbortController()
    const load = async () => {
      const [shares, organisations] = await Promise.all([
        listShares(board.id, controller.signal).catch(() => [] as Share[]),
        listOrganisations(controller.signal).catch(() => [] as Organisation[]),
      ])
      if (!controller.signal.aborted) setAccounts({ shares, organisations })
    }
    load().catch(() => undefined)
    const timer = setInterval(() => load().catch(() => undefined), REFRESH_SHARES_MS)
    return () => {
      controller.abort()
      clearInterval(timer)
    }
  }, [board.id])

  const orgs = useMemo(
    () => resolveBoardOrgs({ myOrg: me?.organisation ?? null, shares: accounts.shares, organisations: accounts.organisations, namedOrgIds }),
    [me?.organisation, accounts, namedOrgIds],
  )
  const orgIds = useMemo(() => orgs.map((o) => o.id), [orgs])
  const myOrgId = (me?.organisation.id ?? null) as OrgId | null
  const { docs: orgDocs, privateDocs } = useOrgDocs(board.id, orgIds, myOrgId)

  // Rebuild the view on any change to the planning data of any document, at most once per frame. Shape moves (the
  // canvas records in the board document) are skipped: on a large board each rebuild re-renders every consumer of
  // the planning context, which React finds by walking the whole canvas below it.
  const [view, setView] = useState<PlanningView | null>(null)
  const [problems, setProblems] = useState<readonly string[]>([])
  const canEditBoard = isAtLeast(board.myRole ?? null, 'editor')
  // The bodies' imported spend for linked categories (each category's own codes, else its ProClass code): polled, and
  // fed into the view so every figure, placement and opportunity counts a body's data instead of its hand entry.
  const linkKey = view?.categories.filter((c) => c.spendCodes.length > 0).map((c) => `${c.id}:${c.spendCodes.join(',')}`).join(';') ?? ''
  const { spend: boardSpend, error: boardSpendError, refresh: refreshBoardSpend } = useBoardSpend(board.id, linkKey)
  const dataSpend = useMemo(() => dataSpendFromBoardSpend(boardSpend), [boardSpend])
  // The bodies' imported contracts linked to the categories (by CPV, ProClass code or supplier): asked again whenever
  // the categories or their codes change, and shown read-only beside the hand-entered contracts.
  const contractsKey = view?.categories.map((c) => `${c.id}:${c.cpvCodes.join(',')}:${c.spendCodes.join(',')}`).join(';') ?? ''
  const { contracts: boardContracts, error: boardContractsError } = useBoardContracts(board.id, contractsKey)
  const importedContracts = useMemo(() => importedContractsFromBoard(boardContracts), [boardContracts])
  useEffect(() => {
    if (!boardDoc) return
    let frame = 0
    const rebuild = () => {
      frame = 0
      // An editor's client converts cards an older Pooled wrote whole (idempotent; concurrent upgrades converge), so
      // later edits of different parts never compete with an upgrade.
      if (canEditBoard) upgradeLegacyPlans(boardDoc)
      // My organisation's confidential contracts join its others, marked; nobody else's ever reach this screen.
      const read = readPlanningBoard(boardDoc, orgDocs, privateDocs)
      const built = buildPlanningView(read.value.plans, orgs, read.value.settings, todayIso(), read.value.opportunities, dataSpend, importedContracts)
      setView(built)
      const names = new Map(read.value.categories.map((c) => [c.id as string, c.name]))
      const orgName = (id: string) => orgs.find((o) => o.id === id)?.shortName ?? id
      const described = [...read.problems, ...built.problems].map((p) => describeProblem(p, names, orgName))
      setProblems((prev) => (prev.join('\n') === described.join('\n') ? prev : described))
      const named = [...new Set(readCategories(boardDoc).value.flatMap((c) => c.plan.governance.flatMap((row) => Object.keys(row.assignments))))].sort()
      setNamedOrgIds((prev) => (prev.join('\n') === named.join('\n') ? prev : named))
    }
    const schedule = () => {
      if (frame !== 0) return
      frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(rebuild) : (setTimeout(rebuild, 16) as unknown as number)
    }
    rebuild()
    const onTransaction = (transaction: Y.Transaction) => {
      if (changesMoreThanCanvas(transaction)) schedule()
    }
    const docs = [boardDoc, ...orgDocs.values(), ...privateDocs.values()]
    for (const doc of docs) doc.on('afterTransaction', onTransaction)
    return () => {
      for (const doc of docs) doc.off('afterTransaction', onTransaction)
      if (frame !== 0 && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame)
    }
  }, [boardDoc, orgDocs, privateDocs, orgs, canEditBoard, dataSpend, importedContracts])

  // Selecting a category card opens its inspector.
  const selectedCategoryId = useValue(
    'selected category card',
    () => {
      const shape = editor?.getOnlySelectedShape()
      return shape?.type === 'category-card' ? (shape.props as { categoryId: string }).categoryId : null
    },
    [editor],
  )
  useEffect(() => {
    if (selectedCategoryId !== null) setPanel({ tab: 'category', categoryId: selectedCategoryId })
  }, [selectedCategoryId])

  const isOrgAdmin = me?.user.orgRole === 'admin'

  const role = board.myRole ?? null
  const canWriteMine = myOrgId !== null && canWriteOrgDoc(myOrgId, myOrgId, role)
  const myOrgDoc = canWriteMine ? (orgDocs.get(myOrgId) ?? null) : null
  const myPrivateDoc = canWriteMine ? (privateDocs.get(myOrgId) ?? null) : null
  const openPanel = useCallback((tab: PlanningTab, categoryId: string | null = null, traceOrgId: string | null = null) => {
    setPanel((prev) => ({
      tab,
      categoryId: categoryId ?? (tab === 'category' ? (prev?.categoryId ?? null) : (prev?.categoryId ?? null)),
      ...(traceOrgId !== null ? { traceOrgId, traceSeq: (prev?.traceSeq ?? 0) + 1 } : {}),
    }))
  }, [])
  const closePanel = useCallback(() => setPanel(null), [])
  const orgInfo = useCallback(
    (orgId: string): OrgInfo => orgs.find((o) => o.id === orgId) ?? { id: orgId as OrgId, name: orgId, shortName: orgId.slice(0, 8), colour: '#888888' },
    [orgs],
  )

  const value = useMemo<PlanningContextValue>(
    () => ({
      boardId: board.id,
      boardTitle: board.title,
      boardDoc,
      editor,
      orgDocs,
      orgs,
      myOrgId,
      role,
      userId: me?.user.id ?? getUserPreferences().id,
      canEditBoard,
      myOrgDoc,
      myPrivateDoc,
      view,
      problemCount: problems.length,
      problems,
      panel,
      boardSpend,
      boardSpendError,
      refreshBoardSpend,
      boardContractsError,
      isOrgAdmin,
      openPanel,
      closePanel,
      orgInfo,
    }),
    [board.id, board.title, boardDoc, editor, orgDocs, orgs, myOrgId, role, canEditBoard, me?.user.id, myOrgDoc, myPrivateDoc, view, problems, panel, boardSpend, boardSpendError, refreshBoardSpend, boardContractsError, isOrgAdmin, openPanel, closePanel, orgInfo],
  )
  return (
    <PlanningContext.Provider value={value}>
      <ShapePlanningContext.Provider value={value}>{children}</ShapePlanningContext.Provider>
    </PlanningContext.Provider>
  )
}
