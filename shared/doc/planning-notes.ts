/**
 * @module planning-notes
 * Two kinds of thing a board can say about its planning content, kept apart so work in progress never raises an
 * alarm:
 * - **incomplete**: readable content that is not finished yet (a RACI activity with no Accountable yet, a role for
 *   an organisation that has not entered figures yet). Shown as a gentle hint where it is edited; nothing is left out.
 * - **unreadable**: content the readers could not use and left out of the figures (a problem from planning-doc.ts).
 *   Named by category and field, never just counted.
 */
import type { CategoryPlan, ValidationIssue } from '../domain/category-plan.ts'

/** A piece of work in progress on a card, phrased for the people editing it. */
export interface IncompleteNote {
  readonly categoryId: string
  readonly categoryName: string
  /** Where on the card (`plan.governance.<rowId>`), for tests and tools. */
  readonly path: string
  /** E.g. `RACI: 'Sign-off of specification' has no Accountable yet`. */
  readonly message: string
}

/** Work in progress on one card: RACI rows without exactly one Accountable, roles for bodies without figures. */
export function incompleteWork(plan: { readonly id: string; readonly name: string; readonly entries: readonly { readonly orgId: string }[]; readonly plan: Pick<CategoryPlan['plan'], 'governance'> }): IncompleteNote[] {
  const notes: IncompleteNote[] = []
  const withFigures = new Set(plan.entries.map((e) => e.orgId as string))
  plan.plan.governance.forEach((row, i) => {
    const path = `plan.governance.${row.id ?? i}`
    const note = (message: string) => notes.push({ categoryId: plan.id, categoryName: plan.name, path, message })
    const roles = Object.entries(row.assignments)
    const accountable = roles.filter(([, r]) => r === 'A').length
    if (accountable === 0) note(`RACI: '${row.activity}' has no Accountable yet`)
    else if (accountable > 1) note(`RACI: '${row.activity}' has ${accountable} Accountable; choose one`)
    for (const [orgId] of roles) {
      if (!withFigures.has(orgId)) note(`RACI: '${row.activity}' gives ${orgId} a role, but ${orgId} has no figures in this category yet`)
    }
  })
  return notes
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'name',
  proclassCode: 'ProClass code',
  cpvCodes: 'CPV codes',
  spendCodes: 'spend codes',
  owner: 'owner',
  status: 'status',
  supplyRisk: 'supply risk score',
  profitImpact: 'profit impact score',
  createdAt: 'creation time',
  createdBy: 'creator',
  specification: 'specification',
  'specification.currentRequirement': 'specification: what we buy today',
  'specification.need': 'specification: Need',
  'specification.want': 'specification: Want',
  'specification.outcome': 'specification: outcome',
  'specification.outputMeasures': 'specification: an output measure',
  plan: 'plan',
  'plan.objectives': 'plan: an objective',
  'plan.milestones': 'plan: a milestone',
  'plan.governance': 'plan: a RACI activity',
  'plan.savingsTarget': 'plan: savings target',
  'plan.route': 'plan: route',
  pooledSpend: 'pooled spend',
  quadrants: 'Kraljic placement',
  renewalGroups: 'renewal windows',
  opportunity: 'opportunity',
}

function fieldLabel(rest: readonly string[]): string {
  for (let n = Math.min(rest.length, 2); n > 0; n--) {
    const label = FIELD_LABELS[rest.slice(0, n).join('.')]
    if (label !== undefined) return label
  }
  return rest.join('.') || 'the card'
}

/**
 * Names an unreadable item for people: which category (by name) or organisation, and which field.
 * `names` maps category ids to names (ids are shown for cards not on the board).
 * @example describeProblem({ path: 'categories.c1.specification.need', message: 'Expected string' }, new Map([['c1', 'Fleet tyres']]))
 *   // "Fleet tyres, specification: Need (Expected string)"
 */
export function describeProblem(problem: ValidationIssue, names: ReadonlyMap<string, string>, orgName: (orgId: string) => string = (id) => id): string {
  const parts = problem.path.split('.')
  const category = (id: string | undefined) => (id === undefined ? 'a category' : (names.get(id) ?? `category ${id}`))
  let subject: string
  if (parts[0] === 'categories') subject = `${category(parts[1])}, ${fieldLabel(parts.slice(2))}`
  else if (parts[0] === 'orgs' && parts[2] === 'entries') subject = `${orgName(parts[1] ?? '')}'s figures for ${category(parts[3])}`
  else if (parts[0] === 'orgs' && parts[2] === 'contracts') subject = `${orgName(parts[1] ?? '')}'s contract ${parts[3] ?? ''}`.trim()
  else if (parts[0] === 'opportunities') subject = `opportunity card ${parts[1] ?? ''}`.trim()
  else if (parts[0] === 'planningSettings') subject = `board setting ${parts.slice(1).join('.')}`
  else if (parts[0] === 'orgTotals') subject = `${orgName(parts[1] ?? '')}'s total spend`
  else subject = problem.path
  return `${subject} (${problem.message})`
}
