/**
 * @module kraljic
 * Kraljic portfolio placement: supply risk and profit impact scored 1–5, the quadrant rule, profit impact derived
 * from annual spend, and the comparison of each organisation's placement alone with the pooled placement.
 */
import { z } from 'zod'
import { fail, ok } from './result.ts'
import type { Result } from './result.ts'
import type { OrgId } from './ids.ts'
import { formatPence, formatPenceCompact } from './money.ts'
import type { Pence } from './money.ts'

/** Schema for a Kraljic score: an integer 1 (low) to 5 (high). */
export const KraljicScoreSchema = z.number().int().min(1).max(5).brand<'KraljicScore'>()
/** A Kraljic dimension score, integer 1–5. */
export type KraljicScore = z.infer<typeof KraljicScoreSchema>

/** The four Kraljic quadrants. */
export const KRALJIC_QUADRANTS = ['strategic', 'leverage', 'bottleneck', 'noncritical'] as const
/** A Kraljic quadrant. */
export type KraljicQuadrant = (typeof KRALJIC_QUADRANTS)[number]

/** Both dimension scores of a category. */
export interface KraljicScores {
  readonly supplyRisk: KraljicScore
  readonly profitImpact: KraljicScore
}

/**
 * Boundary rule: a score of 3 or more is "high". The midpoint counts as high on purpose: treating a category
 * that may be strategic or a bottleneck as non-critical (too little management attention, no contingency)
 * costs far more than giving a middling category a little too much attention.
 */
export const HIGH_SCORE_FROM = 3

/** Checks a number is an integer score 1–5. */
export function parseKraljicScore(n: unknown): Result<KraljicScore> {
  const parsed = KraljicScoreSchema.safeParse(n)
  return parsed.success ? ok(parsed.data) : fail('invalid-score', `Kraljic score ${JSON.stringify(n)} must be an integer from 1 to 5`)
}

/** True when a score is on the "high" side of the matrix (≥ `HIGH_SCORE_FROM`). */
export function isHighScore(score: KraljicScore): boolean {
  return score >= HIGH_SCORE_FROM
}

/**
 * Places a category on the Kraljic matrix. High risk + high impact = strategic; low risk + high impact = leverage;
 * high risk + low impact = bottleneck; low + low = noncritical. "High" means score ≥ 3 (see `HIGH_SCORE_FROM`).
 */
export function placeOnKraljic(scores: KraljicScores): KraljicQuadrant {
  const isRiskHigh = isHighScore(scores.supplyRisk)
  const isImpactHigh = isHighScore(scores.profitImpact)
  if (isImpactHigh) return isRiskHigh ? 'strategic' : 'leverage'
  return isRiskHigh ? 'bottleneck' : 'noncritical'
}

/**
 * Turns answers to the five scoring questions (each 1–5) into a dimension score: the mean, rounded half up
 * (computed in integers: 2.5 → 3). Unanswered questions are left out; at least one answer is needed.
 */
export function scoreFromAnswers(answers: readonly number[]): Result<KraljicScore> {
  if (answers.length === 0) return fail('invalid-score', 'at least one answer is needed to score a dimension')
  for (const a of answers) {
    if (!Number.isInteger(a) || a < 1 || a > 5) return fail('invalid-score', `answer ${String(a)} must be an integer from 1 to 5`)
  }
  const sum = answers.reduce((x, y) => x + y, 0)
  const n = answers.length
  // round(sum / n) half up == floor((2·sum + n) / 2n), exact in integers.
  return ok(Math.floor((2 * sum + n) / (2 * n)) as KraljicScore)
}

/** A plain-English scoring question; answer 1 means `low`, 5 means `high`. */
export interface ScoringQuestion {
  readonly id: string
  readonly text: string
  readonly low: string
  readonly high: string
}

