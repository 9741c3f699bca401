/**
 * `/forward-plan`: every upcoming contract expiry and planned procurement of the bodies on this Pooled, by quarter
 * (issue 12), filtered by body and category, with the latest date to start a joint procurement and the other bodies
 * whose contracts of the same kind end about then. Downloads: the plan as CSV, and the pipeline notice data
 * (Procurement Act 2023) of the reader's own organisation.
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react'
import { describeError } from '../../api/client'
import { forwardPlanCsvUrl, getForwardPlan, getPipelineNotice, pipelineNoticeUrl, type ForwardPlan, type ForwardPlanRow, type PipelineNotice } from '../../api/contracts'
import { AppHeader } from '../../app/AppHeader'
import { Link } from '../../app/Link'
import { COLLABORATION_HREF, CONTRACTS_HREF } from '../../app/router'
import { formatDate, todayIso } from '../../ui/format'
import { useSession } from '../auth/session'
import { plural } from '../spend/spend-format'
import { EstimateMark } from './EstimateMark'
import { filterPlan, formatValue, groupByQuarter, optionsOf } from './contracts-format'
import '../spend/spend.css'
import './contracts.css'

const HORIZONS = [12, 24, 36, 60] as const
export const DEFAULT_PLAN_MONTHS = 36

type LoadState = { kind: 'loading' } | { kind: 'ready'; plan: ForwardPlan } | { kind: 'error'; message: string }

export function ForwardPlanPage() {
  const session = useSession()
  const [months, setMonths] = useState<number>(DEFAULT_PLAN_MONTHS)
  const [orgFilter, setOrgFilter] = useState('')
  const [cpvFilter, setCpvFilter] = useState('')
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })
  const monthsId = useId()
  const orgFilterId = useId()
  const cpvFilterId = useId()

  const reload = useCallback((m: number, signal?: AbortSignal) => {
    setLoad({ kind: 'loading' })
    getForwardPlan(m, signal).then(
      (plan) => setLoad({ kind: 'ready', plan }),
      (error: unknown) => !signal?.aborted && setLoad({ kind: 'error', message: describeError(error) }),
    )
  }, [])

  useEffect(() => {
    document.title = 'Forward plan · Pooled'
  }, [])
  useEffect(() => {
    const controller = new AbortController()
    reload(months, controller.signal)
    return () => controller.abort()
  }, [reload, months])

  const rows = load.kind === 'ready' ? load.plan.rows : []
  const bodies = useMemo(() => optionsOf(rows, (r) => r.orgId, (r) => r.orgName), [rows])
  const categories = useMemo(() => optionsOf(rows, (r) => r.cpvGroup, (r) => `${r.category} (${r.cpvGroup})`), [rows])
  const shown = useMemo(() => filterPlan(rows, { orgId: orgFilter, cpvGroup: cpvFilter }), [rows, orgFilter, cpvFilter])
  const groups = useMemo(() => groupByQuarter(shown), [shown])
  const today = todayIso()

  if (session.status !== 'signed-in') return null
  const myOrg = session.organisation
  return (
    <div className="page">
      <AppHeader>
        <Link href={COLLABORATION_HREF} className="button button-secondary button-small">Collaboration</Link>
        <Link href={CONTRACTS_HREF} className="button button-secondary button-small">Contracts</Link>
        <Link href="/" className="button button-secondary button-small">Boards</Link>
      </AppHeader>
      <main className="content sd-content" data-testid="forward-plan-page">
        <div className="page-heading">
          <h1>Forward plan</h1>
          <p className="muted">
            Contracts that end soon, and procurements planned, of the bodies you work with: {myOrg.name} and the organisations on your boards, by quarter. “Start by” is the latest date to begin a joint
            procurement so that a new contract is in place when the old one ends
            {load.kind === 'ready' ? ` (the end less ${plural(load.plan.leadTimeMonths, 'month')} for the procurement)` : ''}. Ends marked “est.” are
            estimates from the notice’s wording or the usual term for that kind of contract. Source: the contract notices and registers each body imported.
          </p>
        </div>
        <div className="card ct-controls" role="group" aria-label="What to show">
          <div>
            <label className="field-label" htmlFor={monthsId}>Looking ahead</label>
            <select id={monthsId} className="text-input" value={months} onChange={(e) => setMonths(Number(e.target.value))}>
              {HORIZONS.map((h) => <option key={h} value={h}>{h} months</option>)}
            </select>
          </div>
          <div>
            <label className="field-label" htmlFor={orgFilterId}>Body</label>
            <select id={orgFilterId} className="text-input" value={orgFilter} onChange={(e) => setOrgFilter(e.target.value)}>
              <option value="">All bodies</option>
              {bodies.map((b) => <option key={b.value} value={b.value}>{b.label}</option>)}
            </select>
          </div>
          <div>
            <label className="field-label" htmlFor={cpvFilterId}>Category</label>
            <select id={cpvFilterId} className="text-input ct-select-wide" value={cpvFilter} onChange={(e) => setCpvFilter(e.target.value)}>
              <option value="">All categories</option>
              {categories.map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
            </select>
          </div>
          <div className="ct-pair-actions">
            <a className="button button-secondary" href={forwardPlanCsvUrl(months)} download>Download CSV</a>
          </div>
        </div>
        <PipelineNoticeCard orgId={myOrg.id} orgName={myOrg.name} shortName={myOrg.shortName} />
        {load.kind === 'loading' && <p className="muted" role="status">Loading the forward plan…</p>}
        {load.kind === 'error' && (
          <div className="notice notice-error" role="alert">
            <span>Could not load the forward plan: {load.message}</span>
            <button type="button" className="button button-secondary button-small" onClick={() => reload(months)}>Try again</button>
          </div>
        )}
        {load.kind === 'ready' && rows.length === 0 && (
          <div className="empty-state" data-testid="plan-empty">
            <p><strong>Nothing in the forward plan yet.</strong></p>
            <p className="muted">
              It lists contracts ending from {formatDate(load.plan.from)} to {formatDate(load.plan.to)}. Import your organisation’s contract notices or register on the{' '}
              <Link href={CONTRACTS_HREF}>Contracts</Link> page. Partners’ contracts appear once you share a board with them: the{' '}
              <Link href={COLLABORATION_HREF}>Collaboration</Link> page suggests whom to work with.
            </p>
          </div>
        )}
        {load.kind === 'ready' && rows.length > 0 && (
          <>
            <p className="muted sd-small" role="status" data-testid="plan-count">
              {plural(shown.length, 'contract')} ending from {formatDate(load.plan.from)} to {formatDate(load.plan.to)}
              {shown.length !== rows.length ? ` (of ${rows.length})` : ''}
            </p>
            {groups.map((g) => (
              <section key={g.quarter} className="card" aria-labelledby={`q-${g.quarter}`} data-testid="plan-quarter" data-quarter={g.quarter}>
                <h2 id={`q-${g.quarter}`} className="card-title ct-quarter-title">
                  {g.label} <span className="muted">{plural(g.rows.length, 'contract')}</span>
                </h2>
                <div className="sd-table-wrap">
                  <table className="sd-table ct-table ct-plan-table" aria-label={`Forward plan, ${g.label}`}>
                    <colgroup>
                      <col className="ct-col-body" />
                      <col className="ct-col-contract" />
                      <col className="ct-col-category" />
                      <col className="ct-col-date" />
                      <col className="ct-col-date" />
                      <col className="ct-col-aligned" />
                    </colgroup>
                    <thead>
                      <tr>
                        <th scope="col">Body</th>
                        <th scope="col">Contract</th>
                        <th scope="col">Category</th>
                        <th scope="col">Ends</th>
                        <th scope="col">Start by</th>
                        <th scope="col">Others ending then</th>
                      </tr>
                    </thead>
                    <tbody>
                      {g.rows.map((r, i) => <PlanRow key={`${r.contractId ?? r.noticeId ?? r.title}-${i}`} row={r} today={today} />)}
                    </tbody>
                  </table>
                </div>
              </section>
            ))}
          </>
        )}
      </main>
    </div>
  )
}

function PlanRow({ row, today }: { row: ForwardPlanRow; today: string }) {
  const isLate = row.latestStart < today
  return (
    <tr data-testid="plan-row">
      <td>{row.orgName}</td>
      <th scope="row" className="ct-title-cell">
        {row.title}
        <span className="muted sd-small sd-block">
          {row.kind === 'planned' ? 'Planned procurement' : row.supplier ? `Supplier: ${row.supplier}` : 'Supplier not published'}
          {row.valuePence !== null && ` · ${formatValue(row.valuePence)}`}
        </span>
      </th>
      <td>{row.category} <span className="muted sd-small">(CPV {row.cpvGroup})</span></td>
      <td className="ct-date">
        {formatDate(row.date)}
        {row.dateIsEstimated && <EstimateMark basis={row.basis} />}
      </td>
      <td className="ct-date">
        <span className={isLate ? 'ct-overdue' : undefined}>{formatDate(row.latestStart)}</span>
        {isLate && <span className="sd-small sd-block ct-overdue">already passed</span>}
      </td>
      <td>
        {row.alignedWith.length > 0 ? (
          <span className="ct-chips">{row.alignedWith.map((n) => <span key={n} className="ct-chip">{n}</span>)}</span>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
    </tr>
  )
}

type PipelineState = { kind: 'loading' } | { kind: 'ready'; notice: PipelineNotice } | { kind: 'error'; message: string }

/** The reader's own organisation's pipeline notice (Procurement Act 2023 s.93): when, what period, how many contracts, and the data to download. */
function PipelineNoticeCard({ orgId, orgName, shortName }: { orgId: string; orgName: string; shortName: string }) {
  const [state, setState] = useState<PipelineState>({ kind: 'loading' })
  useEffect(() => {
    const controller = new AbortController()
    getPipelineNotice(orgId, controller.signal).then(
      (notice) => setState({ kind: 'ready', notice }),
      (error: unknown) => !controller.signal.aborted && setState({ kind: 'error', message: describeError(error) }),
    )
    return () => controller.abort()
  }, [orgId])
  return (
    <section className="card" aria-labelledby="ct-pipeline-heading" data-testid="pipeline-notice">
      <h2 id="ct-pipeline-heading" className="card-title">Pipeline notice for {orgName}</h2>
      {state.kind === 'loading' && <p className="muted" role="status">Working out the pipeline notice…</p>}
      {state.kind === 'error' && <p className="field-error" role="alert">Could not work out the pipeline notice: {state.message}</p>}
      {state.kind === 'ready' && (
        <>
          <p className="sd-paragraph">
            A body that expects to spend over £100m in a financial year publishes a pipeline notice of its contracts over {formatValue(state.notice.thresholdPence)}.
            For {state.notice.financialYear} it is due by <strong>{formatDate(state.notice.publishBy)}</strong> and covers tenders from {formatDate(state.notice.period.from)} to{' '}
            {formatDate(state.notice.period.to)}: <strong data-testid="pipeline-count">{plural(state.notice.contracts.length, 'contract')}</strong> of {orgName} to include
            {state.notice.toReview.length > 0 && <>, and {plural(state.notice.toReview.length, 'contract')} to check (no published value, or close to the threshold)</>}.
          </p>
          {state.notice.contracts.length + state.notice.toReview.length > 0 && (
            <details className="ct-details">
              <summary>The contracts ({state.notice.contracts.length + state.notice.toReview.length})</summary>
              <div className="sd-table-wrap ct-space-top">
                <table className="sd-table" aria-label={`Pipeline notice contracts of ${orgName}`}>
                  <thead>
                    <tr>
                      <th scope="col">Contract</th>
                      <th scope="col" className="sd-num">Estimated value</th>
                      <th scope="col">Tender notice by</th>
                      <th scope="col">In the notice?</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...state.notice.contracts.map((e) => ({ e, isIn: true })), ...state.notice.toReview.map((e) => ({ e, isIn: false }))].map(({ e, isIn }, i) => (
                      <tr key={`${e.contractId ?? e.noticeId ?? e.title}-${i}`}>
                        <td>
                          {e.title}
                          <span className="muted sd-small sd-block">{e.description}{e.currentSupplier ? ` · now ${e.currentSupplier}` : ''}</span>
                        </td>
                        <td className="sd-num">{formatValue(e.estimatedValuePence)}<span className="muted sd-small sd-block">{e.valueNote}</span></td>
                        <td className="ct-date">{formatDate(e.estimatedNoticeDate)}{e.dateIsEstimated && <span className="muted sd-small sd-block">from an estimated end</span>}</td>
                        <td>{isIn ? 'Yes' : 'To check'}<span className="muted sd-small sd-block">{e.reason}</span></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          )}
          <details className="ct-details">
            <summary>What this assumes</summary>
            <ul className="ct-inline-list">
              {state.notice.notes.map((n) => <li key={n}>{n}</li>)}
            </ul>
          </details>
          <div className="ct-pair-actions ct-space-top">
            <a className="button button-secondary" href={pipelineNoticeUrl(orgId)} download={`pipeline-notice-${shortName || 'organisation'}-${state.notice.financialYear}.json`}>
              Pipeline notice data ({orgName}, JSON)
            </a>
          </div>
        </>
      )}
    </section>
  )
}
