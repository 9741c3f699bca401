/**
 * The category plan as Markdown a sponsor can read: provenance, a summary (pooled spend, categories that become
 * leverage when pooled, contracts ending together, top opportunities), then each category with its figures,
 * contracts, renewal windows, opportunity, specification and plan. All user text is escaped, so a card name cannot
 * inject links, HTML or table cells.
 */
import { describeProblem } from '../../shared/doc/planning-notes'
import { DERIVED_CONTRACT_NOTE, NOT_ENTERED } from '../../shared/domain/current-contract'
import { describeProfitImpact, describeUnusedHandScore } from '../../shared/domain/kraljic'
import { formatBps, formatEstimate, formatPence } from '../../shared/domain/money'
import { describeStartBy } from '../../shared/domain/overdue'
import type { BasisPoints } from '../../shared/domain/money'
import { describeDataFigure, HAND_ENTERED } from '../../shared/doc/data-spend'
import { describeEndBasis, describeImportedSource } from '../../shared/doc/imported-contracts'
import type { CategoryOrgView, CategoryView, PlanningView } from '../../shared/doc/planning-view'
import type { BoardPlanningReport } from './board-planning-report'
import { CONFIDENTIAL_LABEL, confidentialMeaning, describeUrgency, QUADRANT_LABELS, ROUTE_LABELS, STATUS_LABELS } from '../../shared/domain/labels'
import { orgShortName } from './report-labels'

/** How many opportunities the summary lists. */
export const SUMMARY_TOP_OPPORTUNITIES = 5
/** How many data problems the report lists before summarising the rest. */
export const MAX_LISTED_PROBLEMS = 50

/**
 * Escapes user text for inline Markdown: backslash-escapes the punctuation CommonMark gives meaning to mid-line
 * (emphasis, links and images, code, HTML and entities, table pipes, strikethrough) and turns line breaks into
 * spaces, so text stays in its cell or line. Text is always placed after other text, never at a line start.
 */
export function mdText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
    .trim()
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line), '']
}

const money = (pence: number): string => formatPence(pence as Parameters<typeof formatPence>[0])
const pct = (bps: number | null | undefined): string => (bps === null || bps === undefined ? '–' : formatBps(bps as BasisPoints))
const orDash = (text: string | null | undefined): string => (text === null || text === undefined || text === '' ? '–' : text)

function summary(report: BoardPlanningReport): string[] {
  const v = report.view
  const byId = new Map(v.categories.map((c) => [c.id as string, c]))
  const name = (id: string) => mdText(byId.get(id)?.name ?? id)
  const org = (id: string) => mdText(orgShortName(report.orgs, id))
  const out = ['## Summary', '']
  out.push(`- **Total pooled spend:** ${money(v.totalPooledSpend.value)} a year across ${v.categories.length} categor${v.categories.length === 1 ? 'y' : 'ies'}.`)
  if (v.leverageWhenPooled.length === 0) {
    out.push('- **Become leverage when pooled:** none.')
  } else {
    out.push('- **Become leverage when pooled:**')
    for (const id of v.leverageWhenPooled) {
      const c = byId.get(id)
      if (!c) continue
      const alone = c.orgs.filter((o) => o.alone).map((o) => `${org(o.org.id)} ${QUADRANT_LABELS[o.alone?.value.quadrant ?? 'noncritical'].toLowerCase()}`)
      out.push(`  - ${name(id)}: ${money(c.pooledSpend.value)} pooled; alone: ${alone.join(', ')}.`)
    }
  }
  if (v.renewalWindows.length === 0) {
    out.push('- **Contracts ending together:** none found within the renewal window.')
  } else {
    out.push(`- **Contracts ending together** (within ${v.settings.renewal.windowMonths} months):`)
    for (const w of v.renewalWindows) {
      const g = w.group
      out.push(
        `  - ${mdText(w.categoryName)}: ${g.orgIds.map(org).join(', ')} end ${g.earliestEnd.value} to ${g.latestEnd.value}; start a joint procurement by **${describeStartBy(g.latestStart.value, v.today)}** (${ROUTE_LABELS[g.route]}, ${g.leadTimeMonths} months lead time; ${describeUrgency(g.urgency)}).`,
      )
    }
  }
  out.push('')
  const top = v.opportunities.slice(0, SUMMARY_TOP_OPPORTUNITIES)
  out.push('### Top opportunities', '')
  if (top.length === 0) {
    out.push('No category has two or more organisations spending or contracts ending together yet.', '')
  } else {
    out.push(
      ...table(
        ['Rank', 'Category', 'Organisations', 'Combined spend', 'Estimated saving', 'Latest start', 'Score'],
        top.map((o) => [
          String(o.rank),
          mdText(o.categoryName),
          o.orgIds.map(org).join(', '),
          money(o.combinedSpend.value),
          o.estimatedSaving ? `${formatEstimate(o.estimatedSaving.value)} (${pct(o.estimatedSaving.rateBps)})` : 'score supply risk first',
          o.latestStart ? describeStartBy(o.latestStart.value, v.today) : '–',
          `${o.score.total}/20`,
        ]),
      ),
    )
  }
  return out
}

