/** Hover a shape: a small label above it saying who created it and who changed it last, with organisations. */
import { useValue, type Editor } from '@tldraw/tldraw'
import { describeAttribution, readAttribution } from './attribution'
import './attribution.css'

const GAP_PX = 8

export function AttributionTooltip({ editor }: { editor: Editor }) {
  const tip = useValue(
    'attribution tooltip',
    () => {
      const id = editor.getHoveredShapeId()
      if (!id || editor.getInstanceState().isChangingStyle) return null
      // Not while drawing or dragging: only when idle in the select tool.
      if (!editor.isIn('select.idle')) return null
      const shape = editor.getShape(id)
      const bounds = shape ? editor.getShapePageBounds(shape) : undefined
      if (!shape || !bounds) return null
      const text = describeAttribution(readAttribution(shape.meta), new Date())
      if (!text) return null
      const top = editor.pageToViewport({ x: bounds.midX, y: bounds.minY })
      return { id, text, x: top.x, y: top.y }
    },
    [editor],
  )
  if (!tip) return null
  return (
    <div
      className="attribution-tooltip"
      role="tooltip"
      data-testid="attribution-tooltip"
      data-shape-id={tip.id}
      style={{ left: tip.x, top: Math.max(tip.y - GAP_PX, 28) }}
    >
      {tip.text}
    </div>
  )
}
