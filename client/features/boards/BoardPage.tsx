/**
 * Board page: checks the board exists (REST) and the caller's role, then shows the live tldraw canvas
 * under a small top bar (back, title, participants, connection badge). The live connection starts at once, alongside
 * the REST checks (who is signed in, the board), rather than after them: the server authorises the socket on its own,
 * and the connection stops as soon as the board turns out to be missing or forbidden.
 */
import { memo, useCallback, useEffect, useState, type ReactNode } from 'react'
import { Tldraw, type Editor, type TLStoreWithStatus } from '@tldraw/tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import type { Board } from '../../../shared/schema/api'
import { ApiError, describeError, getBoard } from '../../api/client'
import { Link } from '../../app/Link'
import { markLoad } from '../../app/load-timing'
import { MessagePage } from '../../app/MessagePage'
import { config } from '../../config'
import { RequireSession } from '../auth/RequireSession'
import { useBoardStore, type BoardSession } from '../../sync/useBoardStore'
import { useIsPendingLongerThan, usePendingCount, useWarnBeforeClosingWithUnsharedChanges } from '../../sync/usePendingChanges'
import { BoardAttribution } from '../attribution/BoardAttribution'
import { BoardAccessBar } from '../sharing/BoardAccessBar'
import { ConnectionBadge, PENDING_NOTICE_WHEN_LIVE_MS } from './ConnectionBadge'
import { PLANNING_SHAPE_UTILS } from '../../canvas/planning/planning-shape-utils'
import { BoardLoadingScreen } from '../../canvas/BoardLoadingScreen'
import { SetAsideNotice } from '../../canvas/SetAsideNotice'
import { CullingShapeWrapper } from '../../canvas/CullingShapeWrapper'
import { DEFERRED_FILL_SHAPE_UTILS } from '../../canvas/deferred-pattern-fill'
import { PlanningProvider } from '../planning/PlanningContext'
import { PlaceSeededCategory } from '../contracts/PlaceSeededCategory'
import { PlanningPanel } from '../planning/PlanningPanel'
import { PlanningToolbar } from '../planning/PlanningToolbar'
import { MethodsButton, MethodsPanel } from '../knowledge/MethodsPanel'
import { EmptyBoardPrompt } from './EmptyBoardPrompt'

declare global {
  interface Window {
    /** The mounted tldraw editor, for end-to-end tests and support. */
    editor?: Editor
  }
}

const assetUrls = getAssetUrlsByImport()
/** Stable across renders: tldraw compares the components object. */
const components = { ShapeWrapper: CullingShapeWrapper, LoadingScreen: BoardLoadingScreen }
const shapeUtils = [...PLANNING_SHAPE_UTILS, ...DEFERRED_FILL_SHAPE_UTILS]

type BoardState =
  | { kind: 'loading' }
  | { kind: 'ready'; board: Board }
  | { kind: 'not-found' }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'error'; message: string }

/** The board route. Gates what it shows on the signed-in session, but starts loading the board before that is known. */
export function BoardPage({ boardId }: { boardId: string }) {
  return <RequireSession>{useBoardView(boardId)}</RequireSession>
}

function useBoardView(boardId: string): ReactNode {
  const [state, setState] = useState<BoardState>({ kind: 'loading' })
  const [attempt, setAttempt] = useState(0)
  const session = useBoardStore(boardId, { isEnabled: state.kind === 'loading' || state.kind === 'ready' })

  useEffect(() => {
    const controller = new AbortController()
    setState({ kind: 'loading' })
    getBoard(boardId, controller.signal).then(
      (board) => {
        markLoad('board-meta')
        setState({ kind: 'ready', board })
      },
      (error: unknown) => {
        if (controller.signal.aborted) return
        if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setState({ kind: 'not-found' })
        else if (error instanceof ApiError && (error.status === 401 || error.status === 403)) setState({ kind: 'unauthorized', message: error.message })
        else setState({ kind: 'error', message: describeError(error) })
      },
    )
    return () => controller.abort()
  }, [boardId, attempt])

  useEffect(() => {
    document.title = state.kind === 'ready' ? `${state.board.title} · Pooled` : 'Pooled'
  }, [state])

  if (state.kind === 'not-found') {
    return (
      <MessagePage title="Board not found" testId="board-not-found">
        <p>This board does not exist, or it has been deleted. Check the link you were given, or pick a board from the list.</p>
      </MessagePage>
    )
  }
  if (state.kind === 'unauthorized') {
    return (
      <MessagePage title="You cannot open this board" testId="board-unauthorized">
        <p>{capitalise(state.message)}.</p>
      </MessagePage>
    )
  }
  if (state.kind === 'error') {
    return (
      <MessagePage
        title="This board could not be opened"
        actions={<button type="button" className="button button-primary" onClick={() => setAttempt((n) => n + 1)}>Try again</button>}
      >
        <p>{state.message}</p>
      </MessagePage>
    )
  }
  if (state.kind === 'loading') {
    return (
      <div className="board-shell">
        <BoardTopBar title="" />
        <div className="board-loading" role="status">Opening board…</div>
      </div>
    )
  }
  return <LiveBoard board={state.board} session={session} />
}

