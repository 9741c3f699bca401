/**
 * Renewal timeline (SVG): one row per organisation × category, a bar for each contract period (start → end), dashed
 * extension options after it, and highlighted windows where two or more organisations' contracts end close together
 * (the board's renewal window), with the latest date to start a joint procurement. Used on the canvas and in the panel.
 * Contracts imported from published notices and registers are drawn with a dashed outline, and their titles say so;
 * a confidential contract's title says who alone sees it.
 */
import { describeEndBasis, IMPORTED_ORIGIN_LABELS } from '../../../shared/doc/imported-contracts'
import type { CategoryOrgView, PlanningView } from '../../../shared/doc/planning-view'
import { monthsBetween, type IsoDate } from '../../../shared/domain/dates'
import { describeStartBy, formatOverdue } from '../../../shared/domain/overdue'
import { DERIVED_CONTRACT_NOTE, NOT_ENTERED } from '../../../shared/domain/current-contract'
import { contractBar, contractDates, createTimeScale, monthTicks } from './timeline-geometry'
import { formatDate, formatMoney } from '../../ui/format'
import { CONFIDENTIAL_LABEL, confidentialMeaning } from '../../../shared/domain/labels'

const LABEL_W = 190
const ROW_H = 26
const AXIS_H = 30
/** Each shared window's note takes two lines (who and when; then the start-by date), so it fits the width. */
const NOTE_H = 34
const NOTE_LINE_H = 15

/** One bar on a row: a hand-entered contract, or an imported one that counts (it has an end). */
interface Bar {
  readonly key: string
  readonly start: IsoDate | undefined
  readonly end: IsoDate
  readonly extensionOptions: readonly number[]
  readonly title: string
  readonly isImported: boolean
}

/** A body's bars in a category: its hand-entered contracts, then its imported ones that count. */
function barsOf(o: CategoryOrgView): Bar[] {
  const hand = o.contracts.map((k): Bar => ({
    key: k.id,
    start: k.start,
    end: k.end,
    extensionOptions: k.extensionOptions,
    isImported: false,
    title: `${k.supplier || `Supplier ${NOT_ENTERED}`}: ${k.start ? `${formatDate(k.start)} to ` : 'ends '}${formatDate(k.end)}${k.extensionOptions.length ? `, extension options ${k.extensionOptions.join(' + ')} months` : ''}; value ${k.value === undefined ? NOT_ENTERED : formatMoney(k.value)}${k.isDerived ? ` (${DERIVED_CONTRACT_NOTE})` : ''}${k.isConfidential ? ` (${CONFIDENTIAL_LABEL}: ${confidentialMeaning(o.org.name)})` : ''}`,
  }))
  const imported = o.importedContracts.flatMap((k): Bar[] => {
    if (!k.counts || k.end === null) return []
    const start = k.start !== null && k.start <= k.end ? k.start : undefined
    const ext = k.endWithExtensions !== null && k.endWithExtensions > k.end ? [Math.max(1, monthsBetween(k.end, k.endWithExtensions))] : []
    return [{
      key: k.contractId,
      start,
      end: k.end,
      extensionOptions: ext,
      isImported: true,
      title: `${k.title || k.supplier} (${IMPORTED_ORIGIN_LABELS[k.origin]}): ${k.supplier || `supplier ${NOT_ENTERED}`}, ${start ? `${formatDate(start)} to ` : 'ends '}${formatDate(k.end)} (${describeEndBasis(k)})${k.endWithExtensions !== null && ext.length > 0 ? `, with extensions to ${formatDate(k.endWithExtensions)}` : ''}; value ${k.valuePence === null ? NOT_ENTERED : formatMoney(k.valuePence)}`,
    }]
  })
  return [...hand, ...imported]
}