/** The five supply risk questions shown to users (answer each 1–5). */
export const SUPPLY_RISK_QUESTIONS: readonly ScoringQuestion[] = [
  { id: 'sr-suppliers', text: 'How few suppliers could realistically deliver this for us?', low: 'Many capable suppliers', high: 'Only one or two' },
  { id: 'sr-switching', text: 'How hard, slow or costly would it be to change supplier?', low: 'Easy: switch within weeks', high: 'Very hard: long transition, TUPE or sunk assets' },
  { id: 'sr-disruption', text: 'How likely is supply to be disrupted (capacity, workforce, raw materials, price swings)?', low: 'Stable market', high: 'Frequent shortages or failures' },
  { id: 'sr-specialism', text: 'How specialised is what we need, compared with standard products or services?', low: 'Off the shelf', high: 'Bespoke or highly regulated' },
  { id: 'sr-consequence', text: 'How badly would residents or front-line services be affected if supply failed?', low: 'Little effect', high: 'Statutory or life-safety services stop' },
] as const

/** The five profit impact questions shown to users (answer each 1–5). */
export const PROFIT_IMPACT_QUESTIONS: readonly ScoringQuestion[] = [
  { id: 'pi-spend', text: 'How large is the annual spend compared with our other categories?', low: 'Among our smallest', high: 'Among our largest' },
  { id: 'pi-outcomes', text: 'How much does this category affect the quality of services we deliver?', low: 'Hardly at all', high: 'Directly shapes service outcomes' },
  { id: 'pi-savings', text: 'How much could better buying reduce whole-life cost (price, demand, specification)?', low: 'Little scope', high: 'Large scope' },
  { id: 'pi-budget', text: 'How much pressure does this spend put on our budget or medium-term financial plan?', low: 'None', high: 'A major budget pressure' },
  { id: 'pi-priorities', text: 'How much does this category matter to our priorities (net zero, social value, local economy)?', low: 'Not at all', high: 'Central to them' },
] as const

/** Annual spend (pence) at which profit impact reaches scores 2, 3, 4 and 5; below `score2` it is 1. */
export interface ProfitImpactThresholds {
  readonly score2: Pence
  readonly score3: Pence
  readonly score4: Pence
  readonly score5: Pence
}

/**
 * Defaults for UK local government annual category spend: £25k (the usual sub-central Contracts Finder
 * publication threshold and formal-quotation trigger), £100k (typical formal-tender threshold in contract standing
 * orders), £500k (a common key-decision level) and £2m (spend that shapes a whole market locally).
 * With "high" = score ≥ 3, a category is high impact from £100k a year. Editable per board; see docs/domain.md.
 */
export const DEFAULT_PROFIT_IMPACT_THRESHOLDS: ProfitImpactThresholds = {
  score2: 2_500_000 as Pence,
  score3: 10_000_000 as Pence,
  score4: 50_000_000 as Pence,
  score5: 200_000_000 as Pence,
}

/** Checks thresholds are positive safe integers in strictly increasing order. */
export function validateProfitImpactThresholds(t: ProfitImpactThresholds): Result<ProfitImpactThresholds> {
  const values = [t.score2, t.score3, t.score4, t.score5]
  for (const v of values) {
    if (!Number.isSafeInteger(v) || v <= 0) return fail('invalid-thresholds', `profit impact threshold ${String(v)}p must be a positive integer number of pence`)
  }
  for (let i = 1; i < values.length; i++) {
    if ((values[i] ?? 0) <= (values[i - 1] ?? 0)) {
      return fail('invalid-thresholds', `profit impact thresholds must increase: score ${i + 2} (${String(values[i])}p) is not above score ${i + 1} (${String(values[i - 1])}p)`)
    }
  }
  return ok(t)
}

/** Profit impact score from annual spend: the highest score whose threshold the spend reaches (spend ≥ threshold). */
export function profitImpactFromSpend(annualSpend: Pence, thresholds: ProfitImpactThresholds = DEFAULT_PROFIT_IMPACT_THRESHOLDS): KraljicScore {
  if (annualSpend >= thresholds.score5) return 5 as KraljicScore
  if (annualSpend >= thresholds.score4) return 4 as KraljicScore
  if (annualSpend >= thresholds.score3) return 3 as KraljicScore
  if (annualSpend >= thresholds.score2) return 2 as KraljicScore
  return 1 as KraljicScore
}

