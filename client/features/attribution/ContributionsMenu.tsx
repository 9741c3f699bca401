/**
 * "Contributions" in the board top bar: per organisation, how many shapes on this page it created and changed
 * last (colour bars), and "Highlight: [organisation]" which dims every shape not last changed by that
 * organisation. The dimming is a stylesheet keyed by shape id, so no record is ever modified.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { useValue, type Editor, type TLShape } from '@tldraw/tldraw'
import { countContributions, highlightCss, shapesLastChangedBy } from './attribution'
import '../../ui/ui.css'
import './attribution.css'

const FALLBACK_COLOUR = '#8a95a1'
const NO_SHAPES: readonly TLShape[] = []

interface Props {
  editor: Editor
  /** Organisation colours by id (from the organisations list and the people on the board). */
  colours: ReadonlyMap<string, string>
}

export function ContributionsMenu({ editor, colours }: Props) {
  const [isOpen, setIsOpen] = useState(false)
  const [highlightOrgId, setHighlightOrgId] = useState<string>('')
  const rootRef = useRef<HTMLDivElement>(null)
  const panelId = useId()
  const selectId = useId()

  // The counts and the highlight need every shape on the page; while neither is shown, do not follow the page at
  // all (on a 5,000-shape board, recounting on every remote change is work nobody sees).
  const isInUse = isOpen || highlightOrgId !== ''
  const shapes = useValue('page shapes', () => (isInUse ? editor.getCurrentPageShapes() : NO_SHAPES), [editor, isInUse])
  const counts = useMemo(() => countContributions(shapes.map((s) => s.meta)), [shapes])
  const keepIds = useMemo(() => (highlightOrgId ? shapesLastChangedBy(shapes, highlightOrgId) : []), [shapes, highlightOrgId])
  const max = Math.max(1, ...counts.byOrg.map((o) => Math.max(o.created, o.lastChanged)))
  const highlighted = counts.byOrg.find((o) => o.orgId === highlightOrgId)

  useEffect(() => {
    if (!isOpen) return
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setIsOpen(false)
    }
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setIsOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [isOpen])

  return (
    <div className="contrib" ref={rootRef}>
      {highlightOrgId && <style data-testid="highlight-style">{highlightCss(keepIds)}</style>}
      {highlightOrgId && (
        <span className="highlight-chip" data-testid="highlight-chip">
          <span className="org-dot" style={{ backgroundColor: colours.get(highlightOrgId) ?? FALLBACK_COLOUR }} aria-hidden="true" />
          Highlighting {highlighted?.orgShortName ?? 'organisation'}
          <button type="button" className="highlight-clear" onClick={() => setHighlightOrgId('')} aria-label="Stop highlighting">×</button>
        </span>
      )}
      <button
        type="button"
        className="button button-secondary button-small"
        aria-expanded={isOpen}
        aria-controls={panelId}
        onClick={() => setIsOpen((open) => !open)}
      >
        Contributions
      </button>
      {isOpen && (
        <div className="contrib-panel" id={panelId} role="dialog" aria-label="Contributions by organisation" data-testid="contributions">
          <div className="contrib-head">
            <label htmlFor={selectId} className="contrib-label">Highlight</label>
            <select id={selectId} className="select-input contrib-select" value={highlightOrgId} onChange={(e) => setHighlightOrgId(e.target.value)}>
              <option value="">Everyone</option>
              {counts.byOrg.map((o) => <option key={o.orgId} value={o.orgId}>{o.orgShortName}</option>)}
            </select>
          </div>
          {counts.total === 0 ? (
            <p className="muted contrib-empty">Nothing on this page yet.</p>
          ) : (
            <table className="contrib-table">
              <caption className="muted">Shapes on this page ({counts.total})</caption>
              <thead>
                <tr><th scope="col">Organisation</th><th scope="col">Created</th><th scope="col">Last changed</th></tr>
              </thead>
              <tbody>
                {counts.byOrg.map((o) => {
                  const colour = colours.get(o.orgId) ?? FALLBACK_COLOUR
                  return (
                    <tr key={o.orgId} data-org={o.orgShortName}>
                      <th scope="row"><span className="org-dot" style={{ backgroundColor: colour }} aria-hidden="true" /> {o.orgShortName}</th>
                      <td><Bar value={o.created} max={max} colour={colour} /></td>
                      <td><Bar value={o.lastChanged} max={max} colour={colour} /></td>
                    </tr>
                  )
                })}
                {counts.unattributed > 0 && (
                  <tr><th scope="row" className="muted">Not recorded</th><td colSpan={2} className="muted">{counts.unattributed}</td></tr>
                )}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  )
}

function Bar({ value, max, colour }: { value: number; max: number; colour: string }) {
  return (
    <span className="contrib-bar">
      <span className="contrib-bar-fill" style={{ width: `${Math.round((value / max) * 100)}%`, backgroundColor: colour }} aria-hidden="true" />
      <span className="contrib-bar-value">{value}</span>
    </span>
  )
}
