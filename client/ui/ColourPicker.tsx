/** Organisation colour: a row of calm, readable defaults plus a custom colour, as a labelled radio group. */
import { useId } from 'react'
import './ui.css'

/** Distinguishable colours that carry white text well (cursor labels, badges). */
export const ORG_COLOUR_DEFAULTS = [
  { value: '#1d4e89', name: 'Navy' },
  { value: '#0f7c8c', name: 'Teal' },
  { value: '#2f7d4f', name: 'Green' },
  { value: '#7a4fa3', name: 'Purple' },
  { value: '#b5432b', name: 'Brick' },
  { value: '#a86b00', name: 'Amber' },
  { value: '#c2367a', name: 'Magenta' },
  { value: '#4a5a6a', name: 'Slate' },
] as const

interface Props {
  value: string
  onChange(colour: string): void
  label?: string
  error?: string | undefined
}

export function ColourPicker({ value, onChange, label = 'Colour', error }: Props) {
  const id = useId()
  const lower = value.toLowerCase()
  const isCustom = !ORG_COLOUR_DEFAULTS.some((c) => c.value === lower)
  return (
    <fieldset className="form-field colour-picker" aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field-label">{label}</legend>
      <div className="colour-swatches" role="radiogroup" aria-label={label}>
        {ORG_COLOUR_DEFAULTS.map((colour) => (
          <label key={colour.value} className="colour-swatch" title={colour.name}>
            <input
              type="radio"
              name={`${id}-colour`}
              value={colour.value}
              checked={lower === colour.value}
              onChange={() => onChange(colour.value)}
              aria-label={colour.name}
            />
            <span style={{ backgroundColor: colour.value }} aria-hidden="true" />
          </label>
        ))}
        <label className="colour-custom" title="Choose another colour">
          <input type="color" value={/^#[0-9a-f]{6}$/i.test(value) ? value : '#1d4e89'} onChange={(e) => onChange(e.target.value)} aria-label="Custom colour" />
          <span className={isCustom ? 'colour-custom-label is-selected' : 'colour-custom-label'}>Other…</span>
        </label>
      </div>
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
    </fieldset>
  )
}
