/**
 * @module labels
 * The words people read for the values the planning rules use: Kraljic quadrants, procurement routes, category
 * statuses and renewal urgency. Defined once, so the board, its panels and the Markdown/CSV report say the same.
 */
import type { CategoryStatus } from './category-plan.ts'
import type { KraljicQuadrant } from './kraljic.ts'
import type { ProcurementRoute } from './procurement-route.ts'
import { SOON_WITHIN_MONTHS, URGENT_WITHIN_MONTHS } from './renewals.ts'
import type { Urgency } from './renewals.ts'

/** Kraljic quadrant names as sponsors read them. */
export const QUADRANT_LABELS: Readonly<Record<KraljicQuadrant, string>> = {
  strategic: 'Strategic',
  leverage: 'Leverage',
  bottleneck: 'Bottleneck',
  noncritical: 'Non-critical',
}

/**
 * Procurement route names in Procurement Act 2023 terms. The two framework routes read "Framework: …" so that
 * they sort together in lists and read as one kind of route with two ways of awarding.
 */
export const ROUTE_LABELS: Readonly<Record<ProcurementRoute, string>> = {
  'framework-direct-award': 'Framework: direct award',
  'framework-further-competition': 'Framework: further competition',
  'dynamic-market': 'Dynamic market',
  'open-procedure': 'Open procedure',
  'competitive-flexible-procedure': 'Competitive flexible procedure',
}

/** Category life-cycle statuses. */
export const STATUS_LABELS: Readonly<Record<CategoryStatus, string>> = {
  idea: 'Idea',
  analysing: 'Analysing',
  'strategy-agreed': 'Strategy agreed',
  sourcing: 'Sourcing',
  implemented: 'Implemented',
}

/** How pressing the latest start date of a joint procurement is, as a one-word flag. */
export const URGENCY_LABELS: Readonly<Record<Urgency, string>> = {
  overdue: 'Overdue',
  urgent: 'Urgent',
  soon: 'Soon',
  later: 'Later',
}

/** What each urgency means, in the words of the rule in `urgencyOf`. */
export const URGENCY_MEANINGS: Readonly<Record<Urgency, string>> = {
  overdue: 'the latest start date has passed',
  urgent: `start within ${URGENT_WITHIN_MONTHS} months`,
  soon: `start within ${SOON_WITHIN_MONTHS} months`,
  later: `start in ${SOON_WITHIN_MONTHS} months or more`,
}

/** An urgency with what it means, e.g. "Urgent: start within 6 months". */
export function describeUrgency(urgency: Urgency): string {
  return `${URGENCY_LABELS[urgency]}: ${URGENCY_MEANINGS[urgency]}`
}

/** The mark on a contract only its organisation's members see (hand-entered, in its confidential document). */
export const CONFIDENTIAL_LABEL = 'Confidential'

/**
 * What marking a contract confidential means, for the organisation's own people.
 * @example confidentialMeaning('Chorley') // 'only Chorley members see this contract'
 */
export function confidentialMeaning(orgName: string): string {
  return `only ${orgName} members see this contract`
}

/** What marking a contract confidential cannot undo. */
export const CONFIDENTIAL_CAVEAT =
  'People outside your organisation who already had this board open may have seen the contract before it was marked confidential.'
