/**
 * The method library (`/library`): most-used and recently improved methods, search with stage, tag and organisation
 * filters, export of the whole library as a .zip and import of partners' .md files.
 */
import { useEffect, useRef, useState } from 'react'
import type { ImportResult, MethodologyListItem } from '../../../shared/schema/knowledge-api'
import type { CategoryStage } from '../../../shared/knowledge/methodology'
import { AppHeader } from '../../app/AppHeader'
import { Link } from '../../app/Link'
import { describeKnowledgeError, exportLibraryHref, importMarkdownFiles, searchMethodologies } from '../../api/knowledge'
import type { MethodologySort } from '../../../shared/schema/knowledge-api'
import { STAGE_OPTIONS, formatDay, stageLabel, usageLabel } from './knowledge-format'
import './knowledge.css'

const SEARCH_DEBOUNCE_MS = 250

export const methodHref = (slug: string): string => `/library/${encodeURIComponent(slug)}`

type ListState = { kind: 'loading' } | { kind: 'ready'; items: MethodologyListItem[] } | { kind: 'error'; message: string }

export function LibraryPage() {
  const [all, setAll] = useState<MethodologyListItem[]>([])
  const [query, setQuery] = useState('')
  const [stage, setStage] = useState<CategoryStage | ''>('')
  const [tag, setTag] = useState('')
  const [org, setOrg] = useState('')
  const [sort, setSort] = useState<MethodologySort>('most-used')
  const [list, setList] = useState<ListState>({ kind: 'loading' })
  const [reloadCount, setReloadCount] = useState(0)

  useEffect(() => {
    document.title = 'Method library · Pooled'
    const controller = new AbortController()
    searchMethodologies({ sort: 'recent' }, controller.signal).then(setAll, () => undefined)
    return () => controller.abort()
  }, [reloadCount])

  useEffect(() => {
    const controller = new AbortController()
    const effectiveSort: MethodologySort = query.trim() && sort === 'most-used' ? 'relevance' : sort
    const timer = setTimeout(() => {
      searchMethodologies({ q: query, stage, tag, org, sort: effectiveSort }, controller.signal).then(
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
  }, [query, stage, tag, org, sort, reloadCount])

  const tags = [...new Set(all.flatMap((m) => m.tags))].sort()
  const orgs = new Map<string, string>()
  for (const m of all) for (const c of m.contributors) if (c.orgId) orgs.set(c.orgId, c.orgName)
  const mostUsed = [...all].sort((a, b) => b.usageCount - a.usageCount || a.title.localeCompare(b.title)).filter((m) => m.usageCount > 0).slice(0, 5)
  const recent = all.slice(0, 5)
  const isFiltered = query.trim() !== '' || stage !== '' || tag !== '' || org !== ''

  return (
    <div className="page">
      <AppHeader>
        <Link href="/" className="button button-secondary button-small">Boards</Link>
      </AppHeader>
      <main className="content kb-content-wide">
        <div className="page-heading">
          <div>
            <h1>Method library</h1>
            <p className="muted">Procurement methods shared by every partner, each with workshop guidance and a board layout.</p>
          </div>
        </div>
        <LibraryTools onImported={() => setReloadCount((n) => n + 1)} />

        {!isFiltered && all.length > 0 && (
          <div className="kb-shelves">
            <section className="kb-shelf" aria-labelledby="kb-most-used">
              <h2 id="kb-most-used" className="section-title">Most used</h2>
              {mostUsed.length === 0 ? (
                <p className="muted">No method has been placed on a board yet.</p>
              ) : (
                <ol>{mostUsed.map((m) => <li key={m.slug}><Link href={methodHref(m.slug)}>{m.title}</Link><span className="muted">{usageLabel(m.usageCount)}</span></li>)}</ol>
              )}
            </section>
            <section className="kb-shelf" aria-labelledby="kb-recent">
              <h2 id="kb-recent" className="section-title">Recently improved</h2>
              <ol>
                {recent.map((m) => (
                  <li key={m.slug}>
                    <Link href={methodHref(m.slug)}>{m.title}</Link>
                    <span className="muted">v{m.version} · {formatDay(m.updatedAt)} · {m.lastEditedBy.orgName}</span>
                  </li>
                ))}
              </ol>
            </section>
          </div>
        )}

        <div className="kb-library-filters" role="search">
          <input type="search" className="text-input" placeholder="Search by what you need, e.g. supplier dependency" aria-label="Search the library" value={query} onChange={(e) => setQuery(e.target.value)} />
          <select className="text-input" aria-label="Stage" value={stage} onChange={(e) => setStage(e.target.value as CategoryStage | '')}>
            <option value="">All stages</option>
            {STAGE_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
          <select className="text-input" aria-label="Tag" value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">All tags</option>
            {tags.map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
          <select className="text-input" aria-label="Organisation" value={org} onChange={(e) => setOrg(e.target.value)}>
            <option value="">All organisations</option>
            {[...orgs].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => <option key={id} value={id}>{name}</option>)}
          </select>
        </div>
        <div className="kb-page-tools" style={{ justifyContent: 'space-between', marginBottom: 12 }}>
          <p className="muted" role="status">{list.kind === 'ready' ? `${list.items.length} method${list.items.length === 1 ? '' : 's'}` : ''}</p>
          <label className="muted kb-small">
            Sort by{' '}
            <select value={sort} onChange={(e) => setSort(e.target.value as MethodologySort)}>
              <option value="most-used">{query.trim() ? 'Best match' : 'Most used'}</option>
              <option value="recent">Recently improved</option>
              <option value="title">Title</option>
            </select>
          </label>
        </div>
        {list.kind === 'loading' && <p className="muted" role="status">Loading methods…</p>}
        {list.kind === 'error' && <div className="notice notice-error" role="alert">Could not load the library: {list.message}</div>}
        {list.kind === 'ready' && list.items.length === 0 && (
          <div className="empty-state"><p><strong>No method matches.</strong></p><p className="muted">Try other words, or clear the filters.</p></div>
        )}
        {list.kind === 'ready' && list.items.length > 0 && (
          <ul className="kb-grid" data-testid="kb-library-list">
            {list.items.map((m) => (
              <li key={m.slug}>
                <Link href={methodHref(m.slug)} className="kb-card">
                  <span className="kb-card-title">{m.title}</span>
                  <span className="kb-result-meta"><span className="kb-stage">{stageLabel(m.stage)}</span><span>{usageLabel(m.usageCount)}</span></span>
                  <span className="kb-result-summary">{m.summary}</span>
                  <span className="kb-card-orgs">From {m.contributors.map((c) => c.orgName).join(', ') || 'Pooled'}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  )
}

/** Export the whole library, and import .md files (several at once), reporting what was created, updated or skipped. */
function LibraryTools({ onImported }: { onImported(): void }) {
  const fileRef = useRef<HTMLInputElement>(null)
  const [isOverwrite, setIsOverwrite] = useState(false)
  const [result, setResult] = useState<ImportResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setIsBusy] = useState(false)

  const importFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return
    setIsBusy(true)
    setError(null)
    setResult(null)
    try {
      const payload = await Promise.all([...files].map(async (file) => ({ filename: file.name, content: await file.text() })))
      setResult(await importMarkdownFiles(payload, isOverwrite))
      onImported()
    } catch (e) {
      setError(describeKnowledgeError(e))
    } finally {
      setIsBusy(false)
      if (fileRef.current) fileRef.current.value = ''
    }
  }

  return (
    <div>
      <div className="kb-page-tools">
        <a className="button button-secondary button-small" href={exportLibraryHref()} download>Export library (.zip)</a>
        <button type="button" className="button button-secondary button-small" disabled={isBusy} onClick={() => fileRef.current?.click()}>
          {isBusy ? 'Importing…' : 'Import .md files…'}
        </button>
        <input ref={fileRef} type="file" accept=".md,text/markdown" multiple hidden aria-label="Markdown files to import" onChange={(e) => void importFiles(e.target.files)} />
        <label className="muted kb-small">
          <input type="checkbox" checked={isOverwrite} onChange={(e) => setIsOverwrite(e.target.checked)} /> Add a new version when a method already exists
        </label>
      </div>
      {error && <div className="notice notice-error" role="alert" style={{ marginTop: 10 }}>Nothing was imported. {error}</div>}
      {result && (
        <div className="notice" role="status" style={{ marginTop: 10, display: 'block' }} data-testid="kb-import-result">
          <strong>Import finished.</strong> Created {result.created.length}, updated {result.updated.length}, skipped {result.skipped.length}.
          {result.skipped.length > 0 && (
            <ul className="kb-notes">{result.skipped.map((s) => <li key={s.slug}>{s.slug}: {s.reason}</li>)}</ul>
          )}
        </div>
      )}
    </div>
  )
}
