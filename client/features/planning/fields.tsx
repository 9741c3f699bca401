/**
 * Small form controls for the planning panel: text fields that save when you leave them or press Enter (and show
 * what the document refused), money fields in pounds, and the 1–5 score picker with its scoring questions.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react'
import type { ScoringQuestion } from '../../../shared/domain/kraljic'
import type { Pence } from '../../../shared/domain/money'
import { moneyInputValue, parseMoneyInput } from '../../ui/format'

/** The result shape every planning writer returns (simplified for display). */
export type WriteOutcome = { ok: true } | { ok: false; error: { message: string } }

export function Field({ label, hint, children, error }: { label: string; hint?: string; children: (id: string) => ReactNode; error?: string | null }) {
  const id = useId()
  return (
    <div className="pl-field">
      <label className="pl-label" htmlFor={id}>{label}</label>
      {children(id)}
      {hint && !error && <p className="pl-hint">{hint}</p>}
      {error && <p className="field-error pl-error" role="alert">{error}</p>}
    </div>
  )
}

/**
 * Keeps a field showing what was just written until the document reflects it. Without this, the stored value (one
 * frame behind) would reset the field to the old text, and a blur a moment later would write the old text back.
 * A different value from someone else still replaces the field.
 */
function usePendingWrite(value: string, isDirty: boolean, setDraft: (v: string) => void) {
  const pending = useRef<{ written: string; before: string } | null>(null)
  useEffect(() => {
    if (isDirty) return
    const p = pending.current
    if (p !== null) {
      if (value === p.before) return
      pending.current = null
    }
    setDraft(value)
  }, [value, isDirty, setDraft])
  return pending
}

/** A text input that writes on blur or Enter; reverts to the stored value if the write is refused. */
export function CommitText({ id, value, onCommit, disabled, multiline, placeholder, ariaLabel }: { id?: string; value: string; onCommit(next: string): WriteOutcome; disabled: boolean; multiline?: boolean; placeholder?: string; ariaLabel?: string }) {
  const [draft, setDraft] = useState(value)
  const [isDirty, setIsDirty] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const pending = usePendingWrite(value, isDirty, setDraft)
  const commit = () => {
    setIsDirty(false)
    if (draft === value) return
    const result = onCommit(draft)
    if (!result.ok) {
      setError(result.error.message)
      setDraft(value)
    } else {
      pending.current = { written: draft, before: value }
      setError(null)
    }
  }
  const common = {
    id,
    value: draft,
    disabled,
    placeholder,
    'aria-label': ariaLabel,
    className: `text-input pl-input${multiline ? ' pl-textarea' : ''}`,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value)
      setIsDirty(true)
    },
    onBlur: commit,
  }
  return (
    <>
      {multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input
          {...common}
          type="text"
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit()
            if (e.key === 'Escape') {
              setDraft(value)
              setIsDirty(false)
            }
          }}
        />
      )}
      {error && <p className="field-error pl-error" role="alert">{error}</p>}
    </>
  )
}

/** A pounds input that writes exact pence on blur or Enter; bad input is refused with a clear message. */
export function CommitMoney({ id, value, onCommit, disabled, ariaLabel }: { id?: string; value: Pence; onCommit(next: Pence): WriteOutcome; disabled: boolean; ariaLabel?: string }) {
  const [draft, setDraft] = useState(moneyInputValue(value))
  const [isDirty, setIsDirty] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const shown = moneyInputValue(value)
  const pending = usePendingWrite(shown, isDirty, setDraft)
  const commit = () => {
    const parsed = parseMoneyInput(draft, { allowEmpty: true })
    if (!parsed.ok) {
      setError(parsed.error.message)
      return
    }
    setIsDirty(false)
    setError(null)
    if (parsed.value === value) return setDraft(moneyInputValue(value))
    const result = onCommit(parsed.value)
    if (!result.ok) setError(result.error.message)
    else pending.current = { written: moneyInputValue(parsed.value), before: shown }
  }
  return (
    <>
      <span className="pl-money">
        <span aria-hidden="true">£</span>
        <input
          id={id}
          className="text-input pl-input"
          inputMode="decimal"
          value={draft}
          disabled={disabled}
          aria-label={ariaLabel}
          aria-invalid={error !== null}
          onChange={(e) => {
            setDraft(e.target.value)
            setIsDirty(true)
          }}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      </span>
      {error && <p className="field-error pl-error" role="alert">{error}</p>}
    </>
  )
}

/** 1–5 buttons for a Kraljic score, with the scoring questions that guide it. */
export function ScorePicker({ label, value, questions, onChange, disabled, testId }: { label: string; value: number | undefined; questions: readonly ScoringQuestion[]; onChange(score: number | undefined): void; disabled: boolean; testId: string }) {
  return (
    <div className="pl-score" data-testid={testId}>
      <div className="pl-score-row">
        <span className="pl-label">{label}</span>
        <div className="pl-segmented pl-score-buttons" role="radiogroup" aria-label={label}>
          {[1, 2, 3, 4, 5].map((n) => (
            <button key={n} type="button" role="radio" aria-checked={value === n} disabled={disabled} onClick={() => onChange(value === n ? undefined : n)} title={n <= 2 ? 'Low' : 'High'}>
              {n}
            </button>
          ))}
        </div>
      </div>
      <details className="pl-questions">
        <summary>Scoring questions (1 = low, 5 = high; 3 or more counts as high)</summary>
        <ol>
          {questions.map((q) => (
            <li key={q.id}>
              {q.text}
              <span className="pl-muted-small"> 1: {q.low} · 5: {q.high}</span>
            </li>
          ))}
        </ol>
      </details>
    </div>
  )
}