/** The threshold (pence) a profit impact score starts at; null for score 1, which has none. */
export function thresholdForScore(score: KraljicScore, thresholds: ProfitImpactThresholds): Pence | null {
  switch (score) {
    case 2:
      return thresholds.score2
    case 3:
      return thresholds.score3
    case 4:
      return thresholds.score4
    case 5:
      return thresholds.score5
    default:
      return null
  }
}

/**
 * Where a category's profit impact comes from. `spend`: from the pooled annual spend against the board's thresholds
 * (`threshold` is the one reached; null for score 1, below every threshold). `hand`: the score someone picked, used
 * only while no organisation has entered any spend.
 */
export type ProfitImpactBasis =
  | { readonly kind: 'spend'; readonly annualSpend: Pence; readonly threshold: Pence | null; readonly score2Threshold: Pence }
  | { readonly kind: 'hand' }

/** The profit impact that applies to a category, why, and any hand score that is kept but not used. */
export interface ProfitImpact {
  readonly score: KraljicScore
  readonly basis: ProfitImpactBasis
  /** The hand-entered score when spend overrides it (shown as "not used"); null otherwise. */
  readonly unusedHandScore: KraljicScore | null
}

/**
 * The one profit impact rule. Once any spend is entered (pooled annual spend above £0), profit impact comes from that
 * spend and the board's thresholds, and a hand-entered score is kept but not used (spend is evidence; a hand score is
 * an estimate for when there is none). While no spend is entered, the hand score applies. With neither, there is no
 * profit impact and the category cannot be placed. Every view (matrix, card, inspector, reports) uses this result.
 * @example resolveProfitImpact({ pooledSpend: 240_000_000 as Pence, handScore: 2 as KraljicScore }) // score 5 from spend, unusedHandScore 2
 */
export function resolveProfitImpact(
  input: { readonly pooledSpend: Pence; readonly handScore: KraljicScore | undefined },
  thresholds: ProfitImpactThresholds = DEFAULT_PROFIT_IMPACT_THRESHOLDS,
): ProfitImpact | null {
  if (input.pooledSpend > 0) {
    const score = profitImpactFromSpend(input.pooledSpend, thresholds)
    return {
      score,
      basis: { kind: 'spend', annualSpend: input.pooledSpend, threshold: thresholdForScore(score, thresholds), score2Threshold: thresholds.score2 },
      unusedHandScore: input.handScore ?? null,
    }
  }
  if (input.handScore !== undefined) return { score: input.handScore, basis: { kind: 'hand' }, unusedHandScore: null }
  return null
}

/**
 * Says in plain words which profit impact applies and why, the same sentence on the card, the inspector and the
 * reports: "Profit impact 5 — from pooled spend £2.4m ≥ £2m threshold" or "Profit impact 2 — scored by hand, no
 * spend entered yet". Below the lowest threshold the exact amounts are shown, so rounding never contradicts the rule.
 */
export function describeProfitImpact(p: ProfitImpact): string {
  const b = p.basis
  if (b.kind === 'hand') return `Profit impact ${p.score} — scored by hand, no spend entered yet`
  if (b.threshold === null) return `Profit impact ${p.score} — from pooled spend ${formatPence(b.annualSpend)}, below the ${formatPence(b.score2Threshold)} threshold for 2`
  return `Profit impact ${p.score} — from pooled spend ${formatPenceCompact(b.annualSpend)} ≥ ${formatPenceCompact(b.threshold)} threshold`
}

/**
 * The same as `describeProfitImpact`, short enough for a category card: "Impact 5: pooled spend £2.4m ≥ £2m" or
 * "Impact 2: scored by hand, no spend yet". The card shows the full sentence on hover.
 */
