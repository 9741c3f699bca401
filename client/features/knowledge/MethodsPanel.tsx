/**
 * The "Methods" panel on a board: search the shared knowledge base, preview a method (guidance and layout), add its
 * template to the centre of the view for everyone, and save the current selection as a method. Esc closes it.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useValue, type Editor } from '@tldraw/tldraw'
import type { MethodologyDetail, MethodologyListItem } from '../../../shared/schema/knowledge-api'
import type { CategoryStage } from '../../../shared/knowledge/methodology'
import { validateTemplate } from '../../../shared/knowledge/template'
import { describeKnowledgeError, getMethodology, recordUsage, searchMethodologies } from '../../api/knowledge'
import { placeTemplate } from '../../canvas/templates/place-template'
import { SaveTemplateDialog } from './SaveTemplateDialog'
import { STAGE_OPTIONS, stageLabel, usageLabel } from './knowledge-format'
import { TemplatePreview } from './TemplatePreview'
import './knowledge.css'

const SEARCH_DEBOUNCE_MS = 200

type ListState = { kind: 'loading' } | { kind: 'ready'; items: MethodologyListItem[] } | { kind: 'error'; message: string }
type DetailState = { kind: 'loading'; slug: string } | { kind: 'ready'; method: MethodologyDetail } | { kind: 'error'; slug: string; message: string }

/** The top-bar toggle for the panel. */
export function MethodsButton({ isOpen, onToggle }: { isOpen: boolean; onToggle(): void }) {
  return (
    <button type="button" className="button button-secondary button-small" aria-pressed={isOpen} aria-controls="kb-panel" onClick={onToggle} data-testid="methods-button">
      Methods
    </button>
  )
}

