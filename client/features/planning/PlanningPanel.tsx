/**
 * The planning side panel (right of the canvas): the category inspector, pooled spend, renewals, opportunities and
 * the board's assumptions, as tabs. Opened by selecting a category card or from the "Plan" button in the top bar.
 */
import { useRef } from 'react'
import { CategoryInspector } from './CategoryInspector'
import { CanvasActions } from './PlanningToolbar'
import { OpportunitiesView } from './OpportunitiesView'
import { usePlanning, type PlanningTab } from './PlanningContext'
import { RenewalTimeline } from '../../canvas/planning/RenewalTimeline'
import { SettingsView } from './SettingsView'
import { SpendView } from './SpendView'
import { PooledSpendView } from './PooledSpendView'
import { formatDate } from '../../ui/format'

const TABS: { id: PlanningTab; label: string }[] = [
  { id: 'category', label: 'Category' },
  { id: 'spend', label: 'Spend' },
  { id: 'pooled', label: 'Pooled spend' },
  { id: 'renewals', label: 'Renewals' },
  { id: 'opportunities', label: 'Opportunities' },
  { id: 'settings', label: 'Assumptions' },
]

export function PlanningPanel() {
  const planning = usePlanning()
  const panel = planning.panel
  const bodyRef = useRef<HTMLDivElement>(null)
  if (!panel) return <CanvasActions />
  const view = planning.view
  const isWide = panel.tab === 'spend' || panel.tab === 'pooled' || panel.tab === 'renewals'
  return (
    <>
    <CanvasActions />
    <aside className={`pl-panel${isWide ? ' pl-panel-wide' : ''}`} aria-label="Category planning" data-testid="planning-panel" onKeyDown={(e) => e.stopPropagation()}>
      <div className="pl-panel-head">
        <div className="pl-tabs" role="tablist">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={panel.tab === t.id} onClick={() => planning.openPanel(t.id)}>
              {t.label}
            </button>
          ))}
        </div>
        <button type="button" className="pl-close" aria-label="Close planning panel" onClick={planning.closePanel}>×</button>
      </div>
      {planning.problems.length > 0 && (
        <div className="pl-problems" role="status" data-testid="planning-problems">
          {planning.problems.length === 1 ? 'One item of planning content could not be read and is left out of the figures:' : `${planning.problems.length} items of planning content could not be read and are left out of the figures:`}
          <ul>
            {planning.problems.slice(0, 5).map((p) => <li key={p}>{p}</li>)}
            {planning.problems.length > 5 && <li>… and {planning.problems.length - 5} more (listed in the report).</li>}
          </ul>
        </div>
      )}
      <div className="pl-panel-body" ref={bodyRef}>
        {!view && <p className="pl-muted-small">Loading…</p>}
        {view && panel.tab === 'category' && <CategoryInspector categoryId={panel.categoryId} />}
        {view && panel.tab === 'spend' && <SpendView view={view} />}
        {view && panel.tab === 'pooled' && <PooledSpendView categoryId={panel.categoryId} traceOrgId={panel.traceOrgId ?? null} traceSeq={panel.traceSeq ?? 0} />}
        {view && panel.tab === 'renewals' && (
          <div>
            <p className="pl-muted-small">Bars run from start to end (a short faint mark where only the end is known); dashed segments are extension options. Shaded windows: contracts of two or more bodies ending within {view.settings.renewal.windowMonths} months (today is {formatDate(view.today)}).</p>
            <RenewalTimeline view={view} width={680} />
          </div>
        )}
        {view && panel.tab === 'opportunities' && <OpportunitiesView view={view} />}
        {view && panel.tab === 'settings' && <SettingsView view={view} />}
      </div>
    </aside>
    </>
  )
}