export function RenewalTimeline({ view, width }: { view: PlanningView; width: number }) {
  const rows = view.categories.flatMap((c) =>
    c.orgs.map((o) => ({ category: c, org: o, bars: barsOf(o) })).filter((r) => r.bars.length > 0),
  )
  if (rows.length === 0) {
    return <p className="pl-muted-small" data-testid="renewal-timeline-empty">No contracts yet. Enter “current contract ends” or add contracts in a category’s inspector, or import contract notices or a contract register, to see them here.</p>
  }
  const plotW = Math.max(200, width - LABEL_W - 12)
  const allContracts = rows.flatMap((r) => r.bars)
  const windows = view.categories.flatMap((c) => c.renewalGroups.map((g) => ({ category: c, group: g })))
  // The scale reaches back to every start-by date, so an overdue one is drawn on the plot, not over the labels.
  const scale = createTimeScale([...contractDates(allContracts), view.today, ...windows.map((w) => w.group.latestStart.value)], plotW, view.today)
  const ticks = monthTicks(scale)
  const rowsBottom = AXIS_H + rows.length * ROW_H + 8
  const height = rowsBottom + windows.length * NOTE_H + (windows.length > 0 ? 6 : 0)
  const rowIndex = (categoryId: string, orgId: string) => rows.findIndex((r) => r.category.id === categoryId && r.org.org.id === orgId)
  const todayX = scale.x(view.today)
  return (
    <svg className="pl-timeline" width={LABEL_W + plotW + 12} height={height} role="img" aria-label="Renewal timeline" data-testid="renewal-timeline">
      <g transform={`translate(${LABEL_W},0)`}>
        {ticks.map((t) => (
          <g key={t.date} transform={`translate(${t.x},0)`}>
            <line y1={AXIS_H - 6} y2={height} className={t.isYear ? 'pl-tl-year' : 'pl-tl-month'} />
            <text y={AXIS_H - 10} className="pl-tl-tick">{t.isYear ? t.date.slice(0, 4) : formatDate(t.date).split(' ')[1]}</text>
          </g>
        ))}
        {view.categories.flatMap((c) =>
          c.renewalGroups.map((g, gi) => {
            const indexes = g.orgIds.map((o) => rowIndex(c.id, o)).filter((i) => i >= 0)
            if (indexes.length === 0) return null
            const top = AXIS_H + Math.min(...indexes) * ROW_H + 2
            const bottom = AXIS_H + (Math.max(...indexes) + 1) * ROW_H - 2
            const x0 = scale.x(g.earliestEnd.value)
            const x1 = scale.x(g.latestEnd.value)
            const xs = scale.x(g.latestStart.value)
            return (
              <g key={`${c.id}-${gi}`} data-testid="renewal-window">
                <title>{`${c.name}: ${g.orgIds.length} organisations' contracts end between ${formatDate(g.earliestEnd.value)} and ${formatDate(g.latestEnd.value)}. Start a joint procurement by ${describeStartBy(g.latestStart.value, view.today, formatDate)} (${g.leadTimeMonths} months' lead time). Combined value ${formatMoney(g.combinedValue.value)}.`}</title>
                <rect x={x0 - 6} y={top} width={Math.max(12, x1 - x0 + 12)} height={bottom - top} rx={6} className="pl-tl-window" />
                <line x1={xs} x2={xs} y1={top} y2={bottom} className="pl-tl-start" />
                <path d={`M${xs} ${top - 5} l4 4 l-4 4 l-4 -4 z`} className="pl-tl-start-mark" />
              </g>
            )
          }),
        )}
        {todayX >= 0 && todayX <= plotW && (
          <g>
            <line x1={todayX} x2={todayX} y1={AXIS_H - 6} y2={height} className="pl-tl-today" />
            <text x={todayX + 3} y={AXIS_H - 20} className="pl-tl-today-label">today</text>
          </g>
        )}
      </g>
      {rows.map((r, i) => {
        const y = AXIS_H + i * ROW_H
        return (
          <g key={`${r.category.id}:${r.org.org.id}`} transform={`translate(0,${y})`}>
            <circle cx={8} cy={ROW_H / 2} r={5} fill={r.org.org.colour} />
            <text x={18} y={ROW_H / 2 + 4} className="pl-tl-label">{truncate(`${r.category.name} · ${r.org.org.shortName}`, 28)}</text>
            <g transform={`translate(${LABEL_W},0)`}>
              {r.bars.map((k) => {
                const bar = contractBar(scale, k.start, k.end, k.extensionOptions)
                return (
                  <g key={k.key}>
                    <title>{k.title}</title>
                    <rect x={bar.x} y={6} width={bar.width} height={ROW_H - 12} rx={3} fill={r.org.org.colour} opacity={bar.isStartKnown ? (k.isImported ? 0.6 : 0.85) : 0.5} className={k.isImported ? 'pl-tl-imported' : undefined} stroke={k.isImported ? r.org.org.colour : undefined} data-testid="timeline-contract" data-imported={k.isImported ? 'true' : undefined} data-contract-end={k.end} />
                    {bar.extensions.map((e, ei) => (
                      <rect key={ei} x={e.x} y={7} width={e.width} height={ROW_H - 14} rx={3} className="pl-tl-ext" stroke={r.org.org.colour} />
                    ))}
                  </g>
                )
              })}
            </g>
          </g>
        )
      })}
      {windows.map(({ category, group }, i) => {
        const y = rowsBottom + 6 + i * NOTE_H + 12
        const overdue = formatOverdue(group.latestStart.value, view.today)
        return (
          <text key={`${category.id}-note-${i}`} x={4} y={y} className="pl-tl-note">
            <tspan className="pl-tl-note-mark">◆ </tspan>
            {`${truncate(category.name, 32)}: ${group.orgIds.map((o) => category.orgs.find((x) => x.org.id === o)?.org.shortName ?? o).join(', ')} end ${formatDate(group.earliestEnd.value)} – ${formatDate(group.latestEnd.value)}`}
            <tspan x={18} dy={NOTE_LINE_H} fontWeight={650}>{`start by ${formatDate(group.latestStart.value)}`}</tspan>
            {overdue !== null && <tspan className="pl-tl-overdue" data-testid="overdue-flag">{` — ${overdue}`}</tspan>}
            {` (${group.leadTimeMonths} months’ lead time)`}
          </text>
        )
      })}
    </svg>
  )
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s
}
