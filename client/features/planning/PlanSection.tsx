/**
 * The demand challenge and output-based specification (current requirement, need versus want, outcome, output
 * measures) and the plan: objectives, milestones with owner and date, savings target, route, and governance as a
 * RACI grid across the organisations taking part (each activity needs exactly one Accountable body).
 */
import { useState } from 'react'
import { updateCategoryField } from '../../../shared/doc/planning-writers'
import type { CategoryView } from '../../../shared/doc/planning-view'
import type { Plan, Raci, Specification } from '../../../shared/domain/category-plan'
import { isValidIsoDate, type IsoDate } from '../../../shared/domain/dates'
import { PROCUREMENT_ROUTES, type ProcurementRoute } from '../../../shared/domain/procurement-route'
import { CommitMoney, CommitText, Field, type WriteOutcome } from './fields'
import { ROUTE_LABELS } from '../../../shared/domain/labels'
import { formatDate } from '../../ui/format'
import { OrgBadge } from './OrgSpendSection'
import { usePlanning } from './PlanningContext'

export function SpecificationSection({ category }: { category: CategoryView }) {
  const planning = usePlanning()
  const doc = planning.boardDoc
  const disabled = !planning.canEditBoard || !doc
  const spec = category.specification
  const write = (patch: Partial<Specification>): WriteOutcome => (doc ? updateCategoryField(doc, category.id, 'specification', { ...spec, ...patch }) : { ok: false, error: { message: 'Not connected.' } })
  return (
    <section className="pl-section" aria-labelledby="pl-spec-h">
      <h3 id="pl-spec-h">Demand challenge and specification</h3>
      <Field label="What we buy today">{(id) => <CommitText id={id} multiline value={spec.currentRequirement} disabled={disabled} onCommit={(v) => write({ currentRequirement: v })} />}</Field>
      <div className="pl-grid-2">
        <Field label="Need (must have)">{(id) => <CommitText id={id} multiline value={spec.need} disabled={disabled} onCommit={(v) => write({ need: v })} />}</Field>
        <Field label="Want (nice to have: challenge it)">{(id) => <CommitText id={id} multiline value={spec.want} disabled={disabled} onCommit={(v) => write({ want: v })} />}</Field>
      </div>
      <Field label="Outcome needed">{(id) => <CommitText id={id} multiline value={spec.outcome} disabled={disabled} onCommit={(v) => write({ outcome: v })} />}</Field>
      <Field label="Output measures" hint="One per line: how delivery of the outcome will be measured">
        {(id) => <CommitText id={id} multiline value={spec.outputMeasures.join('\n')} disabled={disabled} onCommit={(v) => write({ outputMeasures: v.split('\n').map((s) => s.trim()).filter((s) => s !== '') })} />}
      </Field>
    </section>
  )
}

