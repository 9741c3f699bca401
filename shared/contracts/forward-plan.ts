/**
 * @module forward-plan
 * The forward plan across boards: every upcoming contract expiry and planned procurement of a set of bodies, by
 * body, category (CPV group) and quarter, with the latest date to start a joint procurement; its CSV export; and the
 * data for a Procurement Act 2023 pipeline notice. Pure: the clock comes in as `today`, CPV labels as a map.
 *
 * Rules (also in docs/contracts-collaboration.md):
 * - An **expiry** row per (contract, body it belongs to) whose end falls from `today` to `today + months`.
 *   `latestStart` = end − lead time: start then so a new contract is live when this one ends.
 * - A **planned** row per (planned procurement, body) whose expected tender date falls in the same span.
 *   `latestStart` = the tender date: another body must join before the tender is published (ASSUMPTION: the
 *   specification and approvals for joining are settled before then).
 * - `alignedWith`: other bodies with a contract that has not ended, shares a CPV group with the row, and ends within
 *   `windowMonths` before or after the row's date.
 * - Sorted by latest start, then body, date, title and id.
 */
import type { z } from 'zod'
import { addDays, addMonths, isValidIsoDate } from '../domain/dates.ts'
import type { IsoDate } from '../domain/dates.ts'
import { formatPence, formatPenceCompact } from '../domain/money.ts'
import type { Pence } from '../domain/money.ts'
import { DEFAULT_LEAD_TIME_MONTHS, MAX_LEAD_TIME_MONTHS } from '../domain/procurement-route.ts'
import { DEFAULT_RENEWAL_WINDOW_MONTHS } from '../domain/renewals.ts'
import { fail, ok } from '../domain/result.ts'
import type { Result } from '../domain/result.ts'
import type { ForwardPlanRowSchema, ForwardPlanSchema, PipelineEntrySchema, PipelineNoticeSchema } from '../schema/contracts-api.ts'
import type { CpvMap } from '../taxonomy/search.ts'
import { calendarQuarter, financialYearName, financialYearStartOf } from './calendar.ts'
import type { CollaborationContract, CollaborationOrg } from './collaboration.ts'
import { cpvGroupLabel, cpvGroupsOf, mainCpvGroup } from './cpv-group.ts'

export type ForwardPlan = z.infer<typeof ForwardPlanSchema>
export type ForwardPlanRow = z.infer<typeof ForwardPlanRowSchema>
export type PipelineNotice = z.infer<typeof PipelineNoticeSchema>
export type PipelineEntry = z.infer<typeof PipelineEntrySchema>

/** Default span of the forward plan. */
export const DEFAULT_FORWARD_PLAN_MONTHS = 36

/** A contract for the forward plan: the collaboration fields plus its start and how its end was found. */
export interface ForwardPlanContract extends CollaborationContract {
  readonly start: IsoDate | null
  /** How the end was found (ContractRow.endBasis); worded into the row's `basis` when given. */
  readonly endBasis?: { readonly kind: 'stated' | 'wording' | 'cpv-typical' | 'unknown'; readonly quote: string } | undefined
  /** End once every extension option is taken (ContractRow.endWithExtensions); named in `basis` when later than the end. */
  readonly endWithExtensions?: IsoDate | null | undefined
}

/** A procurement a body has announced but not yet awarded (a planning or tender notice). */
export interface PlannedProcurement {
  readonly noticeId: string
  readonly orgIds: readonly string[]
  readonly title: string
  readonly cpvCodes: readonly string[]
  /** Tender deadline, or the published date when no deadline is given. */
  readonly date: IsoDate
  readonly valuePence: number | null
  /** True when `date` is the published date standing in for an unknown tender date. */
  readonly dateIsEstimated?: boolean | undefined
}

