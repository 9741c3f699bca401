/**
 * Which placement each live Kraljic matrix shows on this screen: "each organisation alone" or "all pooled". It is
 * each person's own view, held in this tab only and never written to the board, so one person's toggle never flips
 * anyone else's matrix. (The shape's stored `mode` prop from older boards is not read.)
 */
import { useCallback, useSyncExternalStore } from 'react'
import type { MatrixMode } from './shape-types'

/** A tiny per-tab store of matrix modes by shape id, with subscribers (React `useSyncExternalStore`). */
export interface MatrixModeStore {
  get(shapeId: string): MatrixMode
  set(shapeId: string, mode: MatrixMode): void
  subscribe(listener: () => void): () => void
}

/** Creates an empty store; every matrix starts on "all pooled". */
export function createMatrixModeStore(): MatrixModeStore {
  const modes = new Map<string, MatrixMode>()
  const listeners = new Set<() => void>()
  return {
    get: (shapeId) => modes.get(shapeId) ?? 'pooled',
    set(shapeId, mode) {
      if ((modes.get(shapeId) ?? 'pooled') === mode) return
      modes.set(shapeId, mode)
      for (const l of [...listeners]) l()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

const tabStore = createMatrixModeStore()

/** This screen's mode for one matrix shape, and a setter that changes it here only. */
export function useMatrixMode(shapeId: string, store: MatrixModeStore = tabStore): [MatrixMode, (mode: MatrixMode) => void] {
  const mode = useSyncExternalStore(store.subscribe, () => store.get(shapeId), () => store.get(shapeId))
  const setMode = useCallback((next: MatrixMode) => store.set(shapeId, next), [shapeId, store])
  return [mode, setMode]
}
