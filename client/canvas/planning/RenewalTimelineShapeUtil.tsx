/** The renewal timeline as a canvas shape: the same live SVG as the panel's, sized by the shape. */
import { BaseBoxShapeUtil, HTMLContainer } from '@tldraw/tldraw'
import { useShapePlanning } from './shape-planning'
import { RenewalTimeline } from './RenewalTimeline'
import { formatDate } from '../../ui/format'
import { defaultRenewalTimelineProps, RENEWAL_TIMELINE, renewalTimelineShapeMigrations, renewalTimelineShapeProps, type RenewalTimelineShape } from '../../../shared/canvas/shapes'

export class RenewalTimelineShapeUtil extends BaseBoxShapeUtil<RenewalTimelineShape> {
  static override type = RENEWAL_TIMELINE
  static override props = renewalTimelineShapeProps
  static override migrations = renewalTimelineShapeMigrations

  override getDefaultProps(): RenewalTimelineShape['props'] {
    return defaultRenewalTimelineProps()
  }

  override canEdit(): boolean {
    return false
  }

  override component(shape: RenewalTimelineShape) {
    return (
      <HTMLContainer className="pl-shape">
        <TimelineCard width={shape.props.w} />
      </HTMLContainer>
    )
  }

  override getIndicatorPath(shape: RenewalTimelineShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 12)
    return path
  }
}

function TimelineCard({ width }: { width: number }) {
  const view = useShapePlanning()?.view ?? null
  return (
    <div className="pl-panel-shape">
      <div className="pl-matrix-head">
        <strong>Contract renewals</strong>
        {view && <span className="pl-muted-small">Windows: contracts of two or more organisations ending within {view.settings.renewal.windowMonths} months · today {formatDate(view.today)}</span>}
      </div>
      <div className="pl-panel-shape-body">{view ? <RenewalTimeline view={view} width={width - 24} /> : <span className="pl-muted-small">Loading…</span>}</div>
    </div>
  )
}
