/**
 * The tldraw store of a board: tldraw's default shapes and bindings plus the custom planning shapes. Its schema is
 * what the board's records are written in; the server validates writes against the same definitions
 * (server/sync/record-validation.ts, from shared/canvas/shapes.ts).
 */
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type Signal, type TLStore } from '@tldraw/tldraw'
import { PLANNING_SHAPE_UTILS } from '../canvas/planning/planning-shape-utils'

export const BOARD_SHAPE_UTILS = [...defaultShapeUtils, ...PLANNING_SHAPE_UTILS]

/** A fresh store for one board session; `status` drives tldraw's collaboration UI (online/offline). */
export function createBoardStore(status?: Signal<'online' | 'offline'>): TLStore {
  return createTLStore({
    shapeUtils: BOARD_SHAPE_UTILS,
    bindingUtils: defaultBindingUtils,
    ...(status ? { collaboration: { status } } : {}),
  })
}