function LiveBoard({ board, session }: { board: Board; session: BoardSession }) {
  const [editor, setEditor] = useState<Editor | null>(null)
  const [isMethodsOpen, setIsMethodsOpen] = useState(false)
  const pendingCount = usePendingCount()
  const isPendingSlow = useIsPendingLongerThan(PENDING_NOTICE_WHEN_LIVE_MS)
  useWarnBeforeClosingWithUnsharedChanges()
  const onMount = useCallback((mounted: Editor) => {
    markLoad('editor-mounted')
    requestAnimationFrame(() => markLoad('editor-painted'))
    window.editor = mounted
    setEditor(mounted)
  }, [])

  // A stopped binding no longer saves anything: make that visible by locking the canvas.
  useEffect(() => {
    if (editor && session.connection === 'error') editor.updateInstanceState({ isReadonly: true })
  }, [editor, session.connection])

  useEffect(
    () => () => {
      if (window.editor === editor) delete window.editor
    },
    [editor],
  )

  if (session.storeWithStatus.status === 'error') {
    return (
      <MessagePage
        title={session.needsReload ? 'Pooled has been updated' : 'This board could not be opened'}
        testId="board-error"
        actions={session.needsReload && <button type="button" className="button button-primary" onClick={() => location.reload()}>Reload</button>}
      >
        <p>{session.errorMessage}</p>
      </MessagePage>
    )
  }

  return (
    <PlanningProvider board={board} boardDoc={session.boardDoc} editor={editor}>
    <div className="board-shell">
      <BoardTopBar title={board.title}>
        <MethodsButton isOpen={isMethodsOpen} onToggle={() => setIsMethodsOpen((v) => !v)} />
        <PlanningToolbar />
        <ConnectionBadge state={session.connection} pendingCount={pendingCount} isPendingSlow={isPendingSlow} />
        <BoardAccessBar board={board} editor={editor} awareness={session.awareness} access={session.access} isConnectionBroken={session.connection === 'error'} />
      </BoardTopBar>
      {session.connection === 'error' && session.errorMessage && (
        <div className="board-banner" role="alert">
          <span>{session.errorMessage}</span>
          {session.needsReload ? (
            <button type="button" className="button button-primary button-small" onClick={() => location.reload()}>Reload</button>
          ) : (
            <Link href="/" className="button button-secondary button-small">Back to boards</Link>
          )}
        </div>
      )}
      <div className="board-canvas">
        <BoardCanvas storeWithStatus={session.storeWithStatus} onMount={onMount} />
        <BoardAttribution editor={editor} />
        <EmptyBoardPrompt editor={editor} isLoaded={session.storeWithStatus.status === 'synced-remote'} onOpenMethods={() => setIsMethodsOpen(true)} />
        <PlaceSeededCategory editor={editor} isLoaded={session.storeWithStatus.status === 'synced-remote'} />
        <SetAsideNotice records={session.setAside} />
        <PlanningPanel />
        {isMethodsOpen && <MethodsPanel editor={editor} boardId={board.id} onClose={() => setIsMethodsOpen(false)} />}
      </div>
    </div>
    </PlanningProvider>
  )
}

/**
 * The tldraw canvas, memoised: the page around it re-renders whenever presence or the connection changes (every
 * cursor move of a peer), and an unmemoised <Tldraw> would then re-render its whole tree, every shape included.
 */
const BoardCanvas = memo(function BoardCanvas({ storeWithStatus, onMount }: { storeWithStatus: TLStoreWithStatus; onMount: (editor: Editor) => void }) {
  return (
    <Tldraw
      store={storeWithStatus}
      shapeUtils={shapeUtils}
      assetUrls={assetUrls}
      components={components}
      licenseKey={config.tldrawLicenseKey}
      onMount={onMount}
    />
  )
})

function BoardTopBar({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="board-topbar">
      <Link href="/" className="back-link" aria-label="Back to all boards">
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M10 3 5 8l5 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span>Boards</span>
      </Link>
      <span className="topbar-divider" aria-hidden="true" />
      <h1 className="board-topbar-title" title={title}>{title}</h1>
      <div className="board-topbar-end">{children}</div>
    </header>
  )
}

function capitalise(text: string): string {
  return text.length > 0 ? text[0]!.toUpperCase() + text.slice(1) : text
}
