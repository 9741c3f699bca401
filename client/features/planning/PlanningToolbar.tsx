/**
 * Planning actions. In the board's top bar: "Plan" (open or close the planning panel) and "Report" (the printable
 * report). Floating at the top of the canvas: add a category (created in the board document, its card placed in a
 * free spot near the centre of the view and opened in the inspector) and drop a live Kraljic matrix or timeline.
 */
import { useState } from 'react'
import { Link } from '../../app/Link'
import { addCategory, addKraljicMatrix, addRenewalTimeline } from './planning-actions'
import { usePlanning } from './PlanningContext'

export function PlanningToolbar() {
  const planning = usePlanning()
  return (
    <div className="pl-toolbar" data-testid="planning-toolbar">
      <button type="button" className="button button-secondary button-small" aria-pressed={planning.panel !== null} onClick={() => (planning.panel ? planning.closePanel() : planning.openPanel('category'))}>
        Plan
      </button>
      <Link href={`/b/${encodeURIComponent(planning.boardId)}/report`} className="button button-secondary button-small">Report</Link>
    </div>
  )
}

export function CanvasActions() {
  const planning = usePlanning()
  const [error, setError] = useState<string | null>(null)
  const [isMenuOpen, setIsMenuOpen] = useState(false)
  const { editor, boardDoc } = planning
  if (!planning.canEditBoard) return null
  const canAdd = editor !== null && boardDoc !== null
  return (
    <div className="pl-canvas-actions" data-testid="planning-canvas-actions" onPointerDown={(e) => e.stopPropagation()}>
      <button
        type="button"
        className="button button-primary button-small"
        disabled={!canAdd}
        onClick={() => {
          if (!editor || !boardDoc) return
          const result = addCategory(editor, boardDoc, 'New category', planning.userId)
          setError(result.ok ? null : result.message)
        }}
      >
        + Add category
      </button>
      <div className="pl-menu-wrap">
        <button type="button" className="button button-secondary button-small" aria-expanded={isMenuOpen} aria-haspopup="menu" disabled={!canAdd} onClick={() => setIsMenuOpen((v) => !v)}>
          Add view ▾
        </button>
        {isMenuOpen && editor && (
          <div className="pl-menu" role="menu">
            <button type="button" role="menuitem" onClick={() => { addKraljicMatrix(editor); setIsMenuOpen(false) }}>Live Kraljic matrix</button>
            <button type="button" role="menuitem" onClick={() => { addRenewalTimeline(editor); setIsMenuOpen(false) }}>Renewal timeline</button>
          </div>
        )}
      </div>
      {error && <span className="field-error" role="alert">{error}</span>}
    </div>
  )
}