export function describeProfitImpactShort(p: ProfitImpact): string {
  const b = p.basis
  if (b.kind === 'hand') return `Impact ${p.score}: scored by hand, no spend yet`
  if (b.threshold === null) return `Impact ${p.score}: pooled spend ${formatPence(b.annualSpend)} < ${formatPence(b.score2Threshold)}`
  return `Impact ${p.score}: pooled spend ${formatPenceCompact(b.annualSpend)} ≥ ${formatPenceCompact(b.threshold)}`
}

/** The note shown beside a hand score that spend overrides; null when the hand score applies or there is none. */
export function describeUnusedHandScore(p: ProfitImpact | null): string | null {
  if (p === null || p.unusedHandScore === null) return null
  return `Hand score ${p.unusedHandScore} is kept but not used: profit impact comes from spend once any is entered`
}

/** The inputs to compare placement alone vs pooled: category supply risk and each organisation's annual spend. */
export interface PoolingInput {
  readonly supplyRisk: KraljicScore | undefined
  readonly entries: readonly { readonly orgId: OrgId; readonly annualSpend: Pence }[]
}

/** One placement: the spend it was based on, the derived profit impact and the quadrant. */
export interface Placement {
  readonly annualSpend: Pence
  readonly profitImpact: KraljicScore
  readonly quadrant: KraljicQuadrant
}

/** One organisation's placement on its own, and whether pooling moves it. */
export interface AlonePlacement extends Placement {
  readonly orgId: OrgId
  readonly isChangedWhenPooled: boolean
}

/** Placement of each organisation alone and of the pooled category. */
export interface AloneVsPooled {
  readonly supplyRisk: KraljicScore
  readonly pooled: Placement & { readonly orgIds: readonly OrgId[] }
  /** Sorted by organisation id. */
  readonly alone: readonly AlonePlacement[]
  /** True when any organisation's quadrant alone differs from the pooled quadrant. */
  readonly isChangedWhenPooled: boolean
}

/**
 * Compares each organisation's Kraljic quadrant alone (profit impact from its own spend) with the pooled quadrant
 * (from combined spend). Supply risk is the category's, the same for all: pooling changes buying power, not the market.
 * Fails if supply risk has not been scored, thresholds are invalid, or the combined spend is not a safe integer.
 */
export function compareAloneVsPooled(
  category: PoolingInput,
  thresholds: ProfitImpactThresholds = DEFAULT_PROFIT_IMPACT_THRESHOLDS,
): Result<AloneVsPooled> {
  const supplyRisk = category.supplyRisk
  if (supplyRisk === undefined) return fail('missing-supply-risk', 'supply risk must be scored before comparing alone vs pooled')
  const checked = validateProfitImpactThresholds(thresholds)
  if (!checked.ok) return checked
  let total = 0n
  for (const e of category.entries) total += BigInt(e.annualSpend)
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < -BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail('unsafe-integer', `combined spend ${total.toString()}p is beyond the safe integer range`)
  }
  const pooledSpend = Number(total) as Pence
  const pooledImpact = profitImpactFromSpend(pooledSpend, thresholds)
  const pooledQuadrant = placeOnKraljic({ supplyRisk, profitImpact: pooledImpact })
  const alone = [...category.entries]
    .sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : 0))
    .map((e): AlonePlacement => {
      const profitImpact = profitImpactFromSpend(e.annualSpend, thresholds)
      const quadrant = placeOnKraljic({ supplyRisk, profitImpact })
      return { orgId: e.orgId, annualSpend: e.annualSpend, profitImpact, quadrant, isChangedWhenPooled: quadrant !== pooledQuadrant }
    })
  return ok({
    supplyRisk,
    pooled: { annualSpend: pooledSpend, profitImpact: pooledImpact, quadrant: pooledQuadrant, orgIds: alone.map((a) => a.orgId) },
    alone,
    isChangedWhenPooled: alone.some((a) => a.isChangedWhenPooled),
  })
}