function orgTotals(report: BoardPlanningReport): string[] {
  const rows = report.view.orgTotals.map((o) => [mdText(o.org.name), mdText(o.org.shortName), String(o.categoryIds.length), money(o.spend.value), pct(o.shareBps)])
  return ['## Spend by organisation', '', ...table(['Organisation', 'Short name', 'Categories', 'Annual spend', 'Share'], rows)]
}

/** Where a body's figure comes from, in the board's words: its spend data and period, or entered by hand. */
function figureSource(o: CategoryOrgView): string {
  if (o.data) return `spend data, ${describeDataFigure(o.data.periodLabel, o.data.transactions)}`
  return o.source === 'hand' ? HAND_ENTERED : '–'
}

/** " (2 from spend data, 1 entered by hand)", or nothing when no figure is from data. */
function figureSourcesText(c: CategoryView): string {
  const fromData = c.orgs.filter((o) => o.source === 'data').length
  if (fromData === 0) return ''
  const byHand = c.orgs.filter((o) => o.source === 'hand').length
  return ` (${fromData} from spend data${byHand > 0 ? `, ${byHand} ${HAND_ENTERED}` : ''})`
}

function category(report: BoardPlanningReport, c: CategoryView, index: number): string[] {
  const org = (id: string) => mdText(orgShortName(report.orgs, id))
  const out = [`### ${index}. ${mdText(c.name)}`, '']
  const facts = [
    `ProClass ${orDash(c.proclassCode)}`,
    `CPV ${c.cpvCodes.length === 0 ? '–' : c.cpvCodes.join(', ')}`,
    `Owner ${orDash(mdText(c.owner))}`,
    `Status ${STATUS_LABELS[c.status]}`,
    `Supply risk ${c.quadrants.supplyRisk ?? 'not scored'}`,
  ]
  out.push(facts.join(' · '), '')
  // The same placement and the same words as the card and the inspector (resolveProfitImpact, describeProfitImpact).
  const placement = c.quadrants.placement?.value
  const profitImpact = c.quadrants.profitImpact
  const unusedHand = describeUnusedHandScore(profitImpact)
  out.push(
    `Pooled spend **${money(c.pooledSpend.value)}** from ${c.orgs.filter((o) => o.hasEntry).length} organisation(s)${figureSourcesText(c)}. ` +
      `${profitImpact ? `${describeProfitImpact(profitImpact)}.` : 'Profit impact not known yet (no spend entered and no hand score).'}` +
      `${unusedHand ? ` ${unusedHand}.` : ''} ` +
      (placement
        ? `Quadrant **${QUADRANT_LABELS[placement.quadrant]}**${placement.basis === 'spend' ? ' pooled' : ''}${c.quadrants.isChangedWhenPooled ? '; pooling changes the quadrant' : ''}.`
        : c.quadrants.supplyRisk === null
          ? 'Score supply risk to place it on the Kraljic matrix.'
          : 'Enter spend or score profit impact to place it on the Kraljic matrix.'),
    '',
  )
  const pooled = placement
  if (c.orgs.length > 0) {
    const rows = c.orgs.map((o) => [
      mdText(o.org.name),
      money(o.annualSpend.value),
      pct(o.shareBps?.value),
      String(o.supplierCount),
      o.mainSuppliers.length === 0 ? '–' : o.mainSuppliers.map(mdText).join(', '),
      orDash(o.currentContract?.end),
      o.alone ? QUADRANT_LABELS[o.alone.value.quadrant] : '–',
      mdText(figureSource(o)),
    ])
    rows.push(['**Pooled**', `**${money(c.pooledSpend.value)}**`, c.pooledSpend.value > 0 ? '100%' : '–', String(c.supplierCount.value), c.sharedSuppliers.length === 0 ? '–' : `shared: ${c.sharedSuppliers.map((s) => mdText(s.name)).join(', ')}`, orDash(c.nearestContractEnd?.value), pooled ? `**${QUADRANT_LABELS[pooled.quadrant]}**` : '–', '–'])
    out.push(...table(['Organisation', 'Annual spend', 'Share', 'Suppliers', 'Main suppliers', 'Current contract ends', 'Quadrant alone', 'Figure from'], rows))
  }
  out.push('#### Contracts', '')
  if (c.contracts.length === 0) out.push('None entered.', '')
  else {
    out.push(
      ...table(
        ['Organisation', 'Supplier', 'Start', 'End', 'Extension options', 'Value', 'Route', 'Reference'],
        c.contracts.map((k) => [
          org(k.orgId),
          `${k.supplier === '' ? NOT_ENTERED : mdText(k.supplier)}${k.isDerived ? ` (${DERIVED_CONTRACT_NOTE})` : ''}${k.isConfidential ? ` (${CONFIDENTIAL_LABEL}: ${confidentialMeaning(org(k.orgId))})` : ''}`,
          k.start ?? NOT_ENTERED,
          k.end,
          k.extensionOptions.length === 0 ? '–' : k.extensionOptions.map((m) => `${m} months`).join(' + '),
          k.value === undefined ? NOT_ENTERED : money(k.value),
          k.route ? ROUTE_LABELS[k.route] : '–',
          orDash(k.reference === undefined ? undefined : mdText(k.reference)),
        ]),
      ),
    )
  }
  if (c.importedContracts.length > 0) {
    out.push('#### Imported contracts', '')
    out.push(
      ...table(
        ['Organisation', 'Contract', 'Supplier', 'Start', 'End', 'Value', 'Source', 'Linked because', 'In renewal windows'],
        c.importedContracts.map((k) => [
          org(k.orgId),
          mdText(k.title),
          k.supplier === '' ? NOT_ENTERED : mdText(k.supplier),
          k.start ?? NOT_ENTERED,
          `${k.end ?? NOT_ENTERED} (${mdText(describeEndBasis(k))})`,
          k.valuePence === null ? NOT_ENTERED : money(k.valuePence),
          mdText(describeImportedSource(k)),
          mdText(k.linkReason.text),
          k.counts ? 'yes' : `no: ${k.leftOutBecause ?? ''}`,
        ]),
      ),
    )
  }
  out.push('#### Renewal windows', '')
  if (c.renewalGroups.length === 0) out.push('No two organisations have contracts ending within the window.', '')
  else {
    for (const g of c.renewalGroups) {
      out.push(
        `- ${g.orgIds.map(org).join(', ')}: contracts end ${g.earliestEnd.value} to ${g.latestEnd.value} (${g.spanMonths} months apart), combined value ${money(g.combinedValue.value)}. Start by **${describeStartBy(g.latestStart.value, report.view.today)}** (${ROUTE_LABELS[g.route]}, ${g.leadTimeMonths} months lead time; ${describeUrgency(g.urgency)}).`,
      )
    }
    out.push('')
  }
  out.push('#### Opportunity', '')
  const o = c.opportunity
  const ranked = report.view.opportunities.find((r) => r.categoryId === c.id)
  if (!o || !ranked) out.push('Not a collaboration opportunity yet (fewer than two organisations spend and no contracts end together).', '')
  else {
    out.push(
      `- Ranked ${ranked.rank} of ${report.view.opportunities.length}, score ${o.score.total}/20 (spend ${o.score.spend}, organisations ${o.score.organisations}, urgency ${o.score.urgency}, shared suppliers ${o.score.sharedSuppliers}).`,
      `- Combined spend ${money(o.combinedSpend.value)}; estimated saving ${o.estimatedSaving ? `${formatEstimate(o.estimatedSaving.value)} a year at an assumed ${pct(o.estimatedSaving.rateBps)} (exactly ${money(o.combinedSpend.value)} × ${pct(o.estimatedSaving.rateBps)} = ${money(o.estimatedSaving.value)}, rounded down)` : 'not estimated until supply risk is scored'}.`,
    )
    if (ranked.latestStart) out.push(`- Latest start for a joint procurement: **${describeStartBy(ranked.latestStart.value, report.view.today)}**.`)
    out.push('')
  }
  if (c.opportunityCards.length > 0) {
    out.push(...c.opportunityCards.map((card) => `- Opportunity card: ${mdText(card.title)} (${card.status})${card.note ? ` — ${mdText(card.note)}` : ''}`), '')
  }
  const s = c.specification
  if (s.currentRequirement || s.need || s.want || s.outcome || s.outputMeasures.length > 0) {
    out.push('#### Specification and demand challenge', '')
    out.push(`- Current requirement: ${orDash(mdText(s.currentRequirement))}`, `- Need: ${orDash(mdText(s.need))}`, `- Want: ${orDash(mdText(s.want))}`, `- Outcome: ${orDash(mdText(s.outcome))}`)
    out.push(`- Output measures: ${s.outputMeasures.length === 0 ? '–' : s.outputMeasures.map(mdText).join('; ')}`, '')
  }
  const p = c.plan
  out.push('#### Plan', '')
  out.push(`- Savings target: **${money(p.savingsTarget)}**`, `- Route: ${p.route ? ROUTE_LABELS[p.route] : 'not chosen'}`)
  out.push(p.objectives.length === 0 ? '- Objectives: –' : '- Objectives:', ...p.objectives.map((x) => `  - ${mdText(x)}`), '')
  if (p.milestones.length > 0) out.push(...table(['Milestone', 'Owner', 'Due'], p.milestones.map((m) => [mdText(m.title), orDash(mdText(m.owner)), m.due])))
  if (p.governance.length > 0) {
    const orgIds = [...new Set(p.governance.flatMap((g) => Object.keys(g.assignments)))].sort()
    out.push('Governance (R responsible, A accountable, C consulted, I informed):', '')
    out.push(...table(['Activity', ...orgIds.map(org)], p.governance.map((g) => [mdText(g.activity), ...orgIds.map((id) => g.assignments[id as keyof typeof g.assignments] ?? '–')])))
  }
  return out
}

