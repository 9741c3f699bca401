/**
 * The category plan as CSV: one row per category × organisation plus a pooled row per category, RFC 4180 quoting,
 * and cells that spreadsheets cannot run as formulas (OWASP "CSV injection"). The rule, also in docs/planning-doc.md:
 * a text cell whose first character is `=`, `+`, `-`, `@`, tab or carriage return (or whose first non-space
 * character is one of `=`, `+`, `-`, `@`) is written with a leading `'`. Numeric columns (`*_pence`, `*_bps`,
 * counts, scores) hold only integers we produced, written bare, so they stay numbers; negative amounts therefore
 * appear as numbers there, while their formatted `£` text column is neutralised like any text.
 */
import { formatPence } from '../../shared/domain/money'
import type { CategoryOrgView, CategoryView, RankedOpportunity } from '../../shared/doc/planning-view'
import type { BoardPlanningReport } from './board-planning-report'
import { DERIVED_CONTRACT_NOTE, NOT_ENTERED } from '../../shared/domain/current-contract'
import { describeProfitImpact } from '../../shared/domain/kraljic'
import { CONFIDENTIAL_LABEL, confidentialMeaning, QUADRANT_LABELS, ROUTE_LABELS, STATUS_LABELS } from '../../shared/domain/labels'
import { orgShortName } from './report-labels'
import { HAND_ENTERED } from '../../shared/doc/data-spend'

/** A CSV cell: text (neutralised and quoted as needed), an integer (written bare), or empty. */
export type CsvValue = string | number | null

const FORMULA_START = /^[=+\-@\t\r]/
const FORMULA_AFTER_SPACE = /^\s+[=+\-@]/

/** Prefixes `'` to text a spreadsheet would otherwise read as a formula (see the module comment for the rule). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) || FORMULA_AFTER_SPACE.test(text) ? `'${text}` : text
}

/**
 * Encodes one cell. Text is neutralised, then quoted (RFC 4180 §2.6–2.7) when it holds a comma, quote, CR or LF,
 * doubling inner quotes. Numbers must be safe integers (pence, basis points, counts) and are written bare.
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return ''
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error(`CSV numeric cell ${String(value)} is not a safe integer`)
    return String(value)
  }
  const text = neutraliseFormula(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Joins rows into CSV text with CRLF line breaks (RFC 4180 §2.1), including after the last row. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

/** Column names, in order. `row_type` is `organisation` or `pooled`. */
export const REPORT_CSV_COLUMNS = [
  'category_id',
  'category_name',
  'proclass_code',
  'status',
  'row_type',
  'organisation_id',
  'organisation',
  'annual_spend',
  'annual_spend_pence',
  'share_bps',
  'supplier_count',
  'main_suppliers',
  'supply_risk',
  'profit_impact',
  'profit_impact_basis',
  'quadrant',
  'changes_when_pooled',
  'contracts',
  'contract_value_pence',
  'nearest_contract_end',
  'renewal_windows',
  'latest_start',
  'opportunity_rank',
  'opportunity_score',
  'estimated_saving_pence',
  'savings_target_pence',
  'route',
  'objectives',
  'milestones',
  'governance',
  'spend_source',
  'spend_period',
  'spend_transactions',
] as const

const list = (items: readonly string[]): string => items.join('; ')

function contractsText(view: CategoryView, orgs: BoardPlanningReport['orgs'], orgId?: string): { text: string; value: number | null } {
  const contracts = view.contracts.filter((c) => orgId === undefined || c.orgId === orgId)
  const text = list(
    contracts.map(
      (c) =>
        `${orgId === undefined ? `${orgShortName(orgs, c.orgId)}: ` : ''}${c.supplier || `supplier ${NOT_ENTERED}`} ${c.start ?? `start ${NOT_ENTERED}`} to ${c.end}${c.reference ? ` (${c.reference})` : ''}${c.isDerived ? ` (${DERIVED_CONTRACT_NOTE})` : ''}${c.isConfidential ? ` (${CONFIDENTIAL_LABEL}: ${confidentialMeaning(orgShortName(orgs, c.orgId))})` : ''}`,
    ),
  )
  // Contracts whose value is not entered add nothing; the text above names them.
  const total = contracts.reduce((n, c) => n + BigInt(c.value ?? 0), 0n)
  // Left empty rather than rounded if the sum ever left the safe integer range.
  return { text, value: total <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(total) : null }
}

