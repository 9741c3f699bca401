/**
 * The live Kraljic matrix: a 2×2 on the canvas that places every category from its scores and moves the marker the
 * moment anyone changes a score or a spend figure (it is derived from the synced documents). A toggle switches
 * between each organisation alone and all pooled; the side column lists categories that change quadrant when pooled.
 */
import { BaseBoxShapeUtil, HTMLContainer, stopEventPropagation, useEditor } from '@tldraw/tldraw'
import type { PlanningView } from '../../../shared/doc/planning-view'
import { KRALJIC_QUADRANTS } from '../../../shared/domain/kraljic'
import { QUADRANT_LABELS } from '../../../shared/domain/labels'
import { formatMoney, QUADRANT_COLOURS } from '../../ui/format'
import { useShapePlanning } from './shape-planning'
import { placeMarkers } from './matrix-geometry'
import { matrixContent } from './matrix-items'
import {
  defaultKraljicMatrixProps,
  KRALJIC_MATRIX,
  kraljicMatrixShapeMigrations,
  kraljicMatrixShapeProps,
  type KraljicMatrixShape,
  type MatrixMode,
} from '../../../shared/canvas/shapes'

const SIDE_WIDTH = 210
const AXIS = 26
const HEADER = 44

export class KraljicMatrixShapeUtil extends BaseBoxShapeUtil<KraljicMatrixShape> {
  static override type = KRALJIC_MATRIX
  static override props = kraljicMatrixShapeProps
  static override migrations = kraljicMatrixShapeMigrations

  override getDefaultProps(): KraljicMatrixShape['props'] {
    return defaultKraljicMatrixProps()
  }

  override canEdit(): boolean {
    return false
  }

  override component(shape: KraljicMatrixShape) {
    return (
      <HTMLContainer className="pl-shape">
        <KraljicMatrix shape={shape} />
      </HTMLContainer>
    )
  }

  override getIndicatorPath(shape: KraljicMatrixShape): Path2D {
    const path = new Path2D()
    path.roundRect(0, 0, shape.props.w, shape.props.h, 12)
    return path
  }
}

function KraljicMatrix({ shape }: { shape: KraljicMatrixShape }) {
  const editor = useEditor()
  const planning = useShapePlanning()
  const view = planning?.view ?? null
  const mode = shape.props.mode
  const setMode = (next: MatrixMode) => {
    if (next === mode || editor.getIsReadonly()) return
    editor.updateShape<KraljicMatrixShape>({ id: shape.id, type: KRALJIC_MATRIX, props: { mode: next } })
  }
  const plotW = Math.max(120, shape.props.w - SIDE_WIDTH - AXIS - 24)
  const plotH = Math.max(120, shape.props.h - HEADER - AXIS - 20)
  return (
    <div className="pl-matrix" data-testid="kraljic-matrix" data-mode={mode}>
      <div className="pl-matrix-head">
        <strong>Kraljic matrix</strong>
        <div className="pl-segmented" role="group" aria-label="Placement" onPointerDown={stopEventPropagation}>
          <button type="button" aria-pressed={mode === 'alone'} onClick={() => setMode('alone')}>Each organisation alone</button>
          <button type="button" aria-pressed={mode === 'pooled'} onClick={() => setMode('pooled')}>All pooled</button>
        </div>
        <button type="button" className="pl-link-button" onPointerDown={stopEventPropagation} onClick={() => planning?.openPanel('settings')} title="Profit impact thresholds used when placing by spend">
          Thresholds
        </button>
      </div>
      <div className="pl-matrix-body">
        <div className="pl-matrix-plot-wrap" style={{ width: plotW + AXIS, height: plotH + AXIS }}>
          <div className="pl-axis-y" style={{ height: plotH }}>Profit impact →</div>
          <div className="pl-matrix-plot" style={{ left: AXIS, width: plotW, height: plotH }}>
            {(['leverage', 'strategic', 'noncritical', 'bottleneck'] as const).map((q) => (
              <div key={q} className={`pl-quad pl-quad-${q}`} style={{ background: QUADRANT_COLOURS[q].fill, color: QUADRANT_COLOURS[q].ink }}>
                <span>{QUADRANT_LABELS[q]}</span>
              </div>
            ))}
            {view && <Markers view={view} mode={mode} width={plotW} height={plotH} onOpen={(id) => planning?.openPanel('category', id)} />}
          </div>
          <div className="pl-axis-x" style={{ left: AXIS, width: plotW }}>Supply risk →</div>
        </div>
        <aside className="pl-matrix-side" style={{ width: SIDE_WIDTH }}>
          {view ? <SideLists view={view} mode={mode} /> : <span className="pl-muted-small">Loading…</span>}
        </aside>
      </div>
    </div>
  )
}

