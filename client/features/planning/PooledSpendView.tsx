/**
 * Pooled spend from the bodies' own data: for every category linked to ProClass codes, each body's figure (with its
 * period; a body without data keeps its hand-entered figure, marked so), charted as category × organisation; for one
 * category, supplier × organisation, the suppliers two or more bodies share with their combined spend, the Pareto
 * curve, the tail and the fragmentation. Clicking a body's figure opens its lines where the body shares them.
 * Charts use Observable Plot, loaded on first use (PlotChart).
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { CategoryView } from '../../../shared/doc/planning-view'
import type { Pence } from '../../../shared/domain/money'
import type { BoardSpend, BoardSpendCategory, BoardSpendLines, BoardSpendOrg, CategoryOrgSpend } from '../../../shared/schema/board-spend-api'
import { getBoardSpendLines, setLineSharing } from '../../api/board-spend'
import { describeError } from '../../api/client'
import { formatDate, formatMoney, formatMoneyCompact } from '../../ui/format'
import { usePlanning } from './PlanningContext'
import { PlotChart, type Plot } from './PlotChart'

const money = (pence: number) => formatMoney(pence as Pence)
const compact = (pence: number) => formatMoneyCompact(pence as Pence)
const poundsTick = (pounds: number) => formatMoneyCompact(Math.round(pounds * 100) as Pence)

/** A body's figure for a category as shown: from its data (annualised where the period is not a year) or by hand. */
interface ShownFigure {
  readonly org: BoardSpendOrg
  readonly cell: CategoryOrgSpend
  readonly pence: number
  readonly source: CategoryOrgSpend['source']
  readonly label: string
}

function shownFigures(spend: BoardSpend, category: BoardSpendCategory, live: CategoryView | undefined): ShownFigure[] {
  return category.byOrg.flatMap((cell): ShownFigure[] => {
    const org = spend.orgs.find((o) => o.orgId === cell.orgId)
    if (!org) return []
    // A hand-entered figure is read from the live document (the server's copy can be a poll behind).
    const hand = live?.orgs.find((o) => o.org.id === cell.orgId)?.handSpend ?? cell.handEnteredPence
    // As the planning view (dataSpendFromBoardSpend): data with no payments under the codes leaves a hand figure standing.
    if (cell.source === 'data' && (cell.transactions > 0 || hand === null || hand === undefined)) return [{ org, cell, pence: cell.annualisedPence, source: 'data', label: cell.periodLabel }]
    if (hand !== null && hand !== undefined) return [{ org, cell, pence: hand, source: 'hand', label: 'entered by hand' }]
    return [{ org, cell, pence: 0, source: 'none', label: 'no figure yet' }]
  })
}

export function PooledSpendView({ categoryId, traceOrgId = null, traceSeq = 0 }: { categoryId: string | null; traceOrgId?: string | null; traceSeq?: number }) {
  const planning = usePlanning()
  const view = planning.view
  const spend = planning.boardSpend
  const linked = view?.categories.filter((c) => c.spendCodes.length > 0) ?? []
  const [selected, setSelected] = useState<string | null>(categoryId)
  const [trace, setTrace] = useState<{ categoryId: string; orgId: string; supplierKey?: string } | null>(null)
  useEffect(() => {
    if (categoryId !== null) setSelected(categoryId)
  }, [categoryId])
  // A body's figure clicked on a category card: show the lines behind it (or why not).
  useEffect(() => {
    if (categoryId !== null && traceOrgId !== null && traceSeq > 0) setTrace({ categoryId, orgId: traceOrgId })
  }, [categoryId, traceOrgId, traceSeq])

  if (!view) return <p className="pl-muted-small">Loading…</p>
  if (linked.length === 0) {
    return (
      <div className="pl-empty" data-testid="pooled-spend-view">
        <p>No category is linked to spend data yet.</p>
        <p className="pl-muted-small">Open a category and choose its ProClass codes under “Spend data”: each body’s figure then comes from the spend it imported, and this view pools them.</p>
      </div>
    )
  }
  if (!spend) return <p className="pl-muted-small" data-testid="pooled-spend-view">{planning.boardSpendError ?? 'Loading pooled spend…'}</p>
  const current = spend.categories.find((c) => c.categoryId === selected) ?? spend.categories[0] ?? null
  return (
    <div className="pl-pooled" data-testid="pooled-spend-view" data-version={spend.version}>
      {planning.boardSpendError && <p className="field-error" role="status">{planning.boardSpendError} Showing the last figures received.</p>}
      <OrgDataList spend={spend} />
      <section className="pl-section">
        <h3>Spend by category and body</h3>
        <CategoryOrgChart spend={spend} live={view.categories} />
        <CategoryOrgTable spend={spend} live={view.categories} onTrace={(categoryId, orgId) => setTrace({ categoryId, orgId })} onSelect={setSelected} />
      </section>
      {current && (
        <section className="pl-section" data-testid="pooled-category" data-category-id={current.categoryId}>
          <div className="pl-pooled-head">
            <h3>Suppliers in</h3>
            <select className="text-input pl-input" value={current.categoryId} onChange={(e) => setSelected(e.target.value)} aria-label="Category">
              {spend.categories.map((c) => <option key={c.categoryId} value={c.categoryId}>{c.name}</option>)}
            </select>
          </div>
          <p className="pl-muted-small">ProClass {current.spendCodes.map((c) => (c.length < 6 ? `${c}…` : c)).join(', ')} · {current.periodLabel}{current.withheldPence !== 0 ? ` · ${money(current.withheldPence)} paid to withheld names counts in totals, not as a supplier` : ''}</p>
          <CategoryDetail spend={spend} category={current} onTrace={(orgId, supplierKey) => setTrace({ categoryId: current.categoryId, orgId, ...(supplierKey ? { supplierKey } : {}) })} />
        </section>
      )}
      {trace && <LinesPanel spend={spend} trace={trace} onClose={() => setTrace(null)} />}
    </div>
  )
}

