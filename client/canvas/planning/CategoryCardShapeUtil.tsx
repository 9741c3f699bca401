/**
 * The category card on the canvas: a tldraw shape that stores only which category it shows and its size; everything
 * on it (name, ProClass code, status, pooled spend, organisations, nearest contract end, pooled Kraljic quadrant)
 * comes from the live planning view, so every screen shows the same figures the moment anyone changes them.
 */
import { BaseBoxShapeUtil, HTMLContainer } from '@tldraw/tldraw'
import type { CategoryView } from '../../../shared/doc/planning-view'
import type { BoardSpend } from '../../../shared/schema/board-spend-api'
import { describeProfitImpact, describeProfitImpactShort } from '../../../shared/domain/kraljic'
import { QUADRANT_LABELS, STATUS_LABELS } from '../../../shared/domain/labels'
import type { Pence } from '../../../shared/domain/money'
import { formatDate, formatMoney, formatMoneyCompact, formatShare, QUADRANT_COLOURS } from '../../ui/format'
import { useShapePlanning } from './shape-planning'
import { shortPeriod } from './short-period'
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
  return <CardBody category={category} spend={planning.boardSpend ?? null} />
}

/**
 * The bodies' figures from their imported spend for a category linked to ProClass codes: each body's figure (its
 * period in the tooltip), bodies without data marked as entered by hand, and how many suppliers they share.
 */
function CardSpendData({ category, spend }: { category: CategoryView; spend: BoardSpend }) {
  const planning = useShapePlanning()
  const data = spend.categories.find((c) => c.categoryId === category.id)
  if (!data) return null
  const orgName = (orgId: string) => spend.orgs.find((o) => o.orgId === orgId)
  const shown = data.byOrg.filter((o) => o.source !== 'none')
  return (
    <div className="pl-card-data" data-testid="card-spend-data" data-category-id={category.id}>
      {shown.length === 0 && <span className="pl-muted-small">No body has spend under {category.spendCodes.join(', ')} yet</span>}
      {shown.map((o) => {
        const org = orgName(o.orgId)
        // The view says which figure counts (data with no payments under the codes leaves a hand figure standing).
        const live = category.orgs.find((x) => x.org.id === o.orgId)
        const hand = live ? live.source === 'hand' : o.source === 'hand'
        const pence = live ? live.annualSpend.value : hand ? (o.handEnteredPence ?? 0) : o.annualisedPence
        return (
          <button
            type="button"
            key={o.orgId}
            className={`pl-card-data-org${hand ? ' pl-card-data-hand' : ''}`}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={() => planning?.openPanel('pooled', category.id, o.orgId)}
            data-testid="card-org-spend"
            data-org-id={o.orgId}
            data-source={o.source}
            data-pence={pence}
            title={`${org?.name ?? o.orgId}: ${formatMoney(pence as Pence)}, ${o.periodLabel}. ${hand ? 'Entered by hand.' : 'Click for the lines behind it.'}`}
          >
            <span className="pl-dot" style={{ background: org?.colour ?? '#888' }} />
            {org?.shortName ?? o.orgId} {formatMoneyCompact(pence as Pence)}{hand ? ' (by hand)' : ''}
          </button>
        )
      })}
      {data.shared.count > 0 && (
        <button
          type="button"
          className="pl-badge pl-shared-badge"
          data-testid="card-shared-suppliers"
          data-count={data.shared.count}
          title={`${data.shared.count} suppliers are paid by two or more bodies: ${formatMoney(data.shared.totalPence as Pence)} together (${data.periodLabel})`}
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => planning?.openPanel('pooled', category.id)}
        >
          {data.shared.count} shared supplier{data.shared.count === 1 ? '' : 's'}
        </button>
      )}
    </div>
  )
}

function CardBody({ category, spend: boardSpend }: { category: CategoryView; spend: BoardSpend | null }) {
  // One placement everywhere: profit impact from spend once any is entered, else the hand score (resolveProfitImpact).
  const placement = category.quadrants.placement?.value ?? null
  const pooled = placement?.quadrant ?? null
  const profitImpact = category.quadrants.profitImpact
  const colours = pooled ? QUADRANT_COLOURS[pooled] : null
  const data = category.spendCodes.length > 0 ? (boardSpend?.categories.find((c) => c.categoryId === category.id) ?? null) : null
  // The view's pooled spend: each body's figure from its data where it has some, else its hand-entered figure.
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
        <span className="pl-card-spend-label" data-testid="card-period" title={data ? `Pooled from the bodies' spend data: ${data.periodLabel}` : undefined}>{data ? `pooled, ${shortPeriod(data.periodLabel)}` : 'pooled a year'}</span>
      </div>
      {boardSpend && data && <CardSpendData category={category} spend={boardSpend} />}
      {!data && <div className="pl-card-orgs" aria-label="Organisations involved">
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
      </div>}
      {profitImpact && (
        <div className="pl-card-basis" data-testid="card-profit-impact" data-basis={profitImpact.basis.kind} data-score={profitImpact.score} title={describeProfitImpact(profitImpact)}>
          {describeProfitImpactShort(profitImpact)}
        </div>
      )}
      <div className="pl-card-foot">
        <span
          data-testid="card-next-end"
          data-imported={category.importedContracts.length}
          title={category.nearestContractEnd ? `The nearest contract end on or after today${category.importedContracts.length > 0 ? `, among ${category.contracts.length} contract${category.contracts.length === 1 ? '' : 's'} entered by hand and ${category.importedContracts.length} imported from notices and registers` : ''}` : category.importedContracts.length > 0 ? `${category.importedContracts.length} imported contract${category.importedContracts.length === 1 ? '' : 's'}, none with an end date to come` : undefined}
        >
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