function Markers({ view, mode, width, height, onOpen }: { view: PlanningView; mode: MatrixMode; width: number; height: number; onOpen(categoryId: string): void }) {
  const { items } = matrixContent(view, mode)
  const positions = placeMarkers(items, width, height)
  return (
    <>
      {items.map((item, i) => {
        const p = positions[i]
        if (!p) return null
        const colour = item.colour ?? QUADRANT_COLOURS[item.quadrant].ink
        const how = item.isFromSpend ? 'profit impact from spend' : 'hand-entered profit impact (no spend yet)'
        return (
          <button
            type="button"
            key={item.key}
            className={`pl-marker${item.isFromSpend ? '' : ' pl-marker-hollow'}`}
            style={{ left: p.x, top: p.y, ['--marker' as string]: colour }}
            data-testid="matrix-marker"
            data-category-id={item.categoryId}
            data-quadrant={item.quadrant}
            title={`${item.label}: ${QUADRANT_LABELS[item.quadrant]} (supply risk ${item.supplyRisk}, profit impact ${item.profitImpact}; ${how})`}
            onPointerDown={stopEventPropagation}
            onClick={() => onOpen(item.categoryId)}
          >
            <span className="pl-marker-dot" />
            <span className="pl-marker-label">{item.label}</span>
          </button>
        )
      })}
    </>
  )
}

function SideLists({ view, mode }: { view: PlanningView; mode: MatrixMode }) {
  const { unplaced } = matrixContent(view, mode)
  const changed = view.categories.filter((c) => c.quadrants.isChangedWhenPooled)
  return (
    <>
      <h4>Change quadrant when pooled</h4>
      {changed.length === 0 ? (
        <p className="pl-muted-small">None yet. Enter each organisation’s spend and a supply risk score.</p>
      ) : (
        <ul className="pl-side-list" data-testid="changed-when-pooled">
          {changed.map((c) => {
            const pooled = c.quadrants.pooled?.value.quadrant
            const alone = [...new Set(c.orgs.flatMap((o) => (o.alone ? [o.alone.value.quadrant] : [])))]
            return (
              <li key={c.id}>
                <strong>{c.name}</strong>
                <span>
                  {alone.map((q) => QUADRANT_LABELS[q]).join(' / ')} alone → {pooled ? QUADRANT_LABELS[pooled] : '—'} pooled
                </span>
                <span className="pl-muted-small">{formatMoney(c.pooledSpend.value)} pooled</span>
              </li>
            )
          })}
        </ul>
      )}
      {unplaced.length > 0 && (
        <>
          <h4>Not placed yet</h4>
          <ul className="pl-side-list">
            {unplaced.map((u) => (
              <li key={u.categoryId}>
                <strong>{u.name}</strong>
                <span className="pl-muted-small">{u.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p className="pl-muted-small pl-legend">
        {KRALJIC_QUADRANTS.length} quadrants; scores 1–2 low, 3–5 high. {mode === 'alone' ? 'Markers in each organisation’s colour.' : 'Hollow markers use the hand-entered profit impact.'}
      </p>
    </>
  )
}
