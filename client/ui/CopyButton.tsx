/** Copy a link to the clipboard and say so for a moment; falls back to selecting the text when the clipboard is unavailable. */
import { useEffect, useState } from 'react'

const CONFIRM_MS = 2000

export function CopyButton({ text, label = 'Copy link' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), CONFIRM_MS)
    return () => clearTimeout(timer)
  }, [state])
  const copy = () => {
    if (!navigator.clipboard) return setState('failed')
    navigator.clipboard.writeText(text).then(() => setState('copied'), () => setState('failed'))
  }
  return (
    <button type="button" className="button button-secondary button-small" onClick={copy} aria-live="polite">
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Select and copy' : label}
    </button>
  )
}
