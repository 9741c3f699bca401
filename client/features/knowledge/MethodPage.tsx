/**
 * One method's page (`/library/:slug`): guidance, layout preview, contributing organisations, usage, version history
 * with who changed what and a readable diff, restore (with confirmation), edit, and export as Markdown.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { MethodologyDetail, MethodologyDiff, MethodologyVersionSummary } from '../../../shared/schema/knowledge-api'
import type { CategoryStage } from '../../../shared/knowledge/methodology'
import { formatIssue } from '../../../shared/knowledge/errors'
import { AppHeader } from '../../app/AppHeader'
import { Link } from '../../app/Link'
import { MessagePage } from '../../app/MessagePage'
import {
  describeKnowledgeError,
  exportMarkdownHref,
  getMethodology,
  getVersionDiff,
  listVersions,
  restoreVersion,
  updateMethodology,
} from '../../api/knowledge'
import { ApiError } from '../../api/client'
import type { ErrorIssue } from '../../../shared/schema/api'
import { MarkdownPreview } from './MarkdownPreview'
import { TemplatePreview } from './TemplatePreview'
import { formatDay, parseTags, STAGE_OPTIONS, stageLabel, usageLabel } from './knowledge-format'
import './knowledge.css'

type Tab = 'guidance' | 'history' | 'edit'
type PageState = { kind: 'loading' } | { kind: 'ready'; method: MethodologyDetail } | { kind: 'not-found' } | { kind: 'error'; message: string }

export function MethodPage({ slug }: { slug: string }) {
  const [state, setState] = useState<PageState>({ kind: 'loading' })
  const [tab, setTab] = useState<Tab>('guidance')
  const [notice, setNotice] = useState<string | null>(null)

  const load = useCallback(
    (signal?: AbortSignal) =>
      getMethodology(slug, signal).then(
        (method) => setState({ kind: 'ready', method }),
        (error: unknown) => {
          if (signal?.aborted) return
          if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setState({ kind: 'not-found' })
          else setState({ kind: 'error', message: describeKnowledgeError(error) })
        },
      ),
    [slug],
  )

  useEffect(() => {
    const controller = new AbortController()
    void load(controller.signal)
    return () => controller.abort()
  }, [load])

  useEffect(() => {
    document.title = state.kind === 'ready' ? `${state.method.title} · Method library · Pooled` : 'Method library · Pooled'
  }, [state])

  if (state.kind === 'not-found') {
    return (
      <MessagePage title="Method not found">
        <p>There is no method at this address. <Link href="/library">Browse the library</Link>.</p>
      </MessagePage>
    )
  }
  const method = state.kind === 'ready' ? state.method : null
  const onChanged = (updated: MethodologyDetail, message: string) => {
    setState({ kind: 'ready', method: updated })
    setNotice(message)
    setTab('guidance')
  }

  return (
    <div className="page">
      <AppHeader>
        <Link href="/library" className="button button-secondary button-small">Method library</Link>
        <Link href="/" className="button button-secondary button-small">Boards</Link>
      </AppHeader>
      <main className="content kb-content-wide">
        {state.kind === 'loading' && <p className="muted" role="status">Loading…</p>}
        {state.kind === 'error' && <div className="notice notice-error" role="alert">Could not load this method: {state.message}</div>}
        {method && (
          <>
            <div className="page-heading">
              <div>
                <p className="kb-result-meta"><Link href="/library">Method library</Link><span aria-hidden="true">›</span><span className="kb-stage">{stageLabel(method.stage)}</span></p>
                <h1>{method.title}</h1>
                <p className="muted">
                  Version {method.version} · {usageLabel(method.usageCount)} · last changed {formatDay(method.updatedAt)} by {method.lastEditedBy.name} ({method.lastEditedBy.orgName})
                </p>
              </div>
            </div>
            {notice && <p className="kb-status kb-status-ok" role="status">{notice}</p>}
            <div className="kb-tabs" role="tablist">
              {(['guidance', 'history', 'edit'] as const).map((t) => (
                <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => { setTab(t); setNotice(null) }}>
                  {t === 'guidance' ? 'Guidance' : t === 'history' ? 'History' : 'Edit'}
                </button>
              ))}
            </div>
            {tab === 'guidance' && <Guidance method={method} />}
            {tab === 'history' && <History method={method} onRestored={(m, v) => onChanged(m, `Version ${v} restored as version ${m.version}.`)} />}
            {tab === 'edit' && <EditForm method={method} onSaved={(m) => onChanged(m, `Saved as version ${m.version}.`)} onCancel={() => setTab('guidance')} />}
          </>
        )}
      </main>
    </div>
  )
}

function Guidance({ method }: { method: MethodologyDetail }) {
  return (
    <div className="kb-method-layout">
      <article>
        <p className="kb-summary" style={{ marginTop: 0 }}>{method.summary}</p>
        <h2 className="kb-h3">When to use</h2>
        <p>{method.whenToUse}</p>
        <h2 className="kb-h3">How to run it</h2>
        {/* bodyHtml is rendered and sanitised on the server (no raw HTML, scripts, handlers or unsafe URLs). */}
        <div className="kb-prose" dangerouslySetInnerHTML={{ __html: method.bodyHtml }} />
      </article>
      <aside className="kb-side">
        <section>
          <h2>Board layout</h2>
          <TemplatePreview template={method.template} label={`Board layout of ${method.title}`} />
          <p className="muted kb-small">Open a board and use Methods → Add to board to place it.</p>
        </section>
        <section>
          <h2>Contributing organisations</h2>
          <ul className="kb-notes" style={{ color: 'inherit' }}>{method.contributors.map((c) => <li key={`${c.orgId ?? ''}${c.orgName}`}>{c.orgName}</li>)}</ul>
          <p className="muted kb-small">{usageLabel(method.usageCount)}</p>
        </section>
        {method.tags.length > 0 && (
          <section>
            <h2>Tags</h2>
            <ul className="kb-tags">{method.tags.map((t) => <li key={t} className="kb-tag">{t}</li>)}</ul>
          </section>
        )}
        <section>
          <h2>Share with other deployments</h2>
          <a className="button button-secondary button-small" href={exportMarkdownHref(method.slug)} download>Export as Markdown (.md)</a>
        </section>
      </aside>
    </div>
  )
}

