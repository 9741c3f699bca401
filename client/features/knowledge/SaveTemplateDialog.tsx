/**
 * "Save selection as method": turns the selected board shapes into a template and saves it as a NEW methodology or a
 * NEW VERSION of an existing one. A new method needs real guidance (the outline's prompts replaced, enough words of
 * the author's own; the server applies the same rule). Server refusals (409 taken, 400 with paths, 413 too large) are
 * shown in place.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { createPortal } from 'react-dom'
import type { Editor } from '@tldraw/tldraw'
import type { MethodologyDetail, MethodologyListItem } from '../../../shared/schema/knowledge-api'
import type { CategoryStage } from '../../../shared/knowledge/methodology'
import { formatIssue } from '../../../shared/knowledge/errors'
import { createMethodology, describeKnowledgeError, getMethodology, searchMethodologies, updateMethodology } from '../../api/knowledge'
import { ApiError } from '../../api/client'
import type { ErrorIssue } from '../../../shared/schema/api'
import { readTemplateMeta } from '../../canvas/templates/place-template'
import { selectionToTemplate } from '../../canvas/templates/selection-to-template'
import { checkGuidance, starterBody } from '../../../shared/knowledge/guidance'
import { parseTags, slugFromTitle, STAGE_OPTIONS } from './knowledge-format'
import { TemplatePreview } from './TemplatePreview'

type Mode = 'new' | 'version'

interface Failure {
  message: string
  issues: readonly ErrorIssue[]
}

/** The guidance rule's issues as sentences for the hint and the error. */
const guidanceIssues = (issues: readonly { message: string }[]): string => issues.map((i) => `${i.message.charAt(0).toUpperCase()}${i.message.slice(1)}.`).join(' ')

