/** Small pure helpers for the knowledge-base screens: slugs from titles, tag lists, stage labels, dates. */
import { CATEGORY_STAGES, CATEGORY_STAGE_LABELS, METHODOLOGY_SLUG_MAX_CHARS, type CategoryStage } from '../../../shared/knowledge/methodology'

/** A kebab-case slug from a title: "Kraljic (2×2) matrix!" → "kraljic-2-2-matrix". */
export function slugFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, METHODOLOGY_SLUG_MAX_CHARS)
    .replace(/-+$/g, '')
}

/** Tags typed as "supply risk, Portfolio,  cpv" → ["supply risk", "portfolio", "cpv"] (lower-case, de-duplicated). */
export function parseTags(input: string): string[] {
  const tags = input
    .split(',')
    .map((t) => t.trim().toLowerCase().replace(/\s+/g, ' '))
    .filter((t) => t !== '')
  return [...new Set(tags)]
}

/** The stage's label, or the raw value for a stage this build does not know. */
export function stageLabel(stage: string): string {
  return (CATEGORY_STAGES as readonly string[]).includes(stage) ? CATEGORY_STAGE_LABELS[stage as CategoryStage] : stage
}

/** Stages with labels, in cycle order, for pickers. */
export const STAGE_OPTIONS: readonly { value: CategoryStage; label: string }[] = CATEGORY_STAGES.map((value) => ({ value, label: CATEGORY_STAGE_LABELS[value] }))

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })

/** "3 Mar 2026", or '' for an unreadable date. */
export function formatDay(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date)
}

/** "Used on 1 board" / "Used on 12 boards" / "Not used yet". */
export function usageLabel(count: number): string {
  if (count === 0) return 'Not used yet'
  return `Used on ${count} board${count === 1 ? '' : 's'}`
}

