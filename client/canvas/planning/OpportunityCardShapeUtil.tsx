/**
 * An opportunity card on the canvas: a collaboration opportunity someone added from the ranked list, linked to its
 * categories (named on the card), with the combined spend, estimated saving and the latest start date, all live.
 */
import { BaseBoxShapeUtil, HTMLContainer, stopEventPropagation } from '@tldraw/tldraw'
import { formatEstimateCompact, formatPence, sumPence } from '../../../shared/domain/money'
import { formatOverdue } from '../../../shared/domain/overdue'
import { formatDate, formatMoney, formatMoneyCompact } from '../../ui/format'
import { useShapePlanning } from './shape-planning'
import { defaultOpportunityCardProps, OPPORTUNITY_CARD, opportunityCardShapeMigrations, opportunityCardShapeProps, type OpportunityCardShape } from '../../../shared/canvas/shapes'

export class OpportunityCardShapeUtil extends BaseBoxShapeUtil<OpportunityCardShape> {
  static override type = OPPORTUNITY_CARD
  static override props = opportunityCardShapeProps
  static override migrations = opportunityCardShapeMigrations

  override getDefaultProps(): OpportunityCardShape['props'] {
    return defaultOpportunityCardProps()
  }

  override canEdit(): boolean {
    return false
  }

  override component(shape: OpportunityCardShape) {
    return (
      <HTMLContainer className="pl-shape">
        <OpportunityCard opportunityId={shape.props.opportunityId} />
      </HTMLContainer>
    )
  }

  override getIndicatorPath(shape: OpportunityCardShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 10)
    return path
  }
}

function OpportunityCard({ opportunityId }: { opportunityId: string }) {
  const planning = useShapePlanning()
  const view = planning?.view
  if (!view) return <div className="pl-card pl-opp">Loading…</div>
  const categories = view.categories.filter((c) => c.opportunityCards.some((o) => o.id === opportunityId))
  const record = categories[0]?.opportunityCards.find((o) => o.id === opportunityId)
  if (!record) return <div className="pl-card pl-opp pl-card-empty">This opportunity was removed.</div>
  const ranked = view.opportunities.filter((o) => categories.some((c) => c.id === o.categoryId))
  // Exact sums; only a total beyond the safe integer range (about £90 trillion) fails, and then shows a dash.
  const combined = sumPence(ranked.map((o) => o.combinedSpend.value))
  const saving = sumPence(ranked.flatMap((o) => (o.estimatedSaving ? [o.estimatedSaving.value] : [])))
  const starts = ranked.flatMap((o) => (o.latestStart ? [o.latestStart.value] : [])).sort()
  const late = starts[0] ? formatOverdue(starts[0], view.today) : null
  return (
    <div className="pl-card pl-opp" data-testid="opportunity-card">
      <div className="pl-card-top">
        <span className="pl-status pl-status-opportunity">Opportunity · {record.status.replace('-', ' ')}</span>
      </div>
      <div className="pl-card-name">{record.title}</div>
      <div className="pl-opp-links">
        Links:{' '}
        {categories.map((c, i) => (
          <span key={c.id}>
            {i > 0 && ', '}
            <button type="button" className="pl-link-button" onPointerDown={stopEventPropagation} onClick={() => planning?.openPanel('category', c.id)}>{c.name}</button>
          </span>
        ))}
      </div>
      <div className="pl-card-foot">
        <span title={combined.ok ? formatMoney(combined.value) : undefined}>Combined {combined.ok ? formatMoneyCompact(combined.value) : '—'}</span>
        <span title={saving.ok ? `Estimated under the board's stated savings assumptions: exactly ${formatPence(saving.value)} a year` : undefined} data-testid="card-estimated-saving">Saving {saving.ok ? formatEstimateCompact(saving.value) : '—'}</span>
        {starts[0] && (
          <span>
            Start by {formatDate(starts[0])}
            {late && <strong className="pl-overdue" data-testid="overdue-flag"> — {late}</strong>}
          </span>
        )}
      </div>
    </div>
  )
}
