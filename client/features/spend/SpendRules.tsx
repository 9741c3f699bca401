/**
 * Classification rules: "Purpose … in unit … → ProClass code", matched exactly (ignoring case) on the purpose
 * (expense type) and unit (service area) columns of the files. A rule re-classifies past and future lines; the list
 * says how many payments and how much spend each rule covers when the server tells.
 */
import { useEffect, useId, useState, type FormEvent } from 'react'
import { NewClassificationRuleSchema, type ClassificationRule } from '../../../shared/schema/spend-api'
import type { TaxonomyEntry } from '../../../shared/taxonomy/search'
import { ApiError, describeError } from '../../api/client'
import { addRule, deleteRule, listRules } from '../../api/spend'
import { ProclassSearch, proclassLabel, useProclass } from './ProclassSearch'
import { formatSpend, plural, shortLabel } from './spend-format'

type LoadState = { kind: 'loading' } | { kind: 'ready'; rules: ClassificationRule[] } | { kind: 'unavailable' } | { kind: 'error'; message: string }

export function SpendRules({ orgId, reloadKey, onChanged }: { orgId: string; reloadKey: number; onChanged(): void }) {
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' })
  const [ownReload, setOwnReload] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    listRules(orgId, controller.signal).then(
      (rules) => setLoad({ kind: 'ready', rules }),
      (error: unknown) => {
        if (controller.signal.aborted) return
        // reason: the rule routes arrive separately from the upload routes; until then the page says so calmly.
        if (error instanceof ApiError && error.status === 404) setLoad({ kind: 'unavailable' })
        else setLoad({ kind: 'error', message: describeError(error) })
      },
    )
    return () => controller.abort()
  }, [orgId, reloadKey, ownReload])

  const changed = () => {
    setOwnReload((n) => n + 1)
    onChanged()
  }

  return (
    <section className="card" aria-labelledby="sd-rules-heading">
      <h2 id="sd-rules-heading" className="card-title">Rules</h2>
      <p className="muted sd-paragraph">
        A rule gives a ProClass category to every payment with a given purpose (expense type) and/or unit (service area or cost centre), as written in your files.
        For example: purpose <q>Private contractors</q> in unit <q>Children’s services</q> → 321115.
      </p>
      {load.kind === 'loading' && <p className="muted" role="status">Loading rules…</p>}
      {load.kind === 'unavailable' && <p className="muted" role="status">Rules are not available on this server yet.</p>}
      {load.kind === 'error' && (
        <div className="notice notice-error" role="alert">
          <span>Could not load rules: {load.message}</span>
          <button type="button" className="button button-secondary button-small" onClick={() => setOwnReload((n) => n + 1)}>Try again</button>
        </div>
      )}
      {load.kind === 'ready' && (
        <>
          {load.rules.length === 0 ? (
            <p className="muted">No rules yet.</p>
          ) : (
            <ul className="org-list sd-rules" aria-label="Rules">
              {load.rules.map((rule) => <RuleRow key={rule.id} orgId={orgId} rule={rule} onDeleted={changed} />)}
            </ul>
          )}
          <NewRuleForm orgId={orgId} onAdded={changed} />
        </>
      )}
    </section>
  )
}

function RuleRow({ orgId, rule, onDeleted }: { orgId: string; rule: ClassificationRule; onDeleted(): void }) {
  const taxonomy = useProclass()
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const label = proclassLabel(taxonomy, rule.proclassCode, rule.proclassLabel)
  const conditions = [
    rule.supplierKey ? `Supplier “${rule.supplierName ?? rule.supplierKey}”` : null,
    rule.purpose ? `Purpose “${rule.purpose}”` : null,
    rule.unit ? `${rule.purpose ? 'in unit' : 'Unit'} “${rule.unit}”` : null,
  ].filter((c) => c !== null)

  const remove = async () => {
    setIsBusy(true)
    setError(null)
    try {
      await deleteRule(orgId, rule.id)
      onDeleted()
    } catch (err) {
      setError(describeError(err))
      setIsBusy(false)
    }
  }

  return (
    <li className="org-row" data-rule-id={rule.id}>
      <div className="org-row-main">
        <span className="org-row-name">
          {conditions.join(' ')} → <span title={label ?? undefined}><span className="sd-code">{rule.proclassCode}</span> {shortLabel(label)}</span>
        </span>
        <span className="muted org-row-sub">
          {rule.transactions === 0 && 'Matches no payment in your files yet · '}
          {rule.transactions !== undefined && rule.transactions > 0 && `Covers ${plural(rule.transactions, 'payment')}${rule.totalPence !== undefined ? `, ${formatSpend(rule.totalPence)}` : ''} · `}
          added by {rule.createdBy}
        </span>
      </div>
      <button type="button" className="button button-danger-quiet button-small" disabled={isBusy} onClick={() => void remove()} aria-label={`Delete the rule ${conditions.join(' ')} → ${rule.proclassCode}`}>
        {isBusy ? 'Deleting…' : 'Delete'}
      </button>
      {error && <p className="field-error row-error" role="alert">{error}</p>}
    </li>
  )
}

function NewRuleForm({ orgId, onAdded }: { orgId: string; onAdded(): void }) {
  const taxonomy = useProclass()
  const [purpose, setPurpose] = useState('')
  const [unit, setUnit] = useState('')
  const [code, setCode] = useState<TaxonomyEntry | null>(null)
  const [isBusy, setIsBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const purposeId = useId()
  const unitId = useId()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const checked = NewClassificationRuleSchema.safeParse({
      ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
      ...(unit.trim() ? { unit: unit.trim() } : {}),
      proclassCode: code?.code ?? '',
    })
    if (!checked.success) {
      setError(!code ? 'Choose the ProClass category the rule gives.' : 'Type a purpose, a unit or both, as they are written in your files.')
      return
    }
    setIsBusy(true)
    setError(null)
    try {
      await addRule(orgId, checked.data)
      setPurpose('')
      setUnit('')
      setCode(null)
      onAdded()
    } catch (err) {
      setError(describeError(err))
    } finally {
      setIsBusy(false)
    }
  }

  return (
    <form className="sd-rule-form" onSubmit={(e) => void submit(e)} aria-label="New rule" noValidate>
      <h3 className="section-title">Add a rule</h3>
      <div className="sd-rule-grid">
        <label className="compact-field" htmlFor={purposeId}>
          <span>Purpose (expense type)</span>
          <input id={purposeId} className="text-input" value={purpose} maxLength={300} placeholder="e.g. Private contractors" onChange={(e) => setPurpose(e.target.value)} />
        </label>
        <label className="compact-field" htmlFor={unitId}>
          <span>in unit (service area)</span>
          <input id={unitId} className="text-input" value={unit} maxLength={300} placeholder="any unit" onChange={(e) => setUnit(e.target.value)} />
        </label>
      </div>
      <div className="sd-rule-code">
        {code ? (
          <p>
            → <span className="sd-code">{code.code}</span> {proclassLabel(taxonomy, code.code, code.label)}{' '}
            <button type="button" className="button button-secondary button-small" onClick={() => setCode(null)}>Change</button>
          </p>
        ) : (
          <ProclassSearch label="ProClass category for the rule" showLabel onPick={setCode} disabled={isBusy} />
        )}
      </div>
      <div className="org-form-actions">
        <button type="submit" className="button button-primary" disabled={isBusy}>{isBusy ? 'Adding…' : 'Add rule'}</button>
        {error && <span className="field-error" role="alert">{error}</span>}
      </div>
    </form>
  )
}
