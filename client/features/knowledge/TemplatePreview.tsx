/** A small SVG drawing of a canvas template's layout (frames, boxes, text, notes, arrows), for previews and cards. */
import { useId } from 'react'
import { shapeBounds, templateBounds, validateTemplate, type TemplateColor, type TemplateShape } from '../../../shared/knowledge/template'

/** Approximations of tldraw's light-theme palette. */
const HEX: Record<TemplateColor, string> = {
  black: '#1d1d1d',
  grey: '#9fa8b2',
  'light-violet': '#e085f4',
  violet: '#ae3ec9',
  blue: '#4465e9',
  'light-blue': '#4ba1f1',
  yellow: '#f1ac4b',
  orange: '#e16919',
  green: '#099268',
  'light-green': '#4cb05e',
  'light-red': '#f87777',
  red: '#e03131',
  white: '#ffffff',
}

const FONT_PX = { s: 18, m: 24, l: 36, xl: 44 } as const

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? ''
  return line.length > 40 ? `${line.slice(0, 38)}…` : line
}

function Shape({ shape, markerId }: { shape: TemplateShape; markerId: string }) {
  switch (shape.type) {
    case 'frame':
      return (
        <g>
          <rect x={shape.x} y={shape.y} width={shape.w} height={shape.h} fill="#fff" stroke="#c5ccd5" strokeWidth={4} rx={6} />
        </g>
      )
    case 'geo': {
      const stroke = HEX[shape.color]
      const fill = shape.fill === 'none' ? 'none' : shape.fill === 'semi' ? `${stroke}22` : `${stroke}55`
      const dash = shape.dash === 'dashed' ? '16 10' : shape.dash === 'dotted' ? '3 8' : undefined
      const common = { fill, stroke, strokeWidth: 4, strokeDasharray: dash }
      const { x, y, w, h } = shape
      const body =
        shape.geo === 'ellipse' || shape.geo === 'oval' ? (
          <ellipse cx={x + w / 2} cy={y + h / 2} rx={w / 2} ry={h / 2} {...common} />
        ) : shape.geo === 'diamond' || shape.geo === 'rhombus' ? (
          <polygon points={`${x + w / 2},${y} ${x + w},${y + h / 2} ${x + w / 2},${y + h} ${x},${y + h / 2}`} {...common} />
        ) : shape.geo === 'triangle' ? (
          <polygon points={`${x + w / 2},${y} ${x + w},${y + h} ${x},${y + h}`} {...common} />
        ) : (
          <rect x={x} y={y} width={w} height={h} rx={8} {...common} />
        )
      const size = FONT_PX[shape.size ?? 'm']
      const anchor = shape.align === 'start' ? 'start' : shape.align === 'end' ? 'end' : 'middle'
      const tx = anchor === 'start' ? x + 16 : anchor === 'end' ? x + w - 16 : x + w / 2
      const ty = shape.verticalAlign === 'start' ? y + 16 + size : shape.verticalAlign === 'end' ? y + h - 16 : y + h / 2 + size / 3
      return (
        <g>
          {body}
          {shape.text && (
            <text x={tx} y={ty} fontSize={size} fontWeight={700} textAnchor={anchor} fill="#1d1d1d">
              {firstLine(shape.text)}
            </text>
          )}
        </g>
      )
    }
    case 'text': {
      const box = shapeBounds(shape)
      const size = FONT_PX[shape.size]
      const anchor = shape.align === 'start' ? 'start' : shape.align === 'end' ? 'end' : 'middle'
      const tx = anchor === 'start' ? box.x : anchor === 'end' ? box.x + box.w : box.x + box.w / 2
      return (
        <text x={tx} y={box.y + size} fontSize={size} textAnchor={anchor} fill={HEX[shape.color ?? 'black']}>
          {firstLine(shape.text)}
        </text>
      )
    }
    case 'note':
      return (
        <g>
          <rect x={shape.x} y={shape.y} width={200} height={200} rx={4} fill={`${HEX[shape.color]}66`} stroke="none" />
          <text x={shape.x + 100} y={shape.y + 108} fontSize={20} textAnchor="middle" fill="#1d1d1d">
            {firstLine(shape.text).slice(0, 16)}
          </text>
        </g>
      )
    case 'arrow':
      return <line x1={shape.x1} y1={shape.y1} x2={shape.x2} y2={shape.y2} stroke={HEX[shape.color]} strokeWidth={5} markerEnd={`url(#${markerId})`} />
  }
}

/** Draws `template` (untrusted: it is validated first) scaled into its box; shows a calm note when it is not valid. */
export function TemplatePreview({ template, label, className }: { template: unknown; label: string; className?: string }) {
  const markerId = useId().replace(/:/g, '')
  const valid = validateTemplate(template)
  if (!valid.ok) return <div className={`kb-preview kb-preview-empty ${className ?? ''}`}>No layout preview</div>
  const b = templateBounds(valid.value)
  const pad = Math.max(b.w, b.h) * 0.02
  return (
    <svg
      className={`kb-preview ${className ?? ''}`}
      viewBox={`${b.x - pad} ${b.y - pad} ${b.w + pad * 2} ${b.h + pad * 2}`}
      role="img"
      aria-label={label}
      preserveAspectRatio="xMidYMid meet"
      fontFamily="system-ui, sans-serif"
    >
      <defs>
        <marker id={markerId} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
          <path d="M0 0 10 5 0 10z" fill="#9fa8b2" />
        </marker>
      </defs>
      {valid.value.shapes.map((shape) => (
        <Shape key={shape.key} shape={shape} markerId={markerId} />
      ))}
    </svg>
  )
}
