/**
 * The demand challenge and output-based specification (current requirement, need versus want, outcome, output
 * measures) and the plan: objectives, milestones with owner and date, savings target, route, and governance as a
 * RACI grid across the organisations taking part (each activity needs exactly one Accountable body).
 */
import { useState } from 'react'
import { addMilestone, addRaciActivity, removePlanItem, setListLines, setPlanRoute, setRaciRole, setSavingsTarget, setSpecificationText, updateMilestone } from '../../../shared/doc/planning-writers'
import type { CategoryView } from '../../../shared/doc/planning-view'
import type { SpecTextField } from '../../../shared/doc/plan-layout'
import { incompleteWork } from '../../../shared/doc/planning-notes'
import type { Raci } from '../../../shared/domain/category-plan'
import { isValidIsoDate } from '../../../shared/domain/dates'
import { PROCUREMENT_ROUTES, type ProcurementRoute } from '../../../shared/domain/procurement-route'
import { CommitMoney, CommitText, Field, type WriteOutcome } from './fields'
import { ROUTE_LABELS } from '../../../shared/domain/labels'
import { formatDate } from '../../ui/format'
import { OrgBadge } from './OrgSpendSection'
import { usePlanning } from './PlanningContext'

const NOT_CONNECTED: WriteOutcome = { ok: false, error: { message: 'Not connected.' } }
const lines = (v: string) => v.split('\n').map((s) => s.trim()).filter((s) => s !== '')

/**
 * Each part is written on its own (one key per field, list item and RACI cell), so two people editing different
 * parts of the same card at once both keep their change.
 */
export function SpecificationSection({ category }: { category: CategoryView }) {
  const planning = usePlanning()
  const doc = planning.boardDoc
  const disabled = !planning.canEditBoard || !doc
  const spec = category.specification
  const text = (field: SpecTextField) => (v: string): WriteOutcome => (doc ? setSpecificationText(doc, category.id, field, v) : NOT_CONNECTED)
  return (
    <section className="pl-section" aria-labelledby="pl-spec-h">
      <h3 id="pl-spec-h">Demand challenge and specification</h3>
      <Field label="What we buy today">{(id) => <CommitText id={id} multiline value={spec.currentRequirement} disabled={disabled} onCommit={text('currentRequirement')} />}</Field>
      <div className="pl-grid-2">
        <Field label="Need (must have)">{(id) => <CommitText id={id} multiline value={spec.need} disabled={disabled} onCommit={text('need')} />}</Field>
        <Field label="Want (nice to have: challenge it)">{(id) => <CommitText id={id} multiline value={spec.want} disabled={disabled} onCommit={text('want')} />}</Field>
      </div>
      <Field label="Outcome needed">{(id) => <CommitText id={id} multiline value={spec.outcome} disabled={disabled} onCommit={text('outcome')} />}</Field>
      <Field label="Output measures" hint="One per line: how delivery of the outcome will be measured">
        {(id) => <CommitText id={id} multiline value={spec.outputMeasures.join('\n')} disabled={disabled} onCommit={(v) => (doc ? setListLines(doc, category.id, 'outputMeasures', lines(v)) : NOT_CONNECTED)} />}
      </Field>
    </section>
  )
}

/** A date input that writes when a full valid date is chosen (and on blur); an empty date is refused, not written. */
function CommitDate({ value, onCommit, disabled, ariaLabel }: { value: string; onCommit(next: string): WriteOutcome; disabled: boolean; ariaLabel: string }) {
  const [error, setError] = useState<string | null>(null)
  return (
    <>
      <input
        className="text-input pl-input pl-input-date"
        type="date"
        aria-label={ariaLabel}
        defaultValue={value}
        key={value}
        disabled={disabled}
        onBlur={(e) => {
          const next = e.target.value
          if (next === value) return setError(null)
          if (!isValidIsoDate(next)) {
            setError('Choose a date: a milestone needs one.')
            e.target.value = value
            return
          }
          const result = onCommit(next)
          setError(result.ok ? null : result.error.message)
        }}
      />
      {error && <p className="field-error pl-error" role="alert">{error}</p>}
    </>
  )
}

