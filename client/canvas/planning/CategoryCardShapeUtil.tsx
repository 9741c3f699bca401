/**
 * The category card on the canvas: a tldraw shape that stores only which category it shows and its size; everything
 * on it (name, ProClass code, status, pooled spend, organisations, nearest contract end, pooled Kraljic quadrant)
 * comes from the live planning view, so every screen shows the same figures the moment anyone changes them.
 */
import { BaseBoxShapeUtil, HTMLContainer } from '@tldraw/tldraw'
import type { CategoryView } from '../../../shared/doc/planning-view'
import { describeProfitImpact, describeProfitImpactShort } from '../../../shared/domain/kraljic'
import { QUADRANT_LABELS, STATUS_LABELS } from '../../../shared/domain/labels'
import { formatDate, formatMoney, formatMoneyCompact, formatShare, QUADRANT_COLOURS } from '../../ui/format'
import { useShapePlanning } from './shape-planning'
import { CATEGORY_CARD, categoryCardShapeMigrations, categoryCardShapeProps, defaultCategoryCardProps, type CategoryCardShape } from '../../../shared/canvas/shapes'

export class CategoryCardShapeUtil extends BaseBoxShapeUtil<CategoryCardShape> {
  static override type = CATEGORY_CARD
  static override props = categoryCardShapeProps
  static override migrations = categoryCardShapeMigrations

  override getDefaultProps(): CategoryCardShape['props'] {
    return defaultCategoryCardProps()
  }

  override canEdit(): boolean {
    return false
  }

  override component(shape: CategoryCardShape) {
    return (
      <HTMLContainer className="pl-shape">
        <CategoryCard categoryId={shape.props.categoryId} />
      </HTMLContainer>
    )
  }

  override getIndicatorPath(shape: CategoryCardShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 10)
    return path
  }
}

function CategoryCard({ categoryId }: { categoryId: string }) {
  const planning = useShapePlanning()
  const category = planning?.view?.categories.find((c) => c.id === categoryId)
  if (!planning?.view) return <div className="pl-card pl-card-empty">Loading category…</div>
  if (!category) return <div className="pl-card pl-card-empty" data-testid="category-card" data-category-id={categoryId}>This category was removed from the board.</div>
  return <CardBody category={category} />
}

function CardBody({ category }: { category: CategoryView }) {
  // One placement everywhere: profit impact from spend once any is entered, else the hand score (resolveProfitImpact).
  const placement = category.quadrants.placement?.value ?? null
  const pooled = placement?.quadrant ?? null
  const profitImpact = category.quadrants.profitImpact
  const colours = pooled ? QUADRANT_COLOURS[pooled] : null
  const spend = category.pooledSpend.value
  return (
    <div className="pl-card" data-testid="category-card" data-category-id={category.id} style={colours ? { borderTopColor: colours.ink } : undefined}>
      <div className="pl-card-top">
        <span className={`pl-status pl-status-${category.status}`}>{STATUS_LABELS[category.status]}</span>
        {category.proclassCode && <span className="pl-code" title="ProClass code">{category.proclassCode}</span>}
      </div>
      <div className="pl-card-name" title={category.name}>{category.name}</div>
      <div className="pl-card-spend">
        <span className="pl-card-spend-value" data-testid="card-pooled-spend" data-pence={spend} title={`Pooled annual spend: ${formatMoney(spend)}`}>
          {formatMoneyCompact(spend)}
        </span>
        <span className="pl-card-spend-label">pooled a year</span>
      </div>
      <div className="pl-card-orgs" aria-label="Organisations involved">
        {category.orgs.length === 0 && <span className="pl-muted-small pl-card-orgs-text" title="No organisation has entered spend yet">No spend entered yet</span>}
        {category.orgs.map((o) => (
          <span
            key={o.org.id}
            className="pl-dot"
            style={{ background: o.org.colour }}
            title={`${o.org.name}: ${formatMoney(o.annualSpend.value)}${o.shareBps ? ` (${formatShare(o.shareBps.value)})` : ''}`}
            aria-label={o.org.shortName}
          />
        ))}
        {category.orgs.length > 0 && <span className="pl-muted-small pl-card-orgs-text" title={category.orgs.map((o) => o.org.name).join(', ')}>{category.orgs.map((o) => o.org.shortName).join(' · ')}</span>}
      </div>
      {profitImpact && (
        <div className="pl-card-basis" data-testid="card-profit-impact" data-basis={profitImpact.basis.kind} data-score={profitImpact.score} title={describeProfitImpact(profitImpact)}>
          {describeProfitImpactShort(profitImpact)}
        </div>
      )}
      <div className="pl-card-foot">
        <span title={category.nearestContractEnd ? 'The nearest contract end on or after today' : undefined}>
          {category.nearestContractEnd ? `Next end ${formatDate(category.nearestContractEnd.value)}` : 'No contract end yet'}
        </span>
        {pooled && colours ? (
          <span className="pl-quadrant" style={{ background: colours.fill, color: colours.ink }} data-testid="card-quadrant" data-quadrant={pooled} title={placement?.basis === 'spend' ? 'Placed from pooled spend' : 'Placed from the hand-scored profit impact'}>
            {QUADRANT_LABELS[pooled]}
          </span>
        ) : (
          <span className="pl-muted-small">Not scored</span>
        )}
      </div>
    </div>
  )
}