export function SaveTemplateDialog({ editor, onClose, onSaved }: { editor: Editor; onClose(): void; onSaved(method: MethodologyDetail, mode: Mode): void }) {
  const formId = useId()
  const selectedIds = useMemo(() => editor.getSelectedShapeIds(), [editor])
  const conversion = useMemo(() => selectionToTemplate(editor, selectedIds), [editor, selectedIds])
  const placedFrom = useMemo(() => {
    for (const id of selectedIds) {
      const meta = readTemplateMeta(editor.getShape(id)?.meta)
      if (meta) return meta.slug
    }
    return null
  }, [editor, selectedIds])

  const [mode, setMode] = useState<Mode>('new')
  const [title, setTitle] = useState('')
  const [slug, setSlug] = useState('')
  const [isSlugEdited, setIsSlugEdited] = useState(false)
  const [stage, setStage] = useState<CategoryStage>('analyse')
  const [summary, setSummary] = useState('')
  const [whenToUse, setWhenToUse] = useState('')
  const [tags, setTags] = useState('')
  const [body, setBody] = useState(() => starterBody(''))
  const [isBodyEdited, setIsBodyEdited] = useState(false)
  const [existing, setExisting] = useState<MethodologyListItem[]>([])
  const [target, setTarget] = useState(placedFrom ?? '')
  const [changeNote, setChangeNote] = useState('')
  const [failure, setFailure] = useState<Failure | null>(null)
  const [isSaving, setIsSaving] = useState(false)
  const titleRef = useRef<HTMLInputElement>(null)
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const guidance = useMemo(() => checkGuidance(body), [body])
  const bodyHintId = `${formId}-body-hint`

  useEffect(() => {
    titleRef.current?.focus()
    const controller = new AbortController()
    searchMethodologies({ sort: 'title' }, controller.signal).then(setExisting, () => undefined)
    return () => controller.abort()
  }, [])

  const onTitle = (value: string) => {
    setTitle(value)
    if (!isSlugEdited) setSlug(slugFromTitle(value))
    if (!isBodyEdited) setBody(starterBody(value))
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!conversion.ok || isSaving) return
    if (mode === 'new' && !guidance.ok) {
      setFailure({ message: 'Write the guidance before saving: this method goes into the library every organisation shares. What is missing is shown under Guidance.', issues: [] })
      bodyRef.current?.focus()
      return
    }
    setFailure(null)
    setIsSaving(true)
    try {
      if (mode === 'new') {
        const saved = await createMethodology({ slug, title, stage, summary, whenToUse, tags: parseTags(tags), body, template: conversion.template, changeNote: 'Saved from a board' })
        onSaved(saved, 'new')
      } else {
        if (!target) throw new Error('Pick the method this is a new version of.')
        const current = await getMethodology(target)
        const saved = await updateMethodology(target, {
          title: current.title,
          stage: current.stage as CategoryStage,
          summary: current.summary,
          whenToUse: current.whenToUse,
          tags: current.tags,
          body: current.body,
          template: conversion.template,
          baseVersion: current.version,
          changeNote: changeNote.trim() || 'Template updated from a board',
        })
        onSaved(saved, 'version')
      }
    } catch (error) {
      setFailure({ message: describeKnowledgeError(error), issues: error instanceof ApiError ? error.issues : [] })
    } finally {
      setIsSaving(false)
    }
  }

  // A portal: the panel sits inside the canvas's stacking context, and the dialog must cover the whole page.
  return createPortal(
    <div className="modal-backdrop" onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape') onClose() }} onPointerDown={(e) => e.stopPropagation()}>
      <div className="modal kb-modal" role="dialog" aria-modal="true" aria-labelledby={`${formId}-title`}>
        <h2 id={`${formId}-title`}>Save selection as a method</h2>
        {!conversion.ok ? (
          <div className="notice notice-error" role="alert">{conversion.error.message}</div>
        ) : (
          <div className="kb-save-summary">
            <TemplatePreview template={conversion.template} label="Layout of the selection" className="kb-preview-save" />
            <p className="muted">
              {conversion.template.shapes.length} shape{conversion.template.shapes.length === 1 ? '' : 's'} will be saved as the method’s board layout.
            </p>
          </div>
        )}
        {(conversion.skipped.length > 0 || conversion.notes.length > 0) && (
          <ul className="kb-notes" data-testid="kb-skipped">
            {conversion.skipped.length > 0 && (
              <li>Left out {conversion.skipped.length} shape{conversion.skipped.length === 1 ? '' : 's'} a template cannot hold ({[...new Set(conversion.skipped.map((s) => s.type))].join(', ')}).</li>
            )}
            {conversion.notes.map((note) => <li key={note}>{note}</li>)}
          </ul>
        )}
        {!conversion.ok && conversion.error.issues.length > 0 && conversion.error.code !== 'invalid-template' && (
          <ul className="kb-issues">{conversion.error.issues.slice(0, 5).map((i) => <li key={formatIssue(i)}>{formatIssue(i)}</li>)}</ul>
        )}
        <div className="kb-segmented" role="radiogroup" aria-label="Save as">
          <button type="button" role="radio" aria-checked={mode === 'new'} onClick={() => setMode('new')}>New method</button>
          <button type="button" role="radio" aria-checked={mode === 'version'} onClick={() => setMode('version')}>New version of a method</button>
        </div>
        <form id={formId} className="kb-form" onSubmit={submit}>
          {mode === 'new' ? (
            <>
              <label className="kb-field">
                <span className="field-label">Title</span>
                <input ref={titleRef} className="text-input" value={title} onChange={(e) => onTitle(e.target.value)} required maxLength={120} />
              </label>
              <div className="kb-row">
                <label className="kb-field">
                  <span className="field-label">Address name</span>
                  <input className="text-input" value={slug} onChange={(e) => { setSlug(e.target.value); setIsSlugEdited(true) }} required pattern="[a-z0-9]+(-[a-z0-9]+)*" title="Lower-case words joined by hyphens" />
                </label>
                <label className="kb-field">
                  <span className="field-label">Stage</span>
                  <select className="text-input" value={stage} onChange={(e) => setStage(e.target.value as CategoryStage)}>
                    {STAGE_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </select>
                </label>
              </div>
              <label className="kb-field">
                <span className="field-label">Summary: what it helps with</span>
                <textarea className="text-input" rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} required maxLength={500} />
              </label>
              <label className="kb-field">
                <span className="field-label">When to use</span>
                <textarea className="text-input" rows={2} value={whenToUse} onChange={(e) => setWhenToUse(e.target.value)} required maxLength={1000} />
              </label>
              <label className="kb-field">
                <span className="field-label">Tags, separated by commas</span>
                <input className="text-input" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="supply risk, portfolio analysis" />
              </label>
              <label className="kb-field">
                <span className="field-label">Guidance (Markdown)</span>
                <textarea ref={bodyRef} className="text-input kb-mono" rows={6} value={body} onChange={(e) => { setBody(e.target.value); setIsBodyEdited(true) }} required aria-describedby={bodyHintId} aria-invalid={failure !== null && !guidance.ok} />
              </label>
              <p id={bodyHintId} className={`kb-small ${guidance.ok ? 'muted' : 'kb-guidance-todo'}`} data-testid="kb-guidance-hint">
                {guidance.ok
                  ? `${guidance.value.wordCount} words of guidance. Other organisations will read it in the shared library.`
                  : guidanceIssues(guidance.error.issues)}
              </p>
            </>
          ) : (
            <>
              <label className="kb-field">
                <span className="field-label">Method</span>
                <select className="text-input" value={target} onChange={(e) => setTarget(e.target.value)} required>
                  <option value="">Choose a method…</option>
                  {existing.map((m) => <option key={m.slug} value={m.slug}>{m.title} (version {m.version})</option>)}
                </select>
              </label>
              <p className="muted kb-small">The method’s guidance stays as it is; its board layout is replaced by the selection.</p>
              <label className="kb-field">
                <span className="field-label">What changed</span>
                <input className="text-input" value={changeNote} onChange={(e) => setChangeNote(e.target.value)} maxLength={300} placeholder="Added a row for social value" />
              </label>
            </>
          )}
        </form>
        {failure && (
          <div className="notice notice-error kb-failure" role="alert">
            <span>{failure.message}</span>
            {failure.issues.length > 1 && <ul className="kb-issues">{failure.issues.slice(0, 6).map((i) => <li key={formatIssue(i)}>{formatIssue(i)}</li>)}</ul>}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>Cancel</button>
          <button type="submit" form={formId} className="button button-primary" disabled={!conversion.ok || isSaving}>
            {isSaving ? 'Saving…' : mode === 'new' ? 'Save method' : 'Save new version'}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  )
}
