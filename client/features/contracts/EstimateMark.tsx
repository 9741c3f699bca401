/**
 * The "est." mark beside an estimated date: a small button whose tooltip gives the basis and which, pressed (mouse or
 * keyboard), shows the basis under the date for people who cannot hover.
 */
import { useId, useState } from 'react'

export function EstimateMark({ basis }: { basis: string }) {
  const [isOpen, setIsOpen] = useState(false)
  const id = useId()
  return (
    <>
      {' '}
      <button type="button" className="ct-est" title={basis} aria-expanded={isOpen} aria-controls={id} aria-label="Estimated date: how it was found" onClick={() => setIsOpen((v) => !v)}>
        est.
      </button>
      {isOpen && <span id={id} className="muted sd-small sd-block ct-basis" data-testid="estimate-basis">{basis}</span>}
    </>
  )
}
