/** A small modal that asks for the name other participants will see next to your cursor. */
import { useId, useState, type FormEvent } from 'react'
import { DISPLAY_NAME_MAX_CHARS } from './display-name'

interface Props {
  initialName?: string
  onSubmit(name: string): void
  onCancel?: () => void
}

export function DisplayNameDialog({ initialName = '', onSubmit, onCancel }: Props) {
  const [name, setName] = useState(initialName)
  const inputId = useId()
  const trimmed = name.trim()
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (trimmed !== '') onSubmit(trimmed)
  }
  return (
    <div className="modal-backdrop" role="presentation">
      <form className="modal" role="dialog" aria-modal="true" aria-labelledby={`${inputId}-title`} onSubmit={submit}>
        <h2 id={`${inputId}-title`}>What should we call you?</h2>
        <p className="muted">Others on the board see this name next to your cursor. You can change it later.</p>
        <label className="field-label" htmlFor={inputId}>Your name</label>
        <input
          id={inputId}
          className="text-input"
          name="displayName"
          autoFocus
          autoComplete="name"
          maxLength={DISPLAY_NAME_MAX_CHARS}
          placeholder="e.g. Sam Patel, Leeds City Council"
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <div className="modal-actions">
          {onCancel && (
            <button type="button" className="button button-secondary" onClick={onCancel}>Cancel</button>
          )}
          <button type="submit" className="button button-primary" disabled={trimmed === ''}>Continue</button>
        </div>
      </form>
    </div>
  )
}