function orgRow(report: BoardPlanningReport, view: CategoryView, o: CategoryOrgView): CsvValue[] {
  const contracts = contractsText(view, report.orgs, o.org.id)
  return [
    view.id,
    view.name,
    view.proclassCode,
    STATUS_LABELS[view.status],
    'organisation',
    o.org.id,
    o.org.name,
    formatPence(o.annualSpend.value),
    o.annualSpend.value,
    o.shareBps?.value ?? null,
    o.supplierCount,
    list(o.mainSuppliers),
    view.quadrants.supplyRisk,
    o.alone?.value.profitImpact ?? null,
    o.alone ? 'spend alone' : null,
    o.alone ? QUADRANT_LABELS[o.alone.value.quadrant] : null,
    o.alone ? (o.isChangedWhenPooled ? 'yes' : 'no') : null,
    contracts.text,
    contracts.value,
    // The organisation's current contract, as "current contract ends" shows it on the board.
    o.currentContract?.end ?? null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    // Where the figure comes from: the body's spend data (with its period and payments) or entered by hand.
    o.source === 'none' ? null : o.source,
    o.data ? o.data.periodLabel : o.source === 'hand' ? HAND_ENTERED : null,
    o.data ? o.data.transactions : null,
  ]
}

/** `data`, `hand`, `data and hand` (a mix), or empty with no figure. */
function pooledSource(view: CategoryView): string | null {
  const kinds = new Set(view.orgs.map((o) => o.source).filter((k) => k !== 'none'))
  if (kinds.size === 0) return null
  return kinds.size === 2 ? 'data and hand' : [...kinds][0] ?? null
}

function pooledRow(report: BoardPlanningReport, view: CategoryView, opportunity: RankedOpportunity | undefined): CsvValue[] {
  const contracts = contractsText(view, report.orgs)
  // The category's one placement, as on the board: profit impact from spend once any is entered, else the hand score.
  const placement = view.quadrants.placement?.value
  const profitImpact = view.quadrants.profitImpact
  const p = view.plan
  return [
    view.id,
    view.name,
    view.proclassCode,
    STATUS_LABELS[view.status],
    'pooled',
    null,
    'All organisations',
    formatPence(view.pooledSpend.value),
    view.pooledSpend.value,
    view.pooledSpend.value > 0 ? 10_000 : null,
    view.supplierCount.value,
    list(view.sharedSuppliers.map((s) => `${s.name} (shared by ${s.orgIds.map((id) => orgShortName(report.orgs, id)).join(', ')})`)),
    view.quadrants.supplyRisk,
    profitImpact?.score ?? null,
    profitImpact ? describeProfitImpact(profitImpact) : null,
    placement ? QUADRANT_LABELS[placement.quadrant] : null,
    view.quadrants.pooled ? (view.quadrants.isChangedWhenPooled ? 'yes' : 'no') : null,
    contracts.text,
    contracts.value,
    view.nearestContractEnd?.value ?? null,
    list(view.renewalGroups.map((g) => `${g.orgIds.map((id) => orgShortName(report.orgs, id)).join(' + ')} end ${g.earliestEnd.value} to ${g.latestEnd.value}`)),
    view.renewalGroups[0]?.latestStart.value ?? null,
    opportunity?.rank ?? null,
    opportunity?.score.total ?? null,
    opportunity?.estimatedSaving?.value ?? null,
    p.savingsTarget,
    p.route ? ROUTE_LABELS[p.route] : null,
    list(p.objectives),
    list(p.milestones.map((m) => `${m.title} (${m.owner || 'no owner'}, ${m.due})`)),
    list(p.governance.map((g) => `${g.activity}: ${Object.entries(g.assignments).map(([org, r]) => `${orgShortName(report.orgs, org)} ${r}`).join(', ')}`)),
    pooledSource(view),
    list([...new Set(view.orgs.flatMap((o) => (o.data ? [o.data.periodLabel] : o.source === 'hand' ? [HAND_ENTERED] : [])))]),
    view.orgs.some((o) => o.data) ? view.orgs.reduce((n, o) => n + (o.data?.transactions ?? 0), 0) : null,
  ]
}

/**
 * Renders the report as CSV (UTF-8 with a byte-order mark so spreadsheet programs read `£` correctly). Plan fields
 * (savings target, objectives, milestones, governance) are on the pooled row only, so summing a column never counts
 * a category's target twice.
 */
export function renderReportCsv(report: BoardPlanningReport): string {
  const rows: CsvValue[][] = [[...REPORT_CSV_COLUMNS]]
  for (const view of report.view.categories) {
    for (const o of view.orgs) rows.push(orgRow(report, view, o))
    rows.push(pooledRow(report, view, report.view.opportunities.find((r) => r.categoryId === view.id)))
  }
  return `\uFEFF${toCsv(rows)}`
}