function History({ method, onRestored }: { method: MethodologyDetail; onRestored(m: MethodologyDetail, version: number): void }) {
  const [versions, setVersions] = useState<MethodologyVersionSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [shown, setShown] = useState<number | null>(null)
  const [confirming, setConfirming] = useState<number | null>(null)
  const [isRestoring, setIsRestoring] = useState(false)

  useEffect(() => {
    const controller = new AbortController()
    listVersions(method.slug, controller.signal).then(
      (list) => {
        const sorted = [...list].sort((a, b) => b.version - a.version)
        setVersions(sorted)
        setShown((prev) => prev ?? (sorted[0] && sorted[0].version > 1 ? sorted[0].version : null))
      },
      (e: unknown) => !controller.signal.aborted && setError(describeKnowledgeError(e)),
    )
    return () => controller.abort()
  }, [method.slug, method.version])

  const restore = async (version: number) => {
    setIsRestoring(true)
    try {
      onRestored(await restoreVersion(method.slug, version), version)
    } catch (e) {
      setError(describeKnowledgeError(e))
    } finally {
      setIsRestoring(false)
      setConfirming(null)
    }
  }

  if (error) return <div className="notice notice-error" role="alert">{error}</div>
  if (!versions) return <p className="muted" role="status">Loading history…</p>
  return (
    <div>
      <ol className="kb-history" data-testid="kb-history">
        {versions.map((v) => (
          <li key={v.version}>
            <div className="kb-history-main">
              <span className="kb-version">Version {v.version}</span>
              {v.version === method.version && <span className="kb-tag">current</span>}
              <div>{v.changeNote || '(no note)'}</div>
              <div className="muted kb-small">{v.author.name}, {v.author.orgName} · {formatDay(v.createdAt)}</div>
            </div>
            {v.version > 1 && (
              <button type="button" className="button button-secondary button-small" aria-pressed={shown === v.version} onClick={() => setShown(shown === v.version ? null : v.version)}>
                {shown === v.version ? 'Hide changes' : 'Show changes'}
              </button>
            )}
            {v.version !== method.version &&
              (confirming === v.version ? (
                <span className="kb-page-tools">
                  <span className="kb-small">Restore version {v.version}? Its content becomes a new version; nothing is lost.</span>
                  <button type="button" className="button button-primary button-small" disabled={isRestoring} onClick={() => void restore(v.version)}>Restore</button>
                  <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(null)}>Cancel</button>
                </span>
              ) : (
                <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(v.version)}>Restore…</button>
              ))}
          </li>
        ))}
      </ol>
      {shown !== null && <DiffView slug={method.slug} version={shown} versions={versions} />}
    </div>
  )
}