export function MethodsPanel({ editor, boardId, onClose }: { editor: Editor | null; boardId: string; onClose(): void }) {
  const [query, setQuery] = useState('')
  const [stage, setStage] = useState<CategoryStage | ''>('')
  const [tag, setTag] = useState('')
  const [allTags, setAllTags] = useState<string[]>([])
  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [detail, setDetail] = useState<DetailState | null>(null)
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null)
  const [isSaving, setIsSaving] = useState(false)
  const searchRef = useRef<HTMLInputElement>(null)
  const panelRef = useRef<HTMLElement>(null)
  const selectionCount = useValue('kb selection', () => editor?.getSelectedShapeIds().length ?? 0, [editor])
  const isReadonly = useValue('kb readonly', () => editor?.getIsReadonly() ?? true, [editor])

  useEffect(() => searchRef.current?.focus(), [])

  // Tags to filter by: every tag in the library.
  useEffect(() => {
    const controller = new AbortController()
    searchMethodologies({ sort: 'title' }, controller.signal).then(
      (items) => setAllTags([...new Set(items.flatMap((m) => m.tags))].sort()),
      () => undefined,
    )
    return () => controller.abort()
  }, [])

  useEffect(() => {
    const controller = new AbortController()
    const timer = setTimeout(() => {
      searchMethodologies({ q: query, stage, tag, sort: query.trim() ? 'relevance' : 'most-used' }, controller.signal).then(
        (items) => setList({ kind: 'ready', items }),
        (error: unknown) => {
          if (!controller.signal.aborted) setList({ kind: 'error', message: describeKnowledgeError(error) })
        },
      )
    }, query ? SEARCH_DEBOUNCE_MS : 0)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [query, stage, tag])

  const open = (slug: string) => {
    setStatus(null)
    setDetail({ kind: 'loading', slug })
    getMethodology(slug).then(
      (method) => setDetail((prev) => (prev?.kind === 'loading' && prev.slug === slug ? { kind: 'ready', method } : prev)),
      (error: unknown) => setDetail({ kind: 'error', slug, message: describeKnowledgeError(error) }),
    )
  }

  const addToBoard = (method: MethodologyDetail) => {
    if (!editor) return
    const template = validateTemplate(method.template)
    if (!template.ok) {
      setStatus({ tone: 'error', text: `This method’s layout cannot be drawn: ${template.error.message}` })
      return
    }
    // This panel covers the right of the canvas: keep the template out from under it.
    const panelLeft = panelRef.current?.getBoundingClientRect().left
    const screen = editor.getViewportScreenBounds()
    const obscuredRightPx = panelLeft === undefined ? 0 : Math.max(0, screen.x + screen.w - panelLeft)
    const placed = placeTemplate(editor, template.value, { slug: method.slug, version: method.version }, { isFitting: true, obscuredRightPx })
    const where = placed.isNearViewport ? 'in free space near your view' : 'beside the existing work, where there was room'
    setStatus({ tone: 'ok', text: `Added “${method.title}” to the board for everyone, ${where}. It is selected: drag to move it, or undo with Ctrl+Z.` })
    recordUsage(method.slug, boardId, method.version).catch(() => undefined)
  }

  const onKeyDown = (event: KeyboardEvent) => {
    // Keep typing here from reaching tldraw's shortcuts.
    event.stopPropagation()
    if (event.key === 'Escape') onClose()
  }

  return (
    <aside ref={panelRef} id="kb-panel" className="kb-panel" aria-label="Methods" data-testid="kb-panel" onKeyDown={onKeyDown} onPointerDown={(e) => e.stopPropagation()}>
      <div className="kb-panel-head">
        {detail ? (
          <button type="button" className="kb-back" onClick={() => { setDetail(null); setStatus(null) }}>
            <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true"><path d="M10 3 5 8l5 5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" /></svg>
            All methods
          </button>
        ) : (
          <h2 className="kb-panel-title">Methods</h2>
        )}
        <button type="button" className="kb-close" aria-label="Close methods" onClick={onClose}>×</button>
      </div>

      {!detail && (
        <div className="kb-panel-body">
          <div className="kb-search">
            <input
              ref={searchRef}
              type="search"
              className="text-input"
              placeholder="What do you need to do? e.g. supply risk"
              aria-label="Search methods"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            <div className="kb-filters">
              <select className="text-input" aria-label="Stage" value={stage} onChange={(e) => setStage(e.target.value as CategoryStage | '')}>
                <option value="">All stages</option>
                {STAGE_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
              <select className="text-input" aria-label="Tag" value={tag} onChange={(e) => setTag(e.target.value)}>
                <option value="">All tags</option>
                {allTags.map((t) => <option key={t} value={t}>{t}</option>)}
              </select>
            </div>
          </div>
          {list.kind === 'loading' && <p className="muted kb-pad" role="status">Loading methods…</p>}
          {list.kind === 'error' && <div className="notice notice-error kb-pad" role="alert">Could not load methods: {list.message}</div>}
          {list.kind === 'ready' && list.items.length === 0 && <p className="muted kb-pad">No method matches. Try other words, or clear the filters.</p>}
          {list.kind === 'ready' && list.items.length > 0 && (
            <ul className="kb-results" aria-label="Methods found">
              {list.items.map((m) => (
                <li key={m.slug}>
                  <button type="button" className="kb-result" onClick={() => open(m.slug)} data-slug={m.slug}>
                    <span className="kb-result-title">{m.title}</span>
                    <span className="kb-result-meta">
                      <span className="kb-stage">{stageLabel(m.stage)}</span>
                      <span>{usageLabel(m.usageCount)}</span>
                    </span>
                    <span className="kb-result-summary">{m.summary}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      {detail?.kind === 'loading' && <p className="muted kb-pad" role="status">Loading…</p>}
      {detail?.kind === 'error' && <div className="notice notice-error kb-pad" role="alert">{detail.message}</div>}
      {detail?.kind === 'ready' && (
        <div className="kb-panel-body kb-detail" data-testid="kb-method-preview">
          <h2 className="kb-detail-title">{detail.method.title}</h2>
          <p className="kb-result-meta">
            <span className="kb-stage">{stageLabel(detail.method.stage)}</span>
            <span>{usageLabel(detail.method.usageCount)}</span>
            <span>Version {detail.method.version}</span>
          </p>
          <TemplatePreview template={detail.method.template} label={`Board layout of ${detail.method.title}`} className="kb-preview-panel" />
          <div className="kb-actions">
            <button type="button" className="button button-primary" disabled={!editor || isReadonly} onClick={() => addToBoard(detail.method)}>
              Add to board
            </button>
            <a className="button button-secondary" href={`/library/${encodeURIComponent(detail.method.slug)}`} target="_blank" rel="noopener">
              Open full page
            </a>
          </div>
          {isReadonly && <p className="muted kb-small">You can view this board but not change it.</p>}
          {status && <p className={`kb-status kb-status-${status.tone}`} role="status">{status.text}</p>}
          <p className="kb-summary">{detail.method.summary}</p>
          <h3 className="kb-h3">When to use</h3>
          <p>{detail.method.whenToUse}</p>
          <h3 className="kb-h3">How to run it</h3>
          {/* bodyHtml is rendered and sanitised on the server (no raw HTML, scripts, handlers or unsafe URLs). */}
          <div className="kb-prose" dangerouslySetInnerHTML={{ __html: detail.method.bodyHtml }} />
        </div>
      )}

      <div className="kb-panel-foot">
        <button type="button" className="button button-secondary button-small" disabled={!editor || selectionCount === 0} onClick={() => setIsSaving(true)}>
          Save selection as method…
        </button>
        <span className="muted kb-small">{selectionCount === 0 ? 'Select shapes on the board first' : `${selectionCount} selected`}</span>
      </div>
      {isSaving && editor && (
        <SaveTemplateDialog
          editor={editor}
          onClose={() => setIsSaving(false)}
          onSaved={(method, mode) => {
            setIsSaving(false)
            setDetail({ kind: 'ready', method })
            setStatus({ tone: 'ok', text: mode === 'new' ? `Saved “${method.title}” to the shared library.` : `Saved version ${method.version} of “${method.title}”.` })
          }}
        />
      )}
    </aside>
  )
}
