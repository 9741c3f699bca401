/**
 * A chart drawn with Observable Plot, loaded on first use (dynamic import), so the board's first bundle does not
 * carry it. `build` turns the loaded module into an element; it is re-run when `build` changes (memoise it).
 */
import { useEffect, useRef, useState } from 'react'
import type * as PlotModule from '@observablehq/plot'

export type Plot = typeof PlotModule

let loading: Promise<Plot> | null = null
/** Loads Plot once for the whole page. */
export function loadPlot(): Promise<Plot> {
  loading ??= import('@observablehq/plot')
  return loading
}

export function PlotChart({ build, label, testId }: { build: (plot: Plot) => Element; label: string; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const [plot, setPlot] = useState<Plot | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let isLive = true
    loadPlot().then(
      (p) => isLive && setPlot(p),
      () => isLive && setError('The chart could not be loaded. Reload the page to try again.'),
    )
    return () => {
      isLive = false
    }
  }, [])
  useEffect(() => {
    const host = ref.current
    if (!plot || !host) return
    const element = build(plot)
    host.replaceChildren(element)
    return () => element.remove()
  }, [plot, build])
  return (
    <div className="pl-plot" role="img" aria-label={label} data-testid={testId} data-ready={plot !== null}>
      <div ref={ref} />
      {!plot && !error && <p className="pl-muted-small">Loading chart…</p>}
      {error && <p className="field-error">{error}</p>}
    </div>
  )
}