function assumptions(v: PlanningView): string[] {
  const t = v.settings.thresholds
  const r = v.settings.renewal
  return [
    '## Assumptions',
    '',
    `- Profit impact from annual spend: score 2 from ${money(t.score2)}, 3 from ${money(t.score3)}, 4 from ${money(t.score4)}, 5 from ${money(t.score5)}; a score of 3 or more is high.`,
    `- Contracts ending within ${r.windowMonths} months of each other can be aligned; a category without a chosen route assumes ${ROUTE_LABELS[r.route]}.`,
    `- Lead times: ${Object.entries(r.leadTimes).map(([route, m]) => `${ROUTE_LABELS[route as keyof typeof ROUTE_LABELS]} ${m} months`).join(', ')}.`,
    `- Savings assumed from collaborating, by pooled quadrant: ${Object.entries(v.settings.savingsRatesBps).map(([q, bps]) => `${QUADRANT_LABELS[q as keyof typeof QUADRANT_LABELS]} ${pct(bps)}`).join(', ')}.`,
    '',
  ]
}

/** Renders the report as Markdown. */
export function renderReportMarkdown(report: BoardPlanningReport): string {
  const v = report.view
  const contributors = v.contributingOrgIds.map((id) => mdText(orgShortName(report.orgs, id)))
  const out = [
    `# Category plan: ${mdText(report.board.title)}`,
    '',
    `_Board ${mdText(report.board.title)} (${report.board.id}) · generated ${report.generatedAt} · figures from ${contributors.length} organisations' ${v.categories.some((c) => c.orgs.some((o) => o.source === 'data')) ? 'spend data and entries' : 'entries'}${contributors.length > 0 ? ` (${contributors.join(', ')})` : ''}_`,
    '',
    ...summary(report),
    ...orgTotals(report),
    '## Categories',
    '',
  ]
  if (v.categories.length === 0) out.push('No categories on this board yet.', '')
  v.categories.forEach((c, i) => out.push(...category(report, c, i + 1)))
  out.push(...assumptions(v))
  if (report.incomplete.length > 0) {
    out.push('## Still to complete', '', 'Work in progress on the plans above (nothing is left out of the figures):', '')
    for (const n of report.incomplete) out.push(`- ${mdText(n.categoryName)}: ${mdText(n.message)}`)
    out.push('')
  }
  if (report.problems.length > 0) {
    const names = new Map(v.categories.map((c) => [c.id as string, c.name]))
    out.push('## Data problems', '', `${report.problems.length} piece(s) of content could not be used and are left out of the figures above:`, '')
    for (const p of report.problems.slice(0, MAX_LISTED_PROBLEMS)) out.push(`- ${mdText(describeProblem(p, names, (id) => orgShortName(report.orgs, id)))}`)
    if (report.problems.length > MAX_LISTED_PROBLEMS) out.push(`- … and ${report.problems.length - MAX_LISTED_PROBLEMS} more.`)
    out.push('')
  }
  return out.join('\n')
}