export interface ForwardPlanInput {
  readonly orgs: readonly CollaborationOrg[]
  readonly contracts: readonly ForwardPlanContract[]
  readonly planned: readonly PlannedProcurement[]
  readonly today: IsoDate
  /** Months ahead to list (1–120). Default 36. */
  readonly months?: number
  /** Default: open procedure. */
  readonly leadTimeMonths?: number
  /** Default 18. */
  readonly windowMonths?: number
  readonly cpvLabels: CpvMap
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function endBasisWords(c: ForwardPlanContract): string {
  const quote = c.endBasis?.quote.trim() ?? ''
  if (!c.endIsEstimated) return quote === '' ? 'end date as published' : `end date as published (${quote})`
  switch (c.endBasis?.kind) {
    case 'wording': return `end estimated from the notice's wording: “${quote}”`
    case 'cpv-typical': return `end estimated from a typical term for its CPV division${quote === '' ? '' : ` (${quote})`}`
    default: return quote === '' ? 'end estimated' : `end estimated (${quote})`
  }
}

interface LiveContract {
  readonly orgIds: readonly string[]
  readonly end: IsoDate
  readonly groups: readonly string[]
}

/**
 * Builds the forward plan for `orgs` (see the module comment). Fails (`invalid-settings`, `invalid-date`) for
 * months or window outside 1–120, a lead time outside 0–`MAX_LEAD_TIME_MONTHS`, or a bad `today`.
 */
export function buildForwardPlan(input: ForwardPlanInput): Result<ForwardPlan> {
  const months = input.months ?? DEFAULT_FORWARD_PLAN_MONTHS
  const windowMonths = input.windowMonths ?? DEFAULT_RENEWAL_WINDOW_MONTHS
  const leadTimeMonths = input.leadTimeMonths ?? DEFAULT_LEAD_TIME_MONTHS['open-procedure']
  const { today } = input
  for (const [name, v] of [['forward plan span', months], ['alignment window', windowMonths]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 120) return fail('invalid-settings', `${name} is ${String(v)} months; it must be a whole number from 1 to 120`)
  }
  if (!Number.isInteger(leadTimeMonths) || leadTimeMonths < 0 || leadTimeMonths > MAX_LEAD_TIME_MONTHS) {
    return fail('invalid-settings', `lead time is ${String(leadTimeMonths)} months; it must be a whole number from 0 to ${MAX_LEAD_TIME_MONTHS}`)
  }
  if (!isValidIsoDate(today)) return fail('invalid-date', `today "${String(today)}" is not a real date written YYYY-MM-DD`)
  const to = addMonths(today, months)
  if (!to.ok) return to

  const orgById = new Map(input.orgs.map((o) => [o.id, o]))
  const contracts = [...new Map(input.contracts.map((c) => [c.id, c])).values()]
  const live: LiveContract[] = []
  for (const c of contracts) {
    if (c.end === null || c.end < today) continue
    const owners = c.orgIds.filter((id) => orgById.has(id))
    if (owners.length > 0) live.push({ orgIds: owners, end: c.end, groups: cpvGroupsOf(c.cpvCodes) })
  }

  const alignedWith = (orgId: string, date: IsoDate, groups: readonly string[]): Result<string[]> => {
    const from = addMonths(date, -windowMonths)
    const until = addMonths(date, windowMonths)
    if (!from.ok) return from
    if (!until.ok) return until
    const ids = new Set<string>()
    for (const l of live) {
      if (l.end < from.value || l.end > until.value || !l.groups.some((g) => groups.includes(g))) continue
      for (const id of l.orgIds) if (id !== orgId) ids.add(id)
    }
    return ok([...ids].map((id) => orgById.get(id)?.name ?? id).sort(compareText))
  }

  const rows: ForwardPlanRow[] = []
  for (const c of contracts) {
    if (c.end === null || c.end < today || c.end > to.value) continue
    const latestStart = addMonths(c.end, -leadTimeMonths)
    if (!latestStart.ok) return latestStart
    const groups = cpvGroupsOf(c.cpvCodes)
    const group = mainCpvGroup(c.cpvCodes)
    const owners = [...new Set(c.orgIds)].filter((id) => orgById.has(id))
    for (const orgId of owners) {
      const org = orgById.get(orgId)
      if (org === undefined) continue
      const aligned = alignedWith(orgId, c.end, groups)
      if (!aligned.ok) return aligned
      const partners = owners.filter((id) => id !== orgId).map((id) => orgById.get(id)?.name ?? id)
      rows.push({
        kind: 'expiry',
        orgId,
        orgName: org.name,
        contractId: c.id,
        noticeId: c.noticeIds[0] ?? null,
        title: c.title,
        supplier: c.supplier,
        cpvGroup: group,
        category: cpvGroupLabel(group, input.cpvLabels),
        date: c.end,
        dateIsEstimated: c.endIsEstimated,
        quarter: calendarQuarter(c.end),
        latestStart: latestStart.value,
        valuePence: c.valuePence,
        alignedWith: aligned.value,
        basis: endBasisWords(c) +
          (c.endWithExtensions !== undefined && c.endWithExtensions !== null && c.endWithExtensions > c.end ? `; with every extension taken it ends ${c.endWithExtensions}` : '') +
          (partners.length > 0 ? `; joint contract with ${partners.join(', ')}` : ''),
        cpvCodes: [...c.cpvCodes],
      })
    }
  }
  for (const p of [...new Map(input.planned.map((p) => [p.noticeId, p])).values()]) {
    if (p.date < today || p.date > to.value) continue
    const groups = cpvGroupsOf(p.cpvCodes)
    const group = mainCpvGroup(p.cpvCodes)
    for (const orgId of [...new Set(p.orgIds)].filter((id) => orgById.has(id))) {
      const org = orgById.get(orgId)
      if (org === undefined) continue
      const aligned = alignedWith(orgId, p.date, groups)
      if (!aligned.ok) return aligned
      const isEstimated = p.dateIsEstimated ?? false
      rows.push({
        kind: 'planned',
        orgId,
        orgName: org.name,
        contractId: null,
        noticeId: p.noticeId,
        title: p.title,
        supplier: '',
        cpvGroup: group,
        category: cpvGroupLabel(group, input.cpvLabels),
        date: p.date,
        dateIsEstimated: isEstimated,
        quarter: calendarQuarter(p.date),
        latestStart: p.date,
        valuePence: p.valuePence,
        alignedWith: aligned.value,
        basis: isEstimated
          ? `planned procurement; no tender date published, the notice's publication date ${p.date} stands in; join before the tender is published`
          : `planned procurement; tender date ${p.date} from the notice; join before the tender is published`,
        cpvCodes: [...p.cpvCodes],
      })
    }
  }
  rows.sort((a, b) =>
    compareText(a.latestStart, b.latestStart) ||
    compareText(a.orgName, b.orgName) ||
    compareText(a.date, b.date) ||
    compareText(a.title, b.title) ||
    compareText(a.contractId ?? a.noticeId ?? '', b.contractId ?? b.noticeId ?? ''))
  return ok({ from: today, to: to.value, leadTimeMonths, rows })
}

// --- CSV ---------------------------------------------------------------------------------------------------------

/** Column names of the forward plan CSV, in order. */
export const FORWARD_PLAN_CSV_COLUMNS = [
  'kind', 'body', 'organisation_id', 'category', 'cpv_group', 'cpv_codes', 'title', 'supplier', 'date', 'date_is_estimated',
  'quarter', 'latest_start', 'value_gbp', 'value_pence', 'aligned_with', 'contract_id', 'notice_id', 'basis',
] as const

const FORMULA_START = /^[=+\-@\t\r]/
const FORMULA_AFTER_SPACE = /^\s+[=+\-@]/

/**
 * A text cell: a leading `'` when a spreadsheet would run it as a formula (the rule of server/reports/report-csv.ts,
 * OWASP "CSV injection"), then quoted when it holds a comma, quote, CR or LF (RFC 4180 §2.6–2.7).
 */
function textCell(text: string): string {
  const safe = FORMULA_START.test(text) || FORMULA_AFTER_SPACE.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Pence as pounds with two decimals and no symbol or separators, so spreadsheets read a number: 420000012 → 4200000.12. */
export function penceToPoundsText(pence: number): string {
  const abs = Math.abs(pence)
  return `${pence < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/**
 * The forward plan as RFC 4180 CSV: a header row, CRLF after every row, text quoted when needed and kept from
 * running as a formula. Money twice: `value_gbp` (pounds, 2 decimals) and `value_pence` (integer); empty when
 * unknown. Dates ISO; `aligned_with` and `cpv_codes` joined with "; ".
 */
export function forwardPlanCsv(plan: ForwardPlan): string {
  const lines = [FORWARD_PLAN_CSV_COLUMNS.join(',')]
  for (const r of plan.rows) {
    lines.push([
      r.kind,
      textCell(r.orgName),
      textCell(r.orgId),
      textCell(r.category),
      r.cpvGroup,
      textCell((r.cpvCodes ?? []).join('; ')),
      textCell(r.title),
      textCell(r.supplier),
      r.date,
      r.dateIsEstimated ? 'true' : 'false',
      r.quarter,
      r.latestStart,
      r.valuePence === null ? '' : penceToPoundsText(r.valuePence),
      r.valuePence === null ? '' : String(r.valuePence),
      textCell(r.alignedWith.join('; ')),
      textCell(r.contractId ?? ''),
      textCell(r.noticeId ?? ''),
      textCell(r.basis),
    ].join(','))
  }
  return lines.join('\r\n') + '\r\n'
}

// --- Pipeline notice (Procurement Act 2023 s.93) -------------------------------------------------------------------

/** s.93: contracts with an estimated value of more than £2 million. */
export const PIPELINE_CONTRACT_THRESHOLD_PENCE = 200_000_000
/** s.93(1): applies to an authority that expects to pay more than £100 million under relevant contracts in the year. */
export const PIPELINE_SPEND_THRESHOLD_PENCE = 10_000_000_000
/** s.93: publish within 56 days beginning with the first day of the financial year (1 April → 26 May). */
export const PIPELINE_PUBLISH_WITHIN_DAYS = 56
/** s.93: the reporting period is 18 months from the first day of the financial year. */
export const PIPELINE_REPORTING_PERIOD_MONTHS = 18
/** Standard VAT rate (20%) as a divisor in hundredths: a value up to £2m ÷ 1.2 may be over £2m once VAT is added. */
const VAT_MULTIPLIER_PERCENT = 120

/** The financial year a pipeline notice is prepared for on `today`, and its dates. */
export interface PipelinePeriod {
  readonly financialYear: string
  readonly financialYearStart: IsoDate
  readonly publishBy: IsoDate
  readonly from: IsoDate
  readonly to: IsoDate
}

/**
 * The financial year to prepare for: the current one while its 56-day publication period is open (1 April to
 * 26 May), else the next one. Its reporting period runs 18 months from 1 April.
 * @example pipelinePeriod('2026-12-05') // 2027-28: publish by 2027-05-26, period 2027-04-01 to 2028-09-30
 */
export function pipelinePeriod(today: IsoDate): Result<PipelinePeriod> {
  if (!isValidIsoDate(today)) return fail('invalid-date', `today "${String(today)}" is not a real date written YYYY-MM-DD`)
  let start = financialYearStartOf(today)
  let publishBy = addDays(start, PIPELINE_PUBLISH_WITHIN_DAYS - 1)
  if (!publishBy.ok) return publishBy
  if (today > publishBy.value) {
    const next = addMonths(start, 12)
    if (!next.ok) return next
    start = next.value
    publishBy = addDays(start, PIPELINE_PUBLISH_WITHIN_DAYS - 1)
    if (!publishBy.ok) return publishBy
  }
  const end = addMonths(start, PIPELINE_REPORTING_PERIOD_MONTHS)
  if (!end.ok) return end
  const to = addDays(end.value, -1)
  if (!to.ok) return to
  return ok({ financialYear: financialYearName(start), financialYearStart: start, publishBy: publishBy.value, from: start, to: to.value })
}

/**
 * Data for the pipeline notice of one body, from its forward plan rows (callers pass only that body's rows, from a
 * plan reaching at least `to` of `pipelinePeriod(today)` plus the lead time). Included: rows whose expected tender
 * or transparency notice date (`latestStart`) falls in the reporting period and whose published value is more
 * than £2m. Listed to review, not included: rows in the period with no published value, or a value from £2m ÷ 1.2
 * up to £2m (over £2m once VAT is added, if the published value excludes it). The notes say what the Act requires
 * and what is assumed.
 */
export function pipelineNotice(orgName: string, rows: readonly ForwardPlanRow[], today: IsoDate): Result<PipelineNotice> {
  const period = pipelinePeriod(today)
  if (!period.ok) return period
  const { from, to } = period.value
  const contracts: PipelineEntry[] = []
  const toReview: PipelineEntry[] = []
  let before = 0
  const vatFloor = Math.ceil((PIPELINE_CONTRACT_THRESHOLD_PENCE * 100) / VAT_MULTIPLIER_PERCENT)
  for (const r of rows) {
    if (r.latestStart > to) continue
    if (r.latestStart < from) {
      before++
      continue
    }
    const start = r.kind === 'expiry' ? addDays(r.date as IsoDate, 1) : null
    if (start !== null && !start.ok) return start
    const when = r.kind === 'expiry'
      ? `current contract${r.supplier === '' ? '' : ` with ${r.supplier}`} ends ${r.date}${r.dateIsEstimated ? ' (estimated)' : ''}; a replacement needs its tender notice by ${r.latestStart} (latest start for the lead time)`
      : `planned procurement (notice ${r.noticeId ?? ''}): tender expected ${r.date}`
    const base = {
      kind: r.kind,
      contractId: r.contractId,
      noticeId: r.noticeId,
      title: r.title,
      description: r.category,
      cpvCodes: r.cpvCodes ?? (r.cpvGroup === '' ? [] : [r.cpvGroup.padEnd(8, '0')]),
      cpvGroup: r.cpvGroup,
      estimatedValuePence: r.valuePence,
      estimatedNoticeDate: r.latestStart,
      estimatedContractStart: start === null ? null : start.value,
      dateIsEstimated: r.dateIsEstimated,
      currentSupplier: r.supplier,
    }
    if (r.valuePence === null) {
      toReview.push({ ...base, valueNote: 'no value published: check whether it is over £2m including VAT', reason: when })
    } else if (r.valuePence > PIPELINE_CONTRACT_THRESHOLD_PENCE) {
      contracts.push({
        ...base,
        valueNote: `${formatPence(r.valuePence as Pence)} as published (the current contract's value stands in for the replacement's; the Act's estimate includes VAT)`,
        reason: `${when}; value over £2m`,
      })
    } else if (r.valuePence >= vatFloor) {
      toReview.push({
        ...base,
        valueNote: `${formatPence(r.valuePence as Pence)} as published: over £2m if this excludes VAT at 20%`,
        reason: when,
      })
    }
  }
  const notes = [
    `Procurement Act 2023 s.93: a contracting authority that expects to pay more than ${formatPenceCompact(PIPELINE_SPEND_THRESHOLD_PENCE as Pence)} under relevant contracts in the financial year must publish a pipeline notice within 56 days beginning with the first day of that year (by ${period.value.publishBy} for ${period.value.financialYear}).`,
    `It covers each public contract with an estimated value of more than £2m for which the authority intends to publish a tender notice or a transparency notice in the reporting period: 18 months from ${from} to ${to}. The information required is set by regulation 15 of the Procurement Regulations 2024.`,
    'Pooled does not check the £100m condition: whether the notice is required is for the body to decide.',
    'Assumed: the replacement of an expiring contract is procured again, its value is the current contract\'s published value (as published: notices rarely say whether VAT is included; the Act\'s estimated value includes VAT), its tender notice goes out at the latest start (contract end less the lead time) and it starts the day after the current contract ends.',
    'Estimated end dates (from the notice wording or a typical term) are marked; check them before publishing.',
    ...(before > 0 ? [`${before} contract${before === 1 ? '' : 's'} need${before === 1 ? 's' : ''} a tender notice before the reporting period starts (latest start before ${from}); ${before === 1 ? 'it is' : 'they are'} not in this notice.`] : []),
  ]
  const order = (a: PipelineEntry, b: PipelineEntry) =>
    compareText(a.estimatedNoticeDate, b.estimatedNoticeDate) || compareText(a.title, b.title) || compareText(a.contractId ?? a.noticeId ?? '', b.contractId ?? b.noticeId ?? '')
  return ok({
    organisation: orgName,
    financialYear: period.value.financialYear,
    financialYearStart: period.value.financialYearStart,
    publishBy: period.value.publishBy,
    period: { from, to },
    thresholdPence: PIPELINE_CONTRACT_THRESHOLD_PENCE,
    contracts: contracts.sort(order),
    toReview: toReview.sort(order),
    notes,
  })
}
