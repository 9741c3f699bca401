/**
 * What the planning shapes read from the open board: the live planning view and a way to open the side panel.
 * The planning feature provides it (`PlanningProvider`), so shapes never import the feature that hosts them.
 */
import { createContext, useContext } from 'react'
import type { PlanningView } from '../../../shared/doc/planning-view'
import type { BoardSpend } from '../../../shared/schema/board-spend-api'

/** The side-panel tabs a shape can open. */
export type ShapePanelTab = 'category' | 'pooled' | 'settings'

/** The part of the planning session that shapes use. */
export interface ShapePlanning {
  /** Null until the board's planning documents have been read. */
  readonly view: PlanningView | null
  /** The bodies' imported spend for linked categories, or null (none linked, or not loaded yet). */
  readonly boardSpend?: BoardSpend | null
  /** `traceOrgId`: on the pooled spend tab, show the lines behind that body's figure (or why not). */
  openPanel(tab: ShapePanelTab, categoryId?: string | null, traceOrgId?: string | null): void
}

/** Provided by the planning feature around the canvas. */
export const ShapePlanningContext = createContext<ShapePlanning | null>(null)

/** The planning session, or null outside a board (shapes rendered in exports or previews). */
export function useShapePlanning(): ShapePlanning | null {
  return useContext(ShapePlanningContext)
}
