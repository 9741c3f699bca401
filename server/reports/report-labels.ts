/** Plain-English labels for the values reports print (quadrants, routes, urgency, statuses), shared by Markdown and CSV. */
import type { CategoryStatus } from '../../shared/domain/category-plan'
import type { KraljicQuadrant } from '../../shared/domain/kraljic'
import type { ProcurementRoute } from '../../shared/domain/procurement-route'
import type { Urgency } from '../../shared/domain/renewals'
import type { OrgInfo } from '../../shared/doc/planning-view'

/** Kraljic quadrant names as sponsors read them. */
export const QUADRANT_LABELS: Readonly<Record<KraljicQuadrant, string>> = {
  strategic: 'Strategic',
  leverage: 'Leverage',
  bottleneck: 'Bottleneck',
  noncritical: 'Non-critical',
}

/** Procurement route names (Procurement Act 2023 terms). */
export const ROUTE_LABELS: Readonly<Record<ProcurementRoute, string>> = {
  'framework-direct-award': 'Framework direct award',
  'framework-further-competition': 'Framework further competition',
  'dynamic-market': 'Dynamic market',
  'open-procedure': 'Open procedure',
  'competitive-flexible-procedure': 'Competitive flexible procedure',
}

/** How pressing a latest start date is. */
export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = {
  overdue: 'overdue',
  urgent: 'urgent (within 6 months)',
  soon: 'soon (within 12 months)',
  later: 'later',
}

/** Category life-cycle statuses. */
export const STATUS_LABELS: Readonly<Record<CategoryStatus, string>> = {
  idea: 'Idea',
  analysing: 'Analysing',
  'strategy-agreed': 'Strategy agreed',
  sourcing: 'Sourcing',
  implemented: 'Implemented',
}

/** An organisation's short name, or its id when unknown. */
export function orgShortName(orgs: readonly OrgInfo[], orgId: string): string {
  return orgs.find((o) => o.id === orgId)?.shortName ?? orgId
}
