/**
 * The board's stated planning assumptions, editable by any editor and shared by everyone: profit impact thresholds
 * (used to place pooled and alone spend on the matrix), the renewal window, lead times per route and the assumed
 * savings rate per quadrant. Every change is validated by the shared rules before it is written.
 */
import { useState } from 'react'
import { DEFAULT_PLANNING_SETTINGS, resetPlanningSettings, setPlanningSettings } from '../../../shared/doc/planning-writers'
import type { PlanningView } from '../../../shared/doc/planning-view'
import { KRALJIC_QUADRANTS } from '../../../shared/domain/kraljic'
import type { Pence } from '../../../shared/domain/money'
import { formatBps } from '../../../shared/domain/money'
import { PROCUREMENT_ROUTES } from '../../../shared/domain/procurement-route'
import { CommitMoney, CommitText, type WriteOutcome } from './fields'
import { QUADRANT_LABELS, ROUTE_LABELS } from '../../../shared/domain/labels'
import { useWriteStatus } from '../../sync/usePendingChanges'
import { usePlanning } from './PlanningContext'
import { SaveStatus } from './SaveStatus'

export function SettingsView({ view }: { view: PlanningView }) {
  const planning = usePlanning()
  const doc = planning.boardDoc
  const disabled = !planning.canEditBoard || !doc
  const [notice, setNotice] = useState<string | null>(null)
  const saved = useWriteStatus(doc)
  const s = view.settings
  const write = (patch: Parameters<typeof setPlanningSettings>[1]): WriteOutcome => {
    if (!doc) return { ok: false, error: { message: 'Not connected.' } }
    const result = setPlanningSettings(doc, patch)
    setNotice(null)
    if (result.ok) saved.markWritten()
    else saved.reset()
    return result
  }
  const wholeNumber = (text: string, min: number, max: number, what: string): number | string => {
    const t = text.trim()
    return /^\d{1,4}$/.test(t) && Number(t) >= min && Number(t) <= max ? Number(t) : `${what} must be a whole number from ${min} to ${max}.`
  }
  const percent = (text: string): number | string => {
    const m = /^(\d{1,3})(?:\.(\d{1,2}))?\s*%?$/.exec(text.trim())
    if (!m) return 'Type a percentage such as 8 or 7.5.'
    const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
    return bps <= 10000 ? bps : 'A rate cannot exceed 100%.'
  }
  const fail = (message: string): WriteOutcome => ({ ok: false, error: { message } })
  return (
    <div className="pl-settings" data-testid="planning-settings">
      {notice ? <p className="pl-saved" role="status">{notice}</p> : <SaveStatus status={saved.status} />}
      <section className="pl-section">
        <h3>Profit impact from annual spend</h3>
        <p className="pl-muted-small">Spend at or above each amount scores that profit impact; below the first it scores 1. Scores of 3 or more count as high.</p>
        <table className="pl-table">
          <tbody>
            {(['score2', 'score3', 'score4', 'score5'] as const).map((k) => (
              <tr key={k}>
                <th>Score {k.slice(-1)} from</th>
                <td><CommitMoney value={s.thresholds[k]} disabled={disabled} ariaLabel={`Profit impact score ${k.slice(-1)} threshold`} onCommit={(v: Pence) => write({ thresholds: { ...s.thresholds, [k]: v } })} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="pl-section">
        <h3>Renewals</h3>
        <label className="pl-field pl-inline-field">
          <span className="pl-label">Contracts end “together” within (months)</span>
          <CommitText value={String(s.renewal.windowMonths)} disabled={disabled} ariaLabel="Renewal window in months" onCommit={(v) => { const n = wholeNumber(v, 1, 120, 'The window'); return typeof n === 'string' ? fail(n) : write({ renewalWindowMonths: n }) }} />
        </label>
        <label className="pl-field pl-inline-field">
          <span className="pl-label">Default route</span>
          <select className="text-input pl-input" value={s.renewal.route} disabled={disabled} onChange={(e) => write({ defaultRoute: e.target.value as (typeof PROCUREMENT_ROUTES)[number] })}>
            {PROCUREMENT_ROUTES.map((r) => <option key={r} value={r}>{ROUTE_LABELS[r]}</option>)}
          </select>
        </label>
        <table className="pl-table">
          <thead><tr><th>Route</th><th>Lead time (months)</th></tr></thead>
          <tbody>
            {PROCUREMENT_ROUTES.map((r) => (
              <tr key={r}>
                <td>{ROUTE_LABELS[r]}</td>
                <td><CommitText value={String(s.renewal.leadTimes[r])} disabled={disabled} ariaLabel={`Lead time for ${ROUTE_LABELS[r]}`} onCommit={(v) => { const n = wholeNumber(v, 0, 60, 'A lead time'); return typeof n === 'string' ? fail(n) : write({ leadTimeMonths: { [r]: n } }) }} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="pl-section">
        <h3>Assumed savings from collaborating</h3>
        <p className="pl-muted-small">A share of combined annual spend, by pooled quadrant. These are planning assumptions, not evidence: state them when you report.</p>
        <table className="pl-table">
          <tbody>
            {KRALJIC_QUADRANTS.map((q) => (
              <tr key={q}>
                <th>{QUADRANT_LABELS[q]}</th>
                <td><CommitText value={formatBps(s.savingsRatesBps[q]).replace('%', '')} disabled={disabled} ariaLabel={`Savings rate for ${QUADRANT_LABELS[q]} (%)`} onCommit={(v) => { const n = percent(v); return typeof n === 'string' ? fail(n) : write({ savingsRatesBps: { [q]: n } }) }} /></td>
                <td className="pl-muted-small">%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {!disabled && (
        <button type="button" className="button button-secondary button-small" onClick={() => { if (doc) { resetPlanningSettings(doc); saved.markWritten(); setNotice(`Back to the defaults (e.g. ${DEFAULT_PLANNING_SETTINGS.renewal.windowMonths}-month window).`) } }}>
          Reset all to defaults
        </button>
      )}
    </div>
  )
}
