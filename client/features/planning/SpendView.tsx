/**
 * Pooled spend: a category × organisation table with totals and shares, a bar chart (SVG) of each category's spend
 * stacked by organisation, suppliers per category (fragmentation) and suppliers used by several bodies. Every figure
 * can be clicked to show its sources; a body's figure from its spend data is marked "data" (its period on hover).
 */
import type { PlanningView } from '../../../shared/doc/planning-view'
import { formatMoney, formatMoneyCompact, formatShare } from '../../ui/format'
import { OrgBadge } from './OrgSpendSection'
import { usePlanning } from './PlanningContext'
import { TracedFigure } from './TracedFigure'

export function SpendView({ view }: { view: PlanningView }) {
  const planning = usePlanning()
  const orgs = view.orgTotals.map((t) => t.org)
  if (view.categories.length === 0) return <p className="pl-muted-small">No categories yet. Add one from the top bar.</p>
  return (
    <div className="pl-spend" data-testid="spend-view">
      <div className="pl-table-wrap">
        <table className="pl-table pl-spend-table">
          <thead>
            <tr>
              <th>Category</th>
              {orgs.map((o) => <th key={o.id} className="pl-num"><OrgBadge org={o} /></th>)}
              <th className="pl-num">Pooled</th>
            </tr>
          </thead>
          <tbody>
            {view.categories.map((c) => (
              <tr key={c.id}>
                <td><button type="button" className="pl-link-button" onClick={() => planning.openPanel('category', c.id)}>{c.name}</button></td>
                {orgs.map((o) => {
                  const entry = c.orgs.find((x) => x.org.id === o.id)
                  return (
                    <td key={o.id} className="pl-num" data-testid="spend-cell" data-category-id={c.id} data-org-id={o.id} data-source={entry?.source ?? 'none'}>
                      {entry?.hasEntry ? (
                        <TracedFigure figure={entry.annualSpend} label={`${o.shortName} spend on ${c.name}`}>
                          {formatMoney(entry.annualSpend.value)}
                          {entry.data && <span className="pl-share" title={`From ${o.shortName}’s spend data, ${entry.data.periodLabel}`}>data</span>}
                          {entry.shareBps && <span className="pl-share">{formatShare(entry.shareBps.value)}</span>}
                        </TracedFigure>
                      ) : <span className="pl-muted-small">—</span>}
                    </td>
                  )
                })}
                <td className="pl-num"><TracedFigure figure={c.pooledSpend} label={`Pooled spend on ${c.name}`}><strong>{formatMoney(c.pooledSpend.value)}</strong></TracedFigure></td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th>Total</th>
              {view.orgTotals.map((t) => (
                <th key={t.org.id} className="pl-num">
                  <TracedFigure figure={t.spend} label={`${t.org.shortName} total`}>{formatMoney(t.spend.value)}</TracedFigure>
                  {t.shareBps !== null && <span className="pl-share">{formatShare(t.shareBps)}</span>}
                </th>
              ))}
              <th className="pl-num"><TracedFigure figure={view.totalPooledSpend} label="Total pooled spend">{formatMoney(view.totalPooledSpend.value)}</TracedFigure></th>
            </tr>
          </tfoot>
        </table>
      </div>
      <h3>Spend by category</h3>
      <SpendChart view={view} />
      <h3>Suppliers</h3>
      <table className="pl-table">
        <thead><tr><th>Category</th><th className="pl-num">Suppliers (up to)</th><th>Used by several bodies</th></tr></thead>
        <tbody>
          {view.categories.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td className="pl-num"><TracedFigure figure={c.supplierCount} label={`Suppliers in ${c.name}`}>{c.supplierCount.value}</TracedFigure></td>
              <td>
                {c.sharedSuppliers.length === 0 ? <span className="pl-muted-small">None named by two bodies</span> : c.sharedSuppliers.map((s) => (
                  <div key={s.key}>{s.name} <span className="pl-muted-small">({s.orgIds.map((o) => planning.orgInfo(o).shortName).join(', ')})</span></div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.categories.some((c) => c.orgs.some((o) => o.data)) && <p className="pl-muted-small">Figures marked “data” come from that body’s imported spend data (annualised where it covers other than 12 months); the others were entered by hand. Click a figure for its source and period.</p>}
      <p className="pl-muted-small">Supplier counts add each body’s count, so a supplier used by two bodies is counted twice: read it as an upper bound on fragmentation.</p>
    </div>
  )
}

const BAR_H = 22
const LABEL_W = 150

function SpendChart({ view }: { view: PlanningView }) {
  const width = 400
  const max = Math.max(1, ...view.categories.map((c) => c.pooledSpend.value))
  const height = view.categories.length * (BAR_H + 8) + 4
  return (
    <svg className="pl-chart" width={LABEL_W + width + 60} height={height} role="img" aria-label="Pooled spend by category, split by organisation">
      {view.categories.map((c, i) => {
        let x = LABEL_W
        const y = i * (BAR_H + 8)
        return (
          <g key={c.id}>
            <text x={LABEL_W - 8} y={y + BAR_H / 2 + 4} textAnchor="end" className="pl-chart-label">{c.name.length > 22 ? `${c.name.slice(0, 21)}…` : c.name}</text>
            {c.orgs.filter((o) => o.annualSpend.value > 0).map((o) => {
              const w = (o.annualSpend.value / max) * width
              const rect = (
                <rect key={o.org.id} x={x} y={y} width={Math.max(1, w)} height={BAR_H} fill={o.org.colour} rx={2}>
                  <title>{`${o.org.name}: ${formatMoney(o.annualSpend.value)}${o.shareBps ? ` (${formatShare(o.shareBps.value)})` : ''}`}</title>
                </rect>
              )
              x += w
              return rect
            })}
            <text x={x + 6} y={y + BAR_H / 2 + 4} className="pl-chart-value">{formatMoneyCompact(c.pooledSpend.value)}</text>
          </g>
        )
      })}
    </svg>
  )
}