/** Each body's dataset period, and my organisation's choice to share line detail with this board. */
function OrgDataList({ spend }: { spend: BoardSpend }) {
  const planning = usePlanning()
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setIsBusy] = useState(false)
  // The choice shows at once; the server's answer arrives with the next poll.
  const [pending, setPending] = useState<boolean | null>(null)
  const mine = spend.orgs.find((o) => o.orgId === planning.myOrgId)
  const isShared = mine?.sharesLineDetail
  useEffect(() => {
    if (pending !== null && pending === isShared) setPending(null)
  }, [pending, isShared])
  return (
    <section className="pl-section">
      <ul className="pl-pooled-orglist" data-testid="pooled-orgs">
        {spend.orgs.map((o) => (
          <li key={o.orgId} data-org-id={o.orgId}>
            <span className="pl-dot" style={{ background: o.colour }} />
            <strong>{o.shortName}</strong>
            <span className="pl-muted-small">{o.hasData ? `spend data: ${o.periodLabel}` : 'no spend data: its figures are entered by hand'}{o.hasData && o.sharesLineDetail ? ' · shares line detail with this board' : ''}</span>
          </li>
        ))}
      </ul>
      {mine && planning.isOrgAdmin && (
        <label className="pl-check" data-testid="share-line-detail">
          <input
            type="checkbox"
            checked={pending ?? mine.sharesLineDetail}
            disabled={isBusy}
            onChange={(e) => {
              const next = e.target.checked
              setIsBusy(true)
              setPending(next)
              setLineSharing(mine.orgId, planning.boardId, next)
                .then(() => {
                  setError(null)
                  planning.refreshBoardSpend()
                })
                .catch((err: unknown) => {
                  setPending(null)
                  setError(describeError(err))
                })
                .finally(() => setIsBusy(false))
            }}
          />{' '}
          Share {mine.shortName}’s line detail with this board (partners see the lines behind {mine.shortName}’s figures for this board’s categories)
        </label>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  )
}

function CategoryOrgChart({ spend, live }: { spend: BoardSpend; live: readonly CategoryView[] }) {
  const build = useCallback(
    (Plot: Plot) => {
      const rows = spend.categories.flatMap((c) =>
        shownFigures(spend, c, live.find((l) => l.id === c.categoryId))
          .filter((f) => f.pence > 0)
          .map((f) => ({ category: c.name, org: f.org.shortName, pounds: f.pence / 100, hand: f.source === 'hand', title: `${f.org.name}: ${money(f.pence)} (${f.label})` })),
      )
      return Plot.plot({
        width: 640,
        height: Math.max(80, spend.categories.length * 34 + 50),
        marginLeft: 150,
        x: { label: '£ a year', tickFormat: poundsTick, grid: true },
        y: { label: null },
        color: { domain: spend.orgs.map((o) => o.shortName), range: spend.orgs.map((o) => o.colour), legend: true },
        marks: [
          Plot.barX(rows, { y: 'category', x: 'pounds', fill: 'org', fillOpacity: (d: { hand: boolean }) => (d.hand ? 0.45 : 1), title: 'title', sort: { y: '-x' } }),
          Plot.ruleX([0]),
        ],
      })
    },
    [spend, live],
  )
  return <PlotChart build={build} label="Spend per category, stacked by body (paler: entered by hand)" testId="chart-category-org" />
}

function CategoryOrgTable({ spend, live, onTrace, onSelect }: { spend: BoardSpend; live: readonly CategoryView[]; onTrace(categoryId: string, orgId: string): void; onSelect(categoryId: string): void }) {
  return (
    <div className="pl-table-wrap">
      <table className="pl-table" data-testid="pooled-table">
        <thead>
          <tr>
            <th>Category</th>
            {spend.orgs.map((o) => <th key={o.orgId} className="pl-num"><span className="pl-dot" style={{ background: o.colour }} /> {o.shortName}</th>)}
            <th className="pl-num">Shared suppliers</th>
          </tr>
        </thead>
        <tbody>
          {spend.categories.map((c) => {
            const figures = shownFigures(spend, c, live.find((l) => l.id === c.categoryId))
            return (
              <tr key={c.categoryId} data-category-id={c.categoryId}>
                <td><button type="button" className="pl-link-button" onClick={() => onSelect(c.categoryId)}>{c.name}</button></td>
                {figures.map((f) => (
                  <td key={f.org.orgId} className="pl-num">
                    {f.source === 'none' ? (
                      <span className="pl-muted-small">—</span>
                    ) : (
                      <button type="button" className="pl-figure-button" data-testid="pooled-figure" data-org-id={f.org.orgId} data-source={f.source} data-pence={f.pence} onClick={() => onTrace(c.categoryId, f.org.orgId)} title={f.source === 'data' ? 'Show the lines behind this figure' : 'Entered by hand on the board'}>
                        <span className="pl-figure-amount">{money(f.pence)}</span>
                        <span className={f.source === 'hand' ? 'pl-hand-mark' : 'pl-period'}>{f.label}</span>
                      </button>
                    )}
                  </td>
                ))}
                <td className="pl-num" data-testid="pooled-shared-count" data-count={c.shared.count}>{c.shared.count}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function CategoryDetail({ spend, category, onTrace }: { spend: BoardSpend; category: BoardSpendCategory; onTrace(orgId: string, supplierKey?: string): void }) {
  const orgOf = (id: string) => spend.orgs.find((o) => o.orgId === id)
  const buildSuppliers = useCallback(
    (Plot: Plot) => {
      const top = category.suppliers.slice(0, 15)
      const rows = top.flatMap((s) => s.byOrg.map((p) => ({ supplier: s.name.length > 32 ? `${s.name.slice(0, 31)}…` : s.name, org: orgOf(p.orgId)?.shortName ?? p.orgId, pounds: p.totalPence / 100, title: `${s.name}, ${orgOf(p.orgId)?.name ?? p.orgId}: ${money(p.totalPence)}` })))
      return Plot.plot({
        width: 640,
        height: Math.max(80, top.length * 24 + 50),
        marginLeft: 210,
        x: { label: `£ (${category.periodLabel})`, tickFormat: poundsTick, grid: true },
        y: { label: null },
        color: { domain: spend.orgs.map((o) => o.shortName), range: spend.orgs.map((o) => o.colour), legend: true },
        marks: [Plot.barX(rows, { y: 'supplier', x: 'pounds', fill: 'org', title: 'title', sort: { y: '-x' } }), Plot.ruleX([0])],
      })
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- orgOf reads spend
    [spend, category],
  )
  const buildPareto = useCallback(
    (Plot: Plot) => {
      const p = category.pareto
      const points = p.curve.map((c) => ({ suppliers: c.suppliers, share: p.namedPence > 0 ? (c.cumulativePence / p.namedPence) * 100 : 0 }))
      return Plot.plot({
        width: 640,
        height: 220,
        x: { label: 'Suppliers, largest first', grid: true },
        y: { label: '% of named spend', domain: [0, 100], grid: true },
        marks: [
          Plot.areaY(points, { x: 'suppliers', y: 'share', fill: '#1f77b4', fillOpacity: 0.12 }),
          Plot.lineY(points, { x: 'suppliers', y: 'share', stroke: '#1f77b4' }),
          Plot.ruleY([80], { stroke: '#c0392b', strokeDasharray: '4,3' }),
          ...(p.suppliersFor80 > 0 ? [Plot.ruleX([p.suppliersFor80], { stroke: '#c0392b', strokeDasharray: '4,3' }), Plot.dot([{ suppliers: p.suppliersFor80, share: (p.pence80 / p.namedPence) * 100 }], { x: 'suppliers', y: 'share', fill: '#c0392b', r: 4 })] : []),
        ],
      })
    },
    [category],
  )
  const p = category.pareto
  return (
    <>
      <h4>Supplier × body</h4>
      {category.suppliers.length === 0 ? <p className="pl-muted-small">No named supplier under these codes in any body’s data.</p> : <PlotChart build={buildSuppliers} label={`Largest suppliers in ${category.name}, stacked by body`} testId="chart-supplier-org" />}

      <h4>Suppliers used by two or more bodies</h4>
      {category.shared.count === 0 ? (
        <p className="pl-muted-small" data-testid="shared-suppliers" data-count={0}>No supplier is paid by two bodies in this category ({category.periodLabel}).</p>
      ) : (
        <div className="pl-table-wrap">
          <p className="pl-muted-small">{category.shared.count} shared supplier{category.shared.count === 1 ? '' : 's'}, {money(category.shared.totalPence)} together · {category.periodLabel}</p>
          <table className="pl-table" data-testid="shared-suppliers" data-count={category.shared.count}>
            <thead>
              <tr>
                <th>Supplier</th>
                {spend.orgs.map((o) => <th key={o.orgId} className="pl-num">{o.shortName}</th>)}
                <th className="pl-num">Combined</th>
              </tr>
            </thead>
            <tbody>
              {category.shared.suppliers.map((s) => (
                <tr key={s.key} data-testid="shared-supplier" data-key={s.key}>
                  <td>{s.name}</td>
                  {spend.orgs.map((o) => {
                    const part = s.byOrg.find((x) => x.orgId === o.orgId)
                    return <td key={o.orgId} className="pl-num">{part ? <button type="button" className="pl-figure-button" onClick={() => onTrace(o.orgId, s.key)}><span className="pl-figure-amount">{money(part.totalPence)}</span></button> : '—'}</td>
                  })}
                  <td className="pl-num"><strong>{money(s.totalPence)}</strong></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h4>Concentration</h4>
      <p data-testid="pareto-summary" data-suppliers-for-80={p.suppliersFor80} data-supplier-count={p.supplierCount}>
        {p.supplierCount === 0
          ? 'No named supplier yet.'
          : `${p.suppliersFor80} of ${p.supplierCount} supplier${p.supplierCount === 1 ? '' : 's'} take 80% of the named spend (${money(p.pence80)} of ${money(p.namedPence)}).`}{' '}
        <span className="pl-muted-small">{category.periodLabel}</span>
      </p>
      {p.supplierCount > 0 && <PlotChart build={buildPareto} label={`Pareto curve of ${category.name}: share of spend by number of suppliers`} testId="chart-pareto" />}
      <ul className="pl-side-list">
        <li data-testid="tail-spend">
          <strong>Tail:</strong> {category.tail.suppliers} supplier{category.tail.suppliers === 1 ? '' : 's'} beyond the 80%, {money(category.tail.totalPence)} together <span className="pl-muted-small">({category.periodLabel})</span>
        </li>
        <li data-testid="fragmentation">
          <strong>Fragmentation:</strong> {category.fragmentation.suppliers} distinct supplier{category.fragmentation.suppliers === 1 ? '' : 's'}
          {category.fragmentation.suppliersPerMillionPounds !== null && <>, {category.fragmentation.suppliersPerMillionPounds.toLocaleString('en-GB')} per £1m of named spend</>}
          <span className="pl-muted-small"> ({category.periodLabel})</span>
        </li>
      </ul>
      <h4>Each body’s largest suppliers</h4>
      <div className="pl-pooled-orgs">
        {category.byOrg.filter((o) => o.source === 'data').map((o) => (
          <div key={o.orgId} className="pl-pooled-org" data-testid="org-top-suppliers" data-org-id={o.orgId}>
            <strong>{orgOf(o.orgId)?.shortName ?? o.orgId}</strong>{' '}
            <button type="button" className="pl-figure-button" onClick={() => onTrace(o.orgId)}><span className="pl-figure-amount">{money(o.totalPence)}</span></button>{' '}
            <span className="pl-muted-small">{o.suppliers} suppliers · {o.periodLabel}</span>
            <ol>
              {o.topSuppliers.map((s) => <li key={s.key}>{s.name} <span className="pl-muted-small">{compact(s.totalPence)}</span></li>)}
            </ol>
          </div>
        ))}
      </div>
    </>
  )
}

/** The lines behind one body's figure, or why they cannot be shown. */
function LinesPanel({ spend, trace, onClose }: { spend: BoardSpend; trace: { categoryId: string; orgId: string; supplierKey?: string }; onClose(): void }) {
  const planning = usePlanning()
  const org = spend.orgs.find((o) => o.orgId === trace.orgId)
  const category = spend.categories.find((c) => c.categoryId === trace.categoryId)
  const [lines, setLines] = useState<BoardSpendLines | null>(null)
  const [error, setError] = useState<string | null>(null)
  const cell = category?.byOrg.find((o) => o.orgId === trace.orgId)
  const isHand = cell?.source !== 'data'
  const canSee = org?.canSeeLines === true
  const key = useMemo(() => JSON.stringify(trace), [trace])
  useEffect(() => {
    setLines(null)
    setError(null)
    if (isHand || !canSee) return
    const controller = new AbortController()
    getBoardSpendLines(planning.boardId, { ...trace, limit: 50 }, controller.signal).then(setLines, (e: unknown) => !controller.signal.aborted && setError(describeError(e)))
    return () => controller.abort()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the trace's content
  }, [key, isHand, canSee, planning.boardId])
  const who = org?.name ?? trace.orgId
  return (
    <section className="pl-section pl-lines" data-testid="lines-panel" data-org-id={trace.orgId}>
      <div className="pl-pooled-head">
        <h3>Lines: {org?.shortName ?? trace.orgId} · {category?.name ?? trace.categoryId}{trace.supplierKey ? ` · ${category?.suppliers.find((s) => s.key === trace.supplierKey)?.name ?? category?.shared.suppliers.find((s) => s.key === trace.supplierKey)?.name ?? 'one supplier'}` : ''}</h3>
        <button type="button" className="pl-close" aria-label="Close lines" onClick={onClose}>×</button>
      </div>
      {isHand ? (
        <p data-testid="lines-hand">This figure was entered by hand on the board: {who} has not imported spend data, so there are no lines behind it.</p>
      ) : !canSee ? (
        <p data-testid="lines-not-shared">Line detail not shared by {who}. Its figure comes from its own data ({cell?.periodLabel}); an administrator of {who} can share the lines with this board.</p>
      ) : error ? (
        <p className="field-error" role="alert">{error}</p>
      ) : !lines ? (
        <p className="pl-muted-small">Loading lines…</p>
      ) : (
        <>
          <p className="pl-muted-small" data-testid="lines-total" data-total={lines.total} data-pence={lines.totalPence}>
            {lines.total.toLocaleString('en-GB')} line{lines.total === 1 ? '' : 's'}, {money(lines.totalPence)} · {lines.periodLabel}{lines.total > lines.lines.length ? ` · the ${lines.lines.length} largest shown` : ''}
          </p>
          <div className="pl-table-wrap">
            <table className="pl-table">
              <thead><tr><th>Date</th><th>Supplier</th><th>Purpose</th><th>Code</th><th className="pl-num">Amount</th><th>Source</th></tr></thead>
              <tbody>
                {lines.lines.map((l) => (
                  <tr key={`${l.fileId}:${l.sheet ?? ''}:${l.line}`} data-testid="line-row">
                    <td>{l.date ? formatDate(l.date) : '—'}</td>
                    <td>{l.supplierName}</td>
                    <td>{l.purpose ?? ''}</td>
                    <td>{l.proclassCode ?? ''}</td>
                    <td className="pl-num">{money(l.amountPence)}</td>
                    <td className="pl-muted-small">{l.filename}{l.sheet ? ` › ${l.sheet}` : ''}, line {l.line}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