export function PlanSection({ category }: { category: CategoryView }) {
  const planning = usePlanning()
  const doc = planning.boardDoc
  const disabled = !planning.canEditBoard || !doc
  const plan = category.plan
  const [milestone, setMilestone] = useState({ title: '', owner: '', due: '' })
  const [milestoneError, setMilestoneError] = useState<string | null>(null)
  const [activity, setActivity] = useState('')
  const [rowError, setRowError] = useState<string | null>(null)
  const raciOrgs = category.orgs.filter((o) => o.hasEntry).map((o) => o.org)
  const notes = incompleteWork({ id: category.id, name: category.name, entries: category.orgs.filter((o) => o.hasEntry).map((o) => ({ orgId: o.org.id })), plan })
  const notesFor = (rowId: string | undefined) => notes.filter((n) => n.path === `plan.governance.${rowId ?? ''}`)

  const addOne = () => {
    if (!doc) return setMilestoneError('Not connected.')
    if (milestone.title.trim() === '') return setMilestoneError('Give the milestone a title.')
    if (!isValidIsoDate(milestone.due)) return setMilestoneError('Choose a due date.')
    const result = addMilestone(doc, category.id, { title: milestone.title, owner: milestone.owner, due: milestone.due })
    if (!result.ok) return setMilestoneError(result.error.message)
    setMilestone({ title: '', owner: '', due: '' })
    setMilestoneError(null)
  }
  const editMilestone = (id: string | undefined, patch: { title?: string; owner?: string; due?: string }): WriteOutcome => (doc && id ? updateMilestone(doc, category.id, id, patch) : NOT_CONNECTED)
  const show = (result: WriteOutcome) => setRowError(result.ok ? null : result.error.message)

  return (
    <section className="pl-section" aria-labelledby="pl-plan-h">
      <h3 id="pl-plan-h">Plan</h3>
      <Field label="Objectives" hint="One per line">
        {(id) => <CommitText id={id} multiline value={plan.objectives.join('\n')} disabled={disabled} onCommit={(v) => (doc ? setListLines(doc, category.id, 'objectives', lines(v)) : NOT_CONNECTED)} />}
      </Field>
      <div className="pl-grid-2">
        <Field label="Savings target (£ a year)">{(id) => <CommitMoney id={id} value={plan.savingsTarget} disabled={disabled} onCommit={(v) => (doc ? setSavingsTarget(doc, category.id, v) : NOT_CONNECTED)} />}</Field>
        <Field label="Route">
          {(id) => (
            <select id={id} className="text-input pl-input" value={plan.route ?? ''} disabled={disabled} onChange={(e) => doc && show(setPlanRoute(doc, category.id, e.target.value === '' ? undefined : (e.target.value as ProcurementRoute)))}>
              <option value="">Board default</option>
              {PROCUREMENT_ROUTES.map((r) => <option key={r} value={r}>{ROUTE_LABELS[r]}</option>)}
            </select>
          )}
        </Field>
      </div>

      <h4>Milestones</h4>
      {plan.milestones.length === 0 ? <p className="pl-muted-small">No milestones yet.</p> : (
        <ul className="pl-milestones" data-testid="milestones">
          {plan.milestones.map((m, i) => (
            <li key={m.id ?? i} data-milestone-id={m.id} className={disabled ? undefined : 'pl-milestone-edit'}>
              {disabled ? (
                <>
                  <span className="pl-milestone-date">{formatDate(m.due)}</span>
                  <span>{m.title}{m.owner && <span className="pl-muted-small"> · {m.owner}</span>}</span>
                </>
              ) : (
                <>
                  <CommitDate value={m.due} disabled={disabled} ariaLabel={`Due date of ${m.title}`} onCommit={(v) => editMilestone(m.id, { due: v })} />
                  <CommitText value={m.title} disabled={disabled} ariaLabel={`Milestone ${m.title}`} onCommit={(v) => editMilestone(m.id, { title: v })} />
                  <CommitText value={m.owner} disabled={disabled} placeholder="Owner" ariaLabel={`Owner of ${m.title}`} onCommit={(v) => editMilestone(m.id, { owner: v })} />
                  <button type="button" className="pl-link-button pl-danger" onClick={() => doc && m.id && show(removePlanItem(doc, category.id, 'milestones', m.id))}>Remove</button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {!disabled && (
        <div className="pl-inline-add">
          <input className="text-input pl-input" placeholder="Milestone" aria-label="Milestone title" value={milestone.title} onChange={(e) => setMilestone({ ...milestone, title: e.target.value })} />
          <input className="text-input pl-input pl-input-short" placeholder="Owner" aria-label="Milestone owner" value={milestone.owner} onChange={(e) => setMilestone({ ...milestone, owner: e.target.value })} />
          <input className="text-input pl-input pl-input-date" type="date" aria-label="Milestone due date" value={milestone.due} onChange={(e) => setMilestone({ ...milestone, due: e.target.value })} />
          <button type="button" className="button button-secondary button-small" onClick={addOne}>Add</button>
        </div>
      )}
      {milestoneError && <p className="field-error pl-error" role="alert">{milestoneError}</p>}

      <h4>Governance: who decides (RACI)</h4>
      {raciOrgs.length === 0 ? (
        <p className="pl-muted-small">Organisations appear here once they have entered figures for this category.</p>
      ) : (
        <table className="pl-table pl-raci">
          <thead>
            <tr>
              <th>Activity</th>
              {raciOrgs.map((o) => <th key={o.id}><OrgBadge org={o} /></th>)}
              <th />
            </tr>
          </thead>
          <tbody>
            {plan.governance.map((row, i) => (
              <tr key={row.id ?? i} data-raci-row={row.id}>
                <td>
                  {row.activity}
                  {notesFor(row.id).map((n) => <div key={n.message} className="pl-incomplete" data-testid="incomplete-note">{n.message}</div>)}
                </td>
                {raciOrgs.map((o) => (
                  <td key={o.id}>
                    <select className="pl-raci-select" aria-label={`${o.shortName} role in ${row.activity}`} value={(row.assignments as Record<string, Raci>)[o.id] ?? ''} disabled={disabled} onChange={(e) => doc && row.id && show(setRaciRole(doc, category.id, row.id, o.id, e.target.value === '' ? undefined : (e.target.value as Raci)))}>
                      <option value="">–</option>
                      <option value="R">R</option>
                      <option value="A">A</option>
                      <option value="C">C</option>
                      <option value="I">I</option>
                    </select>
                  </td>
                ))}
                <td>{!disabled && <button type="button" className="pl-link-button pl-danger" aria-label={`Remove ${row.activity}`} onClick={() => doc && row.id && show(removePlanItem(doc, category.id, 'governance', row.id))}>×</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!disabled && raciOrgs.length > 0 && (
        <div className="pl-inline-add">
          <input className="text-input pl-input" placeholder="Activity, e.g. Approve the strategy" aria-label="New governance activity" value={activity} onChange={(e) => setActivity(e.target.value)} />
          <button type="button" className="button button-secondary button-small" disabled={activity.trim() === ''} onClick={() => { if (doc) show(addRaciActivity(doc, category.id, activity.trim())); setActivity('') }}>Add activity</button>
        </div>
      )}
      {rowError && <p className="field-error pl-error" role="alert">{rowError}</p>}
      <p className="pl-muted-small">R Responsible · A Accountable (exactly one) · C Consulted · I Informed</p>
    </section>
  )
}
