/**
 * Collaboration opportunities, best first: combined spend, the latest date to start a joint procurement (earliest
 * contract end minus the route's lead time), the estimated saving under the board's stated assumptions, urgency, and
 * one click to add an opportunity card linked to the category.
 */
import { useState } from 'react'
import type { PlanningView, RankedOpportunity } from '../../../shared/doc/planning-view'
import { formatBps, formatEstimate, formatPence } from '../../../shared/domain/money'
import { QUADRANT_LABELS, URGENCY_LABELS, URGENCY_MEANINGS } from '../../../shared/domain/labels'
import { formatDate, formatMoney } from '../../ui/format'
import { addOpportunityCard } from './planning-actions'
import { usePlanning } from './PlanningContext'
import { OverdueFlag } from './OverdueFlag'
import { TracedFigure } from './TracedFigure'

export function OpportunitiesView({ view }: { view: PlanningView }) {
  const planning = usePlanning()
  const [error, setError] = useState<string | null>(null)
  const add = (o: RankedOpportunity) => {
    if (!planning.editor || !planning.boardDoc) return
    const result = addOpportunityCard(planning.editor, planning.boardDoc, { title: `Joint procurement: ${o.categoryName}`, categoryIds: [o.categoryId], note: '' }, planning.userId)
    setError(result.ok ? null : result.message)
  }
  return (
    <div className="pl-opps" data-testid="opportunities-view">
      <p className="pl-muted-small">
        Categories where two or more bodies spend, or whose contracts end within {view.settings.renewal.windowMonths} months of each other. Savings are estimates: combined spend × the assumed rate for the pooled quadrant (
        {Object.entries(view.settings.savingsRatesBps).map(([q, r]) => `${QUADRANT_LABELS[q as keyof typeof QUADRANT_LABELS]} ${formatBps(r)}`).join(', ')};{' '}
        <button type="button" className="pl-link-button" onClick={() => planning.openPanel('settings')}>change</button>).
      </p>
      {error && <p className="field-error pl-error" role="alert">{error}</p>}
      {view.opportunities.length === 0 && <p className="pl-empty">No opportunities yet: they appear when two or more organisations enter spend or contracts in the same category.</p>}
      <ol className="pl-opp-list">
        {view.opportunities.map((o) => (
          <li key={o.categoryId} className="pl-opp-item" data-testid="opportunity" data-category-id={o.categoryId} data-combined-pence={o.combinedSpend.value} data-saving-pence={o.estimatedSaving?.value ?? ''}>
            <div className="pl-opp-head">
              <span className="pl-rank">{o.rank}</span>
              <button type="button" className="pl-link-button pl-opp-name" onClick={() => planning.openPanel('category', o.categoryId)}>{o.categoryName}</button>
              {o.analysis.urgency && <span className={`pl-urgency pl-urgency-${o.analysis.urgency}`} title={URGENCY_MEANINGS[o.analysis.urgency]}>{URGENCY_LABELS[o.analysis.urgency]}</span>}
            </div>
            <dl className="pl-dl pl-dl-row">
              <dt>Combined spend</dt>
              <dd><TracedFigure figure={o.combinedSpend} label="Combined spend">{formatMoney(o.combinedSpend.value)}</TracedFigure> · {o.orgIds.map((id) => planning.orgInfo(id).shortName).join(', ')}</dd>
              <dt>Start by</dt>
              <dd>{o.latestStart ? <TracedFigure figure={o.latestStart} label="Latest start">{formatDate(o.latestStart.value)}</TracedFigure> : <span className="pl-muted-small">enter contract end dates</span>}{o.latestStart && <OverdueFlag date={o.latestStart.value} today={view.today} />}</dd>
              <dt>Estimated saving</dt>
              <dd>{o.estimatedSaving ? <TracedFigure figure={o.estimatedSaving} label="Estimated saving" exact={`${formatPence(o.combinedSpend.value)} × ${formatBps(o.estimatedSaving.rateBps)} = ${formatPence(o.estimatedSaving.value)} a year (rounded down)`}>{formatEstimate(o.estimatedSaving.value)} a year at {formatBps(o.estimatedSaving.rateBps)}</TracedFigure> : <span className="pl-muted-small">score supply risk first</span>}</dd>
              {o.analysis.sharedSuppliers.value.length > 0 && (
                <>
                  <dt>Shared suppliers</dt>
                  <dd>{o.analysis.sharedSuppliers.value.map((s) => s.name).join(', ')}</dd>
                </>
              )}
            </dl>
            <div className="pl-actions">
              {o.cardIds.length > 0 ? <span className="pl-saved">Opportunity card on the board</span> : (
                <button type="button" className="button button-secondary button-small" disabled={!planning.canEditBoard} onClick={() => add(o)}>Add opportunity card</button>
              )}
              <span className="pl-muted-small">Score {o.score.total}/20</span>
            </div>
          </li>
        ))}
      </ol>
    </div>
  )
}
