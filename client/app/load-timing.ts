/**
 * Named `performance.mark`s along the path from navigation to a usable board (`pooled:<step>`). They cost next to
 * nothing, show up in the DevTools performance panel's Timings track, and let tests and the benchmark say where the
 * time goes (`performance.getEntriesByType('mark')`).
 */

/** The steps of opening a board, in the order they normally happen. */
export type LoadStep =
  | 'app-start'
  | 'session'
  | 'board-meta'
  | 'sync-connect'
  | 'synced'
  | 'store-loaded'
  | 'editor-mounted'
  | 'editor-painted'

export const LOAD_MARK_PREFIX = 'pooled:'

/** Record that a step was reached now. Safe where the Performance API is missing (node tests). */
export function markLoad(step: LoadStep): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return
  performance.mark(`${LOAD_MARK_PREFIX}${step}`)
}