export function PlanSection({ category }: { category: CategoryView }) {
  const planning = usePlanning()
  const doc = planning.boardDoc
  const disabled = !planning.canEditBoard || !doc
  const plan = category.plan
  const write = (patch: Partial<Plan>): WriteOutcome => (doc ? updateCategoryField(doc, category.id, 'plan', { ...plan, ...patch }) : { ok: false, error: { message: 'Not connected.' } })
  const [milestone, setMilestone] = useState({ title: '', owner: '', due: '' })
  const [milestoneError, setMilestoneError] = useState<string | null>(null)
  const [activity, setActivity] = useState('')
  const raciOrgs = category.orgs.filter((o) => o.hasEntry).map((o) => o.org)

  const addMilestone = () => {
    if (milestone.title.trim() === '') return setMilestoneError('Give the milestone a title.')
    if (!isValidIsoDate(milestone.due)) return setMilestoneError('Choose a due date.')
    const result = write({ milestones: [...plan.milestones, { title: milestone.title, owner: milestone.owner, due: milestone.due as IsoDate }].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0)) })
    if (!result.ok) return setMilestoneError(result.error.message)
    setMilestone({ title: '', owner: '', due: '' })
    setMilestoneError(null)
  }

  const setRole = (rowIndex: number, orgId: string, role: Raci | '') => {
    const governance = plan.governance.map((row, i) => {
      if (i !== rowIndex) return row
      const assignments = { ...row.assignments } as Record<string, Raci>
      if (role === '') delete assignments[orgId]
      else assignments[orgId] = role
      return { ...row, assignments: assignments as typeof row.assignments }
    })
    write({ governance })
  }

  return (
    <section className="pl-section" aria-labelledby="pl-plan-h">
      <h3 id="pl-plan-h">Plan</h3>
      <Field label="Objectives" hint="One per line">
        {(id) => <CommitText id={id} multiline value={plan.objectives.join('\n')} disabled={disabled} onCommit={(v) => write({ objectives: v.split('\n').map((s) => s.trim()).filter((s) => s !== '') })} />}
      </Field>
      <div className="pl-grid-2">
        <Field label="Savings target (£ a year)">{(id) => <CommitMoney id={id} value={plan.savingsTarget} disabled={disabled} onCommit={(v) => write({ savingsTarget: v })} />}</Field>
        <Field label="Route">
          {(id) => (
            <select id={id} className="text-input pl-input" value={plan.route ?? ''} disabled={disabled} onChange={(e) => write(e.target.value === '' ? { route: undefined } : { route: e.target.value as ProcurementRoute })}>
              <option value="">Board default</option>
              {PROCUREMENT_ROUTES.map((r) => <option key={r} value={r}>{ROUTE_LABELS[r]}</option>)}
            </select>
          )}
        </Field>
      </div>

      <h4>Milestones</h4>
      {plan.milestones.length === 0 ? <p className="pl-muted-small">No milestones yet.</p> : (
        <ul className="pl-milestones">
          {plan.milestones.map((m, i) => (
            <li key={`${m.title}-${m.due}-${i}`}>
              <span className="pl-milestone-date">{formatDate(m.due)}</span>
              <span>{m.title}{m.owner && <span className="pl-muted-small"> · {m.owner}</span>}</span>
              {!disabled && <button type="button" className="pl-link-button pl-danger" onClick={() => write({ milestones: plan.milestones.filter((_, j) => j !== i) })}>Remove</button>}
            </li>
          ))}
        </ul>
      )}
      {!disabled && (
        <div className="pl-inline-add">
          <input className="text-input pl-input" placeholder="Milestone" aria-label="Milestone title" value={milestone.title} onChange={(e) => setMilestone({ ...milestone, title: e.target.value })} />
          <input className="text-input pl-input pl-input-short" placeholder="Owner" aria-label="Milestone owner" value={milestone.owner} onChange={(e) => setMilestone({ ...milestone, owner: e.target.value })} />
          <input className="text-input pl-input pl-input-date" type="date" aria-label="Milestone due date" value={milestone.due} onChange={(e) => setMilestone({ ...milestone, due: e.target.value })} />
          <button type="button" className="button button-secondary button-small" onClick={addMilestone}>Add</button>
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
            {plan.governance.map((row, i) => {
              const accountable = Object.values(row.assignments).filter((r) => r === 'A').length
              return (
                <tr key={`${row.activity}-${i}`}>
                  <td>
                    {row.activity}
                    {accountable !== 1 && <div className="pl-warn">Needs exactly one A (has {accountable})</div>}
                  </td>
                  {raciOrgs.map((o) => (
                    <td key={o.id}>
                      <select className="pl-raci-select" aria-label={`${o.shortName} role in ${row.activity}`} value={(row.assignments as Record<string, Raci>)[o.id] ?? ''} disabled={disabled} onChange={(e) => setRole(i, o.id, e.target.value as Raci | '')}>
                        <option value="">–</option>
                        <option value="R">R</option>
                        <option value="A">A</option>
                        <option value="C">C</option>
                        <option value="I">I</option>
                      </select>
                    </td>
                  ))}
                  <td>{!disabled && <button type="button" className="pl-link-button pl-danger" aria-label={`Remove ${row.activity}`} onClick={() => write({ governance: plan.governance.filter((_, j) => j !== i) })}>×</button>}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {!disabled && raciOrgs.length > 0 && (
        <div className="pl-inline-add">
          <input className="text-input pl-input" placeholder="Activity, e.g. Approve the strategy" aria-label="New governance activity" value={activity} onChange={(e) => setActivity(e.target.value)} />
          <button type="button" className="button button-secondary button-small" disabled={activity.trim() === ''} onClick={() => { write({ governance: [...plan.governance, { activity: activity.trim(), assignments: {} }] }); setActivity('') }}>Add activity</button>
        </div>
      )}
      <p className="pl-muted-small">R Responsible · A Accountable (exactly one) · C Consulted · I Informed</p>
    </section>
  )
}
