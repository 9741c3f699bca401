/** Home page: the list of boards with create, open, rename and delete (with confirmation). */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import type { Board } from '../../../shared/schema/api'
import { BOARD_TITLE_MAX_CHARS } from '../../../shared/schema/api'
import { createBoard, deleteBoard, describeError, listBoards, renameBoard } from '../../api/client'
import { Link } from '../../app/Link'
import { boardHref, COLLABORATION_HREF, FORWARD_PLAN_HREF, navigate, SPEND_DATA_HREF } from '../../app/router'
import { AppHeader } from '../../app/AppHeader'

type ListState = { kind: 'loading' } | { kind: 'ready'; boards: Board[] } | { kind: 'error'; message: string }

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })

function formatDate(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date)
}

export function HomePage() {
  const [list, setList] = useState<ListState>({ kind: 'loading' })

  const reload = useCallback((signal?: AbortSignal) => {
    listBoards(signal).then(
      (boards) => setList({ kind: 'ready', boards: [...boards].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) }),
      (error: unknown) => {
        if (signal?.aborted) return
        setList({ kind: 'error', message: describeError(error) })
      },
    )
  }, [])

  useEffect(() => {
    document.title = 'Boards · Pooled'
    const controller = new AbortController()
    reload(controller.signal)
    return () => controller.abort()
  }, [reload])

  const replaceBoard = (board: Board) =>
    setList((prev) => (prev.kind === 'ready' ? { kind: 'ready', boards: prev.boards.map((b) => (b.id === board.id ? board : b)) } : prev))
  const removeBoard = (boardId: string) =>
    setList((prev) => (prev.kind === 'ready' ? { kind: 'ready', boards: prev.boards.filter((b) => b.id !== boardId) } : prev))

  return (
    <div className="page">
      <AppHeader>
        <Link href={SPEND_DATA_HREF} className="button button-secondary button-small">Spend data</Link>
        <Link href={COLLABORATION_HREF} className="button button-secondary button-small">Collaboration</Link>
        <Link href={FORWARD_PLAN_HREF} className="button button-secondary button-small">Forward plan</Link>
        <Link href="/library" className="button button-secondary button-small">Method library</Link>
      </AppHeader>
      <main className="content">
        <div className="page-heading">
          <div>
            <h1>Boards</h1>
            <p className="muted">Shared whiteboards for planning categories together across organisations.</p>
          </div>
        </div>
        <NewBoardForm />
        <section aria-labelledby="boards-heading" className="board-section">
          <h2 id="boards-heading" className="section-title">Your boards</h2>
          {list.kind === 'loading' && <p className="muted" role="status">Loading boards…</p>}
          {list.kind === 'error' && (
            <div className="notice notice-error" role="alert">
              <span>Could not load boards: {list.message}</span>
              <button type="button" className="button button-secondary button-small" onClick={() => reload()}>Try again</button>
            </div>
          )}
          {list.kind === 'ready' && list.boards.length === 0 && (
            <div className="empty-state">
              <p><strong>No boards yet.</strong></p>
              <p className="muted">Give your first board a title above and press “Create board”.</p>
            </div>
          )}
          {list.kind === 'ready' && list.boards.length > 0 && (
            <ul className="board-list" data-testid="board-list">
              {list.boards.map((board) => (
                <BoardRow key={board.id} board={board} onRenamed={replaceBoard} onDeleted={removeBoard} />
              ))}
            </ul>
          )}
        </section>
      </main>
    </div>
  )
}

function NewBoardForm() {
  const [title, setTitle] = useState('')
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const inputId = useId()
  const trimmed = title.trim()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (trimmed === '' || isBusy) return
    setIsBusy(true)
    setError(null)
    try {
      const board = await createBoard({ title: trimmed })
      navigate(boardHref(board.id))
    } catch (err) {
      setError(describeError(err))
      setIsBusy(false)
    }
  }

  return (
    <form className="card new-board" onSubmit={submit} aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`} className="card-title">New board</h2>
      <label className="field-label" htmlFor={inputId}>Board title</label>
      <div className="inline-form">
        <input
          id={inputId}
          className="text-input"
          name="title"
          placeholder="e.g. Facilities management 2027 re-procurement"
          maxLength={BOARD_TITLE_MAX_CHARS}
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={trimmed === '' || isBusy}>
          {isBusy ? 'Creating…' : 'Create board'}
        </button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  )
}

interface RowProps {
  board: Board
  onRenamed(board: Board): void
  onDeleted(boardId: string): void
}

function BoardRow({ board, onRenamed, onDeleted }: RowProps) {
  const [mode, setMode] = useState<'view' | 'rename' | 'confirm-delete'>('view')
  const [draft, setDraft] = useState(board.title)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const startRename = () => {
    setDraft(board.title)
    setError(null)
    setMode('rename')
  }

  const saveRename = async (event: FormEvent) => {
    event.preventDefault()
    const title = draft.trim()
    if (title === '' || isBusy) return
    if (title === board.title) return setMode('view')
    setIsBusy(true)
    setError(null)
    try {
      onRenamed(await renameBoard(board.id, { title }))
      setMode('view')
    } catch (err) {
      setError(describeError(err))
    } finally {
      setIsBusy(false)
    }
  }

  const confirmDelete = async () => {
    setIsBusy(true)
    setError(null)
    try {
      await deleteBoard(board.id)
      onDeleted(board.id)
    } catch (err) {
      setError(describeError(err))
      setIsBusy(false)
    }
  }

  return (
    <li className="board-row" data-board-id={board.id}>
      {mode === 'rename' ? (
        <form className="inline-form board-row-main" onSubmit={saveRename} aria-label={`Rename ${board.title}`}>
          <input
            className="text-input"
            aria-label="Board title"
            autoFocus
            maxLength={BOARD_TITLE_MAX_CHARS}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setMode('view')
            }}
          />
          <button type="submit" className="button button-primary button-small" disabled={draft.trim() === '' || isBusy}>Save</button>
          <button type="button" className="button button-secondary button-small" onClick={() => setMode('view')}>Cancel</button>
        </form>
      ) : (
        <div className="board-row-main">
          <Link className="board-title" href={boardHref(board.id)}>{board.title}</Link>
          <span className="muted board-date">Created {formatDate(board.createdAt)}</span>
        </div>
      )}
      {mode === 'view' && (
        <div className="board-row-actions">
          <Link className="button button-primary button-small" href={boardHref(board.id)} aria-label={`Open ${board.title}`}>Open</Link>
          <button type="button" className="button button-secondary button-small" onClick={startRename}>Rename</button>
          <button type="button" className="button button-danger-quiet button-small" onClick={() => setMode('confirm-delete')}>Delete</button>
        </div>
      )}
      {mode === 'confirm-delete' && (
        <div className="confirm" role="alertdialog" aria-label={`Delete ${board.title}?`}>
          <span>Delete “{board.title}” for everyone? This cannot be undone.</span>
          <button type="button" className="button button-danger button-small" onClick={confirmDelete} disabled={isBusy}>
            {isBusy ? 'Deleting…' : 'Delete board'}
          </button>
          <button type="button" className="button button-secondary button-small" onClick={() => setMode('view')} autoFocus>Keep it</button>
        </div>
      )}
      {error && <p className="field-error row-error" role="alert">{error}</p>}
    </li>
  )
}