/** Collapse long runs of unchanged lines to keep the diff readable. */
function diffRows(lines: MethodologyDiff['body']): ({ kind: 'line'; line: MethodologyDiff['body'][number] } | { kind: 'gap'; count: number })[] {
  const CONTEXT = 2
  const isNear = lines.map((_, i) => lines.slice(Math.max(0, i - CONTEXT), i + CONTEXT + 1).some((l) => l.kind !== 'same'))
  const rows: ReturnType<typeof diffRows> = []
  let gap = 0
  lines.forEach((line, i) => {
    if (isNear[i]) {
      if (gap > 0) rows.push({ kind: 'gap', count: gap })
      gap = 0
      rows.push({ kind: 'line', line })
    } else gap++
  })
  if (gap > 0) rows.push({ kind: 'gap', count: gap })
  return rows
}

function DiffView({ slug, version, versions }: { slug: string; version: number; versions: MethodologyVersionSummary[] }) {
  const [against, setAgainst] = useState(version - 1)
  const [diff, setDiff] = useState<MethodologyDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setAgainst(version - 1), [version])
  useEffect(() => {
    const controller = new AbortController()
    setDiff(null)
    getVersionDiff(slug, version, against, controller.signal).then(setDiff, (e: unknown) => !controller.signal.aborted && setError(describeKnowledgeError(e)))
    return () => controller.abort()
  }, [slug, version, against])
  const author = versions.find((v) => v.version === version)?.author
  return (
    <section className="kb-diff" aria-label={`Changes in version ${version}`} data-testid="kb-diff">
      <div className="kb-page-tools" style={{ justifyContent: 'space-between', marginBottom: 10 }}>
        <h2 className="section-title" style={{ margin: 0 }}>Changes in version {version}{author ? ` by ${author.name} (${author.orgName})` : ''}</h2>
        <label className="muted kb-small">
          Compared with{' '}
          <select value={against} onChange={(e) => setAgainst(Number(e.target.value))}>
            {versions.filter((v) => v.version < version).map((v) => <option key={v.version} value={v.version}>version {v.version}</option>)}
          </select>
        </label>
      </div>
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      {!diff && !error && <p className="muted" role="status">Loading changes…</p>}
      {diff && (
        <>
          {diff.fields.length > 0 && (
            <table className="kb-diff-fields">
              <thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>
              <tbody>
                {diff.fields.map((f) => (
                  <tr key={f.field}>
                    <th scope="row">{f.field}</th>
                    <td><span className="kb-before">{f.field === 'stage' ? stageLabel(f.before) : f.before || '(empty)'}</span></td>
                    <td><span className="kb-after">{f.field === 'stage' ? stageLabel(f.after) : f.after || '(empty)'}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {diff.templateChanged && <p className="kb-status kb-status-ok" style={{ marginBottom: 10 }}>The board layout changed in this version.</p>}
          {diff.body.some((l) => l.kind !== 'same') ? (
            <pre className="kb-diff-lines" aria-label="Guidance changes">
              {diffRows(diff.body).map((row, i) =>
                row.kind === 'gap' ? (
                  <span key={i} className="kb-diff-gap">{row.count} unchanged line{row.count === 1 ? '' : 's'}</span>
                ) : (
                  <span key={i} className={`kb-diff-line kb-diff-${row.line.kind}`}>
                    <span className="sr-only">{row.line.kind === 'added' ? 'Added: ' : row.line.kind === 'removed' ? 'Removed: ' : ''}</span>
                    {row.line.text || ' '}
                  </span>
                ),
              )}
            </pre>
          ) : (
            <p className="muted">The guidance text did not change.</p>
          )}
          {diff.fields.length === 0 && !diff.templateChanged && !diff.body.some((l) => l.kind !== 'same') && <p className="muted">No differences.</p>}
        </>
      )}
    </section>
  )
}

function EditForm({ method, onSaved, onCancel }: { method: MethodologyDetail; onSaved(m: MethodologyDetail): void; onCancel(): void }) {
  const [title, setTitle] = useState(method.title)
  const [stage, setStage] = useState(method.stage as CategoryStage)
  const [summary, setSummary] = useState(method.summary)
  const [whenToUse, setWhenToUse] = useState(method.whenToUse)
  const [tags, setTags] = useState(method.tags.join(', '))
  const [body, setBody] = useState(method.body)
  const [changeNote, setChangeNote] = useState('')
  const [failure, setFailure] = useState<{ message: string; issues: readonly ErrorIssue[] } | null>(null)
  const [isSaving, setIsSaving] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setIsSaving(true)
    setFailure(null)
    try {
      onSaved(await updateMethodology(method.slug, { title, stage, summary, whenToUse, tags: parseTags(tags), body, template: method.template, baseVersion: method.version, changeNote }))
    } catch (e) {
      setFailure({ message: describeKnowledgeError(e), issues: e instanceof ApiError ? e.issues : [] })
    } finally {
      setIsSaving(false)
    }
  }

  return (
    <form className="kb-form" onSubmit={submit} aria-label="Edit method">
      <div className="kb-row">
        <label className="kb-field"><span className="field-label">Title</span><input className="text-input" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} /></label>
        <label className="kb-field">
          <span className="field-label">Stage</span>
          <select className="text-input" value={stage} onChange={(e) => setStage(e.target.value as CategoryStage)}>
            {STAGE_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        </label>
      </div>
      <label className="kb-field"><span className="field-label">Summary: what it helps with</span><textarea className="text-input" rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} required maxLength={500} /></label>
      <label className="kb-field"><span className="field-label">When to use</span><textarea className="text-input" rows={3} value={whenToUse} onChange={(e) => setWhenToUse(e.target.value)} required maxLength={1000} /></label>
      <label className="kb-field"><span className="field-label">Tags, separated by commas</span><input className="text-input" value={tags} onChange={(e) => setTags(e.target.value)} /></label>
      <div className="kb-edit-grid">
        <label className="kb-field"><span className="field-label">Guidance (Markdown)</span><textarea className="text-input kb-mono" rows={22} value={body} onChange={(e) => setBody(e.target.value)} required /></label>
        <div className="kb-field"><span className="field-label">Preview</span><MarkdownPreview source={body} /></div>
      </div>
      <p className="muted kb-small">The board layout stays as it is. To change it, select shapes on a board and use Methods → Save selection as method → New version.</p>
      <label className="kb-field"><span className="field-label">What changed (shown in the history)</span><input className="text-input" value={changeNote} onChange={(e) => setChangeNote(e.target.value)} maxLength={300} placeholder="Clarified the steps for a first workshop" /></label>
      {failure && (
        <div className="notice notice-error kb-failure" role="alert">
          <span>{failure.message}</span>
          {failure.issues.length > 1 && <ul className="kb-issues">{failure.issues.slice(0, 6).map((i) => <li key={formatIssue(i)}>{formatIssue(i)}</li>)}</ul>}
        </div>
      )}
      <div className="kb-page-tools">
        <button type="submit" className="button button-primary" disabled={isSaving}>{isSaving ? 'Saving…' : 'Save new version'}</button>
        <button type="button" className="button button-secondary" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  )
}
